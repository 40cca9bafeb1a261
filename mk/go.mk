# Go target: the toolchain its tests and conformance driver need, and its tests.
#
# Go itself (1.24 or later: `omitzero`) from Debian when it is missing; staticcheck at the version
# tests/go/conftest.py pins, installed with `go install` into .cache/toolchains/go/bin (never
# globally). The generated module needs nothing outside Go's standard library.

GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
GO_TOOLCHAIN := .cache/toolchains/go
STATICCHECK_VERSION := $(shell sed -n 's/^STATICCHECK_VERSION = "\(v[^"]*\)".*/\1/p' tests/go/conftest.py)

TOOLCHAINS += toolchain-go

.PHONY: toolchain-go test-go

toolchain-go:
	@test -x "$(GO)" || (apt-get update && apt-get install -y golang-go)
	@if [ "$$(cat $(GO_TOOLCHAIN)/staticcheck.version 2>/dev/null)" != "$(STATICCHECK_VERSION)" ] || \
	    [ ! -x $(GO_TOOLCHAIN)/bin/staticcheck ]; then \
	  mkdir -p $(GO_TOOLCHAIN)/bin && \
	  GOBIN=$(CURDIR)/$(GO_TOOLCHAIN)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) && \
	  echo -n $(STATICCHECK_VERSION) > $(GO_TOOLCHAIN)/staticcheck.version; \
	fi

test-go: setup toolchain-go
	$(PY) -m pytest -q tests/go
