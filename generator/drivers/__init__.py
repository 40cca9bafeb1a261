"""Conformance drivers: one module per language, each with

    run(config: Config, items: list[tuple[str, str]]) -> list[dict]

`items` are (shape "ns:Name", raw payload text) in input order; the driver parses each text with
its language's own JSON parser and that language's generated code, and returns one result per
item, in order: {"ok": True, "json": <re-serialised value>} or {"ok": False, "error": "<pointer>: <message>"}.
A driver builds what it needs once and caches it outside generated/ (under .cache/conformance/<lang>).
"""
