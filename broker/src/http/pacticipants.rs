//! Pacticipants: `GET/POST /pacticipants`, `GET/PUT/PATCH/DELETE /pacticipants/{p}`, shaped as the
//! Pact Broker's `PacticipantDecorator` / `DeprecatedPacticipantsDecorator` render them (with the
//! deprecated names old clients still read: top-level `pacticipants`, `_embedded["latest-version"]`,
//! `_links.versions`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{
    EmbeddedVersion, ErrorBody, Label as WireLabel, Links, Pacticipant as WirePacticipant,
    PacticipantEmbedded, PacticipantList, PacticipantListEmbedded, PacticipantRequest,
};

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{Base, hal_response, named_link, no_content, ok_typed, templated_link, titled_link};
use super::versions::{Page, pacticipant_or_404, page_links};
use crate::domain::duplicate_names;
use crate::store::labels::{self, Label};
use crate::store::pacticipants::{self, Pacticipant, PacticipantFields};
use crate::store::versions::{self, Version};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/pacticipants", get(list).post(create))
        .route(
            "/pacticipants/{pacticipant}",
            get(show).put(replace).patch(patch).delete(remove),
        )
}

/// What is embedded in a pacticipant beside its own fields.
#[derive(Debug, Default)]
pub(super) struct Embedded<'a> {
    /// Its newest version.
    pub latest: Option<&'a Version>,
    /// Its labels.
    pub labels: &'a [Label],
}

/// `/pacticipants/{p}/labels/{label}`.
pub(super) fn label_url(base: &Base, pacticipant: &str, label: &str) -> String {
    format!(
        "{}/labels/{}",
        base.pacticipant(pacticipant),
        super::hal::enc(label)
    )
}

/// A version as the Pact Broker's `EmbeddedVersionDecorator` shows it.
fn embedded_version(base: &Base, pacticipant: &str, v: &Version) -> EmbeddedVersion {
    EmbeddedVersion {
        number: v.number.clone(),
        created_at: Some(v.created_at.clone()),
        links: Links::new().with(
            "self",
            named_link(base.version(pacticipant, &v.number), "Version", v.number.clone()),
        ),
        title: None,
        name: None,
    }
}

/// Renders a pacticipant with its latest version and its labels embedded.
pub(super) fn render_with(base: &Base, p: &Pacticipant, embedded: &Embedded<'_>) -> WirePacticipant {
    let latest = embedded.latest.map(|v| embedded_version(base, &p.name, v));
    let deprecated = latest.clone().map(|v| EmbeddedVersion {
        title: Some("DEPRECATED - please use latestVersion".into()),
        name: Some("DEPRECATED - please use latestVersion".into()),
        ..v
    });
    let labels = embedded
        .labels
        .iter()
        .filter(|l| l.pacticipant_id == p.id)
        .map(|l| WireLabel {
            name: l.name.clone(),
            created_at: None,
            updated_at: None,
            links: Links::new().with(
                "self",
                named_link(label_url(base, &p.name, &l.name), "Label", l.name.clone()),
            ),
        })
        .collect();
    WirePacticipant {
        embedded: Some(PacticipantEmbedded {
            latest_version: latest,
            deprecated_latest_version: deprecated,
            labels: Some(labels),
        }),
        ..render(base, p)
    }
}

/// Renders a pacticipant (nothing embedded).
pub(super) fn render(base: &Base, p: &Pacticipant) -> WirePacticipant {
    let url = base.pacticipant(&p.name);
    let links = Links::new()
        .with("self", named_link(url.clone(), "Pacticipant", p.name.clone()))
        .with("pb:versions", titled_link(format!("{url}/versions"), "All versions of this pacticipant"))
        .with(
            "pb:version",
            templated_link(format!("{url}/versions/{{version}}"), "Get, create or delete a pacticipant version"),
        )
        .with(
            "pb:version-tag",
            templated_link(
                format!("{url}/versions/{{version}}/tags/{{tag}}"),
                "Get, create or delete a tag for a version of this pacticipant",
            ),
        )
        .with(
            "pb:branch-version",
            templated_link(
                format!("{url}/branches/{{branch}}/versions/{{version}}"),
                "Get or add/create a version for a branch of this pacticipant",
            ),
        )
        .with("pb:branches", titled_link(format!("{url}/branches"), "Branches of this pacticipant"))
        .with(
            "pb:latest-version",
            titled_link(format!("{url}/latest-version"), "Latest version of this pacticipant"),
        )
        .with(
            "pb:label",
            templated_link(
                format!("{url}/labels/{{label}}"),
                "Get, create or delete a label for this pacticipant",
            ),
        )
        .with(
            "pb:field-usage",
            titled_link(
                format!("{url}/field-usage"),
                "Which consumers rely on which fields of this provider",
            ),
        )
        .with("versions", titled_link(format!("{url}/versions"), "Deprecated - use pb:versions"))
        .with(
            "pb:can-i-deploy-badge",
            templated_link(
                format!("{url}/latest-version/{{tag}}/can-i-deploy/to/{{environmentTag}}/badge"),
                "Can I Deploy badge",
            ),
        )
        .with(
            "pb:can-i-deploy-branch-to-environment-badge",
            templated_link(
                format!("{url}/branches/{{branch}}/latest-version/can-i-deploy/to-environment/{{environment}}/badge"),
                "Can I Deploy badge",
            ),
        )
        .with_curies(base.curie_list());
    WirePacticipant {
        name: p.name.clone(),
        display_name: Some(p.display_name.clone().unwrap_or_else(|| p.name.clone())),
        main_branch: p.main_branch.clone(),
        repository_url: p.repository_url.clone(),
        repository_name: p.repository_name.clone(),
        repository_namespace: p.repository_namespace.clone(),
        created_at: Some(p.created_at.clone()),
        updated_at: Some(p.updated_at.clone()),
        links,
        embedded: None,
        title: None,
    }
}

