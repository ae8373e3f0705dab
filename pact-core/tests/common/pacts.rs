//! Test helpers for pacts as JSON: one interaction of a fixture pact, a pact of one interaction,
//! and arbitrary JSON for the never-panics properties. Shared by pact-core's integration tests
//! (`tests/common/mod.rs`) and pact-openapi's, which include this file with `#[path]`.
#![allow(dead_code, unreachable_pub)]
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_core::Pact;
use serde_json::{Value, json};

/// The interaction called `description` in the pact file `pact_json`, as JSON to change one
/// thing at a time.
pub fn interaction_in(pact_json: &str, description: &str) -> Value {
    let pact: Value = serde_json::from_str(pact_json).unwrap();
    let interactions = pact["interactions"].as_array().unwrap();
    interactions
        .iter()
        .find(|i| i["description"] == description)
        .unwrap_or_else(|| panic!("no interaction {description:?} in the fixture pact"))
        .clone()
}

/// A pact between `consumer` and `provider` in specification `version` holding one interaction.
pub fn pact_of_one(consumer: &str, provider: &str, version: &str, interaction: Value) -> Pact {
    let pact = json!({
        "consumer": {"name": consumer}, "provider": {"name": provider},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": version}}
    });
    Pact::from_json_str(&pact.to_string()).unwrap()
}

/// How big [`arbitrary_json`] values get: about `nodes` values in all, containers of up to
/// `items` entries (arrays two fewer), free text of up to `text` characters (free keys half that),
/// at most five levels deep.
#[derive(Debug, Clone, Copy)]
pub struct JsonSize {
    pub nodes: u32,
    pub items: usize,
    pub text: usize,
}

/// Arbitrary JSON whose strings are often one of `words` and whose keys are mostly `keys`, so
/// that generated documents reach deep into a reader that looks for those words.
pub fn arbitrary_json(
    words: &'static [&'static str],
    keys: &'static [&'static str],
    size: JsonSize,
) -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    use proptest::string::string_regex;

    let free_text = string_regex(&format!(".{{0,{}}}", size.text)).unwrap();
    let free_key = format!(".{{0,{}}}", size.text / 2);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(words).prop_map(Value::from),
        free_text.prop_map(Value::String),
    ];
    leaf.prop_recursive(5, size.nodes, size.items as u32, move |inner| {
        let key =
            prop_oneof![3 => prop::sample::select(keys).prop_map(str::to_string), 1 => string_regex(&free_key).unwrap()];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..size.items - 2).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..size.items)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<serde_json::Map<_, _>>())),
        ]
    })
}
