"""The validators target writes into the python target's package (`[tool.shapegen.python]
package`): it has no package-name key of its own."""

PACKAGE_NAME = None
