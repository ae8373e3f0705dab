//! `GET /integrations`: every consumer–provider pair with a pact, as the Pact Broker's
//! `IntegrationsDecorator` lists them (the index advertises it as `pb:integrations`).

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, enc, ok, titled};
use crate::store::pacts::{self, LatestScope};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/integrations", get(list))
}

async fn list(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let mut rows = pacts::latest_per_consumer(&mut conn, None, None, &LatestScope::Any).await?;
    rows.sort_by(|a, b| {
        (a.consumer_name.to_lowercase(), a.provider_name.to_lowercase())
            .cmp(&(b.consumer_name.to_lowercase(), b.provider_name.to_lowercase()))
    });
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            let (c, p) = (&r.consumer_name, &r.provider_name);
            json!({
                "consumer": { "name": c },
                "provider": { "name": p },
                "_links": {
                    "pb:matrix": titled(
                        format!("{}/matrix/provider/{}/consumer/{}", base.0, enc(p), enc(c)),
                        format!("Matrix of pacts/verification results for {c} and {p}"),
                    ),
                    "pb:group": { "href": format!("{}/groups/{}", base.0, enc(c)) },
                },
            })
        })
        .collect();
    Ok(ok(json!({
        "_embedded": { "integrations": items },
        "_links": { "self": titled(format!("{}/integrations", base.0), "All integrations") },
    })))
}
