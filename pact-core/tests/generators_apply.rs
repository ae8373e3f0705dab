//! Applying generators to requests, responses and messages: every category, both modes.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::DateTime;
use pact_core::generators::{
    GeneratorError, generate_message, generate_message_at, generate_request, generate_request_at,
    generate_response, generate_response_at,
};
use pact_core::{
    Body, Category, DocPath, Generator, GeneratorContext, GeneratorMode, Message, Request, Response,
};
use regex::Regex;
use serde_json::{Value, json};

fn path(expression: &str) -> DocPath {
    DocPath::parse(expression).unwrap()
}

fn provider_state(expression: &str, data_type: Option<&str>) -> Generator {
    Generator::ProviderState {
        expression: expression.into(),
        data_type: data_type.map(str::to_string),
    }
}

fn context_with(values: Value) -> GeneratorContext {
    GeneratorContext {
        provider_state_values: values.as_object().unwrap().clone(),
        mock_server_url: Some("http://127.0.0.1:40123".into()),
        ..GeneratorContext::default()
    }
}

fn uuid_shape() -> Regex {
    Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$").unwrap()
}

#[test]
fn request_categories_method_path_query_header_and_body() {
    let mut request = Request::new("GET", "/orders/1");
    request.query.append("page", "1");
    request.query.append("page", "2");
    request.query.append("sort", "asc");
    request.headers.append("X-Request-Id", "fixed");
    request.headers.append("Accept", "application/json");
    request.body = Body::json(json!({"id": 1, "name": "x"}));
    let g = &mut request.generators;
    g.add(
        Category::Method,
        DocPath::root(),
        Generator::Regex {
            regex: "^(POST|PUT)$".into(),
        },
    );
    g.add(
        Category::Path,
        DocPath::root(),
        Generator::Regex {
            regex: r"^/orders/\d{3}$".into(),
        },
    );
    g.add(
        Category::Query,
        DocPath::field("page"),
        Generator::RandomInt { min: 10, max: 99 },
    );
    g.add(
        Category::Header,
        DocPath::field("x-request-id"),
        Generator::Uuid {
            format: Default::default(),
        },
    );
    g.add(
        Category::Body,
        path("$.id"),
        Generator::RandomInt { min: 100, max: 200 },
    );

    let generated = generate_request(&request, GeneratorMode::Provider, &GeneratorContext::default());

    assert!(
        ["POST", "PUT"].contains(&generated.method.as_str()),
        "{}",
        generated.method
    );
    assert!(
        Regex::new(r"^/orders/\d{3}$").unwrap().is_match(&generated.path),
        "{}",
        generated.path
    );
    let pages = generated.query.get("page").unwrap();
    assert_eq!(pages.len(), 2);
    assert!(
        pages
            .iter()
            .all(|p| (10..=99).contains(&p.parse::<i64>().unwrap())),
        "{pages:?}"
    );
    assert_eq!(generated.query.get("sort").unwrap(), ["asc"]);
    let id = generated.headers.first("X-Request-Id").unwrap();
    assert!(uuid_shape().is_match(id), "{id}");
    assert_eq!(generated.headers.first("Accept"), Some("application/json"));
    let body = generated.body.as_json().unwrap();
    assert!((100..=200).contains(&body["id"].as_i64().unwrap()));
    assert_eq!(body["name"], "x");
    assert_eq!(generated.body.content_type(), Some("application/json"));
    // The original is untouched.
    assert_eq!(request.path, "/orders/1");
}

