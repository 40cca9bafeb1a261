"""The official JSON-Schema-Test-Suite (draft 2020-12) run through compiled validators.

Each test group's schema is compiled once; each test's verdict is checked with both
`is_valid` and `validate`. Remote references are served from the suite's `remotes/` folder
(mapped from http://localhost:1234/) and the 2020-12 meta-schemas from
`jsonschema_specifications`; nothing touches the network.

`python -m tests.validators.suite` prints the pass counts: required, optional and format.
"""

from __future__ import annotations

import json
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator.validators import compile_module  # noqa: E402
from tests.conftest import SHARED  # noqa: E402  (the tests reach it through require_shared())

SUITE = SHARED / "json-schema-test-suite"
TESTS = SUITE / "tests" / "draft2020-12"
REMOTES = SUITE / "remotes"
EXPECTATIONS = Path(__file__).with_name("suite_expectations.json")


def retrieve(uri: str) -> Any:
    if uri.startswith("http://localhost:1234/"):
        path = REMOTES / uri[len("http://localhost:1234/") :]
        return json.loads(path.read_text(encoding="utf-8"))
    if uri.startswith("https://json-schema.org/"):
        from jsonschema_specifications import REGISTRY

        return REGISTRY.contents(uri.rstrip("#"))
    raise LookupError(f"no offline copy of {uri}")


@dataclass(frozen=True)
class Outcome:
    id: str  # "<file relative to draft2020-12>#<group index>/<test index>"
    description: str
    passed: bool
    reason: str = ""


def files(kind: str) -> list[Path]:
    """kind: 'required' (tests/draft2020-12/*.json), 'optional' (optional/*.json) or 'format'."""
    folder = {"required": TESTS, "optional": TESTS / "optional", "format": TESTS / "optional" / "format"}[kind]
    return sorted(folder.glob("*.json"))


def run_file(path: Path, *, format_assertion: bool = False) -> Iterator[Outcome]:
    rel = path.relative_to(TESTS).as_posix()
    groups = json.loads(path.read_text(encoding="utf-8"))
    for g, group in enumerate(groups):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = compile_module(
                    group["schema"], [("Root", "root", "#")], retrieve=retrieve, format_assertion=format_assertion
                )
            error = ""
        except Exception as exc:  # a schema this compiler cannot handle: every test of the group fails
            module, error = None, f"compile error: {type(exc).__name__}: {exc}"
        for t, test in enumerate(group["tests"]):
            tid = f"{rel}#{g}/{t}"
            desc = f"{group['description']} / {test['description']}"
            if module is None:
                yield Outcome(tid, desc, False, error)
                continue
            try:
                data = test["data"]
                before = json.dumps(data, sort_keys=True)
                verdict = module.is_valid_root(data)
                errors = module.validate_root(data)
                unchanged = json.dumps(data, sort_keys=True) == before
            except RecursionError:
                yield Outcome(tid, desc, False, "RecursionError")
                continue
            except Exception as exc:
                yield Outcome(tid, desc, False, f"{type(exc).__name__}: {exc}")
                continue
            ok = verdict is test["valid"] and (errors == []) is test["valid"] and unchanged
            reason = "" if ok else f"expected valid={test['valid']}, is_valid={verdict}, validate={len(errors)} errors"
            yield Outcome(tid, desc, ok, reason)


def run(kind: str) -> list[Outcome]:
    return [o for path in files(kind) for o in run_file(path, format_assertion=(kind == "format"))]


def main() -> int:
    if not TESTS.is_dir():
        print(f"{SUITE} is not here", file=sys.stderr)
        return 2
    for kind in ("required", "optional", "format"):
        outcomes = run(kind)
        passed = sum(o.passed for o in outcomes)
        print(f"{kind:9} {passed:5d} / {len(outcomes):5d} passed ({100 * passed / max(len(outcomes), 1):.1f}%)")
        if "-v" in sys.argv:
            for o in outcomes:
                if not o.passed:
                    print(f"    FAIL {o.id}: {o.description}: {o.reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
