//! The generated Rust API as a user calls it (issue 10): constructors, `Default`, constant tags,
//! forward-compatible response unions and redacted secrets. Built against the behaviour fixture
//! crate (tests/rust/fixture), as the workspace member `api_tests`.

use fixture::behaviour::*;

#[test]
fn new_takes_the_required_fields_and_leaves_the_rest_absent() {
    let response = SessionResponse::new("s".to_string());
    assert_eq!(serde_json::to_string(&response).unwrap(), r#"{"id":"s"}"#);
}

#[test]
fn a_struct_whose_fields_can_all_be_absent_is_default_and_writes_nothing() {
    let request = SessionRequest::default();
    assert_eq!(serde_json::to_string(&request).unwrap(), "{}");
    assert_eq!(SessionRequest::new(), request);
}

#[test]
fn fields_set_after_construction_are_written_and_nothing_else() {
    let mut request = SessionRequest::new();
    request.name = Some("ab".to_string());
    assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"name":"ab"}"#);
}

#[test]
fn a_constant_tag_is_a_type_with_one_value() {
    // a variant kept by an open union keeps its tag field: its type holds only "server_vad"
    let vad = ServerVadResponse::default();
    assert_eq!(vad.r#type, ServerVadResponseType::ServerVad);
    assert_eq!(ServerVadResponseType::ServerVad.as_str(), "server_vad");
    assert_eq!(serde_json::to_string(&vad).unwrap(), r#"{"type":"server_vad"}"#);
    assert!(serde_json::from_str::<ServerVadResponseType>(r#""semantic_vad""#).is_err());
}

#[test]
fn a_response_union_keeps_an_unknown_tag_as_it_came() {
    let text = r#"{"type":"future_vad","sensitivity":{"level":3}}"#;
    let parsed: TurnDetectionResponse = fixture::runtime::from_str(text).unwrap();
    assert!(matches!(parsed, TurnDetectionResponse::Unknown(_)));
    assert!(parsed.validate().is_ok());
    let again: serde_json::Value = serde_json::to_value(&parsed).unwrap();
    assert_eq!(again, serde_json::from_str::<serde_json::Value>(text).unwrap());
}

#[test]
fn a_response_union_still_rejects_a_known_tag_with_a_wrong_body() {
    let text = r#"{"type":"server_vad","threshold":"high"}"#;
    assert!(fixture::runtime::from_str::<TurnDetectionResponse>(text).is_err());
}

#[test]
fn a_request_union_rejects_an_unknown_tag() {
    let text = r#"{"type":"future_vad"}"#;
    assert!(fixture::runtime::from_str::<TurnDetection>(text).is_err());
}

#[test]
fn a_closed_request_fails_to_read_and_validate_reports_properties_added_in_code() {
    let error = serde_json::from_str::<SessionRequest>(r#"{"extra":true}"#).unwrap_err();
    assert!(error.to_string().contains(r#"unknown property "extra""#), "{}", error);
    let mut request = SessionRequest::new();
    request
        .unknown_fields
        .insert("extra".to_string(), serde_json::Value::Bool(true));
    let errors = request.validate().unwrap_err();
    assert_eq!(errors[0].to_string(), "/extra: unknown property");
}

#[test]
fn defaults_are_offered_by_accessors_without_being_written() {
    let request = SessionRequest::new();
    assert_eq!(request.temperature_or_default(), 0.8);
    assert_eq!(serde_json::to_string(&request).unwrap(), "{}");
}

#[test]
fn the_inf_of_an_inf_or_integer_union_is_offered_as_a_default() {
    let mut request = SessionRequest::new();
    assert_eq!(request.max_output_tokens_or_default(), SessionRequestMaxOutputTokens::Inf);
    request.max_output_tokens = Some(SessionRequestMaxOutputTokens::Integer(512));
    assert_eq!(
        request.max_output_tokens_or_default(),
        SessionRequestMaxOutputTokens::Integer(512)
    );
}

#[test]
fn a_wide_struct_compares_field_by_field_and_redacts_its_secret() {
    let text = r#"{"token":"tok_secret","f0":1,"f69":2}"#;
    let a: WideResponse = fixture::runtime::from_str(text).unwrap();
    let mut b = a.clone();
    assert_eq!(a, b);
    b.f69 = Some(3);
    assert_ne!(a, b);
    let printed = format!("{:?}", a);
    assert!(!printed.contains("tok_secret") && printed.contains("token: <redacted>"), "{}", printed);
    assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::from_str::<serde_json::Value>(text).unwrap());
}
