//! Matching benchmarks (printed, not asserted). Goals:
//! (a) a 10-field JSON request body with type/regex/integer rules: < 5 µs per match;
//! (b) a 1 MB JSON body, 5,000 objects under a `type` rule with `min`: < 20 ms;
//! (c) headers and query alone: < 2 µs.
//!
//! Run: `cargo bench -p pact-core --bench matching -- --warm-up-time 1 --measurement-time 3`.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pact_core::matching::{match_request, match_response};
use pact_core::rules::Pattern;
use pact_core::{Body, Category, DocPath, MatchingRule, Query, Request, Response};
use serde_json::{Value, json};

fn rule(request: &mut Request, category: Category, path: &str, rule: MatchingRule) {
    let path = DocPath::parse(path).expect("bench rule path");
    request.matching_rules.add(category, path, rule);
}

fn regex(source: &str) -> MatchingRule {
    MatchingRule::Regex(Pattern::new(source).expect("bench regex"))
}

fn with_headers_and_query(mut request: Request) -> Request {
    request.query = Query::parse("page=2&size=50&sort=name&sort=id&q=alice");
    for (name, value) in [
        ("Accept", "application/json, text/plain"),
        ("Content-Type", "application/json; charset=utf-8"),
        ("Authorization", "Bearer abc.def.ghi"),
        ("X-Request-Id", "req-1234"),
        ("Date", "Wed, 21 Oct 2015 07:28:00 GMT"),
    ] {
        request.headers.append(name, value);
    }
    request
}

fn ten_fields(id: i64, name: &str) -> Value {
    json!({
        "id": id, "name": name, "email": format!("{name}@example.com"), "age": 42, "active": true,
        "score": 9.5, "country": "NZ", "phone": "+64 21 555 0101", "created": "2024-01-31T10:00:00Z",
        "role": "admin"
    })
}

fn bench_request_body(c: &mut Criterion) {
    let mut expected = with_headers_and_query(Request::new("POST", "/users"));
    expected.body = Body::json(ten_fields(1, "alice"));
    rule(&mut expected, Category::Body, "$.id", MatchingRule::Integer);
    rule(&mut expected, Category::Body, "$.name", MatchingRule::Type);
    rule(
        &mut expected,
        Category::Body,
        "$.email",
        regex(r"[^@\s]+@[^@\s]+\.[a-z]+"),
    );
    rule(&mut expected, Category::Body, "$.age", MatchingRule::Integer);
    rule(&mut expected, Category::Body, "$.score", MatchingRule::Number);
    rule(
        &mut expected,
        Category::Body,
        "$.phone",
        regex(r"\+\d+ \d+ \d+ \d+"),
    );
    rule(&mut expected, Category::Body, "$.created", MatchingRule::Type);
    let mut actual = with_headers_and_query(Request::new("POST", "/users"));
    actual.body = Body::json(ten_fields(77, "bob"));
    assert!(
        match_request(&expected, &actual).is_empty(),
        "the bench request must match"
    );
    c.bench_function(
        "(a) request, 10-field JSON body with type/regex/integer rules",
        |b| b.iter(|| match_request(black_box(&expected), black_box(&actual))),
    );
}

fn item(i: usize) -> Value {
    json!({
        "id": i, "name": format!("customer number {i:06}"), "email": format!("customer{i:06}@example.com"),
        "active": i.is_multiple_of(2), "score": (i as f64) / 7.0, "tags": ["alpha", "beta", "gamma"],
        "address": {"street": format!("{i} Long Street Name"), "city": "Wellington", "zip": "6011"}
    })
}

fn bench_large_body(c: &mut Criterion) {
    let mut expected = Response::new(200);
    expected.body = Body::json(json!({"items": [item(0)]}));
    let path = DocPath::parse("$.items").expect("path");
    expected
        .matching_rules
        .add(Category::Body, path, MatchingRule::MinType(1));
    let mut actual = Response::new(200);
    actual.body = Body::json(json!({"items": (0..5000).map(item).collect::<Vec<_>>()}));
    println!("(b) actual body size: {} bytes", actual.body.as_bytes().len());
    assert!(
        match_response(&expected, &actual).is_empty(),
        "the bench response must match"
    );
    let mut group = c.benchmark_group("large");
    group.sample_size(20);
    let bytes = actual.body.as_bytes().to_vec();
    group.bench_function(
        "(b0) baseline: parsing the 1 MB body alone with serde_json",
        |b| b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).map(|v| v.is_object())),
    );
    group.bench_function(
        "(b) response, 1 MB body: 5,000 objects under a min-type rule",
        |b| b.iter(|| match_response(black_box(&expected), black_box(&actual))),
    );
    group.finish();
}

fn bench_headers_and_query(c: &mut Criterion) {
    let mut expected = with_headers_and_query(Request::new("GET", "/users"));
    rule(&mut expected, Category::Header, "X-Request-Id", regex(r"req-\d+"));
    rule(&mut expected, Category::Query, "page", MatchingRule::Integer);
    let actual = with_headers_and_query(Request::new("GET", "/users"));
    assert!(
        match_request(&expected, &actual).is_empty(),
        "the bench request must match"
    );
    c.bench_function("(c) request, headers + query only", |b| {
        b.iter(|| match_request(black_box(&expected), black_box(&actual)))
    });
}

criterion_group!(
    benches,
    bench_request_body,
    bench_large_body,
    bench_headers_and_query
);
criterion_main!(benches);
