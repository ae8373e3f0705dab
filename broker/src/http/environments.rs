//! Environments: `GET/POST /environments`, `GET/PUT/DELETE /environments/{uuid}`, and what is
//! currently deployed or supported in one.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{
    CurrentlyDeployed, CurrentlyDeployedEmbedded, CurrentlySupported, CurrentlySupportedEmbedded,
    Environment as WireEnvironment, EnvironmentList, EnvironmentListEmbedded, EnvironmentRequest, Link,
    Links,
};
use serde::Deserialize;
use serde_json::Value;
use sqlx::AnyConnection;

use super::AppState;
use super::deployments::{Placed, render_placement};
use super::error::{ApiError, parse_body};
use super::hal::{Base, hal_response, named_link, no_content, ok_typed, titled_link};
use crate::store::environments::{self, Environment, EnvironmentFields, PlacementKind};
use crate::store::{pacticipants, versions};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/environments", get(list).post(create))
        .route("/environments/{uuid}", get(show).put(replace).delete(remove))
        .route(
            "/environments/{uuid}/deployed-versions/currently-deployed",
            get(currently_deployed),
        )
        .route(
            "/environments/{uuid}/released-versions/currently-supported",
            get(currently_supported),
        )
}

/// Renders an environment.
pub(super) fn render(base: &Base, e: &Environment) -> WireEnvironment {
    let url = base.environment(&e.uuid);
    let contacts: Value = e
        .contacts
        .as_deref()
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or(Value::Null);
    WireEnvironment {
        uuid: e.uuid.clone(),
        name: e.name.clone(),
        display_name: e.display_name.clone(),
        production: e.production == 1,
        contacts,
        created_at: Some(e.created_at.clone()),
        updated_at: Some(e.updated_at.clone()),
        links: Links::new()
            .with("self", named_link(url.clone(), "Environment", e.name.clone()))
            .with(
                "pb:currently-deployed-deployed-versions",
                titled_link(
                    format!("{url}/deployed-versions/currently-deployed"),
                    "Versions currently deployed to this environment",
                ),
            )
            .with(
                "pb:currently-supported-released-versions",
                titled_link(
                    format!("{url}/released-versions/currently-supported"),
                    "Versions released and supported in this environment",
                ),
            )
            .with(
                "pb:environments",
                titled_link(format!("{}/environments", base.0), "Environments"),
            ),
    }
}

/// Finds an environment by UUID or answers 404.
pub(super) async fn environment_or_404(
    conn: &mut AnyConnection,
    uuid: &str,
) -> Result<Environment, ApiError> {
    environments::find_by_uuid(conn, uuid)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No environment with UUID '{uuid}' found")))
}

#[derive(Debug, Default, Deserialize)]
struct NameFilter {
    name: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    base: Base,
    Query(filter): Query<NameFilter>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let all = environments::list(&mut conn).await?;
    let shown: Vec<WireEnvironment> = all
        .iter()
        .filter(|e| filter.name.as_ref().is_none_or(|n| *n == e.name))
        .map(|e| render(&base, e))
        .collect();
    let links = Links::new()
        .with(
            "self",
            titled_link(format!("{}/environments", base.0), "Environments"),
        )
        .with_many(
            "pb:environments",
            shown
                .iter()
                .filter_map(|e| e.links.first("self").cloned())
                .collect(),
        );
    Ok(ok_typed(&EnvironmentList {
        embedded: EnvironmentListEmbedded { environments: shown },
        links,
    }))
}

