//! Page handlers: load each section with one query from `store::ui`, render with `ui::pages`.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sqlx::AnyConnection;

use super::{PageError, html};
use crate::http::AppState;
use crate::http::hal::Base;
use crate::store::pacticipants::{self, Pacticipant};
use crate::store::pacts::{self, LatestScope, PactRow};
use crate::store::ui::{
    self as queries, GRAPH_EDGE_LIMIT, INTEGRATIONS_PAGE_SIZE, IntegrationFilter, PlacementFilter,
};
use crate::store::{verifications, versions};
use crate::ui::accept::prefers_html;
use crate::ui::diff::PactDiff;
use crate::ui::format::Status;
use crate::ui::graph::{DependencyGraph, LayoutOptions};
use crate::ui::links::Links;
use crate::ui::pact_view::PactView;
use crate::ui::pages::{self, Decorations};

type PageResult = Result<Response, PageError>;

pub(super) fn finish(base: &Base, result: PageResult) -> Response {
    result.unwrap_or_else(|e| e.page(&Links::new(&base.0)))
}

/// Branches, tags and environments of `version_ids` (two queries, whatever the number of rows).
async fn decorations(conn: &mut AnyConnection, version_ids: &mut Vec<i64>) -> Result<Decorations, PageError> {
    version_ids.sort_unstable();
    version_ids.dedup();
    if version_ids.is_empty() {
        return Ok(Decorations::default());
    }
    let labels = queries::labels_of(conn, version_ids).await?;
    let places = queries::placements(conn, PlacementFilter::Versions(version_ids)).await?;
    Ok(Decorations::new(labels, places))
}

#[derive(Debug, Deserialize)]
pub(super) struct IndexQuery {
    q: Option<String>,
    page: Option<i64>,
}

pub(super) async fn index(
    State(state): State<AppState>,
    base: Base,
    Query(query): Query<IndexQuery>,
) -> Response {
    let result = async {
        let links = Links::new(&base.0);
        let search = query.q.unwrap_or_default().trim().to_string();
        let page = query.page.unwrap_or(1).clamp(1, 100_000);
        let mut conn = state.store.read().await?;
        let filter = IntegrationFilter {
            name_contains: Some(search.clone()).filter(|s| !s.is_empty()),
            pacticipant_id: None,
        };
        let offset = page.saturating_sub(1).saturating_mul(INTEGRATIONS_PAGE_SIZE);
        let rows = queries::integrations(&mut conn, &filter, INTEGRATIONS_PAGE_SIZE, offset).await?;
        let total = queries::integration_count(&mut conn, &filter).await?;
        let mut ids: Vec<i64> = rows
            .iter()
            .flat_map(|r| std::iter::once(r.consumer_version_id).chain(r.provider_version_id))
            .collect();
        let decorations = decorations(&mut conn, &mut ids).await?;
        let view = pages::index::IndexPage {
            rows: &rows,
            decorations: &decorations,
            search: &search,
            page,
            page_size: INTEGRATIONS_PAGE_SIZE,
            total,
        };
        Ok(html(StatusCode::OK, pages::index::render(&links, &view)))
    }
    .await;
    finish(&base, result)
}

/// Both pacticipants of a pact path, or a "not found" naming the missing one.
async fn pair(
    conn: &mut AnyConnection,
    provider: &str,
    consumer: &str,
) -> Result<(Pacticipant, Pacticipant), PageError> {
    let p = pacticipants::find(conn, provider)
        .await?
        .ok_or_else(|| PageError::NotFound(format!("There is no provider named '{provider}'.")))?;
    let c = pacticipants::find(conn, consumer)
        .await?
        .ok_or_else(|| PageError::NotFound(format!("There is no consumer named '{consumer}'.")))?;
    Ok((p, c))
}

/// Which publication a pact path names.
enum Which {
    Latest(LatestScope),
    Version(String),
    Sha(String),
}

