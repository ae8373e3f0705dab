//! Request limits: body size (413) and time (503), so one client cannot hold the broker.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;
use super::client_wait::ClientWait;

fn too_large(max: usize) -> Response {
    super::hal::hal_response(
        StatusCode::PAYLOAD_TOO_LARGE,
        &pact_broker_api::ErrorBody::message(format!(
            "The request body is larger than the limit of {max} bytes (PACT_BROKER_MAX_BODY_BYTES)"
        )),
    )
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
}

/// Answers 413 to a body declared larger than the limit before reading any of it; bodies without
/// a length are cut off at the limit by `DefaultBodyLimit`, whose plain-text 413 becomes JSON here.
pub(super) async fn limit_body(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let max = state.config.access.max_body_bytes();
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > max as u64) {
        return too_large(max);
    }
    let response = next.run(request).await;
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json(&response) {
        return too_large(max);
    }
    response
}

/// Answers 503 when a request (reading its body included) takes longer than the timeout; the
/// handler is dropped, which rolls back its transaction. When the time ran out while the handler
/// was waiting for the rest of the body, the slow client gets 408 instead.
pub(super) async fn time_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(limit) = state.config.access.request_timeout() else {
        return next.run(request).await;
    };
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let client_wait = ClientWait::default();
    let request = request.map(|body| client_wait.watch(body));
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) if client_wait.is_waiting() => {
            tracing::debug!(%method, %path, limit_secs = limit.as_secs_f64(), "request body too slow");
            super::hal::hal_response(
                StatusCode::REQUEST_TIMEOUT,
                &pact_broker_api::ErrorBody::message(format!(
                    "The request body did not arrive within {} s (PACT_BROKER_REQUEST_TIMEOUT_SECONDS)",
                    limit.as_secs_f64()
                )),
            )
        }
        Err(_) => {
            tracing::warn!(%method, %path, limit_secs = limit.as_secs_f64(), "request timed out");
            super::hal::hal_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &pact_broker_api::ErrorBody::message(format!(
                    "The request did not complete within {} s (PACT_BROKER_REQUEST_TIMEOUT_SECONDS)",
                    limit.as_secs_f64()
                )),
            )
        }
    }
}
