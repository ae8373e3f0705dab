//! Error replies.

use serde::{Deserialize, Serialize};

use crate::notice::Notice;

/// What the broker answers instead of a resource: `{"error": …}` for one message,
/// `{"errors": {field: [messages]}}` (or a list) for invalid requests, and notices with a 409.
///
/// The server writes every error body through this type (absent parts are not written; `error`,
/// `notices`, `errors` in that order):
///
/// ```
/// use pact_broker_api::{ErrorBody, Notice};
/// let fields = ErrorBody::fields([("name", "is missing"), ("name", "is too short")]);
/// assert_eq!(serde_json::to_string(&fields).unwrap(), r#"{"errors":{"name":["is missing","is too short"]}}"#);
/// assert_eq!(serde_json::to_string(&ErrorBody::message("No pacticipant")).unwrap(), r#"{"error":"No pacticipant"}"#);
/// let conflict = ErrorBody::message("changed").with_notices(vec![Notice::of_type("error", "changed")]);
/// assert_eq!(
///     serde_json::to_string(&conflict).unwrap(),
///     r#"{"error":"changed","notices":[{"type":"error","text":"changed"}]}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// One message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<serde_json::Value>,
    /// The notices sent with the error (a 409 usually carries a diff); entries that are not
    /// notices are skipped when reading.
    #[serde(
        default,
        deserialize_with = "lenient_notices",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub notices: Vec<Notice>,
    /// Validation messages: an object of field → messages, or a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<serde_json::Value>,
}

impl ErrorBody {
    /// `{"error": message}`.
    pub fn message(message: impl Into<String>) -> Self {
        ErrorBody {
            error: Some(serde_json::Value::String(message.into())),
            ..ErrorBody::default()
        }
    }

    /// `{"errors": {field: [messages]}}`, fields in the order first given.
    pub fn fields<F: Into<String>, M: Into<String>>(errors: impl IntoIterator<Item = (F, M)>) -> Self {
        let mut map = serde_json::Map::new();
        for (field, message) in errors {
            let entry = map
                .entry(field.into())
                .or_insert_with(|| serde_json::Value::Array(Vec::new()));
            if let serde_json::Value::Array(list) = entry {
                list.push(serde_json::Value::String(message.into()));
            }
        }
        ErrorBody {
            errors: Some(serde_json::Value::Object(map)),
            ..ErrorBody::default()
        }
    }

    /// `{"errors": [messages]}`.
    pub fn list(messages: impl IntoIterator<Item = impl Into<String>>) -> Self {
        ErrorBody {
            errors: Some(serde_json::Value::Array(
                messages
                    .into_iter()
                    .map(|m| serde_json::Value::String(m.into()))
                    .collect(),
            )),
            ..ErrorBody::default()
        }
    }

    /// The same body with `notices`.
    #[must_use]
    pub fn with_notices(mut self, notices: Vec<Notice>) -> Self {
        self.notices = notices;
        self
    }

    /// The `error` message, when it is text.
    pub fn error_text(&self) -> Option<&str> {
        self.error.as_ref().and_then(serde_json::Value::as_str)
    }

    /// Every message, as `field: message` for field errors.
    ///
    /// ```
    /// use pact_broker_api::ErrorBody;
    /// let body: ErrorBody = serde_json::from_str(r#"{"errors": {"name": ["is blank"]}}"#).unwrap();
    /// assert_eq!(body.messages(), ["name: is blank"]);
    /// ```
    pub fn messages(&self) -> Vec<String> {
        use serde_json::Value;
        let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        let mut out = Vec::new();
        match &self.errors {
            Some(Value::Object(fields)) => {
                for (field, messages) in fields {
                    match messages {
                        Value::Array(items) => {
                            out.extend(items.iter().map(|m| format!("{field}: {}", text(m))))
                        }
                        other => out.push(format!("{field}: {}", text(other))),
                    }
                }
            }
            Some(Value::Array(items)) => out.extend(items.iter().map(text)),
            Some(other) => out.push(text(other)),
            None => {}
        }
        match &self.error {
            Some(Value::Object(error)) => {
                if let Some(message) = error.get("message") {
                    out.push(text(message));
                }
            }
            Some(other) => out.push(text(other)),
            None => {}
        }
        out
    }
}

/// The entries of a `notices` array that read as notices (none when it is not an array).
fn lenient_notices<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Notice>, D::Error> {
    let raw = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(match raw {
        Some(serde_json::Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_that_are_not_notices_are_skipped() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"notices": [1, {"type": "error", "text": "no"}], "error": "no"}"#)
                .unwrap_or_default();
        assert_eq!(body.notices, [Notice::of_type("error", "no")]);
        assert_eq!(body.error_text(), Some("no"));
        let odd: ErrorBody = serde_json::from_str(r#"{"notices": "none"}"#).unwrap_or_default();
        assert!(odd.notices.is_empty());
    }
}