/// What a pacticipant request sets, checked.
fn fields_of(request: &PacticipantRequest) -> Result<PacticipantFields, ApiError> {
    if request
        .main_branch
        .as_deref()
        .is_some_and(|b| b.trim().is_empty() || b.contains(char::is_whitespace))
    {
        return Err(ApiError::invalid(
            "mainBranch",
            "cannot be blank or contain spaces",
        ));
    }
    Ok(PacticipantFields {
        display_name: request.display_name.clone(),
        main_branch: request.main_branch.clone(),
        repository_url: request.repository_url.clone(),
        repository_name: request.repository_name.clone(),
        repository_namespace: request.repository_namespace.clone(),
    })
}

/// The Pact Broker's potential-duplicate messages for those of `names` that would be new
/// pacticipants looking like existing ones (empty when the check is off or nothing matches).
pub(super) async fn potential_duplicate_messages(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    base: &Base,
    names: &[&str],
) -> Result<Vec<String>, ApiError> {
    if state.config.allow_potential_duplicate_pacticipant_names {
        return Ok(Vec::new());
    }
    let known = pacticipants::find_by_names(conn, names).await?;
    let mut existing: Option<Vec<String>> = None;
    let mut messages = Vec::new();
    for name in names {
        if known.iter().any(|p| p.name == *name) {
            continue;
        }
        if existing.is_none() {
            existing = Some(pacticipants::names(conn).await?);
        }
        let all = existing.as_deref().unwrap_or_default();
        let duplicates = duplicate_names::potential_duplicates(name, all);
        if !duplicates.is_empty() {
            messages.push(duplicate_names::message(
                name,
                &duplicates,
                &format!("{}/pacticipants", base.0),
            ));
        }
    }
    Ok(messages)
}

/// `pageNumber`/`pageSize` as given; without either the whole list comes back (as the Pact Broker
/// does), bounded by [`UNPAGED_LIMIT`].
const UNPAGED_LIMIT: i64 = 10_000;

async fn list(
    State(state): State<AppState>,
    base: Base,
    Query(page): Query<Page>,
) -> Result<Response, ApiError> {
    let paged = page.is_given();
    let (limit, offset, number, size) = if paged {
        page.bounds()?
    } else {
        (UNPAGED_LIMIT, 0, 1, UNPAGED_LIMIT)
    };
    let mut conn = state.store.read().await?;
    let found = pacticipants::list(&mut conn, limit, offset).await?;
    let total = pacticipants::count(&mut conn).await?;
    let self_url = format!("{}/pacticipants", base.0);
    let (page, mut links) = page_links(&self_url, number, size, total);
    if !paged {
        links.set("self", pact_broker_api::Link::new(self_url));
    }
    let mut body = collection(&mut conn, &base, &found, links, true).await?;
    body.page = Some(page);
    Ok(ok_typed(&body))
}

/// A collection of pacticipants as `PacticipantCollectionDecorator` renders it, plus (when
/// `deprecated`) the top-level `pacticipants` array of `DeprecatedPacticipantsDecorator`.
pub(super) async fn collection(
    conn: &mut sqlx::AnyConnection,
    base: &Base,
    found: &[Pacticipant],
    mut links: Links,
    deprecated: bool,
) -> Result<PacticipantList, ApiError> {
    let ids: Vec<i64> = found.iter().map(|p| p.id).collect();
    let latest = versions::latest_of_pacticipants(conn, &ids).await?;
    let all_labels = labels::of_pacticipants(conn, &ids).await?;
    let items: Vec<WirePacticipant> = found
        .iter()
        .map(|p| {
            let embedded = Embedded {
                latest: latest.iter().find(|v| v.pacticipant_id == p.id),
                labels: &all_labels,
            };
            render_with(base, p, &embedded)
        })
        .collect();
    links.set_many(
        "pb:pacticipants",
        found
            .iter()
            .map(|p| named_link(base.pacticipant(&p.name), "Pacticipant", p.name.clone()))
            .collect(),
    );
    links.set_many(
        "pacticipants",
        found
            .iter()
            .map(|p| {
                named_link(
                    base.pacticipant(&p.name),
                    p.name.clone(),
                    "DEPRECATED - please use pb:pacticipants",
                )
            })
            .collect(),
    );
    links.set(
        "pb:pacticipants-with-label",
        templated_link(
            format!("{}/pacticipants/label/{{label}}", base.0),
            "Find pacticipants by label",
        ),
    );
    let links = links.with_curies(base.curie_list());
    // `DeprecatedPacticipantDecorator`: the embedded pacticipants again, each titled.
    let flat = deprecated.then(|| {
        items
            .iter()
            .map(|item| WirePacticipant {
                title: Some("DEPRECATED - Please use the embedded pacticipants collection".into()),
                ..item.clone()
            })
            .collect()
    });
    Ok(PacticipantList {
        embedded: PacticipantListEmbedded { pacticipants: items },
        links,
        pacticipants: flat,
        page: None,
    })
}

