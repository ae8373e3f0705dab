//! Small helpers for reading JSON while keeping the exact JSON path of every value, for errors.

use serde_json::{Map, Value};

use crate::PactError;

/// The path of `key` inside the object at `path`: `$.a.b`, or `$.a['x-y']` when the key is not a
/// plain identifier.
pub(crate) fn child(path: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}['{}']", key.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// The path of element `index` of the array at `path`: `$.interactions[2]`.
pub(crate) fn index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// A short rendering of a JSON value for error messages: `"abc"`, `42`, `an object`.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Object(_) => "an object".into(),
        Value::Array(_) => "an array".into(),
        Value::Null => "null".into(),
        other => {
            let text = other.to_string();
            if text.chars().count() > 60 {
                let short: String = text.chars().take(57).collect();
                format!("{short}...")
            } else {
                text
            }
        }
    }
}

/// An [`PactError::Invalid`] saying what was expected at `path` and what was found.
pub(crate) fn wrong_type(path: &str, expected: &str, found: &Value) -> PactError {
    PactError::invalid(path, format!("expected {expected}, got {}", describe(found)))
}

/// `value` as an object, or an error naming `path`.
pub(crate) fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, PactError> {
    value
        .as_object()
        .ok_or_else(|| wrong_type(path, "an object", value))
}

/// The string at `key` of `obj`; absent or `null` gives `None`, another type an error.
pub(crate) fn opt_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, PactError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(wrong_type(&child(path, key), "a string", other)),
    }
}

/// The string at `key` of `obj`, which must be there.
pub(crate) fn req_str<'a>(obj: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a str, PactError> {
    opt_str(obj, key, path)?.ok_or_else(|| PactError::invalid(child(path, key), "missing; expected a string"))
}

/// The object at `key` of `obj`; absent or `null` gives `None`.
pub(crate) fn opt_object<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a Map<String, Value>>, PactError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map)),
        Some(other) => Err(wrong_type(&child(path, key), "an object", other)),
    }
}

/// The non-negative integer at `key` of `obj` (whole floats such as `2.0` and digit strings are
/// accepted); absent or `null` gives `None`.
pub(crate) fn opt_usize(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<usize>, PactError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => as_usize(value)
            .map(Some)
            .ok_or_else(|| wrong_type(&child(path, key), "a non-negative integer", value)),
    }
}

/// The integer at `key` of `obj` (whole floats and digit strings accepted); absent gives `None`.
pub(crate) fn opt_i64(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<i64>, PactError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => as_i64(value)
            .map(Some)
            .ok_or_else(|| wrong_type(&child(path, key), "an integer", value)),
    }
}

fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_usize(value: &Value) -> Option<usize> {
    as_i64(value).and_then(|i| usize::try_from(i).ok())
}

/// A value as text for places that hold strings (query values, header values): strings as they
/// are, `null` as empty, anything else as compact JSON.
pub(crate) fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
