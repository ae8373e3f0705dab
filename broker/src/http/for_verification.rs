//! `POST /pacts/provider/{p}/for-verification`: the pacts a provider should verify, chosen by
//! consumer version selectors, de-duplicated by content, with pending and WIP status.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{Link, Links, PactForVerification, PactsForVerification, VerificationProperties};
use sqlx::AnyConnection;

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{Base, ok_typed};
use crate::domain::metadata::{PactMetadata, SelectedBy};
use crate::domain::pending::{PendingBasis, verification_notices};
use crate::domain::selectors::{
    ConsumerVersionSelector, PactsForVerificationRequest, Selection, validate, wip_since_timestamp,
};
use crate::store::for_verification::{self, Chosen};
use crate::store::pacticipants::{self, Pacticipant};
use crate::store::pacts::{self, LatestScope, PactRow};
use crate::store::verifications::{self, SuccessFilter};
use crate::store::versions;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route(
        "/pacts/provider/{provider}/for-verification",
        get(get_for_verification).post(post_for_verification),
    )
}

/// One distinct pact content and every reason it was chosen.
#[derive(Debug)]
struct Entry {
    pact: PactRow,
    reasons: Vec<String>,
    short: Vec<String>,
    selected_by: Vec<SelectedBy>,
    wip: bool,
}

async fn get_for_verification(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
) -> Result<Response, ApiError> {
    answer(state, base, provider, PactsForVerificationRequest::default()).await
}

async fn post_for_verification(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: PactsForVerificationRequest = parse_body(&body)?;
    answer(state, base, provider, request).await
}

fn short_of(selection: &Selection, fallback: Option<&str>) -> String {
    match selection {
        Selection::MainBranch => "latest from main branch".to_string(),
        Selection::Branch { name, .. } => format!("latest from branch {}", fallback.unwrap_or(name)),
        Selection::MatchingBranch { .. } => "latest from matching branch".to_string(),
        Selection::Tag {
            name, latest: true, ..
        } => format!("latest with tag {}", fallback.unwrap_or(name)),
        Selection::Tag {
            name, latest: false, ..
        } => format!("one of {name}"),
        Selection::Latest => "latest".to_string(),
        Selection::Environment {
            environment: Some(env),
            ..
        } => format!("currently in {env}"),
        Selection::Environment {
            environment: None, ..
        } => "currently deployed or released".to_string(),
    }
}

fn selected_by(
    selection: &Selection,
    fallback: Option<&str>,
    provider_branch: Option<&str>,
    version: &str,
) -> SelectedBy {
    let mut s = SelectedBy {
        consumer_version: version.to_string(),
        ..SelectedBy::default()
    };
    match selection {
        Selection::MainBranch => s.latest = true,
        Selection::Branch { name, .. } => {
            s.branch = Some(fallback.unwrap_or(name).to_string());
            s.latest = true;
        }
        Selection::MatchingBranch { .. } => {
            s.branch = fallback.or(provider_branch).map(str::to_string);
            s.latest = true;
        }
        Selection::Tag { name, latest, .. } => {
            s.tag = Some(fallback.unwrap_or(name).to_string());
            s.latest = *latest;
        }
        Selection::Latest => s.latest = true,
        Selection::Environment { environment, .. } => s.environment = environment.clone(),
    }
    s
}

fn add(entries: &mut Vec<Entry>, pact: PactRow, reason: String, short: String, by: SelectedBy, wip: bool) {
    match entries
        .iter_mut()
        .find(|e| e.pact.pact_version_id == pact.pact_version_id)
    {
        Some(entry) => {
            if !entry.reasons.contains(&reason) {
                entry.reasons.push(reason);
            }
            if !entry.short.contains(&short) {
                entry.short.push(short);
            }
            entry.selected_by.push(by);
            if pact.consumer_version_id > entry.pact.consumer_version_id {
                entry.pact = pact;
            }
        }
        None => entries.push(Entry {
            pact,
            reasons: vec![reason],
            short: vec![short],
            selected_by: vec![by],
            wip,
        }),
    }
}

async fn choose(
    conn: &mut AnyConnection,
    provider: &Pacticipant,
    request: &PactsForVerificationRequest,
    selections: &[Selection],
) -> Result<Vec<Entry>, ApiError> {
    let mut entries = Vec::new();
    let branch = request.provider_version_branch.as_deref();
    if request.consumer_version_selectors.is_empty() {
        let main =
            pacts::latest_per_consumer(conn, Some(provider.id), None, &LatestScope::MainBranch).await?;
        let latest = pacts::latest_per_consumer(conn, Some(provider.id), None, &LatestScope::Any).await?;
        let default = ConsumerVersionSelector {
            main_branch: Some(true),
            ..Default::default()
        };
        let latest_selector = ConsumerVersionSelector {
            latest: Some(true),
            ..Default::default()
        };
        for row in &latest {
            let (pact, selector, selection) = match main.iter().find(|m| m.consumer_id == row.consumer_id) {
                Some(m) => (m.clone(), &default, Selection::MainBranch),
                None => (row.clone(), &latest_selector, Selection::Latest),
            };
            let reason = selector.describe(&pact.consumer_name, &pact.consumer_version_number, None);
            let by = selected_by(&selection, None, branch, &pact.consumer_version_number);
            add(&mut entries, pact, reason, short_of(&selection, None), by, false);
        }
        return Ok(entries);
    }
    for (selector, selection) in request.consumer_version_selectors.iter().zip(selections) {
        let consumer_id = match &selector.consumer {
            Some(name) => match pacticipants::find(conn, name).await? {
                Some(c) => Some(c.id),
                None => continue,
            },
            None => None,
        };
        let chosen: Vec<Chosen> =
            for_verification::select(conn, provider.id, consumer_id, selection, branch).await?;
        for Chosen { pact, fallback } in chosen {
            let reason = selector.describe(
                &pact.consumer_name,
                &pact.consumer_version_number,
                fallback.as_deref(),
            );
            let by = selected_by(
                selection,
                fallback.as_deref(),
                branch,
                &pact.consumer_version_number,
            );
            add(
                &mut entries,
                pact,
                reason,
                short_of(selection, fallback.as_deref()),
                by,
                false,
            );
        }
    }
    Ok(entries)
}

