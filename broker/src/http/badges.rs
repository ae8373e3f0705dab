//! Badges drawn locally as SVG: pact verification status and can-i-deploy status.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::error::ApiError;
use super::hal::Base;
use crate::domain::badge::{BadgeStatus, render};
use crate::domain::matrix_query::{DEFAULT_LIMIT, LatestBy, MatrixQuery, MatrixSelector, Target};
use crate::store::pacticipants;
use crate::store::pacts::{self, LatestScope};
use crate::store::verifications;

pub(super) fn routes() -> Router<AppState> {
    let one = "/pacts/provider/{provider}/consumer/{consumer}";
    let mut router = Router::new();
    for suffix in ["badge", "badge.svg"] {
        router = router
            .route(&format!("{one}/latest/{suffix}"), get(latest_badge))
            .route(&format!("{one}/latest-untagged/{suffix}"), get(untagged_badge))
            .route(&format!("{one}/latest/{{tag}}/{suffix}"), get(tagged_badge))
            .route(
                &format!("/pacticipants/{{pacticipant}}/branches/{{branch}}/latest-version/can-i-deploy/to-environment/{{environment}}/{suffix}"),
                get(branch_can_i_deploy_badge),
            )
            .route(
                &format!("/pacticipants/{{pacticipant}}/latest-version/{{tag}}/can-i-deploy/to/{{to}}/{suffix}"),
                get(tag_can_i_deploy_badge),
            )
            .route(
                &format!("/matrix/provider/{{provider}}/latest/{{provider_tag}}/consumer/{{consumer}}/latest/{{tag}}/{suffix}"),
                get(matrix_tag_badge),
            );
    }
    router
        .route(
            "/pacticipants/{pacticipant}/main-branch/can-i-merge/badge",
            get(can_i_merge_badge),
        )
        // The JSON forms of the can-i-deploy sugar (the Pact Broker's
        // `CanIDeployPacticipantVersionByTagToTag` / `…ByBranchToEnvironment`): the matrix reply.
        .route(
            "/pacticipants/{pacticipant}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}",
            get(branch_can_i_deploy),
        )
        .route(
            "/pacticipants/{pacticipant}/latest-version/{tag}/can-i-deploy/to/{to}",
            get(tag_can_i_deploy),
        )
}

fn query_for(selector: MatrixSelector, target: Target) -> MatrixQuery {
    MatrixQuery {
        selectors: vec![selector],
        ignore: Vec::new(),
        latest_by: Some(LatestBy::Cvpv),
        target,
        limit: DEFAULT_LIMIT,
    }
}

fn latest_on_branch(p: &str, branch: String) -> MatrixSelector {
    MatrixSelector {
        pacticipant: p.to_string(),
        branch: Some(branch),
        latest: true,
        ..MatrixSelector::default()
    }
}

fn latest_with_tag(p: &str, tag: String) -> MatrixSelector {
    MatrixSelector {
        pacticipant: p.to_string(),
        tag: Some(tag),
        latest: true,
        ..MatrixSelector::default()
    }
}

