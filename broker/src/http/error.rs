//! Errors as HTTP responses, in the Pact Broker's shapes: 400 `{"errors": {field: [messages]}}`
//! from body validation, 400 `{"errors": [messages]}` from the matrix queries, 400
//! `{"error": "Error parsing JSON - …"}` for a body that is not JSON, 404 `{"error": "…"}`, ….
//! [`super::problem`] turns them into `application/problem+json` when the client asks for it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pact_broker_api::ErrorBody;

use crate::store::StoreError;

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Invalid input: `(field, message)` pairs.
    #[error("validation failed: {0:?}")]
    Invalid(Vec<(String, String)>),
    /// Invalid input described by messages without fields (the matrix and can-i-deploy queries).
    #[error("validation failed: {0:?}")]
    InvalidMessages(Vec<String>),
    /// A body that could not be read at all (not JSON, not UTF-8).
    #[error("malformed request: {0}")]
    Malformed(String),
    /// A conflict explained in plain text (the potential duplicate pacticipant names).
    #[error("conflict: {0}")]
    ConflictText(String),
    /// The resource does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with stored data; the body says why (boxed: it is the largest).
    #[error("conflict")]
    Conflict(Box<ErrorBody>),
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

    /// A 409 with `body`.
    pub fn conflict(body: ErrorBody) -> ApiError {
        ApiError::Conflict(Box::new(body))
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

fn errors_body(errors: &[(String, String)]) -> ErrorBody {
    ErrorBody::fields(errors.iter().map(|(f, m)| (f.as_str(), m.as_str())))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            ApiError::Invalid(errors) => (StatusCode::BAD_REQUEST, errors_body(errors)),
            ApiError::InvalidMessages(messages) => (StatusCode::BAD_REQUEST, ErrorBody::list(messages)),
            ApiError::Malformed(message) => (StatusCode::BAD_REQUEST, ErrorBody::message(message)),
            ApiError::ConflictText(text) => {
                let mut response = (StatusCode::CONFLICT, text.clone()).into_response();
                response.headers_mut().insert(
                    axum::http::header::CONTENT_TYPE,
                    axum::http::HeaderValue::from_static("text/plain;charset=utf-8"),
                );
                return response;
            }
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, ErrorBody::message(message)),
            ApiError::Conflict(body) => (StatusCode::CONFLICT, (**body).clone()),
            ApiError::Unprocessable(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors_body(errors)),
            // A write that lost a race to a concurrent request storing the same item: the client
            // may retry; this is not a server fault.
            ApiError::Store(StoreError::Database(sqlx::Error::Database(e))) if e.is_unique_violation() => {
                tracing::warn!(error = %e, "concurrent duplicate write");
                (
                    StatusCode::CONFLICT,
                    ErrorBody::message(
                        "A concurrent request stored the same item at the same time; try again",
                    ),
                )
            }
            // Aborted by the database as a deadlock victim or a serialization failure: the retry
            // layer runs the request again; this answer only remains when every attempt failed.
            ApiError::Store(e) if e.is_write_conflict() => {
                tracing::warn!(error = %e, "write aborted as a conflict with a concurrent write");
                let mut response = super::hal::hal_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &ErrorBody::message(
                        "The database aborted this write as a conflict with concurrent writes; try again",
                    ),
                );
                response.extensions_mut().insert(super::retry::WriteConflict);
                response.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from_static("1"),
                );
                return response;
            }
            ApiError::Store(e) => {
                tracing::error!(error = %e, "database error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorBody::message("An internal error occurred; see the broker log"),
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
        .map_err(|e| ApiError::Malformed(format!("Error parsing JSON - the body is not UTF-8 text ({e})")))?;
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ApiError::Malformed(format!("Error parsing JSON - {e}")))?;
    serde_json::from_value(json).map_err(|e| ApiError::invalid("body", format!("invalid JSON: {e}")))
}
