"""A backend minting an ephemeral key, written the way openai-python users write it, against the
package pip installed from generated/python; checked with mypy --strict (pydantic's plugin on)
and pyright in strict mode, then run."""

from __future__ import annotations

import json

from realtime_shapes.oci.models import RealtimeSessionToken
from realtime_shapes.openai.models import (
    RealtimeClientSecretCreateRequest,
    RealtimeClientSecretCreateResponse,
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
    # 1. Build a request (from a dict, as openai-python's create(**params) takes it) and
    # 2. send it: exactly what was set is written.
    request = RealtimeClientSecretCreateRequest.model_validate(
        {
            "expires_after": {"anchor": "created_at", "seconds": 600},
            "session": {"type": "realtime", "model": "gpt-realtime", "audio": {"output": {"voice": "marin"}}},
        }
    )
    body = request.model_dump_json()
    assert '"voice":"marin"' in body and "instructions" not in body, body
    assert request.to_dict()["expires_after"] == {"anchor": "created_at", "seconds": 600}

    # 3. Read the response and narrow the session by its type.
    response = RealtimeClientSecretCreateResponse.model_validate_json(REPLY)
    session = response.session
    assert isinstance(session, RealtimeSessionCreateResponse)
    assert session.model == "gpt-realtime"

    # 4. Change a field.
    changed = response.model_copy(update={"expires_at": 1756310999})
    assert json.loads(changed.to_json())["expires_at"] == 1756310999

    # 5. Compare two values: the same JSON read twice is equal.
    assert RealtimeClientSecretCreateResponse.model_validate_json(REPLY) == response

    # 6. Log one: the key never reaches the log.
    logged = repr(response)
    assert "ek_consumer_secret_0001" not in logged, logged
    token = RealtimeSessionToken.model_validate(
        {"token": "eyJhbGciOi.secret.jwt", "sessionId": "s-1", "compartmentId": "ocid1.compartment.oc1..x"}
    )
    assert "secret.jwt" not in str(token)
    print(logged)

    # 7. A newer server: an unknown session type is kept and written back.
    newer = RealtimeClientSecretCreateResponse.model_validate_json(
        '{"value":"ek_2","expires_at":1,"session":{"type":"realtime_v2","memory":{"turns":12}}}'
    )
    assert json.loads(newer.model_dump_json())["session"]["memory"] == {"turns": 12}

    print("python consumer: ok")


if __name__ == "__main__":
    main()
