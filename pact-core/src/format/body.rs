//! Bodies as pact files hold them: raw JSON values or strings (V1–V3), and V4's
//! `{"contentType", "encoded", "content", "contentTypeHint"}` objects.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::json::{child, describe, opt_str};
use crate::PactError;
use crate::model::media_type::essence;
use crate::model::{Body, ContentTypeHint, LegacyEncoding};

/// Whether `content_type` is a JSON type (`application/json`, `application/hal+json`, `text/json`…).
pub(crate) fn is_json(content_type: &str) -> bool {
    let media = essence(content_type);
    let subtype = media.split('/').nth(1).unwrap_or("");
    subtype == "json" || subtype.ends_with("+json") || subtype == "x-json"
}

/// Whether `content_type` holds text: `text/*`, JSON, XML, forms, JavaScript, YAML, multipart…
pub(crate) fn is_text(content_type: &str) -> bool {
    let media = essence(content_type);
    let (top, subtype) = media.split_once('/').unwrap_or((media.as_str(), ""));
    top == "text"
        || top == "multipart"
        || is_json(&media)
        || subtype == "xml"
        || subtype.ends_with("+xml")
        || matches!(
            subtype,
            "x-www-form-urlencoded"
                | "javascript"
                | "ecmascript"
                | "x-javascript"
                | "yaml"
                | "x-yaml"
                | "graphql"
        )
}

/// Whether V1–V3 pact files hold bodies of `content_type` as base64 strings: every type but
/// `text/*`, JSON, XML and forms, as the reference implementation decides (so `multipart/*`,
/// images, PDFs and `application/octet-stream` bodies are base64).
pub(crate) fn is_legacy_binary(content_type: &str) -> bool {
    let media = essence(content_type);
    let (top, subtype) = media.split_once('/').unwrap_or((media.as_str(), ""));
    let xml = matches!(top, "application" | "text") && (subtype == "xml" || subtype.ends_with("+xml"));
    let json = top == "application"
        && (subtype.starts_with("json") || subtype.ends_with("+json") || subtype == "graphql");
    !(top == "text" || xml || json || media == "application/x-www-form-urlencoded")
}

/// Reads a V1–V3 body value (also used for V4 bodies not given in the V4 object form).
///
/// `header_content_type` is the `Content-Type` header (or message metadata) value, if any. A
/// string body of a content type that is not text ([`is_legacy_binary`]) is decoded from base64
/// when it is valid base64 and kept as text otherwise, and the body remembers which it was.
pub(crate) fn read_legacy_body(value: Option<&Value>, header_content_type: Option<&str>) -> Body {
    let content_type = header_content_type.map(str::to_string);
    match value {
        None => Body::Missing,
        Some(Value::Null) => Body::Null,
        Some(Value::String(s)) if s.is_empty() => Body::Empty,
        Some(Value::String(s)) => match header_content_type {
            Some(ct) if is_json(ct) => {
                let bytes = if serde_json::from_str::<Value>(s).is_ok() {
                    s.clone().into_bytes()
                } else {
                    Value::String(s.clone()).to_string().into_bytes()
                };
                Body::bytes(bytes, content_type)
            }
            Some(ct) if is_legacy_binary(ct) => {
                let (bytes, encoding) = match STANDARD.decode(s) {
                    Ok(bytes) => (bytes, LegacyEncoding::Base64),
                    Err(_) => (s.clone().into_bytes(), LegacyEncoding::Text),
                };
                Body::Present {
                    bytes,
                    content_type,
                    hint: None,
                    legacy_encoding: Some(encoding),
                }
            }
            _ => Body::bytes(s.clone().into_bytes(), content_type),
        },
        Some(other) => Body::bytes(
            other.to_string().into_bytes(),
            content_type.or_else(|| Some("application/json".into())),
        ),
    }
}