async fn show(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipant_or_404(&mut conn, &name).await?;
    let latest = versions::latest(&mut conn, p.id, None).await?;
    let labels = labels::of_pacticipants(&mut conn, &[p.id]).await?;
    let embedded = Embedded {
        latest: latest.as_ref(),
        labels: &labels,
    };
    Ok(ok_typed(&render_with(&base, &p, &embedded)))
}

fn valid_name(name: &Option<String>) -> Result<String, ApiError> {
    match name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => Ok(n.to_string()),
        _ => Err(ApiError::invalid("name", "is missing")),
    }
}

async fn create(State(state): State<AppState>, base: Base, body: Bytes) -> Result<Response, ApiError> {
    let body: PacticipantRequest = parse_body(&body)?;
    let name = valid_name(&body.name)?;
    let fields = fields_of(&body)?;
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&name]).await?;
    let created = match pacticipants::find(tx.conn(), &name).await? {
        Some(_) => None,
        None => pacticipants::create_if_absent(tx.conn(), &name, &fields).await?,
    };
    let Some(p) = created else {
        return Err(ApiError::conflict(ErrorBody::fields([(
            "name",
            format!("A pacticipant with name '{name}' already exists"),
        )])));
    };
    tx.commit().await?;
    let mut response = hal_response(StatusCode::CREATED, &render(&base, &p));
    if let Ok(location) = base.pacticipant(&p.name).parse() {
        response
            .headers_mut()
            .insert(axum::http::header::LOCATION, location);
    }
    Ok(response)
}

async fn replace(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: PacticipantRequest = parse_body(&body)?;
    let fields = fields_of(&body)?;
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&name]).await?;
    let (p, status) = match find_or_create_with(tx.conn(), &name, &fields).await? {
        (found, false) => (
            pacticipants::replace(tx.conn(), found.id, &fields).await?,
            StatusCode::OK,
        ),
        (created, true) => (created, StatusCode::CREATED),
    };
    tx.commit().await?;
    Ok(hal_response(status, &render(&base, &p)))
}

async fn patch(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: PacticipantRequest = parse_body(&body)?;
    let fields = fields_of(&body)?;
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&name]).await?;
    let (p, status) = match find_or_create_with(tx.conn(), &name, &fields).await? {
        (found, false) => {
            let merged = PacticipantFields {
                display_name: fields.display_name.or(found.display_name.clone()),
                main_branch: fields.main_branch.or(found.main_branch.clone()),
                repository_url: fields.repository_url.or(found.repository_url.clone()),
                repository_name: fields.repository_name.or(found.repository_name.clone()),
                repository_namespace: fields.repository_namespace.or(found.repository_namespace.clone()),
            };
            (
                pacticipants::replace(tx.conn(), found.id, &merged).await?,
                StatusCode::OK,
            )
        }
        (created, true) => (created, StatusCode::CREATED),
    };
    tx.commit().await?;
    Ok(hal_response(status, &render(&base, &p)))
}

/// The pacticipant called `name`, or a new one with `fields` (flag `true`) when there is none,
/// also when a concurrent request creates it at the same moment.
async fn find_or_create_with(
    conn: &mut sqlx::AnyConnection,
    name: &str,
    fields: &PacticipantFields,
) -> Result<(Pacticipant, bool), ApiError> {
    if let Some(found) = pacticipants::find(conn, name).await? {
        return Ok((found, false));
    }
    if let Some(created) = pacticipants::create_if_absent(conn, name, fields).await? {
        return Ok((created, true));
    }
    let found = pacticipants::find(conn, name)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    Ok((found, false))
}

async fn remove(State(state): State<AppState>, Path(name): Path<String>) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    let p = pacticipant_or_404(tx.conn(), &name).await?;
    // Deleting its pacts moves the branch heads of its consumers: lock it and its partners.
    let mut names = pacticipants::partners_of(tx.conn(), p.id).await?;
    names.push(p.name.clone());
    tx.lock_pacticipants(&names).await?;
    pacticipants::delete(tx.conn(), p.id).await?;
    tx.commit().await?;
    Ok(no_content())
}
