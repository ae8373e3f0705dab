//! Recording deployments and releases (through the version's `pb:record-deployment` /
//! `pb:record-release` links), undeploying and ending support.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::Response;
use axum::routing::{get, post};
use pact_broker_api::{
    DeployedVersion, DeploymentRequest, EmbeddedPacticipant, EmbeddedVersion, Links, PlacementEmbedded,
    ReleasedVersion,
};
use serde::Serialize;
use serde_json::Value;

use super::AppState;
use super::environments::environment_or_404;
use super::error::{ApiError, parse_body};
use super::hal::{Base, created_or_ok, hal_response, named_link, ok_typed, titled_link};
use super::versions::{pacticipant_or_404, version_or_404};
use crate::store::environments::{self, Environment, Placement, PlacementKind};
use crate::store::pacticipants::{self, Pacticipant};
use crate::store::versions::{self, Version};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{uuid}",
            post(record_deployment),
        )
        .route(
            "/pacticipants/{pacticipant}/versions/{version}/released-versions/environment/{uuid}",
            post(record_release),
        )
        .route(
            "/deployed-versions/{uuid}",
            get(show_deployment).patch(patch_deployment),
        )
        .route(
            "/released-versions/{uuid}",
            get(show_release).patch(patch_release),
        )
}

fn path_of(kind: PlacementKind) -> &'static str {
    match kind {
        PlacementKind::Deployment => "deployed-versions",
        PlacementKind::Release => "released-versions",
    }
}

/// A deployed or released version, as served.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(super) enum Placed {
    /// A deployment.
    Deployed(DeployedVersion),
    /// A release.
    Released(ReleasedVersion),
}

impl Placed {
    /// The deployment, if it is one.
    pub(super) fn deployed(self) -> Option<DeployedVersion> {
        match self {
            Placed::Deployed(d) => Some(d),
            Placed::Released(_) => None,
        }
    }

    /// The release, if it is one.
    pub(super) fn released(self) -> Option<ReleasedVersion> {
        match self {
            Placed::Released(r) => Some(r),
            Placed::Deployed(_) => None,
        }
    }
}

/// Renders a deployed or released version.
pub(super) fn render_placement(
    base: &Base,
    kind: PlacementKind,
    d: &Placement,
    p: &Pacticipant,
    v: &Version,
    env: &Environment,
) -> Placed {
    let current = d.current == 1;
    let version_link = named_link(base.version(&p.name, &v.number), "Version", v.number.clone());
    let pacticipant_link = named_link(base.pacticipant(&p.name), "Pacticipant", p.name.clone());
    let embedded = PlacementEmbedded {
        version: EmbeddedVersion {
            number: v.number.clone(),
            links: Links::new().with("self", version_link.clone()),
            ..EmbeddedVersion::default()
        },
        environment: super::environments::render(base, env),
        pacticipant: EmbeddedPacticipant {
            name: p.name.clone(),
            links: Links::new().with("self", pacticipant_link.clone()),
        },
    };
    let links = Links::new()
        .with(
            "self",
            titled_link(base.placement(path_of(kind), &d.uuid), "Deployed version"),
        )
        .with("pb:version", version_link)
        .with("pb:pacticipant", pacticipant_link)
        .with(
            "pb:environment",
            named_link(base.environment(&env.uuid), "Environment", env.name.clone()),
        );
    match kind {
        PlacementKind::Deployment => {
            let instance = Some(d.application_instance.clone()).filter(|i| !i.is_empty());
            Placed::Deployed(DeployedVersion {
                uuid: d.uuid.clone(),
                created_at: Some(d.created_at.clone()),
                embedded,
                links,
                currently_deployed: current,
                application_instance: instance.clone(),
                target: instance,
                undeployed_at: d.ended_at.clone(),
            })
        }
        PlacementKind::Release => Placed::Released(ReleasedVersion {
            uuid: d.uuid.clone(),
            created_at: Some(d.created_at.clone()),
            embedded,
            links,
            currently_supported: current,
            support_ended_at: d.ended_at.clone(),
        }),
    }
}

