//! Pacticipant versions: `GET/PUT/PATCH/DELETE /pacticipants/{p}/versions/{v}`, paginated lists and
//! latest versions. A version links to `pb:record-deployment` / `pb:record-release` per environment.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{
    BranchVersion, Link, Links, Tag, Version as WireVersion, VersionEmbedded, VersionList,
    VersionListEmbedded, VersionSummary, VersionSummaryEmbedded,
};
use serde::Deserialize;
use sqlx::AnyConnection;

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{
    Base, created_or_ok, hal_response, named_link, no_content, ok_typed, templated_link, titled_link,
};
use crate::store::environments::{self, PlacementKind};
use crate::store::pacticipants::{self, Pacticipant};
use crate::store::pacts::{self, PactRow};
use crate::store::versions::{self, Version, VersionLabel};

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

/// What a version's resource shows besides the version row itself.
pub(super) struct VersionFacts {
    /// Its tags, oldest first.
    pub(super) tags: Vec<VersionLabel>,
    /// Its branches, oldest association first.
    pub(super) branches: Vec<VersionLabel>,
    /// Where it is currently deployed.
    pub(super) deployed: Vec<environments::Placement>,
    /// Where it is currently released.
    pub(super) released: Vec<environments::Placement>,
    /// The pacts it published.
    pub(super) published: Vec<PactRow>,
}

impl VersionFacts {
    /// Reads them.
    pub(super) async fn load(conn: &mut AnyConnection, v: &Version) -> Result<VersionFacts, ApiError> {
        Ok(VersionFacts {
            tags: versions::tags_of(conn, &[v.id]).await?,
            branches: versions::branches_of(conn, &[v.id]).await?,
            deployed: environments::current_for_versions(conn, PlacementKind::Deployment, &[v.id]).await?,
            released: environments::current_for_versions(conn, PlacementKind::Release, &[v.id]).await?,
            published: pacts::for_consumer_versions(conn, &[v.id]).await?,
        })
    }

    /// A version created in the caller's transaction, which no other transaction can have tagged,
    /// deployed or released yet: its facts are what the caller attached, in that order (one row
    /// per publication: a later write to the same publication replaces the earlier).
    pub(super) fn of_new_version(
        tags: Vec<VersionLabel>,
        branches: Vec<VersionLabel>,
        published: Vec<PactRow>,
    ) -> VersionFacts {
        let mut unique: Vec<PactRow> = Vec::with_capacity(published.len());
        for row in published {
            match unique.iter_mut().find(|r| r.publication_id == row.publication_id) {
                Some(earlier) => *earlier = row,
                None => unique.push(row),
            }
        }
        VersionFacts {
            tags,
            branches,
            deployed: Vec::new(),
            released: Vec::new(),
            published: unique,
        }
    }
}

/// Renders a version with its branches, tags, pacts and record-deployment/release links.
pub(super) async fn render_version(
    conn: &mut AnyConnection,
    base: &Base,
    p: &Pacticipant,
    v: &Version,
) -> Result<WireVersion, ApiError> {
    let facts = VersionFacts::load(conn, v).await?;
    render_version_with(conn, base, p, v, facts).await
}

