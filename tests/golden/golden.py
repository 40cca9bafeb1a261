"""Golden cases: `tests/golden/<case>/schema/api.yaml` (plus any files it refers to) and, per
target, the expected output under `tests/golden/<case>/expected/<target folder>/`.

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


def update() -> None:
    for case in cases():
        config, plan = build(case)
        changes = pipeline.write(config, plan)
        print(f"{case.name}: {len(changes.written)} written, {len(changes.removed)} removed")


if __name__ == "__main__":
    update()
