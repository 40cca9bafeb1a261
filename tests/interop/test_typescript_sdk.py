"""generated/typescript beside npm `openai` (pinned in tests/interop/typescript/package-lock.json), under
`tsc --strict`: every request type of ours is assignable to the SDK's create params (a request built
with our types can be passed to `client.realtime.clientSecrets.create`), and every response type of
the SDK to ours (what the SDK hands back can be used where our types are expected), except where the
known-differences table in tests/interop/README.md says why not."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import IN_CI, REPO
from tests.interop.test_python_sdks import known

pytestmark = pytest.mark.interop

PINNED = Path(__file__).resolve().parent / "typescript"
WORK = REPO / ".cache" / "interop" / "typescript"
TSC = REPO / ".cache" / "toolchains" / "typescript" / "node_modules" / "typescript" / "bin" / "tsc"

# check id -> (from type, to type): `from` must be assignable to `to`. `ours.` names generated/typescript's
# openai namespace; the rest are the SDK's modules, imported below.
REQUESTS = {
    "ClientSecretCreateRequest": ("ours.RealtimeClientSecretCreateRequest", "CS.ClientSecretCreateParams"),
    "SessionCreateRequest": ("ours.RealtimeSessionCreateRequest", "R.RealtimeSessionCreateRequest"),
    "TranscriptionSessionCreateRequest": (
        "ours.RealtimeTranscriptionSessionCreateRequest",
        "R.RealtimeTranscriptionSessionCreateRequest",
    ),
    "TranslationClientSecretCreateRequest": (
        "ours.RealtimeTranslationClientSecretCreateRequest",
        "TR.ClientSecretCreateParams",
    ),
    "BetaSessionCreateRequest": ("ours.RealtimeBetaSessionCreateRequest", "B.SessionCreateParams"),
    "AudioFormat": ("ours.AudioFormat", "R.RealtimeAudioFormats"),
    "Tool": ("ours.Tool", "R.RealtimeToolsConfigUnion"),
    "FunctionTool": ("ours.FunctionTool", "R.RealtimeFunctionTool"),
    "TurnDetection": ("ours.TurnDetection", "R.RealtimeAudioInputTurnDetection"),
    "AudioTranscription": ("ours.AudioTranscription", "R.AudioTranscription"),
    "NoiseReductionType": ("ours.NoiseReductionType", "R.NoiseReductionType"),
    "Tracing": ("ours.Tracing", "R.RealtimeTracingConfig"),
    "Truncation": ("ours.Truncation", "R.RealtimeTruncation"),
    "ToolChoice": ("ours.ToolChoice", "R.RealtimeToolChoiceConfig"),
}
RESPONSES = {
    "ClientSecretCreateResponse": ("CS.ClientSecretCreateResponse", "ours.RealtimeClientSecretCreateResponse"),
    "SessionCreateResponse": ("CS.RealtimeSessionCreateResponse", "ours.RealtimeSessionCreateResponse"),
    "TranscriptionSessionCreateResponse": (
        "CS.RealtimeTranscriptionSessionCreateResponse",
        "ours.RealtimeTranscriptionSessionCreateResponse",
    ),
    "TranslationClientSecretCreateResponse": (
        "R.RealtimeTranslationClientSecretCreateResponse",
        "ours.RealtimeTranslationClientSecretCreateResponse",
    ),
    "BetaSessionCreateResponse": ("B.SessionCreateResponse", "ours.RealtimeBetaSessionCreateResponse"),
    "AudioFormatResponse": ("R.RealtimeAudioFormats", "ours.AudioFormatResponse"),
    "ToolResponse": ("R.RealtimeToolsConfigUnion", "ours.ToolResponse"),
    "TurnDetectionResponse": ("R.RealtimeAudioInputTurnDetection", "ours.TurnDetectionResponse"),
    "AudioTranscriptionResponse": ("R.AudioTranscription", "ours.AudioTranscriptionResponse"),
    "NoiseReductionTypeResponse": ("R.NoiseReductionType", "ours.NoiseReductionTypeResponse"),
    "TracingResponse": ("R.RealtimeTracingConfig", "ours.TracingResponse"),
    "TruncationResponse": ("R.RealtimeTruncation", "ours.TruncationResponse"),
}

HEADER = """\
import type * as ours from '{ours}';
import type * as CS from 'openai/resources/realtime/client-secrets';
import type * as R from 'openai/resources/realtime/realtime';
import type * as TR from 'openai/resources/realtime/translations/client-secrets';
import type * as B from 'openai/resources/beta/realtime/sessions';
"""


def _install() -> None:
    """`npm ci` of the pinned lock file into .cache/interop/typescript, once per lock file."""
    lock = (PINNED / "package-lock.json").read_text(encoding="utf-8")
    if (WORK / "package-lock.json").is_file() and (WORK / "package-lock.json").read_text(encoding="utf-8") == lock:
        if (WORK / "node_modules" / "openai" / "package.json").is_file():
            return
    if shutil.which("npm") is None or not TSC.is_file():
        message = "npm or the pinned TypeScript compiler is missing: run `make toolchain-typescript`"
        pytest.fail(message, pytrace=False) if IN_CI else pytest.skip(message)
    WORK.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(PINNED / name, WORK / name)
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=WORK, check=True)


@pytest.fixture(scope="module")
def failing() -> dict[str, str]:
    """check id -> the first tsc error of that check, for the checks that do not compile."""
    _install()
    ours = Path("..") / ".." / ".." / "generated" / "typescript" / "src" / "openai" / "index.js"
    lines = [HEADER.format(ours=ours.as_posix())]
    where: dict[int, str] = {}
    for kind, checks in (("request", REQUESTS), ("response", RESPONSES)):
        for check, (source, target) in checks.items():
            where[len("".join(lines).splitlines()) + 1] = f"{kind}:{check}"
            lines.append(f"export function {kind}_{check}(x: {source}): {target} {{ return x; }}\n")
    (WORK / "checks.ts").write_text("".join(lines), encoding="utf-8")
    done = subprocess.run(
        ["node", str(TSC), "--strict", "--noEmit", "--skipLibCheck", "--target", "ES2022", "--module", "NodeNext"]
        + ["--moduleResolution", "NodeNext", "checks.ts"],
        cwd=WORK,
        capture_output=True,
        text=True,
    )
    out: dict[str, str] = {}
    for m in re.finditer(r"^checks\.ts\((\d+),\d+\): error (TS\d+: .*)$", done.stdout, re.M):
        line = int(m.group(1))
        assert line in where, f"tsc failed outside the checks: {m.group(0)}"
        out.setdefault(where[line], m.group(2))
    assert done.returncode == 0 or out, done.stdout[-4000:] + done.stderr[-4000:]
    return out


def test_the_sdk_is_the_pinned_one():
    installed = (WORK / "node_modules" / "openai" / "package.json").read_text(encoding="utf-8")
    assert '"version": "7.60.0"' in installed


def test_assignability_fails_only_where_the_table_says(failing):
    listed = known("typescript", "assignability")
    assert set(failing) == set(listed), {k: failing.get(k, "compiles") for k in set(failing) ^ set(listed)}
