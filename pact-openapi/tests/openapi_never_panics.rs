//! The OpenAPI check never panics: arbitrary text is read or refused, and arbitrary schemas
//! (built from OpenAPI keywords, with references between them) checked against arbitrary bodies,
//! paths and matchers give a report.

mod common;

use common::JsonSize;
use pact_core::Pact;
use pact_openapi::{OpenApi, check_pact};
use proptest::prelude::*;
use serde_json::{Value, json};

const SCHEMA_KEYS: &[&str] = &[
    "type",
    "properties",
    "items",
    "prefixItems",
    "allOf",
    "oneOf",
    "anyOf",
    "$ref",
    "nullable",
    "enum",
    "const",
    "format",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "minLength",
    "maxItems",
    "additionalProperties",
    "required",
    "discriminator",
    "propertyName",
    "mapping",
    "a",
    "b",
    "id",
];

const STRINGS: &[&str] = &[
    "object",
    "array",
    "string",
    "integer",
    "number",
    "boolean",
    "null",
    "#/components/schemas/A",
    "#/components/schemas/B",
    "#/nowhere",
    "date",
    "date-time",
    "uuid",
    "email",
    "int32",
    "^[a-z]+$",
    "(",
    "a",
    "b",
    "A",
    "B",
];

fn value() -> impl Strategy<Value = Value> {
    common::arbitrary_json(
        STRINGS,
        SCHEMA_KEYS,
        JsonSize {
            nodes: 64,
            items: 6,
            text: 8,
        },
    )
}

fn document(a: Value, b: Value, body: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "paths": {
            "/x/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": b}],
                "get": {"responses": {"200": {"content": {"application/json": {"schema": a}}}}},
                "post": {"requestBody": {"content": {"application/json": {"schema": body}}},
                    "responses": {"default": {"content": {"*/*": {"schema": {"$ref": "#/components/schemas/A"}}}}}}
            }
        },
        "components": {"schemas": {"A": a, "B": b}}
    })
}

fn pact(path: &str, request_body: Value, response_body: Value, rule_path: &str) -> Option<Pact> {
    let pact = json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [
            {"description": "get", "request": {"method": "GET", "path": path},
             "response": {"status": 200, "body": response_body.clone(),
                "matchingRules": {"body": {rule_path: {"matchers": [{"match": "type", "min": 0}]}}}}},
            {"description": "post", "request": {"method": "POST", "path": path, "body": request_body},
             "response": {"status": 500, "body": response_body}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    Pact::from_json_str(&pact.to_string()).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_read_or_refused(text in ".{0,200}") {
        let _ = OpenApi::parse(&text);
        let _ = OpenApi::parse(&format!("openapi: 3.0.3\npaths:\n  {text}"));
    }

    #[test]
    fn arbitrary_schemas_and_bodies_give_a_report(
        a in value(), b in value(), body_schema in value(),
        request_body in value(), response_body in value(),
        segment in prop::sample::select(&["1", "abc", "", "%41", "a%zz", "x/y"][..]),
        rule_path in prop::sample::select(&["$", "$.a", "$[*]", "$.*", "$.a[*].b"][..]),
    ) {
        let Ok(api) = OpenApi::from_value(document(a, b, body_schema)) else {
            return Ok(());
        };
        if let Some(pact) = pact(&format!("/x/{segment}"), request_body, response_body, rule_path) {
            let report = check_pact(&api, &pact);
            prop_assert_eq!(report.interactions.len(), 2);
            let _ = report.to_string();
        }
    }
}
