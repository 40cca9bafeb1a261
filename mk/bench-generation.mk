# Generation benchmark (bench/generation.py): shapegen on the vendor spec and on schema/, cold and
# warm, beside datamodel-code-generator and quicktype (npm-installed into .cache/quicktype).

.PHONY: bench-generation

bench: bench-generation

## bench-generation: time generation against datamodel-code-generator and quicktype
bench-generation: setup
	$(PY) bench/generation.py $(BENCH_ARGS)
