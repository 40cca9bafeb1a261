//! The Rust runtime (templates/rust/runtime.rs) on its own: `cargo test -p runtime_tests` in the
//! workspace tests/rust/crates.py builds under .cache/rust-tests.

use runtime_tests::*;

fn errors_of(check: impl FnOnce(&mut Vec<ValidationError>)) -> Vec<String> {
    let mut errors = Vec::new();
    check(&mut errors);
    errors.iter().map(|e| e.to_string()).collect()
}

fn matches(source: &'static str, value: &str) -> bool {
    Pattern::new(source).is_match(value).expect("the pattern compiles")
}

#[test]
fn dollar_does_not_match_before_a_trailing_newline() {
    assert!(matches("^tunnel_[a-z]{3}$", "tunnel_abc"));
    assert!(!matches("^tunnel_[a-z]{3}$", "tunnel_abc\n"));
}

#[test]
fn digit_and_word_classes_are_ascii_only() {
    assert!(matches("^\\d+$", "0123456789"));
    assert!(!matches("^\\d+$", "\u{0663}"));
    assert!(!matches("^\\w$", "\u{e9}"));
}

#[test]
fn a_pattern_is_not_anchored_unless_it_says_so() {
    assert!(matches("b", "abc"));
    assert!(!matches("^b", "abc"));
}

#[test]
fn astral_characters_are_one_code_point() {
    assert!(matches("^.$", "\u{1F600}"));
    assert!(matches("^[\\u{1F600}-\\u{1F64F}]$", "\u{1F601}"));
}

#[test]
fn groups_alternation_and_lookahead_are_checked() {
    assert!(matches("^(ab|cd)+$", "abcdab"));
    assert!(!matches("^(ab|cd)+$", "abc"));
    assert!(matches("^(?=.*\\d)[a-z0-9]+$", "abc1"));
    assert!(!matches("^(?=.*\\d)[a-z0-9]+$", "abc"));
}

#[test]
fn a_pattern_that_does_not_compile_is_a_validation_error_not_a_panic() {
    static BROKEN: Pattern = Pattern::new("^(unclosed$");
    let errors = errors_of(|errors| pattern("x", &BROKEN, "/id", errors));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("/id: the pattern \"^(unclosed$\" does not compile"));
}

#[test]
fn a_mismatch_names_the_pointer_and_the_pattern() {
    static ID: Pattern = Pattern::new("^a+$");
    let errors = errors_of(|errors| pattern("b", &ID, "/id", errors));
    assert_eq!(errors, ["/id: does not match the pattern \"^a+$\""]);
}

#[test]
fn lengths_count_code_points() {
    assert!(errors_of(|errors| length("\u{e9}\u{1F600}", Some(2), Some(2), "", errors)).is_empty());
    assert_eq!(
        errors_of(|errors| length("\u{1F600}", Some(2), None, "/n", errors)),
        ["/n: 1 characters, fewer than 2"]
    );
}

#[test]
fn whole_number_floats_read_as_integers() {
    let value: i64 = from_str("600.0").expect("600.0 is the integer 600");
    assert_eq!(value, 600);
    assert!(from_str::<i64>("600.5").is_err());
}

#[test]
fn nullable_keeps_absent_null_and_value_apart() {
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Holder {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        x: Nullable<i64>,
    }
    for text in ["{}", "{\"x\":null}", "{\"x\":3}"] {
        let holder: Holder = serde_json::from_str(text).expect("decodes");
        assert_eq!(serde_json::to_string(&holder).expect("encodes"), text);
    }
}

#[test]
fn pointers_escape_tilde_and_slash() {
    assert_eq!(child("/a", "b/c~d"), "/a/b~1c~0d");
    assert_eq!(index("/a", 3), "/a/3");
}

#[test]
fn repeated_items_are_reported_at_the_repeat() {
    let errors = errors_of(|errors| unique(&["x", "y", "x"], "/tags", errors));
    assert_eq!(errors, ["/tags/2: item 2 repeats item 0"]);
}

#[test]
fn wide_struct_buckets_are_fnv1a_of_the_wire_name() {
    // the published FNV-1a 64-bit vectors (the generator's rust.fnv1a is pinned to the same ones)
    assert_eq!(bucket("", u64::MAX), 0xcbf2_9ce4_8422_2325);
    assert_eq!(bucket("a", u64::MAX), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(bucket("foobar", u64::MAX), 0x8594_4171_f739_67e8);
    assert_eq!(bucket("foobar", 7), 0x8594_4171_f739_67e8 % 7);
}

#[test]
fn an_absent_field_is_what_its_type_makes_of_a_missing_value() {
    let none: Result<Option<i64>, serde_json::Error> = absent(None, "n");
    assert_eq!(none.expect("an Option reads a missing value as None"), None);
    let missing: Result<i64, serde_json::Error> = absent(None, "n");
    assert_eq!(missing.expect_err("an i64 has no missing value").to_string(), "missing field `n`");
    let given: Result<i64, serde_json::Error> = absent(Some(3), "n");
    assert_eq!(given.expect("a value read"), 3);
    let required: Result<Option<i64>, serde_json::Error> = required(None, "n");
    assert_eq!(required.expect_err("required").to_string(), "missing field `n`");
}
