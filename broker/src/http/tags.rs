//! Version tags: `GET/PUT/DELETE /pacticipants/{p}/versions/{v}/tags/{t}`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{Links, Tag};

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, created_or_ok, hal_response, named_link, no_content, ok_typed, titled_link};
use super::versions::{pacticipant_or_404, version_or_404};
use crate::store::{pacticipants, versions};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route(
        "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}",
        get(show).put(put).delete(remove),
    )
}

fn render(base: &Base, p: &str, v: &str, t: &str, created_at: &str) -> Tag {
    Tag {
        name: t.to_string(),
        created_at: Some(created_at.to_string()),
        links: Links::new()
            .with("self", titled_link(base.tag(p, v, t), "Tag"))
            .with("pb:version", named_link(base.version(p, v), "Version", v))
            .with(
                "pb:pacticipant",
                named_link(base.pacticipant(p), "Pacticipant", p),
            ),
    }
}

async fn show(
    State(state): State<AppState>,
    base: Base,
    Path((p, v, t)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let pacticipant = pacticipant_or_404(&mut conn, &p).await?;
    let version = version_or_404(&mut conn, &pacticipant, &v).await?;
    let tag = versions::find_tag(&mut conn, version.id, &t)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No tag '{t}' on version {v} of '{p}'")))?;
    Ok(ok_typed(&render(&base, &p, &v, &t, &tag.created_at)))
}

async fn put(
    State(state): State<AppState>,
    base: Base,
    Path((p, v, t)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    if t.trim().is_empty() || v.trim().is_empty() {
        return Err(ApiError::invalid("tag", "tag and version cannot be blank"));
    }
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p]).await?;
    let (pacticipant, _) = pacticipants::find_or_create(tx.conn(), &p).await?;
    let (version, _) = versions::find_or_create(tx.conn(), pacticipant.id, &v, None).await?;
    let created = versions::add_tag(tx.conn(), &version, &t).await?.is_some();
    let tag = versions::find_tag(tx.conn(), version.id, &t)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    tx.commit().await?;
    let status = created_or_ok(created);
    let mut response = hal_response(status, &render(&base, &p, &v, &t, &tag.created_at));
    if let (true, Ok(location)) = (created, base.tag(&p, &v, &t).parse()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

async fn remove(
    State(state): State<AppState>,
    Path((p, v, t)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p]).await?;
    let pacticipant = pacticipant_or_404(tx.conn(), &p).await?;
    let version = version_or_404(tx.conn(), &pacticipant, &v).await?;
    if !versions::delete_tag(tx.conn(), version.id, &t).await? {
        return Err(ApiError::not_found(format!(
            "No tag '{t}' on version {v} of '{p}'"
        )));
    }
    tx.commit().await?;
    Ok(no_content())
}
