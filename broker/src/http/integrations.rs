//! `GET /integrations`: every consumer–provider pair with a pact, as the Pact Broker's
//! `IntegrationsDecorator` lists them (the index advertises it as `pb:integrations`);
//! `DELETE /integrations/provider/{p}/consumer/{c}` removes one pair's data.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{delete, get};
use pact_broker_api::{Integration, IntegrationList, IntegrationListEmbedded, Link, Links, PacticipantName};

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, enc, no_content, ok_typed, titled_link};
use super::versions::pacticipant_or_404;
use crate::store::integrations;
use crate::store::pacts::{self, LatestScope};
use crate::store::verifications;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/integrations", get(list)).route(
        "/integrations/provider/{provider}/consumer/{consumer}",
        delete(remove),
    )
}

/// Deletes the pacts, verification results and webhooks between a consumer and a provider,
/// then the versions and pacticipants nothing refers to any more (204; 404 naming an unknown
/// pacticipant).
async fn remove(
    State(state): State<AppState>,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    let c = pacticipant_or_404(tx.conn(), &consumer).await?;
    let p = pacticipant_or_404(tx.conn(), &provider).await?;
    tx.lock_pacticipants(&[c.name.clone(), p.name.clone()]).await?;
    let deleted = integrations::delete(tx.conn(), c.id, p.id).await?;
    tx.commit().await?;
    tracing::info!(consumer = %c.name, provider = %p.name, ?deleted, "integration deleted");
    Ok(no_content())
}

async fn list(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let mut rows = pacts::latest_per_consumer(&mut conn, None, None, &LatestScope::Any).await?;
    rows.sort_by(|a, b| {
        (a.consumer_name.to_lowercase(), a.provider_name.to_lowercase())
            .cmp(&(b.consumer_name.to_lowercase(), b.provider_name.to_lowercase()))
    });
    // The newest result for each latest pact's content: `verificationStatus` as the Pact
    // Broker's `verification_status_for_latest_pact` (success, failed or never).
    let pact_version_ids: Vec<i64> = rows.iter().map(|r| r.pact_version_id).collect();
    let mut newest: std::collections::HashMap<i64, verifications::Verification> =
        std::collections::HashMap::new();
    if !pact_version_ids.is_empty() {
        for result in verifications::latest_for(&mut conn, &pact_version_ids, None, 100_000).await? {
            let newer = newest
                .get(&result.pact_version_id)
                .is_none_or(|seen| seen.id < result.id);
            if newer {
                newest.insert(result.pact_version_id, result);
            }
        }
    }
    let integrations: Vec<Integration> = rows
        .iter()
        .map(|r| {
            let (c, p) = (&r.consumer_name, &r.provider_name);
            let latest = newest.get(&r.pact_version_id);
            let status = match latest {
                Some(v) if v.success == 1 => "success",
                Some(_) => "failed",
                None => "never",
            };
            let published = latest.map_or(&r.created_at, |v| (&v.created_at).max(&r.created_at));
            Integration {
                consumer: PacticipantName::new(c.clone()),
                provider: PacticipantName::new(p.clone()),
                verification_status: status.to_string(),
                latest_pact_or_verification_published_at: Some(published.clone()),
                links: Links::new()
                    .with(
                        "pb:delete_integration",
                        titled_link(
                            format!("{}/integrations/provider/{}/consumer/{}", base.0, enc(p), enc(c)),
                            format!("Delete the integration between {c} and {p}"),
                        ),
                    )
                    .with(
                        "pb:matrix",
                        titled_link(
                            format!("{}/matrix/provider/{}/consumer/{}", base.0, enc(p), enc(c)),
                            format!("Matrix of pacts/verification results for {c} and {p}"),
                        ),
                    )
                    .with("pb:group", Link::new(format!("{}/groups/{}", base.0, enc(c)))),
            }
        })
        .collect();
    Ok(ok_typed(&IntegrationList {
        embedded: IntegrationListEmbedded { integrations },
        links: Links::new().with(
            "self",
            titled_link(format!("{}/integrations", base.0), "All integrations"),
        ),
    }))
}