/// Whether a V4 body value is in the `{"content", "contentType", "encoded"}` object form: only
/// those keys (and `contentTypeHint`), with `content` or `encoded`. Any other object is a plain JSON body.
pub(crate) fn is_v4_form(value: &Value) -> bool {
    let Value::Object(obj) = value else { return false };
    let known = |k: &str| matches!(k, "content" | "contentType" | "encoded" | "contentTypeHint");
    obj.keys().all(|k| known(k)) && (obj.contains_key("content") || obj.contains_key("encoded"))
}

/// Reads a V4 body: the object form, else a V1–V3 style value.
pub(crate) fn read_v4_body(
    value: Option<&Value>,
    header_content_type: Option<&str>,
    path: &str,
) -> Result<Body, PactError> {
    let obj = match value {
        Some(v @ Value::Object(obj)) if is_v4_form(v) => obj,
        other => return Ok(read_legacy_body(other, header_content_type)),
    };
    let hint = match opt_str(obj, "contentTypeHint", path)? {
        Some(h) if h.eq_ignore_ascii_case("binary") => Some(ContentTypeHint::Binary),
        Some(h) if h.eq_ignore_ascii_case("text") => Some(ContentTypeHint::Text),
        Some(h) if h.eq_ignore_ascii_case("default") => None,
        Some(h) => {
            return Err(PactError::invalid(
                child(path, "contentTypeHint"),
                format!("expected \"TEXT\", \"BINARY\" or \"DEFAULT\", got \"{h}\""),
            ));
        }
        None => None,
    };
    let content = obj.get("content");
    let declared = opt_str(obj, "contentType", path)?.filter(|ct| !ct.is_empty());
    let content_type = declared.or(header_content_type).map(str::to_string).or_else(|| {
        matches!(
            content,
            Some(Value::Object(_) | Value::Array(_) | Value::Number(_) | Value::Bool(_))
        )
        .then(|| "application/json".to_string())
    });
    let encoding = match obj.get("encoded") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => Encoding::Plain,
        Some(Value::Bool(true)) => Encoding::Base64,
        Some(Value::String(e)) if e.eq_ignore_ascii_case("base64") => Encoding::Base64,
        Some(Value::String(e)) if e.eq_ignore_ascii_case("json") => Encoding::Json,
        Some(other) => {
            return Err(PactError::invalid(
                child(path, "encoded"),
                format!("expected false, \"base64\" or \"JSON\", got {}", describe(other)),
            ));
        }
    };
    let content_path = child(path, "content");
    let bytes = match (content, encoding) {
        (None, _) => return Ok(Body::Missing),
        (Some(Value::Null), Encoding::Plain) => return Ok(Body::Null),
        (Some(Value::String(s)), Encoding::Base64) => STANDARD.decode(s.trim()).map_err(|err| {
            PactError::invalid(&content_path, format!("content is not valid base64: {err}"))
        })?,
        (Some(other), Encoding::Base64) => {
            return Err(PactError::invalid(
                content_path,
                format!("expected a base64 string, got {}", describe(other)),
            ));
        }
        (Some(Value::String(s)), _) => s.clone().into_bytes(),
        (Some(other), _) => other.to_string().into_bytes(),
    };
    if bytes.is_empty() {
        return Ok(Body::Empty);
    }
    Ok(Body::Present {
        bytes,
        content_type,
        hint,
        legacy_encoding: None,
    })
}

#[derive(Clone, Copy)]
enum Encoding {
    Plain,
    Base64,
    Json,
}

/// The content type to reason with when writing: the body's own, else the header's.
fn effective_content_type<'a>(body: &'a Body, header_content_type: Option<&'a str>) -> Option<&'a str> {
    body.content_type().or(header_content_type)
}

