"""Names, decided once per target language: the naming stage.

The IR keeps wire names and language-neutral PascalCase shape names. Each target builds a
`LanguageRules` (case styles, keywords, names its runtime reserves, how to dodge a keyword, and
the associated names it needs) and calls `assign(namespace, rules)` once, which returns the
`Names` its templates use for every identifier they print:

- `names.type(shape)`: type names (a collision of two shapes is a user error naming both);
- `names.field(shape, wire)`: object fields; `names.member(enum, value)`: enum members;
- `names.variant(union, index)`: union variants (the tag value, the constant, the referenced
  type's name, or the kind of value: `Integer`, `String`, `List`, `Map`, `Value`);
- `names.module`: the namespace's module / file stem (`rules.module_case`), and
  `names.file(shape)` when the language writes one file per shape (`rules.file_case`);
- `rules.refine(namespace, names)`: the language's own rules beyond this pass, applied last;
- `names.associated(key, shape[, wire])`: names a target declares with `Associated` specs in
  `rules.associated`, e.g. `<Enum>_VALUES` constants, `<field>_or_default` accessors, the
  open-enum catch-all member, the open-union unknown variant. Each spec lists candidates in
  order of preference (format strings over `{type}`, `{field}`, `{shape}`); the first one free in
  its scope wins.

Collisions are resolved by meaning, never by a counter: a later name (in schema order) is
spelled with its punctuation written out (`a-b` -> `a_dash_b`), then with its parent's name in
front; an associated name takes its next candidate. Every resolution is recorded in
`names.collisions` (`Collision`: the scope, the name both wanted, both places, and the name
given); when nothing is left, the error names both places. The wire name always survives as an
alias in the generated code. `report(names)` renders the collisions, one line each.
"""

from __future__ import annotations

from typing import Callable, Union

from generator import ir
from generator.errors import ShapegenError

# the vocabulary (case styles, rules, the Names a pass returns) lives in generator.rules; it is
# re-exported here for the callers that name it from the naming stage
from generator.rules import (  # noqa: F401
    Associated,
    Collision,
    LanguageRules,
    Names,
    camel_case,
    pascal_case,
    screaming_snake_case,
    snake_case,
    words,
)


def report(names: Names) -> list[str]:
    """The collisions this pass resolved, one line each: both places and the names given."""
    return [
        f"{c.scope}: {c.first} and {c.second} both wanted {c.wanted!r}; the second is {c.given!r}"
        for c in names.collisions
    ]


def _identifier(raw: str, rules: LanguageRules, case: Callable[[str], str], reserved: frozenset[str]) -> str:
    name = case(raw) or case(rules.empty)
    if name[0].isdigit():
        name = case(rules.empty + "_" + raw) if case(rules.empty + "_" + raw) else "_" + name
    if name in rules.keywords or name in reserved:
        name = rules.dodge(name)
    return name


def _assign_unique(
    items: list[str],
    make: Callable[[str, bool], str],
    prefix: Callable[[str], str],
    *,
    scope: str = "",
    place: Callable[[str], str] = lambda item: repr(item),
    collisions: list[Collision] | None = None,
    where: str | None = None,
) -> dict[str, str]:
    """Name every item; on a collision the later item (in schema order) is spelled with its
    punctuation written out, then with the parent's name in front: never a counter."""
    taken: dict[str, str] = {}
    out: dict[str, str] = {}
    plain = {item: make(item, False) for item in items}  # each item's first choice, made once
    # an item the language spells with nothing lost but letter case keeps that spelling
    natural = [item for item in items if plain[item].lower() == item.lower()]
    is_natural = set(natural)  # a set: a list's `in` made this quadratic (10,000 properties: 2 s)
    for item in natural + [item for item in items if item not in is_natural]:
        first = candidate = plain[item]
        if first in taken:  # the other choices are made only on a collision (they are costlier)
            for candidate in (make(item, True), prefix(first)):
                if candidate not in taken:
                    break
            else:
                raise ShapegenError(
                    f"cannot give {place(item)} a name of its own in {scope or 'its scope'}: "
                    f"{first!r} is already used by {place(taken[first])}",
                    where=where,
                    hint="rename one of the two in the schema",
                )
        if candidate != first and collisions is not None:
            collisions.append(Collision(scope, first, place(taken[first]), place(item), candidate))
        taken[candidate] = item
        out[item] = candidate
    return {item: out[item] for item in items}


