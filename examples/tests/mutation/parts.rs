//! Mutants of the parts around the body: status, headers, method, path and query, with the same
//! conservative oracle as [`super::json`]: a mutant is made only where the pact's rules there are
//! ones whose meaning is modelled exactly.

use pact_core::rules::{MatchingRule, PathToken, StatusCodeClass};
use pact_core::{Category, Headers, MatchingRules, Message, Query, Request, Response, RuleList};
use serde_json::Value;

use super::json::{body_mutants, non_matching};

/// A response as it goes on the wire.
#[derive(Debug, Clone)]
pub struct WireResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A request as it goes on the wire.
#[derive(Debug, Clone)]
pub struct WireRequest {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A mutated message and what was done to it.
#[derive(Debug, Clone)]
pub struct Mutant<T> {
    pub what: String,
    pub wire: T,
}

/// Headers that describe the connection or the body's framing: never mutated.
const FRAMING: [&str; 4] = ["content-length", "transfer-encoding", "host", "connection"];

/// `response` (which matches `expected`) on the wire: its headers, plus a `Content-Type` from the
/// body when no header names one.
pub fn wire_response(response: &Response) -> WireResponse {
    let mut headers = wire_headers(&response.headers);
    add_content_type(&mut headers, response.body.content_type());
    WireResponse {
        status: response.status,
        headers,
        body: response.body.as_bytes().to_vec(),
    }
}

/// `request` on the wire.
pub fn wire_request(request: &Request) -> WireRequest {
    let mut headers = wire_headers(&request.headers);
    add_content_type(&mut headers, request.body.content_type());
    WireRequest {
        method: request.method.clone(),
        path: request.path.clone(),
        query: query_pairs(&request.query),
        headers,
        body: request.body.as_bytes().to_vec(),
    }
}

fn wire_headers(headers: &Headers) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(name, _)| !FRAMING.contains(&name.to_ascii_lowercase().as_str()))
        .map(|(name, values)| (name.to_string(), values.join(", ")))
        .collect()
}

fn add_content_type(headers: &mut Vec<(String, String)>, content_type: Option<&str>) {
    let named = headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
    if let (false, Some(content_type)) = (named, content_type) {
        headers.push(("Content-Type".into(), content_type.to_string()));
    }
}

fn query_pairs(query: &Query) -> Vec<(String, String)> {
    query
        .iter()
        .flat_map(|(name, values)| values.iter().map(move |v| (name.to_string(), v.clone())))
        .collect()
}

/// Every mutant of `actual` that the expected response forbids.
pub fn response_mutants(expected: &Response, actual: &Response) -> Vec<Mutant<WireResponse>> {
    let honest = wire_response(actual);
    let mut out = Vec::new();
    let mut with_status = honest.clone();
    with_status.status = forbidden_status(expected);
    out.push(Mutant {
        what: format!("status {} instead of {}", with_status.status, honest.status),
        wire: with_status,
    });
    for (what, headers) in header_mutants(&expected.headers, &honest.headers, &expected.matching_rules) {
        out.push(Mutant {
            what,
            wire: WireResponse {
                headers,
                ..honest.clone()
            },
        });
    }
    for (what, body) in json_body_mutants(&expected.body, &actual.body, &expected.matching_rules) {
        out.push(Mutant {
            what,
            wire: WireResponse {
                body,
                ..honest.clone()
            },
        });
    }
    out
}

/// How a message provider hands over `message`: its contents as the body, its content type as
/// `Content-Type`, its metadata as base64 JSON in `Pact-Message-Metadata`.
pub fn wire_message(message: &Message) -> WireResponse {
    use base64::Engine as _;
    let mut headers = Vec::new();
    add_content_type(&mut headers, message.contents.content_type());
    if !message.metadata.is_empty() {
        let metadata = Value::Object(message.metadata.clone()).to_string();
        let encoded = base64::engine::general_purpose::STANDARD.encode(metadata);
        headers.push(("Pact-Message-Metadata".into(), encoded));
    }
    WireResponse {
        status: 200,
        headers,
        body: message.contents.as_bytes().to_vec(),
    }
}

