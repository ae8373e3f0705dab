//! Reading message contents with their metadata, rules and generators (V3 `messages`, V4 message
//! interactions and the request/response parts of V4 synchronous messages).

use serde_json::{Map, Value};

use super::body::{read_legacy_body, read_v4_body};
use super::json::{child, object, opt_object};
use super::read_http::read_rules_and_generators;
use super::reading::Reading;
use crate::PactError;
use crate::model::{Message, SpecVersion};

/// The content type given in message metadata (`contentType`, `content-type`, any case).
pub(crate) fn metadata_content_type(metadata: &Map<String, Value>) -> Option<&str> {
    metadata
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type"))
        .and_then(|(_, v)| v.as_str())
}

/// Reads a message object: `contents` (also `content`), `metadata` (also `metaData`),
/// `matchingRules` (contents rules under `body`, `content` or `contents`) and `generators`.
pub(crate) fn read_message(
    value: &Value,
    version: SpecVersion,
    path: &str,
    reading: &mut Reading,
) -> Result<Message, PactError> {
    let obj = object(value, path)?;
    let metadata = match opt_object(obj, "metadata", path)? {
        Some(m) => m.clone(),
        None => opt_object(obj, "metaData", path)?.cloned().unwrap_or_default(),
    };
    let (contents_key, contents) = ["contents", "content"]
        .iter()
        .find_map(|k| obj.get(*k).map(|v| (*k, v)))
        .map_or(("contents", None), |(k, v)| (k, Some(v)));
    let content_type = metadata_content_type(&metadata);
    let contents = if version >= SpecVersion::V4 {
        read_v4_body(contents, content_type, &child(path, contents_key))?
    } else {
        read_legacy_body(contents, content_type)
    };
    let (matching_rules, generators) = read_rules_and_generators(obj, path, reading)?;
    Ok(Message {
        contents,
        metadata,
        matching_rules,
        generators,
    })
}
