//! The core of a mock server answering from an OpenAPI document (no HTTP here): it validates a
//! request against the operation it is for (path, method, parameters, body and content type) and
//! answers from the operation's examples, or with values generated from its schemas.
//!
//! ```
//! use pact_core::Request;
//! use pact_openapi::OpenApi;
//! use pact_openapi::mock::respond;
//!
//! let api = OpenApi::parse(r#"
//! openapi: 3.0.3
//! paths:
//!   /users/{id}:
//!     get:
//!       parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
//!       responses:
//!         "200":
//!           content:
//!             application/json:
//!               schema:
//!                 type: object
//!                 properties: {id: {type: integer, example: 42}, email: {type: string, format: email}}
//! "#).unwrap();
//!
//! let ok = respond(&api, &Request::new("GET", "/users/42"));
//! assert_eq!(ok.status, 200);
//! assert_eq!(ok.body, Some(serde_json::json!({"id": 42, "email": "user@example.com"})));
//!
//! let bad = respond(&api, &Request::new("GET", "/users/abc"));
//! assert_eq!(bad.status, 422);
//! assert_eq!(respond(&api, &Request::new("GET", "/nowhere")).status, 404);
//! assert_eq!(respond(&api, &Request::new("DELETE", "/users/42")).status, 405);
//! ```

mod generate;

use pact_core::{HttpInteraction, Request, Response};
use serde_json::{Value, json};

use crate::report::{OpenApiFailure, Part};
use crate::{FailureReason, OpenApi, interaction, operation, pointer};

/// What the mock answers.
#[derive(Debug, Clone, PartialEq)]
pub struct MockResponse {
    /// The status.
    pub status: u16,
    /// The body's content type, when there is a body.
    pub content_type: Option<String>,
    /// The body (JSON), when there is one.
    pub body: Option<Value>,
}

fn mismatch_report(status: u16, failures: &[OpenApiFailure]) -> MockResponse {
    let mismatches: Vec<Value> = failures
        .iter()
        .map(|f| {
            json!({
                "part": f.part.to_string(), "path": f.json_path,
                "schemaLocation": f.schema_location, "reason": f.reason.to_string(),
            })
        })
        .collect();
    MockResponse {
        status,
        content_type: Some("application/problem+json".into()),
        body: Some(json!({
            "title": "the request does not match the OpenAPI document",
            "status": status,
            "mismatches": mismatches,
        })),
    }
}

/// Validates `request` against `api` and answers it: 404 when no path template matches, 405
/// when the path does not document the method; for parameters, a body or a content type that do
/// not fit, the operation's own 422 or 400 response when it documents one (as Prism does), else
/// 415 for an undocumented content type and 422 otherwise (each with a JSON mismatch report); else the operation's lowest documented 2xx status (`default` otherwise) with its
/// example or a generated value.
pub fn respond(api: &OpenApi, request: &Request) -> MockResponse {
    let probe = HttpInteraction {
        description: "request".into(),
        request: request.clone(),
        response: Response::new(200),
        ..Default::default()
    };
    let result = interaction::check(api, &probe);
    let failures: Vec<OpenApiFailure> = result
        .failures
        .into_iter()
        .filter(|f| !matches!(f.part, Part::Status | Part::ResponseBody))
        .collect();
    let mut sink = crate::sink::Sink::new("request");
    let operation = operation::find(api, &request.method, &request.path, &mut sink);
    if let Some(first) = failures.first() {
        let status = match (&first.part, &first.reason) {
            (Part::Path, _) => 404,
            (Part::Method, _) => 405,
            // As Prism does: the operation's own 422 or 400 answer when it documents one.
            _ if documents(operation.as_ref().map(|o| o.value), "422") => 422,
            _ if documents(operation.as_ref().map(|o| o.value), "400") => 400,
            (_, FailureReason::UndocumentedContentType { .. }) => 415,
            _ => 422,
        };
        return mismatch_report(status, &failures);
    }
    let Some(operation) = operation else {
        return mismatch_report(404, &sink.into_failures());
    };
    answer(api, operation.value, &operation.location)
}

fn documents(operation: Option<&Value>, status: &str) -> bool {
    operation
        .and_then(|o| o.get("responses"))
        .and_then(|r| r.get(status))
        .is_some()
}

fn answer(api: &OpenApi, operation: &Value, location: &str) -> MockResponse {
    let responses = operation.get("responses").and_then(Value::as_object);
    let mut statuses: Vec<(u16, &String)> = responses
        .into_iter()
        .flatten()
        .filter_map(|(key, _)| {
            let status = match key.as_str() {
                "2XX" | "2xx" => 200,
                "default" => 999,
                other => other.parse::<u16>().ok()?,
            };
            Some((status, key))
        })
        .filter(|(status, _)| (200..300).contains(status) || *status == 999)
        .collect();
    statuses.sort();
    let Some((status, key)) = statuses.first().copied() else {
        return MockResponse {
            status: 501,
            content_type: Some("text/plain".into()),
            body: Some(json!("the operation documents no 2xx or default response")),
        };
    };
    let status = if status == 999 { 200 } else { status };
    let response_location = pointer::join(&pointer::join(location, "responses"), key);
    let Some(response) = responses.and_then(|r| r.get(key)) else {
        return MockResponse {
            status,
            content_type: None,
            body: None,
        };
    };
    let (response, response_location) = api.resolve(response, &response_location);
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return MockResponse {
            status,
            content_type: None,
            body: None,
        };
    };
    let chosen = content
        .iter()
        .find(|(media, _)| media.contains("json"))
        .or_else(|| content.iter().next());
    let Some((media_type, media)) = chosen else {
        return MockResponse {
            status,
            content_type: None,
            body: None,
        };
    };
    let media_location = pointer::join(&pointer::join(&response_location, "content"), media_type);
    let example = media.get("example").cloned().or_else(|| {
        let first = media.get("examples")?.as_object()?.values().next()?;
        let (first, _) = api.resolve(first, &media_location);
        first.get("value").cloned()
    });
    let body = example.or_else(|| {
        let schema = media.get("schema")?;
        Some(generate::value_for(
            api,
            schema,
            &pointer::join(&media_location, "schema"),
            0,
        ))
    });
    MockResponse {
        status,
        content_type: Some(media_type.clone()),
        body,
    }
}
