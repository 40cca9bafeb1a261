# The TypeScript target: its pinned compiler and its tests.
#
# typescript@<pinned> (generator/targets/typescript.py: TYPESCRIPT_VERSION) is installed with npm
# into .cache/toolchains/typescript, never globally; the tests install it the same way when it is
# missing (generator/drivers/typescript.py: ensure_toolchain).

TS_TOOLCHAIN := .cache/toolchains/typescript

TOOLCHAINS += toolchain-typescript

.PHONY: toolchain-typescript test-typescript test-typescript-runtime typecheck-typescript

toolchain-typescript: setup
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || \
	  (apt-get update && apt-get install -y nodejs npm)
	$(PY) -m generator.drivers.typescript

# type-check the committed generated/typescript package with the pinned compiler
typecheck-typescript: toolchain-typescript
	node $(TS_TOOLCHAIN)/node_modules/typescript/bin/tsc -p generated/typescript --noEmit

test-typescript: setup toolchain-typescript
	$(PY) -m pytest -q tests/typescript

# the runtime's own tests (tests/typescript/runtime/runtime.test.ts) under `node --test`
test-typescript-runtime: setup toolchain-typescript
	$(PY) -m pytest -q tests/typescript/test_runtime_node.py
