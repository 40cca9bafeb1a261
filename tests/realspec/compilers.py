"""One compile check per target, for the real spec's output. Each reuses the helpers the target's
owner provides (tests/rust/crates.py, generator/drivers/typescript.py, tests/csharp/build.py,
tests/dart/dart_tree.py); a check returns (ok, report)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

from tests.conftest import REPO
from tests.go.realspec import go_gofmt_and_vet

Check = Callable[[Path, str], tuple[bool, str]]  # (output folder, namespace) -> (ok, report)


def python_imports(out: Path, namespace: str) -> tuple[bool, str]:
    code = (
        "import importlib, sys; sys.path.insert(0, sys.argv[1]);"
        f"m = importlib.import_module('realtime_shapes.{namespace}');"
        "print(len(m.__all__))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(out / "python")], capture_output=True, text=True, cwd=REPO)
    return done.returncode == 0, done.stdout + done.stderr[-4000:]


def validators_import(out: Path, namespace: str) -> tuple[bool, str]:
    code = (
        "import importlib, sys; sys.path.insert(0, sys.argv[1]);"
        f"v = importlib.import_module('realtime_shapes.{namespace}.validators');"
        "print(len([n for n in dir(v) if n.startswith('validate_')]))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(out / "python")], capture_output=True, text=True, cwd=REPO)
    return done.returncode == 0 and done.stdout.strip() not in ("", "0"), done.stdout + done.stderr[-4000:]


def python_mypy_strict(out: Path, namespace: str) -> tuple[bool, str]:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", f"realtime_shapes/{namespace}/models.py"],
        cwd=out / "python",
        capture_output=True,
        text=True,
    )
    return done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def typescript_tsc_strict(out: Path, namespace: str) -> tuple[bool, str]:
    from generator.drivers.typescript import ensure_toolchain, typecheck

    ensure_toolchain()
    done = typecheck([out / "typescript"])
    return done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def rust_cargo_check(out: Path, namespace: str) -> tuple[bool, str]:
    from tests.rust import crates

    crates.ensure_toolchain()
    # a crate of its own under .cache/rust-crates (the Rust tests' workspace is theirs alone), in the
    # target dir of the large crates: minutes of one rustc, while the other worker's Rust builds go on
    done = crates.check_crate(crates.read_crate(out / "rust"), "realspec", large=True)
    return done.returncode == 0, done.stderr[-4000:]


def docs_links_resolve(out: Path, namespace: str) -> tuple[bool, str]:
    from tests.docs.markdown import links

    broken = []
    pages = sorted((out / "docs").rglob("*.md"))
    for page in pages:
        for link in links(page.read_text(encoding="utf-8")):
            target = link.split("#", 1)[0]
            if not target or re.match(r"^[a-z]+:", target):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(out)} -> {link}")
    return bool(pages) and not broken, f"{len(pages)} pages, {len(broken)} broken links:\n" + "\n".join(broken[:40])


def jsonschema_bundle(out: Path, namespace: str) -> tuple[bool, str]:
    import json

    from jsonschema import Draft202012Validator

    bundle = json.loads((out / "jsonschema" / f"{namespace}.schema.json").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(Draft202012Validator.META_SCHEMA).iter_errors(bundle))
    return not errors, "\n".join(e.message for e in errors[:20])


def csharp_mcs(out: Path, namespace: str) -> tuple[bool, str]:
    from tests.csharp import build

    build.ensure_toolchain()
    sources = sorted((out / "csharp").rglob("*.cs"))
    built = build.compile_sources("realspec", sources, library=True)
    return built.returncode == 0, built.output[-4000:]


def dart_syntax(out: Path, namespace: str) -> tuple[bool, str]:
    from tests.dart import dart_tree as dt

    problems = []
    files = sorted((out / "dart").rglob("*.dart"))
    parser = dt.parser()
    for path in files:
        tree = parser.parse(path.read_bytes())
        problems += [f"{path.relative_to(out)}: {e}" for e in dt.syntax_errors(tree)]
    return bool(files) and not problems, "\n".join(problems[:40])


# target -> its checks
CHECKS: dict[str, list[Check]] = {
    "jsonschema": [jsonschema_bundle],
    "python": [python_imports, python_mypy_strict],
    "validators": [validators_import],
    "docs": [docs_links_resolve],
    "typescript": [typescript_tsc_strict],
    "rust": [rust_cargo_check],
    "csharp": [csharp_mcs],
    "dart": [dart_syntax],
    "go": [go_gofmt_and_vet],
}
