//! Notices: sentences the broker wants the user to read.

use serde::{Deserialize, Serialize};

/// A notice in a broker reply.
///
/// Publishing contracts and the matrix send `{"type": "warning", "text": …}`; pacts for
/// verification send `{"when": "before_verification", "text": …}`. One type reads both; the
/// field that is absent stays `None` and is not written back.
///
/// ```
/// use pact_broker_api::Notice;
/// let notice: Notice = serde_json::from_str(r#"{"type": "error", "text": "no"}"#).unwrap();
/// assert!(notice.is_error());
/// assert_eq!(serde_json::to_string(&Notice::when("before_verification", "hi")).unwrap(),
///            r#"{"when":"before_verification","text":"hi"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// `debug`, `info`, `warning`, `prompt`, `success`, `error` or `danger`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// When to show it: `before_verification`, `after_verification:success_true_published_false`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The sentence to show the user.
    #[serde(default)]
    pub text: String,
}

impl Notice {
    /// `{"type": kind, "text": text}`.
    pub fn of_type(kind: impl Into<String>, text: impl Into<String>) -> Self {
        Notice {
            kind: Some(kind.into()),
            when: None,
            text: text.into(),
        }
    }

    /// `{"when": when, "text": text}`.
    pub fn when(when: impl Into<String>, text: impl Into<String>) -> Self {
        Notice {
            kind: None,
            when: Some(when.into()),
            text: text.into(),
        }
    }

    /// The notice's type, or `""`.
    pub fn kind(&self) -> &str {
        self.kind.as_deref().unwrap_or("")
    }

    /// When to show the notice, or `""`.
    pub fn when_to_show(&self) -> &str {
        self.when.as_deref().unwrap_or("")
    }

    /// Whether this notice reports a failure (`error` or `danger`).
    pub fn is_error(&self) -> bool {
        matches!(self.kind(), "error" | "danger")
    }
}
