"""The language layer: every wire decision a target would otherwise make itself, made once.

Targets (and the validators compiler) call these; they print the answers, never re-decide:

- `patterns`: `Pattern` (the ECMA-262 source + where it was written) and its translation per
  dialect (`python-re`, `ecma`, `regress`, `dotnet`); ReDoS risk decided once (`redos`).
- `unions`: `dispatch(union, namespace)` -> `ByTag` / `ByJsonType` / `InOrder`, and
  `detect_tag(branch_schemas)`, the one tag detection shared by the lowering and the validators
  compiler.
- `defaults`: `default_of(field, namespace)` -> how each kind of type carries a field's default.
- `facts`: typed constraints (`constraints_of`) and graph facts (`graph`: references, cycles
  that need indirection, shapes used only as variants).
- `names`: the naming stage (`generator.naming` holds the rules and the per-language pass).
- `registry`: the languages (targets with `RULES`, their drivers and formatters), discovered;
  `names_by_language(ns)` gives every language's names (for the docs).
- `irtext`: the IR, its decisions and every language's names as text (the IR goldens).
- `ecma`, `charset`: the ECMA-262 pattern parser and code-point sets behind `patterns`/`redos`.

The naming stage itself is `generator.naming` (`assign`, `LanguageRules`, `Associated`).

Each module's docstring is its contract.
"""
