//! `GET /matrix` and `GET /can-i-deploy`: rows of pacts and results, and the tri-state decision.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{
    Link, Links, Matrix, MatrixEnvironment, MatrixPact, MatrixPacticipant, MatrixSummary, MatrixVerification,
    MatrixVersion, NamedLink, Notice,
};
use sqlx::AnyConnection;

use super::AppState;
use super::error::ApiError;
use super::hal::{Base, ok_typed};
use crate::domain::matrix::{MatrixRow, Summary, build_rows, decide};
use crate::domain::matrix_query::{MatrixQuery, parse_can_i_deploy, parse_matrix};
use crate::store::environments::{self, PlacementKind};
use crate::store::matrix::{MatrixProblem, load};
use crate::store::{verifications, versions};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/matrix", get(matrix))
        .route("/can-i-deploy", get(can_i_deploy))
        .route(
            "/matrix/provider/{provider}/consumer/{consumer}",
            get(matrix_for_pair),
        )
}

/// `GET /matrix/provider/{p}/consumer/{c}`: every row between the two (the Pact Broker's
/// `MatrixForConsumerAndProvider`; browsers get the UI page for this path instead).
async fn matrix_for_pair(
    State(state): State<AppState>,
    base: Base,
    axum::extract::Path((provider, consumer)): axum::extract::Path<(String, String)>,
) -> Result<Response, ApiError> {
    let query = parse_matrix(vec![
        ("q[][pacticipant]".to_string(), consumer),
        ("q[][pacticipant]".to_string(), provider),
    ])
    .map_err(messages)?;
    answer(state, base, query).await
}

