//! What changed in a pact: `GET …/version/{v}/diff/previous-distinct` and
//! `GET …/version/{v}/diff/version/{other}` (JSON, or text with `Accept: text/plain`), and the
//! notices a publish reply lists about it.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use pact_broker_api::{PactDiff as WireDiff, PactDiffLinks};
use sqlx::AnyConnection;

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, named_link, ok, ok_typed};
use crate::domain::pact_diff::{PactDiff, diff_pacts};
use crate::store::pacts::{self, PactRow};
use crate::store::{pact_history, versions};

pub(super) fn routes() -> Router<AppState> {
    let one = "/pacts/provider/{provider}/consumer/{consumer}/version/{version}";
    Router::new()
        .route(&format!("{one}/diff/previous-distinct"), get(previous_distinct))
        .route(&format!("{one}/previous-distinct"), get(previous_distinct_pact))
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/diff/pact-version/{other}",
            get(between_shas),
        )
        .route(&format!("{one}/diff/version/{{other}}"), get(against_version))
}

#[derive(Debug, serde::Deserialize)]
struct DiffPath {
    provider: String,
    consumer: String,
    version: String,
    other: Option<String>,
}

fn wants_text(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|accept| accept.contains("text/plain") && !accept.contains("json"))
}

async fn pact_of(
    conn: &mut AnyConnection,
    provider: &str,
    consumer: &str,
    version: &str,
) -> Result<PactRow, ApiError> {
    let (p, c) = super::pacts::pair(conn, provider, consumer).await?;
    let found = versions::find(conn, c.id, version)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No pact found for version {version} of {}", c.name)))?;
    pacts::for_consumer_version(conn, p.id, found.id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No pact found for version {version} of {}", c.name)))
}

/// Compares two stored pacts, older first.
async fn compare(conn: &mut AnyConnection, older: &PactRow, newer: &PactRow) -> Result<PactDiff, ApiError> {
    let old = pacts::content(conn, older.pact_version_id).await?;
    let new = pacts::content(conn, newer.pact_version_id).await?;
    diff_pacts(&old, &new)
        .map_err(|e| ApiError::invalid("pact", format!("a stored pact could not be read: {e}")))
}

fn respond(
    base: &Base,
    headers: &HeaderMap,
    row: &PactRow,
    against: Option<&PactRow>,
    diff: &PactDiff,
) -> Response {
    let title = |r: &PactRow| {
        format!(
            "Pact between {} ({}) and {}",
            r.consumer_name, r.consumer_version_number, r.provider_name
        )
    };
    if wants_text(headers) {
        let heading = match against {
            Some(other) => format!(
                "Changes to the pact between {} and {} from version {} to version {}:\n",
                row.consumer_name,
                row.provider_name,
                other.consumer_version_number,
                row.consumer_version_number
            ),
            None => format!(
                "No earlier version of the pact between {} and {} with different content.\n",
                row.consumer_name, row.provider_name
            ),
        };
        let body = if against.is_some() {
            format!("{heading}{diff}")
        } else {
            heading
        };
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain;charset=utf-8")],
            body,
        )
            .into_response();
    }
    let link = |r: &PactRow| {
        named_link(
            base.pact(&r.provider_name, &r.consumer_name, &r.consumer_version_number),
            title(r),
            r.consumer_version_number.clone(),
        )
    };
    ok_typed(&WireDiff {
        consumer: row.consumer_name.clone(),
        provider: row.provider_name.clone(),
        version: row.consumer_version_number.clone(),
        compared_to_version: against.map(|a| a.consumer_version_number.clone()),
        changes: diff.to_wire(),
        text: diff.to_string(),
        links: PactDiffLinks {
            this: link(row),
            pact: link(row),
            compared_to_pact: against.map(link),
        },
    })
}

async fn previous_distinct(
    State(state): State<AppState>,
    base: Base,
    headers: HeaderMap,
    Path(path): Path<DiffPath>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let row = pact_of(&mut conn, &path.provider, &path.consumer, &path.version).await?;
    let previous = pact_history::previous_distinct(&mut conn, &row).await?;
    let diff = match &previous {
        Some(older) => compare(&mut conn, older, &row).await?,
        None => PactDiff::default(),
    };
    Ok(respond(&base, &headers, &row, previous.as_ref(), &diff))
}

