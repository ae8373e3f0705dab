//! The static check of a pact against the OpenAPI document of the examples' user service: the
//! examples' pact fits it, and each way an interaction can break the document is reported with
//! the interaction, the JSON path, the schema location and the reason in words.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use pact_core::{Pact, model::InteractionKind};
use pact_openapi::{FailureReason, OpenApi, OpenApiFailure, Part, check_pact};
use serde_json::{Value, json};

fn user_service() -> OpenApi {
    OpenApi::parse(include_str!("fixtures/openapi/user-service.yaml")).unwrap()
}

/// A V3 pact holding one HTTP interaction.
fn pact_with(interaction: Value) -> Pact {
    common::pact_of_one("OrderService", "UserService", "3.0.0", interaction)
}

/// The failures of one interaction against the user service.
fn failures(interaction: Value) -> Vec<OpenApiFailure> {
    common::openapi_failures(&user_service(), &pact_with(interaction))
}

/// The single failure of one interaction.
fn the_failure(interaction: Value) -> OpenApiFailure {
    common::the_only(failures(interaction))
}

fn get_user(response: Value) -> Value {
    json!({"description": "a request for user 42",
        "request": {"method": "GET", "path": "/users/42", "headers": {"Accept": "application/json"}},
        "response": response})
}

fn user_response(body: Value, rules: Value) -> Value {
    json!({"status": 200, "headers": {"Content-Type": "application/json"}, "body": body,
        "matchingRules": {"body": rules}})
}

const USER_SCHEMA: &str = "#/components/schemas/User";

#[test]
fn the_examples_pact_fits_the_user_service() {
    let pact = Pact::from_json_str(include_str!("fixtures/openapi/user-service-pact.json")).unwrap();
    let report = check_pact(&user_service(), &pact);
    assert!(report.is_compatible(), "{report}");
    let operations: Vec<Option<&str>> = report
        .interactions
        .iter()
        .map(|i| i.operation.as_deref())
        .collect();
    assert_eq!(
        operations,
        [
            Some("GET /users/{id}"),
            Some("GET /users/{id}"),
            Some("POST /users"),
            Some("POST /users"),
            None
        ]
    );
    let message = report.interaction("an order.created event").unwrap();
    assert_eq!(message.kind, InteractionKind::AsyncMessage);
    assert!(!message.is_applicable());
    assert!(
        report
            .to_string()
            .contains("an order.created event: not applicable"),
        "{report}"
    );
    assert!(
        report
            .to_string()
            .starts_with("4 interaction(s) checked against the OpenAPI document, 0 failed, 1 not applicable")
    );
}

#[test]
fn an_unknown_path_fails() {
    let failure = the_failure(json!({"description": "a request for accounts",
        "request": {"method": "GET", "path": "/accounts/42"}, "response": {"status": 200}}));
    assert_eq!(failure.interaction, "a request for accounts");
    assert_eq!(failure.part, Part::Path);
    assert_eq!(failure.schema_location, "#/paths");
    assert_eq!(
        failure.reason.to_string(),
        "no path of the OpenAPI document matches '/accounts/42'"
    );
}

#[test]
fn an_undocumented_method_fails() {
    let failure = the_failure(json!({"description": "a request to delete user 42",
        "request": {"method": "DELETE", "path": "/users/42"}, "response": {"status": 204}}));
    assert_eq!(failure.part, Part::Method);
    assert_eq!(failure.schema_location, "#/paths/~1users~1{id}");
    assert_eq!(
        failure.reason.to_string(),
        "the OpenAPI document has no DELETE operation for '/users/{id}' (it documents GET)"
    );
}

#[test]
fn a_path_parameter_of_the_wrong_type_fails() {
    let failure = the_failure(json!({"description": "a request for user abc",
        "request": {"method": "GET", "path": "/users/abc"}, "response": {"status": 200}}));
    assert_eq!(failure.part, Part::PathParameter);
    assert_eq!(failure.json_path, "$.id");
    assert_eq!(failure.schema_location, "#/components/parameters/UserId/schema");
    assert_eq!(
        failure.reason.to_string(),
        r#"the path parameter 'id' is 'abc', which does not fit its schema: the OpenAPI schema declares type integer but the consumer's value "abc" is a string"#
    );
}