fn pairs(raw: Option<String>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

async fn matrix(
    State(state): State<AppState>,
    base: Base,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = parse_matrix(pairs(raw)).map_err(messages)?;
    answer(state, base, query).await
}

async fn can_i_deploy(
    State(state): State<AppState>,
    base: Base,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = parse_can_i_deploy(pairs(raw)).map_err(messages)?;
    answer(state, base, query).await
}

/// The matrix resources answer validation errors as a list of sentences (the Pact Broker's
/// `set_json_validation_error_messages(error_messages)` with an array): `{"errors": ["…"]}`.
fn messages(errors: Vec<(String, String)>) -> ApiError {
    ApiError::InvalidMessages(
        errors
            .into_iter()
            .map(|(field, message)| {
                if field == "q" {
                    message
                } else {
                    format!("{field} {message}")
                }
            })
            .collect(),
    )
}

/// Computes the rows and the summary for a query (shared with the badges).
pub(super) async fn evaluate(
    conn: &mut AnyConnection,
    query: &MatrixQuery,
) -> Result<(Vec<MatrixRow>, Summary), ApiError> {
    let loaded = match load(conn, query).await? {
        Ok(loaded) => loaded,
        Err(MatrixProblem::UnknownPacticipant(name)) => {
            return Err(ApiError::InvalidMessages(vec![format!(
                "Pacticipant {name} not found"
            )]));
        }
        Err(MatrixProblem::UnknownEnvironment(name)) => {
            return Err(ApiError::InvalidMessages(vec![format!(
                "Environment with name '{name}' does not exist"
            )]));
        }
    };
    let mut rows = build_rows(&loaded.data, query.latest_by, &query.ignore);
    let summary = decide(&rows, &loaded.context);
    // MatrixDecorator: the rows that count first, then the ignored ones (flagged `ignored: true`);
    // ordered before the limit applies, so a limit never drops a counted row for an ignored one.
    rows.sort_by_key(|r| r.ignored);
    rows.truncate(query.limit);
    Ok((rows, summary))
}

pub(super) async fn answer(state: AppState, base: Base, query: MatrixQuery) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (rows, mut summary) = evaluate(&mut conn, &query).await?;
    super::provider_contracts::explain_failures(&mut conn, &rows, &mut summary).await?;
    let decorations = Decorations::load(&mut conn, &rows).await?;
    let matrix: Vec<pact_broker_api::MatrixRow> =
        rows.iter().map(|r| render_row(&base, r, &decorations)).collect();
    let reason = summary
        .reasons
        .iter()
        .map(|r| r.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let summary_body = MatrixSummary {
        deployable: summary.deployable,
        reason: Some(reason),
        success: summary.success as u64,
        failed: summary.failed as u64,
        unknown: summary.unknown as u64,
        ignored: summary.ignored.map(|n| n as u64),
    };
    let notices: Vec<Notice> = summary
        .reasons
        .iter()
        .map(|r| Notice::of_type(r.kind, r.text.clone()))
        .collect();
    Ok(ok_typed(&Matrix {
        summary: summary_body,
        notices,
        matrix,
    }))
}

/// Branches, tags and environments of every version in the rows, fetched in one go.
#[derive(Debug, Default)]
struct Decorations {
    branches: HashMap<i64, Vec<String>>,
    tags: HashMap<i64, Vec<String>>,
    environments: HashMap<i64, Vec<MatrixEnvironment>>,
    /// `pact` or `bidirectional`, by verification result id.
    verification_types: HashMap<i64, String>,
}

impl Decorations {
    async fn load(conn: &mut AnyConnection, rows: &[MatrixRow]) -> Result<Decorations, ApiError> {
        let mut ids: Vec<i64> = rows
            .iter()
            .flat_map(|r| {
                std::iter::once(r.pact.consumer_version.0).chain(r.provider_version.as_ref().map(|v| v.0))
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Decorations::default();
        let result_ids: Vec<i64> = rows
            .iter()
            .filter_map(|r| r.verification.as_ref().map(|v| v.id))
            .collect();
        if !result_ids.is_empty() {
            out.verification_types = verifications::types_of(conn, &result_ids).await?;
        }
        if ids.is_empty() {
            return Ok(out);
        }
        for label in versions::branches_of(conn, &ids).await? {
            out.branches.entry(label.version_id).or_default().push(label.name);
        }
        for label in versions::tags_of(conn, &ids).await? {
            out.tags.entry(label.version_id).or_default().push(label.name);
        }
        let mut placements =
            environments::current_for_versions(conn, PlacementKind::Deployment, &ids).await?;
        placements.extend(environments::current_for_versions(conn, PlacementKind::Release, &ids).await?);
        let mut env_ids: Vec<i64> = placements.iter().map(|p| p.environment_id).collect();
        env_ids.sort_unstable();
        env_ids.dedup();
        let envs = environments::find_by_ids(conn, &env_ids).await?;
        for p in placements {
            if let Some(e) = envs.iter().find(|e| e.id == p.environment_id) {
                let list = out.environments.entry(p.version_id).or_default();
                if !list.iter().any(|v| v.uuid == e.uuid) {
                    list.push(MatrixEnvironment {
                        uuid: e.uuid.clone(),
                        name: e.name.clone(),
                        display_name: e.display_name.clone(),
                        production: e.production == 1,
                    });
                }
            }
        }
        Ok(out)
    }

    fn version(&self, base: &Base, pacticipant: &str, id: i64, number: &str) -> MatrixVersion {
        let branches = self.branches.get(&id).cloned().unwrap_or_default();
        let tags = self.tags.get(&id).cloned().unwrap_or_default();
        MatrixVersion {
            number: number.to_string(),
            branch: branches.last().cloned(),
            branches: branches
                .iter()
                .map(|b| NamedLink::new(b, base.branch(pacticipant, b)))
                .collect(),
            branch_versions: branches
                .iter()
                .map(|b| NamedLink::new(b, base.branch_version(pacticipant, b, number)))
                .collect(),
            environments: self.environments.get(&id).cloned().unwrap_or_default(),
            tags: tags
                .iter()
                .map(|t| NamedLink::new(t, base.tag(pacticipant, number, t)))
                .collect(),
            links: self_link(base.version(pacticipant, number)),
        }
    }
}

fn self_link(href: String) -> Links {
    Links::new().with("self", Link::new(href))
}

fn render_row(base: &Base, row: &MatrixRow, d: &Decorations) -> pact_broker_api::MatrixRow {
    let (c, cv) = (&row.pact.consumer.1, &row.pact.consumer_version);
    let p = &row.pact.provider.1;
    let provider_version = row
        .provider_version
        .as_ref()
        .map(|(id, number)| d.version(base, p, *id, number));
    let verification = row.verification.as_ref().map(|v| MatrixVerification {
        success: Some(v.success),
        verified_at: Some(v.verified_at.clone()),
        verification_type: Some(
            d.verification_types
                .get(&v.id)
                .map_or("pact", String::as_str)
                .to_string(),
        ),
        links: self_link(base.verification(p, c, &row.pact.sha, v.id)),
    });
    pact_broker_api::MatrixRow {
        consumer: MatrixPacticipant {
            name: c.clone(),
            links: self_link(base.pacticipant(c)),
            version: Some(d.version(base, c, cv.0, &cv.1)),
        },
        provider: MatrixPacticipant {
            name: p.clone(),
            links: self_link(base.pacticipant(p)),
            version: provider_version,
        },
        pact: MatrixPact {
            created_at: Some(row.pact.created_at.clone()),
            links: Links::new().with(
                "self",
                Link::new(base.pact(p, c, &cv.1))
                    .titled("Pact")
                    .named(format!("Pact between {c} ({}) and {p}", cv.1)),
            ),
        },
        verification_result: verification,
        ignored: row.ignored.then_some(true),
    }
}
