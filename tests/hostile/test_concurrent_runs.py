"""One run at a time per output folder (issue 20, item 2): a second `generate` or `check` waits
for the first, saying so, or stops at once with `--no-wait`; concurrent runs never lose files;
`check` never touches the stage of a run that is still writing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.hostile.project import assert_user_error, make, run, snapshot

TARGETS = '["jsonschema", "python"]'
REPO = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from generator.config import load_config
    from generator.output import locked
    with locked(load_config(Path(sys.argv[1]))):
        print("held", flush=True)
        sys.stdin.read()
    """)


def shapegen(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "--project", str(root), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def holder(tmp_path):
    """Another process holding the project's output lock until the test lets it go."""
    root = make(tmp_path / "project", targets=TARGETS)
    assert run(root, "generate").code == 0
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield root, process
    if process.poll() is None:
        process.communicate("", timeout=30)


@pytest.mark.parametrize("command", ["generate", "check"])
def test_with_no_wait_a_second_run_stops_at_once_and_says_why(holder, command):
    root, _ = holder
    before = snapshot(root / "generated")
    result = run(root, command, "--no-wait")
    assert_user_error(result, "another shapegen run is writing generated", "without --no-wait")
    assert snapshot(root / "generated") == before


@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_second_run_waits_for_the_first_and_says_so(holder, command):
    root, process = holder
    waiting = shapegen(root, command)
    assert waiting.stderr is not None
    assert "waiting for another run on generated to finish" in waiting.stderr.readline()
    assert waiting.poll() is None
    process.communicate("", timeout=30)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert not (root / ".generated.shapegen-lock").exists()


def test_check_never_touches_the_stage_of_a_run_still_writing(holder):
    root, process = holder
    stage = root / ".generated.shapegen-stage"
    (stage / "new" / "jsonschema").mkdir(parents=True)
    (stage / "new" / "jsonschema" / "shop.schema.json").write_text("{}\n")
    checking = shapegen(root, "check")
    assert checking.stderr is not None and "waiting" in checking.stderr.readline()
    assert (stage / "new" / "jsonschema" / "shop.schema.json").read_text() == "{}\n"
    process.communicate("", timeout=30)  # the writer ends without cleaning up: now it is a leftover
    out, err = checking.communicate(timeout=120)
    assert checking.returncode == 0, err
    assert "leftovers of an interrupted run" in err and not stage.exists()


def test_concurrent_generate_runs_never_lose_files(tmp_path):
    root = make(tmp_path / "project", targets=TARGETS)
    api = root / "schema" / "api.yaml"
    for trial, length in enumerate((41, 42, 43, 44)):
        api.write_text(api.read_text().replace(f"maxLength: {length - 1}", f"maxLength: {length}"))
        if trial % 2:
            subprocess.run(["rm", "-rf", str(root / "generated")], check=True)
        runs = [shapegen(root, "generate") for _ in range(2)]
        for process in runs:
            out, err = process.communicate(timeout=300)
            assert process.returncode == 0, err
        assert run(root, "check").code == 0, f"trial {trial}: the tree is not the fresh one"
        bundle = (root / "generated" / "jsonschema" / "shop.schema.json").read_text()
        assert f'"maxLength": {length}' in bundle
    reference = make(tmp_path / "reference", api=api.read_text(), targets=TARGETS)
    assert run(reference, "generate").code == 0
    assert snapshot(root / "generated") == snapshot(reference / "generated")


def test_a_lock_file_that_is_a_link_is_refused(tmp_path):
    root = make(tmp_path / "project", targets=TARGETS)
    target = tmp_path / "elsewhere"
    target.write_text("keep\n")
    (root / ".generated.shapegen-lock").symlink_to(target)
    assert_user_error(run(root, "generate"), "symbolic link")
    assert target.read_text() == "keep\n"
