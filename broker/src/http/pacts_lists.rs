//! Lists of pacts: `/pacts/latest`, by provider (latest, tag, branch, main branch), and the
//! versions of one pact. Each list is one bounded query.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, named, ok, titled};
use super::pacts::{pact_link, pair};
use crate::store::pacticipants;
use crate::store::pacts::{self, LatestScope, PactRow};

pub(super) fn routes() -> Router<AppState> {
    let provider = "/pacts/provider/{provider}";
    let one = "/pacts/provider/{provider}/consumer/{consumer}";
    Router::new()
        .route("/pacts/latest", get(latest_everywhere))
        .route(provider, get(all_for_provider))
        .route(&format!("{provider}/latest"), get(latest_for_provider))
        .route(
            &format!("{provider}/latest/{{tag}}"),
            get(latest_for_provider_tag),
        )
        .route(&format!("{provider}/tag/{{tag}}"), get(all_for_provider_tag))
        .route(&format!("{provider}/branch"), get(all_for_provider_main_branch))
        .route(
            &format!("{provider}/branch/latest"),
            get(latest_for_provider_main_branch),
        )
        .route(
            &format!("{provider}/branch/{{branch}}"),
            get(all_for_provider_branch),
        )
        .route(
            &format!("{provider}/branch/{{branch}}/latest"),
            get(latest_for_provider_branch),
        )
        .route(&format!("{one}/versions"), get(versions_of_pact))
        .route(&format!("{one}/tag/{{tag}}"), get(pact_versions_with_tag))
        .route(&format!("{one}/branch"), get(pact_versions_main_branch))
        .route(
            &format!("{one}/branch/{{branch}}"),
            get(pact_versions_with_branch),
        )
}

fn list_body(base: &Base, self_url: String, provider: Option<&str>, rows: &[PactRow]) -> Value {
    let links: Vec<pact_broker_api::Link> = rows.iter().map(|r| pact_link(base, r)).collect();
    let mut body = json!({
        "_links": {
            "self": { "href": self_url },
            "pb:pacts": links,
            "pacts": links,
        }
    });
    if let Some(p) = provider {
        body["_links"]["pb:provider"] = named(base.pacticipant(p), "Provider", p.to_string());
        body["_links"]["provider"] = named(base.pacticipant(p), "Provider", p.to_string());
    }
    body
}

async fn latest_everywhere(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let rows = pacts::latest_per_consumer(&mut conn, None, None, &LatestScope::Any).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "createdAt": r.created_at,
                "_embedded": {
                    "consumer": { "name": r.consumer_name, "_links": { "self": { "href": base.pacticipant(&r.consumer_name) } },
                                  "_embedded": { "version": { "number": r.consumer_version_number } } },
                    "provider": { "name": r.provider_name, "_links": { "self": { "href": base.pacticipant(&r.provider_name) } } },
                },
                "_links": { "self": [
                    titled(format!("{}/latest", base.pact_base(&r.provider_name, &r.consumer_name)), "Latest pact"),
                    titled(base.pact(&r.provider_name, &r.consumer_name, &r.consumer_version_number), "Pact"),
                ] },
            })
        })
        .collect();
    Ok(ok(
        json!({ "_links": { "self": { "href": format!("{}/pacts/latest", base.0) } }, "pacts": items }),
    ))
}

async fn provider_list(
    state: AppState,
    base: Base,
    provider: String,
    scope: LatestScope,
    latest: bool,
    suffix: String,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipants::find(&mut conn, &provider)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No provider with name '{provider}' found")))?;
    let rows = if latest {
        pacts::latest_per_consumer(&mut conn, Some(p.id), None, &scope).await?
    } else {
        pacts::all_in_scope(&mut conn, p.id, &scope).await?
    };
    let self_url = format!("{}/pacts/provider/{}{suffix}", base.0, super::hal::enc(&p.name));
    Ok(ok(list_body(&base, self_url, Some(&p.name), &rows)))
}

async fn all_for_provider(
    State(s): State<AppState>,
    base: Base,
    Path(p): Path<String>,
) -> Result<Response, ApiError> {
    provider_list(s, base, p, LatestScope::Any, false, String::new()).await
}

async fn latest_for_provider(
    State(s): State<AppState>,
    base: Base,
    Path(p): Path<String>,
) -> Result<Response, ApiError> {
    provider_list(s, base, p, LatestScope::Any, true, "/latest".into()).await
}

async fn latest_for_provider_tag(
    State(s): State<AppState>,
    base: Base,
    Path((p, t)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let suffix = format!("/latest/{}", super::hal::enc(&t));
    provider_list(s, base, p, LatestScope::Tag(t), true, suffix).await
}

async fn all_for_provider_tag(
    State(s): State<AppState>,
    base: Base,
    Path((p, t)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let suffix = format!("/tag/{}", super::hal::enc(&t));
    provider_list(s, base, p, LatestScope::Tag(t), false, suffix).await
}

async fn all_for_provider_main_branch(
    State(s): State<AppState>,
    base: Base,
    Path(p): Path<String>,
) -> Result<Response, ApiError> {
    provider_list(s, base, p, LatestScope::MainBranch, false, "/branch".into()).await
}

async fn latest_for_provider_main_branch(
    State(s): State<AppState>,
    base: Base,
    Path(p): Path<String>,
) -> Result<Response, ApiError> {
    provider_list(s, base, p, LatestScope::MainBranch, true, "/branch/latest".into()).await
}

async fn all_for_provider_branch(
    State(s): State<AppState>,
    base: Base,
    Path((p, b)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let suffix = format!("/branch/{}", super::hal::enc(&b));
    provider_list(s, base, p, LatestScope::Branch(b), false, suffix).await
}

async fn latest_for_provider_branch(
    State(s): State<AppState>,
    base: Base,
    Path((p, b)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let suffix = format!("/branch/{}/latest", super::hal::enc(&b));
    provider_list(s, base, p, LatestScope::Branch(b), true, suffix).await
}

async fn pact_versions(
    state: AppState,
    base: Base,
    p: String,
    c: String,
    scope: Option<LatestScope>,
    suffix: &str,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (provider, consumer) = pair(&mut conn, &p, &c).await?;
    let rows = match scope {
        None => pacts::between(&mut conn, provider.id, consumer.id).await?,
        Some(scope) => pacts::all_in_scope(&mut conn, provider.id, &scope)
            .await?
            .into_iter()
            .filter(|r| r.consumer_id == consumer.id)
            .collect(),
    };
    let self_url = format!("{}{suffix}", base.pact_base(&provider.name, &consumer.name));
    Ok(ok(list_body(&base, self_url, Some(&provider.name), &rows)))
}

async fn versions_of_pact(
    State(s): State<AppState>,
    base: Base,
    Path((p, c)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    pact_versions(s, base, p, c, None, "/versions").await
}

async fn pact_versions_with_tag(
    State(s): State<AppState>,
    base: Base,
    Path((p, c, t)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let suffix = format!("/tag/{}", super::hal::enc(&t));
    pact_versions(s, base, p, c, Some(LatestScope::Tag(t)), &suffix).await
}

async fn pact_versions_main_branch(
    State(s): State<AppState>,
    base: Base,
    Path((p, c)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    pact_versions(s, base, p, c, Some(LatestScope::MainBranch), "/branch").await
}

async fn pact_versions_with_branch(
    State(s): State<AppState>,
    base: Base,
    Path((p, c, b)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let suffix = format!("/branch/{}", super::hal::enc(&b));
    pact_versions(s, base, p, c, Some(LatestScope::Branch(b)), &suffix).await
}
