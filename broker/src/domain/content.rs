//! Pact content as the broker sees it: who it is between, and a SHA of its normalised form so
//! cosmetic republishes (key order, whitespace, interaction order) are recognised as the same pact.

use pact_core::Interaction;
use pact_core::format::read_interaction_outline;
use serde_json::{Map, Value};
use sha1::{Digest, Sha1};

/// Why a document is not a pact the broker can store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// Not JSON at all.
    #[error("the pact is not valid JSON: {0}")]
    InvalidJson(String),
    /// Not a JSON object.
    #[error("the pact must be a JSON object")]
    NotAnObject,
    /// A required field is missing or empty.
    #[error("the pact has no {0}")]
    Missing(&'static str),
}

/// A parsed pact document with its identity.
#[derive(Debug, Clone, PartialEq)]
pub struct PactContent {
    /// `consumer.name`.
    pub consumer: String,
    /// `provider.name`.
    pub provider: String,
    /// The document as published.
    pub json: Value,
    /// SHA-1 (hex) of the normalised document.
    pub sha: String,
    /// The text as published (without a byte-order mark), stored as is, as the Pact Broker
    /// stores it; `None` for a document built here (a merge), stored as compact JSON.
    published_text: Option<String>,
}

impl PactContent {
    /// Parses a pact document.
    ///
    /// ```
    /// use pact_broker::domain::content::PactContent;
    ///
    /// let a = PactContent::parse(r#"{"consumer":{"name":"Web"},"provider":{"name":"Api"},"interactions":[]}"#).unwrap();
    /// let b = PactContent::parse(r#"{ "provider": {"name": "Api"}, "interactions": [], "consumer": {"name": "Web"} }"#).unwrap();
    /// assert_eq!(a.consumer, "Web");
    /// assert_eq!(a.sha, b.sha);
    /// ```
    pub fn parse(text: &str) -> Result<PactContent, ContentError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let json: Value = serde_json::from_str(text).map_err(|e| ContentError::InvalidJson(e.to_string()))?;
        let mut content = PactContent::from_json(json)?;
        content.published_text = Some(text.to_string());
        Ok(content)
    }

    /// Takes an already parsed pact document.
    pub fn from_json(json: Value) -> Result<PactContent, ContentError> {
        if !json.is_object() {
            return Err(ContentError::NotAnObject);
        }
        let name = |party: &str| {
            json.get(party)
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
        };
        let consumer = name("consumer").ok_or(ContentError::Missing("consumer name"))?;
        let provider = name("provider").ok_or(ContentError::Missing("provider name"))?;
        let sha = content_sha(&json);
        Ok(PactContent {
            consumer,
            provider,
            json,
            sha,
            published_text: None,
        })
    }

    /// The document for storage: the text as published, byte for byte, or compact JSON for a
    /// document built here.
    ///
    /// ```
    /// use pact_broker::domain::content::PactContent;
    ///
    /// let text = "{ \"consumer\": {\"name\": \"Web\"}, \"provider\": {\"name\": \"Api\"}, \"n\": 1.50 }";
    /// assert_eq!(PactContent::parse(text).unwrap().to_text(), text);
    /// ```
    pub fn to_text(&self) -> String {
        self.published_text
            .clone()
            .unwrap_or_else(|| self.json.to_string())
    }
}

/// SHA-1 (lower-case hex) of the normalised document: keys sorted at every level, no whitespace,
/// and `interactions` / `messages` sorted by their own normalised text.
pub fn content_sha(json: &Value) -> String {
    let digest = Sha1::digest(normalised_text(json).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The normalised text that [`content_sha`] hashes.
pub fn normalised_text(json: &Value) -> String {
    let mut out = String::new();
    write_canonical(json, 0, &mut out);
    out
}

fn write_canonical(value: &Value, depth: usize, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*key).clone()).to_string());
                out.push(':');
                let child = &map[key.as_str()];
                if depth == 0 && (key.as_str() == "interactions" || key.as_str() == "messages") {
                    write_sorted_array(child, out);
                } else {
                    write_canonical(child, depth + 1, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, depth + 1, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn write_sorted_array(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            let mut texts: Vec<String> = items
                .iter()
                .map(|item| {
                    let mut s = String::new();
                    write_canonical(item, 1, &mut s);
                    s
                })
                .collect();
            texts.sort();
            out.push('[');
            out.push_str(&texts.join(","));
            out.push(']');
        }
        other => write_canonical(other, 1, out),
    }
}

