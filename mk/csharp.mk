# C# target: mono's C# compiler (C# 7.2), its runtime and Newtonsoft.Json, from Debian, for the
# compile tests and the conformance driver; and the C# tests.

TOOLCHAINS += toolchain-csharp

.PHONY: toolchain-csharp test-csharp

toolchain-csharp:
	@if ! command -v mcs >/dev/null 2>&1 || ! command -v mono >/dev/null 2>&1 \
	    || ! ls /usr/lib/mono/gac/Newtonsoft.Json/*/Newtonsoft.Json.dll >/dev/null 2>&1 \
	    || ! ls /usr/lib/mono/4.5/System.ComponentModel.DataAnnotations.dll >/dev/null 2>&1; then \
	  apt-get update && apt-get install -y mono-mcs mono-runtime libnewtonsoft-json-cil-dev \
	    libmono-system-componentmodel-dataannotations4.0-cil libmono-system-runtime-serialization4.0-cil \
	    libmono-system-numerics4.0-cil; \
	fi

test-csharp: setup toolchain-csharp
	$(PY) -m pytest -q tests/csharp