#[test]
fn response_status_headers_and_body() {
    let mut response = Response::new(200);
    response
        .headers
        .append("Location", "http://localhost:8080/orders/7");
    response.body = Body::json(json!({"created": "2000-01-01"}));
    let g = &mut response.generators;
    g.add(
        Category::Status,
        DocPath::root(),
        Generator::RandomInt { min: 201, max: 204 },
    );
    g.add(
        Category::Header,
        DocPath::field("Location"),
        Generator::MockServerUrl {
            example: "http://localhost:8080/orders/7".into(),
            regex: r".*(/orders/\d+)$".into(),
        },
    );
    g.add(
        Category::Body,
        path("$.created"),
        Generator::Date {
            format: None,
            expression: Some("+1 day".into()),
        },
    );

    let now = DateTime::parse_from_rfc3339("2020-02-28T12:00:00Z").unwrap();
    let generated = generate_response_at(&response, GeneratorMode::Consumer, &context_with(json!({})), now);

    assert!(generated.failures.is_empty(), "{:?}", generated.failures);
    let generated = generated.value;
    assert!((201..=204).contains(&generated.status), "{}", generated.status);
    assert_eq!(
        generated.headers.first("location"),
        Some("http://127.0.0.1:40123/orders/7")
    );
    assert_eq!(
        generated.body.as_json().unwrap(),
        json!({"created": "2020-02-29"})
    );
}

#[test]
fn body_paths_reach_every_matching_node() {
    let mut response = Response::new(200);
    response.body = Body::json(json!({
        "items": [{"id": "a", "tag": "t"}, {"id": "b", "tag": "t"}],
        "meta": {"x": "1", "y": "2"},
        "nested": {"deep": {"list": ["p", "q"]}}
    }));
    let g = &mut response.generators;
    g.add(
        Category::Body,
        path("$.items[*].id"),
        Generator::Uuid {
            format: Default::default(),
        },
    );
    g.add(
        Category::Body,
        path("$.meta.*"),
        Generator::RandomHexadecimal { digits: 4 },
    );
    g.add(
        Category::Body,
        path("$.nested.deep.list[1]"),
        Generator::RandomString { size: 8 },
    );
    g.add(Category::Body, path("$.missing.field"), Generator::RandomBoolean);

    let body = generate_response(&response, GeneratorMode::Consumer, &GeneratorContext::default()).body;
    let body = body.as_json().unwrap();

    let ids: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(ids.iter().all(|id| uuid_shape().is_match(id)), "{ids:?}");
    assert_ne!(ids[0], ids[1], "each node gets its own value");
    assert!(body["items"].as_array().unwrap().iter().all(|i| i["tag"] == "t"));
    let hex = Regex::new("^[0-9a-f]{4}$").unwrap();
    assert!(
        hex.is_match(body["meta"]["x"].as_str().unwrap())
            && hex.is_match(body["meta"]["y"].as_str().unwrap())
    );
    assert_eq!(body["nested"]["deep"]["list"][0], "p");
    assert_eq!(body["nested"]["deep"]["list"][1].as_str().unwrap().len(), 8);
    assert!(body.get("missing").is_none(), "absent paths are not created");
}

#[test]
fn top_level_arrays_and_non_json_bodies() {
    let mut response = Response::new(200);
    response.body = Body::json(json!([{"n": 1}, {"n": 2}, {"n": 3}]));
    response.generators.add(
        Category::Body,
        path("$[*].n"),
        Generator::RandomInt { min: 5, max: 5 },
    );
    let body = generate_response(&response, GeneratorMode::Consumer, &GeneratorContext::default()).body;
    assert_eq!(body.as_json().unwrap(), json!([{"n": 5}, {"n": 5}, {"n": 5}]));

    let mut text = Response::new(200);
    text.body = Body::text("original", "text/plain");
    text.generators.add(
        Category::Body,
        DocPath::root(),
        Generator::Regex {
            regex: "^[a-z]{6}$".into(),
        },
    );
    let generated = generate_response(&text, GeneratorMode::Consumer, &GeneratorContext::default());
    let written = generated.body.as_text();
    assert!(Regex::new("^[a-z]{6}$").unwrap().is_match(&written), "{written}");
    assert_eq!(generated.body.content_type(), Some("text/plain"));

    let mut untouched = Response::new(200);
    untouched.body = Body::text("{ \"a\" : 1 }", "application/json");
    untouched
        .generators
        .add(Category::Body, path("$.b"), Generator::RandomBoolean);
    let generated = generate_response(&untouched, GeneratorMode::Consumer, &GeneratorContext::default());
    assert_eq!(
        generated.body.as_text(),
        "{ \"a\" : 1 }",
        "bytes are kept when nothing was generated"
    );
}