def variant_word(t: ir.Type, value_word: Callable[[object], str] | None = None, *, qualified: bool = False) -> str:
    """What a union variant is called before casing: its constant, its type's name, or its kind.
    `qualified` names a list or map after what it holds (`string_list`, `integer_list_list`): the
    spelling a variant takes when another variant of the union is a list or map too."""
    if isinstance(t, ir.Literal):
        return str(t.value).lower() if isinstance(t.value, bool) else str(t.value)
    if isinstance(t, ir.Ref):
        return t.name
    if isinstance(t, ir.Primitive):
        return t.kind
    if isinstance(t, ir.Array):
        return f"{variant_word(t.item, qualified=True)}_list" if qualified else "list"
    if isinstance(t, ir.Map):
        return f"{variant_word(t.value, qualified=True)}_map" if qualified else "map"
    if isinstance(t, ir.Nullable):
        return variant_word(t.inner, qualified=qualified)
    return "value"


def _place(shape: ir.Shape, suffix: str = "") -> str:
    return f"{shape.source.file}#{shape.source.pointer}{suffix}"


def _format(candidate: Union[str, Callable[[str, str, str], str]], type_: str, shape: str, field_: str) -> str:
    if callable(candidate):
        return candidate(type_, shape, field_)
    return candidate.format(type=type_, shape=shape, field=field_)


def _owners(spec: Associated, shape: ir.Shape) -> list[str] | None:
    """The wire names (fields) or [""] (the shape itself) that get this associated name."""
    kind = spec.of
    if kind == "shape":
        return [""]
    if kind == "enum" and isinstance(shape, ir.Enum):
        return [""]
    if kind == "open-enum" and isinstance(shape, ir.Enum) and shape.open:
        return [""]
    if kind == "object" and isinstance(shape, ir.Object):
        return [""]
    if kind == "union" and isinstance(shape, ir.Union_):
        return [""]
    if kind == "open-union" and isinstance(shape, ir.Union_) and shape.open:
        return [""]
    if kind == "field" and isinstance(shape, ir.Object):
        return [f.wire_name for f in shape.fields]
    if kind == "default-field" and isinstance(shape, ir.Object):
        return [f.wire_name for f in shape.fields if f.default is not None]
    return None


def _speller(rules: LanguageRules, case: Callable[[str], str], reserved: frozenset[str]) -> Callable[[str, bool], str]:
    """`(text, spell) -> identifier` in `case`, each answer made once: `spell` writes the text's
    punctuation out as words (`a-b` -> `a_dash_b`), the spelling a name takes on a collision."""
    made: dict[tuple[str, bool], str] = {}

    def spelled(text: str, spell: bool) -> str:
        found = made.get((text, spell))
        if found is None:
            raw = "_".join(words(text, spell_punctuation=True)) if spell else text
            found = made[(text, spell)] = _identifier(raw, rules, case, reserved)
        return found

    return spelled


def assign(namespace: ir.Namespace, rules: LanguageRules) -> Names:
    names = Names(rules)
    names.module = rules.module_case(namespace.name) if rules.module_case else namespace.name
    by_language: dict[str, str] = {}
    for shape in namespace.shapes:
        name = _identifier(shape.name, rules, rules.type_case, rules.reserved_types)
        if name in by_language:
            raise ShapegenError(
                f"shapes {by_language[name]!r} and {shape.name!r} both become {name!r} in {rules.language}",
                where=f"{shape.source.file}#{shape.source.pointer}",
                hint="rename one of them so that their names differ by more than case or punctuation",
            )
        by_language[name] = shape.name
        names.types[shape.name] = name

    # the same wire names and values recur across shapes: each is spelled once per pass
    field_name = _speller(rules, rules.field_case, rules.reserved_fields)
    member_name = _speller(rules, rules.member_case, frozenset())

    for shape in namespace.shapes:
        if isinstance(shape, ir.Object):
            parent = rules.field_case(shape.name)
            wire = [f.wire_name for f in shape.fields]
            chosen = _assign_unique(
                wire,
                field_name,
                lambda n: rules.field_case(parent + "_" + n),
                scope=f"{shape.name} fields",
                place=lambda w, s=shape: f"{s.name}.{w}",  # type: ignore[misc]
                collisions=names.collisions,
                where=_place(shape),
            )
            for w, n in chosen.items():
                names.fields[(shape.name, w)] = n
        elif isinstance(shape, ir.Enum):
            chosen = _assign_unique(
                list(shape.values),
                member_name,
                lambda n: rules.member_case(shape.name + "_" + n),
                scope=f"{shape.name} members",
                place=lambda v, s=shape: f"{s.name} value {v!r}",  # type: ignore[misc]
                collisions=names.collisions,
                where=_place(shape),
            )
            for v, n in chosen.items():
                names.members[(shape.name, v)] = n
        elif isinstance(shape, ir.Union_):
            _name_variants(shape, rules, names)
    _name_files(namespace, rules, names)
    _name_associated(namespace, rules, names)
    return rules.refine(namespace, names) if rules.refine is not None else names


