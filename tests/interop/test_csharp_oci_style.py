"""C# free-form values are `object`, as the OCI .NET SDK types them: code written against the SDK
(`Dictionary<string, Dictionary<string, object>> DefinedTags`) compiles against the generated classes
under mcs, and any JSON value survives a read and a write inside `object`."""

from __future__ import annotations

import json

import pytest

from tests.csharp import build

pytestmark = pytest.mark.interop

GENERATED = build.REPO / "generated" / "csharp"

# what OCI .NET SDK samples write: tags built as plain .NET dictionaries of objects
PROGRAM = r"""
using System;
using System.Collections.Generic;
using RealtimeShapes.Oci;
using Shapegen.Runtime;

public static class Program
{
    public static void Main()
    {
        Dictionary<string, Dictionary<string, object>> definedTags = new Dictionary<string, Dictionary<string, object>>
        {
            { "Operations", new Dictionary<string, object> { { "CostCenter", "42" }, { "Priority", 3 }, { "Billable", true } } }
        };
        var details = new CreateRealtimeSessionTokenDetails
        {
            CompartmentId = "ocid1.compartment.oc1..example",
            FreeformTags = new Dictionary<string, string> { { "Department", "Finance" } },
            DefinedTags = definedTags,
        };
        Console.WriteLine(Json.Serialize(details.ToJson()));

        string text = Console.ReadLine();
        RealtimeSessionToken token = RealtimeSessionToken.FromJson(text);
        Dictionary<string, Dictionary<string, object>> read = token.DefinedTags;
        foreach (var tag in read["ns"])
        {
            Console.WriteLine(tag.Key + "=" + (tag.Value == null ? "null" : tag.Value.GetType().Name));
        }
        Console.WriteLine(Json.Serialize(token.ToJson()));
    }
}
"""

TOKEN = {
    "token": "t",
    "sessionId": "s",
    "compartmentId": "c",
    "definedTags": {
        "ns": {"text": "a", "whole": 7, "real": 1.5, "flag": False, "none": None, "nested": {"k": [1, "x"]}}
    },
}


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    build.ensure_toolchain()
    source = tmp_path_factory.mktemp("oci-style") / "Program.cs"
    source.write_text(PROGRAM, encoding="utf-8")
    sources = build.runtime_sources() + build.namespace_sources(GENERATED) + [source]
    built = build.compile_sources("interop-oci-style", sources)
    assert built.returncode == 0, built.output[-4000:]
    done = build.run(built.path, json.dumps(TOKEN) + "\n")
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout.splitlines()


def test_sdk_style_tags_compile_and_are_written_as_json(ran):
    assert json.loads(ran[0]) == {
        "compartmentId": "ocid1.compartment.oc1..example",
        "freeformTags": {"Department": "Finance"},
        "definedTags": {"Operations": {"CostCenter": "42", "Priority": 3, "Billable": True}},
    }


def test_read_values_are_plain_dotnet_values_or_json_for_objects(ran):
    kinds = dict(line.split("=", 1) for line in ran[1:-1])
    assert kinds == {
        "text": "String",
        "whole": "Int64",
        "real": "Double",
        "flag": "Boolean",
        "none": "null",
        "nested": "JObject",
    }


def test_every_json_value_round_trips_inside_object(ran):
    assert json.loads(ran[-1]) == TOKEN