async fn branch_can_i_deploy(
    State(s): State<AppState>,
    base: Base,
    Path((p, b, e)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let query = query_for(latest_on_branch(&p, b), Target::Environment(e));
    super::matrix::answer(s, base, query).await
}

async fn tag_can_i_deploy(
    State(s): State<AppState>,
    base: Base,
    Path((p, t, to)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let query = query_for(latest_with_tag(&p, t), Target::Tag(to));
    super::matrix::answer(s, base, query).await
}

/// `/pacticipants/{p}/main-branch/can-i-merge/badge`: whether the head of the pacticipant's main
/// branch is compatible with the main-branch heads of its integrations.
async fn can_i_merge_badge(State(s): State<AppState>, Path(p): Path<String>) -> Result<Response, ApiError> {
    let selector = MatrixSelector {
        pacticipant: p.clone(),
        main_branch: true,
        latest: true,
        ..MatrixSelector::default()
    };
    can_i_deploy_badge(s, format!("can-i-merge {p}"), selector, Target::MainBranch).await
}

fn svg(label: &str, status: BadgeStatus) -> Response {
    let mut response = render(label, status).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn pact_badge(
    state: AppState,
    provider: String,
    consumer: String,
    scope: LatestScope,
) -> Result<Response, ApiError> {
    let label = format!("{consumer}/{provider} pact");
    let mut conn = state.store.read().await?;
    let (Some(p), Some(c)) = (
        pacticipants::find(&mut conn, &provider).await?,
        pacticipants::find(&mut conn, &consumer).await?,
    ) else {
        return Ok(svg(&label, BadgeStatus::Unknown));
    };
    let Some(row) = pacts::latest_per_consumer(&mut conn, Some(p.id), Some(c.id), &scope)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(svg(&label, BadgeStatus::Unknown));
    };
    let status = match verifications::latest_for_pact_version(&mut conn, row.pact_version_id).await? {
        Some(v) if v.success == 1 => BadgeStatus::Verified,
        Some(_) => BadgeStatus::Failed,
        None => BadgeStatus::Unknown,
    };
    Ok(svg(&label, status))
}

async fn latest_badge(
    State(s): State<AppState>,
    Path((p, c)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    pact_badge(s, p, c, LatestScope::Any).await
}

async fn untagged_badge(
    State(s): State<AppState>,
    Path((p, c)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    pact_badge(s, p, c, LatestScope::Untagged).await
}

async fn tagged_badge(
    State(s): State<AppState>,
    Path((p, c, t)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    pact_badge(s, p, c, LatestScope::Tag(t)).await
}

/// `GET /matrix/provider/{p}/latest/{pt}/consumer/{c}/latest/{t}/badge`: the status of the
/// verification of the latest consumer version tagged `t` by the latest provider version tagged
/// `pt` (the Pact Broker's `MatrixBadge`): verified, failed, or unknown when that pair has no
/// verification (or either side is unknown).
async fn matrix_tag_badge(
    State(s): State<AppState>,
    Path((provider, provider_tag, consumer, tag)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let label = format!("{consumer}/{provider} pact");
    let query = MatrixQuery {
        selectors: vec![
            latest_with_tag(&consumer, tag),
            latest_with_tag(&provider, provider_tag),
        ],
        ignore: Vec::new(),
        latest_by: Some(LatestBy::Cvpv),
        target: Target::Everything,
        limit: DEFAULT_LIMIT,
    };
    let mut conn = s.store.read().await?;
    let rows = match super::matrix::evaluate(&mut conn, &query).await {
        Ok((rows, _)) => rows,
        Err(ApiError::Invalid(_) | ApiError::InvalidMessages(_)) => Vec::new(),
        Err(other) => return Err(other),
    };
    let status = rows
        .iter()
        .filter(|row| row.pact.consumer.1 == consumer && row.pact.provider.1 == provider)
        .find_map(|row| row.verification.as_ref())
        .map_or(BadgeStatus::Unknown, |v| {
            if v.success {
                BadgeStatus::Verified
            } else {
                BadgeStatus::Failed
            }
        });
    Ok(svg(&label, status))
}

async fn can_i_deploy_badge(
    state: AppState,
    label: String,
    selector: MatrixSelector,
    target: Target,
) -> Result<Response, ApiError> {
    let query = query_for(selector, target);
    let mut conn = state.store.read().await?;
    let status = match super::matrix::evaluate(&mut conn, &query).await {
        Ok((_, summary)) => match summary.deployable {
            Some(true) => BadgeStatus::Verified,
            Some(false) => BadgeStatus::Failed,
            None => BadgeStatus::Unknown,
        },
        Err(ApiError::Invalid(_) | ApiError::InvalidMessages(_)) => BadgeStatus::Unknown,
        Err(other) => return Err(other),
    };
    Ok(svg(&label, status))
}

async fn branch_can_i_deploy_badge(
    State(s): State<AppState>,
    Path((p, b, e)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let selector = latest_on_branch(&p, b);
    can_i_deploy_badge(
        s,
        format!("can-i-deploy {p} to {e}"),
        selector,
        Target::Environment(e),
    )
    .await
}

async fn tag_can_i_deploy_badge(
    State(s): State<AppState>,
    Path((p, t, to)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let selector = latest_with_tag(&p, t);
    can_i_deploy_badge(s, format!("can-i-deploy {p} to {to}"), selector, Target::Tag(to)).await
}
