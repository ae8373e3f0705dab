//! The mock-from-OpenAPI core: which status each request gets, and the bodies it answers.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use pact_core::{Body, Request};
use pact_openapi::OpenApi;
use pact_openapi::mock::respond;
use serde_json::json;

fn users() -> OpenApi {
    OpenApi::parse(include_str!("fixtures/mock/users.yaml")).unwrap()
}

fn post(body: &str, content_type: &str) -> Request {
    let mut request = Request::new("POST", "/users");
    request
        .headers
        .insert("Content-Type", vec![content_type.to_string()]);
    request.body = Body::text(body, content_type);
    request
}

#[test]
fn a_valid_request_gets_the_lowest_2xx_with_an_example_or_generated_body() {
    let api = users();
    let user = respond(&api, &Request::new("GET", "/users/42"));
    assert_eq!(user.status, 200);
    assert_eq!(user.content_type.as_deref(), Some("application/json"));
    let body = user.body.unwrap();
    assert_eq!(body["id"], 42);
    assert_eq!(body["name"], "Alice");
    assert_eq!(body["email"], "user@example.com");
    assert_eq!(body["created"], "2024-01-31T12:00:00Z");
    assert_eq!(body["role"], "admin");
    assert!(
        body["friends"].is_array(),
        "a recursive schema is cut short: {body}"
    );

    let created = respond(
        &api,
        &post(
            r#"{"name": "Bob", "email": "bob@example.com"}"#,
            "application/json",
        ),
    );
    assert_eq!(created.status, 201);
    assert_eq!(
        created.body,
        Some(json!({"id": 1, "name": "Alice", "email": "alice@example.com"}))
    );

    let deleted = respond(&api, &Request::new("DELETE", "/users/42"));
    assert_eq!((deleted.status, deleted.body), (204, None));
}

#[test]
fn an_unknown_path_is_404_and_an_undocumented_method_405() {
    let api = users();
    assert_eq!(respond(&api, &Request::new("GET", "/orders")).status, 404);
    let put = respond(&api, &Request::new("PUT", "/users/42"));
    assert_eq!(put.status, 405);
    assert_eq!(
        put.body.unwrap()["mismatches"][0]["reason"],
        "the OpenAPI document has no PUT operation for '/users/{id}' (it documents GET, DELETE)"
    );
}

#[test]
fn invalid_parameters_and_bodies_are_422_with_a_readable_report() {
    let api = users();
    let bad_id = respond(&api, &Request::new("GET", "/users/abc"));
    assert_eq!(bad_id.status, 422);
    let missing_limit = respond(&api, &Request::new("GET", "/users"));
    assert_eq!(missing_limit.status, 422);
    assert_eq!(
        missing_limit.body.unwrap()["mismatches"][0]["reason"],
        "the request lacks the required query parameter 'limit'"
    );
    let mut too_many = Request::new("GET", "/users");
    too_many.query.append("limit", "500");
    assert_eq!(respond(&api, &too_many).status, 422);
    let mut fine = Request::new("GET", "/users");
    fine.query.append("limit", "10");
    assert_eq!(respond(&api, &fine).status, 200);

    // POST /users documents a 400 answer: it is used, as Prism does.
    let no_email = respond(&api, &post(r#"{"name": "Bob"}"#, "application/json"));
    assert_eq!(no_email.status, 400);
    let report = no_email.body.unwrap();
    assert_eq!(report["title"], "the request does not match the OpenAPI document");
    assert!(
        report["mismatches"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("email"),
        "{report}"
    );

    let no_body = respond(&api, &Request::new("POST", "/users"));
    assert_eq!(no_body.status, 400);
}

#[test]
fn an_undocumented_content_type_is_415_unless_the_operation_documents_400() {
    let api = users();
    let xml = respond(&api, &post("<user/>", "application/xml"));
    assert_eq!(xml.status, 400);
    let mut without_400 = users().document().clone();
    without_400["paths"]["/users"]["post"]["responses"]
        .as_object_mut()
        .unwrap()
        .remove("400");
    let api = OpenApi::from_value(without_400).unwrap();
    assert_eq!(respond(&api, &post("<user/>", "application/xml")).status, 415);
}
