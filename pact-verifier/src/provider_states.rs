//! Provider states: putting the provider into the state an interaction needs, and back.
//!
//! Two ways to do it, which combine: closures keyed by state name ([`crate::Verifier::state`]),
//! and a [`StateChangeHandler`] for every state no closure knows, such as the Pact state-change URL
//! convention ([`StateChangeUrl`]).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use pact_core::ProviderState;
use serde_json::{Map, Value, json};

use pact_broker_client::RetryPolicy;

/// A boxed future, as state handlers return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a provider state could not be set up or torn down.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct StateError {
    /// What went wrong, in words.
    pub message: String,
}

impl StateError {
    /// A state error with this message.
    ///
    /// ```
    /// let error = pact_verifier::StateError::new("no such user");
    /// assert_eq!(error.to_string(), "no such user");
    /// ```
    pub fn new(message: impl Into<String>) -> Self {
        StateError {
            message: message.into(),
        }
    }
}

/// What a state set-up closure may return: nothing, values for `ProviderState` generators, or a
/// `Result` of either whose error fails the interaction.
///
/// ```
/// use pact_verifier::StateOutcome;
/// assert!(().into_state_values().unwrap().is_empty());
/// let values = serde_json::json!({"id": 42}).into_state_values().unwrap();
/// assert_eq!(values["id"], 42);
/// let failed: Result<(), String> = Err("database is down".into());
/// assert_eq!(failed.into_state_values().unwrap_err(), "database is down");
/// ```
pub trait StateOutcome {
    /// The values to merge into the generator context, or why the state failed.
    fn into_state_values(self) -> Result<Map<String, Value>, String>;
}

impl StateOutcome for () {
    fn into_state_values(self) -> Result<Map<String, Value>, String> {
        Ok(Map::new())
    }
}

impl StateOutcome for Value {
    fn into_state_values(self) -> Result<Map<String, Value>, String> {
        Ok(match self {
            Value::Object(map) => map,
            _ => Map::new(),
        })
    }
}

impl StateOutcome for Map<String, Value> {
    fn into_state_values(self) -> Result<Map<String, Value>, String> {
        Ok(self)
    }
}

impl<T: StateOutcome, E: fmt::Display> StateOutcome for Result<T, E> {
    fn into_state_values(self) -> Result<Map<String, Value>, String> {
        match self {
            Ok(value) => value.into_state_values(),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// Sets up and tears down provider states by name; implement it to plug in your own mechanism.
pub trait StateChangeHandler: Send + Sync + fmt::Debug {
    /// Puts the provider into `state`; returns values for `ProviderState` generators.
    fn setup<'a>(&'a self, state: &'a ProviderState)
    -> BoxFuture<'a, Result<Map<String, Value>, StateError>>;

    /// Undoes `state` after the interaction.
    fn teardown<'a>(&'a self, state: &'a ProviderState) -> BoxFuture<'a, Result<(), StateError>>;

    /// Whether interactions without provider states are announced too (with an empty state
    /// name), as the Pact state-change URL convention does.
    fn called_without_state(&self) -> bool {
        false
    }
}

/// A set-up closure, boxed.
pub(crate) type SetupFn =
    Arc<dyn Fn(Value) -> BoxFuture<'static, Result<Map<String, Value>, String>> + Send + Sync>;

/// The state hooks of a verifier: closures by name, then a fallback handler.
#[derive(Clone, Default)]
pub(crate) struct StateHooks {
    pub(crate) setups: HashMap<String, SetupFn>,
    pub(crate) teardowns: HashMap<String, SetupFn>,
    pub(crate) fallback: Option<Arc<dyn StateChangeHandler>>,
}

impl fmt::Debug for StateHooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<_> = self.setups.keys().collect();
        names.sort();
        f.debug_struct("StateHooks")
            .field("states", &names)
            .field("fallback", &self.fallback)
            .finish()
    }
}

impl StateHooks {
    /// Whether anything at all can handle states.
    pub(crate) fn is_empty(&self) -> bool {
        self.setups.is_empty() && self.teardowns.is_empty() && self.fallback.is_none()
    }

    /// Whether interactions without states must still call the fallback.
    pub(crate) fn announces_stateless(&self) -> bool {
        self.fallback.as_ref().is_some_and(|f| f.called_without_state())
    }

