//! Fuzzes the body matchers: the input is split into an expected and an actual body, each tried as
//! JSON, XML, text, form and multipart, with a rule set read from the head of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pact_core::matching::{match_request, match_response};
use pact_core::{Body, Request, Response};

const CONTENT_TYPES: [&str; 6] = [
    "application/json",
    "application/xml",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=XyZ",
    "application/octet-stream",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let split = rest.iter().position(|b| *b == 0).unwrap_or(rest.len() / 2);
    let (expected, actual) = rest.split_at(split);
    let actual = actual.get(1..).unwrap_or(&[]);
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()].to_string();

    // Rules come from a pact fragment when the expected side is one; otherwise none.
    let rules = pact_core::format::read_response(
        &serde_json::from_slice(expected).unwrap_or(serde_json::Value::Null),
        pact_core::SpecVersion::V3,
        "$",
    )
    .map(|r| r.matching_rules)
    .unwrap_or_default();

    let mut expected_response = Response::new(200);
    expected_response.body = Body::bytes(expected.to_vec(), Some(content_type.clone()));
    expected_response.matching_rules = rules.clone();
    let mut actual_response = Response::new(200);
    actual_response.body = Body::bytes(actual.to_vec(), Some(content_type.clone()));
    let _ = match_response(&expected_response, &actual_response);

    let mut expected_request = Request::new("POST", "/");
    expected_request.body = Body::bytes(expected.to_vec(), Some(content_type.clone()));
    expected_request.matching_rules = rules;
    let mut actual_request = Request::new("POST", "/");
    actual_request.body = Body::bytes(actual.to_vec(), Some(content_type));
    let _ = match_request(&expected_request, &actual_request);
});
