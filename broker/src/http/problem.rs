//! `application/problem+json` error bodies (RFC 9457) for clients that ask for them in `Accept`,
//! as newer Pact Broker versions answer: validation errors as `ValidationErrorsProblemJSONDecorator`
//! lays them out, other errors as `CustomErrorProblemJSONDecorator`. Everyone else keeps the plain
//! `{"errors": …}` / `{"error": "…"}` bodies.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use pact_broker_api::{Problem, ProblemError};
use serde_json::Value;

use super::AppState;
use super::hal::Base;

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json;charset=utf-8";

/// Largest error body rewritten (error bodies are small; a bigger one passes through as is).
const MAX_ERROR_BODY: usize = 1024 * 1024;

/// Whether an `Accept` header asks for problem documents.
pub fn wants_problem_json(accept: Option<&HeaderValue>) -> bool {
    accept
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("application/problem+json"))
}

/// Middleware: rewrites JSON error bodies as problem documents when the client asks for them.
pub(super) async fn problem_json(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !wants_problem_json(request.headers().get(header::ACCEPT)) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok(base) = Base::from_request_parts(&mut parts, &state).await;
    let response = next.run(Request::from_parts(parts, body)).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.contains("json"));
    if !(status.is_client_error() || status.is_server_error()) || !is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "error body too large").into_response();
    };
    let Some(problem) = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|body| problem_for(&base, status, &body))
    else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let Ok(text) = serde_json::to_string(&problem) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut response = Response::from_parts(parts, Body::from(text));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

/// The problem document for an error body (`None` when it has neither `errors` nor `error`).
///
/// ```
/// use axum::http::StatusCode;
/// use pact_broker::http::hal::Base;
/// use pact_broker::http::problem::problem_for;
/// use serde_json::json;
///
/// let base = Base("http://b.test".into());
/// let p = problem_for(&base, StatusCode::BAD_REQUEST, &json!({"errors": {"name": ["is missing"]}})).unwrap();
/// assert_eq!(p.kind, "http://b.test/problems/validation-error");
/// let errors = p.errors.unwrap();
/// assert_eq!(errors[0].pointer.as_deref(), Some("/name"));
/// assert_eq!(errors[0].detail, "is missing");
///
/// let p = problem_for(&base, StatusCode::NOT_FOUND, &json!({"error": "No pacticipant"})).unwrap();
/// assert_eq!(serde_json::to_value(p).unwrap(), json!({"title": "Not found", "type": "http://b.test/problem/not-found",
///                      "detail": "No pacticipant", "status": 404}));
/// ```
pub fn problem_for(base: &Base, status: StatusCode, body: &Value) -> Option<Problem> {
    if let Some(errors) = body.get("errors") {
        let mut list = Vec::new();
        walk(base, errors, "", status, &mut list);
        return Some(Problem {
            title: "Validation errors".into(),
            kind: format!("{}/problems/validation-error", base.0),
            detail: None,
            status: status.as_u16(),
            instance: Some("/".into()),
            errors: Some(list),
        });
    }
    let detail = body.get("error")?;
    let detail = match detail {
        Value::String(text) => text.clone(),
        // `{"error": {"message": …, "reference": …}}` (server errors).
        other => other
            .get("message")
            .and_then(Value::as_str)
            .map_or_else(|| other.to_string(), str::to_string),
    };
    let (title, kind) = match status {
        StatusCode::BAD_REQUEST => ("Invalid JSON", "invalid-json"),
        StatusCode::NOT_FOUND => ("Not found", "not-found"),
        StatusCode::CONFLICT => ("Conflict", "conflict"),
        StatusCode::UNPROCESSABLE_ENTITY => ("Unprocessable entity", "unprocessable-entity"),
        s if s.is_server_error() => ("Server error", "server_error"),
        _ => ("Request error", "request-error"),
    };
    Some(Problem {
        title: title.into(),
        kind: format!("{}/problem/{kind}", base.0),
        detail: Some(detail),
        status: status.as_u16(),
        instance: None,
        errors: None,
    })
}

/// `walk_errors` of the Pact Broker's decorator: object keys extend the JSON pointer (a dotted
/// field name becomes a pointer path), arrays keep it, strings are messages.
fn walk(base: &Base, errors: &Value, path: &str, status: StatusCode, out: &mut Vec<ProblemError>) {
    match errors {
        Value::Object(map) => {
            for (key, value) in map {
                walk(base, value, &format!("{path}/{key}"), status, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(base, item, path, status, out);
            }
        }
        Value::String(message) => {
            out.push(ProblemError {
                kind: format!("{}/problems/invalid-body-property-value", base.0),
                title: "Validation error".into(),
                detail: message.clone(),
                status: status.as_u16(),
                pointer: (!path.is_empty()).then(|| path.replace('.', "/")),
            });
        }
        _ => {}
    }
}
