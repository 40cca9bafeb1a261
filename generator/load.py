"""Load: YAML documents of one namespace, following cross-file `$ref`s, with source positions.

YAML is read the way JSON Schema authors mean it, with the YAML 1.2 core schema:

- only `true`/`false` are booleans, so a property named `on`, `off`, `yes` or `no` stays a string;
- `012` is the integer 12 and `1:30` the string "1:30" (no YAML 1.1 octal or sexagesimal);
- `2024-10-01` stays a string (no timestamps), and so does a key `<<` (no merge keys);
- what JSON cannot hold is an error with file and line: `.inf`, `.nan`, `!!binary`, `!!set`,
  `!!timestamp`, `!!omap`, `!!pairs`; so is a duplicate key (naming both lines), an alias that
  contains itself, aliases expanding the document past a limit, and nesting past a limit.

Every file a project's run reads is confined to the project folder (after resolving symlinks),
and nothing is fetched over the network: a `$ref` to a URL, an absolute path or a file outside the project is
an error naming the referring file and line, and the foreign file is never opened.

Documents are parsed with libyaml's C parser when it is present (5x faster on a 3 MB spec); the
node tree of the parse is kept for source positions, so an error or a warning costs no re-parse.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import re
import stat
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urldefrag

import yaml
from yaml.constructor import ConstructorError

from generator.errors import ShapegenError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 256  # JSON levels (objects and arrays inside each other) in one schema file
MAX_ALIAS_EXPANSION = 100_000  # nodes that aliases may add to a document by repeating others
MAX_FILE_BYTES = 64 * 1024 * 1024

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NOT_JSON_TAGS = ("binary", "set", "timestamp", "omap", "pairs", "merge", "value", "yaml")


class _NotJSON(ConstructorError):
    """A YAML value that JSON cannot hold."""


class _DuplicateKey(ConstructorError):
    pass


def _duplicate(key: str, first: Any, again: Any) -> _DuplicateKey:
    """The error of a key met twice in one mapping, naming both lines."""
    return _DuplicateKey(
        f"key {key!r} first appears on line {first.line + 1}",
        first,
        f"duplicate key {key!r} (first on line {first.line + 1}, again on line {again.line + 1})",
        again,
    )


class _Unusual(Exception):
    """A node the direct construction leaves to BaseConstructor (which raises its error)."""


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The YAML 1.2 core schema over libyaml's parser, constructing plain JSON values only."""

    yaml_implicit_resolvers: dict[Any, Any] = {}
    yaml_constructors: dict[Any, Any] = {}
    _shallow = False  # whether the document built is known to nest at most MAX_DEPTH levels
    _SCALARS: dict[str, Any] = {}  # the scalars _construct_plain builds with their constructors

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        if not isinstance(node, yaml.MappingNode):
            raise ConstructorError(None, None, f"expected a mapping, found {node.id}", node.start_mark)
        mapping: dict[str, Any] = {}
        lines: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _NotJSON(
                    None, None, "a mapping key must be a string, not a mapping or a list", key_node.start_mark
                )
            key = _key_text(self.construct_object(key_node, deep=True))
            if key in mapping:
                raise _duplicate(key, lines[key], key_node.start_mark)
            lines[key] = key_node.start_mark
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
        """The tag of a node, as BaseResolver.resolve gives it for this loader (implicit resolvers
        by first character, no wildcard or path resolvers), without its per-node generality: it
        runs for every node of the parse."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def construct_document(self, node):  # type: ignore[no-untyped-def]
        """The JSON values of the document: plain mappings, sequences and the core schema's
        scalars are built here directly, in the order BaseConstructor builds them (breadth
        first, so that the first error found is the same); anything else (another tag, a
        non-scalar key) goes through BaseConstructor, which raises its error. Every node is
        built afresh where it appears, so aliases come out as copies; what BaseConstructor builds
        is copied by _unshare, which makes its aliases copies too."""
        try:
            return self._construct_plain(node)
        except _Unusual:
            return _unshare(super().construct_document(node))

    def _construct_plain(self, root):  # type: ignore[no-untyped-def]
        scalars = self._SCALARS
        queue: deque[tuple[yaml.Node, Any]] = deque()

        def value(node):  # type: ignore[no-untyped-def]
            tag = node.tag
            if type(node) is yaml.ScalarNode:
                if tag == _STR:
                    return node.value
                construct = scalars.get(tag)
                if construct is None:
                    raise _Unusual
                return construct(self, node)
            if tag == _MAP and type(node) is yaml.MappingNode:
                made: Any = {}
            elif tag == _SEQ and type(node) is yaml.SequenceNode:
                made = []
            else:
                raise _Unusual
            queue.append((node, made))
            return made

        data = value(root)
        # breadth first, a level at a time: `depth` is the JSON level of the containers taken
        # from the queue, so the nesting is known once built (`_shallow`) without another walk
        depth, left = 1, len(queue)
        while queue:
            if not left:
                depth, left = depth + 1, len(queue)
            left -= 1
            node, made = queue.popleft()
            if isinstance(made, list):
                made.extend([value(child) for child in node.value])
                continue
            lines: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise _Unusual
                key = _key_text(value(key_node))
                if key in made:
                    raise _duplicate(key, lines[key], key_node.start_mark)
                lines[key] = key_node.start_mark
                made[key] = value(value_node)
        self._shallow = depth <= MAX_DEPTH
        return data

    def construct_yaml_map(self, node):  # type: ignore[no-untyped-def]
        data: dict[str, Any] = {}
        yield data
        data.update(self.construct_mapping(node))

    def construct_yaml_seq(self, node):  # type: ignore[no-untyped-def]
        data: list[Any] = []
        yield data
        data.extend(self.construct_sequence(node))

    def construct_yaml_int(self, node):  # type: ignore[no-untyped-def]
        text = self.construct_scalar(node)
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        try:
            if digits.startswith(("0o", "0x")):
                return sign * int(digits[2:], 8 if digits[1] == "o" else 16)
            return sign * int(digits)
        except ValueError:
            raise _NotJSON(
                None, None, f"an integer of {len(digits)} digits is more than shapegen reads", node.start_mark
            ) from None

    def construct_yaml_float(self, node):  # type: ignore[no-untyped-def]
        text = self.construct_scalar(node)
        value = float("nan") if "n" in text.lower() else float(text)
        if value != value or value in (float("inf"), float("-inf")):
            raise _NotJSON(None, None, f"{text!r} is not a number JSON can hold", node.start_mark)
        return value

    def construct_yaml_bool(self, node):  # type: ignore[no-untyped-def]
        return self.construct_scalar(node).lower() == "true"

    def construct_not_json(self, node):  # type: ignore[no-untyped-def]
        tag = node.tag.rsplit(":", 1)[-1]
        raise _NotJSON(None, None, f"a YAML !!{tag} value is not JSON", node.start_mark)

    def construct_unknown(self, node):  # type: ignore[no-untyped-def]
        raise _NotJSON(None, None, f"the YAML tag {node.tag!r} is not JSON", node.start_mark)


def _key_text(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)

_Loader.add_constructor("tag:yaml.org,2002:null", yaml.SafeLoader.construct_yaml_null)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor(_STR, yaml.SafeLoader.construct_yaml_str)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
for _tag in _NOT_JSON_TAGS:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.construct_not_json)
_Loader._SCALARS = {
    f"tag:yaml.org,2002:{_tag}": _Loader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]
    for _tag in ("null", "bool", "int", "float")
}
_Loader.add_constructor(None, _Loader.construct_unknown)


def split_ref(ref: str) -> tuple[str, str]:
    """'./a.yaml#/components/schemas/X' -> ('./a.yaml', '/components/schemas/X')."""
    if ref.startswith("#"):  # within the document, most refs: what urldefrag gives, without parsing a URL
        return "", unquote(ref[1:])
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
                pair = next(((k, v) for k, v in node.value if k.value == token), None)
                if pair is None:
                    break
                # point at the key, which is where a reader looks
                best, node = pair
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
    path: Path  # absolute, symlinks resolved
    rel: str  # as shown to the user (relative to the project root)
    data: Any
    source: SourceMap
    digest: str = ""  # sha256 of the file's bytes
    # what the check stage found (and repaired) in this document: set once, by generator.check
    diagnostics: list[Any] | None = field(default=None, repr=False)
    # the references to other files, once found (`references_out`)
    _references_out: list[tuple[str, str, str]] | None = field(default=None, repr=False, compare=False)

    def references_out(self) -> list[tuple[str, str, str]]:
        """(keyword, value, pointer of the object holding it) of every reference that names
        another file, by pointer. Found once per document: whatever changes `data` so that they
        may change (a repair of the check stage) calls `forget_references`."""
        if self._references_out is None:
            found = iter_references(self.data, other_files=True)
            self._references_out = sorted((r for r in found if split_ref(r[1])[0]), key=lambda r: r[2])
        return self._references_out

    def forget_references(self) -> None:
        """After a repair that moved or rewrote references. A repair moves a reference to
        another file (its pointer changes) or rewrites one within the document, never makes a
        reference to another file: so a document found to have none (most: a single-file
        spec) still has none, and is not walked again to find that out."""
        if self._references_out:
            self._references_out = None

    def where(self, pointer: str) -> str:
        pos = None
        try:
            pos = self.source.position(pointer)
        except (yaml.YAMLError, OSError):
            pass
        loc = f"{self.rel}:{pos[0]}:{pos[1]}" if pos else self.rel
        return f"{loc} (at #{pointer})" if pointer else loc

    def line_of(self, pointer: str) -> int:
        try:
            pos = self.source.position(pointer)
        except (yaml.YAMLError, OSError):
            pos = None
        return pos[0] if pos else 0


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink resolved, lies inside the resolved `root`."""
    return path.resolve().is_relative_to(root.resolve())


