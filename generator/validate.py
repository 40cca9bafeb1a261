"""`shapegen validate`: a payload against one shape, through the compiled validators (the same code
the `validators` target writes to generated/python)."""

from __future__ import annotations

from typing import Any, Callable

from generator import pipeline
from generator.config import Config
from generator.errors import ShapegenError

Checker = Callable[[Any], list[tuple[str, str]]]


def _fingerprint(config: Config) -> tuple[tuple[str, int, int], ...]:
    """What the model depends on: every schema file's path, size and modification time."""
    folders = {path.parent for path in config.namespaces.values()}
    files = sorted({p for folder in folders for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".json")})
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


_CACHE: dict[tuple[Any, ...], tuple[Any, Any]] = {}


def _load(config: Config) -> tuple[Any, Any]:
    key = (str(config.root), _fingerprint(config))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = pipeline.load_model(config)
    return _CACHE[key]


def validator_for(config: Config, namespace: str, shape: str) -> Checker:
    model, bundles = _load(config)
    bundle = bundles[namespace]
    if shape not in bundle.defs:
        known = ", ".join(s.name for s in model.namespaces[list(config.namespaces).index(namespace)].top_level)
        raise ShapegenError(f"{namespace} has no shape named {shape!r}", hint=f"top-level shapes: {known}")
    from generator.targets.validators import compile_options, entries_for
    from generator.validators import compile_module

    ((_, snake, pointer),) = entries_for([shape])
    module = compile_module(
        bundle.published(), [(shape, snake, pointer)], **compile_options(config.options.get("validators", {}))
    )
    validate = getattr(module, f"validate_{snake}")

    def check(instance: Any) -> list[tuple[str, str]]:
        return [(e.instance_location, e.message) for e in validate(instance)]

    return check
