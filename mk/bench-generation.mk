# Generation benchmark (bench/generation.py): shapegen on schema/ and on the vendor spec, cold,
# warm after one edit and no-op, all targets and each alone, side by side with
# datamodel-code-generator (and quicktype, npm-installed into .cache/quicktype) in one invocation,
# then growth with input size (bench/growth.py). BENCH_ARGS passes options (e.g. --runs 5,
# --no-growth, --only schema). The `shapegen breaking` benchmark (bench/breaking.py) runs too.

.PHONY: bench-generation bench-breaking

bench: bench-generation bench-breaking

## bench-generation: time generation against datamodel-code-generator and quicktype, and its growth
bench-generation: setup
	$(PY) bench/generation.py $(BENCH_ARGS)

## bench-breaking: time `shapegen breaking` on the vendor spec as a user runs it
bench-breaking: setup
	$(PY) bench/breaking.py
