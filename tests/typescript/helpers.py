"""Rendering schemas with the typescript target into temporary packages, type-checking them with
the pinned tsc (installed on first use), and running node on them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator import ir, pipeline
from generator.config import Config
from generator.drivers import typescript as driver
from generator.targets import typescript as typescript_target
from generator.targets.base import RenderInput
from tests.conftest import REPO

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
CACHE = REPO / ".cache" / "conformance" / "typescript"


def need_node() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("node and npm are needed for the TypeScript tests (install Node.js 18 or later)", pytrace=False)


def render(namespaces: dict[str, Path], out: Path) -> Path:
    """Renders `namespaces` (name -> root schema file) with the typescript target into `out`;
    returns the package folder (`out/typescript`)."""
    config = Config(root=out, output=out, namespaces=namespaces, targets=("typescript",), options={})
    pipeline.write(config, pipeline.build(config))
    return out / "typescript"


def typecheck(packages: list[Path], extra_files: tuple[Path, ...] = ()) -> subprocess.CompletedProcess[str]:
    """Type-checks every package in one tsc program (generator/drivers/typescript.py: typecheck)."""
    return driver.typecheck(packages, extra_files)


_DIAGNOSTIC = re.compile(r"^(?P<file>[^\s(][^(]*)\(\d+,\d+\): error TS\d+")


def errors_by_package(output: str, packages: list[Path], cwd: Path) -> tuple[dict[Path, list[str]], list[str]]:
    """tsc's report of one program over several `packages`, split by package: package -> the
    errors (each with its continuation lines) in that package's files, and the errors in no
    package's files (a configuration error names no file)."""
    roots = [Path(p).resolve() for p in packages]
    found: dict[Path, list[str]] = {root: [] for root in roots}
    elsewhere: list[str] = []
    current: list[str] = elsewhere
    for line in output.splitlines():
        if not line.strip():
            continue
        if line[0].isspace() and current is not elsewhere:
            current.append(line)
            continue
        m = _DIAGNOSTIC.match(line)
        path = (cwd / m.group("file")).resolve() if m else None
        owner = next((root for root in roots if path is not None and path.is_relative_to(root)), None)
        current = found[owner] if owner is not None else elsewhere
        current.append(line)
    return found, elsewhere


def node_script(package: Path, source: str, name: str = "$script.ts") -> Any:
    """Compiles a TypeScript `source` inside `package` (it may import './index.js') and runs
    it with node; returns what it printed, parsed as JSON."""
    build = package.parent / f"build-{name.strip('$').split('.')[0]}"
    if build.exists():
        shutil.rmtree(build)
    shutil.copytree(package / "src", build / "src")
    (build / "src" / name).write_text(source, encoding="utf-8")
    (build / "package.json").write_text('{"type": "module"}')
    config = dict(driver.BUILD_TSCONFIG)
    (build / "tsconfig.json").write_text(json.dumps(config))
    compiled = driver.tsc(["-p", str(build)])
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    ran = subprocess.run(
        [driver.node(), str(build / "dist" / name.replace(".ts", ".js"))], capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


# A declaration of the little of node a test script uses (there is no @types/node).
NODE_DECLARATIONS = """
declare const process: { stdout: { write(text: string): boolean } };
function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value));
}
"""


def render_model(model: ir.Model, out: Path) -> Path:
    """Renders an IR model (for example one whose decisions a test sets) with the typescript
    target into `out/typescript`; returns that folder."""
    package = out / "typescript"
    for rel, text in typescript_target.render(RenderInput(model=model, bundles={}, options={})).items():
        path = package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package
