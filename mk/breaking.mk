# shapegen breaking: what schema/ on this branch breaks against the merge base with main.
# BREAKING_BASE overrides the branch to compare with; BREAKING_ARGS adds options
# (e.g. BREAKING_ARGS="--format markdown --check-version").

BREAKING_BASE ?= main

.PHONY: breaking

breaking: setup
	$(PY) -m generator breaking --against "$$(git merge-base HEAD $(BREAKING_BASE))" $(BREAKING_ARGS)
