//! Generator scenarios: requests and responses with generators from the tables, prepared by
//! pact-core's generators in consumer or provider mode.

use std::sync::LazyLock;

use compatibility_suite::fixtures::{body_cell, json_cell};
use cucumber::{gherkin::Step, given, then, when};
use pact_core::format::{read_request, read_response};
use pact_core::generators::{generate_request, generate_response};
use pact_core::{Body, GeneratorContext, GeneratorMode, Request, Response, SpecVersion};
use regex::Regex;
use serde_json::{Value, json};

use crate::interactions::set_body;
use crate::world::{CompatWorld, rows};

/// The request or response to prepare, and the prepared one.
#[derive(Debug, Default)]
pub struct GeneratorState {
    request: Option<Request>,
    response: Option<Response>,
    mode: Option<GeneratorMode>,
    prepared_request: Option<Request>,
    prepared_response: Option<Response>,
}

fn configured(step: &Step) -> (Option<Body>, Value) {
    let row = rows(step).into_iter().next().expect("a row");
    let body = row.get("body").map(|b| body_cell(b).unwrap());
    let generators = json_cell(&row["generators"]).unwrap();
    (body, generators)
}

#[given("a request configured with the following generators:")]
fn request_configured(world: &mut CompatWorld, step: &Step) {
    let (body, generators) = configured(step);
    let mut request = read_request(
        &json!({"method": "GET", "path": "/path/1", "query": {"v1": ["0"]}, "headers": {"X-TEST": ["0"]}, "generators": generators}),
        SpecVersion::V4,
        "$.request",
    )
    .unwrap_or_else(|e| panic!("the generators {generators} could not be read: {e}"));
    if let Some(body) = body {
        set_body(&mut request.headers, &mut request.body, body, None);
    }
    world.generators.request = Some(request);
}

#[given("a response configured with the following generators:")]
fn response_configured(world: &mut CompatWorld, step: &Step) {
    let (body, generators) = configured(step);
    let mut response = read_response(
        &json!({"status": 200, "headers": {"X-TEST": ["0"]}, "generators": generators}),
        SpecVersion::V4,
        "$.response",
    )
    .unwrap_or_else(|e| panic!("the generators {generators} could not be read: {e}"));
    if let Some(body) = body {
        set_body(&mut response.headers, &mut response.body, body, None);
    }
    world.generators.response = Some(response);
}

#[given(regex = r#"^the generator test mode is set as "(Consumer|Provider)"$"#)]
fn test_mode(world: &mut CompatWorld, mode: String) {
    world.generators.mode = Some(if mode == "Consumer" {
        GeneratorMode::Consumer
    } else {
        GeneratorMode::Provider
    });
}

fn prepare(world: &mut CompatWorld, context: GeneratorContext) {
    let mode = world.generators.mode.unwrap_or(GeneratorMode::Provider);
    if let Some(request) = &world.generators.request {
        world.generators.prepared_request = Some(generate_request(request, mode, &context));
    }
    if let Some(response) = &world.generators.response {
        world.generators.prepared_response = Some(generate_response(response, mode, &context));
    }
}

#[when(regex = r"^the (?:request|response) is prepared for use$")]
fn prepared(world: &mut CompatWorld) {
    prepare(world, GeneratorContext::default());
}

#[when(regex = r#"^the request is prepared for use with a "(providerState|mockServer)" context:$"#)]
fn prepared_with_context(world: &mut CompatWorld, kind: String, step: &Step) {
    let table = step.table.as_ref().expect("a table");
    let values = json_cell(&table.rows[0][0]).unwrap();
    let context = if kind == "providerState" {
        GeneratorContext::from_provider_state(values)
    } else {
        GeneratorContext::for_mock_server(values["href"].as_str().expect("an href"))
    };
    prepare(world, context);
}

fn prepared_request(world: &CompatWorld) -> &Request {
    world
        .generators
        .prepared_request
        .as_ref()
        .expect("the request was prepared")
}

fn part_value(world: &CompatWorld, side: &str, part: &str) -> String {
    let (headers, query) = if side == "request" {
        let request = prepared_request(world);
        (&request.headers, Some(&request.query))
    } else {
        (
            &world
                .generators
                .prepared_response
                .as_ref()
                .expect("the response was prepared")
                .headers,
            None,
        )
    };
    if part == "path" {
        return prepared_request(world).path.clone();
    }
    if part == "status" {
        return world
            .generators
            .prepared_response
            .as_ref()
            .expect("prepared")
            .status
            .to_string();
    }
    if let Some(name) = part.strip_prefix("header[").and_then(|p| p.strip_suffix(']')) {
        return headers
            .first(name)
            .unwrap_or_else(|| panic!("no header {name}"))
            .to_string();
    }
    if let Some(name) = part
        .strip_prefix("queryParameter[")
        .and_then(|p| p.strip_suffix(']'))
    {
        let values = query
            .and_then(|q| q.get(name))
            .unwrap_or_else(|| panic!("no query parameter {name}"));
        return values[0].clone();
    }
    panic!("unknown part '{part}'")
}

