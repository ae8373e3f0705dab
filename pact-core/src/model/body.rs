//! Bodies: bytes plus what is known of their content type.

use serde_json::Value;

/// A hint from a V4 pact about whether an unrecognised content type is text or binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContentTypeHint {
    /// Treat as text.
    Text,
    /// Treat as binary.
    Binary,
}

/// How a V1–V3 pact file held a body whose content type is not text: as a base64 string (decoded
/// when read) or as plain text (a string that is not base64). Kept so that writing the pact back
/// gives the same JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LegacyEncoding {
    /// A base64 string, decoded to these bytes.
    Base64,
    /// Plain text, taken as it is.
    Text,
}

/// The body of a request, response or message.
///
/// The specification distinguishes a body that is absent from one that is empty or JSON `null`,
/// so the model does too.
///
/// ```
/// use pact_core::Body;
/// let body = Body::json(serde_json::json!({"id": 42}));
/// assert_eq!(body.content_type(), Some("application/json"));
/// assert_eq!(body.as_json().unwrap()["id"], 42);
/// assert!(Body::Missing.is_missing());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum Body {
    /// No body was given.
    #[default]
    Missing,
    /// A body of zero bytes.
    Empty,
    /// A JSON `null` body.
    Null,
    /// Content.
    Present {
        /// The raw bytes.
        bytes: Vec<u8>,
        /// The content type, if known (from the V4 body or the `Content-Type` header).
        content_type: Option<String>,
        /// A V4 `contentTypeHint`.
        hint: Option<ContentTypeHint>,
        /// How a V1–V3 pact held a body of a non-text content type (`None` for other bodies).
        legacy_encoding: Option<LegacyEncoding>,
    },
}

impl Body {
    /// A JSON body (`application/json`).
    pub fn json(value: Value) -> Body {
        Body::Present {
            bytes: value.to_string().into_bytes(),
            content_type: Some("application/json".into()),
            hint: None,
            legacy_encoding: None,
        }
    }

    /// A text body with the given content type.
    pub fn text(text: impl Into<String>, content_type: impl Into<String>) -> Body {
        Body::Present {
            bytes: text.into().into_bytes(),
            content_type: Some(content_type.into()),
            hint: None,
            legacy_encoding: None,
        }
    }

    /// Bytes with an optional content type.
    pub fn bytes(bytes: impl Into<Vec<u8>>, content_type: Option<String>) -> Body {
        Body::Present {
            bytes: bytes.into(),
            content_type,
            hint: None,
            legacy_encoding: None,
        }
    }

    /// Whether no body was given.
    pub fn is_missing(&self) -> bool {
        matches!(self, Body::Missing)
    }

    /// Whether there is content (not missing, empty or null).
    pub fn is_present(&self) -> bool {
        matches!(self, Body::Present { .. })
    }

    /// The raw bytes (empty for missing, empty and null bodies; `null` for null).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Body::Present { bytes, .. } => bytes,
            Body::Null => b"null",
            _ => &[],
        }
    }

    /// The bytes as UTF-8 text, lossily.
    pub fn as_text(&self) -> String {
        String::from_utf8_lossy(self.as_bytes()).into_owned()
    }

    /// The content type this body carries, if any.
    pub fn content_type(&self) -> Option<&str> {
        match self {
            Body::Present { content_type, .. } => content_type.as_deref(),
            _ => None,
        }
    }

    /// Sets the content type when the body has content and none is known yet.
    pub fn with_default_content_type(mut self, default: Option<String>) -> Body {
        if let Body::Present { content_type, .. } = &mut self
            && content_type.is_none()
        {
            *content_type = default;
        }
        self
    }

    /// The body parsed as JSON (`Some(Value::Null)` for a null body), `None` when it is not JSON.
    pub fn as_json(&self) -> Option<Value> {
        match self {
            Body::Null => Some(Value::Null),
            Body::Present { bytes, .. } => serde_json::from_slice(bytes).ok(),
            _ => None,
        }
    }
}
