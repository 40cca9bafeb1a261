"""The docs target writes pages, not a package: it has no package-name key."""

PACKAGE_NAME = None
