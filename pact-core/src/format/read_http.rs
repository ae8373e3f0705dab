//! Reading the HTTP parts of a pact: requests, responses, their headers and query strings.

use serde_json::{Map, Value};

use super::body::{read_legacy_body, read_v4_body};
use super::generators_json::read_generators;
use super::json::{as_text, child, index, object, opt_str, wrong_type};
use super::reading::Reading;
use super::ruby_matchers::{Unwrapped, add_where_absent, unwrap_ruby_matchers};
use super::rules_json::read_matching_rules;
use crate::model::{Body, Headers, Query, Request, Response, SpecVersion};
use crate::{Category, Generators, MatchingRules, PactError};

/// Headers whose values may contain commas and are therefore never split into several values.
const SINGLE_VALUE_HEADERS: &[&str] = &[
    "date",
    "expires",
    "last-modified",
    "if-modified-since",
    "if-unmodified-since",
    "retry-after",
    "set-cookie",
    "cookie",
    "user-agent",
    "authorization",
    "proxy-authorization",
    "content-type",
    "content-disposition",
    "strict-transport-security",
    "etag",
    "if-range",
];

/// Splits a header value given as one string into its comma-separated values (trimmed), except
/// for headers that hold a single value which may itself contain commas (dates, cookies…).
/// Commas inside double quotes do not split.
pub(crate) fn split_header_value(name: &str, value: &str) -> Vec<String> {
    if SINGLE_VALUE_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
        return vec![value.trim().to_string()];
    }
    let mut values = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => values.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    values.push(current.trim().to_string());
    values
}

/// Reads a `headers` object: values as strings (split on commas) or arrays of strings.
pub(crate) fn read_headers(value: Option<&Value>, path: &str) -> Result<Headers, PactError> {
    let mut headers = Headers::new();
    let obj = match value {
        None | Some(Value::Null) => return Ok(headers),
        Some(v) => object(v, path)?,
    };
    for (name, values) in obj {
        let values = match values {
            Value::String(s) => split_header_value(name, s),
            Value::Array(items) => items.iter().map(as_text).collect(),
            Value::Null => Vec::new(),
            Value::Number(_) | Value::Bool(_) => vec![values.to_string()],
            Value::Object(_) => {
                return Err(wrong_type(
                    &child(path, name),
                    "a string or an array of strings",
                    values,
                ));
            }
        };
        headers.insert(name.clone(), values);
    }
    Ok(headers)
}

/// Reads a query: a raw string (`"a=1&b=2"`, V1/V2) or a map of names to arrays of values (V3+;
/// a single string value is accepted too).
pub(crate) fn read_query(value: Option<&Value>, path: &str) -> Result<Query, PactError> {
    match value {
        None | Some(Value::Null) => Ok(Query::new()),
        Some(Value::String(raw)) => Ok(Query::parse(raw)),
        Some(Value::Object(obj)) => {
            let mut query = Query::new();
            for (name, values) in obj {
                let values = match values {
                    Value::Array(items) => items.iter().map(as_text).collect(),
                    Value::Object(_) => {
                        return Err(wrong_type(
                            &child(path, name),
                            "a string or an array of strings",
                            values,
                        ));
                    }
                    single => vec![as_text(single)],
                };
                query.insert(name.clone(), values);
            }
            Ok(query)
        }
        Some(other) => Err(wrong_type(path, "a query string or an object", other)),
    }
}

/// Reads the `body` of a request or response in the shape of `version`.
fn read_body(
    obj: &Map<String, Value>,
    headers: &Headers,
    version: SpecVersion,
    path: &str,
) -> Result<Body, PactError> {
    let content_type = headers.first("content-type");
    if version >= SpecVersion::V4 {
        read_v4_body(obj.get("body"), content_type, &child(path, "body"))
    } else {
        Ok(read_legacy_body(obj.get("body"), content_type))
    }
}

/// The keys that hold matching rules: `matchingRules`, and the old pact-jvm spellings.
const RULES_KEYS: [&str; 3] = ["matchingRules", "requestMatchingRules", "responseMatchingRules"];

