//! `/diagnostic/status/heartbeat` (no database) and `/diagnostic/status/dependencies` (database).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{DependencyStatus, HealthCheck, Heartbeat, Link, Links};

use super::AppState;
use super::hal::{Base, hal_response, ok_typed};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/diagnostic/status/heartbeat", get(heartbeat))
        .route("/diagnostic/status/dependencies", get(dependencies))
}

async fn heartbeat(base: Base) -> Response {
    ok_typed(&Heartbeat {
        ok: true,
        links: Links::new().with(
            "self",
            Link::new(format!("{}/diagnostic/status/heartbeat", base.0)),
        ),
    })
}

async fn dependencies(State(state): State<AppState>, base: Base) -> Response {
    let (status, healthy) = match state.store.ping().await {
        Ok(()) => (StatusCode::OK, true),
        Err(e) => {
            tracing::error!(error = %e, "database check failed");
            (StatusCode::INTERNAL_SERVER_ERROR, false)
        }
    };
    hal_response(
        status,
        &DependencyStatus {
            ok: healthy,
            database: HealthCheck { ok: healthy },
            links: Links::new().with(
                "self",
                Link::new(format!("{}/diagnostic/status/dependencies", base.0)),
            ),
        },
    )
}
