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
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{Base, hal_response, named, no_content, ok, templated, titled};
use super::versions::{Page, pacticipant_or_404, page_json};
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
fn embedded_version(base: &Base, pacticipant: &str, v: &Version) -> Value {
    json!({
        "number": v.number,
        "createdAt": v.created_at,
        "_links": { "self": named(base.version(pacticipant, &v.number), "Version", v.number.clone()) },
    })
}

/// Renders a pacticipant with its latest version and its labels embedded.
pub(super) fn render_with(base: &Base, p: &Pacticipant, embedded: &Embedded<'_>) -> Value {
    let mut body = render(
        base,
        p,
        embedded.latest.map(|v| embedded_version(base, &p.name, v)),
    );
    if let Some(v) = embedded.latest {
        let mut deprecated = embedded_version(base, &p.name, v);
        deprecated["title"] = json!("DEPRECATED - please use latestVersion");
        deprecated["name"] = json!("DEPRECATED - please use latestVersion");
        body["_embedded"]["latest-version"] = deprecated;
    }
    let labels: Vec<Value> = embedded
        .labels
        .iter()
        .filter(|l| l.pacticipant_id == p.id)
        .map(|l| json!({ "name": l.name, "_links": { "self": named(label_url(base, &p.name, &l.name), "Label", l.name.clone()) } }))
        .collect();
    body["_embedded"]["labels"] = json!(labels);
    body
}

/// Renders a pacticipant (optionally with its latest version embedded).
pub(super) fn render(base: &Base, p: &Pacticipant, latest: Option<Value>) -> Value {
    let url = base.pacticipant(&p.name);
    let mut body = json!({
        "name": p.name,
        "displayName": p.display_name.clone().unwrap_or_else(|| p.name.clone()),
        "mainBranch": p.main_branch,
        "repositoryUrl": p.repository_url,
        "repositoryName": p.repository_name,
        "repositoryNamespace": p.repository_namespace,
        "createdAt": p.created_at,
        "updatedAt": p.updated_at,
        "_links": {
            "self": named(url.clone(), "Pacticipant", p.name.clone()),
            "pb:versions": titled(format!("{url}/versions"), "All versions of this pacticipant"),
            "pb:version": templated(format!("{url}/versions/{{version}}"), "Get, create or delete a pacticipant version"),
            "pb:version-tag": templated(format!("{url}/versions/{{version}}/tags/{{tag}}"), "Get, create or delete a tag for a version of this pacticipant"),
            "pb:branch-version": templated(format!("{url}/branches/{{branch}}/versions/{{version}}"), "Get or add/create a version for a branch of this pacticipant"),
            "pb:branches": titled(format!("{url}/branches"), "Branches of this pacticipant"),
            "pb:latest-version": titled(format!("{url}/latest-version"), "Latest version of this pacticipant"),
            "pb:label": templated(format!("{url}/labels/{{label}}"), "Get, create or delete a label for this pacticipant"),
            "pb:field-usage": titled(format!("{url}/field-usage"), "Which consumers rely on which fields of this provider"),
            "versions": titled(format!("{url}/versions"), "Deprecated - use pb:versions"),
            "pb:can-i-deploy-badge": templated(format!("{url}/latest-version/{{tag}}/can-i-deploy/to/{{environmentTag}}/badge"), "Can I Deploy badge"),
            "pb:can-i-deploy-branch-to-environment-badge": templated(format!("{url}/branches/{{branch}}/latest-version/can-i-deploy/to-environment/{{environment}}/badge"), "Can I Deploy badge"),
            "curies": base.curies(),
        }
    });
    if let Some(latest) = latest {
        body["_embedded"] = json!({ "latestVersion": latest });
    }
    body
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PacticipantBody {
    name: Option<String>,
    display_name: Option<String>,
    main_branch: Option<String>,
    repository_url: Option<String>,
    repository_name: Option<String>,
    repository_namespace: Option<String>,
}

impl PacticipantBody {
    fn fields(&self) -> Result<PacticipantFields, ApiError> {
        if self
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
            display_name: self.display_name.clone(),
            main_branch: self.main_branch.clone(),
            repository_url: self.repository_url.clone(),
            repository_name: self.repository_name.clone(),
            repository_namespace: self.repository_namespace.clone(),
        })
    }
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
    let (page, mut links) = page_json(&self_url, number, size, total);
    if !paged {
        links["self"] = json!({ "href": self_url });
    }
    let mut body = collection(&mut conn, &base, &found, links, true).await?;
    body["page"] = page;
    Ok(ok(body))
}

