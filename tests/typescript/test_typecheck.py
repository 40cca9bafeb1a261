"""The generated package type-checks under `tsc --strict` with the pinned compiler, and the
types mean what the wire means (optional is not nullable, open enums take any string, tags narrow).

The packages checked here (the project's schema rendered now, the committed generated/typescript,
every golden case's package, and the fixture package with fixtures/expectations.ts) are one tsc
program, type-checked once; each test reads the errors tsc reported in its own package's files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.targets.typescript import TYPESCRIPT_VERSION
from tests.conftest import GENERATED
from tests.golden import golden
from tests.typescript.helpers import FIXTURES, errors_by_package, typecheck

GOLDEN = dict(sorted(golden.packages("typescript").items()))


def test_the_pinned_compiler_is_the_one_installed(toolchain):
    from generator.drivers.typescript import tsc

    assert tsc(["--version"]).stdout.strip() == f"Version {TYPESCRIPT_VERSION}"


@pytest.fixture(scope="module")
def expectations_package(fixture_package, tmp_path_factory) -> Path:
    """A copy of the fixture package with fixtures/expectations.ts in its src/: every line compiles,
    every `@ts-expect-error` line is an error (a copy, so that the fixture package other tests build
    and run stays as rendered)."""
    package = tmp_path_factory.mktemp("ts-expectations") / "typescript"
    shutil.copytree(fixture_package, package)
    shutil.copy(FIXTURES / "expectations.ts", package / "src" / "$expectations.ts")
    return package


@pytest.fixture(scope="module")
def program(project_package, expectations_package) -> dict[str, list[str]]:
    """One strict tsc program over every package of this module: name -> the errors in its files;
    "(no package)" holds the errors in no package's files."""
    packages = {"project": project_package, "expectations": expectations_package}
    if (GENERATED / "typescript" / "src" / "index.ts").is_file():
        packages["generated"] = GENERATED / "typescript"
    packages.update({f"golden/{case}": path for case, path in GOLDEN.items()})
    done = typecheck(list(packages.values()))
    found, elsewhere = errors_by_package(done.stdout, list(packages.values()), Path(os.getcwd()))
    errors = {name: found[Path(path).resolve()] for name, path in packages.items()}
    errors["(no package)"] = elsewhere
    # tsc's verdict and the split agree: a failed run has an error somewhere
    assert (done.returncode == 0) == (not any(errors.values())), done.stdout[-4000:] + done.stderr[-2000:]
    return errors


def _errors(program: dict[str, list[str]], name: str) -> str:
    return "\n".join(program[name] + program["(no package)"])


def test_project_schema_renders_to_a_package_that_type_checks(program):
    assert _errors(program, "project") == ""


def test_committed_generated_package_type_checks(program):
    if "generated" not in program:
        pytest.skip("generated/typescript is not generated yet")
    assert _errors(program, "generated") == ""


@pytest.mark.parametrize("case", sorted(GOLDEN) or [pytest.param("none", marks=pytest.mark.skip("no golden case"))])
def test_golden_typescript_outputs_type_check(program, case):
    assert _errors(program, f"golden/{case}") == ""


def test_types_encode_presence_nullability_enums_and_tags(program):
    """fixtures/expectations.ts: every line compiles, every `@ts-expect-error` line is an error."""
    assert _errors(program, "expectations") == ""
