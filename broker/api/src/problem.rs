//! Problem documents (RFC 9457, `application/problem+json`): the error bodies for clients that
//! ask for them.

use serde::{Deserialize, Serialize};

/// A problem document: `{"title", "type", "detail", "status"}` for one error,
/// `{"title", "type", "status", "instance", "errors"}` for validation errors.
///
/// ```
/// use pact_broker_api::Problem;
/// let p: Problem = serde_json::from_str(
///     r#"{"title": "Not found", "type": "http://b/problem/not-found", "detail": "No pacticipant", "status": 404}"#,
/// ).unwrap();
/// assert_eq!(p.detail.as_deref(), Some("No pacticipant"));
/// assert!(p.errors.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A short summary.
    #[serde(default)]
    pub title: String,
    /// The problem type's URI.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The message, for one error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The HTTP status.
    #[serde(default)]
    pub status: u16,
    /// What the problem is about (validation errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// One entry per invalid value (validation errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemError>>,
}

/// One invalid value of a validation [`Problem`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemError {
    /// The problem type's URI.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// `Validation error`.
    #[serde(default)]
    pub title: String,
    /// The message.
    #[serde(default)]
    pub detail: String,
    /// The HTTP status.
    #[serde(default)]
    pub status: u16,
    /// A JSON pointer to the invalid value, when there is a field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}
