//! The API-evolution pages of a provider: its field usage (the data of the `pb:field-usage`
//! resource, loaded by the same function) and the impact of its API changes (the report of the
//! publish notices, `domain::api_evolution::contract_impact`).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use pact_openapi::usage::UsageFilter;
use serde::Deserialize;
use sqlx::AnyConnection;

use super::pages::finish;
use super::{PageError, html};
use crate::domain::api_evolution::contract_impact;
use crate::http::AppState;
use crate::http::field_usage::{usage, usage_for_impact};
use crate::http::hal::Base;
use crate::store::field_usage::{self as contracts, ContractVersion};
use crate::store::provider_contracts::{self, ProviderContractRow};
use crate::store::ui::{self as queries, GRAPH_EDGE_LIMIT, IntegrationFilter, PacticipantSummary};
use crate::store::versions;
use crate::ui::links::Links;
use crate::ui::pages::api_impact::{Comparison, ImpactPage};
use crate::ui::pages::field_usage::FieldUsagePage;
use crate::ui::pages::{api_impact, field_usage};

/// The most OpenAPI documents the impact page offers to choose from.
const CONTRACTS_LISTED: i64 = 200;

/// A query parameter, `None` when absent or blank (an empty form field).
fn given(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

async fn pacticipant(conn: &mut AnyConnection, name: &str) -> Result<PacticipantSummary, PageError> {
    queries::pacticipant(conn, name)
        .await?
        .ok_or_else(|| PageError::NotFound(format!("There is no pacticipant named '{name}'.")))
}

#[derive(Debug, Deserialize)]
pub(super) struct UsageQuery {
    path: Option<String>,
    field: Option<String>,
}

pub(super) async fn field_usage_page(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
    Query(query): Query<UsageQuery>,
) -> Response {
    let result = async {
        let links = Links::new(&base.0);
        let mut conn = state.store.read().await?;
        let me = pacticipant(&mut conn, &name).await?;
        let (usage, openapi_version) = usage(&mut conn, me.id).await?;
        let filter = UsageFilter {
            path: given(query.path),
            field: given(query.field),
        };
        let fields = usage.by_field(&filter);
        let integrations = IntegrationFilter {
            name_contains: None,
            pacticipant_id: Some(me.id),
        };
        let consumers = queries::integrations(&mut conn, &integrations, GRAPH_EDGE_LIMIT, 0)
            .await?
            .iter()
            .filter(|r| r.provider_id == me.id)
            .count();
        let has_contracts = !contracts::contract_versions(&mut conn, me.id, 1)
            .await?
            .is_empty();
        let page = FieldUsagePage {
            provider: &me.name,
            fields: &fields,
            interactions: usage.interactions.len(),
            consumers,
            openapi_version: openapi_version.as_deref(),
            has_contracts,
            path: filter.path.as_deref().unwrap_or(""),
            field: filter.field.as_deref().unwrap_or(""),
        };
        Ok(html(StatusCode::OK, field_usage::render(&links, &page)))
    }
    .await;
    finish(&base, result)
}

#[derive(Debug, Deserialize)]
pub(super) struct ImpactQuery {
    version: Option<String>,
    against: Option<String>,
}

/// The OpenAPI document `provider` published for its version `number`.
async fn contract_of(
    conn: &mut AnyConnection,
    provider: &PacticipantSummary,
    number: &str,
) -> Result<ProviderContractRow, PageError> {
    let missing = || {
        PageError::NotFound(format!(
            "{} has published no OpenAPI document for version '{number}'.",
            provider.name
        ))
    };
    let version = versions::find(conn, provider.id, number)
        .await?
        .ok_or_else(missing)?;
    provider_contracts::find(conn, version.id)
        .await?
        .ok_or_else(missing)
}

/// An OpenAPI document and the provider version it was published for.
#[derive(Debug)]
struct Document {
    text: String,
    version: String,
}

impl From<ProviderContractRow> for Document {
    fn from(row: ProviderContractRow) -> Self {
        Document {
            text: row.content,
            version: row.provider_version_number,
        }
    }
}

/// The two documents to compare: the chosen ones, else the newest and the one before it (the
/// newer is `None` when there is no document at all, the older when none came before).
async fn documents(
    conn: &mut AnyConnection,
    provider: &PacticipantSummary,
    listed: &[ContractVersion],
    query: ImpactQuery,
) -> Result<(Option<Document>, Option<Document>), PageError> {
    let newer = match (given(query.version), listed.first()) {
        (Some(number), _) => Some(contract_of(conn, provider, &number).await?),
        (None, Some(newest)) => provider_contracts::find(conn, newest.provider_version_id).await?,
        (None, None) => None,
    };
    let Some(newer) = newer else {
        return Ok((None, None));
    };
    let older = match given(query.against) {
        Some(number) => Some(contract_of(conn, provider, &number).await?.into()),
        None => contracts::latest_contract(conn, provider.id, Some(newer.provider_version_id))
            .await?
            .map(|(text, version)| Document { text, version }),
    };
    Ok((Some(newer.into()), older))
}

pub(super) async fn api_impact_page(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
    Query(query): Query<ImpactQuery>,
) -> Response {
    let result = async {
        let links = Links::new(&base.0);
        let mut conn = state.store.read().await?;
        let me = pacticipant(&mut conn, &name).await?;
        let listed = contracts::contract_versions(&mut conn, me.id, CONTRACTS_LISTED).await?;
        let (newer, older) = documents(&mut conn, &me, &listed, query).await?;
        let report = match (&newer, &older) {
            (Some(newer), Some(older)) => {
                let usage = usage_for_impact(&mut conn, me.id).await?;
                Some(
                    contract_impact(
                        (&older.text, &older.version),
                        (&newer.text, &newer.version),
                        &usage,
                    )
                    .map_err(|e| e.to_string()),
                )
            }
            _ => None,
        };
        let comparison = match (&newer, &older, &report) {
            (Some(newer), Some(older), Some(report)) => Comparison::Compared {
                version: &newer.version,
                against: &older.version,
                report: report.as_ref().map_err(String::as_str),
            },
            (Some(newer), _, _) => Comparison::NothingBefore(&newer.version),
            _ => Comparison::NoContracts,
        };
        let page = ImpactPage {
            provider: &me.name,
            contracts: &listed,
            comparison,
        };
        Ok(html(StatusCode::OK, api_impact::render(&links, &page)))
    }
    .await;
    finish(&base, result)
}
