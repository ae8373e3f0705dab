//! Error replies.

use serde::{Deserialize, Serialize};

use crate::notice::Notice;

/// What the broker answers instead of a resource: `{"error": …}` for one message,
/// `{"errors": {field: [messages]}}` (or a list) for invalid requests, and notices with a 409.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The notices sent with the error (a 409 usually carries a diff).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    /// Validation messages: an object of field → messages, or a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<serde_json::Value>,
    /// One message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<serde_json::Value>,
}

impl ErrorBody {
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
