//! The background table of HTTP interactions, and the "with the following changes" tables.

use std::collections::BTreeMap;

use compatibility_suite::fixtures::{body_cell, header_cell, json_cell};
use cucumber::{gherkin::Step, given};
use pact_core::format::{read_request, read_response};
use pact_core::{Body, Headers, HttpInteraction, MatchingRules, Query, Request, Response, SpecVersion};
use serde_json::json;

use crate::world::{CompatWorld, rows};

#[given("the following HTTP interactions have been defined:")]
fn interactions_defined(world: &mut CompatWorld, step: &Step) {
    for row in rows(step) {
        world.interactions.push(interaction_from_row(&row));
    }
}

/// An interaction from a background row.
pub fn interaction_from_row(row: &BTreeMap<String, String>) -> HttpInteraction {
    let cell = |name: &str| row.get(name).map(|s| s.trim()).filter(|s| !s.is_empty());
    let mut request = Request::new(cell("method").unwrap_or("GET"), cell("path").unwrap_or("/"));
    if let Some(query) = cell("query") {
        request.query = Query::parse(query);
    }
    if let Some(headers) = cell("headers") {
        for (name, value) in header_cell(headers) {
            request.headers.append(name, value);
        }
    }
    if let Some(body) = cell("body") {
        set_body(
            &mut request.headers,
            &mut request.body,
            body_cell(body).unwrap(),
            None,
        );
    }
    if let Some(rules) = cell("matching rules") {
        request.matching_rules = request_rules(&json_cell(rules).unwrap());
    }
    let mut response = Response::new(cell("response").map_or(200, |s| s.parse().unwrap()));
    if let Some(headers) = cell("response headers") {
        for (name, value) in header_cell(headers) {
            response.headers.append(name, value);
        }
    }
    if let Some(body) = cell("response body") {
        let content_type = cell("response content").map(str::to_string);
        set_body(
            &mut response.headers,
            &mut response.body,
            body_cell(body).unwrap(),
            content_type,
        );
    }
    if let Some(rules) = cell("response matching rules") {
        response.matching_rules = response_rules(&json_cell(rules).unwrap());
    }
    HttpInteraction {
        description: format!("Interaction {}", cell("No").unwrap_or("1")),
        request,
        response,
        ..HttpInteraction::default()
    }
}

/// Sets a body and, unless the headers name one, its `Content-Type` (`content_type` overrides the
/// body's own).
pub fn set_body(headers: &mut Headers, slot: &mut Body, body: Body, content_type: Option<String>) {
    let content_type = content_type.or_else(|| body.content_type().map(str::to_string));
    let body = match (body, &content_type) {
        (Body::Present { bytes, .. }, Some(ct)) => Body::bytes(bytes, Some(ct.clone())),
        (other, _) => other,
    };
    if let Some(ct) = content_type
        && !headers.contains("content-type")
    {
        headers.append("Content-Type", ct);
    }
    *slot = body;
}

/// Matching rules from a fixture as persisted in a pact file: V2 (`$.body.one` keys) or V3/V4
/// (rules by category), read by pact-core's pact reader.
pub fn request_rules(rules: &serde_json::Value) -> MatchingRules {
    let version = rules_version(rules);
    read_request(
        &json!({"method": "GET", "path": "/", "matchingRules": rules}),
        version,
        "$.request",
    )
    .unwrap_or_else(|e| panic!("the matching rules {rules} could not be read: {e}"))
    .matching_rules
}

/// Response matching rules from a fixture, see [`request_rules`].
pub fn response_rules(rules: &serde_json::Value) -> MatchingRules {
    let version = rules_version(rules);
    read_response(
        &json!({"status": 200, "matchingRules": rules}),
        version,
        "$.response",
    )
    .unwrap_or_else(|e| panic!("the matching rules {rules} could not be read: {e}"))
    .matching_rules
}

fn rules_version(rules: &serde_json::Value) -> SpecVersion {
    let v2 = rules
        .as_object()
        .is_some_and(|m| m.keys().any(|k| k.starts_with('$')));
    if v2 { SpecVersion::V2 } else { SpecVersion::V4 }
}

/// Replaces a body: a typed cell (`JSON:`, `XML:`, `file:`) brings its content type, plain text
/// keeps the content type already there.
fn replace_body(headers: &mut Headers, slot: &mut Body, cell: &str) {
    let typed = ["JSON:", "XML:", "file:"]
        .iter()
        .any(|p| cell.trim().starts_with(p));
    let kept = headers.first("content-type").map(str::to_string);
    if typed || kept.is_none() {
        headers.remove("content-type");
        set_body(headers, slot, body_cell(cell).unwrap(), None);
    } else {
        set_body(headers, slot, body_cell(cell).unwrap(), kept);
    }
}

/// Applies a "with the following changes" row to a request.
pub fn change_request(request: &mut Request, row: &BTreeMap<String, String>) {
    for (column, value) in row {
        match column.as_str() {
            "method" => request.method = value.trim().to_string(),
            "path" => request.path = value.trim().to_string(),
            "query" => request.query = Query::parse(value.trim()),
            // The request's headers are replaced by those given (each line as written).
            "headers" | "raw headers" => {
                request.headers = Headers::new();
                for (name, value) in header_cell(value) {
                    request.headers.append(name, value);
                }
            }
            "body" => replace_body(&mut request.headers, &mut request.body, value),
            other => panic!("unknown request change '{other}'"),
        }
    }
}

/// Applies a "with the following changes" row to a response.
pub fn change_response(response: &mut Response, row: &BTreeMap<String, String>) {
    for (column, value) in row {
        match column.as_str() {
            "response" => response.status = value.trim().parse().unwrap(),
            "response headers" => {
                for (name, value) in header_cell(value) {
                    response.headers.insert(name, vec![value]);
                }
            }
            "response body" => replace_body(&mut response.headers, &mut response.body, value),
            other => panic!("unknown response change '{other}'"),
        }
    }
}
