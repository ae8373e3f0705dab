//! Reading and writing pacts: every version's own files come back unchanged, and conversions
//! between versions keep what both versions can express.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_core::format::{interaction_key, read_pact, write_pact};
use pact_core::{
    Body, HttpInteraction, Interaction, Pact, PactError, ProviderState, Request, Response, SpecVersion,
};
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads the fixture, writes it in its own version and checks the JSON is the fixture's (in any
/// key order) and that reading the written JSON gives the same pact.
fn assert_round_trip(name: &str, version: SpecVersion) -> Pact {
    let text = fixture(name);
    let pact = read_pact(&text).unwrap();
    assert_eq!(pact.specification, version);
    let written = write_pact(&pact, version).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    if written != original {
        panic!(
            "{name} written differs from the fixture:\n{}",
            serde_json::to_string_pretty(&written).unwrap()
        );
    }
    let reread = read_pact(&written.to_string()).unwrap();
    assert_eq!(reread, pact);
    pact
}

#[test]
fn v2_file_round_trips_unchanged() {
    let pact = assert_round_trip("v2-http.json", SpecVersion::V2);
    assert_eq!(pact.interactions.len(), 3);
    assert_eq!(pact.interactions[0].provider_states()[0].name, "alligators exist");
}

#[test]
fn v3_file_with_messages_round_trips_unchanged() {
    let pact = assert_round_trip("v3-http-and-messages.json", SpecVersion::V3);
    let kinds: Vec<_> = pact.interactions.iter().map(Interaction::kind).collect();
    assert_eq!(kinds.len(), 4);
    assert!(matches!(pact.interactions[2], Interaction::AsyncMessage(_)));
}

#[test]
fn v4_file_with_every_interaction_kind_round_trips_unchanged() {
    let pact = assert_round_trip("v4-all-kinds.json", SpecVersion::V4);
    assert!(pact.interactions[1].is_pending());
    let Interaction::SyncMessage(sync) = &pact.interactions[4] else {
        panic!("expected a sync message")
    };
    assert_eq!(sync.responses.len(), 2);
    let Interaction::Http(upload) = &pact.interactions[1] else {
        panic!("expected HTTP")
    };
    assert_eq!(upload.request.body.as_bytes(), b"\x89PNG\r\n\x1a\n");
}

fn interactions_after(name: &str, to: SpecVersion) -> (Vec<Interaction>, Vec<Interaction>) {
    let pact = read_pact(&fixture(name)).unwrap();
    let converted = read_pact(&write_pact(&pact, to).unwrap().to_string()).unwrap();
    assert_eq!(converted.specification, to);
    (pact.interactions, converted.interactions)
}

#[test]
fn upgrading_keeps_every_interaction() {
    for (name, to) in [
        ("v2-http.json", SpecVersion::V3),
        ("v2-http.json", SpecVersion::V4),
        ("v3-http-and-messages.json", SpecVersion::V4),
    ] {
        let (before, after) = interactions_after(name, to);
        assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            // V4 adds a computed key; everything else must survive.
            let mut a = a.clone();
            match &mut a {
                Interaction::Http(i) => i.key = None,
                Interaction::AsyncMessage(i) => i.key = None,
                Interaction::SyncMessage(i) => i.key = None,
                other => panic!("a kind this test does not know: {other:?}"),
            }
            assert_eq!(*b, a, "{name} -> {to:?}");
        }
    }
}

#[test]
fn downgrading_v4_http_to_v3_keeps_rules_and_generators() {
    let pact = read_pact(&fixture("v4-all-kinds.json")).unwrap();
    let mut http_only = pact.clone();
    http_only
        .interactions
        .retain(|i| matches!(i, Interaction::Http(_)));
    let v3 = write_pact(&http_only, SpecVersion::V3).unwrap();
    assert_eq!(v3["interactions"][0]["request"]["headers"]["X-Many"], "1, 2");
    assert_eq!(
        v3["interactions"][0]["response"]["generators"]["status"]["type"],
        "RandomInt"
    );
    let reread = read_pact(&v3.to_string()).unwrap();
    let (Interaction::Http(before), Interaction::Http(after)) =
        (&http_only.interactions[0], &reread.interactions[0])
    else {
        panic!("expected HTTP interactions")
    };
    assert_eq!(before.request.matching_rules, after.request.matching_rules);
    assert_eq!(before.response.matching_rules, after.response.matching_rules);
    assert_eq!(before.response.generators, after.response.generators);
    assert_eq!(before.response.body, after.response.body);
}

#[test]
fn versions_that_cannot_hold_an_interaction_refuse_to_write_it() {
    let v4 = read_pact(&fixture("v4-all-kinds.json")).unwrap();
    let err = write_pact(&v4, SpecVersion::V3).unwrap_err();
    assert_eq!(
        err,
        PactError::unsupported(
            "$.interactions[4]",
            "a V3 pact cannot hold synchronous messages; write the pact as V4"
        )
    );
    let v3 = read_pact(&fixture("v3-http-and-messages.json")).unwrap();
    let err = write_pact(&v3, SpecVersion::V2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "$.interactions[2]: a V2 pact cannot hold messages; write the pact as V3 or V4"
    );
    assert!(v3.to_json().is_ok());
}