fn fields(body: &EnvironmentRequest) -> Result<EnvironmentFields, ApiError> {
    let mut errors = Vec::new();
    let name = body.name.clone().unwrap_or_default();
    if name.trim().is_empty() {
        errors.push(("name".to_string(), "is missing".to_string()));
    } else if name.contains(char::is_whitespace) {
        errors.push(("name".to_string(), "cannot contain spaces".to_string()));
    }
    if body.production.is_none() {
        errors.push(("production".to_string(), "is missing (true or false)".to_string()));
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    Ok(EnvironmentFields {
        name,
        display_name: body.display_name.clone(),
        production: body.production.unwrap_or(false),
        contacts: body.contacts.as_ref().map(Value::to_string),
    })
}

async fn create(State(state): State<AppState>, base: Base, body: Bytes) -> Result<Response, ApiError> {
    let body: EnvironmentRequest = parse_body(&body)?;
    let fields = fields(&body)?;
    let uuid = body
        .uuid
        .clone()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let mut tx = state.store.begin_write().await?;
    if environments::find_by_name(tx.conn(), &fields.name)
        .await?
        .is_some()
    {
        return Err(ApiError::invalid(
            "name",
            format!("Another environment with name '{}' already exists.", fields.name),
        ));
    }
    if environments::find_by_uuid(tx.conn(), &uuid).await?.is_some() {
        return Err(ApiError::invalid(
            "uuid",
            format!("Another environment with UUID '{uuid}' already exists."),
        ));
    }
    let Some(env) = environments::create_if_absent(tx.conn(), &uuid, &fields).await? else {
        // A concurrent request took the name or the UUID between the checks and the insert.
        return Err(ApiError::invalid(
            "name",
            format!(
                "Another environment with name '{}' or UUID '{uuid}' already exists.",
                fields.name
            ),
        ));
    };
    tx.commit().await?;
    let mut response = hal_response(StatusCode::CREATED, &render(&base, &env));
    if let Ok(location) = base.environment(&env.uuid).parse() {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

async fn show(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    Ok(ok_typed(&render(
        &base,
        &environment_or_404(&mut conn, &uuid).await?,
    )))
}

async fn replace(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: EnvironmentRequest = parse_body(&body)?;
    let fields = fields(&body)?;
    let mut tx = state.store.begin_write().await?;
    let mut found = environments::find_by_uuid(tx.conn(), &uuid).await?;
    if found.is_none() {
        if let Some(created) = environments::create_if_absent(tx.conn(), &uuid, &fields).await? {
            tx.commit().await?;
            return Ok(hal_response(StatusCode::CREATED, &render(&base, &created)));
        }
        // Either a concurrent request has just created this UUID (update it) or the name is taken.
        found = environments::find_by_uuid(tx.conn(), &uuid).await?;
    }
    let taken = || {
        ApiError::invalid(
            "name",
            format!("Another environment with name '{}' already exists.", fields.name),
        )
    };
    let found = found.ok_or_else(taken)?;
    if let Some(other) = environments::find_by_name(tx.conn(), &fields.name).await?
        && other.id != found.id
    {
        return Err(taken());
    }
    let (env, status) = (
        environments::update(tx.conn(), found.id, &fields).await?,
        StatusCode::OK,
    );
    tx.commit().await?;
    Ok(hal_response(status, &render(&base, &env)))
}

async fn remove(State(state): State<AppState>, Path(uuid): Path<String>) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    let env = environment_or_404(tx.conn(), &uuid).await?;
    environments::delete(tx.conn(), env.id).await?;
    tx.commit().await?;
    Ok(no_content())
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CurrentFilter {
    pacticipant: Option<String>,
    application_instance: Option<String>,
}

async fn current(
    state: AppState,
    base: Base,
    uuid: String,
    filter: CurrentFilter,
    kind: PlacementKind,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let env = environment_or_404(&mut conn, &uuid).await?;
    let pacticipant = match &filter.pacticipant {
        Some(name) => match pacticipants::find(&mut conn, name).await? {
            Some(p) => Some(p),
            None => return Ok(current_body(&base, &env, kind, Vec::new())),
        },
        None => None,
    };
    let placements = environments::current_in(
        &mut conn,
        kind,
        env.id,
        pacticipant.as_ref().map(|p| p.id),
        filter.application_instance.as_deref(),
    )
    .await?;
    let version_ids: Vec<i64> = placements.iter().map(|d| d.version_id).collect();
    let found_versions = versions::find_by_ids(&mut conn, &version_ids).await?;
    let pacticipant_ids: Vec<i64> = found_versions.iter().map(|v| v.pacticipant_id).collect();
    let names = pacticipants::find_by_ids(&mut conn, &pacticipant_ids).await?;
    let mut items = Vec::new();
    for d in &placements {
        let Some(v) = found_versions.iter().find(|v| v.id == d.version_id) else {
            continue;
        };
        let Some(p) = names.iter().find(|p| p.id == v.pacticipant_id) else {
            continue;
        };
        items.push(render_placement(&base, kind, d, p, v, &env));
    }
    Ok(current_body(&base, &env, kind, items))
}

/// The deployed (or released) versions in `env`, as `currently-deployed` (`currently-supported`)
/// answers them.
fn current_body(base: &Base, env: &Environment, kind: PlacementKind, items: Vec<Placed>) -> Response {
    let url = base.environment(&env.uuid);
    let links = |path: &str| {
        Links::new()
            .with("self", Link::new(format!("{url}/{path}")))
            .with("pb:environment", titled_link(url.clone(), "Environment"))
    };
    match kind {
        PlacementKind::Deployment => ok_typed(&CurrentlyDeployed {
            embedded: CurrentlyDeployedEmbedded {
                deployed_versions: items.into_iter().filter_map(Placed::deployed).collect(),
            },
            links: links("deployed-versions/currently-deployed"),
        }),
        PlacementKind::Release => ok_typed(&CurrentlySupported {
            embedded: CurrentlySupportedEmbedded {
                released_versions: items.into_iter().filter_map(Placed::released).collect(),
            },
            links: links("released-versions/currently-supported"),
        }),
    }
}

async fn currently_deployed(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    Query(filter): Query<CurrentFilter>,
) -> Result<Response, ApiError> {
    current(state, base, uuid, filter, PlacementKind::Deployment).await
}

async fn currently_supported(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    Query(filter): Query<CurrentFilter>,
) -> Result<Response, ApiError> {
    current(state, base, uuid, filter, PlacementKind::Release).await
}
