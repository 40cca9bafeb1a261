# Interop tier (tests/interop): the SDKs people use beside shapegen's packages, pinned in
# tests/interop/requirements.txt, installed into .venv once per version of that file (`make test` and
# `make test-interop` depend on it through TOOLCHAINS). --no-compile: the OCI SDK is 17,900 modules,
# of which the tests import about 400; compiling them all to bytecode was most of the install's CPU.

INTEROP_STAMP := .venv/.interop-$(shell cksum < tests/interop/requirements.txt | cut -d' ' -f1)

TOOLCHAINS += toolchain-interop

.PHONY: toolchain-interop

toolchain-interop: $(INTEROP_STAMP)

$(INTEROP_STAMP): tests/interop/requirements.txt $(VENV_STAMP)
	$(PY) -m pip install --quiet --no-compile -r tests/interop/requirements.txt
	rm -f .venv/.interop-*
	touch $@
