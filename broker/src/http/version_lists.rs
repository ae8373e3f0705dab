//! The versions of a pacticipant with a tag (`/pacticipants/{p}/tags/{t}/versions`, the Pact
//! Broker's `TagVersions`) or on a branch (`/pacticipants/{p}/branches/{b}/versions`,
//! `BranchVersions`), newest first, bounded.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, named, ok};
use super::versions::pacticipant_or_404;
use crate::store::versions::{self, Version};

/// Most versions listed.
const LIMIT: i64 = 1000;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/pacticipants/{pacticipant}/tags/{tag}/versions", get(with_tag))
        .route(
            "/pacticipants/{pacticipant}/branches/{branch}/versions",
            get(on_branch),
        )
}

fn body(base: &Base, pacticipant: &str, self_url: String, list: &[Version]) -> Value {
    let items: Vec<Value> = list
        .iter()
        .map(|v| {
            json!({
                "number": v.number,
                "buildUrl": v.build_url,
                "createdAt": v.created_at,
                "_links": { "self": named(base.version(pacticipant, &v.number), "Version", v.number.clone()) },
            })
        })
        .collect();
    json!({
        "_embedded": { "versions": items },
        "_links": {
            "self": { "href": self_url },
            "pb:pacticipant": named(base.pacticipant(pacticipant), "Pacticipant", pacticipant.to_string()),
        },
    })
}

async fn with_tag(
    State(state): State<AppState>,
    base: Base,
    Path((p, tag)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipant_or_404(&mut conn, &p).await?;
    let list = versions::with_tag(&mut conn, p.id, &tag, LIMIT).await?;
    let url = format!(
        "{}/tags/{}/versions",
        base.pacticipant(&p.name),
        super::hal::enc(&tag)
    );
    Ok(ok(body(&base, &p.name, url, &list)))
}

async fn on_branch(
    State(state): State<AppState>,
    base: Base,
    Path((p, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipant_or_404(&mut conn, &p).await?;
    let list = versions::on_branch(&mut conn, p.id, &branch, LIMIT).await?;
    Ok(ok(body(
        &base,
        &p.name,
        format!("{}/versions", base.branch(&p.name, &branch)),
        &list,
    )))
}