    /// Sets up one state; `Ok(values)` to merge into the generator context.
    pub(crate) async fn setup(&self, state: &ProviderState) -> Result<Map<String, Value>, String> {
        if let Some(setup) = self.setups.get(&state.name) {
            return setup(Value::Object(state.params.clone())).await;
        }
        if let Some(fallback) = &self.fallback {
            return fallback.setup(state).await.map_err(|e| e.message);
        }
        if self.is_empty() || state.name.is_empty() || self.teardowns.contains_key(&state.name) {
            return Ok(Map::new());
        }
        let mut known: Vec<_> = self.setups.keys().map(|k| format!("'{k}'")).collect();
        known.sort();
        Err(format!(
            "no handler is registered for this state (known states: {})",
            known.join(", ")
        ))
    }

    /// Tears down one state.
    pub(crate) async fn teardown(&self, state: &ProviderState) -> Result<(), String> {
        if let Some(teardown) = self.teardowns.get(&state.name) {
            return teardown(Value::Object(state.params.clone())).await.map(drop);
        }
        if self.setups.contains_key(&state.name) {
            return Ok(());
        }
        match &self.fallback {
            Some(fallback) => fallback.teardown(state).await.map_err(|e| e.message),
            None => Ok(()),
        }
    }
}

/// The Pact state-change URL convention: `POST {"state", "params", "action": "setup"|"teardown"}`
/// to a URL of the provider (or the same as query parameters); the JSON answer becomes values for
/// `ProviderState` generators.
///
/// ```
/// use pact_verifier::StateChangeUrl;
/// let hook = StateChangeUrl::new("http://127.0.0.1:8080/_pact/state").as_query().with_teardown();
/// assert_eq!(hook.url(), "http://127.0.0.1:8080/_pact/state");
/// ```
#[derive(Debug, Clone)]
pub struct StateChangeUrl {
    url: String,
    as_query: bool,
    teardown: bool,
    client: Option<reqwest::Client>,
    retry: RetryPolicy,
}

impl StateChangeUrl {
    /// State changes go to `url` as JSON bodies, and there is no teardown call. Answers 5xx, 408
    /// and 429 are retried as the reference verifier does ([`RetryPolicy::state_change`]).
    pub fn new(url: impl Into<String>) -> Self {
        StateChangeUrl {
            url: url.into(),
            as_query: false,
            teardown: false,
            client: None,
            retry: RetryPolicy::state_change(),
        }
    }

    /// Retries failed state-change calls as `policy` says ([`RetryPolicy::none`] to fail at once).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends `state`, `action` and the params as query parameters instead of a JSON body.
    #[must_use]
    pub fn as_query(mut self) -> Self {
        self.as_query = true;
        self
    }

    /// Also calls the URL with `"action": "teardown"` after each interaction.
    #[must_use]
    pub fn with_teardown(mut self) -> Self {
        self.teardown = true;
        self
    }

    /// Uses this HTTP client (the verifier passes its own, to share connections and settings).
    #[must_use]
    pub fn client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// The URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    async fn call(&self, state: &ProviderState, action: &str) -> Result<Map<String, Value>, StateError> {
        let client = self.client.clone().unwrap_or_default();
        let build = || {
            if self.as_query {
                let mut query: Vec<(String, String)> = vec![
                    ("state".into(), state.name.clone()),
                    ("action".into(), action.into()),
                ];
                for (name, value) in &state.params {
                    let text = match value {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    query.push((name.clone(), text));
                }
                client.post(&self.url).query(&query)
            } else {
                let body = json!({"state": state.name, "params": state.params, "action": action});
                client
                    .post(&self.url)
                    .header("Content-Type", "application/json")
                    .body(body.to_string())
            }
        };
        let response = self.retry.send(&self.url, build).await.map_err(|e| {
            StateError::new(format!(
                "state change request to {} failed: {}",
                self.url,
                crate::error::error_chain(&e)
            ))
        })?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if !status.is_success() {
            return Err(StateError::new(format!(
                "state change URL {} answered HTTP {} to {action} of '{}': {}",
                self.url,
                status.as_u16(),
                state.name,
                text.chars().take(300).collect::<String>()
            )));
        }
        Ok(match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        })
    }
}

impl StateChangeHandler for StateChangeUrl {
    fn setup<'a>(
        &'a self,
        state: &'a ProviderState,
    ) -> BoxFuture<'a, Result<Map<String, Value>, StateError>> {
        Box::pin(self.call(state, "setup"))
    }

    fn teardown<'a>(&'a self, state: &'a ProviderState) -> BoxFuture<'a, Result<(), StateError>> {
        Box::pin(async move {
            if self.teardown {
                self.call(state, "teardown").await.map(drop)
            } else {
                Ok(())
            }
        })
    }

    fn called_without_state(&self) -> bool {
        true
    }
}
