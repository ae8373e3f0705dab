//! The request layer: one log event and one metrics sample per answered request, with the method,
//! the route pattern, the status and the latency. Headers are never logged (they carry
//! `Authorization`), nor are query strings (they may carry tokens).

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::metrics::Metrics;

/// Route label of requests no route matched (404s), so they do not create one series per path.
pub const UNMATCHED: &str = "unmatched";

/// Axum middleware (`middleware::from_fn_with_state(metrics, track)`).
pub async fn track(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, |m| m.as_str())
        .to_string();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    metrics.record_request(&route, &method, status, elapsed);
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    if response.status().is_server_error() {
        tracing::warn!(target: "pact_broker::http", %method, %route, %path, status, latency_ms, "request failed");
    } else {
        tracing::info!(target: "pact_broker::http", %method, %route, %path, status, latency_ms, "request");
    }
    response
}
