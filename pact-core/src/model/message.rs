//! Message contents with metadata: one half of a message interaction.

use serde_json::{Map, Value};

use super::Body;
use crate::{Generators, MatchingRules};

/// A message: contents plus metadata (e.g. `{"contentType": "application/json", "topic": "orders"}`).
///
/// Matching rules and generators for the contents use the `body` category (written as `content` in
/// V4 and `body` in V3); those for metadata use `metadata`.
///
/// ```
/// let message = pact_core::Message::new(pact_core::Body::json(serde_json::json!({"orderId": 1})));
/// assert_eq!(message.content_type().as_deref(), Some("application/json"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Message {
    /// The contents.
    pub contents: Body,
    /// Metadata entries.
    pub metadata: Map<String, Value>,
    /// Matching rules by category (`body`, `metadata`).
    pub matching_rules: MatchingRules,
    /// Generators by category (`body`, `metadata`).
    pub generators: Generators,
}

impl Message {
    /// A message with the given contents and no metadata.
    pub fn new(contents: Body) -> Self {
        Message {
            contents,
            ..Message::default()
        }
    }

    /// The content type from the contents, else from `contentType`/`content-type` metadata.
    pub fn content_type(&self) -> Option<String> {
        self.contents.content_type().map(str::to_string).or_else(|| {
            self.metadata
                .iter()
                .find(|(k, _)| {
                    k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type")
                })
                .and_then(|(_, v)| v.as_str().map(str::to_string))
        })
    }
}
