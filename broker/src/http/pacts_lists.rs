//! Lists of pacts: `/pacts/latest`, by provider (latest, tag, branch, main branch), and the
//! versions of one pact. Each list is one bounded query.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{
    EmbeddedPacticipant, LatestPact, LatestPactConsumer, LatestPactConsumerEmbedded, LatestPactEmbedded,
    LatestPacts, Link, Links, PactList, VersionNumber,
};

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, named_link, ok_typed, titled_link};
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

fn list_body(base: &Base, self_url: String, provider: &str, rows: &[PactRow]) -> PactList {
    let pacts: Vec<Link> = rows.iter().map(|r| pact_link(base, r)).collect();
    let provider_link = named_link(base.pacticipant(provider), "Provider", provider);
    PactList {
        links: Links::new()
            .with("self", Link::new(self_url))
            .with_many("pb:pacts", pacts.clone())
            .with_many("pacts", pacts)
            .with("pb:provider", provider_link.clone())
            .with("provider", provider_link),
    }
}

async fn latest_everywhere(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let rows = pacts::latest_per_consumer(&mut conn, None, None, &LatestScope::Any).await?;
    let pacts = rows
        .iter()
        .map(|r| LatestPact {
            created_at: Some(r.created_at.clone()),
            embedded: LatestPactEmbedded {
                consumer: LatestPactConsumer {
                    name: r.consumer_name.clone(),
                    links: Links::new().with("self", Link::new(base.pacticipant(&r.consumer_name))),
                    embedded: LatestPactConsumerEmbedded {
                        version: VersionNumber {
                            number: r.consumer_version_number.clone(),
                        },
                    },
                },
                provider: EmbeddedPacticipant {
                    name: r.provider_name.clone(),
                    links: Links::new().with("self", Link::new(base.pacticipant(&r.provider_name))),
                },
            },
            links: Links::new().with_many(
                "self",
                vec![
                    titled_link(
                        format!("{}/latest", base.pact_base(&r.provider_name, &r.consumer_name)),
                        "Latest pact",
                    ),
                    titled_link(
                        base.pact(&r.provider_name, &r.consumer_name, &r.consumer_version_number),
                        "Pact",
                    ),
                ],
            ),
        })
        .collect();
    Ok(ok_typed(&LatestPacts {
        links: Links::new().with("self", Link::new(format!("{}/pacts/latest", base.0))),
        pacts,
    }))
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
    Ok(ok_typed(&list_body(&base, self_url, &p.name, &rows)))
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
    Ok(ok_typed(&list_body(&base, self_url, &provider.name, &rows)))
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
