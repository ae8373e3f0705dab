//! Bi-directional contracts over HTTP: a provider publishes its OpenAPI document with its own test
//! result (`PUT /contracts/provider/{provider}/version/{version}`, or PactFlow's newer
//! `POST /provider-contracts/provider/{provider}/publish`), the broker checks the consumers'
//! pacts against it and records each outcome as a verification result of type `bidirectional`.
//! A consumer publishing a pact gets it checked against the provider's relevant contracts too
//! ([`on_pact_published`]), so the loop works in either order.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use pact_broker_api::{
    Link, Links, ProviderContract as WireContract, ProviderContractEmbedded, ProviderContractPublished,
    SelfVerificationResults, VerifiedBy,
};
use serde::Deserialize;
use sqlx::AnyConnection;

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{Base, enc, named_link, ok_typed, titled_link};
use super::versions::render_version;
use crate::domain::bidirectional::{
    CheckOutcome, CrossCheck, ProviderContract, SelfVerification, VERIFIER_NAME,
};
use crate::domain::matrix::{MatrixRow, Reason, Summary};
use crate::store::pacticipants;
use crate::store::pacts::{PactRow, PublishOutcome};
use crate::store::provider_contracts::{self, NewProviderContract, ProviderContractRow};
use crate::store::verifications::NewVerification;
use crate::store::versions;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/contracts/provider/{provider}/version/{version}",
            get(get_contract).put(put_contract),
        )
        .route(
            "/provider-contracts/provider/{provider}/publish",
            post(post_contract),
        )
}

/// The branch names taken as the provider's main branch when none is configured (as for pacts).
const MAIN_BRANCH_CANDIDATES: [&str; 3] = ["develop", "main", "master"];

/// The self-test results as PactFlow names them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SelfResults {
    success: Option<bool>,
    content: Option<String>,
    content_type: Option<String>,
    verifier: Option<String>,
    verifier_version: Option<String>,
}

/// `PUT /contracts/provider/{p}/version/{v}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutBody {
    content: Option<String>,
    contract_type: Option<String>,
    content_type: Option<String>,
    verification_results: Option<SelfResults>,
    branch: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    build_url: Option<String>,
}

/// The `contract` of `POST /provider-contracts/provider/{p}/publish`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostContract {
    content: Option<String>,
    content_type: Option<String>,
    specification: Option<String>,
    self_verification_results: Option<SelfResults>,
}

/// `POST /provider-contracts/provider/{p}/publish`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostBody {
    pacticipant_version_number: Option<String>,
    branch: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    build_url: Option<String>,
    contract: Option<PostContract>,
}

/// A publication, validated.
#[derive(Debug)]
struct Publication {
    provider: String,
    version: String,
    branch: Option<String>,
    tags: Vec<String>,
    build_url: Option<String>,
    content: String,
    content_type: String,
    self_verification: SelfVerification,
    contract: ProviderContract,
}