#[test]
fn an_undocumented_status_fails() {
    let failure = the_failure(get_user(json!({"status": 500})));
    assert_eq!(failure.part, Part::Status);
    assert_eq!(failure.schema_location, "#/paths/~1users~1{id}/get/responses");
    assert_eq!(
        failure.reason,
        FailureReason::UndocumentedStatus {
            status: 500,
            documented: vec!["200".into(), "404".into()]
        }
    );
    assert_eq!(
        failure.reason.to_string(),
        "the consumer expects status 500 but the operation only documents 200, 404"
    );
}

#[test]
fn a_response_field_the_schema_does_not_declare_fails() {
    let body = json!({"id": 42, "name": "Alice", "email": "alice@example.com", "nickname": "Al"});
    let failure = the_failure(get_user(user_response(
        body,
        json!({"$.nickname": {"matchers": [{"match": "type"}]}}),
    )));
    assert_eq!(failure.part, Part::ResponseBody);
    assert_eq!(failure.json_path, "$.nickname");
    assert_eq!(failure.schema_location, USER_SCHEMA);
    assert_eq!(
        failure.reason.to_string(),
        "the consumer expects field 'nickname' but the OpenAPI schema does not declare it"
    );
    assert_eq!(
        failure.to_string(),
        "a request for user 42: response body $.nickname: the consumer expects field 'nickname' but the \
         OpenAPI schema does not declare it (see #/components/schemas/User)"
    );
}

#[test]
fn required_response_fields_the_consumer_ignores_are_fine() {
    let body = json!({"name": "Alice"});
    assert_eq!(failures(get_user(user_response(body, json!({})))), []);
}

#[test]
fn a_response_value_of_the_wrong_type_fails_even_behind_a_type_matcher() {
    let body = json!({"id": "42", "name": "Alice", "email": "alice@example.com"});
    for rules in [json!({}), json!({"$.id": {"matchers": [{"match": "type"}]}})] {
        let failure = the_failure(get_user(user_response(body.clone(), rules)));
        assert_eq!(failure.json_path, "$.id");
        assert_eq!(failure.schema_location, "#/components/schemas/User/properties/id");
        assert_eq!(
            failure.reason.to_string(),
            r#"the OpenAPI schema declares type integer but the consumer's value "42" is a string"#
        );
    }
}

#[test]
fn a_decimal_matcher_where_the_schema_promises_an_integer_fails() {
    let body = json!({"id": 4.5, "name": "Alice"});
    let failure = the_failure(get_user(user_response(
        body,
        json!({"$.id": {"matchers": [{"match": "decimal"}]}}),
    )));
    assert_eq!(failure.json_path, "$.id");
    assert_eq!(
        failure.reason.to_string(),
        "the OpenAPI schema declares type integer but the consumer's value 4.5 is a number"
    );
}

#[test]
fn a_literal_value_must_have_the_declared_format_but_a_type_matcher_stands_for_any_string() {
    let body = json!({"id": 42, "name": "Alice", "email": "alice at example"});
    let failure = the_failure(get_user(user_response(body.clone(), json!({}))));
    assert_eq!(failure.json_path, "$.email");
    assert_eq!(
        failure.schema_location,
        "#/components/schemas/User/properties/email"
    );
    assert_eq!(
        failure.reason.to_string(),
        r#"the consumer's value "alice at example" does not have the format 'email' the OpenAPI schema declares"#
    );
    let like = json!({"$.email": {"matchers": [{"match": "type"}]}});
    assert_eq!(failures(get_user(user_response(body.clone(), like))), []);
    let regex = json!({"$.email": {"matchers": [{"match": "regex", "regex": ".+"}]}});
    assert_eq!(
        failures(get_user(user_response(body, regex))).len(),
        1,
        "a regex example is still an example"
    );
}

#[test]
fn a_null_where_the_schema_does_not_allow_null_fails() {
    let body = json!({"id": 42, "name": null});
    let failure = the_failure(get_user(user_response(body, json!({}))));
    assert_eq!(failure.json_path, "$.name");
    assert_eq!(failure.reason, FailureReason::NullNotAllowed);
    assert_eq!(
        failure.reason.to_string(),
        "the consumer's value is null but the OpenAPI schema does not allow null"
    );
}