#[then(regex = r#"^the (request|response) "([^"]+)" will be set as "([^"]+)"$"#)]
fn part_set(world: &mut CompatWorld, side: String, part: String, value: String) {
    assert_eq!(part_value(world, &side, &part), value);
}

#[then(regex = r#"^the (request|response) "([^"]+)" will match "([^"]+)"$"#)]
fn part_matches(world: &mut CompatWorld, side: String, part: String, pattern: String) {
    let value = part_value(world, &side, &part);
    let regex = Regex::new(&format!("^(?:{pattern})$")).unwrap();
    assert!(regex.is_match(&value), "'{value}' does not match {pattern}");
    assert_ne!(value, "0", "the example value was not replaced");
}

#[then(regex = r#"^the (request|response) "([^"]+)" will not be "([^"]+)"$"#)]
fn part_not(world: &mut CompatWorld, side: String, part: String, value: String) {
    assert_ne!(part_value(world, &side, &part), value);
}

fn prepared_body(world: &CompatWorld) -> Value {
    let body = match (
        &world.generators.prepared_request,
        &world.generators.prepared_response,
    ) {
        (Some(request), _) => &request.body,
        (None, Some(response)) => &response.body,
        _ => panic!("nothing was prepared"),
    };
    body.as_json().expect("a JSON body")
}

fn pointer(path: &str) -> String {
    path.trim_start_matches('$').replace('.', "/")
}

#[then(regex = r#"^the body value for "([^"]+)" will have been replaced with an? "([^"]+)"$"#)]
fn body_replaced_with_kind(world: &mut CompatWorld, path: String, kind: String) {
    let body = prepared_body(world);
    let value = body
        .pointer(&pointer(&path))
        .unwrap_or_else(|| panic!("no {path} in {body}"));
    assert_ne!(value, &json!("a"), "the example value was not replaced");
    assert_replaced(value, &kind);
}

#[then(regex = r#"^the body value for "([^"]+)" will have been replaced with "([^"]+)"$"#)]
fn body_replaced_with_value(world: &mut CompatWorld, path: String, expected: String) {
    let body = prepared_body(world);
    let value = body
        .pointer(&pointer(&path))
        .unwrap_or_else(|| panic!("no {path} in {body}"));
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    assert_eq!(text, expected);
}

static KINDS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    [
        ("hexadecimal number", "^[0-9a-fA-F]{6}$".to_string()),
        ("random string", "^.{6}$".to_string()),
        ("string from the regex", r"^\d{1,8}$".to_string()),
        ("date", r"^\d{4}-\d{2}-\d{2}$".to_string()),
        ("time", r"^\d{2}:\d{2}:\d{2}$".to_string()),
        (
            "date-time",
            r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$".to_string(),
        ),
        ("UUID", format!("^{uuid}$")),
        ("lower-case-hyphenated UUID", format!("^{uuid}$")),
        (
            "upper-case-hyphenated UUID",
            format!("^{}$", uuid.replace("a-f", "A-F")),
        ),
        ("simple UUID", "^[0-9a-f]{32}$".to_string()),
        ("URN UUID", format!("^urn:uuid:{uuid}$")),
    ]
    .into_iter()
    .map(|(kind, pattern)| (kind, Regex::new(&pattern).expect("a valid pattern")))
    .collect()
});

/// Panics unless `value` is of the generated `kind` (`integer`, `decimal number`, `UUID`, …).
pub fn assert_replaced(value: &Value, kind: &str) {
    match kind {
        "integer" => assert!(value.is_i64() || value.is_u64(), "{value} is not an integer"),
        "decimal number" => assert!(
            value.is_f64()
                || value
                    .as_str()
                    .is_some_and(|s| s.parse::<f64>().is_ok() && s.contains('.')),
            "{value} is not a decimal number"
        ),
        "boolean" => assert!(value.is_boolean(), "{value} is not a boolean"),
        _ => {
            let (_, regex) = KINDS
                .iter()
                .find(|(k, _)| *k == kind)
                .unwrap_or_else(|| panic!("unknown kind of generated value '{kind}'"));
            let text = value
                .as_str()
                .unwrap_or_else(|| panic!("{value} is not a string"));
            assert!(regex.is_match(text), "'{text}' is not a {kind}");
        }
    }
}
