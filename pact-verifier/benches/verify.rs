//! Verification benchmarks (printed, not asserted): a V3 pact of 100 interactions, each a GET of
//! one user whose JSON body carries type, integer and regex rules, verified against an in-process
//! provider on 127.0.0.1 that answers with other values of the same shapes.
//!
//! (a) the full HTTP verify through [`Verifier::verify`]: build the verifier, send 100 requests,
//!     match 100 responses, build the report;
//! (b) response matching alone: the 100 `pact_core::matching::match_response` calls the verifier
//!     makes (pact-verifier exposes no matching API of its own), so (a) minus (b) is the HTTP and
//!     bookkeeping share.
//!
//! Run: `cargo bench -p pact-verifier --bench verify -- --warm-up-time 1`.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response as HttpResponse};
use criterion::{Criterion, criterion_group, criterion_main};
use pact_core::format::read_pact_value;
use pact_core::matching::match_response;
use pact_core::{Body, Interaction, Pact, Response};
use pact_verifier::Verifier;
use serde_json::{Value, json};

const INTERACTIONS: usize = 100;

/// User `n` as the consumer wrote it (`expected`) or as the provider answers (other values).
fn user(n: usize, expected: bool) -> Value {
    let (name, day) = if expected { ("Alice", 1) } else { ("Bob", 28) };
    json!({
        "id": n,
        "name": format!("{name} {n}"),
        "email": format!("{}{n}@example.com", name.to_lowercase()),
        "created": format!("2024-02-{day:02}T10:00:00Z"),
        "active": expected,
        "tags": ["customer", "beta"],
        "address": {"street": format!("{n} Long Street"), "zip": "6011"}
    })
}

fn pact() -> Pact {
    let regex = |source: &str| json!({"matchers": [{"match": "regex", "regex": source}]});
    let of_type = json!({"matchers": [{"match": "type"}]});
    let interactions: Vec<Value> = (0..INTERACTIONS)
        .map(|n| {
            json!({
                "description": format!("a request for user {n}"),
                "request": {"method": "GET", "path": format!("/users/{n}"),
                            "headers": {"Accept": "application/json"}},
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": user(n, true),
                    "matchingRules": {"body": {
                        "$.id": {"matchers": [{"match": "integer"}]},
                        "$.name": of_type,
                        "$.email": regex(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$"),
                        "$.created": regex(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"),
                        "$.active": of_type,
                        "$.tags": {"matchers": [{"match": "type", "min": 1}]},
                        "$.address.street": regex(r"^\d+ .+$")
                    }}
                }
            })
        })
        .collect();
    let pact = json!({
        "consumer": {"name": "UserWeb"}, "provider": {"name": "UserService"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    read_pact_value(&pact).expect("the bench pact reads")
}

/// The provider's answers by path.
type Users = Arc<HashMap<String, String>>;

async fn answer(State(users): State<Users>, request: Request) -> HttpResponse {
    match users.get(request.uri().path()) {
        Some(body) => ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Starts the provider on a free loopback port of `runtime`; its base URL.
fn start_provider(runtime: &tokio::runtime::Runtime) -> String {
    let users: HashMap<String, String> = (0..INTERACTIONS)
        .map(|n| (format!("/users/{n}"), user(n, false).to_string()))
        .collect();
    let app = Router::new().fallback(answer).with_state(Arc::new(users));
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a loopback port for the provider");
    let address = listener.local_addr().expect("the provider's address");
    runtime.spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

fn bench_verify(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let provider_url = start_provider(&runtime);
    let pact = pact();
    let verify = || {
        Verifier::new("UserService")
            .pact(pact.clone())
            .provider_url(&provider_url)
            .verify()
    };
    let report = runtime.block_on(verify());
    report.assert_passed();
    assert_eq!(
        report.summary().passed,
        INTERACTIONS,
        "every interaction is verified"
    );

    let mut group = c.benchmark_group("verify");
    group.sample_size(20).measurement_time(Duration::from_secs(8));
    group.bench_function("(a) full HTTP verify: 100 interactions, loopback provider", |b| {
        b.iter(|| runtime.block_on(verify()).summary())
    });
    group.finish();

    let actual: Vec<Response> = (0..INTERACTIONS)
        .map(|n| {
            let mut response = Response::new(200);
            response.headers.append("Content-Type", "application/json");
            response.body = Body::json(user(n, false));
            response
        })
        .collect();
    let expected: Vec<&Response> = pact
        .interactions
        .iter()
        .filter_map(Interaction::as_http)
        .map(|http| &http.response)
        .collect();
    let match_all = || {
        expected
            .iter()
            .zip(&actual)
            .map(|(expected, actual)| match_response(black_box(expected), black_box(actual)).len())
            .sum::<usize>()
    };
    assert_eq!(match_all(), 0, "the provider's responses match");
    let mut group = c.benchmark_group("match");
    group.bench_function("(b) response matching alone: 100 responses", |b| {
        b.iter(match_all)
    });
    group.finish();
}

criterion_group!(benches, bench_verify);
criterion_main!(benches);