/// Every mutant of the contents of `actual` that the expected message forbids.
pub fn message_mutants(expected: &Message, actual: &Message) -> Vec<Mutant<WireResponse>> {
    let honest = wire_message(actual);
    json_body_mutants(&expected.contents, &actual.contents, &expected.matching_rules)
        .into_iter()
        .map(|(what, body)| Mutant {
            what,
            wire: WireResponse {
                body,
                ..honest.clone()
            },
        })
        .collect()
}

/// Every mutant of `actual` that the expected request forbids.
pub fn request_mutants(expected: &Request, actual: &Request) -> Vec<Mutant<WireRequest>> {
    let honest = wire_request(actual);
    let rules = &expected.matching_rules;
    let mut out = Vec::new();
    if rules.category(Category::Method).is_none() {
        let method = if honest.method.eq_ignore_ascii_case("POST") {
            "PUT"
        } else {
            "POST"
        };
        out.push(Mutant {
            what: format!("method {method} instead of {}", honest.method),
            wire: WireRequest {
                method: method.into(),
                ..honest.clone()
            },
        });
    }
    if let Some(path) = forbidden_path(&expected.path, rules) {
        out.push(Mutant {
            what: format!("path {path} instead of {}", honest.path),
            wire: WireRequest {
                path,
                ..honest.clone()
            },
        });
    }
    for (what, query) in query_mutants(&expected.query, &honest.query, rules) {
        out.push(Mutant {
            what,
            wire: WireRequest {
                query,
                ..honest.clone()
            },
        });
    }
    for (what, headers) in header_mutants(&expected.headers, &honest.headers, rules) {
        out.push(Mutant {
            what,
            wire: WireRequest {
                headers,
                ..honest.clone()
            },
        });
    }
    for (what, body) in json_body_mutants(&expected.body, &actual.body, rules) {
        out.push(Mutant {
            what,
            wire: WireRequest {
                body,
                ..honest.clone()
            },
        });
    }
    out
}

fn json_body_mutants(
    expected: &pact_core::Body,
    actual: &pact_core::Body,
    rules: &MatchingRules,
) -> Vec<(String, Vec<u8>)> {
    let is_json = expected.content_type().is_some_and(|ct| ct.contains("json"));
    let (true, Some(e), Some(a)) = (is_json, expected.as_json(), actual.as_json()) else {
        return Vec::new();
    };
    let body_rules = rules.category(Category::Body).unwrap_or_default();
    body_mutants(&e, &a, body_rules)
        .into_iter()
        .map(|m| (format!("body: {}", m.what), m.body.to_string().into_bytes()))
        .collect()
}

/// A status outside what the expected response allows.
fn forbidden_status(expected: &Response) -> u16 {
    let rule = expected
        .matching_rules
        .category(Category::Status)
        .and_then(|entries| entries.first())
        .and_then(|(_, list)| list.rules.first());
    match rule {
        Some(MatchingRule::StatusCode(class)) => match class {
            StatusCodeClass::Success | StatusCodeClass::NonError | StatusCodeClass::Information => 500,
            StatusCodeClass::Codes(codes) if !codes.contains(&418) => 418,
            StatusCodeClass::Codes(_) => 419,
            _ => 200,
        },
        _ if expected.status == 418 => 419,
        _ => 418,
    }
}

/// A path the expected one forbids, or `None` where path rules are not modelled.
fn forbidden_path(expected: &str, rules: &MatchingRules) -> Option<String> {
    let own = single_list(rules, Category::Path, None);
    let candidate = format!("{}/mutated", expected.trim_end_matches('/'));
    match own {
        Ok(None) => Some(candidate),
        Ok(Some(list)) => match list.rules.as_slice() {
            [MatchingRule::Regex(pattern)] => {
                non_matching(pattern.as_str(), &["/mutated/path", "/zzz-mutant"])
            }
            _ => None,
        },
        Err(()) => None,
    }
}

