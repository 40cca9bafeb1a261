# Compiled validators (generator/validators, the `validators` target): benchmark and conformance.
# Included by the main Makefile, which defines PY (the venv's python).

.PHONY: bench bench-validators bench-validators-mypyc conformance-validators validators-mypyc

bench: bench-validators

## bench-validators: time the compiled validators against jsonschema, jsonschema-rs, fastjsonschema, pydantic
bench-validators: setup
	$(PY) bench/validators.py

## bench-validators-mypyc: the same, plus the compiled build (validators-mypyc, rebuilt when stale)
bench-validators-mypyc: setup
	$(PY) bench/validators.py --mypyc

## validators-mypyc: optional compiled build of generated/python's validators modules with mypyc
## (from PyPI, with mypy) into build/validators-mypyc; use it with PYTHONPATH=build/validators-mypyc.
## The pure-Python modules stay the default; rebuild after `make generate`.
validators-mypyc: setup
	$(PY) -m generator.validators.mypyc_build --package generated/python --out build/validators-mypyc

## conformance-validators: JSON-Schema-Test-Suite pass counts (required / optional / format)
conformance-validators: setup
	$(PY) -m tests.validators.suite
