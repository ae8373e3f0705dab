//! The HAL API: one axum router per resource, HAL rendering, Basic auth, errors as responses.

pub mod auth;
mod badges;
mod branches;
mod client_wait;
pub mod connections;
mod deployments;
mod diagnostic;
mod environments;
pub mod error;
mod for_verification;
pub mod hal;
mod index;
mod limits;
mod matrix;
mod metrics;
mod pact_diff;
mod pacticipants;
mod pacts;
mod pacts_lists;
mod provider_contracts;
mod publish;
mod tags;
mod tokens;
mod ui;
mod verification_results;
mod versions;
mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::http::HeaderValue;
use axum::middleware;

use crate::config::BrokerConfig;
use crate::store::Store;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Arc<BrokerConfig>,
}

/// The broker's version, sent in `X-Pact-Broker-Version`.
pub const BROKER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The whole API as one router (drive it in-process with `tower::ServiceExt::oneshot`).
pub fn app(store: Store, config: BrokerConfig) -> Router {
    let state = AppState {
        store,
        config: Arc::new(config),
    };
    let metrics = crate::ops::metrics::Metrics::default();
    Router::new()
        .merge(index::routes())
        .merge(diagnostic::routes())
        .merge(pacts::routes())
        .merge(pacts_lists::routes())
        .merge(publish::routes())
        .merge(provider_contracts::routes())
        .merge(pact_diff::routes())
        .merge(pacticipants::routes())
        .merge(versions::routes())
        .merge(tags::routes())
        .merge(branches::routes())
        .merge(environments::routes())
        .merge(deployments::routes())
        .merge(for_verification::routes())
        .merge(verification_results::routes())
        .merge(matrix::routes())
        .merge(badges::routes())
        .merge(webhooks::routes())
        .merge(tokens::routes())
        .merge(metrics::routes(metrics.clone()))
        .merge(ui::routes())
        .fallback(|| async { error::ApiError::not_found("No such resource") })
        .layer(middleware::from_fn_with_state(
            ui::router(state.clone()),
            ui::html_for_browsers,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(
            state.config.access.max_body_bytes(),
        ))
        .layer(middleware::from_fn_with_state(state.clone(), limits::limit_body))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_credentials,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), limits::time_limit))
        .layer(middleware::map_response(
            |mut response: axum::response::Response| async move {
                response
                    .headers_mut()
                    .insert("X-Pact-Broker-Version", HeaderValue::from_static(BROKER_VERSION));
                response
            },
        ))
        .layer(middleware::from_fn_with_state(
            metrics,
            crate::ops::request_log::track,
        ))
        .with_state(state)
}