#[test]
fn provider_mode_fills_provider_state_values_with_their_types() {
    let mut request = Request::new("POST", "/users/0");
    request.headers.append("X-Account", "0");
    request.query.append("q", "x");
    request.body = Body::json(json!({
        "id": 0, "idText": "0", "price": "0", "active": "no", "raw": null, "label": "", "count": 0, "kept": "k"
    }));
    let g = &mut request.generators;
    g.add(
        Category::Path,
        DocPath::root(),
        provider_state("/users/${id}", None),
    );
    g.add(
        Category::Header,
        DocPath::field("X-Account"),
        provider_state("${account}", Some("STRING")),
    );
    g.add(
        Category::Query,
        DocPath::field("q"),
        provider_state("${user.name}", None),
    );
    g.add(Category::Body, path("$.id"), provider_state("${id}", None));
    g.add(
        Category::Body,
        path("$.idText"),
        provider_state("${id}", Some("STRING")),
    );
    g.add(
        Category::Body,
        path("$.price"),
        provider_state("${price}", Some("DECIMAL")),
    );
    g.add(
        Category::Body,
        path("$.active"),
        provider_state("${active}", Some("BOOLEAN")),
    );
    g.add(
        Category::Body,
        path("$.raw"),
        provider_state("${user}", Some("RAW")),
    );
    g.add(
        Category::Body,
        path("$.label"),
        provider_state("user ${id} is ${user.name}", None),
    );
    g.add(
        Category::Body,
        path("$.count"),
        provider_state("${countText}", Some("INTEGER")),
    );
    g.add(Category::Body, path("$.kept"), provider_state("${absent}", None));
    let context = context_with(json!({
        "id": 42, "account": 7, "price": "12.5", "active": "true", "countText": "17",
        "user": {"name": "Alice"}
    }));

    let generated = generate_request_at(
        &request,
        GeneratorMode::Provider,
        &context,
        pact_core::datetime::now(),
    );

    let request = generated.value;
    assert_eq!(request.path, "/users/42");
    assert_eq!(request.headers.first("X-Account"), Some("7"));
    assert_eq!(request.query.get("q").unwrap(), ["Alice"]);
    assert_eq!(
        request.body.as_json().unwrap(),
        json!({
            "id": 42, "idText": "42", "price": 12.5, "active": true, "raw": {"name": "Alice"},
            "label": "user 42 is Alice", "count": 17, "kept": "k"
        })
    );
    assert_eq!(generated.failures.len(), 1, "{:?}", generated.failures);
    assert_eq!(generated.failures[0].path, "$.kept");
    assert!(
        matches!(generated.failures[0].error, GeneratorError::MissingProviderStateValue { ref name, .. } if name == "absent")
    );
}

#[test]
fn consumer_mode_skips_provider_state_and_provider_mode_skips_mock_server_url() {
    let mut response = Response::new(200);
    response.body = Body::json(json!({"id": 1, "link": "http://localhost:9999/a/1"}));
    let g = &mut response.generators;
    g.add(Category::Body, path("$.id"), provider_state("${id}", None));
    g.add(
        Category::Body,
        path("$.link"),
        Generator::MockServerUrl {
            example: "http://localhost:9999/a/1".into(),
            regex: ".*(/a/1)$".into(),
        },
    );
    let context = context_with(json!({"id": 42}));

    let consumer = generate_response_at(
        &response,
        GeneratorMode::Consumer,
        &context,
        pact_core::datetime::now(),
    );
    assert!(consumer.failures.is_empty(), "{:?}", consumer.failures);
    assert_eq!(
        consumer.value.body.as_json().unwrap(),
        json!({"id": 1, "link": "http://127.0.0.1:40123/a/1"})
    );

    let provider = generate_response_at(
        &response,
        GeneratorMode::Provider,
        &context,
        pact_core::datetime::now(),
    );
    assert!(provider.failures.is_empty(), "{:?}", provider.failures);
    assert_eq!(
        provider.value.body.as_json().unwrap(),
        json!({"id": 42, "link": "http://localhost:9999/a/1"})
    );

    let no_url = GeneratorContext::default();
    let generated = generate_response_at(
        &response,
        GeneratorMode::Consumer,
        &no_url,
        pact_core::datetime::now(),
    );
    assert_eq!(
        generated.value.body.as_json().unwrap()["link"],
        "http://localhost:9999/a/1"
    );
    assert!(matches!(
        generated.failures[0].error,
        GeneratorError::NoMockServerUrl { .. }
    ));
}

