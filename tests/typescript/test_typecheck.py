"""The generated package type-checks under `tsc --strict` with the pinned compiler, and the
types mean what the wire means (optional is not nullable, open enums take any string, tags narrow)."""

from __future__ import annotations

import shutil

import pytest

from generator.targets.typescript import TYPESCRIPT_VERSION
from tests.conftest import GENERATED, REPO
from tests.golden import golden
from tests.typescript.helpers import FIXTURES, typecheck


def test_the_pinned_compiler_is_the_one_installed(toolchain):
    from generator.drivers.typescript import tsc

    assert tsc(["--version"]).stdout.strip() == f"Version {TYPESCRIPT_VERSION}"


def test_project_schema_renders_to_a_package_that_type_checks(project_package):
    result = typecheck([project_package])
    assert result.returncode == 0, result.stdout


def test_committed_generated_package_type_checks(toolchain):
    package = GENERATED / "typescript"
    if not (package / "src" / "index.ts").is_file():
        pytest.skip("generated/typescript is not generated yet")
    result = typecheck([package])
    assert result.returncode == 0, result.stdout


def test_golden_typescript_outputs_type_check(toolchain):
    packages = sorted(golden.packages("typescript").values())
    if not packages:
        pytest.skip("no golden case has TypeScript output yet")
    result = typecheck(packages)
    assert result.returncode == 0, result.stdout


def test_types_encode_presence_nullability_enums_and_tags(fixture_package, tmp_path):
    """fixtures/expectations.ts: every line compiles, every `@ts-expect-error` line is an error."""
    expectations = fixture_package / "src" / "$expectations.ts"
    shutil.copy(FIXTURES / "expectations.ts", expectations)
    try:
        result = typecheck([fixture_package])
    finally:
        expectations.unlink()
    assert result.returncode == 0, result.stdout
