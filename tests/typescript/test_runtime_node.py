"""The TypeScript runtime (templates/typescript/runtime.ts, copied as it is into every generated
package) passes its own tests, tests/typescript/runtime/runtime.test.ts, under `node --test`,
after compiling with the pinned tsc under the generated package's strict options."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from generator.drivers import typescript as driver
from generator.targets.typescript import RUNTIME
from tests.typescript.helpers import HERE

TESTS = HERE / "runtime"


@pytest.fixture(scope="module")
def node_test_run(tmp_path_factory, toolchain) -> subprocess.CompletedProcess[str]:
    build = tmp_path_factory.mktemp("ts-runtime")
    (build / "src").mkdir()
    shutil.copy(RUNTIME, build / "src" / "runtime.ts")
    for source in TESTS.glob("*.ts"):
        shutil.copy(source, build / "src" / source.name)
    (build / "package.json").write_text('{"type": "module", "private": true}\n')
    options = dict(driver.BUILD_TSCONFIG["compilerOptions"], noUnusedLocals=True, noImplicitOverride=True)
    (build / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "include": ["src"]}))
    compiled = driver.tsc(["-p", str(build)])
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return subprocess.run(
        [driver.node(), "--test", str(build / "dist" / "runtime.test.js")], capture_output=True, text=True
    )


def test_the_runtime_passes_its_node_tests(node_test_run):
    assert node_test_run.returncode == 0, node_test_run.stdout + node_test_run.stderr


def test_the_node_tests_ran(node_test_run):
    passed = re.search(r"^# pass (\d+)$", node_test_run.stdout, re.M)
    assert passed is not None and int(passed.group(1)) >= 30, node_test_run.stdout[-2000:]
