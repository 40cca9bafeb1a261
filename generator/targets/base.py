"""The contract between the pipeline and a target.

A target is one module in `generator/targets/` that defines `TARGET`, an object with:

- `name`: what `--target` calls it;
- `out_dir`: its folder under the output root (``generated/``); two targets may share a folder
  as long as `owns` tells their files apart;
- `owns(relpath)`: whether a file under `out_dir` belongs to this target, so that stale files
  can be removed and `check` knows what to compare;
- `render(inp) -> {relpath: text}`: every file it produces, paths relative to `out_dir`,
  using forward slashes;
- optionally `formatter`: `"black"`, `"none"` (the templates emit formatted text) or a callable
  `(path, text, cache_dir) -> text` (`generator.format.format_for`); without one, files are
  formatted by extension (black for `.py`), as before.

A target that prints identifiers is a *language*: its module also defines `RULES`, its
`generator.rules.LanguageRules` (see `generator.layer.registry`), and, for conformance, a driver
`generator/drivers/<name>.py`. It prints the decide stage's answers (`inp.decisions(ns)`, see
`generator.decide`): its names, union dispatch, defaults, graph facts, secret-carrying shapes;
and the layer's patterns in its dialect and typed constraints.

Targets only print: they read the IR (and, for validators and the JSON Schema bundle, the
normalised bundle) and never re-read `schema/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol

# declared in generator.packaging, which the configuration reads without loading a target; re-exported
from generator.packaging import BaseName, PackageName  # noqa: F401

if TYPE_CHECKING:  # annotations only: the contract loads no stage
    from generator import ir
    from generator.decide import Decided, DecidedNamespace

DEFAULT_VERSION = "0.1.0"


@dataclass(frozen=True)
class RenderInput:
    model: ir.Model
    # namespace name -> the normalised, bundled JSON Schema 2020-12 document (as written to
    # generated/jsonschema/<ns>.schema.json)
    bundles: Mapping[str, dict[str, Any]]
    # the [tool.shapegen] table of pyproject.toml, for target options ([tool.shapegen.<target>])
    options: Mapping[str, Any] = field(default_factory=dict)
    # namespace name -> the licence its spec's info.license gives (generator.identity), where it gives one
    licenses: Mapping[str, str] = field(default_factory=dict)
    # the decide stage's answers (generator.decide), made once by the pipeline for every target;
    # a caller that builds a RenderInput without them gets them decided on first use
    decided: Decided | None = None
    _decided: dict[str, Decided] = field(default_factory=dict, repr=False, compare=False)

    def decisions(self, ns: ir.Namespace) -> DecidedNamespace:
        """Every name and wire decision for `ns`, from the decide stage."""
        decided = self.decided
        if decided is None:
            decided = self._decided.get("model")
            if decided is None:
                from generator.decide import decide

                decided = self._decided["model"] = decide(self.model)
        return decided.of(ns)

    def target_options(self, target: str) -> Mapping[str, Any]:
        value = self.options.get(target, {})
        return value if isinstance(value, Mapping) else {}

    def package_version(self, target: str) -> str:
        """The version a target's package declares: `[tool.shapegen] version`, the one version of
        every generated package (what `shapegen breaking --check-version` checks), unless the
        target's own table overrides it."""
        own = self.target_options(target).get("version")
        return str(own if own is not None else self.options.get("version", DEFAULT_VERSION))


@dataclass(frozen=True)
class SourceTraits:
    """What `shapegen breaking` must know about the source a language prints, to tell which schema
    changes break code written against it. A language target declares its own as `SOURCE_TRAITS`
    next to its `RULES`; one that declares none gets these defaults (properties and enum members
    by their names, unions of types, no match that must name every case)."""

    # properties are printed by their wire names (TypeScript: an interface describes the JSON)
    fields_by_wire_name: bool = False
    # enum values are string literals (`Literal[...]`, `'a' | 'b'`), not named members, and an
    # open enum accepts any string: only a closed enum's removed value breaks code
    enum_values_as_literals: bool = False
    # an optional field has one type whether or not it is nullable (Python's `Optional[T]`)
    optional_nullable_same_type: bool = False
    # union variants are printed by their names (`Tool::Function`, a class per variant), not as
    # a union of the variants' types
    named_variants: bool = False
    # integer and number are one type: integer <-> number is no source change
    one_number_type: bool = False
    # a match over a closed enum or a union must name every case: a new value or variant breaks it
    exhaustive_closed_enums: bool = False
    # the same for open enums (their catch-all is one more case, not a wildcard)
    exhaustive_open_enums: bool = False


class Target(Protocol):
    name: str
    out_dir: str

    def owns(self, relpath: str) -> bool: ...

    def render(self, inp: RenderInput) -> dict[str, str]: ...


@dataclass(frozen=True)
class SimpleTarget:
    """A target whose behaviour is given by two functions; most targets are one of these."""

    name: str
    out_dir: str
    render_fn: Callable[[RenderInput], dict[str, str]]
    owns_fn: Callable[[str], bool] = lambda relpath: True
    # "black", "none", a callable (path, text, cache_dir) -> text, or None: by file extension
    formatter: Any = None

    def owns(self, relpath: str) -> bool:
        return self.owns_fn(relpath)

    def render(self, inp: RenderInput) -> dict[str, str]:
        return self.render_fn(inp)