async fn record(
    state: AppState,
    base: Base,
    p: String,
    v: String,
    uuid: String,
    body: Bytes,
    kind: PlacementKind,
) -> Result<Response, ApiError> {
    let body: DeploymentRequest = parse_body(&body)?;
    let instance = body.application_instance.or(body.target).unwrap_or_default();
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p]).await?;
    let pacticipant = pacticipant_or_404(tx.conn(), &p).await?;
    let version = version_or_404(tx.conn(), &pacticipant, &v).await?;
    let env = environment_or_404(tx.conn(), &uuid).await?;
    let (placement, created) = match kind {
        PlacementKind::Deployment => {
            environments::record_deployment(tx.conn(), version.id, pacticipant.id, env.id, &instance).await?
        }
        PlacementKind::Release => {
            environments::record_release(tx.conn(), version.id, pacticipant.id, env.id).await?
        }
    };
    tx.commit().await?;
    let status = created_or_ok(created);
    let mut response = hal_response(
        status,
        &render_placement(&base, kind, &placement, &pacticipant, &version, &env),
    );
    if let Ok(location) = base.placement(path_of(kind), &placement.uuid).parse() {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

async fn record_deployment(
    State(state): State<AppState>,
    base: Base,
    Path((p, v, uuid)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    record(state, base, p, v, uuid, body, PlacementKind::Deployment).await
}

async fn record_release(
    State(state): State<AppState>,
    base: Base,
    Path((p, v, uuid)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    record(state, base, p, v, uuid, body, PlacementKind::Release).await
}

async fn load(
    conn: &mut sqlx::AnyConnection,
    kind: PlacementKind,
    uuid: &str,
) -> Result<(Placement, Pacticipant, Version, Environment), ApiError> {
    let placement = environments::find_placement(conn, kind, uuid)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No {} with UUID '{uuid}' found", path_of(kind))))?;
    let version = versions::find_by_ids(conn, &[placement.version_id])
        .await?
        .pop()
        .ok_or(sqlx::Error::RowNotFound)?;
    let pacticipant = pacticipants::find_by_ids(conn, &[version.pacticipant_id])
        .await?
        .pop()
        .ok_or(sqlx::Error::RowNotFound)?;
    let env = environments::find_by_ids(conn, &[placement.environment_id])
        .await?
        .pop()
        .ok_or(sqlx::Error::RowNotFound)?;
    Ok((placement, pacticipant, version, env))
}

async fn show(state: AppState, base: Base, uuid: String, kind: PlacementKind) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (d, p, v, e) = load(&mut conn, kind, &uuid).await?;
    Ok(ok_typed(&render_placement(&base, kind, &d, &p, &v, &e)))
}

async fn show_deployment(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    show(state, base, uuid, PlacementKind::Deployment).await
}

async fn show_release(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    show(state, base, uuid, PlacementKind::Release).await
}

async fn end(
    state: AppState,
    base: Base,
    uuid: String,
    body: Bytes,
    kind: PlacementKind,
) -> Result<Response, ApiError> {
    let body: Value = parse_body(&body)?;
    let field = match kind {
        PlacementKind::Deployment => "currentlyDeployed",
        PlacementKind::Release => "currentlySupported",
    };
    let wanted = body.get(field).and_then(Value::as_bool);
    let mut tx = state.store.begin_write().await?;
    let (d, p, v, e) = load(tx.conn(), kind, &uuid).await?;
    match wanted {
        Some(false) => environments::end_placement(tx.conn(), kind, d.id).await?,
        Some(true) if d.current == 1 => {}
        Some(true) => {
            return Err(ApiError::Unprocessable(vec![(
                field.to_string(),
                format!("{field} cannot be set back to true"),
            )]));
        }
        None => {}
    }
    let (d, p, v, e) = if wanted == Some(false) {
        load(tx.conn(), kind, &uuid).await?
    } else {
        (d, p, v, e)
    };
    tx.commit().await?;
    Ok(ok_typed(&render_placement(&base, kind, &d, &p, &v, &e)))
}

async fn patch_deployment(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    end(state, base, uuid, body, PlacementKind::Deployment).await
}

async fn patch_release(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    end(state, base, uuid, body, PlacementKind::Release).await
}