def _lexically_inside(path: Path, root: Path) -> bool:
    """Whether `path` is inside `root` as written, `..` folded but symlinks not followed: then
    only a symlink can have taken it out."""
    return Path(os.path.normpath(path.absolute())).is_relative_to(Path(os.path.normpath(root.absolute())))


def confine(path: Path, project_root: Path, *, referrer: str | None = None, what: str = "schema file") -> Path:
    """`path` with symlinks resolved, if it stays inside the project; else a ShapegenError that
    names `path` as written (never its content)."""
    resolved = path.resolve()
    if not resolved.is_relative_to(project_root.resolve()):
        raise ShapegenError(
            f"the {what} {str(path)!r} is outside the project folder"
            + (" (through a symlink)" if _lexically_inside(path, project_root) else ""),
            where=referrer,
            hint="shapegen reads only files inside the project (the folder of pyproject.toml); "
            "copy the schema into the project and refer to it by a relative path",
        )
    return resolved


def read_schema_bytes(path: Path, rel: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or a ShapegenError."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ShapegenError(f"file not found: {rel}", hint="check the path in [tool.shapegen] or in the $ref") from None
    except OSError as exc:
        raise ShapegenError(f"cannot read {rel}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ShapegenError(
            f"{rel} is a folder, not a schema file", hint="name the root YAML file of the namespace, not its folder"
        )
    if not stat.S_ISREG(info.st_mode):
        raise ShapegenError(f"{rel} is not a regular file", hint="a schema is a YAML file")
    if info.st_size > MAX_FILE_BYTES:
        raise ShapegenError(f"{rel} is {info.st_size} bytes, more than the {MAX_FILE_BYTES} shapegen reads")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ShapegenError(f"cannot read {rel}: {exc.strerror}") from None


# an anchor (`&name`) where YAML allows one: at the start, or after a space or an indicator;
# found by the `&` first (a literal the regex engine scans for fast), its preceding byte then tested
_ANCHOR = re.compile(rb"&[^\s\[\]{},]")
_BEFORE_ANCHOR = frozenset(b" \t\n\r\x0b\x0c[{,:-")


def _has_anchor(text: bytes) -> bool:
    """Whether `text` may hold a YAML anchor (then the node tree is checked for alias loops and
    bombs; without one, no node can be reached twice)."""
    return any(m.start() == 0 or text[m.start() - 1] in _BEFORE_ANCHOR for m in _ANCHOR.finditer(text))


def _check_aliases(root: yaml.Node, rel: str) -> None:
    """An alias that contains itself, or aliases that repeat more than MAX_ALIAS_EXPANSION nodes,
    are errors with the line of the anchor."""
    size: dict[int, int] = {}
    on_path: set[int] = set()
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            size[key] = 1 + sum(size[id(c)] for c in children)
            continue
        if key in size:
            continue
        if key in on_path:
            raise ShapegenError(
                "a YAML alias contains its own anchor (the value would be infinite)",
                where=f"{rel}:{node.start_mark.line + 1}:{node.start_mark.column + 1}",
                hint="refer to the schema with $ref: '#/components/schemas/<Name>' instead of a YAML alias",
            )
        distinct += 1
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise ShapegenError(
                    "a YAML alias contains its own anchor (the value would be infinite)",
                    where=f"{rel}:{child.start_mark.line + 1}:{child.start_mark.column + 1}",
                    hint="refer to the schema with $ref: '#/components/schemas/<Name>' instead of a YAML alias",
                )
            if id(child) not in size:
                stack.append((child, False))
    total = size[id(root)]
    if total - distinct > MAX_ALIAS_EXPANSION:
        raise ShapegenError(
            f"YAML aliases repeat {total - distinct} nodes, more than the {MAX_ALIAS_EXPANSION} shapegen expands",
            where=f"{rel}:1:1",
            hint="aliases that refer to aliases multiply (an 'alias bomb'); use $ref for shared schemas",
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _unshare(data: Any) -> Any:
    """A copy in which no dict or list appears twice (aliases become copies), iteratively."""

    def fresh(value: Any) -> Any:
        return {} if isinstance(value, dict) else [] if isinstance(value, list) else value

    out = fresh(data)
    stack = [(data, out)]
    while stack:
        src, dst = stack.pop()
        items = src.items() if isinstance(src, dict) else enumerate(src)
        for k, v in items:
            copy = fresh(v)
            if isinstance(dst, dict):
                dst[k] = copy
            else:
                dst.append(copy)
            if copy is not v:
                stack.append((v, copy))
    return out


def _check_depth(data: Any, rel: str, source: SourceMap) -> None:
    """Nesting past MAX_DEPTH is an error naming the first place too deep; the pointers that
    takes are worked out only for a document that is."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        cur, depth = stack.pop()
        if depth > MAX_DEPTH:
            return _too_deep(data, rel, source)
        for v in cur.values() if isinstance(cur, dict) else cur:
            if isinstance(v, (dict, list)):
                stack.append((v, depth + 1))


def _too_deep(data: Any, rel: str, source: SourceMap) -> None:
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        cur, ptr, depth = stack.pop()
        if depth > MAX_DEPTH:
            pos = source.position(ptr)
            raise ShapegenError(
                f"nested deeper than {MAX_DEPTH} levels (objects and arrays inside each other)",
                where=(f"{rel}:{pos[0]}:{pos[1]}" if pos else rel) + f" (at #{_abridged(ptr)})",
                hint="give deeply nested parts a name under components/schemas and $ref them",
            )
        items = cur.items() if isinstance(cur, dict) else enumerate(cur)
        for k, v in items:
            if isinstance(v, (dict, list)):
                stack.append((v, ptr + "/" + str(k).replace("~", "~0").replace("/", "~1"), depth + 1))


def _abridged(pointer: str, keep: int = 6) -> str:
    tokens = pointer.split("/")
    if len(tokens) <= 2 * keep:
        return pointer
    return "/".join(tokens[: keep + 1]) + f"/...{len(tokens) - 2 * keep - 1} more.../" + "/".join(tokens[-keep:])


_HINTS = {
    _DuplicateKey: "remove one of the two (a later key would silently replace the earlier one)",
    _NotJSON: "write only what JSON can hold: strings, numbers, true/false, null, mappings and lists "
    "(quote the value to keep it as a string)",
}


def parse_file(path: Path, project_root: Path, text: bytes | None = None) -> Document:
    """One schema file (already confined), parsed as JSON values with the YAML 1.2 core schema."""
    rel = _display(path, project_root)
    if text is None:
        text = read_schema_bytes(path, rel)
    source = SourceMap(path)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise ShapegenError(
                "the file is empty; a schema file must be a YAML mapping (an OpenAPI document)", where=f"{rel}:1:1"
            )
        if _has_anchor(text):
            _check_aliases(root, rel)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{rel}:{mark.line + 1}:{mark.column + 1}" if mark else rel
        default_hint = (
            "give deeply nested parts a name under components/schemas and $ref them"
            if "nesting depth" in str(exc.problem)
            else "fix the YAML syntax at that position (indentation, a missing ':' or an unclosed quote or bracket)"
        )
        raise ShapegenError(
            f"not valid YAML: {exc.problem or exc}" if type(exc) not in _HINTS else str(exc.problem),
            where=where,
            hint=_HINTS.get(type(exc), default_hint),
        ) from None
    except yaml.reader.ReaderError as exc:  # not UTF-8 text, or a control character: no mark, a position
        raise _unreadable(exc, text, rel) from None
    except yaml.YAMLError as exc:
        raise ShapegenError(f"not valid YAML: {exc}", where=f"{rel}:1:1") from None
    finally:
        loader.dispose()
    source._root = root
    if not isinstance(data, dict):
        raise ShapegenError(
            "a schema file must be a YAML mapping (an OpenAPI document)",
            where=f"{rel}:{root.start_mark.line + 1}:{root.start_mark.column + 1}",
            hint="start the file with 'openapi: 3.1.0' and the components it defines",
        )
    if not loader._shallow:  # else known from building it
        _check_depth(data, rel, source)
    return Document(path=path, rel=rel, data=data, source=source, digest=hashlib.sha256(text).hexdigest())


def _unreadable(exc: yaml.reader.ReaderError, text: bytes, rel: str) -> ShapegenError:
    """A byte that is not UTF-8 text, or a character YAML forbids, with its line and column
    (the character is shown by its code, never as it is)."""
    position = max(0, min(int(getattr(exc, "position", 0) or 0), len(text)))
    before = text[:position]
    line = before.count(b"\n") + 1
    column = position - (before.rfind(b"\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character) if exc.character else None
    if "control" in str(exc.reason) and code is not None:
        what = f"the control character U+{code:04X} is not allowed in YAML"
    elif code is not None:
        what = f"the byte 0x{code:02X} is not UTF-8 text ({exc.reason})"
    else:
        what = f"the file is not UTF-8 text ({exc.reason})"
    return ShapegenError(
        f"not valid YAML: {what}",
        where=f"{rel}:{line}:{column}",
        hint="save the file as UTF-8 text; write control characters as escapes in a double-quoted string",
    )


REF_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def iter_refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every ($ref value, pointer of the object holding it) below `node`."""
    for keyword, ref, ptr in iter_references(node, pointer):
        if keyword == "$ref":
            yield ref, ptr


def iter_references(node: Any, pointer: str = "", *, other_files: bool = False) -> Iterator[tuple[str, str, str]]:
    """Every (keyword, value, pointer of the object holding it) of $ref, $dynamicRef and
    $recursiveRef below `node` (a tree: the loader gives no value twice). With `other_files`,
    a reference within the document (`#...`, most of them) is passed over, its pointer never
    spelled out."""
    # each entry: (value, its parent's entry, its key there); a pointer is spelled out only for
    # an object that holds a reference
    Entry = tuple[Any, Any, Any]

    def spelled(entry: Entry) -> str:
        keys = []
        while entry[1] is not None:
            keys.append(entry[2])
            entry = entry[1]
        return pointer_join(pointer, *reversed(keys))

    stack: list[Entry] = [(node, None, None)]
    while stack:
        entry = stack.pop()
        cur = entry[0]
        if isinstance(cur, dict):
            ptr = None
            for keyword in REF_KEYWORDS:
                ref = cur.get(keyword)
                if isinstance(ref, str) and not (other_files and ref.startswith("#")):
                    ptr = spelled(entry) if ptr is None else ptr
                    yield keyword, ref, ptr
            for k, v in cur.items():
                if isinstance(v, (dict, list)):
                    stack.append((v, entry, k))
        elif isinstance(cur, list):
            for i, v in enumerate(cur):
                if isinstance(v, (dict, list)):
                    stack.append((v, entry, i))


_CONFINED: contextvars.ContextVar[bool] = contextvars.ContextVar("shapegen_confined", default=False)


@contextlib.contextmanager
def reading(*, confined: bool) -> Iterator[None]:
    """Within this block, load_documents confines reads to the project folder or not. The
    pipeline confines every project read from pyproject.toml (generate, check, list, validate);
    outside it, a caller reads the file it names (a vendor spec given on the command line, a Config
    built in code)."""
    token = _CONFINED.set(confined)
    try:
        yield
    finally:
        _CONFINED.reset(token)


_PARSED: OrderedDict[tuple[Path, str, str], Document] = OrderedDict()
_PARSED_MAX = 32


def _parse_cached(path: Path, project_root: Path) -> Document:
    """parse_file, once per content: a document whose bytes are unchanged is not parsed again
    (its check results, kept on it, are not computed again either)."""
    rel = _display(path, project_root)
    text = read_schema_bytes(path, rel)
    key = (path, rel, hashlib.sha256(text).hexdigest())
    doc = _PARSED.get(key)
    if doc is None:
        doc = parse_file(path, project_root, text)
        _PARSED[key] = doc
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(key)
    return doc


def load_documents(root_file: Path, project_root: Path, *, referrer: str | None = None) -> dict[Path, Document]:
    """The root document and every document it reaches through `$ref`, in first-reached order.
    `referrer` says where the root file is named (the configuration), for errors."""
    confined = _CONFINED.get()
    docs: dict[Path, Document] = {}
    first = (
        confine(root_file, project_root, referrer=referrer, what="namespace root") if confined else root_file.resolve()
    )
    queue = [first]
    while queue:
        path = queue.pop(0)
        if path in docs:
            continue
        try:
            doc = _parse_cached(path, project_root)
        except ShapegenError as exc:
            if path == first and exc.where is None and referrer is not None:
                raise ShapegenError(exc.message, where=referrer, hint=exc.hint) from None
            raise
        docs[path] = doc
        for keyword, ref, ptr in doc.references_out():
            target, _ = split_ref(ref)
            at = doc.where(pointer_join(ptr, keyword))
            if _URL.match(target) or target.startswith("//"):
                raise ShapegenError(
                    f"{keyword} {ref!r} points to a URL; shapegen never fetches anything over the network",
                    where=at,
                    hint="copy the schema into a file of the project and refer to it by a relative path",
                )
            if keyword != "$ref":
                raise ShapegenError(
                    f"{keyword} {ref!r} points to another file; only $ref may",
                    where=at,
                    hint="use $ref to '<file>#/components/schemas/<Name>'",
                )
            if confined and (target.startswith("/") or os.path.isabs(target)):
                raise ShapegenError(
                    f"$ref {ref!r} is an absolute path",
                    where=at,
                    hint="refer to files of the project by a path relative to the file that holds the $ref",
                )
            other = (
                confine(path.parent / target, project_root, referrer=at, what="$ref target")
                if confined
                else (path.parent / target).resolve()
            )
            if not other.is_file():
                raise ShapegenError(
                    (
                        f"$ref {ref!r} points to a file that does not exist ({_display(other, project_root.resolve())})"
                        if not other.exists()
                        else f"$ref {ref!r} points to something that is not a file"
                    ),
                    where=at,
                    hint="fix the relative path; it is resolved from the folder of the file that holds the $ref",
                )
            if other not in docs and other not in queue:
                queue.append(other)
    return docs
