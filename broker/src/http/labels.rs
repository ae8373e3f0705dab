//! Pacticipant labels: `GET/PUT/DELETE /pacticipants/{p}/labels/{label}` (the Pact Broker's
//! `Label` resource and `LabelDecorator`) and `GET /pacticipants/label/{label}`
//! (`PacticipantsForLabel`).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{
    Label as WireLabel, LabelList, LabelListEmbedded, LabelListLinks, LabelName, Links, TitleFirstLink,
};

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, hal_response, named_link, no_content, ok_typed};
use super::pacticipants::{collection, label_url};
use super::versions::pacticipant_or_404;
use crate::store::labels::{self, Label};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/pacticipants/{pacticipant}/labels/{label}",
            get(show).put(add).delete(remove),
        )
        .route("/pacticipants/label/{label}", get(with_label))
        .route("/labels", get(all_labels))
}

/// A label as `LabelDecorator` renders it.
fn render(base: &Base, pacticipant: &str, label: &Label) -> WireLabel {
    WireLabel {
        name: label.name.clone(),
        created_at: Some(label.created_at.clone()),
        updated_at: Some(label.updated_at.clone()),
        links: Links::new()
            .with(
                "self",
                named_link(
                    label_url(base, pacticipant, &label.name),
                    "Label",
                    label.name.clone(),
                ),
            )
            .with(
                "pacticipant",
                named_link(base.pacticipant(pacticipant), "Pacticipant", pacticipant),
            ),
    }
}

fn valid_label(label: &str) -> Result<(), ApiError> {
    if label.trim().is_empty() {
        return Err(ApiError::invalid("label", "cannot be blank"));
    }
    Ok(())
}

async fn show(
    State(state): State<AppState>,
    base: Base,
    Path((pacticipant, label)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipant_or_404(&mut conn, &pacticipant).await?;
    let found = labels::find(&mut conn, p.id, &label).await?.ok_or_else(|| {
        ApiError::not_found(format!("No label '{label}' found for pacticipant '{}'", p.name))
    })?;
    Ok(ok_typed(&render(&base, &p.name, &found)))
}

/// `PUT`: 201 with a `Location` when the label is new, 200 when the pacticipant already had it.
async fn add(
    State(state): State<AppState>,
    base: Base,
    Path((pacticipant, label)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    valid_label(&label)?;
    let mut tx = state.store.begin_write().await?;
    let p = pacticipant_or_404(tx.conn(), &pacticipant).await?;
    let (stored, created) = labels::add(tx.conn(), p.id, &label).await?;
    tx.commit().await?;
    let body = render(&base, &p.name, &stored);
    if !created {
        return Ok(ok_typed(&body));
    }
    let mut response = hal_response(StatusCode::CREATED, &body);
    if let Ok(location) = label_url(&base, &p.name, &stored.name).parse() {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

async fn remove(
    State(state): State<AppState>,
    Path((pacticipant, label)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    let p = pacticipant_or_404(tx.conn(), &pacticipant).await?;
    if !labels::remove(tx.conn(), p.id, &label).await? {
        return Err(ApiError::not_found(format!(
            "No label '{label}' found for pacticipant '{}'",
            p.name
        )));
    }
    tx.commit().await?;
    Ok(no_content())
}

async fn with_label(
    State(state): State<AppState>,
    base: Base,
    Path(label): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let found = labels::pacticipants_with(&mut conn, &label).await?;
    let links = pact_broker_api::Links::new().with(
        "self",
        pact_broker_api::Link::new(format!(
            "{}/pacticipants/label/{}",
            base.0,
            super::hal::enc(&label)
        )),
    );
    Ok(super::hal::ok_typed(
        &collection(&mut conn, &base, &found, links, false).await?,
    ))
}

/// `GET /labels`: every label in use, once each (the Pact Broker's `Labels` resource).
async fn all_labels(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let names = labels::distinct_names(&mut conn).await?;
    Ok(ok_typed(&LabelList {
        embedded: LabelListEmbedded {
            labels: names.into_iter().map(|name| LabelName { name }).collect(),
        },
        // The Pact Broker writes this one link title first.
        links: LabelListLinks {
            this: TitleFirstLink::new("Labels", format!("{}/labels", base.0)),
        },
    }))
}
