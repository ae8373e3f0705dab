//! The suite's ways of writing a body in a table cell, and its fixture files.
//!
//! A cell is one of `file: NAME` (a fixture: `*.json` is JSON, `*.jpg`/`*.pdf` binary, `*.xml` a
//! body description with `contentType` and `contents`, `eol="CRLF"` turning line ends into CRLF),
//! `JSON: …`, `XML: …`, `EMPTY`, or plain text.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use pact_core::Body;
use serde_json::Value;

/// The vendored `fixtures/` folder.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The vendored `features/` folder.
pub fn features_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("features")
}

/// Reads a fixture file's bytes.
pub fn read_fixture(name: &str) -> Result<Vec<u8>, String> {
    let path = fixtures_dir().join(name.trim());
    std::fs::read(&path).map_err(|e| format!("fixture {}: {e}", path.display()))
}

/// Reads a JSON fixture.
pub fn read_json_fixture(name: &str) -> Result<Value, String> {
    let bytes = read_fixture(name)?;
    serde_json::from_slice(&bytes).map_err(|e| format!("fixture {name} is not JSON: {e}"))
}

/// A JSON value from a cell: `JSON: …`, a fixture `*.json` name, `file: NAME.json`, or JSON text.
pub fn json_cell(cell: &str) -> Result<Value, String> {
    let cell = cell.trim();
    if let Some(text) = cell.strip_prefix("JSON:") {
        serde_json::from_str(text.trim()).map_err(|e| format!("'{text}' is not JSON: {e}"))
    } else if let Some(name) = cell.strip_prefix("file:") {
        read_json_fixture(name)
    } else if cell.ends_with(".json") {
        read_json_fixture(cell)
    } else {
        serde_json::from_str(cell).map_err(|e| format!("'{cell}' is not JSON: {e}"))
    }
}

/// The body a cell describes (see the module documentation).
///
/// ```
/// use compatibility_suite::fixtures::body_cell;
/// let body = body_cell("JSON: {\"one\": \"a\"}").unwrap();
/// assert_eq!(body.content_type(), Some("application/json"));
/// assert_eq!(body_cell("file: basic.json").unwrap().as_json().unwrap()["two"], "b");
/// assert_eq!(body_cell("Hello").unwrap().content_type(), Some("text/plain"));
/// ```
pub fn body_cell(cell: &str) -> Result<Body, String> {
    let cell = cell.trim();
    if let Some(text) = cell.strip_prefix("JSON:") {
        return Ok(Body::text(text.trim(), "application/json"));
    }
    if let Some(text) = cell.strip_prefix("XML:") {
        return Ok(Body::text(text.trim(), "application/xml"));
    }
    if cell == "EMPTY" {
        return Ok(Body::Empty);
    }
    let Some(name) = cell.strip_prefix("file:").map(str::trim) else {
        return Ok(Body::text(cell, "text/plain"));
    };
    let bytes = read_fixture(name)?;
    match name.rsplit('.').next().unwrap_or_default() {
        "json" => Ok(Body::bytes(bytes, Some("application/json".into()))),
        "xml" => described_body(name, &bytes),
        "jpg" | "jpeg" => Ok(Body::bytes(bytes, Some("image/jpeg".into()))),
        "pdf" => Ok(Body::bytes(bytes, Some("application/pdf".into()))),
        _ => Ok(Body::bytes(bytes, Some("application/octet-stream".into()))),
    }
}

/// A `*-body.xml` fixture: `<body><contentType>…</contentType><contents eol="CRLF">…</contents></body>`.
fn described_body(name: &str, bytes: &[u8]) -> Result<Body, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("fixture {name}: {e}"))?;
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("fixture {name}: {e}"))?;
    let root = doc.root_element();
    let child = |tag: &str| root.children().find(|n| n.has_tag_name(tag));
    let content_type = child("contentType")
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
        .ok_or_else(|| format!("fixture {name} has no <contentType>"))?;
    let contents = child("contents").ok_or_else(|| format!("fixture {name} has no <contents>"))?;
    let mut text: String = contents
        .children()
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_string();
    if contents.attribute("eol") == Some("CRLF") {
        text = text.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    if contents.attribute("encoding") == Some("base64") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|e| format!("fixture {name}: {e}"))?;
        return Ok(Body::bytes(decoded, Some(content_type)));
    }
    Ok(Body::bytes(text.into_bytes(), Some(content_type)))
}

/// Headers written as `'Name: value', 'Other: value'`.
///
/// ```
/// use compatibility_suite::fixtures::header_cell;
/// assert_eq!(header_cell("'X-A: 1', 'X-B: two'"), vec![("X-A".to_string(), "1".to_string()),
///     ("X-B".to_string(), "two".to_string())]);
/// ```
pub fn header_cell(cell: &str) -> Vec<(String, String)> {
    cell.split(',')
        .map(|part| part.trim().trim_matches('\''))
        .filter(|part| !part.is_empty())
        .filter_map(|part| {
            let (name, value) = part.split_once(':')?;
            Some((name.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}
