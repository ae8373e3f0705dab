//! Every matcher kind, exercised over HTTP, ends up as the right rule in the written pact file.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected errors

mod common;

use common::{pact_dir, read_pact_json};
use pact_consumer::prelude::*;
use serde_json::Value;

fn every_matcher_body() -> JsonPattern {
    pact_json!({
        "like": like("Alice"),
        "eachLike": each_like(pact_json!({ "id": integer(1) })).min(2).max(5),
        "term": term(r"^\d{3}$", "123"),
        "integer": integer(42),
        "decimal": decimal(9.99),
        "number": number(7),
        "boolean": boolean(true),
        "string": string("text"),
        "include": include("needle"),
        "null": null(),
        "date": date("yyyy-MM-dd", "2024-02-29"),
        "time": time("HH:mm:ss", "09:30:00"),
        "datetime": datetime("yyyy-MM-dd'T'HH:mm:ss", "2024-02-29T09:30:00"),
        "uuid": uuid("2f6c2c8e-8a43-4b7e-9f57-0d6f8ad1c7a1"),
        "equality": equality("exact"),
        "values": values(json!({ "a": 1 })),
        "arrayContaining": array_containing([pact_json!({ "kind": "a", "n": integer(1) })]),
        "eachKey": each_key(json!({ "alice": 1 }), term("^[a-z]+$", "alice")),
        "eachValue": each_value(json!({ "alice": 1 }), integer(1)),
        "semver": semver("1.2.3"),
        "notEmpty": not_empty("x"),
        "fromState": from_provider_state("${name}", "Alice"),
    })
}

/// The first matcher at `path` in a rule category object.
fn matcher<'a>(category: &'a Value, path: &str) -> &'a Value {
    &category[path]["matchers"][0]
}