/// Merges the interactions (and messages) of `new` into `existing`: an interaction with the same
/// [`pact_core::Interaction::identity`] (kind, description and provider states) is replaced,
/// others are appended (`PATCH` and `onConflict: merge`).
pub fn merge_interactions(existing: &Value, new: &Value) -> Value {
    let mut merged = existing.clone();
    for key in ["interactions", "messages"] {
        let Some(incoming) = new.get(key).and_then(Value::as_array) else {
            continue;
        };
        let Some(object) = merged.as_object_mut() else {
            continue;
        };
        let list = object.entry(key).or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(items) = list else { continue };
        let mut outlines: Vec<Interaction> = items.iter().map(read_interaction_outline).collect();
        for item in incoming {
            let outline = read_interaction_outline(item);
            match outlines.iter().position(|o| o.identity() == outline.identity()) {
                Some(at) => items[at] = item.clone(),
                None => {
                    items.push(item.clone());
                    outlines.push(outline);
                }
            }
        }
    }
    merged
}

/// Returns `json` with `extra` keys added at the top level (for rendering a stored pact).
pub fn with_fields(json: &Value, extra: Map<String, Value>) -> Value {
    let mut out = match json {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    for (k, v) in extra {
        out.insert(k, v);
    }
    Value::Object(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn interaction_order_and_whitespace_do_not_change_the_sha() {
        let a = PactContent::parse(
            r#"{"consumer":{"name":"C"},"provider":{"name":"P"},"interactions":[{"description":"a"},{"description":"b"}]}"#,
        )
        .unwrap();
        let b = PactContent::parse(
            "{\n \"interactions\": [{\"description\": \"b\"}, {\"description\": \"a\"}],\n \"provider\": {\"name\": \"P\"}, \"consumer\": {\"name\": \"C\"}}",
        )
        .unwrap();
        assert_eq!(a.sha, b.sha);
    }

    #[test]
    fn different_content_changes_the_sha() {
        let a = PactContent::parse(r#"{"consumer":{"name":"C"},"provider":{"name":"P"},"interactions":[]}"#)
            .unwrap();
        let b =
            PactContent::parse(r#"{"consumer":{"name":"C"},"provider":{"name":"P"},"interactions":[{}]}"#)
                .unwrap();
        assert_ne!(a.sha, b.sha);
        assert_eq!(a.sha.len(), 40);
    }

    #[test]
    fn a_pact_without_a_consumer_name_is_rejected() {
        let err = PactContent::parse(r#"{"provider":{"name":"P"}}"#).unwrap_err();
        assert_eq!(err, ContentError::Missing("consumer name"));
    }

    #[test]
    fn merging_tells_interactions_apart_as_pact_core_does() {
        // `providerState` (V2) and `providerStates` (V3) naming the same state are one interaction;
        // an HTTP interaction and a message with the same description are two.
        let existing = serde_json::json!({"interactions": [
            {"description": "a", "providerState": "s", "response": {"status": 200}},
            {"description": "m", "contents": {"n": 1}}
        ]});
        let new = serde_json::json!({"interactions": [
            {"description": "a", "providerStates": [{"name": "s"}], "response": {"status": 201}},
            {"description": "m", "response": {"status": 200}}
        ]});
        let merged = merge_interactions(&existing, &new);
        let items = merged["interactions"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0]["response"]["status"], 201);
        assert_eq!(items[1]["contents"]["n"], 1);
    }

    #[test]
    fn merging_replaces_same_description_and_appends_new() {
        let existing: Value = serde_json::json!({"interactions":[{"description":"a","x":1}]});
        let new: Value = serde_json::json!({"interactions":[{"description":"a","x":2},{"description":"b"}]});
        let merged = merge_interactions(&existing, &new);
        assert_eq!(merged["interactions"].as_array().map(Vec::len), Some(2));
        assert_eq!(merged["interactions"][0]["x"], 2);
    }
}
