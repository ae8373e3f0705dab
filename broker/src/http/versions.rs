//! Pacticipant versions: `GET/PUT/PATCH/DELETE /pacticipants/{p}/versions/{v}`, paginated lists and
//! latest versions. A version links to `pb:record-deployment` / `pb:record-release` per environment.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};
use sqlx::AnyConnection;

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{Base, created_or_ok, hal_response, named, no_content, ok, templated, titled};
use crate::store::environments::{self, PlacementKind};
use crate::store::pacticipants::{self, Pacticipant};
use crate::store::pacts;
use crate::store::versions::{self, Version};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/pacticipants/{pacticipant}/versions", get(list_versions))
        .route(
            "/pacticipants/{pacticipant}/versions/{version}",
            get(get_version)
                .put(put_version)
                .patch(put_version)
                .delete(delete_version),
        )
        .route("/pacticipants/{pacticipant}/latest-version", get(latest_version))
        .route(
            "/pacticipants/{pacticipant}/latest-version/{tag}",
            get(latest_tagged_version),
        )
        .route(
            "/pacticipants/{pacticipant}/branches/{branch}/latest-version",
            get(latest_branch_version),
        )
}

/// Finds a pacticipant or answers 404.
pub(super) async fn pacticipant_or_404(
    conn: &mut AnyConnection,
    name: &str,
) -> Result<Pacticipant, ApiError> {
    pacticipants::find(conn, name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No pacticipant with name '{name}' found")))
}

/// Finds a version or answers 404.
pub(super) async fn version_or_404(
    conn: &mut AnyConnection,
    p: &Pacticipant,
    number: &str,
) -> Result<Version, ApiError> {
    versions::find(conn, p.id, number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No version {number} of pacticipant '{}' found", p.name)))
}

/// Renders a version with its branches, tags, pacts and record-deployment/release links.
pub(super) async fn render_version(
    conn: &mut AnyConnection,
    base: &Base,
    p: &Pacticipant,
    v: &Version,
) -> Result<Value, ApiError> {
    let tags = versions::tags_of(conn, &[v.id]).await?;
    let branches = versions::branches_of(conn, &[v.id]).await?;
    let envs = environments::list(conn).await?;
    let deployed = environments::current_for_versions(conn, PlacementKind::Deployment, &[v.id]).await?;
    let released = environments::current_for_versions(conn, PlacementKind::Release, &[v.id]).await?;
    let published = pacts::for_consumer_versions(conn, &[v.id]).await?;
    let env_name = |id: i64| envs.iter().find(|e| e.id == id);
    let record = |kind: &str, verb: &str| -> Vec<Value> {
        envs.iter()
            .map(|e| {
                let title = format!(
                    "{verb} to {}",
                    e.display_name.clone().unwrap_or_else(|| e.name.clone())
                );
                named(
                    format!(
                        "{}/{kind}/environment/{}",
                        base.version(&p.name, &v.number),
                        e.uuid
                    ),
                    title,
                    e.name.clone(),
                )
            })
            .collect()
    };
    let placed = |list: &[environments::Placement]| -> Vec<Value> {
        list.iter()
            .filter_map(|d| env_name(d.environment_id))
            .map(|e| named(base.environment(&e.uuid), "Environment", e.name.clone()))
            .collect()
    };
    let branch_name = branches.last().map(|b| b.name.clone());
    Ok(json!({
        "number": v.number,
        "buildUrl": v.build_url,
        "branch": branch_name,
        "createdAt": v.created_at,
        "_embedded": {
            "branchVersions": branches.iter().map(|b| json!({
                "name": b.name,
                "_links": { "self": titled(base.branch_version(&p.name, &b.name, &v.number), "Branch version") },
            })).collect::<Vec<_>>(),
            "tags": tags.iter().map(|t| json!({
                "name": t.name,
                "createdAt": t.created_at,
                "_links": { "self": titled(base.tag(&p.name, &v.number, &t.name), "Tag") },
            })).collect::<Vec<_>>(),
        },
        "_links": {
            "self": named(base.version(&p.name, &v.number), "Version", v.number.clone()),
            "pb:pacticipant": named(base.pacticipant(&p.name), "Pacticipant", p.name.clone()),
            "pb:tag": templated(format!("{}/tags/{{tag}}", base.version(&p.name, &v.number)), "Get, create or delete a tag for this pacticipant version"),
            "pb:latest-verification-results-where-pacticipant-is-consumer": titled(
                format!("{}/verification-results/latest", base.version(&p.name, &v.number)),
                "Latest verification results for consumer version"),
            "pb:pact-versions": published.iter().map(|r| super::pacts::pact_link(base, r)).collect::<Vec<_>>(),
            "pb:deployed-environments": placed(&deployed),
            "pb:released-environments": placed(&released),
            "pb:record-deployment": record("deployed-versions", "Record deployment"),
            "pb:record-release": record("released-versions", "Record release"),
            "curies": base.curies(),
        }
    }))
}

async fn get_version(
    State(state): State<AppState>,
    base: Base,
    Path((p, v)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipant_or_404(&mut conn, &p).await?;
    let v = version_or_404(&mut conn, &p, &v).await?;
    Ok(ok(render_version(&mut conn, &base, &p, &v).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct VersionBody {
    build_url: Option<String>,
    branch: Option<String>,
}

async fn put_version(
    State(state): State<AppState>,
    base: Base,
    Path((p, v)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: VersionBody = parse_body(&body)?;
    if v.trim().is_empty() {
        return Err(ApiError::invalid("number", "cannot be blank"));
    }
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p]).await?;
    let (p, _) = pacticipants::find_or_create(tx.conn(), &p).await?;
    let (v, created) = versions::find_or_create(tx.conn(), p.id, &v, body.build_url.as_deref()).await?;
    if let Some(branch) = body.branch.as_deref().filter(|b| !b.trim().is_empty()) {
        versions::add_to_branch(tx.conn(), &v, branch).await?;
    }
    let rendered = render_version(tx.conn(), &base, &p, &v).await?;
    tx.commit().await?;
    Ok(hal_response(created_or_ok(created), &rendered))
}

async fn delete_version(
    State(state): State<AppState>,
    Path((p, v)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p]).await?;
    let p = pacticipant_or_404(tx.conn(), &p).await?;
    let v = version_or_404(tx.conn(), &p, &v).await?;
    versions::delete(tx.conn(), v.id).await?;
    tx.commit().await?;
    Ok(no_content())
}

/// `pageNumber` / `pageSize` query parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Page {
    page_number: Option<String>,
    page_size: Option<String>,
}

impl Page {
    /// Whether the client asked for a page at all.
    pub(super) fn is_given(&self) -> bool {
        self.page_number.is_some() || self.page_size.is_some()
    }

    /// (limit, offset, number, size) with a default page size of 100 and at most 1000.
    pub(super) fn bounds(&self) -> Result<(i64, i64, i64, i64), ApiError> {
        let parse = |field: &str, v: &Option<String>, default: i64| -> Result<i64, ApiError> {
            match v {
                None => Ok(default),
                Some(text) => text.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    ApiError::invalid(field, format!("must be a positive integer, not '{text}'"))
                }),
            }
        };
        let number = parse("pageNumber", &self.page_number, 1)?;
        let size = parse("pageSize", &self.page_size, 100)?.min(1000);
        // `number` is at least 1, so only the product can be out of range.
        let offset = number.saturating_sub(1).checked_mul(size).ok_or_else(|| {
            ApiError::invalid(
                "pageNumber",
                format!("is too large: page {number} of {size} items starts beyond the last possible item"),
            )
        })?;
        Ok((size, offset, number, size))
    }
}

/// The `page` object and `next`/`previous` links of a paginated list.
pub(super) fn page_json(self_url: &str, number: i64, size: i64, total: i64) -> (Value, Value) {
    // `size` is at least 1 (see `Page::bounds`); `total` is a row count, so neither overflows.
    let pages = total
        .checked_div(size)
        .unwrap_or(0)
        .saturating_add(i64::from(total.checked_rem(size).unwrap_or(0) != 0));
    let mut links = json!({ "self": { "href": format!("{self_url}?pageNumber={number}&pageSize={size}") } });
    if number < pages {
        links["next"] = json!({ "href": format!("{self_url}?pageNumber={}&pageSize={size}", number.saturating_add(1)), "title": "Next page" });
    }
    if number > 1 {
        links["previous"] = json!({ "href": format!("{self_url}?pageNumber={}&pageSize={size}", number.saturating_sub(1)), "title": "Previous page" });
    }
    (
        json!({ "number": number, "size": size, "totalElements": total, "totalPages": pages }),
        links,
    )
}

async fn list_versions(
    State(state): State<AppState>,
    base: Base,
    Path(p): Path<String>,
    Query(page): Query<Page>,
) -> Result<Response, ApiError> {
    let (limit, offset, number, size) = page.bounds()?;
    let mut conn = state.store.read().await?;
    let p = pacticipant_or_404(&mut conn, &p).await?;
    let list = versions::list(&mut conn, p.id, limit, offset).await?;
    let total = versions::count(&mut conn, p.id).await?;
    let ids: Vec<i64> = list.iter().map(|v| v.id).collect();
    let tags = versions::tags_of(&mut conn, &ids).await?;
    let branches = versions::branches_of(&mut conn, &ids).await?;
    let items: Vec<Value> = list
        .iter()
        .map(|v| {
            json!({
                "number": v.number,
                "buildUrl": v.build_url,
                "createdAt": v.created_at,
                "_embedded": {
                    "tags": tags.iter().filter(|t| t.version_id == v.id).map(|t| json!({"name": t.name})).collect::<Vec<_>>(),
                    "branchVersions": branches.iter().filter(|b| b.version_id == v.id).map(|b| json!({"name": b.name})).collect::<Vec<_>>(),
                },
                "_links": { "self": named(base.version(&p.name, &v.number), "Version", v.number.clone()) },
            })
        })
        .collect();
    let (page, mut links) = page_json(
        &format!("{}/versions", base.pacticipant(&p.name)),
        number,
        size,
        total,
    );
    links["pb:pacticipant"] = named(base.pacticipant(&p.name), "Pacticipant", p.name.clone());
    links["pb:versions"] = json!(
        items
            .iter()
            .map(|i| i["_links"]["self"].clone())
            .collect::<Vec<_>>()
    );
    Ok(ok(
        json!({ "_embedded": { "versions": items }, "_links": links, "page": page }),
    ))
}

async fn latest_version(
    State(state): State<AppState>,
    base: Base,
    Path(p): Path<String>,
) -> Result<Response, ApiError> {
    latest(state, base, p, None, None).await
}

async fn latest_tagged_version(
    State(state): State<AppState>,
    base: Base,
    Path((p, tag)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    latest(state, base, p, Some(tag), None).await
}

async fn latest_branch_version(
    State(state): State<AppState>,
    base: Base,
    Path((p, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    latest(state, base, p, None, Some(branch)).await
}

async fn latest(
    state: AppState,
    base: Base,
    p: String,
    tag: Option<String>,
    branch: Option<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipant_or_404(&mut conn, &p).await?;
    let v = match &branch {
        Some(b) => versions::latest_on_branch(&mut conn, p.id, b).await?,
        None => versions::latest(&mut conn, p.id, tag.as_deref()).await?,
    };
    let v = v.ok_or_else(|| ApiError::not_found(format!("No matching version of '{}' found", p.name)))?;
    Ok(ok(render_version(&mut conn, &base, &p, &v).await?))
}
