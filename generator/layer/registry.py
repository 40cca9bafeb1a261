"""The language registry: every language is discovered from the files that make it, never listed.

- A **target** is a module in `generator/targets/` that defines `TARGET` (`generator.targets`).
- A **language** is a target whose module also defines `RULES`, a `generator.naming.LanguageRules`
  (python, typescript, rust, csharp, dart): it prints identifiers, so it has names. Beside them
  it may declare `SOURCE_TRAITS` (`generator.targets.base.SourceTraits`), what `shapegen
  breaking` must know of the source it prints.
  Its `PACKAGE_NAME` (`generator.packaging.PackageName`), the configuration key that names its
  package, which `generator.config` checks and derives (`package_names()`), is declared in
  `generator/packaging/<lang>.py`, read without importing the target (or in the target's module).
- A **conformance driver** is a module `generator/drivers/<lang>.py` with
  `run(config, items) -> results` (see `generator.drivers`). The languages with a driver are
  the CLI's `conformance --lang` choices, `generator.conformance`'s languages, the test
  parametrisation and `make conformance`'s columns.
- A **formatter** is chosen by the target: `TARGET.formatter` is `"black"` (Python's real
  formatter, cached), `"none"` (the templates emit formatted text), or a callable
  `(relpath, text, cache_dir) -> text`. A target that says nothing keeps the old rule
  (black for `.py`/`.pyi`, the text as it is otherwise) — see `generator.format.format_for`.

Adding a language is adding files: `generator/targets/<lang>.py` (+ `templates/<lang>/`),
optionally `generator/packaging/<lang>.py` and `generator/drivers/<lang>.py`; nothing else changes. Discovery reads each package's
`__path__`, so a test can put a throwaway target in a temporary folder by extending it.

`names_by_language(namespace)` runs every language's naming pass: the docs show each
language's names for each shape and field.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable

from generator import ir
from generator.naming import LanguageRules, Names
from generator.targets.base import PackageName, SourceTraits


@dataclass(frozen=True)
class Language:
    name: str
    target: Any  # generator.targets.base.Target
    rules: LanguageRules
    driver: str | None  # the driver module's name, when the language has one
    # what `shapegen breaking` must know of the source it prints (the module's SOURCE_TRAITS)
    source_traits: SourceTraits = SourceTraits()

    def names(self, namespace: ir.Namespace) -> Names:
        """The names this language's generated code really prints for `namespace`: the decide
        stage's (the naming pass with the language's own rules, `LanguageRules.refine` and
        `refine_decided` applied)."""
        from generator.decide import decide_namespace

        return decide_namespace(namespace, {self.name: self.rules}).names(self.name)


def _modules(package: str) -> list[ModuleType]:
    pkg = importlib.import_module(package)
    out = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name == "base" or info.name.startswith("_"):
            continue
        out.append(importlib.import_module(f"{package}.{info.name}"))
    return out


def driver_names() -> tuple[str, ...]:
    """Every conformance driver found in `generator/drivers/`, by name."""
    return tuple(
        m.__name__.rsplit(".", 1)[1] for m in _modules("generator.drivers") if callable(getattr(m, "run", None))
    )


def languages() -> dict[str, Language]:
    """Every language (a target with naming rules), by target name, in name order."""
    drivers = set(driver_names())
    out: dict[str, Language] = {}
    for module in _modules("generator.targets"):
        target = getattr(module, "TARGET", None)
        rules = getattr(module, "RULES", None)
        if target is None or not isinstance(rules, LanguageRules):
            continue
        traits = getattr(module, "SOURCE_TRAITS", None)
        out[target.name] = Language(
            target.name,
            target,
            rules,
            target.name if target.name in drivers else None,
            traits if isinstance(traits, SourceTraits) else SourceTraits(),
        )
    return out


def package_names() -> dict[str, PackageName]:
    """Each language's package-name key (its `PACKAGE_NAME`), by target name, in name order: what
    the configuration checks and derives for it (`generator.config.package_names`)."""
    from generator.config import package_names as declared

    return declared()


def conformance_languages() -> tuple[str, ...]:
    """The languages `shapegen conformance --lang` accepts: those with a driver, in a stable
    order (the first three as they have always been listed, then the others by name)."""
    found = driver_names()
    first = [lang for lang in ("python", "typescript", "rust") if lang in found]
    return tuple(first + sorted(lang for lang in found if lang not in first))


def names_by_language(namespace: ir.Namespace) -> dict[str, Names]:
    """Each language's names for this namespace (the naming stage of every language, once)."""
    from generator.decide import decide_namespace

    found = languages()
    decided = decide_namespace(namespace, {name: lang.rules for name, lang in found.items()})
    return {name: decided.names(name) for name in found}
