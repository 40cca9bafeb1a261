"""Each generated package declares its licence and repository the way its ecosystem reads them:
from `[tool.shapegen] license` / `repository`, else the licence from the specs' `info.license`,
and no key at all when nothing gives one (a licence is never guessed). The packaging tools see
complete metadata: `cargo package` has nothing to warn about, `npm pack` lists the manifest as
written, and setuptools builds a wheel whose METADATA carries the licence expression and URL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.cli import main

SPEC = """\
openapi: 3.1.0
info:
  title: Shop API
  version: "1.0"
{license}paths:
  /orders:
    post:
      operationId: placeOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Order'}}
      responses:
        '200':
          description: placed
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Order'}}
components:
  schemas:
    Order:
      type: object
      required: [sku]
      properties:
        sku: {{type: string}}
"""

TARGETS = '["python", "typescript", "rust", "csharp", "dart", "go"]'
REPOSITORY = "https://github.com/acme/shop-shapes"


def project(folder: Path, config: str = "", spec_license: str = "") -> Path:
    (folder / "api").mkdir(parents=True)
    (folder / "api" / "shop.yaml").write_text(SPEC.format(license=spec_license), encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        f'[tool.shapegen]\nname = "shop-shapes"\ntargets = {TARGETS}\n{config}\n'
        '[tool.shapegen.namespaces]\nshop = "api/shop.yaml"\n',
        encoding="utf-8",
    )
    assert main(["--project", str(folder), "generate"]) == 0
    return folder / "generated"


def manifests(out: Path) -> dict[str, dict[str, str | None]]:
    """What each manifest says about the licence and the repository (None: the key is absent)."""
    py = tomllib.loads((out / "python" / "pyproject.toml").read_text())["project"]
    npm = json.loads((out / "typescript" / "package.json").read_text())
    cargo = tomllib.loads((out / "rust" / "Cargo.toml").read_text())["package"]
    csproj = ET.parse(next((out / "csharp").glob("*.csproj"))).getroot()
    pub = yaml.safe_load((out / "dart" / "pubspec.yaml").read_text())
    return {
        "python": {"license": py.get("license"), "repository": py.get("urls", {}).get("Repository")},
        "typescript": {"license": npm.get("license"), "repository": npm.get("repository", {}).get("url")},
        "rust": {"license": cargo.get("license"), "repository": cargo.get("repository")},
        "csharp": {
            "license": csproj.findtext("PropertyGroup/PackageLicenseExpression"),
            "repository": csproj.findtext("PropertyGroup/RepositoryUrl"),
        },
        "dart": {"license": None, "repository": pub.get("repository")},  # pub reads a LICENSE file
    }


def test_the_configured_licence_and_repository_reach_every_manifest(tmp_path):
    out = project(tmp_path, f'license = "Apache-2.0 OR MIT"\nrepository = "{REPOSITORY}"\n')
    found = manifests(out)
    npm_url = "git+https://github.com/acme/shop-shapes.git"  # as npm writes a GitHub URL
    assert found == {
        "python": {"license": "Apache-2.0 OR MIT", "repository": REPOSITORY},
        "typescript": {"license": "Apache-2.0 OR MIT", "repository": npm_url},
        "rust": {"license": "Apache-2.0 OR MIT", "repository": REPOSITORY},
        "csharp": {"license": "Apache-2.0 OR MIT", "repository": REPOSITORY},
        "dart": {"license": None, "repository": REPOSITORY},
    }
    assert (out / "go" / "go.mod").read_text().startswith("module ")  # go.mod has no such keys
    # a PEP 639 licence expression needs a setuptools that reads it
    assert 'requires = ["setuptools>=77"]' in (out / "python" / "pyproject.toml").read_text()


@pytest.mark.parametrize(
    "spec_license, expected",
    [
        ("  license:\n    name: MIT License\n    identifier: MIT\n", "MIT"),
        ("  license:\n    name: Apache-2.0\n    url: https://www.apache.org/licenses/LICENSE-2.0\n", "Apache-2.0"),
        # a name that is not an SPDX expression says which licence only to a reader: no key
        ("  license:\n    name: Apache 2.0\n", None),
        ("", None),
    ],
    ids=["identifier", "spdx-name", "prose-name", "none"],
)
def test_without_a_configured_licence_the_spec_gives_it_or_no_key_is_written(tmp_path, spec_license, expected):
    found = manifests(project(tmp_path, spec_license=spec_license))
    assert {lang: m["license"] for lang, m in found.items() if lang != "dart"} == dict.fromkeys(
        ["python", "typescript", "rust", "csharp"], expected
    )
    assert all(m["repository"] is None for m in found.values())
    pyproject = (tmp_path / "generated" / "python" / "pyproject.toml").read_text()
    assert ("license" in pyproject) == (expected is not None) and "[project.urls]" not in pyproject


def test_the_configured_licence_wins_over_the_spec(tmp_path):
    found = manifests(
        project(tmp_path, 'license = "LicenseRef-Acme"\n', "  license:\n    name: MIT\n    identifier: MIT\n")
    )
    assert found["rust"]["license"] == "LicenseRef-Acme" and found["python"]["license"] == "LicenseRef-Acme"


def test_a_licence_that_is_not_an_spdx_expression_is_refused_with_its_line(tmp_path, capsys):
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "shop.yaml").write_text(SPEC.format(license=""), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.shapegen]\nlicense = "Apache 2"\n[tool.shapegen.namespaces]\nshop = "api/shop.yaml"\n'
    )
    assert main(["--project", str(tmp_path), "generate"]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml:2" in err and "license" in err


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Path:
    out = project(tmp_path_factory.mktemp("complete"), f'license = "MIT"\nrepository = "{REPOSITORY}"\n')
    return out


def test_cargo_package_finds_nothing_missing(complete):
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.skip("cargo is not installed")
    env = dict(os.environ, CARGO_BUILD_JOBS="1", CARGO_TARGET_DIR=str(complete / "rust" / "target"))
    listed = subprocess.run(
        [cargo, "package", "--allow-dirty", "--no-verify", "--list", "--offline"],
        cwd=complete / "rust",
        capture_output=True,
        text=True,
        env=env,
    )
    assert listed.returncode == 0, listed.stderr
    assert "warning" not in listed.stderr, listed.stderr
    assert {"Cargo.toml", "src/lib.rs"} <= set(listed.stdout.split())


def test_npm_pack_carries_the_licence_and_repository(complete):
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    env = dict(os.environ, npm_config_audit="false", npm_config_fund="false", npm_config_update_notifier="false")
    # --ignore-scripts: the listing, not the build (tests/consumers/test_typescript.py builds it)
    packed = subprocess.run(
        [npm, "pack", "--dry-run", "--json", "--ignore-scripts"],
        cwd=complete / "typescript",
        capture_output=True,
        text=True,
        env=env,
    )
    assert packed.returncode == 0, packed.stderr
    assert "warn" not in packed.stderr.lower(), packed.stderr
    listing = json.loads(packed.stdout)[0]
    assert "package.json" in {f["path"] for f in listing["files"]}
    manifest = json.loads((complete / "typescript" / "package.json").read_text())
    assert manifest["license"] == "MIT"
    assert manifest["repository"] == {"type": "git", "url": "git+https://github.com/acme/shop-shapes.git"}


def test_the_wheel_metadata_carries_the_licence_expression_and_the_url(complete, tmp_path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "-w",
            str(tmp_path),
        ]
        + [str(complete / "python")],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0 and "Could not find a version that satisfies" in built.stderr:
        pytest.skip("setuptools>=77 cannot be fetched here")
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        metadata = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata.splitlines()
    assert f"Project-URL: Repository, {REPOSITORY}" in metadata.splitlines()
    assert "warning" not in built.stderr.lower(), built.stderr
