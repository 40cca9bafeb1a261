"""The one part of the build pyproject.toml cannot say: the package list is found rather than
written down, and templates/ (the copy to edit) ships inside the package as generator/templates,
every folder of it, so an installed shapegen has its templates and runtimes."""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"

setup(
    packages=find_packages(include=["generator", "generator.*"])
    + ["generator.templates"]
    + sorted(
        "generator.templates." + ".".join(p.relative_to(TEMPLATES).parts) for p in TEMPLATES.rglob("*") if p.is_dir()
    ),
    package_dir={"generator.templates": "templates"},
)
