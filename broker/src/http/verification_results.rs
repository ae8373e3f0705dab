//! Verification results: `POST …/pact-version/{sha}[/metadata/{m}]/verification-results` and reads.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use pact_broker_api::{
    Link, Links, ProviderSummary, PublishedVerificationResult, VerificationSummary,
    VerificationSummaryEmbedded,
};
use serde::Deserialize;
use serde_json::Value;

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{Base, hal_response, named_link, ok_typed, titled_link};
use super::pacts::pair;
use crate::store::pacts::{self, LatestScope, PactRow};
use crate::store::verifications::{self, NewVerification, Verification};
use crate::store::versions;

pub(super) fn routes() -> Router<AppState> {
    let one = "/pacts/provider/{provider}/consumer/{consumer}";
    Router::new()
        .route(
            &format!("{one}/pact-version/{{sha}}/verification-results"),
            post(publish),
        )
        .route(
            &format!("{one}/pact-version/{{sha}}/metadata/{{metadata}}/verification-results"),
            post(publish_with_metadata),
        )
        .route(
            &format!("{one}/pact-version/{{sha}}/verification-results/latest"),
            get(latest),
        )
        .route(
            &format!("{one}/pact-version/{{sha}}/verification-results/{{id}}"),
            get(show),
        )
        .route(
            &format!("{one}/pact-version/{{sha}}/metadata/{{metadata}}/verification-results/{{id}}"),
            get(show_with_metadata),
        )
        .route(
            &format!("{one}/version/{{version}}/verification-results/latest"),
            get(latest_for_version),
        )
        .route(
            &format!("{one}/latest/verification-results/latest"),
            get(latest_for_latest_pact),
        )
        .route(
            &format!("{one}/latest/{{tag}}/verification-results/latest"),
            get(latest_for_latest_tagged_pact),
        )
        .route(
            "/verification-results/consumer/{consumer}/version/{version}/latest",
            get(latest_for_consumer_version),
        )
}

