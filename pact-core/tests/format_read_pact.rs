//! Reading whole pact documents: pacticipants, versions, every interaction kind, and errors that
//! name the exact place of a problem.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_core::format::read_pact;
use pact_core::{Interaction, PactError, SpecVersion};
use serde_json::{Value, json};

fn pact_with(interactions: Value, metadata: Value) -> String {
    json!({"consumer": {"name": "c"}, "provider": {"name": "p"}, "interactions": interactions, "metadata": metadata})
        .to_string()
}

fn http(extra: Value) -> Value {
    let mut base =
        json!({"description": "d", "request": {"method": "GET", "path": "/"}, "response": {"status": 200}});
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        b.extend(e);
    }
    base
}

/// The error of a pact that cannot be read, else the first problem of its first unusable
/// interaction (what is wrong inside an interaction fails that interaction, not the pact).
fn error_of(text: &str) -> (String, String) {
    match read_pact(text) {
        Err(PactError::Invalid { path, message }) => (path, message),
        Err(other) => panic!("expected an Invalid error, got {other:?}"),
        Ok(pact) => {
            let problem = pact
                .interactions
                .iter()
                .flat_map(|i| i.problems())
                .next()
                .unwrap_or_else(|| panic!("expected an error or a problem in {text}"));
            (problem.path.clone(), problem.reason.clone())
        }
    }
}

#[test]
fn the_version_comes_from_any_of_the_metadata_spellings() {
    for (metadata, version) in [
        (
            json!({"pactSpecification": {"version": "1.0.0"}}),
            SpecVersion::V1,
        ),
        (
            json!({"pact-specification": {"version": "1.1.0"}}),
            SpecVersion::V1_1,
        ),
        (json!({"pactSpecificationVersion": "2.0.0"}), SpecVersion::V2),
        (
            json!({"pactSpecification": {"version": "3.0.0"}}),
            SpecVersion::V3,
        ),
        (json!({"pactSpecification": {"version": "4.0"}}), SpecVersion::V4),
    ] {
        let pact = read_pact(&pact_with(json!([]), metadata.clone())).unwrap();
        assert_eq!(pact.specification, version, "{metadata}");
        assert_eq!(pact.metadata, *metadata.as_object().unwrap());
    }
}

