"""Golden cases: `tests/golden/<case>/schema/api.yaml` (plus any files it refers to) and, per
target, the expected output under `tests/golden/<case>/expected/<target folder>/`, plus the IR
golden `expected/ir.txt`: the IR, its decisions and every language's names
(`generator.layer.irtext`), so lowering and naming are specified once.

    python tests/golden/golden.py          # rewrite every expected output (make golden)
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from generator import pipeline  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.config import load_config  # noqa: E402


def cases() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if (p / "schema" / "api.yaml").is_file())


def config_for(case: Path, targets: list[str] | None = None) -> Config:
    return Config(
        root=case,
        output=case / "expected",
        namespaces={case.name: case / "schema" / "api.yaml"},
        # the targets the project generates (pyproject.toml), so a target still being built
        # does not disturb the others' golden outputs
        targets=load_config(HERE.parent.parent).targets if targets is None else targets,
        options={},
        cache=HERE.parent.parent / ".cache",
    )


def build(case: Path, targets: list[str] | None = None) -> tuple[Config, pipeline.Plan]:
    config = config_for(case, targets)
    return config, pipeline.build(config)


def ir_path(case: Path) -> Path:
    return case / "expected" / "ir.txt"


def ir_text(plan: pipeline.Plan) -> str:
    from generator.layer.irtext import model_text

    return model_text(plan.model)


def update() -> None:
    for case in cases():
        config, plan = build(case)
        changes = pipeline.write(config, plan)
        text = ir_text(plan)
        ir_changed = not ir_path(case).is_file() or ir_path(case).read_text(encoding="utf-8") != text
        if ir_changed:
            ir_path(case).write_text(text, encoding="utf-8")
        print(f"{case.name}: {len(changes.written) + ir_changed} written, {len(changes.removed)} removed")


if __name__ == "__main__":
    update()
