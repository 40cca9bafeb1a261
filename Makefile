# shapegen: regenerate everything with `make generate`, pass the tests with `make test`.
# Both set up what they need on a fresh machine (a .venv, and the toolchains the tests use).

PY := .venv/bin/python
VENV_STAMP := .venv/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

# target fragments (mk/<target>.mk) add their toolchain installers here
TOOLCHAINS :=

.PHONY: setup generate check test test-fast test-slow test-golden test-toolchain test-interop test-scale test-no-shared fuzz \
	golden lint clean bench conformance

setup: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	python3 -m venv .venv
	# --no-compile: Python writes a module's bytecode when it first imports it, so pip need not
	# compile every module of every tool up front (most of mypy's, pyright's and hypothesis's are
	# never imported by a run)
	$(PY) -m pip install --quiet --no-compile --upgrade pip
	$(PY) -m pip install --quiet --no-compile -e '.[dev]'
	rm -f .venv/.installed-*
	touch $@

generate: setup
	$(PY) -m generator generate

check: setup
	$(PY) -m generator check

golden: setup
	$(PY) tests/golden/golden.py

-include mk/*.mk

# every tier, in one run on TEST_JOBS workers (pytest-xdist; tests/conftest.py groups the tests
# that share a build and starts the long compiler runs first, and prints each tier's count, wall
# and CPU time at the end). TEST_JOBS=0 runs in one process.
TEST_JOBS ?= 2
XDIST = $(if $(filter-out 0,$(TEST_JOBS)),-n $(TEST_JOBS) --dist loadgroup --no-loadscope-reorder)

test: setup $(TOOLCHAINS)
	$(PY) -m generator check
	$(PY) -m pytest -q $(XDIST)

# one tier at a time (pyproject.toml [tool.pytest.ini_options] markers); a tier that selects no
# test fails (pytest exit 5). test-fast is the edit loop: it refuses to start any compiler.
test-fast: setup
	SHAPEGEN_TIER=fast $(PY) -m pytest -q -m fast

test-slow: setup
	$(PY) -m pytest -q $(XDIST) -m slow

test-golden: setup
	$(PY) -m pytest -q -m golden

test-toolchain: setup $(TOOLCHAINS)
	$(PY) -m pytest -q $(XDIST) -m toolchain

test-interop: setup $(TOOLCHAINS)
	$(PY) -m pytest -q $(XDIST) -m interop

test-scale: setup $(TOOLCHAINS)
	$(PY) -m pytest -q $(XDIST) -m scale

# a user's clone, simulated: ../shared hidden from the guard (tests/conftest.py: SHAPEGEN_SHARED),
# CI unset. Every test that needs no compiler must pass or skip with its reason; one that reaches
# ../shared without require_shared() fails here. On TEST_JOBS workers, as `make test`.
test-no-shared: setup
	CI= SHAPEGEN_SHARED=$(CURDIR)/.cache/no-shared-here SHAPEGEN_TIER=fast $(PY) -m pytest -q -p no:cacheprovider $(XDIST) -m fast

# property tests with new random examples, many more of them; never part of `make test`
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/unit/test_quoting_python.py tests/quoting \
	  tests/validators/test_differential.py

lint: setup
	$(PY) -m black --check --quiet generator tests/*.py tests/*/*.py bench
	$(PY) -m mypy generator

clean:
	rm -rf .venv .cache .pytest_cache .mypy_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

conformance: setup $(TOOLCHAINS)
	$(PY) tests/conformance/matrix.py
