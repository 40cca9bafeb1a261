"""A hostile-corpus project: a small, valid shapegen project in a temporary folder, which each
case then breaks in one way; and the assertions every case makes (exit code, message shape,
nothing read from or written outside the project, the output tree intact)."""

from __future__ import annotations

import contextlib
import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from generator.cli import main
from generator.targets import available

# every discovered target: a hostile schema must not break any of them
TARGETS = "[" + ", ".join(f'"{name}"' for name in sorted(available())) + "]"

API = """\
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /orders:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Receipt'}}}
components:
  schemas:
    Order:
      type: object
      required: [item]
      properties:
        item: {type: string, maxLength: 40}
        count: {type: integer, minimum: 1}
    Receipt:
      type: object
      required: [order]
      properties:
        order: {$ref: '#/components/schemas/Order'}
        note: {type: string}
"""

# a foreign file's content: must never appear in an output or a message
SECRET = "hunter2-do-not-leak"


@dataclass
class Result:
    code: int
    out: str
    err: str


def pyproject(targets: str = TARGETS, extra: str = "", namespaces: str = 'shop = "schema/api.yaml"') -> str:
    return textwrap.dedent(f"""\
        [tool.shapegen]
        output = "generated"
        targets = {targets}
        {extra}
        [tool.shapegen.namespaces]
        {namespaces}
        """)


def make(root: Path, api: str = API, **config: str) -> Path:
    (root / "schema").mkdir(parents=True, exist_ok=True)
    (root / "schema" / "api.yaml").write_text(api)
    (root / "pyproject.toml").write_text(pyproject(**config))
    return root


def run(root: Path | str, *args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--project", str(root), *args])
    return Result(code, out.getvalue(), err.getvalue())


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


_DIAGNOSTIC = re.compile(
    r"^shapegen: (?P<severity>error|warning): (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)"
    r"(?: \(at #(?P<pointer>[^)]*)\))?: (?P<message>.+)\n  (?:hint|repair): (?P<hint>.+)$",
    re.M,
)


def diagnostics(err: str) -> list[dict[str, str]]:
    return [m.groupdict() for m in _DIAGNOSTIC.finditer(err)]


def assert_user_error(result: Result, *fragments: str, file: str | None = None, pointer: str | None = None) -> None:
    """Exit 2, no traceback, each fragment in the message; with `file`, a diagnostic of the form
    `file:line:col (at #pointer): message` plus a hint names it (and `pointer`, if given)."""
    assert result.code == 2, (result.code, result.err, result.out)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    for fragment in fragments:
        assert fragment in result.err, result.err
    if file is not None:
        found = [d for d in diagnostics(result.err) if d["file"] == file and int(d["line"]) >= 1]
        assert found, f"no {file}:line:col diagnostic with a hint in:\n{result.err}"
        if pointer is not None:
            assert any(d["pointer"] == pointer for d in found), result.err


def assert_no_leak(root: Path, result: Result) -> None:
    assert SECRET not in result.err and SECRET not in result.out
    for content in snapshot(root / "generated").values():
        assert SECRET.encode() not in content
