# Compiled validators (generator/validators, the `validators` target): benchmark and conformance.
# Included by the main Makefile, which defines PY (the venv's python).

.PHONY: bench bench-validators bench-validators-mypyc conformance-validators

bench: bench-validators

## bench-validators: time the compiled validators against jsonschema, jsonschema-rs, fastjsonschema, pydantic
bench-validators: setup
	$(PY) bench/validators.py

## bench-validators-mypyc: the same, plus the generated module compiled with mypyc
bench-validators-mypyc: setup
	$(PY) bench/validators.py --mypyc

## conformance-validators: JSON-Schema-Test-Suite pass counts (required / optional / format)
conformance-validators: setup
	$(PY) -m tests.validators.suite