def _name_variants(shape: ir.Union_, rules: LanguageRules, names: Names) -> None:
    case = rules.variant_case or rules.type_case
    words_of = {
        str(i): (v.tag_value if v.tag_value is not None else variant_word(v.type)) for i, v in enumerate(shape.variants)
    }

    def make(i: str, spell: bool) -> str:
        raw = words_of[i]
        variant = shape.variants[int(i)]
        if isinstance(variant.type, ir.Ref) and variant.tag_value is None:
            return names.types.get(raw, _identifier(raw, rules, case, rules.reserved_types))
        if spell and variant.tag_value is None and isinstance(variant.type, (ir.Array, ir.Map, ir.Nullable)):
            # a second list (or map) in one union is told apart by what it holds
            return _identifier(variant_word(variant.type, qualified=True), rules, case, rules.reserved_types)
        return _identifier(
            "_".join(words(raw, spell_punctuation=spell)) if spell else raw, rules, case, rules.reserved_types
        )

    def prefix(n: str) -> str:
        return case(shape.name + "_" + n)

    chosen = _assign_unique(
        [str(i) for i in range(len(shape.variants))],
        make,
        prefix,
        scope=f"{shape.name} variants",
        place=lambda i: f"{shape.name} variant {int(i)} ({words_of[i]!r})",
        collisions=names.collisions,
        where=_place(shape),
    )
    for i, n in chosen.items():
        names.variants[(shape.name, int(i))] = n


def _name_files(namespace: ir.Namespace, rules: LanguageRules, names: Names) -> None:
    if rules.file_case is None:
        return
    by_folded: dict[str, ir.Shape] = {}
    for shape in namespace.shapes:
        name = rules.file_case(shape.name)
        other = by_folded.get(name.casefold())
        if other is not None:  # file systems that ignore case would merge the two files
            raise ShapegenError(
                f"shapes {other.name!r} ({_place(other)}) and {shape.name!r} both become the file {name!r} "
                f"in {rules.language} (file names that differ only by case)",
                where=_place(shape),
                hint="rename one of them",
            )
        by_folded[name.casefold()] = shape
        names.files[shape.name] = name


def _scopes_names(namespace: ir.Namespace, names: Names) -> dict[str, dict[str, str]]:
    """The names already used inside each shape (fields, members, variants), each with its place:
    one pass over the names (a scan of every name per shape was quadratic on the 3 MB spec)."""
    out: dict[str, dict[str, str]] = {shape.name: {} for shape in namespace.shapes}
    for (s, w), n in names.fields.items():
        out[s][n] = f"{s}.{w}"
    for (s, v), n in names.members.items():
        out[s][n] = f"{s} value {v!r}"
    for (s, i), n in names.variants.items():
        out[s][n] = f"{s} variant {i}"
    return out


def _name_associated(namespace: ir.Namespace, rules: LanguageRules, names: Names) -> None:
    type_scope = {n: f"shape {s}" for s, n in names.types.items()}
    inner_scopes: dict[str, dict[str, str]] = {}
    for spec in rules.associated:
        for shape in namespace.shapes:
            owners = _owners(spec, shape)
            if owners is None:
                continue
            if spec.scope == "types":
                taken = type_scope
                scope = f"types of {namespace.name}"
            else:
                if not inner_scopes:
                    inner_scopes.update(_scopes_names(namespace, names))
                taken = inner_scopes[shape.name]
                scope = f"{shape.name} members"
            for wire in owners:
                type_ = names.types[shape.name]
                field_ = names.fields.get((shape.name, wire), "") if wire else ""
                place = f"{spec.key} of {shape.name}" + (f".{wire}" if wire else "")
                candidates = [_format(c, type_, shape.name, field_) for c in spec.candidates]
                free = [c for c in candidates if c not in taken and c not in rules.keywords]
                if not free:
                    blocker = next((taken[c] for c in candidates if c in taken), "a keyword")
                    raise ShapegenError(
                        f"no name is left for the {place} in {rules.language}: "
                        f"{', '.join(map(repr, candidates))} are taken (by {blocker})",
                        where=_place(shape),
                        hint="rename the shape or field that takes it",
                    )
                chosen = free[0]
                if chosen != candidates[0] and candidates[0] in taken:
                    names.collisions.append(Collision(scope, candidates[0], taken[candidates[0]], place, chosen))
                taken[chosen] = place
                names.extra[(spec.key, shape.name, wire)] = chosen
