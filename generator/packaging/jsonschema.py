"""The jsonschema target writes the bundled schema documents, not a package: it has no
package-name key."""

PACKAGE_NAME = None
