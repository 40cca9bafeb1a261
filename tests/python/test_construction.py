"""Models are constructed the way Python is written (attribute names), while JSON is read by wire
name only, and `model` keeps its name."""

from __future__ import annotations

import pydantic
import pytest

from tests.python.models import model


def test_a_model_is_constructed_by_attribute_name():
    token = model("oci", "RealtimeSessionToken")(token="t", session_id="s", compartment_id="c")
    assert (token.session_id, token.compartment_id) == ("s", "c")


def test_wire_names_still_work_as_keywords():
    token = model("oci", "RealtimeSessionToken")(token="t", sessionId="s", compartmentId="c")
    assert token.session_id == "s"


def test_json_with_attribute_names_is_rejected_on_a_closed_body():
    with pytest.raises(pydantic.ValidationError):
        model("oci", "CreateRealtimeSessionTokenDetails").model_validate_json('{"compartment_id":"c"}')


def test_a_dict_with_attribute_names_is_rejected_on_a_closed_body():
    with pytest.raises(pydantic.ValidationError):
        model("oci", "CreateRealtimeSessionTokenDetails").model_validate({"compartment_id": "c"})


def test_json_with_an_attribute_name_on_an_open_body_is_an_unknown_property():
    text = '{"token":"t","sessionId":"s","compartmentId":"c","session_id":"other"}'
    token = model("oci", "RealtimeSessionToken").model_validate_json(text)
    assert token.session_id == "s"
    assert token.model_extra == {"session_id": "other"}


def test_none_for_an_optional_non_nullable_attribute_means_not_set():
    details = model("oci", "CreateRealtimeSessionTokenDetails")(compartment_id="c", freeform_tags=None)
    assert details.model_fields_set == {"compartment_id"}
    assert details.model_dump_json() == '{"compartmentId":"c"}'


def test_an_explicit_null_in_json_for_a_non_nullable_property_is_still_rejected():
    with pytest.raises(pydantic.ValidationError, match="null is not allowed"):
        model("oci", "CreateRealtimeSessionTokenDetails").model_validate_json(
            '{"compartmentId":"c","freeformTags":null}'
        )


def test_none_for_a_nullable_attribute_is_an_explicit_null():
    session = model("openai", "RealtimeSessionCreateRequest")(type="realtime", tracing=None)
    assert session.model_dump() == {"type": "realtime", "tracing": None}


def test_model_keeps_its_name():
    session = model("openai", "RealtimeSessionCreateRequest")(type="realtime", model="gpt-realtime")
    assert session.model == "gpt-realtime"
    assert "model" in type(session).model_fields
    assert session.model_dump() == {"type": "realtime", "model": "gpt-realtime"}