async fn find_pact(
    conn: &mut AnyConnection,
    provider: &str,
    consumer: &str,
    which: Which,
) -> Result<PactRow, PageError> {
    let (p, c) = pair(conn, provider, consumer).await?;
    let missing = || {
        PageError::NotFound(format!(
            "No pact between {consumer} and {provider} matches this address."
        ))
    };
    let row = match which {
        Which::Latest(scope) => pacts::latest_per_consumer(conn, Some(p.id), Some(c.id), &scope)
            .await?
            .into_iter()
            .next(),
        Which::Version(number) => match versions::find(conn, c.id, &number).await? {
            Some(v) => pacts::for_consumer_version(conn, p.id, v.id).await?,
            None => None,
        },
        Which::Sha(sha) => pacts::by_sha(conn, p.id, c.id, &sha).await?,
    };
    row.ok_or_else(missing)
}

async fn pact_page(
    state: AppState,
    base: Base,
    provider: String,
    consumer: String,
    which: Which,
) -> Response {
    let result = async {
        let links = Links::new(&base.0);
        let mut conn = state.store.read().await?;
        let row = find_pact(&mut conn, &provider, &consumer, which).await?;
        let content = pacts::content(&mut conn, row.pact_version_id).await?;
        let verification = verifications::latest_for_pact_version(&mut conn, row.pact_version_id).await?;
        let decorations = decorations(&mut conn, &mut vec![row.consumer_version_id]).await?;
        let history = queries::publications(&mut conn, row.provider_id, row.consumer_id, 20).await?;
        let page = pages::pact::PactPage {
            row: &row,
            view: PactView::read(&content).map_err(|e| e.to_string()),
            raw: &content,
            verification: verification.as_ref(),
            decorations: &decorations,
            history: &history,
        };
        Ok(html(StatusCode::OK, pages::pact::render(&links, &page)))
    }
    .await;
    finish(&base, result)
}

pub(super) async fn latest_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Response {
    pact_page(state, base, provider, consumer, Which::Latest(LatestScope::Any)).await
}

pub(super) async fn latest_tagged_pact(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, tag)): Path<(String, String, String)>,
) -> Response {
    pact_page(
        state,
        base,
        provider,
        consumer,
        Which::Latest(LatestScope::Tag(tag)),
    )
    .await
}

pub(super) async fn pact_of_version(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, version)): Path<(String, String, String)>,
) -> Response {
    pact_page(state, base, provider, consumer, Which::Version(version)).await
}

pub(super) async fn pact_by_sha(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha)): Path<(String, String, String)>,
) -> Response {
    pact_page(state, base, provider, consumer, Which::Sha(sha)).await
}

pub(super) async fn pact_by_sha_with_metadata(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha, _metadata)): Path<(String, String, String, String)>,
) -> Response {
    pact_page(state, base, provider, consumer, Which::Sha(sha)).await
}

/// Which two publications a diff path compares (the second is the newer one).
enum Comparison {
    PreviousDistinct(String),
    Versions(String, String),
    Shas(String, String),
}