/// A collection of pacticipants as `PacticipantCollectionDecorator` renders it, plus (when
/// `deprecated`) the top-level `pacticipants` array of `DeprecatedPacticipantsDecorator`.
pub(super) async fn collection(
    conn: &mut sqlx::AnyConnection,
    base: &Base,
    found: &[Pacticipant],
    mut links: Value,
    deprecated: bool,
) -> Result<Value, ApiError> {
    let ids: Vec<i64> = found.iter().map(|p| p.id).collect();
    let latest = versions::latest_of_pacticipants(conn, &ids).await?;
    let all_labels = labels::of_pacticipants(conn, &ids).await?;
    let items: Vec<Value> = found
        .iter()
        .map(|p| {
            let embedded = Embedded {
                latest: latest.iter().find(|v| v.pacticipant_id == p.id),
                labels: &all_labels,
            };
            render_with(base, p, &embedded)
        })
        .collect();
    links["pb:pacticipants"] = json!(
        found
            .iter()
            .map(|p| named(base.pacticipant(&p.name), "Pacticipant", p.name.clone()))
            .collect::<Vec<_>>()
    );
    links["pacticipants"] = json!(
        found
            .iter()
            .map(|p| named(
                base.pacticipant(&p.name),
                p.name.clone(),
                "DEPRECATED - please use pb:pacticipants"
            ))
            .collect::<Vec<_>>()
    );
    links["pb:pacticipants-with-label"] = templated(
        format!("{}/pacticipants/label/{{label}}", base.0),
        "Find pacticipants by label",
    );
    links["curies"] = base.curies();
    let mut body = json!({ "_embedded": { "pacticipants": items }, "_links": links });
    if deprecated {
        let flat: Vec<Value> = items_with_title(&body["_embedded"]["pacticipants"]);
        body["pacticipants"] = json!(flat);
    }
    Ok(body)
}

/// The embedded pacticipants again, each titled as `DeprecatedPacticipantDecorator` titles them.
fn items_with_title(items: &Value) -> Vec<Value> {
    items
        .as_array()
        .map(|list| {
            list.iter()
                .map(|item| {
                    let mut item = item.clone();
                    item["title"] = json!("DEPRECATED - Please use the embedded pacticipants collection");
                    item
                })
                .collect()
        })
        .unwrap_or_default()
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
    Ok(ok(render_with(&base, &p, &embedded)))
}

fn valid_name(name: &Option<String>) -> Result<String, ApiError> {
    match name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => Ok(n.to_string()),
        _ => Err(ApiError::invalid("name", "is missing")),
    }
}

async fn create(State(state): State<AppState>, base: Base, body: Bytes) -> Result<Response, ApiError> {
    let body: PacticipantBody = parse_body(&body)?;
    let name = valid_name(&body.name)?;
    let fields = body.fields()?;
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&name]).await?;
    let created = match pacticipants::find(tx.conn(), &name).await? {
        Some(_) => None,
        None => pacticipants::create_if_absent(tx.conn(), &name, &fields).await?,
    };
    let Some(p) = created else {
        return Err(ApiError::Conflict(
            json!({ "errors": { "name": [format!("A pacticipant with name '{name}' already exists")] } }),
        ));
    };
    tx.commit().await?;
    let mut response = hal_response(StatusCode::CREATED, &render(&base, &p, None));
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
    let body: PacticipantBody = parse_body(&body)?;
    let fields = body.fields()?;
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
    Ok(hal_response(status, &render(&base, &p, None)))
}

async fn patch(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: PacticipantBody = parse_body(&body)?;
    let fields = body.fields()?;
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
    Ok(hal_response(status, &render(&base, &p, None)))
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