fn decode(field: &str, text: &str, errors: &mut Vec<(String, String)>) -> Option<String> {
    let decoded = STANDARD
        .decode(text.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    if decoded.is_none() {
        errors.push((field.into(), "is not valid base64 of UTF-8 text".into()));
    }
    decoded
}

#[allow(clippy::too_many_arguments)]
fn validate(
    prefix: &str,
    provider: String,
    version: Option<String>,
    branch: Option<String>,
    tags: Vec<String>,
    build_url: Option<String>,
    content: Option<String>,
    specification: Option<String>,
    content_type: Option<String>,
    results: Option<SelfResults>,
) -> Result<Publication, ApiError> {
    let mut errors = Vec::new();
    let version = version.unwrap_or_default();
    if version.trim().is_empty() {
        errors.push(("pacticipantVersionNumber".to_string(), "is missing".to_string()));
    }
    if branch.as_deref().is_some_and(|b| b.trim().is_empty()) {
        errors.push(("branch".into(), "cannot be blank".into()));
    }
    if tags.iter().any(|t| t.trim().is_empty()) {
        errors.push(("tags".into(), "cannot contain blank tags".into()));
    }
    let spec_field = if prefix.is_empty() {
        "contractType"
    } else {
        "contract.specification"
    };
    match specification.as_deref() {
        Some(s) if s.eq_ignore_ascii_case("oas") || s.eq_ignore_ascii_case("openapi") => {}
        Some(_) => errors.push((spec_field.into(), "must be 'oas' (an OpenAPI document)".into())),
        None => errors.push((spec_field.into(), "is missing".into())),
    }
    let content_type = content_type.unwrap_or_default();
    if !(content_type.contains("yaml") || content_type.contains("yml") || content_type.contains("json")) {
        errors.push((
            format!("{prefix}contentType"),
            "must be application/yaml or application/json".into(),
        ));
    }
    let content = match content {
        Some(text) => decode(&format!("{prefix}content"), &text, &mut errors),
        None => {
            errors.push((format!("{prefix}content"), "is missing".into()));
            None
        }
    };
    let results = results.unwrap_or_default();
    let self_content = match &results.content {
        Some(text) => decode("selfVerificationResults.content", text, &mut errors),
        None => None,
    };
    let self_verification = SelfVerification {
        success: results.success == Some(true),
        content: self_content,
        content_type: results.content_type,
        verifier: results.verifier,
        verifier_version: results.verifier_version,
    };
    let contract = content.as_deref().and_then(|text| {
        ProviderContract::parse(text, self_verification.clone())
            .map_err(|e| {
                errors.push((
                    format!("{prefix}content"),
                    format!("is not a usable OpenAPI document: {e}"),
                ))
            })
            .ok()
    });
    match (errors.is_empty(), content, contract) {
        (true, Some(content), Some(contract)) => Ok(Publication {
            provider,
            version,
            branch,
            tags,
            build_url,
            content,
            content_type,
            self_verification,
            contract,
        }),
        _ => Err(ApiError::Invalid(errors)),
    }
}

async fn put_contract(
    State(state): State<AppState>,
    base: Base,
    Path((provider, version)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: PutBody = parse_body(&body)?;
    let publication = validate(
        "",
        provider,
        Some(version),
        body.branch,
        body.tags,
        body.build_url,
        body.content,
        body.contract_type,
        body.content_type,
        body.verification_results,
    )?;
    publish(state, base, publication).await
}

async fn post_contract(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: PostBody = parse_body(&body)?;
    let Some(contract) = body.contract else {
        return Err(ApiError::invalid("contract", "is missing"));
    };
    let publication = validate(
        "contract.",
        provider,
        body.pacticipant_version_number,
        body.branch,
        body.tags,
        body.build_url,
        contract.content,
        contract.specification,
        contract.content_type,
        contract.self_verification_results,
    )?;
    publish(state, base, publication).await
}

fn notice(kind: &str, text: impl Into<String>) -> pact_broker_api::Notice {
    pact_broker_api::Notice::of_type(kind, text)
}

fn contract_url(base: &Base, provider: &str, version: &str) -> String {
    format!(
        "{}/contracts/provider/{}/version/{}",
        base.0,
        enc(provider),
        enc(version)
    )
}

async fn publish(state: AppState, base: Base, p: Publication) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p.provider]).await?;
    let (provider, _) = pacticipants::find_or_create(tx.conn(), &p.provider).await?;
    let (version, _) =
        versions::find_or_create(tx.conn(), provider.id, &p.version, p.build_url.as_deref()).await?;
    if let Some(branch) = &p.branch {
        versions::add_to_branch(tx.conn(), &version, branch).await?;
        if MAIN_BRANCH_CANDIDATES.contains(&branch.as_str()) {
            pacticipants::set_main_branch_if_unset(tx.conn(), provider.id, branch).await?;
        }
    }
    for tag in &p.tags {
        versions::add_tag(tx.conn(), &version, tag).await?;
    }
    let sv = &p.self_verification;
    let (stored, created) = provider_contracts::upsert(
        tx.conn(),
        &NewProviderContract {
            provider_id: provider.id,
            provider_version_id: version.id,
            specification: "oas",
            content_type: &p.content_type,
            content: &p.content,
            self_verified: sv.success,
            self_verification_content: sv.content.as_deref(),
            self_verification_content_type: sv.content_type.as_deref(),
            self_verifier: sv.verifier.as_deref(),
            self_verifier_version: sv.verifier_version.as_deref(),
            build_url: p.build_url.as_deref(),
        },
    )
    .await?;
    let mut notices = vec![notice(
        "success",
        format!(
            "{} provider contract for {} version {}",
            if created {
                "Successfully published"
            } else {
                "Successfully replaced the"
            },
            provider.name,
            version.number
        ),
    )];
    if !sv.success {
        notices.push(notice(
            "warning",
            format!(
                "The provider's own test of this OpenAPI document {}: no pact can be verified by it",
                if p.self_verification.verifier.is_some() || p.self_verification.content.is_some() {
                    "failed"
                } else {
                    "was not published"
                }
            ),
        ));
    }
    let pacts = provider_contracts::pacts_to_check(tx.conn(), provider.id).await?;
    let mut compatible: usize = 0;
    let mut incompatible: usize = 0;
    for pact in &pacts {
        let content = crate::store::pacts::content(tx.conn(), pact.pact_version_id).await?;
        let CrossCheck::Checked(outcome) = p.contract.check(&content) else {
            continue;
        };
        record(tx.conn(), pact, &stored, &outcome).await?;
        let who = format!(
            "the pact of {} version {}",
            pact.consumer_name, pact.consumer_version_number
        );
        if outcome.success {
            compatible = compatible.saturating_add(1);
            notices.push(notice("info", format!("  Compatible with {who}")));
        } else {
            incompatible = incompatible.saturating_add(1);
            notices.push(notice(
                "warning",
                format!(
                    "  This OpenAPI document would break {who}: {}",
                    outcome.reasons.join("; ")
                ),
            ));
        }
    }
    notices.push(notice(
        if incompatible > 0 { "warning" } else { "info" },
        format!(
            "Checked {} consumer pact(s) against this OpenAPI document: {compatible} compatible, {incompatible} not",
            compatible.saturating_add(incompatible)
        ),
    ));
    notices.extend(
        super::field_usage::contract_change_notices(tx.conn(), provider.id, version.id, &p.content).await?,
    );
    let version_body = render_version(tx.conn(), &base, &provider, &version).await?;
    tx.commit().await?;
    let tag_links: Vec<Link> = p
        .tags
        .iter()
        .map(|t| named_link(base.tag(&provider.name, &version.number, t), "Tag", t.clone()))
        .collect();
    let mut links = Links::new()
        .with(
            "self",
            titled_link(
                contract_url(&base, &provider.name, &version.number),
                "Provider contract",
            ),
        )
        .with(
            "pb:pacticipant",
            named_link(
                base.pacticipant(&provider.name),
                "Pacticipant",
                provider.name.clone(),
            ),
        )
        .with(
            "pb:pacticipant-version",
            named_link(
                base.version(&provider.name, &version.number),
                "Pacticipant version",
                version.number.clone(),
            ),
        )
        .with_many("pb:pacticipant-version-tags", tag_links);
    if let Some(branch) = &p.branch {
        links.set(
            "pb:branch-version",
            named_link(
                base.branch_version(&provider.name, branch, &version.number),
                "Branch version",
                branch.clone(),
            ),
        );
    }
    Ok(ok_typed(&ProviderContractPublished {
        notices,
        embedded: ProviderContractEmbedded {
            version: version_body,
        },
        links,
    }))
}

