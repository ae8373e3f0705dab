//! The versions of a pacticipant with a tag (`/pacticipants/{p}/tags/{t}/versions`, the Pact
//! Broker's `TagVersions`) or on a branch (`/pacticipants/{p}/branches/{b}/versions`,
//! `BranchVersions`), newest first, bounded.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{Link, Links, VersionList, VersionListEmbedded, VersionSummary};

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, named_link, ok_typed};
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

fn body(base: &Base, pacticipant: &str, self_url: String, list: &[Version]) -> VersionList {
    let versions = list
        .iter()
        .map(|v| VersionSummary {
            number: v.number.clone(),
            build_url: v.build_url.clone(),
            created_at: Some(v.created_at.clone()),
            embedded: None,
            links: Links::new().with(
                "self",
                named_link(base.version(pacticipant, &v.number), "Version", v.number.clone()),
            ),
        })
        .collect();
    VersionList {
        embedded: VersionListEmbedded { versions },
        links: Links::new().with("self", Link::new(self_url)).with(
            "pb:pacticipant",
            named_link(base.pacticipant(pacticipant), "Pacticipant", pacticipant),
        ),
        page: None,
    }
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
    Ok(ok_typed(&body(&base, &p.name, url, &list)))
}

async fn on_branch(
    State(state): State<AppState>,
    base: Base,
    Path((p, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipant_or_404(&mut conn, &p).await?;
    let list = versions::on_branch(&mut conn, p.id, &branch, LIMIT).await?;
    Ok(ok_typed(&body(
        &base,
        &p.name,
        format!("{}/versions", base.branch(&p.name, &branch)),
        &list,
    )))
}
