//! The HAL API: one axum router per resource, HAL rendering, Basic auth, errors as responses.
//!
//! Numbers here come from outside (requests, command lines, configuration): arithmetic on them
//! is checked or saturating and casts never wrap, so out-of-range input is an error naming the
//! field, never a panic or a wrapped value; these lints keep it so.
#![deny(clippy::arithmetic_side_effects, clippy::cast_possible_wrap)]

pub mod auth;
mod badges;
mod branches;
mod client_wait;
pub mod connections;
mod deployments;
mod diagnostic;
mod environments;
pub mod error;
pub mod extensions;
mod field_usage;
mod for_verification;
pub mod hal;
mod index;
mod integrations;
mod labels;
mod limits;
mod matrix;
mod metrics;
mod pact_diff;
mod pacticipants;
mod pacts;
mod pacts_lists;
mod panics;
pub mod problem;
mod provider_contracts;
mod provider_states;
mod publish;
mod retry;
mod tags;
mod tokens;
mod ui;
mod verification_results;
mod version_lists;
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

/// Marks (in the response extensions) a reply that no route of the API matched: how the route
/// coverage test tells "no such route" from a resource's own 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoRoute;

/// The broker's version, sent in `X-Pact-Broker-Version`.
pub const BROKER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The whole API as one router (drive it in-process with `tower::ServiceExt::oneshot`).
pub fn app(store: Store, config: BrokerConfig) -> Router {
    app_with_routes(store, config, Router::new())
}

/// [`app`] plus `extra` routes served under the same layers: the hook through which tests add a
/// route that misbehaves (production routing has none).
fn app_with_routes(store: Store, config: BrokerConfig, extra: Router<AppState>) -> Router {
    let state = AppState {
        store,
        config: Arc::new(config),
    };
    let metrics = crate::ops::metrics::Metrics::default();
    let routes = Router::new()
        .merge(index::routes())
        .merge(diagnostic::routes())
        .merge(pacts::routes())
        .merge(pacts_lists::routes())
        .merge(publish::routes())
        .merge(provider_contracts::routes())
        .merge(pact_diff::routes())
        .merge(pacticipants::routes())
        .merge(field_usage::routes())
        .merge(labels::routes())
        .merge(integrations::routes())
        .merge(provider_states::routes())
        .merge(version_lists::routes())
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
        .merge(extra);
    // A path with a `.json`/`.svg`/… suffix is routed again without it, with the matching
    // `Accept` (see `extensions`), as the Pact Broker does before routing.
    let unsuffixed = routes.clone().fallback(no_route).with_state(state.clone());
    routes
        .fallback(no_route)
        .layer(middleware::from_fn_with_state(
            unsuffixed,
            extensions::strip_suffix,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            problem::problem_json,
        ))
        .layer(middleware::from_fn_with_state(
            ui::router(state.clone()),
            ui::html_for_browsers,
        ))
        .layer(retry::RetryWriteConflictsLayer)
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
        .layer(middleware::from_fn(panics::catch_panic))
        .layer(middleware::from_fn_with_state(
            metrics,
            crate::ops::request_log::track,
        ))
        .with_state(state)
}

/// The 404 of a path no route matches, marked with [`NoRoute`].
pub(crate) async fn no_route() -> axum::response::Response {
    let mut response =
        axum::response::IntoResponse::into_response(error::ApiError::not_found("No such resource"));
    response.extensions_mut().insert(NoRoute);
    response
}