/// `/verification-results/consumer/{c}/version/{v}/latest`: the newest result of each pact the
/// consumer version published, summarised as the Pact Broker's `VerificationSummaryDecorator`
/// does (`success` only when every provider verified successfully).
async fn latest_for_consumer_version(
    State(state): State<AppState>,
    base: Base,
    Path((c, number)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let consumer = super::versions::pacticipant_or_404(&mut conn, &c).await?;
    let version = versions::find(&mut conn, consumer.id, &number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No version {number} of {} found", consumer.name)))?;
    let mut pacts = pacts::for_consumer_versions(&mut conn, &[version.id]).await?;
    pacts.sort_by(|a, b| a.provider_name.cmp(&b.provider_name));
    let (mut successful, mut failed, mut unknown, mut results) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for pact in &pacts {
        match verifications::latest_for_pact_version(&mut conn, pact.pact_version_id).await? {
            Some(v) => {
                if v.success == 1 {
                    successful.push(pact.provider_name.clone());
                } else {
                    failed.push(pact.provider_name.clone());
                }
                results.push(render(&base, pact, &v, &pact.provider_name));
            }
            None => unknown.push(pact.provider_name.clone()),
        }
    }
    Ok(ok_typed(&VerificationSummary {
        success: failed.is_empty() && unknown.is_empty(),
        provider_summary: ProviderSummary {
            successful,
            failed,
            unknown,
        },
        embedded: VerificationSummaryEmbedded {
            verification_results: results,
        },
        links: Links::new().with(
            "self",
            Link::new(format!(
                "{}/verification-results/consumer/{}/version/{}/latest",
                base.0,
                super::hal::enc(&consumer.name),
                super::hal::enc(&version.number)
            )),
        ),
    }))
}

fn render(base: &Base, pact: &PactRow, v: &Verification, provider: &str) -> PublishedVerificationResult {
    let url = base.verification(&pact.provider_name, &pact.consumer_name, &pact.sha, v.id);
    let parse = |t: &Option<String>| {
        t.as_deref()
            .and_then(|t| serde_json::from_str::<Value>(t).ok())
            .unwrap_or(Value::Null)
    };
    let name = format!(
        "Verification result {} for Pact between {} ({}) and {}",
        v.id, pact.consumer_name, pact.consumer_version_number, pact.provider_name
    );
    PublishedVerificationResult {
        provider_name: provider.to_string(),
        provider_application_version: v.provider_version_number.clone(),
        success: v.success == 1,
        verification_date: Some(v.created_at.clone()),
        build_url: v.build_url.clone(),
        test_results: parse(&v.test_results),
        verified_by: parse(&v.verified_by),
        verification_type: Some(v.verification_type.clone()),
        links: Links::new()
            .with("self", named_link(url.clone(), "Verification result", name))
            .with(
                "pb:pact-version",
                titled_link(
                    base.pact_version(&pact.provider_name, &pact.consumer_name, &pact.sha),
                    "Pact",
                ),
            )
            .with(
                "pb:provider-version",
                titled_link(
                    base.version(&pact.provider_name, &v.provider_version_number),
                    "Provider version",
                ),
            )
            .with(
                "pb:triggered-webhooks",
                titled_link(
                    format!("{url}/triggered-webhooks"),
                    "Webhooks triggered by the publication of this verification result",
                ),
            ),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResultBody {
    success: Option<Value>,
    provider_application_version: Option<Value>,
    build_url: Option<String>,
    test_results: Option<Value>,
    verified_by: Option<Value>,
}

async fn publish(
    State(state): State<AppState>,
    base: Base,
    Path((p, c, sha)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    record(state, base, p, c, sha, body).await
}

async fn publish_with_metadata(
    State(state): State<AppState>,
    base: Base,
    Path((p, c, sha, _metadata)): Path<(String, String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    record(state, base, p, c, sha, body).await
}

async fn record(
    state: AppState,
    base: Base,
    p: String,
    c: String,
    sha: String,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: ResultBody = parse_body(&body)?;
    let mut errors = Vec::new();
    let success = match &body.success {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s == "true" || s == "false" => Some(s == "true"),
        _ => {
            errors.push(("success".to_string(), "must be true or false".to_string()));
            None
        }
    };
    let version = match &body.provider_application_version {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => {
            errors.push(("providerApplicationVersion".to_string(), "is missing".to_string()));
            None
        }
    };
    let (Some(success), Some(version)) = (success, version) else {
        return Err(ApiError::Invalid(errors));
    };
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&p]).await?;
    let (provider, consumer) = pair(tx.conn(), &p, &c).await?;
    let pact = pacts::by_sha(tx.conn(), provider.id, consumer.id, &sha)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No pact with content SHA {sha} found")))?;
    let (provider_version, _) = versions::find_or_create(tx.conn(), provider.id, &version, None).await?;
    let new = NewVerification {
        pact_version_id: pact.pact_version_id,
        consumer_id: consumer.id,
        provider_id: provider.id,
        provider_version_id: provider_version.id,
        success,
        build_url: body.build_url.as_deref(),
        test_results: body.test_results.as_ref().map(Value::to_string),
        verified_by: body.verified_by.as_ref().map(Value::to_string),
    };
    let (verification, _) = verifications::record(tx.conn(), &new).await?;
    let queued = crate::webhooks::events::verification_published(
        tx.conn(),
        &state.config.webhooks,
        &base.0,
        &pact,
        &verification,
    )
    .await?;
    tx.commit().await?;
    if queued > 0 {
        state.config.webhooks.doorbell.ring();
    }
    let rendered = render(&base, &pact, &verification, &provider.name);
    let mut response = hal_response(StatusCode::CREATED, &rendered);
    if let Some(location) = rendered.links.first("self").and_then(|l| l.href.parse().ok()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

async fn show(
    State(state): State<AppState>,
    base: Base,
    Path((p, c, sha, id)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found(format!("No verification result '{id}'")))?;
    let mut conn = state.store.read().await?;
    let (provider, consumer) = pair(&mut conn, &p, &c).await?;
    let pact = pacts::by_sha(&mut conn, provider.id, consumer.id, &sha)
        .await?
        .ok_or_else(|| ApiError::not_found("No pact found"))?;
    let v = verifications::find(&mut conn, id)
        .await?
        .filter(|v| v.pact_version_id == pact.pact_version_id)
        .ok_or_else(|| ApiError::not_found(format!("No verification result {id} for this pact")))?;
    Ok(ok_typed(&render(&base, &pact, &v, &provider.name)))
}

/// A verification result under a pact URL carrying selector metadata (the metadata does not
/// change which result it is).
async fn show_with_metadata(
    state: State<AppState>,
    base: Base,
    Path((p, c, sha, _metadata, id)): Path<(String, String, String, String, String)>,
) -> Result<Response, ApiError> {
    show(state, base, Path((p, c, sha, id))).await
}

async fn latest(
    State(state): State<AppState>,
    base: Base,
    Path((p, c, sha)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (provider, consumer) = pair(&mut conn, &p, &c).await?;
    let pact = pacts::by_sha(&mut conn, provider.id, consumer.id, &sha)
        .await?
        .ok_or_else(|| ApiError::not_found("No pact found"))?;
    latest_of(&mut conn, &base, &pact, &provider.name).await
}

/// The newest verification result of a pact, or 404.
async fn latest_of(
    conn: &mut sqlx::AnyConnection,
    base: &Base,
    pact: &PactRow,
    provider: &str,
) -> Result<Response, ApiError> {
    let v = verifications::latest_for_pact_version(conn, pact.pact_version_id)
        .await?
        .ok_or_else(|| ApiError::not_found("No verification results published for this pact"))?;
    Ok(ok_typed(&render(base, pact, &v, provider)))
}

/// `…/version/{v}/verification-results/latest` (the Pact Broker's `LatestVerificationForPact`).
async fn latest_for_version(
    State(state): State<AppState>,
    base: Base,
    Path((p, c, number)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (provider, consumer) = pair(&mut conn, &p, &c).await?;
    let version = versions::find(&mut conn, consumer.id, &number)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!("No pact found for version {number} of {}", consumer.name))
        })?;
    let pact = pacts::for_consumer_version(&mut conn, provider.id, version.id)
        .await?
        .ok_or_else(|| ApiError::not_found("No pact found"))?;
    latest_of(&mut conn, &base, &pact, &provider.name).await
}

async fn latest_for_scope(
    state: AppState,
    base: Base,
    p: &str,
    c: &str,
    scope: LatestScope,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (provider, consumer) = pair(&mut conn, p, c).await?;
    let pact = pacts::latest_per_consumer(&mut conn, Some(provider.id), Some(consumer.id), &scope)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found("No pact found"))?;
    latest_of(&mut conn, &base, &pact, &provider.name).await
}

/// `…/latest/verification-results/latest` (`LatestVerificationForLatestPact`).
async fn latest_for_latest_pact(
    State(state): State<AppState>,
    base: Base,
    Path((p, c)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    latest_for_scope(state, base, &p, &c, LatestScope::Any).await
}

/// `…/latest/{tag}/verification-results/latest`.
async fn latest_for_latest_tagged_pact(
    State(state): State<AppState>,
    base: Base,
    Path((p, c, tag)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    latest_for_scope(state, base, &p, &c, LatestScope::Tag(tag)).await
}
