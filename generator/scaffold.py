"""`shapegen init`: a starter configuration and, unless the project has a spec already, a small
example schema.

The configuration goes into the project's pyproject.toml as a [tool.shapegen] table (appended:
the rest of the file is left as it is), or into shapegen.toml when there is no pyproject.toml.
On a terminal `init` asks for the namespace and the spec (Enter keeps the default); otherwise,
or with --yes, it asks nothing.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from generator.config import NAMESPACE, PYPROJECT, SHAPEGEN_TOML, config_file, load_config
from generator.errors import ShapegenError

EXAMPLE_SCHEMA = """\
# An example spec written by `shapegen init`: replace it with your own shapes.
# OpenAPI 3.1 (JSON Schema 2020-12 in components/schemas). A request body and a response body are
# top-level shapes; the schemas they refer to are their parts.
openapi: 3.1.0
info:
  title: Example API
  version: "0.1.0"
  description: Notes posted to the example service and the receipts it answers with.
paths:
  /notes:
    post:
      operationId: postNote
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NoteRequest'}
      responses:
        '200':
          description: the note was stored
          content:
            application/json:
              schema: {$ref: '#/components/schemas/NoteReceipt'}
components:
  schemas:
    NoteRequest:
      type: object
      additionalProperties: false   # requests reject unknown properties
      required: [text]
      properties:
        text: {type: string, minLength: 1, maxLength: 500}
        tags:
          type: array
          items: {type: string, pattern: '^[a-z][a-z0-9-]*$'}
        priority: {$ref: '#/components/schemas/Priority'}
    NoteReceipt:
      type: object                  # responses keep what a newer service adds
      required: [id, stored_at]
      properties:
        id: {type: string}
        stored_at: {type: string, format: date-time}
        priority: {$ref: '#/components/schemas/Priority'}
    Priority:
      type: string
      enum: [low, normal, high]
"""


@dataclass(frozen=True)
class Answers:
    namespace: str
    spec: str  # relative to the project folder, with forward slashes
    name: str
    output: str


def starter_table(answers: Answers, *, pyproject: bool) -> str:
    """The configuration text: a [tool.shapegen] table, or shapegen.toml's top level."""
    prefix = "tool.shapegen." if pyproject else ""
    head = "[tool.shapegen]\n" if pyproject else ""
    return (
        f"{head}"
        "# shapegen: every key is described in its README ('Using shapegen in your repository')\n"
        f'name = "{answers.name}"  # the base of the generated packages\' names\n'
        'version = "0.1.0"  # the version of every generated package\n'
        f'output = "{answers.output}"  # shapegen owns this folder\n'
        '# targets = ["jsonschema", "python", "validators", "docs", "typescript", "rust", "csharp", "dart", "go"]'
        "  # default: every target\n"
        "strict = false  # true: warnings are errors (as --strict)\n"
        "\n"
        f"[{prefix}namespaces]\n"
        f'{answers.namespace} = "{answers.spec}"\n'
    )


def _namespace_from(spec: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_]", "_", PurePosixPath(spec).stem).strip("_")
    if not stem or not stem[0].isalpha():
        stem = f"api_{stem}" if stem else "api"
    return stem


def _ask(prompt: str, default: str, read: Callable[[str], str]) -> str:
    answer = read(f"{prompt} [{default}]: ").strip()
    return answer or default


def run(
    folder: Path,
    *,
    namespace: str | None,
    spec: str | None,
    name: str | None,
    output: str,
    interactive: bool,
    read: Callable[[str], str] = input,
) -> list[str]:
    """Write the configuration (and the example schema); return what to print."""
    existing = config_file(folder)
    if existing is not None:
        raise ShapegenError(
            "this project has a shapegen configuration already",
            where=str(existing),
            hint="edit it, or run 'shapegen generate'",
        )
    if interactive:
        spec = _ask(
            "Your spec (OpenAPI 3.1 file; a new one is written if it does not exist)",
            spec or "schema/example.yaml",
            read,
        )
        namespace = _ask("Its namespace (a module or package per language)", namespace or _namespace_from(spec), read)
    spec = (spec or f"schema/{namespace or 'example'}.yaml").replace("\\", "/")
    namespace = namespace or _namespace_from(spec)
    if not NAMESPACE.match(namespace):
        raise ShapegenError(
            f"the namespace {namespace!r} is not an identifier",
            hint="start with an ASCII letter, then letters, digits or '_' (pass --namespace NAME)",
        )
    spec_path = PurePosixPath(spec)
    if spec_path.is_absolute() or ".." in spec_path.parts:
        raise ShapegenError(
            f"--spec {spec!r} is not a path inside the project", hint="give it relative to the project folder"
        )
    answers = Answers(namespace, spec, name or f"{namespace}-shapes".replace("_", "-"), output)

    printed: list[str] = []
    target = folder / spec
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(EXAMPLE_SCHEMA, encoding="utf-8")
        printed.append(f"wrote {spec} (an example spec: replace it with your shapes)")
    pyproject = folder / PYPROJECT
    if pyproject.is_file():
        text = pyproject.read_text(encoding="utf-8")
        head = text.rstrip("\n") + "\n\n" if text.strip() else ""
        pyproject.write_text(head + starter_table(answers, pyproject=True), encoding="utf-8")
        printed.append(f"added [tool.shapegen] to {PYPROJECT}")
    else:
        (folder / SHAPEGEN_TOML).write_text(starter_table(answers, pyproject=False), encoding="utf-8")
        printed.append(f"wrote {SHAPEGEN_TOML}")
    load_config(folder)  # what was written is a configuration shapegen accepts
    printed.append("next: shapegen generate   (then shapegen check in CI; shapegen --help for the rest)")
    return printed


def on_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