#[test]
fn messages_generate_contents_and_metadata() {
    let mut message = Message::new(Body::json(json!({"orderId": 0, "at": ""})));
    message
        .metadata
        .insert("contentType".into(), json!("application/json"));
    message.metadata.insert("partition".into(), json!(0));
    message.metadata.insert("traceId".into(), json!("t"));
    let g = &mut message.generators;
    g.add(
        Category::Body,
        path("$.orderId"),
        provider_state("${orderId}", Some("INTEGER")),
    );
    g.add(
        Category::Body,
        path("$.at"),
        Generator::DateTime {
            format: Some("yyyy".into()),
            expression: None,
        },
    );
    g.add(
        Category::Metadata,
        DocPath::field("partition"),
        Generator::RandomInt { min: 3, max: 3 },
    );
    g.add(
        Category::Metadata,
        DocPath::field("traceId"),
        Generator::Uuid {
            format: Default::default(),
        },
    );
    let context = context_with(json!({"orderId": "99"}));

    let generated = generate_message(&message, GeneratorMode::Provider, &context);

    let contents = generated.contents.as_json().unwrap();
    assert_eq!(contents["orderId"], json!(99));
    assert_eq!(contents["at"].as_str().unwrap().len(), 4);
    assert_eq!(generated.metadata["partition"], json!(3));
    assert!(uuid_shape().is_match(generated.metadata["traceId"].as_str().unwrap()));
    assert_eq!(generated.metadata["contentType"], "application/json");
}

#[test]
fn failing_generators_keep_the_original_values_and_are_reported() {
    let mut message = Message::new(Body::json(json!({"a": "keep", "b": "keep"})));
    message.generators.add(
        Category::Body,
        path("$.a"),
        Generator::Regex { regex: "(".into() },
    );
    message.generators.add(
        Category::Body,
        path("$.b"),
        Generator::RandomDecimal { digits: 0 },
    );
    let generated = generate_message_at(
        &message,
        GeneratorMode::Consumer,
        &GeneratorContext::default(),
        pact_core::datetime::now(),
    );
    assert_eq!(
        generated.value.contents.as_json().unwrap(),
        json!({"a": "keep", "b": "keep"})
    );
    let reports: Vec<String> = generated.failures.iter().map(ToString::to_string).collect();
    assert_eq!(reports.len(), 2);
    assert!(
        reports[0].starts_with("body generator at $.a: cannot generate from the regex '('"),
        "{}",
        reports[0]
    );
    assert_eq!(
        reports[1],
        "body generator at $.b: RandomDecimal needs at least one digit"
    );

    let mut response = Response::new(200);
    response.generators.add(
        Category::Status,
        DocPath::root(),
        Generator::RandomString { size: 3 },
    );
    let generated = generate_response_at(
        &response,
        GeneratorMode::Consumer,
        &GeneratorContext::default(),
        pact_core::datetime::now(),
    );
    assert_eq!(generated.value.status, 200);
    assert!(matches!(
        generated.failures[0].error,
        GeneratorError::WrongTarget {
            target: "a status code",
            ..
        }
    ));
}

#[test]
fn header_and_query_wildcards_and_value_indexes() {
    let mut request = Request::new("GET", "/");
    request.headers.append("A", "1");
    request.headers.append("B", "2");
    request.query.append("ids", "1");
    request.query.append("ids", "2");
    request.generators.add(
        Category::Header,
        path("$.*"),
        Generator::RandomInt { min: 9, max: 9 },
    );
    request.generators.add(
        Category::Query,
        path("$.ids[1]"),
        Generator::RandomInt { min: 7, max: 7 },
    );
    let generated = generate_request(&request, GeneratorMode::Consumer, &GeneratorContext::default());
    assert_eq!(generated.headers.first("A"), Some("9"));
    assert_eq!(generated.headers.first("B"), Some("9"));
    assert_eq!(generated.query.get("ids").unwrap(), ["1", "7"]);
}