/// Records one check as a verification result of the contract's provider version.
async fn record(
    conn: &mut AnyConnection,
    pact: &PactRow,
    contract: &ProviderContractRow,
    outcome: &CheckOutcome,
) -> Result<(), ApiError> {
    let verified_by = VerifiedBy::new(VERIFIER_NAME, env!("CARGO_PKG_VERSION"))
        .with_provider_contract_sha(contract.sha.clone());
    // Two strings and a SHA always serialise; `None` (no `verifiedBy`) would only mark a bug.
    let verified_by = serde_json::to_string(&verified_by).ok();
    provider_contracts::record_result(
        conn,
        &NewVerification {
            pact_version_id: pact.pact_version_id,
            consumer_id: pact.consumer_id,
            provider_id: pact.provider_id,
            provider_version_id: contract.provider_version_id,
            success: outcome.success,
            build_url: contract.build_url.as_deref(),
            test_results: Some(outcome.test_results.to_string()),
            verified_by,
        },
    )
    .await?;
    Ok(())
}

async fn get_contract(
    State(state): State<AppState>,
    base: Base,
    Path((provider, version)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let missing = || {
        ApiError::not_found(format!(
            "No provider contract found for {provider} version {version}"
        ))
    };
    let p = pacticipants::find(&mut conn, &provider)
        .await?
        .ok_or_else(missing)?;
    let v = versions::find(&mut conn, p.id, &version)
        .await?
        .ok_or_else(missing)?;
    let row = provider_contracts::find(&mut conn, v.id)
        .await?
        .ok_or_else(missing)?;
    let links = Links::new()
        .with(
            "self",
            titled_link(
                contract_url(&base, &p.name, &row.provider_version_number),
                "Provider contract",
            ),
        )
        .with(
            "pb:pacticipant-version",
            named_link(
                base.version(&p.name, &row.provider_version_number),
                "Pacticipant version",
                row.provider_version_number.clone(),
            ),
        );
    Ok(ok_typed(&WireContract {
        provider_name: p.name,
        provider_version_number: row.provider_version_number,
        specification: row.specification,
        content_type: row.content_type,
        content: row.content,
        sha: row.sha,
        self_verification_results: SelfVerificationResults {
            success: row.self_verified == 1,
            content: row.self_verification_content,
            content_type: row.self_verification_content_type,
            verifier: row.self_verifier,
            verifier_version: row.self_verifier_version,
        },
        build_url: row.build_url,
        created_at: Some(row.created_at),
        updated_at: Some(row.updated_at),
        links,
    }))
}

/// What the publish handlers call after storing a consumer's pact (inside their transaction):
/// the notices saying what changed since the previous version of the pact, and the pact checked
/// against the provider's relevant contracts (deployed or released versions, the newest on its
/// main branch, the newest of all), each outcome recorded as a `bidirectional` verification
/// result. Nothing is done for a republication of the same content. `content` is the pact's text
/// as just stored.
pub(super) async fn on_pact_published(
    conn: &mut AnyConnection,
    row: &PactRow,
    outcome: PublishOutcome,
    content: &str,
) -> Result<Vec<pact_broker_api::Notice>, ApiError> {
    if outcome == PublishOutcome::Unchanged {
        return Ok(Vec::new());
    }
    let mut notices = super::pact_diff::change_notices(conn, row, content).await?;
    let contracts = provider_contracts::relevant_for_new_pact(conn, row.provider_id).await?;
    if contracts.is_empty() {
        return Ok(notices);
    }
    for stored in &contracts {
        let self_verification = SelfVerification {
            success: stored.self_verified == 1,
            content: None,
            content_type: stored.self_verification_content_type.clone(),
            verifier: stored.self_verifier.clone(),
            verifier_version: stored.self_verifier_version.clone(),
        };
        let Ok(contract) = ProviderContract::parse(&stored.content, self_verification) else {
            continue;
        };
        let CrossCheck::Checked(outcome) = contract.check(content) else {
            continue;
        };
        record(conn, row, stored, &outcome).await?;
        let whose = format!(
            "the OpenAPI document of {} version {}",
            row.provider_name, stored.provider_version_number
        );
        notices.push(if outcome.success {
            notice("info", format!("  The pact is compatible with {whose}"))
        } else {
            notice(
                "warning",
                format!(
                    "  The pact is not compatible with {whose}: {}",
                    outcome.reasons.join("; ")
                ),
            )
        });
    }
    Ok(notices)
}

/// Adds to a can-i-deploy summary why each failed bi-directional result among `rows` failed (the
/// failures of the static check: interaction, part, JSON path, reason, schema location).
pub(super) async fn explain_failures(
    conn: &mut AnyConnection,
    rows: &[MatrixRow],
    summary: &mut Summary,
) -> Result<(), ApiError> {
    let failed: Vec<&MatrixRow> = rows
        .iter()
        .filter(|r| !r.ignored && r.verification.as_ref().is_some_and(|v| !v.success))
        .collect();
    let ids: Vec<i64> = failed
        .iter()
        .filter_map(|r| r.verification.as_ref().map(|v| v.id))
        .collect();
    for (id, results) in provider_contracts::failed_checks(conn, &ids).await? {
        let reasons = crate::domain::bidirectional::reasons_of(&results);
        let Some(row) = failed
            .iter()
            .find(|r| r.verification.as_ref().is_some_and(|v| v.id == id))
        else {
            continue;
        };
        let Some(verification) = &row.verification else {
            continue;
        };
        let text = format!(
            "The bi-directional check of the pact between version {} of {} and the OpenAPI document of version {} of {} failed: {}",
            row.pact.consumer_version.1,
            row.pact.consumer.1,
            verification.provider_version.1,
            row.pact.provider.1,
            reasons.join("; ")
        );
        if !summary.reasons.iter().any(|r| r.text == text) {
            summary.reasons.push(Reason { kind: "error", text });
        }
    }
    Ok(())
}