/// Writes a body the V1–V3 way: JSON bodies as JSON values, text as strings, binary as base64
/// strings; `None` for a missing body. A body read from a V1–V3 file keeps the form it had there
/// (base64, or plain text that is not base64).
pub(crate) fn write_legacy_body(body: &Body, header_content_type: Option<&str>) -> Option<Value> {
    let (bytes, legacy_encoding) = match body {
        Body::Missing => return None,
        Body::Empty => return Some(json!("")),
        Body::Null => return Some(Value::Null),
        Body::Present {
            bytes,
            legacy_encoding,
            ..
        } => (bytes, *legacy_encoding),
    };
    let content_type = effective_content_type(body, header_content_type);
    let text = std::str::from_utf8(bytes).ok();
    let reads_back_as_text = |text: &str| STANDARD.decode(text).is_err();
    Some(match (content_type, text, legacy_encoding) {
        (Some(ct), Some(text), _) if is_json(ct) => {
            serde_json::from_str(text).unwrap_or_else(|_| json!(text))
        }
        (_, Some(text), Some(LegacyEncoding::Text)) if reads_back_as_text(text) => json!(text),
        (_, _, Some(LegacyEncoding::Base64)) => json!(STANDARD.encode(bytes)),
        (Some(ct), _, _) if !is_text(ct) => json!(STANDARD.encode(bytes)),
        (Some(ct), Some(text), _) if is_legacy_binary(ct) && !reads_back_as_text(text) => {
            json!(STANDARD.encode(bytes))
        }
        (_, Some(text), _) => json!(text),
        (_, None, _) => json!(STANDARD.encode(bytes)),
    })
}

/// Writes a body in the V4 object form; `None` for a missing body.
///
/// JSON whose compact rendering is exactly the stored bytes is written as a JSON value
/// (`"encoded": false`); other JSON text keeps its bytes with `"encoded": "JSON"`; text is a
/// string; binary (a binary content type or hint, or bytes that are not UTF-8) is base64.
pub(crate) fn write_v4_body(body: &Body) -> Option<Value> {
    let (bytes, content_type, hint) = match body {
        Body::Missing => return None,
        Body::Empty => return Some(json!({"content": ""})),
        Body::Null => return Some(json!({"content": null})),
        Body::Present {
            bytes,
            content_type,
            hint,
            ..
        } => (bytes, content_type.as_deref(), hint),
    };
    let mut out = Map::new();
    if let Some(ct) = content_type {
        out.insert("contentType".into(), json!(ct));
    }
    let text = std::str::from_utf8(bytes).ok();
    let binary = *hint == Some(ContentTypeHint::Binary)
        || text.is_none()
        || content_type.is_some_and(|ct| !is_text(ct) && *hint != Some(ContentTypeHint::Text));
    match text {
        Some(text) if !binary => {
            let parsed = content_type
                .filter(|ct| is_json(ct))
                .and_then(|_| serde_json::from_str::<Value>(text).ok());
            match parsed {
                Some(value) if !value.is_string() && !value.is_null() && compact_is(&value, text) => {
                    out.insert("encoded".into(), json!(false));
                    out.insert("content".into(), value);
                }
                Some(_) => {
                    out.insert("encoded".into(), json!("JSON"));
                    out.insert("content".into(), json!(text));
                }
                None => {
                    out.insert("encoded".into(), json!(false));
                    out.insert("content".into(), json!(text));
                }
            }
        }
        _ => {
            out.insert("encoded".into(), json!("base64"));
            out.insert("content".into(), json!(STANDARD.encode(bytes)));
        }
    }
    match hint {
        Some(ContentTypeHint::Binary) => {
            out.insert("contentTypeHint".into(), json!("BINARY"));
        }
        Some(ContentTypeHint::Text) => {
            out.insert("contentTypeHint".into(), json!("TEXT"));
        }
        None => {}
    }
    Some(Value::Object(out))
}

/// Whether the compact JSON rendering of `value` is exactly `text`.
fn compact_is(value: &Value, text: &str) -> bool {
    serde_json::to_string(value).is_ok_and(|rendered| rendered == text)
}
