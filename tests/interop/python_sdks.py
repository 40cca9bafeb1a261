"""What the Python SDKs (openai-python, the OCI Python SDK) and shapegen's generated models say about
the same payloads, as data the interop tests compare with the known differences.

For each vector whose shape has a counterpart in the SDK:

- verdict: does the SDK's own reader accept the vector as it is (a response model's
  `model_validate`, a request's TypedDict through a pydantic TypeAdapter, the OCI client's
  deserializer)? Ours is the manifest's verdict (our models give it; tests/python holds them to it).
- round trip, for every valid vector: the SDK reads our default dump, and ours reads the SDK's
  serialisation of it back to the same JSON.

And for each matching pair of types, the wire names of their fields (paths below the top-level shape).
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import pydantic

from generator.conformance import json_equal
from tests.conftest import Vector, all_vectors
from tests.interop.conftest import require_module
from tests.python.models import model


@dataclass(frozen=True)
class Sdk:
    """One SDK's counterpart of a shape: how it reads a JSON value, and how it writes what it read."""

    read: Callable[[Any], Any]  # raises on a value the SDK rejects
    write: Callable[[Any], Any]  # the SDK's JSON of what `read` returned
    fields: Any = None  # the SDK type whose field names are compared (a pydantic model class), if any


# ---------------------------------------------------------------- openai-python


def _openai_response(cls: type[pydantic.BaseModel]) -> Sdk:
    return Sdk(
        read=lambda value: cls.model_validate(value),
        # openai-python's own serialisation: what was set, by wire name, as JSON
        write=lambda obj: obj.to_dict(mode="json"),
        fields=cls,
    )


def _openai_request(typed_dict: Any) -> Sdk:
    adapter = pydantic.TypeAdapter(typed_dict)
    return Sdk(
        read=lambda value: adapter.validate_python(value),
        write=lambda obj: adapter.dump_python(obj, mode="json"),
    )


@lru_cache(maxsize=None)
def openai_sdk() -> dict[str, Sdk]:
    require_module("openai")
    from openai.types.beta import realtime as beta
    from openai.types.realtime import (
        ClientSecretCreateResponse,
        RealtimeSessionCreateRequestParam,
        RealtimeSessionCreateResponse,
        RealtimeTranscriptionSessionCreateRequestParam,
        RealtimeTranscriptionSessionCreateResponse,
        client_secret_create_params,
    )
    from openai.types.realtime.realtime_translation_client_secret_create_response import (
        RealtimeTranslationClientSecretCreateResponse,
    )
    from openai.types.realtime.translations import client_secret_create_params as translation_params

    return {
        "RealtimeClientSecretCreateRequest": _openai_request(client_secret_create_params.ClientSecretCreateParams),
        "RealtimeClientSecretCreateResponse": _openai_response(ClientSecretCreateResponse),
        "RealtimeSessionCreateRequest": _openai_request(RealtimeSessionCreateRequestParam),
        "RealtimeSessionCreateResponse": _openai_response(RealtimeSessionCreateResponse),
        "RealtimeTranscriptionSessionCreateRequest": _openai_request(RealtimeTranscriptionSessionCreateRequestParam),
        "RealtimeTranscriptionSessionCreateResponse": _openai_response(RealtimeTranscriptionSessionCreateResponse),
        "RealtimeTranslationClientSecretCreateRequest": _openai_request(translation_params.ClientSecretCreateParams),
        "RealtimeTranslationClientSecretCreateResponse": _openai_response(
            RealtimeTranslationClientSecretCreateResponse
        ),
        "RealtimeBetaSessionCreateRequest": _openai_request(beta.session_create_params.SessionCreateParams),
        "RealtimeBetaSessionCreateResponse": _openai_response(beta.SessionCreateResponse),
    }


# ---------------------------------------------------------------- OCI Python SDK


@lru_cache(maxsize=None)
def oci_sdk() -> dict[str, Sdk]:
    oci = require_module("oci")

    class NoSigner(oci.auth.signers.SecurityTokenSigner):  # type: ignore[misc]
        """The client is only used to (de)serialise; nothing is ever signed or sent."""

        def __init__(self) -> None:
            pass

    client = oci.ai_speech.AIServiceSpeechClient({"region": "us-ashburn-1"}, signer=NoSigner()).base_client

    def sdk(name: str) -> Sdk:
        def read(value: Any) -> Any:
            obj = client.deserialize_response_data(json.dumps(value).encode(), name)
            if not isinstance(obj, getattr(oci.ai_speech.models, name)):
                raise ValueError(f"read as {type(obj).__name__}")
            return obj

        return Sdk(read=read, write=client.sanitize_for_serialization, fields=getattr(oci.ai_speech.models, name))

    return {
        name: sdk(name)
        for name in ("CreateRealtimeSessionTokenDetails", "RealtimeSessionToken", "RealtimeMessageAuthenticationToken")
    }


