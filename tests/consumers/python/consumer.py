"""A backend minting an ephemeral key, written the way openai-python users write it, against the
package pip installed from generated/python; checked with mypy --strict (pydantic's plugin on)
and pyright in strict mode, then run."""

from __future__ import annotations

import json

import pydantic

from realtime_shapes.oci.models import (
    CreateRealtimeSessionTokenDetails,
    RealtimeMessageAuthenticationToken,
    RealtimeSessionToken,
)
from realtime_shapes.openai.models import (
    AudioOutput,
    ClientSecretExpiration,
    RealtimeAudio,
    RealtimeClientSecretCreateRequest,
    RealtimeClientSecretCreateResponse,
    RealtimeSessionCreateRequest,
    RealtimeSessionCreateResponse,
)

REPLY = json.dumps(
    {
        "value": "ek_consumer_secret_0001",
        "expires_at": 1756310470,
        "session": {
            "type": "realtime",
            "object": "realtime.session",
            "id": "sess_consumer",
            "model": "gpt-realtime",
            "instructions": "Be brief.",
            "audio": {"output": {"voice": "marin", "speed": 1.0}},
        },
    }
)


def main() -> None:
    # 1. Build a request by attribute name, or from a dict as openai-python's create(**params) takes it.
    session = RealtimeSessionCreateRequest(
        type="realtime",
        model="gpt-realtime",
        instructions=None,  # an optional attribute left unset
        max_output_tokens=4096,
        audio=RealtimeAudio(output=AudioOutput(voice="marin")),
    )
    request = RealtimeClientSecretCreateRequest(
        expires_after=ClientSecretExpiration(anchor="created_at", seconds=600), session=session
    )
    assert request == RealtimeClientSecretCreateRequest.model_validate(
        {
            "expires_after": {"anchor": "created_at", "seconds": 600},
            "session": {
                "type": "realtime",
                "model": "gpt-realtime",
                "max_output_tokens": 4096,
                "audio": {"output": {"voice": "marin"}},
            },
        }
    )
    # every attribute of the OCI seed's own constructors, by its Python name
    details = CreateRealtimeSessionTokenDetails(
        compartment_id="ocid1.compartment.oc1..x",
        freeform_tags={"Department": "Finance"},
        defined_tags={"Operations": {"CostCenter": "42"}},
    )
    assert details.to_dict()["freeformTags"] == {"Department": "Finance"}
    token = RealtimeSessionToken(
        token="eyJhbGciOi.secret.jwt",
        session_id="s-1",
        compartment_id="ocid1.compartment.oc1..x",
        freeform_tags={"Department": "Finance"},
        defined_tags={"Operations": {"CostCenter": "42"}},
    )
    auth = RealtimeMessageAuthenticationToken(
        authentication_type="TOKEN", compartment_id="ocid1.compartment.oc1..x", token="eyJhbGciOi.secret.jwt"
    )
    assert auth.to_dict()["authenticationType"] == "TOKEN"
    # a misspelt attribute is caught by both checkers (this ignore would be unused otherwise, an
    # error under mypy --strict), and at run time
    try:
        RealtimeSessionToken(token="t", sesion_id="s-1", compartment_id="c")  # type: ignore[call-arg]
        raise AssertionError("a misspelt attribute was taken")
    except pydantic.ValidationError:
        pass

    # 2. Send it: exactly what was set is written, with openai-python's options accepted.
    body = request.model_dump_json()
    assert '"voice":"marin"' in body and "instructions" not in body, body
    assert request.to_dict(exclude_unset=True)["expires_after"] == {"anchor": "created_at", "seconds": 600}
    assert "instructions" not in request.to_json(exclude_none=True)

    # 3. Read the response and narrow the session by its type.
    response = RealtimeClientSecretCreateResponse.model_validate_json(REPLY)
    minted = response.session
    assert isinstance(minted, RealtimeSessionCreateResponse)
    assert minted.model == "gpt-realtime"

    # 4. Change a field: assignment is validated.
    token.session_id = "s-2"
    assert token.to_dict()["sessionId"] == "s-2"
    try:
        token.session_id = 123  # type: ignore[assignment]  # a type error for both checkers, and at run time
        raise AssertionError("an int was stored in a str attribute")
    except pydantic.ValidationError:
        pass

    # 5. Compare two values: the same JSON read twice is equal; presence counts.
    assert RealtimeClientSecretCreateResponse.model_validate_json(REPLY) == response
    assert RealtimeSessionCreateRequest(type="realtime", max_output_tokens="inf") != RealtimeSessionCreateRequest(
        type="realtime"
    )

    # 6. Log one: the key never reaches the log.
    logged = repr(response)
    assert "ek_consumer_secret_0001" not in logged, logged
    assert "secret.jwt" not in str(token) and "secret.jwt" not in repr(token)
    print(logged)

    # 7. A newer server: an unknown session type is kept and written back.
    newer = RealtimeClientSecretCreateResponse.model_validate_json(
        '{"value":"ek_2","expires_at":1,"session":{"type":"realtime_v2","memory":{"turns":12}}}'
    )
    assert json.loads(newer.model_dump_json())["session"]["memory"] == {"turns": 12}

    print("python consumer: ok")


if __name__ == "__main__":
    main()
