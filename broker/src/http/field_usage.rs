//! Field-level usage of a provider (`GET /pacticipants/{provider}/field-usage`): per operation and
//! field, which consumers rely on it and how, from the pacts of each consumer's main branch and
//! of the consumer versions deployed or released. Operations are named after the provider's
//! newest OpenAPI document when it published one. `?path=/users/{id}` and `?field=$.email`
//! narrow the view.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{FieldUser, InteractionField, InteractionUsage, Links, UsedField};
use pact_openapi::OpenApi;
use pact_openapi::usage::{FieldUsage, InteractionUse, UsageFilter};
use serde::Deserialize;
use sqlx::AnyConnection;

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, named_link, ok_typed, titled_link};
use crate::domain::api_evolution::{PactInUse, contract_notices, usage_of};
use crate::store::{StoreError, field_usage, pacticipants, pacts};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/pacticipants/{pacticipant}/field-usage", get(show))
}

/// The narrowing query parameters.
#[derive(Debug, Deserialize)]
struct Filter {
    path: Option<String>,
    field: Option<String>,
}

/// The pacts `provider_id`'s consumers use today, as stored.
async fn pacts_in_use(conn: &mut AnyConnection, provider_id: i64) -> Result<Vec<PactInUse>, StoreError> {
    let rows = field_usage::pacts_in_use(conn, provider_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(PactInUse {
            content: pacts::content(conn, row.pact_version_id).await?,
            consumer: row.consumer_name,
            version: row.consumer_version_number,
        });
    }
    Ok(out)
}

/// The field usage of `provider_id`, with the provider version of the OpenAPI document that
/// named its operations: the data of this resource and of the UI's field-usage page.
pub(in crate::http) async fn usage(
    conn: &mut AnyConnection,
    provider_id: i64,
) -> Result<(FieldUsage, Option<String>), StoreError> {
    let contract = field_usage::latest_contract(conn, provider_id, None).await?;
    let api = contract.as_ref().and_then(|(text, _)| OpenApi::parse(text).ok());
    let openapi_version = contract.filter(|_| api.is_some()).map(|(_, version)| version);
    let in_use = pacts_in_use(conn, provider_id).await?;
    Ok((usage_of(api.as_ref(), &in_use), openapi_version))
}

async fn show(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
    Query(filter): Query<Filter>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipants::find(&mut conn, &provider)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No pacticipant with name '{provider}'")))?;
    let (usage, openapi_version) = usage(&mut conn, p.id).await?;
    let filter = UsageFilter {
        path: filter.path,
        field: filter.field,
    };
    let fields = usage
        .by_field(&filter)
        .into_iter()
        .map(|f| UsedField {
            operation: f.operation,
            status: f.status,
            part: f.part.as_str().to_string(),
            path: f.path,
            used_by: f
                .users
                .into_iter()
                .map(|(consumer, consumer_version, interaction, matcher)| FieldUser {
                    consumer,
                    consumer_version,
                    interaction,
                    matcher,
                })
                .collect(),
        })
        .collect();
    let url = format!("{}/field-usage", base.pacticipant(&p.name));
    Ok(ok_typed(&pact_broker_api::FieldUsage {
        provider: p.name.clone(),
        openapi_provider_version: openapi_version,
        fields,
        interactions: usage.interactions.iter().map(interaction_usage).collect(),
        links: Links::new()
            .with("self", titled_link(url, "Field-level usage"))
            .with(
                "pb:pacticipant",
                named_link(base.pacticipant(&p.name), "Pacticipant", p.name.clone()),
            ),
    }))
}

/// An interaction in use as the wire writes it.
fn interaction_usage(i: &InteractionUse) -> InteractionUsage {
    InteractionUsage {
        consumer: i.consumer.clone(),
        consumer_version: i.consumer_version.clone(),
        interaction: i.interaction.clone(),
        method: i.method.clone(),
        request_path: i.request_path.clone(),
        operation: i.operation.clone(),
        status: i.status,
        fields: i
            .fields
            .iter()
            .map(|f| InteractionField {
                part: f.part.as_str().to_string(),
                path: f.path.clone(),
                matcher: f.matcher.clone(),
            })
            .collect(),
    }
}

/// What `provider_id`'s consumers rely on today, for placing on the operations of an older
/// OpenAPI document (operations are left unnamed: the impact report places each interaction on
/// the old document itself). The usage behind the publish notices and the UI's impact page.
pub(in crate::http) async fn usage_for_impact(
    conn: &mut AnyConnection,
    provider_id: i64,
) -> Result<FieldUsage, StoreError> {
    Ok(usage_of(None, &pacts_in_use(conn, provider_id).await?))
}

/// The publish notices of a provider's new OpenAPI document `new_text` for `version_id`: its
/// changes since the provider's previous document, each breaking one with the consumers it
/// breaks (see [`contract_notices`]).
pub(super) async fn contract_change_notices(
    conn: &mut AnyConnection,
    provider_id: i64,
    version_id: i64,
    new_text: &str,
) -> Result<Vec<pact_broker_api::Notice>, ApiError> {
    let Some((old_text, old_version)) =
        field_usage::latest_contract(conn, provider_id, Some(version_id)).await?
    else {
        return Ok(Vec::new());
    };
    let usage = usage_for_impact(conn, provider_id).await?;
    let notices = contract_notices(Some((&old_text, &old_version)), new_text, &usage);
    Ok(notices
        .into_iter()
        .map(|(kind, text)| pact_broker_api::Notice::of_type(kind, text))
        .collect())
}
