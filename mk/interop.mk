# Interop tier (tests/interop): the SDKs people use beside shapegen's packages, pinned in
# tests/interop/requirements.txt, installed into .venv once per version of that file (`make test` and
# `make test-interop` depend on it through TOOLCHAINS).

INTEROP_STAMP := .venv/.interop-$(shell cksum < tests/interop/requirements.txt | cut -d' ' -f1)

TOOLCHAINS += toolchain-interop

.PHONY: toolchain-interop

toolchain-interop: $(INTEROP_STAMP)

$(INTEROP_STAMP): tests/interop/requirements.txt $(VENV_STAMP)
	$(PY) -m pip install --quiet -r tests/interop/requirements.txt
	rm -f .venv/.interop-*
	touch $@
