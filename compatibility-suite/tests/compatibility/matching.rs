//! Matching scenarios: requests and responses built from the tables, compared by pact-core's
//! matching engine.

use std::collections::BTreeMap;

use compatibility_suite::fixtures::{body_cell, header_cell, json_cell};
use cucumber::{gherkin::Step, given, then, when};
use pact_core::matching::{match_request, match_response};
use pact_core::{Mismatch, Query, Request, Response};

use crate::interactions::{request_rules, response_rules, set_body};
use crate::mismatches::assert_contains_mismatch;
use crate::world::{CompatWorld, rows};

/// Expected and received requests or responses, and what comparing them found.
#[derive(Debug, Default)]
pub struct MatchingState {
    expected: Option<Request>,
    received: Vec<Request>,
    /// Mismatches per received request.
    results: Vec<Vec<Mismatch>>,
    expected_response: Option<Response>,
    received_response: Option<Response>,
    response_mismatches: Option<Vec<Mismatch>>,
}

fn base_request() -> Request {
    Request::new("POST", "/")
}

fn request_from_row(row: &BTreeMap<String, String>) -> Request {
    let mut request = base_request();
    let cell = |name: &str| row.get(name).map(|s| s.trim()).filter(|s| !s.is_empty());
    if let Some(query) = cell("query") {
        request.query = Query::parse(query);
    }
    if let Some(headers) = cell("headers") {
        for (name, value) in header_cell(headers) {
            request.headers.append(name, value);
        }
    }
    if let Some(body) = cell("body") {
        let content_type = cell("content type").map(str::to_string);
        set_body(
            &mut request.headers,
            &mut request.body,
            body_cell(body).unwrap(),
            content_type,
        );
    }
    if let Some(rules) = cell("matching rules") {
        request.matching_rules = request_rules(&json_cell(rules).unwrap());
    }
    request
}

#[given(regex = r#"^an expected request with an? "([^"]+)" header of "([^"]*)"$"#)]
fn expected_with_header(world: &mut CompatWorld, name: String, value: String) {
    let mut request = base_request();
    request.headers.append(name, value);
    world.matching.expected = Some(request);
}

#[given(regex = r#"^a request is received with an? "([^"]+)" header of "([^"]*)"$"#)]
fn received_with_header(world: &mut CompatWorld, name: String, value: String) {
    let mut request = base_request();
    request.headers.append(name, value);
    world.matching.received.push(request);
}

#[given("an expected request configured with the following:")]
fn expected_configured(world: &mut CompatWorld, step: &Step) {
    let row = rows(step).into_iter().next().expect("a row");
    world.matching.expected = Some(request_from_row(&row));
}

#[given(regex = r"^(?:a request is received with the following|the following requests are received):$")]
fn received_configured(world: &mut CompatWorld, step: &Step) {
    for row in rows(step) {
        world.matching.received.push(request_from_row(&row));
    }
}

#[when(regex = r"^the requests? (?:is|are) compared to the expected one$")]
fn compare_requests(world: &mut CompatWorld) {
    let expected = world.matching.expected.as_ref().expect("an expected request");
    world.matching.results = world
        .matching
        .received
        .iter()
        .map(|actual| match_request(expected, actual))
        .collect();
}

#[then(regex = r"^the comparison should (NOT )?be OK$")]
fn comparison_ok(world: &mut CompatWorld, not: String) {
    let results = &world.matching.results;
    assert!(!results.is_empty(), "nothing was compared");
    if not.is_empty() {
        assert!(results.iter().all(Vec::is_empty), "mismatches: {results:#?}");
    } else {
        assert!(
            results.iter().all(|r| !r.is_empty()),
            "every request should have mismatched: {results:#?}"
        );
    }
}

#[then(regex = r#"^the mismatches will contain a mismatch with error "([^"]+)" -> "(.+)"$"#)]
fn contains_mismatch(world: &mut CompatWorld, location: String, error: String) {
    let error = error.replace("\\\"", "\"");
    let all: Vec<Mismatch> = world.matching.results.iter().flatten().cloned().collect();
    assert_contains_mismatch(&all, None, Some(&location), &error);
}

#[given("an expected response configured with the following:")]
fn expected_response(world: &mut CompatWorld, step: &Step) {
    let row = rows(step).into_iter().next().expect("a row");
    let mut response = Response::new(row.get("status").map_or(200, |s| s.trim().parse().unwrap()));
    if let Some(rules) = row.get("matching rules") {
        response.matching_rules = response_rules(&json_cell(rules).unwrap());
    }
    world.matching.expected_response = Some(response);
}

#[given(regex = r"^a status (\d+) response is received$")]
fn status_received(world: &mut CompatWorld, status: u16) {
    world.matching.received_response = Some(Response::new(status));
}

#[when("the response is compared to the expected one")]
fn compare_response(world: &mut CompatWorld) {
    let expected = world
        .matching
        .expected_response
        .as_ref()
        .expect("an expected response");
    let actual = world
        .matching
        .received_response
        .as_ref()
        .expect("a received response");
    world.matching.response_mismatches = Some(match_response(expected, actual));
}

#[then(regex = r"^the response comparison should (NOT )?be OK$")]
fn response_ok(world: &mut CompatWorld, not: String) {
    let mismatches = world.matching.response_mismatches.as_ref().expect("compared");
    assert_eq!(
        mismatches.is_empty(),
        not.is_empty(),
        "mismatches: {mismatches:#?}"
    );
}

#[then(regex = r#"^the response mismatches will contain a "([\w-]+)" mismatch with error "(.+)"$"#)]
fn response_mismatch(world: &mut CompatWorld, kind: String, error: String) {
    let mismatches = world.matching.response_mismatches.as_ref().expect("compared");
    assert_contains_mismatch(mismatches, Some(&kind), None, &error);
}