/// The pact versions among `ids` that are no longer pending under `basis`.
async fn verified(
    conn: &mut AnyConnection,
    provider_id: i64,
    ids: &[i64],
    basis: &PendingBasis,
) -> Result<Vec<i64>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let filter = match basis {
        PendingBasis::Any | PendingBasis::Branch { created_at: None, .. } => SuccessFilter::Any,
        PendingBasis::Tags(tags) => SuccessFilter::Tags(tags.clone()),
        PendingBasis::Branch {
            name,
            created_at: Some(ts),
        } => SuccessFilter::BranchOrBefore {
            branch: name.clone(),
            before: ts.clone(),
        },
    };
    let mut done = verifications::successfully_verified(conn, provider_id, ids, &filter).await?;
    done.sort_unstable();
    done.dedup();
    Ok(done)
}

async fn answer(
    state: AppState,
    base: Base,
    provider_name: String,
    request: PactsForVerificationRequest,
) -> Result<Response, ApiError> {
    let selections = validate(&request).map_err(ApiError::Invalid)?;
    let mut conn = state.store.read().await?;
    let provider = pacticipants::find(&mut conn, &provider_name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No provider with name '{provider_name}' found")))?;
    let mut entries = choose(&mut conn, &provider, &request, &selections).await?;
    let branch_created = match &request.provider_version_branch {
        Some(b) => versions::find_branch(&mut conn, provider.id, b)
            .await?
            .map(|b| b.created_at),
        None => None,
    };
    let basis = PendingBasis::choose(
        request.provider_version_branch.as_deref(),
        &request.provider_version_tags,
        branch_created,
    );
    // WIP: heads of consumer branches and tags published since the date, not chosen, still pending.
    let candidates = match request
        .include_wip_pacts_since
        .as_deref()
        .and_then(wip_since_timestamp)
    {
        Some(since) if basis.supports_wip() => for_verification::heads_since(&mut conn, provider.id, &since)
            .await?
            .into_iter()
            .filter(|h| {
                !entries
                    .iter()
                    .any(|e| e.pact.pact_version_id == h.pact.pact_version_id)
            })
            .collect(),
        _ => Vec::new(),
    };
    // Which of the chosen pacts (for their pending status) and of the WIP candidates are verified
    // under the basis: one query for both.
    let mut ids: Vec<i64> = candidates.iter().map(|h| h.pact.pact_version_id).collect();
    if request.include_pending_status {
        ids.extend(entries.iter().map(|e| e.pact.pact_version_id));
    }
    let done = verified(&mut conn, provider.id, &ids, &basis).await?;
    for head in candidates
        .into_iter()
        .filter(|h| !done.contains(&h.pact.pact_version_id))
    {
        let reason = format!(
            "the latest version of {} from {} ({})",
            head.pact.consumer_name, head.label, head.pact.consumer_version_number
        );
        let by = SelectedBy {
            consumer_version: head.pact.consumer_version_number.clone(),
            latest: true,
            ..SelectedBy::default()
        };
        let mut wip_entries = Vec::new();
        add(
            &mut wip_entries,
            head.pact,
            reason,
            "work in progress".to_string(),
            by,
            true,
        );
        // A head that is both a branch's and a tag's is one pact, listed once with both reasons.
        for e in wip_entries {
            match entries
                .iter_mut()
                .find(|x| x.pact.pact_version_id == e.pact.pact_version_id)
            {
                Some(existing) => existing.reasons.extend(e.reasons),
                None => entries.push(e),
            }
        }
    }
    let pending_done = request.include_pending_status.then_some(done);
    let pacts: Vec<PactForVerification> = entries
        .iter()
        .map(|e| {
            let pending = if e.wip {
                Some(true)
            } else {
                pending_done
                    .as_ref()
                    .map(|done| !done.contains(&e.pact.pact_version_id))
            };
            let metadata = PactMetadata {
                selectors: e.selected_by.clone(),
                pending: pending == Some(true),
                wip: e.wip,
            };
            let url = format!(
                "{}/metadata/{}",
                base.pact_version(&e.pact.provider_name, &e.pact.consumer_name, &e.pact.sha),
                metadata.encode()
            );
            let notices = verification_notices(&url, &provider.name, &e.reasons, pending, e.wip, &basis);
            let name = format!(
                "Pact between {} ({}) and {}",
                e.pact.consumer_name, e.pact.consumer_version_number, e.pact.provider_name
            );
            PactForVerification::new(
                e.short.join(", "),
                VerificationProperties::new(notices, pending, e.wip.then_some(true)),
                Links::new().with("self", Link::new(url).named(name)),
            )
        })
        .collect();
    let self_url = format!(
        "{}/pacts/provider/{}/for-verification",
        base.0,
        super::hal::enc(&provider.name)
    );
    Ok(ok_typed(&PactsForVerification::new(
        pacts,
        Links::new().with("self", Link::new(self_url).titled("Pacts to be verified")),
    )))
}
