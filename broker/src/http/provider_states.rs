//! `GET /pacts/provider/{p}/provider-states[/branch/{b} | /environment/{uuid}]`: the provider
//! states named by the latest pact of each consumer (on a branch, when given), or by the pacts of
//! the consumer versions currently deployed or released in an environment, once each and by
//! name, with the consumers naming them, as the Pact Broker lists them (`{"providerStates": [{name, params,
//! consumers}]}`; `pact broker provider-states list` reads it).
//! Read from the stored JSON, so a pact this broker's model cannot fully read still counts.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{ProviderState, ProviderStateList};
use serde_json::Value;

use super::AppState;
use super::error::ApiError;
use super::hal::ok_typed;
use crate::domain::selectors::Selection;
use crate::store::environments;
use crate::store::for_verification;
use crate::store::pacticipants;
use crate::store::pacts::{self, LatestScope, PactRow};

pub(super) fn routes() -> Router<AppState> {
    let states = "/pacts/provider/{provider}/provider-states";
    Router::new()
        .route(states, get(all))
        .route(&format!("{states}/branch/{{branch}}"), get(on_branch))
        .route(
            &format!("{states}/environment/{{environment}}"),
            get(in_environment),
        )
}

/// Which pacts a provider-states listing reads.
enum Source {
    /// The latest pact of each consumer within a scope.
    Latest(LatestScope),
    /// The pacts of the consumer versions currently deployed or released in an environment
    /// (by its uuid or name), as the Pact Broker's `{environment: ...}` selector picks them.
    Environment(String),
}

/// The provider states of one pact document: V2 `providerState`, V3/V4 `providerStates`
/// (`{name, params}`), in interactions and messages; `params` only when given and not null.
fn states_of(pact: &Value, out: &mut Vec<(String, Option<Value>)>) {
    let lists = ["interactions", "messages"];
    for item in lists
        .iter()
        .filter_map(|key| pact.get(*key).and_then(Value::as_array))
        .flatten()
    {
        if let Some(name) = item.get("providerState").and_then(Value::as_str) {
            out.push((name.to_string(), None));
        }
        for state in item
            .get("providerStates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(name) = state.get("name").and_then(Value::as_str) else {
                continue;
            };
            let params = state.get("params").filter(|p| !p.is_null()).cloned();
            out.push((name.to_string(), params));
        }
    }
}

/// The pacts of `provider_id` published by consumer versions currently deployed or released
/// (and supported) in the environment with this uuid (or, failing that, this name).
async fn in_environment_rows(
    conn: &mut sqlx::AnyConnection,
    provider_id: i64,
    uuid: &str,
) -> Result<Vec<PactRow>, ApiError> {
    // The route names a uuid, but the reference client (`pact broker provider-states list
    // --environment production`) puts the environment's name there: both are accepted.
    let environment = match environments::find_by_uuid(conn, uuid).await? {
        Some(found) => found,
        None => environments::find_by_name(conn, uuid)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("No environment with UUID or name '{uuid}' found")))?,
    };
    // The same pacts as the `{environment, deployed, released}` consumer version selector
    // chooses for verification.
    let selection = Selection::Environment {
        deployed: true,
        released: true,
        environment: Some(environment.name),
    };
    let chosen = for_verification::select(conn, provider_id, None, &selection, None).await?;
    Ok(chosen.into_iter().map(|c| c.pact).collect())
}

async fn list(state: AppState, provider: &str, source: Source) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let p = pacticipants::find(&mut conn, provider)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No provider with name '{provider}' found")))?;
    let rows = match source {
        Source::Latest(scope) => pacts::latest_per_consumer(&mut conn, Some(p.id), None, &scope).await?,
        Source::Environment(uuid) => in_environment_rows(&mut conn, p.id, &uuid).await?,
    };
    // One entry per distinct name and params, with the consumers naming it.
    let mut states: Vec<ProviderState> = Vec::new();
    for row in rows {
        let content = pacts::content(&mut conn, row.pact_version_id).await?;
        let Ok(json) = serde_json::from_str::<Value>(&content) else {
            continue;
        };
        let mut found = Vec::new();
        states_of(&json, &mut found);
        for (name, params) in found {
            match states.iter_mut().find(|s| s.name == name && s.params == params) {
                Some(state) => state.consumers.push(row.consumer_name.clone()),
                None => states.push(ProviderState {
                    name,
                    params,
                    consumers: vec![row.consumer_name.clone()],
                }),
            }
        }
    }
    let params_text = |s: &ProviderState| {
        s.params
            .as_ref()
            .map_or_else(|| "null".to_string(), Value::to_string)
    };
    states.sort_by(|a, b| (&a.name, params_text(a)).cmp(&(&b.name, params_text(b))));
    for state in &mut states {
        state.consumers.sort();
        state.consumers.dedup();
    }
    Ok(ok_typed(&ProviderStateList {
        provider_states: states,
    }))
}

async fn all(State(state): State<AppState>, Path(provider): Path<String>) -> Result<Response, ApiError> {
    list(state, &provider, Source::Latest(LatestScope::Any)).await
}

async fn on_branch(
    State(state): State<AppState>,
    Path((provider, branch)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    list(state, &provider, Source::Latest(LatestScope::Branch(branch))).await
}

async fn in_environment(
    State(state): State<AppState>,
    Path((provider, environment)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    list(state, &provider, Source::Environment(environment)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn states_come_from_every_spec_version() {
        let pact = json!({
            "interactions": [
                { "providerState": "a user exists" },
                { "providerStates": [{ "name": "an order exists", "params": { "id": 1 } }, { "name": "no params" }] }
            ],
            "messages": [{ "providerStates": [{ "name": "a message state" }] }]
        });
        let mut out = Vec::new();
        states_of(&pact, &mut out);
        assert_eq!(
            out,
            vec![
                ("a user exists".to_string(), None),
                ("an order exists".to_string(), Some(json!({ "id": 1 }))),
                ("no params".to_string(), None),
                ("a message state".to_string(), None),
            ]
        );
    }
}
