//! Reads JSON lines `{"shape": "<our shape>", "json": <a valid payload>}` and, for the part of the
//! payload async-openai has a type for, prints one JSON line of what happened:
//! `theirs_reads` (async-openai reads the payload), `ours_read_by_theirs` (it reads our
//! serialisation), `theirs_rewrites` (what it writes back from that equals ours) and
//! `ours_reads_theirs` (our crate reads its serialisation back to the same JSON).

use std::io::{self, BufRead, Write};

use async_openai::types::realtime as theirs;
use realtime_shapes::openai as ours;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

fn read<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_json::from_value(value.clone()).map_err(|e| e.to_string())
}

fn write<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("a value serialises")
}

/// Our crate's serialisation of `value` read as `O` (None when ours rejects it).
fn ours_dump<O: DeserializeOwned + Serialize>(value: &Value) -> Option<Value> {
    // our crate's reader (a whole float such as 4096.0 is an integer there, as JSON Schema says)
    realtime_shapes::runtime::from_str::<O>(&value.to_string()).ok().map(|o| write(&o))
}

/// The checks for a whole payload read as our `O` and their `T` (which can write).
fn both_ways<O, T>(value: &Value) -> Value
where
    O: DeserializeOwned + Serialize,
    T: DeserializeOwned + Serialize,
{
    let theirs_reads = read::<T>(value);
    let Some(dump) = ours_dump::<O>(value) else {
        return json!({"error": "ours rejects the payload"});
    };
    let mut out = json!({"theirs_reads": theirs_reads.is_ok(), "theirs_error": theirs_reads.err()});
    match read::<T>(&dump) {
        Err(e) => {
            out["ours_read_by_theirs"] = json!(false);
            out["theirs_error_on_ours"] = json!(e);
        }
        Ok(t) => {
            let rewritten = write(&t);
            out["ours_read_by_theirs"] = json!(true);
            out["theirs_rewrites"] = json!(rewritten == dump);
            out["ours_reads_theirs"] = json!(ours_dump::<O>(&rewritten).as_ref() == Some(&rewritten));
        }
    }
    out
}

/// The checks for the `session` of a payload read as our `O`: async-openai's `Session` reads and
/// writes it; its whole-payload type `W` can only read.
fn session_part<O, W>(value: &Value) -> Value
where
    O: DeserializeOwned + Serialize,
    W: DeserializeOwned,
{
    let Some(dump) = ours_dump::<O>(value) else {
        return json!({"error": "ours rejects the payload"});
    };
    let Some(session) = dump.get("session").cloned() else {
        return json!({"skipped": "no session"});
    };
    let whole = read::<W>(value).err();
    let theirs_reads = read::<theirs::Session>(&value["session"]);
    let mut out = json!({
        "theirs_reads": theirs_reads.is_ok() && whole.is_none(),
        "theirs_error": whole.or(theirs_reads.err()),
    });
    match read::<theirs::Session>(&session) {
        Err(e) => {
            out["ours_read_by_theirs"] = json!(false);
            out["theirs_error_on_ours"] = json!(e);
        }
        Ok(t) => {
            let rewritten = write(&t);
            out["ours_read_by_theirs"] = json!(true);
            out["theirs_rewrites"] = json!(rewritten == session);
            let mut back = dump.clone();
            back["session"] = rewritten;
            let again = ours_dump::<O>(&back);
            out["ours_reads_theirs"] = json!(again.as_ref() == Some(&back));
            if again.as_ref() != Some(&back) {
                out["ours_on_theirs"] = json!(again);
                out["theirs_json"] = back;
            }
        }
    }
    out
}

/// async-openai's request type is write-only: its `session` is what can go both ways.
#[derive(serde::Deserialize)]
struct AnyPayload {}

fn main() {
    let stdin = io::stdin();
    let mut stdout = io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        let item: Value = serde_json::from_str(&line).expect("a JSON line");
        let value = &item["json"];
        let result = match item["shape"].as_str().unwrap_or("") {
            "RealtimeClientSecretCreateRequest" => session_part::<ours::RealtimeClientSecretCreateRequest, AnyPayload>(value),
            "RealtimeClientSecretCreateResponse" => {
                session_part::<ours::RealtimeClientSecretCreateResponse, theirs::RealtimeCreateClientSecretResponse>(value)
            }
            "RealtimeTranslationClientSecretCreateRequest" => both_ways::<
                ours::RealtimeTranslationClientSecretCreateRequest,
                theirs::translation::RealtimeTranslationClientSecretCreateRequest,
            >(value),
            "RealtimeTranslationClientSecretCreateResponse" => both_ways::<
                ours::RealtimeTranslationClientSecretCreateResponse,
                theirs::translation::RealtimeTranslationClientSecretCreateResponse,
            >(value),
            other => json!({"skipped": format!("no async-openai counterpart for {other}")}),
        };
        writeln!(stdout, "{result}").expect("stdout");
    }
}
