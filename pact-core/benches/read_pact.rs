//! Pact loading benchmarks (printed, not asserted): a V3 pact of 20 interactions whose responses
//! carry the same three regex rules (an email, a date, an id), as a consumer's pact repeats them.
//!
//! (a) reading the pact, which checks every regex against the size limit;
//! (b) reading it and matching each interaction's response once: every regex the matching needs
//!     has to be compiled by then, so (b) minus the match work is what a load really costs.
//!
//! Run: `cargo bench -p pact-core --bench read_pact -- --warm-up-time 1 --measurement-time 3`.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pact_core::format::read_pact;
use pact_core::matching::match_response;
use pact_core::{Body, Interaction, Response};
use serde_json::{Value, json};

const INTERACTIONS: usize = 20;
const EMAIL: &str = r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$";
const DATE: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$";
const ID: &str = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

fn body(n: usize) -> Value {
    json!({
        "email": format!("user{n}@example.com"),
        "created": "2024-01-31T10:00:00Z",
        "id": format!("123e4567-e89b-12d3-a456-{n:012}"),
    })
}

fn pact_text() -> String {
    let regex = |source: &str| json!({"matchers": [{"match": "regex", "regex": source}]});
    let interactions: Vec<Value> = (0..INTERACTIONS)
        .map(|n| {
            json!({
                "description": format!("get user {n}"),
                "request": {"method": "GET", "path": format!("/users/{n}")},
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": body(n),
                    "matchingRules": {"body": {
                        "$.email": regex(EMAIL), "$.created": regex(DATE), "$.id": regex(ID)
                    }}
                }
            })
        })
        .collect();
    json!({
        "consumer": {"name": "web"}, "provider": {"name": "users"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
    .to_string()
}

/// A response every interaction's expected response matches (other values, same shapes).
fn actual() -> Response {
    let mut response = Response::new(200);
    response.headers.append("Content-Type", "application/json");
    response.body = Body::json(body(999_999));
    response
}

fn bench_read_pact(c: &mut Criterion) {
    let text = pact_text();
    let actual = actual();
    let pact = read_pact(&text).expect("the bench pact reads");
    assert!(pact.interactions.iter().all(Interaction::is_usable));
    let match_all = |interactions: &[Interaction]| {
        interactions
            .iter()
            .filter_map(Interaction::as_http)
            .map(|http| match_response(&http.response, &actual).len())
            .sum::<usize>()
    };
    assert_eq!(match_all(&pact.interactions), 0, "the bench responses must match");

    let mut group = c.benchmark_group("read_pact");
    group.bench_function("(a) read: 20 interactions, 3 regexes each", |b| {
        b.iter(|| read_pact(black_box(&text)).map(|pact| pact.interactions.len()))
    });
    group.bench_function("(b) read, then match each response once", |b| {
        b.iter(|| {
            let pact = read_pact(black_box(&text)).expect("reads");
            match_all(&pact.interactions)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_read_pact);
criterion_main!(benches);