#[test]
fn a_response_body_where_the_response_documents_none_fails() {
    let failure = the_failure(json!({"description": "a request for a missing user",
        "request": {"method": "GET", "path": "/users/7"},
        "response": {"status": 404, "headers": {"Content-Type": "application/json"}, "body": {"error": "no user"}}}));
    assert_eq!(failure.part, Part::ResponseBody);
    assert_eq!(failure.schema_location, "#/paths/~1users~1{id}/get/responses/404");
    assert_eq!(
        failure.reason.to_string(),
        "the consumer expects a response body but the OpenAPI response documents no content"
    );
}

#[test]
fn a_response_body_of_an_undocumented_media_type_fails() {
    let failure = the_failure(get_user(
        json!({"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "Alice"}),
    ));
    assert_eq!(
        failure.schema_location,
        "#/paths/~1users~1{id}/get/responses/200/content"
    );
    assert_eq!(
        failure.reason.to_string(),
        "the consumer expects a body of type 'text/plain' but the OpenAPI document only has application/json"
    );
}

fn register(body: Value) -> Value {
    json!({"description": "a request to register a user",
        "request": {"method": "POST", "path": "/users", "headers": {"Content-Type": "application/json"}, "body": body},
        "response": {"status": 201}})
}

#[test]
fn an_invalid_request_body_fails_with_every_problem() {
    let all = failures(register(json!({"name": 5, "nickname": "Bo"})));
    let lines: Vec<String> = all
        .iter()
        .map(|f| format!("{} {}: {}", f.part, f.json_path, f.reason))
        .collect();
    assert_eq!(
        lines,
        [
            "request body $.name: the OpenAPI schema declares type string but the consumer's value 5 is an integer",
            "request body $.nickname: the consumer sends field 'nickname' but the OpenAPI schema does not declare it",
            "request body $: the consumer does not send field 'email', which the OpenAPI schema requires",
        ]
    );
    assert_eq!(
        all[0].schema_location,
        "#/components/requestBodies/NewUser/content/application~1json/schema/properties/name"
    );
}

#[test]
fn a_missing_required_request_body_fails() {
    let failure = the_failure(json!({"description": "a request to register nobody",
        "request": {"method": "POST", "path": "/users"}, "response": {"status": 201}}));
    assert_eq!(failure.part, Part::RequestBody);
    assert_eq!(failure.schema_location, "#/components/requestBodies/NewUser");
    assert_eq!(
        failure.reason.to_string(),
        "the operation requires a request body but the consumer sends none"
    );
}

#[test]
fn a_request_body_where_the_operation_takes_none_fails() {
    let mut interaction = get_user(json!({"status": 404}));
    interaction["request"]["body"] = json!({"verbose": true});
    let failure = the_failure(interaction);
    assert_eq!(failure.reason, FailureReason::UnexpectedRequestBody);
    assert_eq!(failure.schema_location, "#/paths/~1users~1{id}/get");
}

#[test]
fn a_consumer_expecting_a_client_error_may_send_a_bad_request_on_purpose() {
    let mut bad = register(json!({"name": 5}));
    bad["response"] = json!({"status": 400, "headers": {"Content-Type": "application/json"},
        "body": {"error": "name must be a string"}});
    assert_eq!(failures(bad.clone()), []);
    let missing_user = json!({"description": "a request for user abc",
        "request": {"method": "GET", "path": "/users/abc"}, "response": {"status": 404}});
    assert_eq!(failures(missing_user), []);
    // The media type is never on purpose.
    bad["request"]["headers"]["Content-Type"] = json!("application/xml");
    bad["request"]["body"] = json!("<user/>");
    let failure = the_failure(bad);
    assert_eq!(
        failure.reason.to_string(),
        "the consumer sends a body of type 'application/xml' but the OpenAPI document only has application/json"
    );
}

#[test]
fn matchers_of_a_v2_pact_count_too() {
    let pact = json!({
        "consumer": {"name": "OrderService"}, "provider": {"name": "UserService"},
        "interactions": [{"description": "a request for user 42",
            "request": {"method": "GET", "path": "/users/42"},
            "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                "body": {"id": 42, "name": "Alice", "email": "alice at example"},
                "matchingRules": {"$.body.email": {"match": "type"}}}}],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    });
    let pact = Pact::from_json_str(&pact.to_string()).unwrap();
    let report = check_pact(&user_service(), &pact);
    assert!(report.is_compatible(), "{report}");
}