#[test]
fn a_pact_without_a_version_is_read_by_its_shape() {
    let plain =
        json!({"consumer": {"name": "c"}, "provider": {"name": "p"}, "interactions": [http(json!({}))]});
    assert_eq!(
        read_pact(&plain.to_string()).unwrap().specification,
        SpecVersion::V2
    );
    let states = json!({"consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [http(json!({"providerStates": [{"name": "s"}]}))]});
    assert_eq!(
        read_pact(&states.to_string()).unwrap().specification,
        SpecVersion::V3
    );
    let messages = json!({"consumer": {"name": "c"}, "provider": {"name": "p"}, "messages": []});
    assert_eq!(
        read_pact(&messages.to_string()).unwrap().specification,
        SpecVersion::V3
    );
    let typed = json!({"consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [http(json!({"type": "Synchronous/HTTP"}))]});
    assert_eq!(
        read_pact(&typed.to_string()).unwrap().specification,
        SpecVersion::V4
    );
}

#[test]
fn provider_states_in_every_spelling() {
    let text = pact_with(
        json!([
            http(json!({"providerState": "v2 state"})),
            http(json!({"provider_state": "v1 state"})),
            http(json!({"providerStates": [{"name": "v3 state", "params": {"id": 1}}, "bare name"]})),
            http(json!({"providerState": ""}))
        ]),
        json!({}),
    );
    let pact = read_pact(&text).unwrap();
    assert_eq!(pact.interactions[0].provider_states()[0].name, "v2 state");
    assert_eq!(pact.interactions[1].provider_states()[0].name, "v1 state");
    let v3 = pact.interactions[2].provider_states();
    assert_eq!(
        (v3[0].name.as_str(), v3[0].params["id"].clone()),
        ("v3 state", json!(1))
    );
    assert_eq!(v3[1].name, "bare name");
    assert!(pact.interactions[3].provider_states().is_empty());
}

#[test]
fn v4_interactions_are_read_by_type_or_by_shape() {
    let text = pact_with(
        json!([
            {"type": "Synchronous/HTTP", "description": "h", "key": "k1", "pending": true,
             "comments": {"testname": "t"}, "request": {"path": "/"}, "response": {"status": 204}},
            {"type": "Asynchronous/Messages", "description": "a", "contents": {"content": "x"}},
            {"type": "Synchronous/Messages", "description": "s", "request": {"contents": {"content": "q"}},
             "response": [{"contents": {"content": "r"}}]},
            {"description": "untyped message", "contents": {"content": {"a": 1}}}
        ]),
        json!({"pactSpecification": {"version": "4.0"}}),
    );
    let pact = read_pact(&text).unwrap();
    assert_eq!(pact.interactions[0].key(), Some("k1"));
    assert!(pact.interactions[0].is_pending());
    assert_eq!(pact.interactions[0].comments()["testname"], "t");
    let Interaction::AsyncMessage(async_message) = &pact.interactions[1] else {
        panic!("expected async")
    };
    assert_eq!(async_message.message.contents.as_text(), "x");
    let Interaction::SyncMessage(sync) = &pact.interactions[2] else {
        panic!("expected sync")
    };
    assert_eq!(sync.responses[0].contents.as_text(), "r");
    let Interaction::AsyncMessage(untyped) = &pact.interactions[3] else {
        panic!("expected async")
    };
    assert_eq!(untyped.message.contents.as_json(), Some(json!({"a": 1})));
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_tolerated() {
    let text = format!(
        "\u{feff}{}\r\n",
        pact_with(json!([http(json!({}))]), json!({})).replace(',', ",\r\n")
    );
    assert_eq!(read_pact(&text).unwrap().interactions.len(), 1);
}

#[test]
fn json_syntax_errors_give_line_and_column() {
    let err = read_pact("{\n  \"consumer\": {\"name\": \"c\"},\n  \"provider\": }").unwrap_err();
    let PactError::Syntax { line, column, .. } = err else {
        panic!("expected Syntax, got {err:?}")
    };
    assert_eq!((line, column), (3, 15));
}

#[test]
fn malformed_pacts_name_the_exact_path() {
    let cases: Vec<(String, &str, &str)> = vec![
        (json!([]).to_string(), "$", "expected an object, got an array"),
        (json!({"provider": {"name": "p"}}).to_string(), "$.consumer", "missing; a pact names its consumer: {\"name\": \"...\"}"),
        (json!({"consumer": {"name": 5}, "provider": {"name": "p"}}).to_string(), "$.consumer.name", "expected a string, got 5"),
        (
            json!({"consumer": {"name": "c"}, "provider": {"name": "p"}, "interactions": {}}).to_string(),
            "$.interactions",
            "expected an array, got an object",
        ),
        (pact_with(json!([http(json!({})), 7]), json!({})), "$.interactions[1]", "expected an object, got 7"),
        (
            pact_with(json!([{"request": {}, "response": {}}]), json!({})),
            "$.interactions[0].description",
            "missing; expected a string",
        ),
        (
            pact_with(json!([{"description": "d", "response": {}}]), json!({})),
            "$.interactions[0].request",
            "missing; an interaction needs a request",
        ),
        (
            pact_with(json!([http(json!({"response": {"status": "abc"}}))]), json!({})),
            "$.interactions[0].response.status",
            "expected a number between 100 and 599, got \"abc\"",
        ),
        (
            pact_with(json!([http(json!({"pending": "yes"}))]), json!({})),
            "$.interactions[0].pending",
            "expected true or false, got \"yes\"",
        ),
        (
            pact_with(json!([http(json!({"providerStates": [{"name": "s", "params": [1]}]}))]), json!({})),
            "$.interactions[0].providerStates[0].params",
            "expected an object, got an array",
        ),
        (
            pact_with(json!([http(json!({"type": "Carrier/Pigeon"}))]), json!({"pactSpecification": {"version": "4.0"}})),
            "$.interactions[0].type",
            "unknown interaction type \"Carrier/Pigeon\"; expected Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages",
        ),
        (
            pact_with(json!([]), json!({"pactSpecification": {"version": "banana"}})),
            "$.metadata.pactSpecification.version",
            "unknown pact specification version \"banana\"; expected 1.0.0, 1.1.0, 2.0.0, 3.0.0 or 4.0",
        ),
        (
            pact_with(
                json!([http(json!({"response": {"status": 200, "matchingRules": {"body": {"$.a[": {"matchers": []}}}}}))]),
                json!({"pactSpecification": {"version": "3.0.0"}}),
            ),
            "$.interactions[0].response.matchingRules.body['$.a[']",
            "invalid path expression: unclosed '[' at position 3 in \"$.a[\"",
        ),
        (
            pact_with(
                json!([http(json!({"request": {"path": "/", "matchingRules": {"$.body.a": {"match": "regex", "regex": "("}}}}))]),
                json!({}),
            ),
            "$.interactions[0].request.matchingRules['$.body.a'].regex",
            "invalid regular expression \"(\"",
        ),
        (
            pact_with(
                json!([http(json!({"response": {"status": 200, "matchingRules": {"body": {"$.at": {"matchers": [{"match": "date", "format": "yyyy-MM-ddTHH"}]}}}}}))]),
                json!({"pactSpecification": {"version": "3.0.0"}}),
            ),
            "$.interactions[0].response.matchingRules.body['$.at'].matchers[0].format",
            "invalid date format \"yyyy-MM-ddTHH\"",
        ),
        (
            json!({"consumer": {"name": "c"}, "provider": {"name": "p"},
                   "messages": [{"description": "m", "generators": {"body": {"$.a": {"type": "RandomInt", "min": 5, "max": 1}}}}]})
            .to_string(),
            "$.messages[0].generators.body['$.a']",
            "RandomInt generator has min 5 greater than max 1",
        ),
    ];
    for (text, path, message) in cases {
        let (got_path, got_message) = error_of(&text);
        assert_eq!(got_path, path, "for {text}");
        assert!(got_message.starts_with(message), "for {text}: {got_message}");
    }
}

#[test]
fn a_bad_date_time_format_makes_only_its_interaction_unusable_when_the_pact_is_read() {
    let rules =
        |format: &str| json!({"body": {"$.at": {"matchers": [{"match": "timestamp", "format": format}]}}});
    let text = pact_with(
        json!([
            {"description": "bad", "request": {"method": "GET", "path": "/a"},
             "response": {"status": 200, "body": {"at": "2024-01-01 10:00"}, "matchingRules": rules("yyyy-MM-dd HH:mm x'")}},
            {"description": "good", "request": {"method": "GET", "path": "/b"},
             "response": {"status": 200, "body": {"at": "2024-01-01 10:00"}, "matchingRules": rules("yyyy-MM-dd HH:mm")}}
        ]),
        json!({"pactSpecification": {"version": "3.0.0"}}),
    );
    let pact = read_pact(&text).unwrap();
    let (bad, good) = (&pact.interactions[0], &pact.interactions[1]);
    assert!(good.is_usable(), "{:?}", good.problems());
    assert!(!bad.is_usable());
    let problem = bad.problems()[0].to_string();
    assert!(
        problem.starts_with(
            "interaction 'bad': $.interactions[0].response.matchingRules.body['$.at'].matchers[0].format: \
             invalid timestamp format \"yyyy-MM-dd HH:mm x'\""
        ),
        "{problem}"
    );
}

#[test]
fn regex_rules_with_the_same_source_share_one_compiled_regex() {
    let interaction = |n: u32| {
        serde_json::json!({
            "type": "Synchronous/HTTP", "description": format!("request {n}"),
            "request": {"method": "GET", "path": format!("/users/{n}"),
                "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "/users/\\d+"}]}}},
            "response": {"status": 200}
        })
    };
    let pact = pact_core::format::read_pact_value(&serde_json::json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [interaction(1), interaction(2)],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    }))
    .unwrap();
    let pattern = |i: usize| match &pact.interactions[i] {
        pact_core::Interaction::Http(http) => {
            match &http
                .request
                .matching_rules
                .category(pact_core::Category::Path)
                .unwrap()[0]
                .1
                .rules[0]
            {
                pact_core::MatchingRule::Regex(p) => p.clone(),
                other => panic!("not a regex: {other:?}"),
            }
        }
        other => panic!("not HTTP: {other:?}"),
    };
    assert!(pattern(0).shares_compilation_with(&pattern(1)));
    assert!(pattern(0).is_full_match("/users/42"));
    assert!(!pattern(1).is_full_match("/users/42/orders"));
}