#[tokio::test]
async fn every_matcher_is_written_as_its_rule_at_the_right_path() {
    let dir = pact_dir();
    let mock = PactBuilder::new("Matchers", "Everything")
        .output_dir(dir.path())
        .interaction("everything", |i| {
            i.request(|r| {
                r.get(term(r"^/things/\d+$", "/things/1"))
                    .query_param("page", integer(2))
                    .header("X-Trace", term("^[a-f0-9]+$", "abc123"))
            })
            .response(|r| {
                r.status(status_code(StatusCodeClass::Success, 200))
                    .header("X-Version", semver("1.0.0"))
                    .json_body(every_matcher_body())
            })
        })
        .start_mock_server()
        .await;

    let response = reqwest::Client::new()
        .get(mock.path("/things/1?page=2"))
        .header("X-Trace", "abc123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, every_matcher_body().to_example());
    mock.finish().unwrap();

    let pact = read_pact_json(dir.path(), "Matchers", "Everything");
    let request_rules = &pact["interactions"][0]["request"]["matchingRules"];
    assert_eq!(request_rules["path"]["matchers"][0]["match"], "regex");
    assert_eq!(request_rules["path"]["matchers"][0]["regex"], r"^/things/\d+$");
    assert_eq!(matcher(&request_rules["query"], "page")["match"], "integer");
    assert_eq!(
        matcher(&request_rules["header"], "X-Trace")["regex"],
        "^[a-f0-9]+$"
    );

    let rules = &pact["interactions"][0]["response"]["matchingRules"];
    assert_eq!(rules["status"]["matchers"][0]["match"], "statusCode");
    assert_eq!(rules["status"]["matchers"][0]["status"], "success");
    assert_eq!(matcher(&rules["header"], "X-Version")["match"], "semver");

    let body = &rules["body"];
    let expect = |path: &str, kind: &str| {
        assert_eq!(
            matcher(body, path)["match"],
            kind,
            "rule at {path}: {}",
            body[path]
        );
    };
    expect("$.like", "type");
    expect("$.eachLike", "type");
    assert_eq!(matcher(body, "$.eachLike")["min"], 2);
    assert_eq!(matcher(body, "$.eachLike")["max"], 5);
    expect("$.eachLike[*].id", "integer");
    expect("$.term", "regex");
    assert_eq!(matcher(body, "$.term")["regex"], r"^\d{3}$");
    expect("$.integer", "integer");
    expect("$.decimal", "decimal");
    expect("$.number", "number");
    expect("$.boolean", "boolean");
    expect("$.string", "type");
    expect("$.include", "include");
    assert_eq!(matcher(body, "$.include")["value"], "needle");
    expect("$.null", "null");
    expect("$.date", "date");
    assert_eq!(matcher(body, "$.date")["format"], "yyyy-MM-dd");
    expect("$.time", "time");
    assert_eq!(matcher(body, "$.time")["format"], "HH:mm:ss");
    expect("$.datetime", "timestamp");
    assert_eq!(matcher(body, "$.datetime")["format"], "yyyy-MM-dd'T'HH:mm:ss");
    expect("$.uuid", "regex");
    expect("$.equality", "equality");
    expect("$.values", "values");
    expect("$.arrayContaining", "arrayContains");
    let variant = &matcher(body, "$.arrayContaining")["variants"][0];
    assert_eq!(variant["index"], 0);
    assert_eq!(variant["rules"]["$.n"]["matchers"][0]["match"], "integer");
    expect("$.eachKey", "eachKey");
    assert_eq!(matcher(body, "$.eachKey")["rules"][0]["regex"], "^[a-z]+$");
    expect("$.eachValue", "eachValue");
    assert_eq!(matcher(body, "$.eachValue")["rules"][0]["match"], "integer");
    expect("$.semver", "semver");
    expect("$.notEmpty", "notEmpty");
    expect("$.fromState", "type");

    let generators = &pact["interactions"][0]["response"]["generators"]["body"];
    assert_eq!(generators["$.fromState"]["type"], "ProviderState");
    assert_eq!(generators["$.fromState"]["expression"], "${name}");
}

#[tokio::test]
async fn a_v3_pact_writes_categorised_rules_and_v3_metadata() {
    let dir = pact_dir();
    let mock = PactBuilder::new("MatchersV3", "Everything")
        .specification(SpecVersion::V3)
        .output_dir(dir.path())
        .interaction("a v3 interaction", |i| {
            i.given("a thing exists")
                .request(|r| r.get(from_provider_state("/things/${id}", "/things/1")))
                .response(|r| {
                    r.ok()
                        .json_body(pact_json!({ "id": integer(1), "tags": each_like("red") }))
                })
        })
        .start_mock_server()
        .await;
    assert_eq!(reqwest::get(mock.path("/things/1")).await.unwrap().status(), 200);
    mock.finish().unwrap();

    let pact = read_pact_json(dir.path(), "MatchersV3", "Everything");
    assert_eq!(pact["metadata"]["pactSpecification"]["version"], "3.0.0");
    let interaction = &pact["interactions"][0];
    assert_eq!(interaction["providerStates"][0]["name"], "a thing exists");
    assert_eq!(
        interaction["request"]["generators"]["path"]["type"],
        "ProviderState"
    );
    assert_eq!(
        interaction["request"]["generators"]["path"]["expression"],
        "/things/${id}"
    );
    let body = &interaction["response"]["matchingRules"]["body"];
    assert_eq!(matcher(body, "$.id")["match"], "integer");
    assert_eq!(matcher(body, "$.tags")["min"], 1);
    assert_eq!(
        interaction["response"]["body"],
        json!({ "id": 1, "tags": ["red"] })
    );
}

#[tokio::test]
async fn a_v2_pact_writes_flat_rules() {
    let dir = pact_dir();
    let mock = PactBuilder::new("MatchersV2", "Everything")
        .specification(SpecVersion::V2)
        .output_dir(dir.path())
        .interaction("a v2 interaction", |i| {
            i.request(|r| r.get("/things"))
                .response(|r| r.ok().json_body(pact_json!({ "name": like("Alice") })))
        })
        .start_mock_server()
        .await;
    assert_eq!(reqwest::get(mock.path("/things")).await.unwrap().status(), 200);
    mock.finish().unwrap();

    let pact = read_pact_json(dir.path(), "MatchersV2", "Everything");
    assert_eq!(pact["metadata"]["pactSpecification"]["version"], "2.0.0");
    assert_eq!(
        pact["interactions"][0]["response"]["matchingRules"]["$.body.name"]["match"],
        "type"
    );
}

#[tokio::test]
async fn a_request_body_matcher_accepts_other_values_of_the_same_shape() {
    let dir = pact_dir();
    let mock = PactBuilder::new("Shapes", "Orders")
        .output_dir(dir.path())
        .interaction("create an order", |i| {
            i.request(|r| {
                r.post("/orders").json_body(pact_json!({
                    "item": like("book"),
                    "quantity": integer(1),
                    "lines": each_like(pact_json!({ "sku": term("^[A-Z]\\d$", "A1") })),
                }))
            })
            .response(|r| r.created())
        })
        .start_mock_server()
        .await;
    let response = reqwest::Client::new()
        .post(mock.path("/orders"))
        .json(&json!({ "item": "pen", "quantity": 12, "lines": [{ "sku": "B2" }, { "sku": "C3" }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    mock.finish().unwrap();
}
