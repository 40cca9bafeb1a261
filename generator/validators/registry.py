"""Every schema resource a compilation can reach: documents, `$id`s, anchors and dynamic anchors.

A location is `(document uri, JSON pointer from that document's root)`. References are resolved
once, at compile time; remote documents come from the caller's `retrieve` function (never the
network unless the caller does that).
"""

from __future__ import annotations

from typing import Any, Callable

from generator.validators.uri import join_pointer, pointer_tokens, resolve, split_fragment

Location = tuple[str, str]

# keywords whose value is a schema, an object of schemas or an array of schemas (2020-12, plus
# `definitions` and array-form `items` so older-style documents still resolve)
SCHEMA_ONE = (
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "items",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
)
SCHEMA_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")


class SchemaError(ValueError):
    """The schema cannot be compiled: an unresolvable reference, a malformed keyword, ..."""


class Registry:
    def __init__(self, retrieve: Callable[[str], Any] | None = None) -> None:
        self.retrieve = retrieve
        self.docs: dict[str, Any] = {}
        self.resources: dict[str, Location] = {}  # absolute URI without fragment -> location
        self.anchors: dict[str, Location] = {}  # "uri#name" -> location
        self.dynamic: dict[str, dict[str, Location]] = {}  # resource URI -> {dynamic anchor: location}
        self.base: dict[Location, str] = {}  # location -> base URI (its resource)
        self.dynamic_names: set[str] = set()  # fragments $dynamicRef uses
        self.dialects: dict[str, str] = {}  # resource URI -> its $schema
        self._vocab_cache: dict[str, bool] = {}
        self._pending_refs: list[str] = []
        self.refs: list[str] = []  # every `$ref`, resolved (how often each schema is named)
        self._failed: dict[str, str] = {}
        # the schema at each location looked up so far: a document is never replaced once added,
        # and the compiler asks for the same locations many times
        self._at: dict[Location, Any] = {}

    # ------------------------------------------------------------------ loading

    def add_document(self, uri: str, document: Any) -> None:
        if uri in self.docs:
            return
        self.docs[uri] = document
        self.resources.setdefault(uri, (uri, ""))
        self._walk(uri, document, "", uri)
        while self._pending_refs:
            ref = self._pending_refs.pop()
            head, _ = split_fragment(ref)
            if head in self.resources or head in self._failed or self.retrieve is None or head == "":
                continue
            self._load(head)

    def _load(self, head: str) -> bool:
        if self.retrieve is None:
            return False
        try:
            document = self.retrieve(head)
        except Exception as exc:  # the caller's retrieve decides what it can serve
            self._failed[head] = f"{type(exc).__name__}: {exc}"
            return False
        self.add_document(head, document)
        return True

    def _walk(self, doc: str, root: Any, root_pointer: str, root_base: str) -> None:
        """Record every subschema's base URI, resources, anchors and references, in document
        order (the first `$id`/anchor seen wins). Iterative: depth is limited only by memory."""
        stack: list[tuple[Any, str, str]] = [(root, root_pointer, root_base)]
        while stack:
            node, pointer, base = stack.pop()
            if not isinstance(node, dict):
                if isinstance(node, bool):
                    self.base[(doc, pointer)] = base
                continue
            ident = node.get("$id")
            if isinstance(ident, str):
                base = split_fragment(resolve(base, ident))[0]
                self.resources.setdefault(base, (doc, pointer))
            self.base[(doc, pointer)] = base
            if isinstance(node.get("$schema"), str) and (pointer == "" or isinstance(ident, str)):
                self.dialects.setdefault(base, node["$schema"])
            anchor = node.get("$anchor")
            if isinstance(anchor, str):
                self.anchors.setdefault(f"{base}#{anchor}", (doc, pointer))
            dyn = node.get("$dynamicAnchor")
            if isinstance(dyn, str):
                self.anchors.setdefault(f"{base}#{dyn}", (doc, pointer))
                self.dynamic.setdefault(base, {}).setdefault(dyn, (doc, pointer))
            for key in ("$ref", "$dynamicRef"):
                ref = node.get(key)
                if isinstance(ref, str):
                    self._pending_refs.append(resolve(base, ref))
                    if key == "$ref":
                        self.refs.append(self._pending_refs[-1])
                    if key == "$dynamicRef":
                        frag = split_fragment(ref)[1]
                        if frag and not frag.startswith("/"):
                            self.dynamic_names.add(frag)
            children: list[tuple[Any, str, str]] = []
            for key in SCHEMA_ONE:
                if key in node:
                    if key == "items" and isinstance(node[key], list):
                        for i, sub in enumerate(node[key]):
                            children.append((sub, join_pointer(pointer, key, i), base))
                    else:
                        children.append((node[key], join_pointer(pointer, key), base))
            for key in SCHEMA_MAP:
                value = node.get(key)
                if isinstance(value, dict):
                    for name, sub in value.items():
                        children.append((sub, join_pointer(pointer, key, name), base))
            for key in SCHEMA_LIST:
                value = node.get(key)
                if isinstance(value, list):
                    for i, sub in enumerate(value):
                        children.append((sub, join_pointer(pointer, key, i), base))
            stack.extend(reversed(children))

    # ------------------------------------------------------------------ lookups

    def schema_at(self, loc: Location) -> Any:
        try:
            return self._at[loc]
        except KeyError:
            pass
        node = self.docs[loc[0]]
        for token in pointer_tokens(loc[1]):
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise SchemaError(f"no schema at {loc[0]}#{loc[1]}")
        self._at[loc] = node
        return node

    def base_at(self, loc: Location) -> str:
        known = self.base.get(loc)
        if known is not None:
            return known
        # a location only a JSON pointer reaches (inside an unknown keyword): apply the $ids on the way
        doc, pointer = loc
        base = doc
        node = self.docs[doc]
        tokens = pointer_tokens(pointer)
        path = ""
        for token in [None, *tokens]:
            if token is not None:
                node = node[token] if isinstance(node, dict) else node[int(token)]
                path = join_pointer(path, token)
            if (doc, path) in self.base:
                base = self.base[(doc, path)]
            elif isinstance(node, dict) and isinstance(node.get("$id"), str):
                base = split_fragment(resolve(base, node["$id"]))[0]
        return base

    def lookup(self, uri: str) -> Location:
        """The location an absolute reference names."""
        head, frag = split_fragment(uri)
        if head not in self.resources and not self._load(head):
            reason = self._failed.get(head, "no such resource, and no retrieve function serves it")
            raise SchemaError(f"cannot resolve {uri!r}: {reason}")
        doc, pointer = self.resources[head]
        if frag == "" or frag.startswith("/"):
            loc = (doc, pointer + frag if frag else pointer)
            try:
                self.schema_at(loc)
            except SchemaError:
                raise SchemaError(f"cannot resolve {uri!r}: nothing at that JSON pointer") from None
            return loc
        key = f"{head}#{frag}"
        if key not in self.anchors:
            raise SchemaError(f"cannot resolve {uri!r}: no anchor {frag!r}")
        return self.anchors[key]

    def asserts_validation(self, loc: Location) -> bool:
        """False when the resource's meta-schema declares `$vocabulary` without the validation vocabulary."""
        dialect = self.dialects.get(self.base_at(loc))
        if dialect is None or dialect.rstrip("#") == "https://json-schema.org/draft/2020-12/schema":
            return True
        known = self._vocab_cache.get(dialect)
        if known is None:
            known = True
            try:
                meta = self.schema_at(self.lookup(dialect))
            except SchemaError:
                meta = None
            vocab = meta.get("$vocabulary") if isinstance(meta, dict) else None
            if isinstance(vocab, dict):
                known = "https://json-schema.org/draft/2020-12/vocab/validation" in vocab
            self._vocab_cache[dialect] = known
        return known

    def location_uri(self, loc: Location, main: str) -> str:
        """How errors name a location: `#/pointer` in the main document, `uri#/pointer` elsewhere."""
        return ("" if loc[0] == main else loc[0]) + "#" + loc[1]