/// `…/version/{v}/previous-distinct`: the pact itself of the newest earlier consumer version
/// whose content differs (the Pact Broker's `PreviousDistinctPactVersion`).
async fn previous_distinct_pact(
    State(state): State<AppState>,
    base: Base,
    Path(path): Path<DiffPath>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let row = pact_of(&mut conn, &path.provider, &path.consumer, &path.version).await?;
    let previous = pact_history::previous_distinct(&mut conn, &row)
        .await?
        .ok_or_else(|| ApiError::not_found("No previous distinct pact version found"))?;
    let content = pacts::content(&mut conn, previous.pact_version_id).await?;
    Ok(ok(super::pacts::render(&base, &previous, &content, None)))
}

/// `…/pact-version/{sha}/diff/pact-version/{other}`: the diff between two pact contents.
async fn between_shas(
    State(state): State<AppState>,
    base: Base,
    headers: HeaderMap,
    Path((provider, consumer, sha, other)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (p, c) = super::pacts::pair(&mut conn, &provider, &consumer).await?;
    let not_found = |sha: &str| ApiError::not_found(format!("No pact with content version {sha} found"));
    let row = pacts::by_sha(&mut conn, p.id, c.id, &sha)
        .await?
        .ok_or_else(|| not_found(&sha))?;
    let older = pacts::by_sha(&mut conn, p.id, c.id, &other)
        .await?
        .ok_or_else(|| not_found(&other))?;
    let diff = compare(&mut conn, &older, &row).await?;
    Ok(respond(&base, &headers, &row, Some(&older), &diff))
}

async fn against_version(
    State(state): State<AppState>,
    base: Base,
    headers: HeaderMap,
    Path(path): Path<DiffPath>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let row = pact_of(&mut conn, &path.provider, &path.consumer, &path.version).await?;
    let other_number = path.other.unwrap_or_default();
    let other = pact_of(&mut conn, &path.provider, &path.consumer, &other_number).await?;
    let diff = compare(&mut conn, &other, &row).await?;
    Ok(respond(&base, &headers, &row, Some(&other), &diff))
}

/// Notices for a publish reply: what changed in the pact `row` since the previous consumer
/// version's pact (or that nothing did). `content` is the text of `row`'s pact.
pub(super) async fn change_notices(
    conn: &mut AnyConnection,
    row: &PactRow,
    content: &str,
) -> Result<Vec<pact_broker_api::Notice>, ApiError> {
    let Some(previous) = pact_history::previous(conn, row).await? else {
        return Ok(Vec::new());
    };
    let since = format!(
        "since version {} of {}",
        previous.consumer_version_number, previous.consumer_name
    );
    if previous.pact_version_id == row.pact_version_id {
        return Ok(vec![notice(format!(
            "  The pact with {} is unchanged {since}.",
            row.provider_name
        ))]);
    }
    // A pact the model cannot read is still stored (the Pact Broker stores any pact JSON), so
    // the comparison is skipped rather than failing the publication.
    let older = pacts::content(conn, previous.pact_version_id).await?;
    let compared = diff_pacts(&older, content)
        .map_err(|e| ApiError::invalid("pact", format!("a stored pact could not be read: {e}")));
    let diff = match compared {
        Ok(diff) => diff,
        Err(ApiError::Invalid(_)) => {
            return Ok(vec![notice(format!(
                "  The pact with {} could not be compared {since}: part of it cannot be read.",
                row.provider_name
            ))]);
        }
        Err(other) => return Err(other),
    };
    if diff.is_empty() {
        return Ok(vec![notice(format!(
            "  The pact with {} has no changes in its interactions {since}.",
            row.provider_name
        ))]);
    }
    let mut notices = vec![notice(format!(
        "  Changes to the pact with {} {since}:",
        row.provider_name
    ))];
    notices.extend(diff.sentences().into_iter().map(|s| notice(format!("    - {s}"))));
    Ok(notices)
}

fn notice(text: String) -> pact_broker_api::Notice {
    pact_broker_api::Notice::of_type("info", text)
}
