"""The language layer: every wire decision a target would otherwise make itself, made once.

The decide stage (`generator.decide`) calls these once per namespace and hands the answers to
every target (`RenderInput.decisions`); targets print them and never call the deciding functions
themselves (tests/decided/test_targets_only_print.py). The validators compiler uses the pattern
dialects and tag detection directly:

- `patterns`: `Pattern` (the ECMA-262 source + where it was written) and its translation per
  dialect (`python-re`, `ecma`, `regress`, `dotnet`); ReDoS risk decided once (`redos`).
- `unions`: `dispatch(union, namespace)` -> `ByTag` / `ByJsonType` / `InOrder`, and
  `detect_tag(branch_schemas)`, the one tag detection shared by the lowering and the validators
  compiler.
- `defaults`: `default_of(field, namespace)` -> how each kind of type carries a field's default.
- `facts`: typed constraints (`constraints_of`) and graph facts (`graph`: references, cycles
  that need indirection, shapes used only as variants).
- `names`: the naming stage (`generator.naming` runs the per-language pass; `generator.rules`
  holds what a language declares: case styles, `LanguageRules` with its `refine` and
  `module_case` hooks, `Associated`, and the `Names` it gets).
- `registry`: the languages (targets with `RULES` and `SOURCE_TRAITS`, their drivers and
  formatters), discovered.
- `python_re`: the `python-re` dialect (ECMA-262 to Python `re`), shared with the validators.
- `irtext`: the IR, its decisions and every language's names as text (the IR goldens).
- `ecma`, `charset`: the ECMA-262 pattern parser and code-point sets behind `patterns`/`redos`.

The naming stage itself is `generator.naming` (`assign`); the walk over the IR's types is
`generator.ir` (`children`, `walk`, `refs`, `shape_refs`).

Each module's docstring is its contract.
"""
