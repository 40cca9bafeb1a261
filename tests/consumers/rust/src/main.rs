//! A backend minting an ephemeral key, written the way users of the Rust OpenAI clients write it,
//! against the generated crate as a path dependency; built with `cargo clippy -- -D warnings`.

use realtime_shapes::oci::RealtimeSessionToken;
use realtime_shapes::openai::{
    AudioOutput, ClientSecretExpiration, ClientSecretSession, MaxOutputTokens, RealtimeAudio,
    RealtimeClientSecretCreateRequest, RealtimeClientSecretCreateResponse,
    RealtimeSessionCreateRequest, Voice, VoiceId,
};

const REPLY: &str = r#"{
  "value": "ek_consumer_secret_0001",
  "expires_at": 1756310470,
  "session": {
    "type": "realtime", "object": "realtime.session", "id": "sess_consumer",
    "model": "gpt-realtime", "instructions": "Be brief.",
    "audio": {"output": {"voice": "marin", "speed": 1.0}}
  }
}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. Build a request: builders taking &str, integers and variants as they are.
    let session = RealtimeSessionCreateRequest::new()
        .with_model("gpt-realtime")
        .with_instructions("Be brief.")
        .with_max_output_tokens(4096)
        .with_audio(RealtimeAudio::new().with_output(AudioOutput::new().with_voice("marin")));
    let request = RealtimeClientSecretCreateRequest::new()
        .with_expires_after(ClientSecretExpiration::new().with_seconds(600))
        .with_session(session.clone());
    request.validate().map_err(|errors| format!("{errors:?}"))?;

    // 2. Send it.
    let body = serde_json::to_string(&request)?;
    assert!(body.contains(r#""voice":"marin""#) && body.contains(r#""max_output_tokens":4096"#));

    // 3. Read the response (plain serde_json) and match the session on its tag.
    let response: RealtimeClientSecretCreateResponse = serde_json::from_str(REPLY)?;
    match &response.session {
        ClientSecretSession::Realtime(realtime) => {
            assert_eq!(
                realtime.model.as_ref().map(|m| m.as_str()),
                Some("gpt-realtime")
            );
        }
        other => return Err(format!("expected a realtime session, got {other:?}").into()),
    }

    // Plain serde_json reads an integral float as the integer JSON Schema says it is.
    let whole: RealtimeClientSecretCreateResponse =
        serde_json::from_str(&REPLY.replace("1756310470", "1756310470.0"))?;
    assert_eq!(whole.expires_at, 1756310470);
    assert_eq!(
        serde_json::from_str::<MaxOutputTokens>("600.0")?,
        MaxOutputTokens::Integer(600)
    );

    // 4. Change a field.
    let mut louder = session.clone();
    louder.max_output_tokens = Some(MaxOutputTokens::Inf);
    let louder = louder.with_instructions("Speak up.");
    assert_ne!(louder, session);

    // 5. Compare two values: by what they mean on the wire.
    assert_eq!(VoiceId::Other("marin".to_string()), VoiceId::Marin);
    assert_eq!(VoiceId::from("marin"), VoiceId::Marin);
    assert_eq!(Voice::from("marin"), Voice::VoiceId(VoiceId::Marin));
    assert_eq!(MaxOutputTokens::from(4096), MaxOutputTokens::Integer(4096));
    let again: RealtimeClientSecretCreateResponse = serde_json::from_str(REPLY)?;
    assert_eq!(again, response);

    // 6. Log one: secrets print as <redacted>.
    let logged = format!("{response:?}");
    assert!(!logged.contains("ek_consumer_secret_0001"), "{logged}");
    let token =
        RealtimeSessionToken::new("eyJhbGciOi.secret.jwt", "s-1", "ocid1.compartment.oc1..x");
    assert!(!format!("{token:?}").contains("secret.jwt"));
    println!("{logged}");

    // 7. A newer server: an unknown session type and an unknown voice are kept and written back.
    let newer =
        r#"{"value":"ek_2","expires_at":1,"session":{"type":"realtime_v2","memory":{"turns":12}}}"#;
    let newer: RealtimeClientSecretCreateResponse = serde_json::from_str(newer)?;
    assert!(matches!(newer.session, ClientSecretSession::Unknown(_)));
    assert!(serde_json::to_string(&newer)?.contains(r#""memory":{"turns":12}"#));
    let voice: RealtimeClientSecretCreateResponse =
        serde_json::from_str(&REPLY.replace("marin", "cedar_v2"))?;
    assert!(serde_json::to_string(&voice)?.contains("cedar_v2"));

    println!("rust consumer: ok");
    Ok(())
}