/// The rule list for one name in a keyed category (`None` name: the category's root); `Err` when
/// several lists apply, which the oracle does not model.
fn single_list<'a>(
    rules: &'a MatchingRules,
    category: Category,
    name: Option<&str>,
) -> Result<Option<&'a RuleList>, ()> {
    let Some(entries) = rules.category(category) else {
        return Ok(None);
    };
    let lists: Vec<&RuleList> = entries
        .iter()
        .filter(|(path, _)| {
            let tokens: Vec<&PathToken> = path.tokens().iter().filter(|t| **t != PathToken::Root).collect();
            match (name, tokens.as_slice()) {
                (None, _) => true,
                (Some(name), [PathToken::Field(field), ..]) => field.eq_ignore_ascii_case(name),
                (Some(_), [PathToken::Star, ..]) => true,
                _ => false,
            }
        })
        .map(|(_, list)| list)
        .collect();
    match lists.as_slice() {
        [] => Ok(None),
        [list] => Ok(Some(list)),
        _ => Err(()),
    }
}

/// A value that the rules for `name` forbid where `honest` is allowed; `None` where not modelled.
/// Without a rule, media-typed headers compare by type and the expected parameters (extra
/// parameters are allowed), so they get another media type; other values another last item.
fn forbidden_value(rules: &MatchingRules, category: Category, name: &str, honest: &str) -> Option<String> {
    let media_typed = category == Category::Header
        && (name.eq_ignore_ascii_case("content-type") || name.eq_ignore_ascii_case("accept"));
    match single_list(rules, category, Some(name)) {
        Ok(None) if media_typed => Some("application/x-mutated".into()),
        Ok(None) => Some(format!("{honest}-mutated")),
        Ok(Some(list)) => match list.rules.as_slice() {
            [MatchingRule::Regex(pattern)] => non_matching(pattern.as_str(), &["mutated-value", "0", "ZZZ"]),
            [MatchingRule::Equality] => Some(format!("{honest}-mutated")),
            _ => None,
        },
        Err(()) => None,
    }
}

/// Expected headers changed (each to a value its rules forbid) or dropped.
fn header_mutants(
    expected: &Headers,
    honest: &[(String, String)],
    rules: &MatchingRules,
) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for (name, _) in expected.iter() {
        if FRAMING.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let Some(index) = honest.iter().position(|(n, _)| n.eq_ignore_ascii_case(name)) else {
            continue;
        };
        let mut dropped = honest.to_vec();
        dropped.remove(index);
        if single_list(rules, Category::Header, Some(name)).is_ok() {
            out.push((format!("dropped header {name}"), dropped));
        }
        if let Some(value) = forbidden_value(rules, Category::Header, name, &honest[index].1) {
            let mut changed = honest.to_vec();
            changed[index].1 = value.clone();
            out.push((format!("header {name}: {value}"), changed));
        }
    }
    out
}

/// Expected query parameters changed or dropped, and one unexpected parameter added.
fn query_mutants(
    expected: &Query,
    honest: &[(String, String)],
    rules: &MatchingRules,
) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for (name, _) in expected.iter() {
        let Some(index) = honest.iter().position(|(n, _)| n == name) else {
            continue;
        };
        if single_list(rules, Category::Query, Some(name)).is_ok() {
            let dropped: Vec<_> = honest.iter().filter(|(n, _)| n != name).cloned().collect();
            out.push((format!("dropped query parameter {name}"), dropped));
        }
        if let Some(value) = forbidden_value(rules, Category::Query, name, &honest[index].1) {
            let mut changed = honest.to_vec();
            changed[index].1 = value.clone();
            out.push((format!("query {name}={value}"), changed));
        }
    }
    if single_list(rules, Category::Query, Some("mutant")).is_ok_and(|l| l.is_none()) {
        let mut added = honest.to_vec();
        added.push(("mutant".into(), "1".into()));
        out.push(("unexpected query parameter mutant=1".into(), added));
    }
    out
}

/// Whether every header can go on the wire as it is (no control characters such as line feeds).
pub fn sendable(headers: &[(String, String)]) -> bool {
    headers.iter().all(|(name, value)| {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_graphic() && b != b':')
            && value.bytes().all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f))
    })
}

/// The JSON of a body for messages in reports.
pub fn shown(bytes: &[u8]) -> String {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v) => v.to_string(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}
