"""The TypeScript consumer (tests/consumers/typescript): the package is packed with `npm pack`
(its `prepare` script builds dist/), the tarball installed into the consumer with `npm install`,
and the consumer compiled with the pinned tsc under `strict` and the other defaults, then run. Its
narrowing by tag (src/sessions.ts) is compiled under exactOptionalPropertyTypes too."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.drivers.typescript import TOOLCHAIN, ensure_toolchain, node, tsc
from tests.conftest import GENERATED

CONSUMER = Path(__file__).resolve().parent / "typescript"


def npm(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    npm_path = shutil.which("npm")
    if npm_path is None:
        pytest.skip("npm is not installed")
    env = dict(os.environ, npm_config_audit="false", npm_config_fund="false", npm_config_update_notifier="false")
    return subprocess.run([npm_path, *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_the_packed_package_installs_and_serves_a_strict_consumer(tmp_path):
    ensure_toolchain()
    package = tmp_path / "package"
    shutil.copytree(GENERATED / "typescript", package, ignore=shutil.ignore_patterns("dist", "node_modules", "*.tgz"))
    # the pinned compiler stands in for `npm install` of the package's devDependencies, so that
    # `prepare` (npx typescript@<pinned>) finds it locally instead of fetching it
    (package / "node_modules").symlink_to(TOOLCHAIN / "node_modules", target_is_directory=True)

    packed = npm(["pack", "--json", "--pack-destination", str(tmp_path)], package)
    assert packed.returncode == 0, packed.stderr[-3000:]
    listing = json.loads(packed.stdout)[0]
    files = {f["path"] for f in listing["files"]}
    manifest = json.loads((package / "package.json").read_text())
    for entry in manifest["exports"].values():
        targets = [entry] if isinstance(entry, str) else list(entry.values())
        assert all(t.removeprefix("./") in files for t in targets), f"{entry} is not in the tarball"
    assert {"dist/index.js", "dist/index.d.ts"} <= files

    consumer = tmp_path / "consumer"
    shutil.copytree(CONSUMER, consumer, ignore=shutil.ignore_patterns("dist", "node_modules", "package-lock.json"))
    installed = npm(["install", "--offline", str(tmp_path / listing["filename"])], consumer)
    assert installed.returncode == 0, installed.stderr[-3000:]

    built = tsc(["-p", str(consumer)])
    assert built.returncode == 0, built.stdout[-5000:]
    # narrowing by tag does not depend on the optional-property setting
    exact = tsc(["-p", str(consumer / "tsconfig.exact.json")])
    assert exact.returncode == 0, exact.stdout[-5000:]
    ran = subprocess.run([node(), str(consumer / "dist" / "main.js")], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.splitlines()[-1] == "typescript consumer: ok"
    assert "ek_consumer_secret" not in ran.stdout
