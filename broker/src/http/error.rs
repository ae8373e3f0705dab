//! Errors as HTTP responses: 400 `{"errors": {field: [messages]}}`, 404 `{"error": "…"}`, ….

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::store::StoreError;

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Invalid input: `(field, message)` pairs.
    #[error("validation failed: {0:?}")]
    Invalid(Vec<(String, String)>),
    /// The resource does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with stored data; the body says why.
    #[error("conflict")]
    Conflict(Value),
    /// Well-formed but not allowed (e.g. redeploying an undeployed version).
    #[error("unprocessable: {0:?}")]
    Unprocessable(Vec<(String, String)>),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ApiError {
    /// One validation message for one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Invalid(vec![(field.to_string(), message.into())])
    }

    /// A 404 with a message.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::NotFound(message.into())
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        ApiError::Store(StoreError::Database(e))
    }
}

fn errors_body(errors: &[(String, String)]) -> Value {
    let mut map: Map<String, Value> = Map::new();
    for (field, message) in errors {
        let entry = map
            .entry(field.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entry {
            list.push(Value::String(message.clone()));
        }
    }
    json!({ "errors": map })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            ApiError::Invalid(errors) => (StatusCode::BAD_REQUEST, errors_body(errors)),
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, json!({ "error": message })),
            ApiError::Conflict(body) => (StatusCode::CONFLICT, body.clone()),
            ApiError::Unprocessable(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors_body(errors)),
            // A write that lost a race to a concurrent request storing the same item: the client
            // may retry; this is not a server fault.
            ApiError::Store(StoreError::Database(sqlx::Error::Database(e))) if e.is_unique_violation() => {
                tracing::warn!(error = %e, "concurrent duplicate write");
                (
                    StatusCode::CONFLICT,
                    json!({ "error": "A concurrent request stored the same item at the same time; try again" }),
                )
            }
            ApiError::Store(e) => {
                tracing::error!(error = %e, "database error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({ "error": "An internal error occurred; see the broker log" }),
                )
            }
        };
        super::hal::hal_response(status, &body)
    }
}

/// Parses a JSON request body, answering 400 when it is not JSON of the expected shape.
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_str("{}")
            .map_err(|e| ApiError::invalid("body", format!("a JSON body is required ({e})")));
    }
    // serde_json does not check the UTF-8 of values it skips (unknown fields): check it first, so
    // a body that is not JSON text is never half accepted.
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::invalid("body", format!("invalid JSON: the body is not UTF-8 text ({e})")))?;
    serde_json::from_str(text).map_err(|e| ApiError::invalid("body", format!("invalid JSON: {e}")))
}
