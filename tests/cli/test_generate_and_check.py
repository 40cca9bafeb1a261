"""generate writes and summarises; check finds drift without writing; output is deterministic."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.cli.project import make_project
from tests.cli.test_errors import shapegen, shapegen_process, snapshot
from tests.conftest import REPO


def test_generate_prints_one_summary_line(tmp_path):
    project = make_project(tmp_path)
    result = shapegen_process(project, "generate")  # end to end: a process of its own, as a user runs it
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "written" in lines[0] and "unchanged" in lines[0] and "removed" in lines[0] and " s" in lines[0]


def test_second_generate_writes_nothing(tmp_path):
    project = make_project(tmp_path)
    shapegen(project, "generate")
    assert " 0 written" in shapegen(project, "generate").stdout


def test_check_passes_on_fresh_output(tmp_path):
    project = make_project(tmp_path)
    shapegen(project, "generate")
    assert shapegen(project, "check").returncode == 0


def test_check_exits_1_with_a_diff_and_writes_nothing_when_stale(tmp_path):
    project = make_project(tmp_path)
    shapegen(project, "generate")
    money = project / "schema" / "common" / "money.yaml"
    money.write_text(money.read_text().replace("amount: {type: integer}", "amount: {type: integer, minimum: 0}"))
    before = snapshot(project / "generated")
    result = shapegen(project, "check")
    assert result.returncode == 1
    assert "+++ b/jsonschema/shop.schema.json" in result.stdout and '"minimum": 0' in result.stdout
    assert snapshot(project / "generated") == before


def test_generate_removes_files_no_longer_produced(tmp_path):
    project = make_project(tmp_path)
    shapegen(project, "generate")
    stale = project / "generated" / "python" / "realtime_shapes" / "old" / "models.py"
    stale.parent.mkdir(parents=True)
    stale.write_text("# stale\n")
    assert " 1 removed" in shapegen(project, "generate").stdout
    assert not stale.exists()


def test_output_is_byte_identical_across_hash_seeds(tmp_path):
    outputs = []
    for seed in ("0", "12345"):
        project = make_project(tmp_path / seed)
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run(
            [sys.executable, "-m", "generator", "--project", str(project), "generate"],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(snapshot(project / "generated"))
    assert outputs[0] == outputs[1]


def test_list_names_every_shape_with_its_role(tmp_path):
    project = make_project(tmp_path)
    out = shapegen(project, "list").stdout
    assert "shop:Order" in out and "request body" in out
    assert "shop:Receipt" in out and "response body" in out
    assert "shop:MoneyResponse" in out and "part" in out


def test_every_target_of_the_project_renders_the_committed_bytes_under_other_hash_seeds():
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-m", "generator", "check"], cwd=REPO, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_packaging_output_beside_generated_code_is_not_stale(tmp_path):
    project = make_project(tmp_path)
    shapegen(project, "generate")
    for litter in (
        "build/lib/realtime_shapes/x.py",
        "realtime_shapes.egg-info/PKG-INFO",
        "realtime_shapes/__pycache__/m.pyc",
    ):
        path = project / "generated" / "python" / litter
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("litter\n")
    assert shapegen(project, "check").returncode == 0


def test_validators_live_in_the_same_subpackage_as_the_models_whatever_the_namespace_is_called(tmp_path):
    project = make_project(tmp_path, targets='["jsonschema", "python", "validators"]')
    config = project / "pyproject.toml"
    config.write_text(config.read_text().replace("shop = ", "shopFront = "))
    assert shapegen(project, "generate").returncode == 0
    package = project / "generated" / "python" / "shop_front_shapes" / "shop_front"  # name: <namespace>-shapes
    assert (package / "models.py").is_file() and (package / "validators.py").is_file()
