"""Every language's strictest checker, run once over a generated tree that holds many cases (one
namespace per case), with each checker's complaints sorted by the namespace they are in.

A checker runs once per language for the whole tree (the machine is slow: one cargo build, one
mcs, one tsc, one mypy), and `complaints[language][namespace]` lists what it said about that
namespace's files; a namespace with no entry compiled cleanly.

- python: every namespace's models and validators import (pydantic builds each model, so a
  recursive alias it cannot resolve fails here), and `mypy --strict` on the package;
- typescript: the pinned tsc with `--strict` (generator/drivers/typescript.py);
- rust: `cargo clippy -- -D warnings` on the crate, pinned by the driver's lock file;
- csharp: mono's mcs at C# 7.2 with warnings as errors, as every C# build of the project;
- dart: tree-sitter-dart finds no syntax error (no Dart SDK here: see tests/dart);
- go: `go vet ./...`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

LANGUAGES = ("python", "typescript", "rust", "csharp", "dart", "go")


def _by_namespace(lines: list[str], pattern: str, namespaces: list[str], folder_of) -> dict[str, list[str]]:
    """Each line matching `pattern` (group 1: a path), filed under the namespace whose folder
    holds that path; a line in no namespace's folder (the runtime, the crate root) under `*`."""
    found: dict[str, list[str]] = {}
    for line in lines:
        m = re.search(pattern, line)
        if not m:
            continue
        path = m.group(1)
        owner = next((ns for ns in namespaces if folder_of(ns) in path), "*")
        found.setdefault(owner, []).append(line.strip())
    return found


# one interpreter imports every namespace in turn (a failed import leaves nothing in sys.modules,
# so the next namespace starts as clean): one pydantic start-up, not one per namespace
_IMPORT_EACH = """
import importlib, json, sys, traceback
sys.path.insert(0, sys.argv[1])
failed = {}
for ns in json.loads(sys.argv[3]):
    try:
        m = importlib.import_module(f"{sys.argv[2]}.{ns}")
        importlib.import_module(f"{sys.argv[2]}.{ns}.validators")
        [getattr(m, n) for n in m.__all__]
    except BaseException:
        failed[ns] = traceback.format_exc().strip().splitlines()[-1]
print(json.dumps(failed))
"""


def python(generated: Path, package: str, namespaces: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    folder = generated / "python"
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH, str(folder), package, json.dumps(namespaces)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        out.setdefault("*", []).append("import: " + (done.stderr.strip().splitlines() or ["(no output)"])[-1])
    else:
        for ns, last_line in json.loads(done.stdout).items():
            out.setdefault(ns, []).append("import: " + last_line)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    lines = done.stdout.splitlines()
    for ns, complaints in _by_namespace(
        lines, r"^(\S+\.py):\d+: error", namespaces, lambda ns: f"{package}/{ns}/"
    ).items():
        out.setdefault(ns, []).extend(complaints)
    if done.returncode not in (0, 1) or (done.returncode == 1 and not any(": error" in line for line in lines)):
        out.setdefault("*", []).append(done.stdout + done.stderr)
    return out


def typescript(generated: Path, namespaces: list[str]) -> dict[str, list[str]]:
    from generator.drivers.typescript import ensure_toolchain, typecheck

    ensure_toolchain()
    done = typecheck([generated / "typescript"])
    found = _by_namespace(
        done.stdout.splitlines(), r"^(\S+\.ts)\(\d+,\d+\): error", namespaces, lambda ns: f"/src/{ns}/"
    )
    if done.returncode != 0 and not found:
        found["*"] = [done.stdout + done.stderr]
    return found


def rust(generated: Path, namespaces: list[str], name: str) -> dict[str, list[str]]:
    from tests.rust import crates

    crates.ensure_toolchain()
    done = crates.check_crate(crates.read_crate(generated / "rust"), name=name, clippy=True)
    # cargo's short format is not used by check_crate: read the " --> path:line:col" lines
    lines = []
    message = ""
    for line in done.stderr.splitlines():
        if line.startswith(("error", "warning")):
            message = line
        m = re.match(r"\s*--> (\S+):\d+:\d+", line)
        if m and message:
            lines.append(f"{m.group(1)}: {message}")
            message = ""
    found = _by_namespace(lines, r"^(\S+\.rs): ", namespaces, lambda ns: f"src/{ns}.rs")
    if done.returncode != 0 and not found:
        found["*"] = [done.stderr[-4000:]]
    return found


def csharp(generated: Path, namespaces: list[str], out: Path) -> dict[str, list[str]]:
    from generator.drivers.csharp import compile_command

    sources = sorted(p for p in (generated / "csharp").rglob("*.cs"))
    done = subprocess.run(compile_command(out, sources, library=True), capture_output=True, text=True)
    lines = (done.stdout + done.stderr).splitlines()
    found = _by_namespace(lines, r"^(\S+\.cs)\(\d+,\d+\): error", namespaces, lambda ns: f"/{_pascal(ns)}/")
    if done.returncode != 0 and not found:
        found["*"] = lines[-40:]
    return found


def dart(generated: Path, namespaces: list[str]) -> dict[str, list[str]]:
    from tests.dart import dart_tree

    found: dict[str, list[str]] = {}
    for path in sorted((generated / "dart").rglob("*.dart")):
        tree = dart_tree.parser().parse(path.read_bytes())
        errors = dart_tree.syntax_errors(tree) + _dart_integers_past_64_bits(tree)
        if errors:
            rel = path.relative_to(generated / "dart").as_posix()
            owner = next((ns for ns in namespaces if rel == f"lib/src/{ns}.dart"), "*")
            found.setdefault(owner, []).extend(f"{rel}:{e}" for e in errors)
    return found


def _dart_integers_past_64_bits(tree) -> list[str]:
    """What the Dart analyzer says of an integer literal a 64-bit int cannot hold (2^63 only as
    the operand of a unary minus), which tree-sitter, a grammar, does not see."""
    from tests.dart import dart_tree

    out = []
    for node in dart_tree.walk(tree.root_node):
        if node.type not in ("decimal_integer_literal", "hex_integer_literal"):
            continue
        digits = dart_tree.text(node).replace("_", "")
        value = int(digits, 16) if node.type == "hex_integer_literal" else int(digits)
        negated = node.parent is not None and dart_tree.text(node.parent).startswith("-")
        if value > 2**63 - 1 + negated:
            row, col = node.start_point
            out.append(f"{row + 1}:{col + 1}: the integer literal {value} can't be represented in 64 bits")
    return out


def go(generated: Path, namespaces: list[str]) -> dict[str, list[str]]:
    from generator.config import load_config
    from generator.drivers import go as driver
    from tests.conftest import REPO

    done = subprocess.run(
        [driver.go_binary(), "vet", "./..."],
        cwd=generated / "go",
        env=driver.go_env(load_config(REPO)),
        capture_output=True,
        text=True,
    )
    lines = (done.stdout + done.stderr).splitlines()
    found = _by_namespace(lines, r"^(?:vet: )?(\S+\.go):\d+", namespaces, lambda ns: f"{ns.replace('_', '')}/")
    if done.returncode != 0 and not found:
        found["*"] = lines[-40:]
    return found


def _pascal(ns: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in ns.split("_"))


def available(language: str) -> bool:
    tool = {"csharp": "mcs", "rust": "cargo", "typescript": "node", "go": None}.get(language)
    if language == "go":
        from generator.drivers import go as driver
        from generator.errors import ShapegenError

        try:
            driver.go_binary()
        except ShapegenError:
            return False
        return True
    return tool is None or shutil.which(tool) is not None