SDKS: dict[str, Callable[[], dict[str, Sdk]]] = {"openai": openai_sdk, "oci": oci_sdk}
NAMESPACE = {"openai": "openai", "oci": "oci"}


def vectors(sdk: str) -> list[Vector]:
    return [v for v in all_vectors() if v.namespace == NAMESPACE[sdk] and v.expect != "unparseable"]


# ---------------------------------------------------------------- the comparisons


def _accepts(read: Callable[[Any], Any], value: Any) -> bool:
    try:
        read(value)
    except Exception:  # every SDK has its own error types; any of them is a rejection
        return False
    return True


def verdicts(sdk: str) -> dict[str, str]:
    """vector id -> "only-sdk-accepts" / "only-ours-accepts", where the verdicts differ."""
    counterparts = SDKS[sdk]()
    out = {}
    for v in vectors(sdk):
        if v.name not in counterparts:
            continue
        theirs = _accepts(counterparts[v.name].read, json.loads(v.text()))
        ours = v.expect == "valid"
        if theirs != ours:
            out[v.id] = "only-sdk-accepts" if theirs else "only-ours-accepts"
    return out


def round_trips(sdk: str) -> tuple[int, dict[str, str]]:
    """(valid vectors tried, vector id -> what went wrong) for our dump -> SDK -> SDK's JSON -> ours."""
    counterparts = SDKS[sdk]()
    tried, out = 0, {}
    for v in vectors(sdk):
        if v.name not in counterparts or v.expect != "valid":
            continue
        tried += 1
        cls = model(v.namespace, v.name)
        ours = cls.model_validate_json(v.text()).model_dump(mode="json")
        try:
            read = counterparts[v.name].read(ours)
        except Exception:
            out[v.id] = "sdk-rejects-our-dump"
            continue
        written = counterparts[v.name].write(read)
        try:
            back = cls.model_validate_json(json.dumps(written)).model_dump(mode="json")
        except pydantic.ValidationError:
            out[v.id] = "ours-rejects-sdk-json"
            continue
        if not json_equal(back, ours):
            out[v.id] = "sdk-json-differs"
    return tried, out


# ---------------------------------------------------------------- field sets


def _model_classes(annotation: Any) -> list[type[pydantic.BaseModel]]:
    """The pydantic model classes an annotation holds (through Optional, Union, List, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return [annotation]
    out: list[type[pydantic.BaseModel]] = []
    for arg in typing.get_args(annotation):
        out += _model_classes(arg)
    return out


def _wire_fields(cls: type[pydantic.BaseModel]) -> dict[str, Any]:
    return {
        (info.serialization_alias or info.alias or name): info.annotation for name, info in cls.model_fields.items()
    }


def field_paths(ours: type[pydantic.BaseModel], theirs: type[pydantic.BaseModel], at: str = "") -> dict[str, str]:
    """path -> "only-sdk" / "only-ours" for the fields one side has and the other does not, walking
    into a field where each side holds exactly one model class."""
    out = {}
    mine, other = _wire_fields(ours), _wire_fields(theirs)
    for name in sorted(set(mine) | set(other)):
        path = f"{at}.{name}" if at else name
        if name not in other:
            out[path] = "only-ours"
        elif name not in mine:
            out[path] = "only-sdk"
        else:
            a, b = _model_classes(mine[name]), _model_classes(other[name])
            if len(a) == 1 and len(b) == 1:
                out.update(field_paths(a[0], b[0], path))
    return out


def openai_field_sets() -> dict[str, str]:
    counterparts = openai_sdk()
    out = {}
    for name, sdk in counterparts.items():
        if sdk.fields is not None:
            for path, side in field_paths(model("openai", name), sdk.fields).items():
                out[f"{name}.{path}"] = side
    return out


def oci_field_sets() -> dict[str, str]:
    """OCI models are not pydantic: their wire names are the values of `attribute_map`."""
    out = {}
    for name, sdk in oci_sdk().items():
        theirs = set(sdk.fields().attribute_map.values())
        mine = set(_wire_fields(model("oci", name)))
        out.update({f"{name}.{f}": "only-ours" for f in mine - theirs})
        out.update({f"{name}.{f}": "only-sdk" for f in theirs - mine})
    return out
