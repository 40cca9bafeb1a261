"""Compatibility: what a schema change breaks, for whom, in which language.

`shapegen breaking --against REF` compares `schema/` now with `schema/` at a git revision or in
another folder; `shapegen upstream --spec FILE` compares each shape with the vendor's own schema
named by its `x-shapegen-upstream` pointer. Both sides go through the same load -> normalise ->
lower pipeline and one engine (`engine.compare`) classifies every difference by rule
(`rules.RULES`), level and category (`wire`, or `source:<language>` from each target's naming).
"""