/// Renders a version from facts the caller has (reading only the environments, for the
/// record-deployment/release links).
pub(super) async fn render_version_with(
    conn: &mut AnyConnection,
    base: &Base,
    p: &Pacticipant,
    v: &Version,
    facts: VersionFacts,
) -> Result<WireVersion, ApiError> {
    let VersionFacts {
        tags,
        branches,
        deployed,
        released,
        published,
    } = facts;
    let envs = environments::list(conn).await?;
    let version_url = base.version(&p.name, &v.number);
    let env_name = |id: i64| envs.iter().find(|e| e.id == id);
    let record = |kind: &str, verb: &str| -> Vec<Link> {
        envs.iter()
            .map(|e| {
                let title = format!(
                    "{verb} to {}",
                    e.display_name.clone().unwrap_or_else(|| e.name.clone())
                );
                named_link(
                    format!("{version_url}/{kind}/environment/{}", e.uuid),
                    title,
                    e.name.clone(),
                )
            })
            .collect()
    };
    let placed = |list: &[environments::Placement]| -> Vec<Link> {
        list.iter()
            .filter_map(|d| env_name(d.environment_id))
            .map(|e| named_link(base.environment(&e.uuid), "Environment", e.name.clone()))
            .collect()
    };
    let links = Links::new()
        .with(
            "self",
            named_link(version_url.clone(), "Version", v.number.clone()),
        )
        .with(
            "pb:pacticipant",
            named_link(base.pacticipant(&p.name), "Pacticipant", p.name.clone()),
        )
        .with(
            "pb:tag",
            templated_link(
                format!("{version_url}/tags/{{tag}}"),
                "Get, create or delete a tag for this pacticipant version",
            ),
        )
        .with(
            "pb:latest-verification-results-where-pacticipant-is-consumer",
            titled_link(
                format!("{version_url}/verification-results/latest"),
                "Latest verification results for consumer version",
            ),
        )
        .with_many(
            "pb:pact-versions",
            published
                .iter()
                .map(|r| super::pacts::pact_link(base, r))
                .collect(),
        )
        .with_many("pb:deployed-environments", placed(&deployed))
        .with_many("pb:released-environments", placed(&released))
        .with_many(
            "pb:record-deployment",
            record("deployed-versions", "Record deployment"),
        )
        .with_many("pb:record-release", record("released-versions", "Record release"))
        .with_curies(base.curie_list());
    Ok(WireVersion {
        number: v.number.clone(),
        build_url: v.build_url.clone(),
        branch: branches.last().map(|b| b.name.clone()),
        created_at: Some(v.created_at.clone()),
        embedded: VersionEmbedded {
            branch_versions: branches
                .iter()
                .map(|b| BranchVersion {
                    name: b.name.clone(),
                    links: Links::new().with(
                        "self",
                        titled_link(base.branch_version(&p.name, &b.name, &v.number), "Branch version"),
                    ),
                    embedded: None,
                })
                .collect(),
            tags: tags
                .iter()
                .map(|t| Tag {
                    name: t.name.clone(),
                    created_at: Some(t.created_at.clone()),
                    links: Links::new()
                        .with("self", titled_link(base.tag(&p.name, &v.number, &t.name), "Tag")),
                })
                .collect(),
        },
        links,
    })
}

async fn get_version(
    State(state): State<AppState>,
    base: Base,
    Path((p, v)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipant_or_404(&mut conn, &p).await?;
    let v = version_or_404(&mut conn, &p, &v).await?;
    Ok(ok_typed(&render_version(&mut conn, &base, &p, &v).await?))
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

/// The `page` object and the `self`/`next`/`previous` links of a paginated list.
pub(super) fn page_links(
    self_url: &str,
    number: i64,
    size: i64,
    total: i64,
) -> (pact_broker_api::Page, Links) {
    // `size` is at least 1 (see `Page::bounds`); `total` is a row count, so neither overflows.
    let page = pact_broker_api::Page::of(number, size, total);
    let mut links = Links::new().with(
        "self",
        Link::new(format!("{self_url}?pageNumber={number}&pageSize={size}")),
    );
    if number < page.total_pages {
        links.set(
            "next",
            titled_link(
                format!(
                    "{self_url}?pageNumber={}&pageSize={size}",
                    number.saturating_add(1)
                ),
                "Next page",
            ),
        );
    }
    if number > 1 {
        links.set(
            "previous",
            titled_link(
                format!(
                    "{self_url}?pageNumber={}&pageSize={size}",
                    number.saturating_sub(1)
                ),
                "Previous page",
            ),
        );
    }
    (page, links)
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
    let items: Vec<VersionSummary> = list
        .iter()
        .map(|v| VersionSummary {
            number: v.number.clone(),
            build_url: v.build_url.clone(),
            created_at: Some(v.created_at.clone()),
            embedded: Some(VersionSummaryEmbedded {
                tags: tags
                    .iter()
                    .filter(|t| t.version_id == v.id)
                    .map(|t| Tag {
                        name: t.name.clone(),
                        ..Tag::default()
                    })
                    .collect(),
                branch_versions: branches
                    .iter()
                    .filter(|b| b.version_id == v.id)
                    .map(|b| BranchVersion {
                        name: b.name.clone(),
                        ..BranchVersion::default()
                    })
                    .collect(),
            }),
            links: Links::new().with(
                "self",
                named_link(base.version(&p.name, &v.number), "Version", v.number.clone()),
            ),
        })
        .collect();
    let (page, mut links) = page_links(
        &format!("{}/versions", base.pacticipant(&p.name)),
        number,
        size,
        total,
    );
    links.set(
        "pb:pacticipant",
        named_link(base.pacticipant(&p.name), "Pacticipant", p.name.clone()),
    );
    links.set_many(
        "pb:versions",
        items
            .iter()
            .filter_map(|i| i.links.first("self").cloned())
            .collect(),
    );
    Ok(ok_typed(&VersionList {
        embedded: VersionListEmbedded { versions: items },
        links,
        page: Some(page),
    }))
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
    Ok(ok_typed(&render_version(&mut conn, &base, &p, &v).await?))
}
