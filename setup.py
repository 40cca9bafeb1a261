"""The one part of the build pyproject.toml cannot say: the package list is found rather than
written down, and templates/ (the copy to edit) ships inside the package as generator/templates,
every folder of it, so an installed shapegen has its templates and runtimes."""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"

TEMPLATE_PACKAGES = ["generator.templates"] + sorted(
    "generator.templates." + ".".join(p.relative_to(TEMPLATES).parts) for p in TEMPLATES.rglob("*") if p.is_dir()
)

setup(
    packages=find_packages(include=["generator", "generator.*"]) + TEMPLATE_PACKAGES,
    package_dir={"generator.templates": "templates"},
    # every file of every templates/ folder, whatever its extension; the configuration's JSON Schema
    package_data={"generator": ["*.json"], **{package: ["*"] for package in TEMPLATE_PACKAGES}},
)
