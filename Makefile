# shapegen: regenerate everything with `make generate`, pass the tests with `make test`.
# Both set up what they need on a fresh machine (a .venv, and the toolchains the tests use).

PY := .venv/bin/python
VENV_STAMP := .venv/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

# target fragments (mk/<target>.mk) add their toolchain installers here
TOOLCHAINS :=

.PHONY: setup generate check test golden lint clean bench conformance

setup: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f .venv/.installed-*
	touch $@

generate: setup
	$(PY) -m generator generate

check: setup
	$(PY) -m generator check

golden: setup
	$(PY) tests/golden/golden.py

-include mk/*.mk

test: setup $(TOOLCHAINS)
	$(PY) -m generator check
	$(PY) -m pytest -q

lint: setup
	$(PY) -m black --check --quiet generator tests/*.py tests/*/*.py bench
	$(PY) -m mypy generator

clean:
	rm -rf .venv .cache .pytest_cache .mypy_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

conformance: setup $(TOOLCHAINS)
	$(PY) tests/conformance/matrix.py