async fn diff_page(
    state: AppState,
    base: Base,
    headers: HeaderMap,
    provider: String,
    consumer: String,
    comparison: Comparison,
) -> Response {
    let result = async {
        let links = Links::new(&base.0);
        let mut conn = state.store.read().await?;
        let (newer, older) = match comparison {
            Comparison::PreviousDistinct(version) => {
                let newer = find_pact(&mut conn, &provider, &consumer, Which::Version(version)).await?;
                let older = queries::previous_distinct(
                    &mut conn,
                    newer.provider_id,
                    newer.consumer_id,
                    newer.consumer_version_id,
                    newer.pact_version_id,
                )
                .await?;
                let older = older.map(|o| {
                    (
                        o.consumer_version_number,
                        o.sha,
                        o.published_at,
                        o.pact_version_id,
                    )
                });
                (newer, older)
            }
            Comparison::Versions(version, other) => {
                let newer = find_pact(&mut conn, &provider, &consumer, Which::Version(version)).await?;
                let o = find_pact(&mut conn, &provider, &consumer, Which::Version(other)).await?;
                (
                    newer,
                    Some((o.consumer_version_number, o.sha, o.created_at, o.pact_version_id)),
                )
            }
            Comparison::Shas(sha, other) => {
                let newer = find_pact(&mut conn, &provider, &consumer, Which::Sha(sha)).await?;
                let o = find_pact(&mut conn, &provider, &consumer, Which::Sha(other)).await?;
                (
                    newer,
                    Some((o.consumer_version_number, o.sha, o.created_at, o.pact_version_id)),
                )
            }
        };
        let new_content = pacts::content(&mut conn, newer.pact_version_id).await?;
        let diff = match &older {
            Some((_, _, _, id)) => {
                let old_content = pacts::content(&mut conn, *id).await?;
                PactDiff::between(&old_content, &new_content).unwrap_or_default()
            }
            None => PactDiff::default(),
        };
        let wants_html = prefers_html(headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()));
        if !wants_html {
            let text = match &older {
                Some(_) => diff.to_text(),
                None => "No previous distinct version of this pact\n".to_string(),
            };
            let mut response = text.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            return Ok(response);
        }
        let page = pages::diff::DiffPage {
            consumer: &newer.consumer_name,
            provider: &newer.provider_name,
            older: older.as_ref().map(|(version, sha, at, _)| pages::diff::Side {
                version,
                sha,
                published_at: at,
            }),
            newer: pages::diff::Side {
                version: &newer.consumer_version_number,
                sha: &newer.sha,
                published_at: &newer.created_at,
            },
            diff: &diff,
        };
        Ok(html(StatusCode::OK, pages::diff::render(&links, &page)))
    }
    .await;
    finish(&base, result)
}

pub(super) async fn diff_previous_distinct(
    State(state): State<AppState>,
    base: Base,
    headers: HeaderMap,
    Path((provider, consumer, version)): Path<(String, String, String)>,
) -> Response {
    diff_page(
        state,
        base,
        headers,
        provider,
        consumer,
        Comparison::PreviousDistinct(version),
    )
    .await
}

pub(super) async fn diff_versions(
    State(state): State<AppState>,
    base: Base,
    headers: HeaderMap,
    Path((provider, consumer, version, other)): Path<(String, String, String, String)>,
) -> Response {
    diff_page(
        state,
        base,
        headers,
        provider,
        consumer,
        Comparison::Versions(version, other),
    )
    .await
}

