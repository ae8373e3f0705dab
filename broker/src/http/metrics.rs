//! `GET /metrics`: Prometheus/OpenMetrics text by default (and for `text/plain` or
//! `application/openmetrics-text`), the Pact Broker's JSON counts for `application/json` or
//! `application/hal+json`.
//!
//! The text holds this instance's request counters and latency histograms plus database-wide gauges
//! read at scrape time (`pact_broker_db_*`, including the webhook queue depth); the JSON holds the
//! database-wide counts only, in the shape the Pact Broker's `/metrics` has.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::error::ApiError;
use super::hal::ok_typed;
use crate::ops::counts;
use crate::ops::metrics::Metrics;

/// The OpenMetrics media type the text is served with.
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

pub(super) fn routes(metrics: Metrics) -> Router<AppState> {
    Router::new().route(
        "/metrics",
        get(move |state: State<AppState>, headers: HeaderMap| show(state, headers, metrics.clone())),
    )
}

/// Whether the client asked for the Pact Broker's JSON rather than metrics text.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| {
            let accept = accept.to_ascii_lowercase();
            (accept.contains("application/json") || accept.contains("application/hal+json"))
                && !accept.contains("openmetrics")
                && !accept.contains("text/plain")
        })
}

async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    metrics: Metrics,
) -> Result<Response, ApiError> {
    if wants_json(&headers) {
        let mut conn = state.store.read().await?;
        let counts = counts::read(&mut conn).await?;
        return Ok(ok_typed(&counts.to_wire()));
    }
    // The text is served even when the database is down (then `pact_broker_db_up 0`), so the
    // request metrics stay visible during an outage.
    let db = match state.store.read().await {
        Ok(mut conn) => match counts::read(&mut conn).await {
            Ok(c) => c.to_registry(),
            Err(e) => {
                tracing::warn!(error = %e, "metrics: database counts unavailable");
                counts::database_down()
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "metrics: database unavailable");
            counts::database_down()
        }
    };
    let body = metrics.encode_with(Some(&db));
    let mut response = (StatusCode::OK, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(OPENMETRICS));
    Ok(response)
}
