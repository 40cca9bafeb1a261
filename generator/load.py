"""Load: YAML documents of one namespace, following cross-file `$ref`s, with source positions.

Documents are parsed with libyaml's C loader when it is present (5x faster on a 3 MB spec).
Positions are computed lazily: only an error needs a line number, so the node tree of a file is
composed (once) the first time one is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

import re

import yaml

from generator.errors import ShapegenError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML as JSON Schema authors mean it: only `true`/`false` are booleans (YAML 1.2), so a
    property named `on`, `off`, `yes` or `no` stays a string; mapping keys are always strings."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        mapping = super().construct_mapping(node, deep=deep)
        if all(type(k) is str for k in mapping):
            return mapping
        return {_key_text(k): v for k, v in mapping.items()}


def _key_text(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def split_ref(ref: str) -> tuple[str, str]:
    """'./a.yaml#/components/schemas/X' -> ('./a.yaml', '/components/schemas/X')."""
    target, fragment = urldefrag(ref)
    return target, unquote(fragment)


def pointer_tokens(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return [] if pointer == "" else [""]
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]


def pointer_join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


@dataclass
class SourceMap:
    """JSON pointer -> (line, column), 1-based, for one file."""

    path: Path
    _root: yaml.Node | None = field(default=None, repr=False)

    def position(self, pointer: str) -> tuple[int, int] | None:
        if self._root is None:
            with self.path.open("rb") as fh:
                self._root = yaml.compose(fh, Loader=_Loader)
        node = self._root
        best = node
        for token in pointer_tokens(pointer):
            if isinstance(node, yaml.MappingNode):
                nxt = next((v for k, v in node.value if k.value == token), None)
                if nxt is None:
                    break
                # point at the key, which is where a reader looks
                key = next(k for k, v in node.value if v is nxt)
                best, node = key, nxt
            elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
                node = node.value[int(token)]
                best = node
            else:
                break
        if best is None:
            return None
        return best.start_mark.line + 1, best.start_mark.column + 1


@dataclass
class Document:
    path: Path  # absolute
    rel: str  # as shown to the user (relative to the project root)
    data: Any
    source: SourceMap

    def where(self, pointer: str) -> str:
        pos = None
        try:
            pos = self.source.position(pointer)
        except yaml.YAMLError:
            pass
        loc = f"{self.rel}:{pos[0]}:{pos[1]}" if pos else self.rel
        return f"{loc} (at #{pointer})" if pointer else loc


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def parse_file(path: Path, project_root: Path) -> Document:
    rel = _display(path, project_root)
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise ShapegenError(f"file not found: {rel}", hint="check the path in [tool.shapegen] or in the $ref") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{rel}:{mark.line + 1}:{mark.column + 1}" if mark else rel
        raise ShapegenError(
            f"not valid YAML: {exc.problem or exc}",
            where=where,
            hint="fix the YAML syntax at that position (indentation, a missing ':' or an unclosed quote or bracket)",
        ) from None
    except yaml.YAMLError as exc:
        raise ShapegenError(f"not valid YAML: {exc}", where=rel) from None
    if not isinstance(data, dict):
        raise ShapegenError("a schema file must be a YAML mapping (an OpenAPI document)", where=rel)
    return Document(path=path, rel=rel, data=data, source=SourceMap(path))


def iter_refs(node: Any, pointer: str = ""):
    """Every ($ref value, pointer of the object holding it) below `node`."""
    stack = [(node, pointer)]
    while stack:
        cur, ptr = stack.pop()
        if isinstance(cur, dict):
            ref = cur.get("$ref")
            if isinstance(ref, str):
                yield ref, ptr
            for k, v in cur.items():
                if isinstance(v, (dict, list)):
                    stack.append((v, pointer_join(ptr, k)))
        elif isinstance(cur, list):
            for i, v in enumerate(cur):
                if isinstance(v, (dict, list)):
                    stack.append((v, pointer_join(ptr, i)))


def load_documents(root_file: Path, project_root: Path) -> dict[Path, Document]:
    """The root document and every document it reaches through `$ref`, in first-reached order."""
    docs: dict[Path, Document] = {}
    queue = [root_file.resolve()]
    while queue:
        path = queue.pop(0)
        if path in docs:
            continue
        doc = parse_file(path, project_root)
        docs[path] = doc
        refs = sorted(iter_refs(doc.data), key=lambda r: r[1])
        for ref, ptr in refs:
            target, _ = split_ref(ref)
            if not target:
                continue
            if "://" in target:
                raise ShapegenError(
                    f"remote $ref {ref!r} is not supported",
                    where=doc.where(pointer_join(ptr, "$ref")),
                    hint="copy the schema into a file under schema/ and refer to it by a relative path",
                )
            other = (path.parent / target).resolve()
            if not other.is_file():
                raise ShapegenError(
                    f"$ref {ref!r} points to a file that does not exist ({_display(other, project_root)})",
                    where=doc.where(pointer_join(ptr, "$ref")),
                    hint="fix the relative path; it is resolved from the folder of the file that holds the $ref",
                )
            if other not in docs and other not in queue:
                queue.append(other)
    return docs