/// Reads `matchingRules` (or the old pact-jvm `requestMatchingRules` / `responseMatchingRules`)
/// and `generators` of a request, response or message.
pub(crate) fn read_rules_and_generators(
    obj: &Map<String, Value>,
    path: &str,
    reading: &mut Reading,
) -> Result<(MatchingRules, Generators), PactError> {
    let mut rules = MatchingRules::default();
    let mut generators = Generators::default();
    for key in RULES_KEYS {
        if let Some(value) = obj.get(key).filter(|v| !v.is_null()) {
            read_matching_rules(value, &child(path, key), &mut rules, reading)?;
        }
    }
    if let Some(value) = obj.get("generators").filter(|v| !v.is_null()) {
        read_generators(value, &child(path, "generators"), &mut generators, reading)?;
    }
    Ok((rules, generators))
}

/// Reads a request; `method` defaults to `GET` and `path` to `/` when absent.
pub(crate) fn read_request(
    value: &Value,
    version: SpecVersion,
    path: &str,
    reading: &mut Reading,
) -> Result<Request, PactError> {
    let obj = object(value, path)?;
    let ruby = ruby_matchers_of(obj, version, path, reading);
    let (obj, ruby_rules) = match ruby {
        Some((ref unwrapped, ref rules)) => (unwrapped, Some(rules)),
        None => (obj, None),
    };
    let method = opt_str(obj, "method", path)?.unwrap_or("GET");
    let request_path = opt_str(obj, "path", path)?.unwrap_or("/");
    let mut request = Request::new(method, request_path);
    request.query = read_query(obj.get("query"), &child(path, "query"))?;
    request.headers = read_headers(obj.get("headers"), &child(path, "headers"))?;
    request.body = read_body(obj, &request.headers, version, path)?;
    (request.matching_rules, request.generators) = read_rules_and_generators(obj, path, reading)?;
    if let Some(rules) = ruby_rules {
        add_where_absent(&mut request.matching_rules, rules.clone());
    }
    Ok(request)
}

/// Reads a response; `status` defaults to 200 when absent. A response whose status comes from a
/// generator may say `"status": 0` (pact-php writes that for a `RandomInt` status): 0 is kept,
/// and the generator gives the status the mock server answers with.
pub(crate) fn read_response(
    value: &Value,
    version: SpecVersion,
    path: &str,
    reading: &mut Reading,
) -> Result<Response, PactError> {
    let obj = object(value, path)?;
    let ruby = ruby_matchers_of(obj, version, path, reading);
    let (obj, ruby_rules) = match ruby {
        Some((ref unwrapped, ref rules)) => (unwrapped, Some(rules)),
        None => (obj, None),
    };
    let mut response = Response::new(200);
    response.headers = read_headers(obj.get("headers"), &child(path, "headers"))?;
    response.body = read_body(obj, &response.headers, version, path)?;
    (response.matching_rules, response.generators) = read_rules_and_generators(obj, path, reading)?;
    if let Some(rules) = ruby_rules {
        add_where_absent(&mut response.matching_rules, rules.clone());
    }
    let generated = response.generators.category(Category::Status).is_some();
    if let Some(status) = obj.get("status").filter(|v| !v.is_null()) {
        response.status = read_status(status, &child(path, "status"), generated)?;
    }
    Ok(response)
}

/// The request or response `obj` with pact-ruby's serialised matchers replaced by their examples,
/// and their rules (V1–V3 pacts only); `None` when it holds none, or when they cannot be read
/// (a problem is recorded, and the values stay as written).
fn ruby_matchers_of(
    obj: &Map<String, Value>,
    version: SpecVersion,
    path: &str,
    reading: &mut Reading,
) -> Option<Unwrapped> {
    if version >= SpecVersion::V4 {
        return None;
    }
    reading.or_problem(unwrap_ruby_matchers(obj, path), || None)
}

/// A status code between 100 and 599 (a string of digits is accepted); 0 too when a generator
/// gives the status.
fn read_status(value: &Value, path: &str, generated: bool) -> Result<u16, PactError> {
    let code = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    let expected = if generated {
        "a number between 100 and 599 (or 0, the status being generated)"
    } else {
        "a number between 100 and 599"
    };
    code.filter(|c| (100..=599).contains(c) || (generated && *c == 0))
        .and_then(|c| u16::try_from(c).ok())
        .ok_or_else(|| wrong_type(path, expected, value))
}

/// Reads an array of values at `path` with `read`, each with its own indexed path.
pub(crate) fn read_array<T>(
    value: &Value,
    path: &str,
    mut read: impl FnMut(&Value, &str) -> Result<T, PactError>,
) -> Result<Vec<T>, PactError> {
    let items = value
        .as_array()
        .ok_or_else(|| wrong_type(path, "an array", value))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read(item, &index(path, i)))
        .collect()
}
