//! Branches: `GET /pacticipants/{p}/branches`, `GET/DELETE …/branches/{b}`,
//! `GET/PUT/DELETE …/branches/{b}/versions/{v}`.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{
    Branch as WireBranch, BranchList, BranchListEmbedded, BranchVersion, BranchVersionEmbedded, Link, Links,
};

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, created_or_ok, hal_response, named_link, no_content, ok_typed, titled_link};
use super::versions::{pacticipant_or_404, render_version, version_or_404};
use crate::store::pacticipants;
use crate::store::versions::{self, Branch};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/pacticipants/{pacticipant}/branches", get(list))
        .route(
            "/pacticipants/{pacticipant}/branches/{branch}",
            get(show).delete(remove),
        )
        .route(
            "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}",
            get(show_version).put(put_version).delete(remove_version),
        )
}

fn render(base: &Base, p: &str, b: &Branch) -> WireBranch {
    WireBranch {
        name: b.name.clone(),
        created_at: Some(b.created_at.clone()),
        links: Links::new()
            .with("self", titled_link(base.branch(p, &b.name), "Branch"))
            .with(
                "pb:latest-version",
                titled_link(
                    format!("{}/latest-version", base.branch(p, &b.name)),
                    "Latest version for branch",
                ),
            )
            .with(
                "pb:pacticipant",
                named_link(base.pacticipant(p), "Pacticipant", p),
            ),
    }
}

async fn branch_or_404(
    conn: &mut sqlx::AnyConnection,
    pacticipant_id: i64,
    p: &str,
    b: &str,
) -> Result<Branch, ApiError> {
    versions::find_branch(conn, pacticipant_id, b)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No branch '{b}' for '{p}'")))
}

async fn list(
    State(state): State<AppState>,
    base: Base,
    Path(p): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let pacticipant = pacticipant_or_404(&mut conn, &p).await?;
    let branches = versions::list_branches(&mut conn, pacticipant.id).await?;
    Ok(ok_typed(&BranchList {
        embedded: BranchListEmbedded {
            branches: branches.iter().map(|b| render(&base, &p, b)).collect(),
        },
        links: Links::new()
            .with("self", Link::new(format!("{}/branches", base.pacticipant(&p))))
            .with(
                "pb:pacticipant",
                named_link(base.pacticipant(&p), "Pacticipant", p.clone()),
            ),
    }))
}

async fn show(
    State(state): State<AppState>,
    base: Base,
    Path((p, b)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let pacticipant = pacticipant_or_404(&mut conn, &p).await?;
    let branch = branch_or_404(&mut conn, pacticipant.id, &p, &b).await?;
    Ok(ok_typed(&render(&base, &p, &branch)))
}

async fn remove(
    State(state): State<AppState>,
    Path((p, b)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p]).await?;
    let pacticipant = pacticipant_or_404(tx.conn(), &p).await?;
    let branch = branch_or_404(tx.conn(), pacticipant.id, &p, &b).await?;
    versions::delete_branch(tx.conn(), branch.id).await?;
    tx.commit().await?;
    Ok(no_content())
}

async fn show_version(
    State(state): State<AppState>,
    base: Base,
    Path((p, b, v)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let pacticipant = pacticipant_or_404(&mut conn, &p).await?;
    let version = version_or_404(&mut conn, &pacticipant, &v).await?;
    let on_branch = versions::branches_of(&mut conn, &[version.id])
        .await?
        .into_iter()
        .any(|l| l.name == b);
    if !on_branch {
        return Err(ApiError::not_found(format!(
            "Version {v} of '{p}' is not on branch '{b}'"
        )));
    }
    Ok(ok_typed(&branch_version_body(&base, &p, &b, &v)))
}

fn branch_version_body(base: &Base, p: &str, b: &str, v: &str) -> BranchVersion {
    BranchVersion {
        name: b.to_string(),
        links: Links::new()
            .with(
                "self",
                titled_link(base.branch_version(p, b, v), "Branch version"),
            )
            .with("pb:branch", titled_link(base.branch(p, b), "Branch"))
            .with("pb:version", named_link(base.version(p, v), "Version", v)),
        embedded: None,
    }
}

async fn put_version(
    State(state): State<AppState>,
    base: Base,
    Path((p, b, v)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    if b.trim().is_empty() || v.trim().is_empty() {
        return Err(ApiError::invalid("branch", "branch and version cannot be blank"));
    }
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p]).await?;
    let (pacticipant, _) = pacticipants::find_or_create(tx.conn(), &p).await?;
    let (version, _) = versions::find_or_create(tx.conn(), pacticipant.id, &v, None).await?;
    let created = versions::add_to_branch(tx.conn(), &version, &b).await?.is_some();
    if ["develop", "main", "master"].contains(&b.as_str()) {
        pacticipants::set_main_branch_if_unset(tx.conn(), pacticipant.id, &b).await?;
    }
    let mut body = branch_version_body(&base, &p, &b, &v);
    body.embedded = Some(BranchVersionEmbedded {
        version: render_version(tx.conn(), &base, &pacticipant, &version).await?,
    });
    tx.commit().await?;
    Ok(hal_response(created_or_ok(created), &body))
}

async fn remove_version(
    State(state): State<AppState>,
    Path((p, b, v)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p]).await?;
    let pacticipant = pacticipant_or_404(tx.conn(), &p).await?;
    let branch = branch_or_404(tx.conn(), pacticipant.id, &p, &b).await?;
    let version = version_or_404(tx.conn(), &pacticipant, &v).await?;
    if !versions::remove_from_branch(tx.conn(), branch.id, version.id).await? {
        return Err(ApiError::not_found(format!(
            "Version {v} of '{p}' is not on branch '{b}'"
        )));
    }
    tx.commit().await?;
    Ok(no_content())
}
