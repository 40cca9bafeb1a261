"""The C# consumer (tests/consumers/csharp): the generated project's sources built into a library
with mono's mcs, as its csproj builds them, and the consumer compiled against that library
(C# 7.2, warnings as errors), then run under mono. Consumer.csproj is how a .NET app references the
generated project (a ProjectReference); no dotnet SDK is on these machines to build it that way."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.drivers.csharp import compile_command
from tests.conftest import GENERATED
from tests.csharp.build import ensure_toolchain, toolchain_missing

CONSUMER = Path(__file__).resolve().parent / "csharp"
PROJECT = GENERATED / "csharp"


def _sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.cs") if not {"bin", "obj"} & set(p.relative_to(folder).parts))


def test_the_generated_project_is_an_sdk_style_library_the_consumer_references():
    (csproj,) = PROJECT.glob("*.csproj")
    root = ET.parse(csproj).getroot()
    assert root.tag == "Project" and root.get("Sdk") == "Microsoft.NET.Sdk"
    assert root.findtext("PropertyGroup/TargetFramework") == "netstandard2.0"
    packages = {r.get("Include") for r in root.iter("PackageReference")}
    assert {"Newtonsoft.Json", "System.ComponentModel.Annotations"} <= packages
    consumer = ET.parse(CONSUMER / "Consumer.csproj").getroot()
    (reference,) = [r.get("Include") for r in consumer.iter("ProjectReference")]
    assert (CONSUMER / reference).resolve() == csproj.resolve()


def test_the_consumer_compiles_warning_free_against_the_built_library_and_runs(tmp_path):
    ensure_toolchain()
    if toolchain_missing():
        pytest.fail(f"the C# toolchain is missing: {toolchain_missing()}")
    library = tmp_path / "RealtimeShapes.dll"
    built = subprocess.run(compile_command(library, _sources(PROJECT), library=True), capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-5000:] + built.stderr[-2000:]
    exe = tmp_path / "Consumer.exe"
    command = compile_command(exe, _sources(CONSUMER), extra=(f"-r:{library}",))
    compiled = subprocess.run(command, capture_output=True, text=True)
    assert compiled.returncode == 0, compiled.stdout[-5000:] + compiled.stderr[-2000:]
    ran = subprocess.run(["mono", str(exe)], capture_output=True, text=True, encoding="utf-8")
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-3000:]
    assert ran.stdout.splitlines()[-1] == "csharp consumer: ok"
    assert "ek_consumer_secret" not in ran.stdout
