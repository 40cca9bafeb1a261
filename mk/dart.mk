# Dart target: no Dart SDK is reachable from these machines, so its tests check the generated
# package through tree-sitter-dart (a dev dependency in pyproject.toml, installed by `setup`).

.PHONY: test-dart

test-dart: setup
	$(PY) -m pytest -q tests/dart