#[test]
fn v2_writer_flattens_rules_and_keeps_the_first_state() {
    let mut interaction = HttpInteraction {
        description: "d".into(),
        provider_states: vec![ProviderState::new("first"), ProviderState::new("second")],
        request: Request::new("get", "/a"),
        response: Response::new(200),
        ..Default::default()
    };
    interaction.request.query.append("q", "a b");
    interaction.request.headers.append("Accept", "text/plain");
    interaction.request.headers.append("Accept", "application/json");
    let v3_text = r#"{"body": {"$.x": {"matchers": [{"match": "regex", "regex": "a"}, {"match": "type"}]}},
                      "header": {"Accept": {"matchers": [{"match": "type"}]}},
                      "query": {"q": {"matchers": [{"match": "type"}]}}}"#;
    let request = pact_core::format::read_request(
        &json!({"matchingRules": serde_json::from_str::<Value>(v3_text).unwrap()}),
        SpecVersion::V3,
        "$",
    )
    .unwrap();
    interaction.response.matching_rules = request.matching_rules.clone();
    interaction.request.matching_rules = request.matching_rules;
    interaction.response.body = Body::json(json!({"x": "a"}));
    let mut pact = Pact::new("c", "p", SpecVersion::V2);
    pact.interactions.push(Interaction::Http(interaction));
    let written = write_pact(&pact, SpecVersion::V2).unwrap();
    let i = &written["interactions"][0];
    assert_eq!(i["providerState"], "first");
    assert_eq!(i["request"]["method"], "GET");
    assert_eq!(i["request"]["query"], "q=a%20b");
    assert_eq!(i["request"]["headers"]["Accept"], "text/plain, application/json");
    assert_eq!(
        i["request"]["matchingRules"],
        json!({"$.body.x": {"match": "regex", "regex": "a"}, "$.headers.Accept": {"match": "type"},
               "$.query.q": {"match": "type"}})
    );
    assert_eq!(i["response"]["body"], json!({"x": "a"}));
    assert_eq!(
        written["metadata"],
        json!({"pactSpecification": {"version": "2.0.0"}})
    );
}

#[test]
fn metadata_is_kept_and_the_version_replaced() {
    let mut pact = Pact::new("c", "p", SpecVersion::V3);
    pact.metadata
        .insert("pact-specification".into(), json!({"version": "1.0.0"}));
    pact.metadata
        .insert("pactSpecificationVersion".into(), json!("1.0.0"));
    pact.metadata.insert("pactRust".into(), json!({"models": "0.1"}));
    let written = write_pact(&pact, SpecVersion::V4).unwrap();
    assert_eq!(
        written["metadata"],
        json!({"pactRust": {"models": "0.1"}, "pactSpecification": {"version": "4.0"}})
    );
    assert_eq!(
        write_pact(&pact, SpecVersion::V1).unwrap()["metadata"]["pactSpecification"]["version"],
        "2.0.0"
    );
}

#[test]
fn computed_keys_are_stable_and_ignore_pending_and_comments() {
    let interaction = HttpInteraction {
        description: "a request for user 42".into(),
        provider_states: vec![ProviderState::new("user 42 exists")],
        request: Request::new("GET", "/users/42"),
        response: Response::new(200),
        ..Default::default()
    };
    let key = interaction_key(&Interaction::Http(interaction.clone()));
    // Pinned: the key is part of the file format and must not change between builds.
    assert_eq!(key, PINNED_KEY);
    let mut pending = interaction.clone();
    pending.pending = true;
    pending.comments.insert("testname".into(), json!("t"));
    assert_eq!(interaction_key(&Interaction::Http(pending)), key);
    let mut other = interaction;
    other.request.path = "/users/43".into();
    assert_ne!(interaction_key(&Interaction::Http(other)), key);
}

/// SHA-256 of `{"description":"a request for user 42","providerStates":[{"name":"user 42 exists"}],
/// "request":{"method":"GET","path":"/users/42"},"response":{"status":200},"type":"Synchronous/HTTP"}`
/// (compact, keys sorted), first 16 hex digits: computed independently of this crate.
const PINNED_KEY: &str = "995ee1fa01d36dbf";

#[test]
fn v4_writer_computes_keys_and_writes_pending() {
    let mut pact = Pact::new("c", "p", SpecVersion::V4);
    pact.interactions.push(Interaction::Http(HttpInteraction {
        description: "d".into(),
        ..Default::default()
    }));
    let written = pact.to_json().unwrap();
    let i = &written["interactions"][0];
    assert_eq!(i["key"], json!(interaction_key(&pact.interactions[0])));
    assert_eq!(i["pending"], false);
    assert!(i.get("comments").is_none());
    assert!(i.get("providerStates").is_none());
}

/// A single-valued generator category (method, path, status) holding something that is not a
/// generator is an interaction problem, and is written back as it was, so rewriting is stable.
#[test]
fn an_unreadable_single_valued_generator_category_is_written_back_as_it_was() {
    let text = json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [{"type": "Asynchronous/Messages", "description": "d",
                          "generators": {"method": {"consumer": null}}}],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
    .to_string();
    let pact = read_pact(&text).unwrap();
    assert!(
        !pact.interactions[0].is_usable(),
        "{:?}",
        pact.interactions[0].problems()
    );
    let first = write_pact(&pact, SpecVersion::V4).unwrap();
    assert_eq!(
        first["interactions"][0]["generators"],
        json!({"method": {"consumer": null}})
    );
    let second = write_pact(&read_pact(&first.to_string()).unwrap(), SpecVersion::V4).unwrap();
    assert_eq!(second, first);
}
