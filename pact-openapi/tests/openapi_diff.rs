//! The breaking-change diff: where a change is reported, its sentence and JSON, and documents
//! that could make a naive diff loop.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_openapi::OpenApi;
use pact_openapi::diff::{ChangePart, Rule, diff};

fn case(name: &str, side: &str) -> OpenApi {
    let path = format!(
        "{}/tests/fixtures/diff/{name}/{side}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    OpenApi::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn changes_of(name: &str) -> Vec<pact_openapi::diff::ApiChange> {
    diff(&case(name, "old"), &case(name, "new")).changes
}

#[test]
fn a_renamed_response_property_is_a_breaking_removal_in_every_operation_returning_it() {
    let changes = changes_of("response-property-renamed");
    let removed: Vec<String> = changes
        .iter()
        .filter(|c| c.rule == Rule::PropertyRemoved)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        removed,
        [
            "breaking: GET /users/{id} response 200 application/json $.email: property 'email' was removed (property-removed)",
            "breaking: POST /users response 201 application/json $.email: property 'email' was removed (property-removed)",
        ]
    );
}

#[test]
fn a_new_required_query_parameter_names_the_parameter() {
    let changes = changes_of("required-parameter-added");
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(
        changes[0].part,
        ChangePart::Parameter {
            location: "query".into(),
            name: "tenant".into()
        }
    );
    assert_eq!(
        changes[0].to_string(),
        "breaking: GET /users/{id} query parameter 'tenant': required query parameter 'tenant' was added (required-parameter-added)"
    );
}

#[test]
fn the_json_report_carries_severity_rule_operation_and_json_path() {
    let old = case("request-enum-narrowed", "old");
    let new = case("request-enum-narrowed", "new");
    let json = diff(&old, &new).to_json();
    assert_eq!(json["breaking"], true);
    assert_eq!(
        json["changes"][0],
        serde_json::json!({
            "severity": "breaking", "rule": "enum-narrowed", "operation": "POST /users",
            "method": "POST", "path": "/users", "part": "requestBody",
            "mediaType": "application/json", "jsonPath": "$.role",
            "message": "enum values removed: \"guest\""
        })
    );
}

#[test]
fn the_same_document_has_no_changes() {
    let api = case("no-change", "old");
    let changes = diff(&api, &api);
    assert!(changes.changes.is_empty());
    assert_eq!(changes.to_string(), "no changes\n");
}

#[test]
fn a_recursive_schema_is_compared_once_and_its_changes_found() {
    let spec = |extra: &str| {
        OpenApi::parse(&format!(
            r##"
openapi: 3.1.0
paths:
  /nodes:
    get:
      responses:
        "200":
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Node"}}
components:
  schemas:
    Node:
      type: object
      properties:
        {extra}
        children: {{type: array, items: {{$ref: "#/components/schemas/Node"}}}}
        parent: {{$ref: "#/components/schemas/Node"}}
"##
        ))
        .unwrap()
    };
    let changes = diff(&spec("name: {type: string}"), &spec(""));
    let places: Vec<String> = changes.changes.iter().map(|c| c.place()).collect();
    assert_eq!(places, ["GET /nodes response 200 application/json $.name"]);
}

#[test]
fn a_changed_response_shape_from_object_to_array_is_one_type_change() {
    let changes = changes_of("response-object-to-array");
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].message, "type changed from object to array");
}