pub(super) async fn diff_shas(
    State(state): State<AppState>,
    base: Base,
    headers: HeaderMap,
    Path((provider, consumer, sha, other)): Path<(String, String, String, String)>,
) -> Response {
    diff_page(
        state,
        base,
        headers,
        provider,
        consumer,
        Comparison::Shas(sha, other),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub(super) struct MatrixQuery {
    limit: Option<i64>,
}

pub(super) async fn matrix(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
    Query(query): Query<MatrixQuery>,
) -> Response {
    let result = async {
        let links = Links::new(&base.0);
        let limit = query.limit.unwrap_or(100).clamp(1, 1000);
        let mut conn = state.store.read().await?;
        let (p, c) = pair(&mut conn, &provider, &consumer).await?;
        let rows = queries::matrix(&mut conn, p.id, c.id, limit, limit).await?;
        let mut ids: Vec<i64> = rows
            .iter()
            .flat_map(|r| std::iter::once(r.consumer_version_id).chain(r.provider_version_id))
            .collect();
        let decorations = decorations(&mut conn, &mut ids).await?;
        let page = pages::matrix::MatrixPage {
            consumer: &c.name,
            provider: &p.name,
            rows: &rows,
            decorations: &decorations,
            limit,
        };
        Ok(html(StatusCode::OK, pages::matrix::render(&links, &page)))
    }
    .await;
    finish(&base, result)
}

pub(super) async fn environments(State(state): State<AppState>, base: Base) -> Response {
    let result = async {
        let links = Links::new(&base.0);
        let mut conn = state.store.read().await?;
        let environments = queries::environments(&mut conn).await?;
        let placements = queries::placements(&mut conn, PlacementFilter::All).await?;
        Ok(html(
            StatusCode::OK,
            pages::environments::render(&links, &environments, &placements),
        ))
    }
    .await;
    finish(&base, result)
}

/// Every integration as a graph, plus every pacticipant (so lone ones are listed).
async fn whole_graph(conn: &mut AnyConnection) -> Result<DependencyGraph, PageError> {
    let rows = queries::integrations(conn, &IntegrationFilter::default(), GRAPH_EDGE_LIMIT, 0).await?;
    let mut graph = DependencyGraph::default();
    for p in queries::pacticipants(conn, GRAPH_EDGE_LIMIT).await? {
        graph.node(&p.name);
    }
    for r in &rows {
        graph.depends(
            &r.consumer_name,
            &r.provider_name,
            Status::from_success(r.verification_success),
        );
    }
    Ok(graph)
}

#[derive(Debug, Deserialize)]
pub(super) struct NetworkQuery {
    q: Option<String>,
    view: Option<String>,
}

pub(super) async fn network(
    State(state): State<AppState>,
    base: Base,
    Query(query): Query<NetworkQuery>,
) -> Response {
    let result = async {
        let links = Links::new(&base.0);
        let search = query.q.unwrap_or_default().trim().to_string();
        let view = match query.view.as_deref() {
            Some("matrix") => pages::network::View::Matrix,
            _ => pages::network::View::Graph,
        };
        let mut conn = state.store.read().await?;
        let graph = whole_graph(&mut conn).await?;
        let totals = (graph.names().len(), graph.dependencies().len());
        let (shown, matched) = if search.is_empty() {
            (graph, Vec::new())
        } else {
            graph.around_matching(&search)
        };
        let options = LayoutOptions::default();
        let (layout, adjacency) = match view {
            pages::network::View::Graph => {
                (shown.layout_highlighting(&options, &matched), Default::default())
            }
            pages::network::View::Matrix => (Default::default(), shown.adjacency()),
        };
        let page = pages::network::NetworkPage {
            search: &search,
            matched: &matched,
            view,
            layout: &layout,
            adjacency: &adjacency,
            totals,
            options,
        };
        Ok(html(StatusCode::OK, pages::network::render(&links, &page)))
    }
    .await;
    finish(&base, result)
}

pub(super) async fn pacticipant(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
) -> Response {
    let result = async {
        let links = Links::new(&base.0);
        let mut conn = state.store.read().await?;
        let me = queries::pacticipant(&mut conn, &name)
            .await?
            .ok_or_else(|| PageError::NotFound(format!("There is no pacticipant named '{name}'.")))?;
        let filter = IntegrationFilter {
            name_contains: None,
            pacticipant_id: Some(me.id),
        };
        let integrations = queries::integrations(&mut conn, &filter, GRAPH_EDGE_LIMIT, 0).await?;
        let placements = queries::placements(&mut conn, PlacementFilter::Pacticipant(me.id)).await?;
        let versions = queries::latest_versions(&mut conn, me.id, 10).await?;
        let mut ids: Vec<i64> = versions.iter().map(|v| v.id).collect();
        let decorations = decorations(&mut conn, &mut ids).await?;
        let mut graph = DependencyGraph::default();
        graph.node(&me.name);
        for r in &integrations {
            graph.depends(
                &r.consumer_name,
                &r.provider_name,
                Status::from_success(r.verification_success),
            );
        }
        let has_contracts = !crate::store::field_usage::contract_versions(&mut conn, me.id, 1)
            .await?
            .is_empty();
        let options = LayoutOptions::default();
        let layout = graph
            .around(&me.name)
            .layout_highlighting(&options, std::slice::from_ref(&me.name));
        let page = pages::pacticipant::PacticipantPage {
            pacticipant: &me,
            integrations: &integrations,
            placements: &placements,
            versions: &versions,
            decorations: &decorations,
            layout: &layout,
            options,
            has_contracts,
        };
        Ok(html(StatusCode::OK, pages::pacticipant::render(&links, &page)))
    }
    .await;
    finish(&base, result)
}
