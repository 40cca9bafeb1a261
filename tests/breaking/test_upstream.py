"""`shapegen upstream`: differences with the vendor's schema, accounted for by a deviation note or
reported as drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.breaking.project import write_project
from tests.conftest import REPO

S = {"type": "string"}


def vendor(tmp: Path, schemas: dict) -> Path:
    path = tmp / "vendor.yaml"
    doc = {"openapi": "3.1.0", "info": {"title": "v", "version": "1"}, "components": {"schemas": schemas}}
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def ours(tmp: Path, props: dict, **extra) -> Path:
    thing = {"type": "object", "properties": props, "x-shapegen-upstream": "#/components/schemas/Theirs", **extra}
    return write_project(tmp / "project", {"Thing": thing}, {"Thing": "request"})


def upstream(capsys, project: Path, spec: Path) -> tuple[int, dict]:
    code = main(["--project", str(project), "upstream", "--spec", str(spec), "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def test_a_difference_without_a_deviation_note_is_drift(tmp_path: Path, capsys) -> None:
    spec = vendor(tmp_path, {"Theirs": {"type": "object", "properties": {"a": S, "b": S}}})
    code, report = upstream(capsys, ours(tmp_path, {"a": S}), spec)
    assert code == 1
    assert [(f["rule"], f["path"], "accepted" in f) for f in report["findings"]] == [
        ("request-property-added", "t:Thing.b", False)
    ]


def test_a_deviation_note_on_the_property_accounts_for_its_difference(tmp_path: Path, capsys) -> None:
    spec = vendor(tmp_path, {"Theirs": {"type": "object", "properties": {"a": S}}})
    project = ours(tmp_path, {"a": {"type": "string", "maxLength": 9, "x-shapegen-deviation": "prose-only upstream"}})
    code, report = upstream(capsys, project, spec)
    assert code == 0
    assert [(f["rule"], f["accepted"]) for f in report["findings"]] == [
        ("request-length-widened", "prose-only upstream")
    ]


def test_a_note_on_the_shape_covers_what_the_shape_itself_writes(tmp_path: Path, capsys) -> None:
    spec = vendor(tmp_path, {"Theirs": {"type": "object", "properties": {"a": S}, "required": ["a"]}})
    project = ours(tmp_path, {"a": S}, **{"x-shapegen-deviation": "`a` is optional here"})
    code, report = upstream(capsys, project, spec)
    assert code == 0 and [f["rule"] for f in report["findings"]] == ["request-property-became-required"]


def test_names_may_differ_and_the_wire_policy_is_not_a_difference(tmp_path: Path, capsys) -> None:
    # the vendor's schema is open (a part no body reaches); ours is a closed request body
    spec = vendor(tmp_path, {"Theirs": {"type": "object", "properties": {"a": S}}})
    code, report = upstream(capsys, ours(tmp_path, {"a": S}), spec)
    assert (code, report["findings"]) == (0, [])


def test_a_pointer_to_a_schema_the_spec_lacks_is_a_user_error(tmp_path: Path, capsys) -> None:
    spec = vendor(tmp_path, {"Other": {"type": "object", "properties": {"a": S}}})
    assert main(["--project", str(ours(tmp_path, {"a": S})), "upstream", "--spec", str(spec)]) == 2
    err = capsys.readouterr().err
    assert "x-shapegen-upstream '#/components/schemas/Theirs' names no schema" in err
    assert "schema/t.yaml:" in err


@pytest.fixture(scope="module")
def project_report(shared: Path) -> dict:
    from generator.compat.upstream import run
    from generator.config import load_config

    findings, _, extra = run(load_config(REPO), shared / "specs" / "openai-openapi.yaml")
    return {"findings": findings, "extra": extra}


def test_the_project_schema_differs_from_upstream_only_by_notes_or_by_the_listed_drift(project_report) -> None:
    expected = json.loads((Path(__file__).parent / "upstream_drift.json").read_text())["drift"]
    drift = sorted((f.rule, f.path) for f in project_report["findings"] if f.accepted is None)
    assert drift == sorted((d["rule"], d["path"]) for d in expected)


def test_every_shape_with_an_upstream_counterpart_is_compared(project_report) -> None:
    assert project_report["extra"]["shapes"] == 27
    accounted = [f for f in project_report["findings"] if f.accepted is not None]
    assert accounted and all(f.accepted.strip() for f in accounted)


def test_a_note_on_the_property_that_leads_to_a_part_covers_the_differences_inside_it(tmp_path: Path, capsys) -> None:
    spec = vendor(
        tmp_path,
        {
            "Theirs": {"type": "object", "properties": {"audio": {"$ref": "#/components/schemas/TheirAudio"}}},
            "TheirAudio": {"type": "object", "properties": {"rate": {"type": "integer"}}},
        },
    )
    audio = {"$ref": "#/components/schemas/Audio", "x-shapegen-deviation": "our audio takes a number"}
    thing = {"type": "object", "properties": {"audio": audio}, "x-shapegen-upstream": "#/components/schemas/Theirs"}
    project = write_project(
        tmp_path / "project",
        {"Thing": thing, "Audio": {"type": "object", "properties": {"rate": {"type": "number"}}}},
        {"Thing": "request"},
    )
    code, report = upstream(capsys, project, spec)
    assert code == 0
    assert [(f["path"], f["accepted"]) for f in report["findings"]] == [
        ("t:Thing.audio.rate", "our audio takes a number")
    ]


def test_a_shape_note_further_out_covers_only_the_places_it_names(tmp_path: Path, capsys) -> None:
    spec = vendor(
        tmp_path,
        {
            "Theirs": {"type": "object", "properties": {"audio": {"$ref": "#/components/schemas/TheirAudio"}}},
            "TheirAudio": {"type": "object", "properties": {"rate": {"type": "integer"}, "bits": {"type": "integer"}}},
        },
    )
    thing = {
        "type": "object",
        "properties": {"audio": {"$ref": "#/components/schemas/Audio"}},
        "x-shapegen-upstream": "#/components/schemas/Theirs",
        "x-shapegen-deviation": "`audio.rate` is any number here",
    }
    audio = {"type": "object", "properties": {"rate": {"type": "number"}, "bits": S}}
    project = write_project(tmp_path / "project", {"Thing": thing, "Audio": audio}, {"Thing": "request"})
    code, report = upstream(capsys, project, spec)
    assert code == 1
    assert sorted((f["path"], "accepted" in f) for f in report["findings"]) == [
        ("t:Thing.audio.bits", False),
        ("t:Thing.audio.rate", True),
    ]
