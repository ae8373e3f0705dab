//! Verifying one interaction: provider states, replay, matching, teardown.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use futures_util::FutureExt as _;

use pact_core::generators::generate_request;
use pact_core::matching::{match_message, match_response};
use pact_core::{
    Body, GeneratorContext, GeneratorMode, Interaction, Mismatch, MismatchKind, ProviderState, Request,
};
use serde_json::{Map, Value};

use crate::error::InteractionError;
use crate::provider_states::StateHooks;
use crate::replay::ProviderClient;
use crate::report::diff::body_diff;
use crate::results::{InteractionOutcome, InteractionResult};

/// A request filter: changes each request just before it is sent.
pub(crate) type RequestFilter = Arc<dyn Fn(&mut Request) + Send + Sync>;

/// Everything needed to verify interactions; shared between concurrent tasks.
pub(crate) struct Replayer {
    pub(crate) provider: ProviderClient,
    /// The provider by V4 transport name (`--transports http:8080 https:8443`); interactions
    /// without a transport, or with one not listed, go to `provider`.
    pub(crate) transports: HashMap<String, ProviderClient>,
    pub(crate) states: StateHooks,
    pub(crate) request_filters: Vec<RequestFilter>,
}

impl std::fmt::Debug for Replayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replayer")
            .field("provider", &self.provider)
            .field("transports", &self.transports)
            .field("states", &self.states)
            .field("request_filters", &self.request_filters.len())
            .finish()
    }
}

impl Replayer {
    /// Verifies `interaction`; `interaction_id` is the broker's `_id` for it, `transport` its V4
    /// transport.
    pub(crate) async fn verify(
        &self,
        interaction: &Interaction,
        interaction_id: Option<String>,
        transport: Option<&str>,
    ) -> InteractionResult {
        let started = Instant::now();
        tracing::debug!(description = interaction.description(), "verifying interaction");
        let states = interaction.provider_states();
        let announced: Vec<ProviderState> = if states.is_empty() && self.states.announces_stateless() {
            vec![ProviderState::new("")]
        } else {
            states.to_vec()
        };

        let warnings: Vec<String> = if self.states.is_empty() {
            states
                .iter()
                .filter(|state| !state.name.is_empty())
                .map(|state| unhandled_state_warning(&state.name))
                .collect()
        } else {
            Vec::new()
        };
        for warning in &warnings {
            tracing::warn!(description = interaction.description(), "{warning}");
        }
        let mut values = Map::new();
        let mut set_up = 0;
        let mut outcome = unusable(interaction);
        let states_to_set_up = if outcome.is_some() {
            &[][..]
        } else {
            &announced[..]
        };
        for state in states_to_set_up {
            let hook = || format!("set-up of provider state '{}'", state.name);
            match caught(self.states.setup(state), hook).await {
                Ok(Ok(found)) => {
                    values.extend(found);
                    set_up += 1;
                }
                Ok(Err(message)) => {
                    outcome = Some(InteractionOutcome::Error(InteractionError::StateSetup {
                        state: state.name.clone(),
                        message,
                    }));
                    break;
                }
                Err(panicked) => {
                    outcome = Some(InteractionOutcome::Error(panicked));
                    break;
                }
            }
        }
        let mut outcome = match outcome {
            Some(failed) => failed,
            None => self.replay(interaction, values, transport).await,
        };
        for state in announced[..set_up].iter().rev() {
            let hook = || format!("teardown of provider state '{}'", state.name);
            let error = match caught(self.states.teardown(state), hook).await {
                Ok(Ok(())) => None,
                Ok(Err(message)) => Some(InteractionError::StateTeardown {
                    state: state.name.clone(),
                    message,
                }),
                Err(panicked) => Some(panicked),
            };
            if let Some(error) = error
                && matches!(outcome, InteractionOutcome::Passed)
            {
                outcome = InteractionOutcome::Error(error);
            }
        }
        tracing::debug!(
            description = interaction.description(),
            ?outcome,
            "verified interaction"
        );
        InteractionResult {
            description: interaction.description().to_string(),
            provider_states: states.to_vec(),
            kind: interaction.kind(),
            pending: interaction.is_pending(),
            key: interaction.key().map(str::to_string),
            interaction_id,
            outcome,
            duration: started.elapsed(),
            comments: interaction.comments().clone(),
            warnings,
        }
    }

    /// The provider that serves `transport`.
    fn provider_for(&self, transport: Option<&str>) -> &ProviderClient {
        transport
            .and_then(|name| self.transports.get(name))
            .unwrap_or(&self.provider)
    }

    async fn replay(
        &self,
        interaction: &Interaction,
        values: Map<String, Value>,
        transport: Option<&str>,
    ) -> InteractionOutcome {
        let context = GeneratorContext {
            provider_state_values: values,
            mock_server_url: None,
            ..GeneratorContext::default()
        };
        match interaction {
            Interaction::Http(http) => {
                let mut request = generate_request(&http.request, GeneratorMode::Provider, &context);
                for filter in &self.request_filters {
                    if let Err(payload) = std::panic::catch_unwind(AssertUnwindSafe(|| filter(&mut request)))
                    {
                        return InteractionOutcome::Error(InteractionError::Panicked {
                            hook: "request filter".into(),
                            message: panic_message(payload.as_ref()),
                        });
                    }
                }
                match self.provider_for(transport).send(&request).await {
                    Ok(actual) => {
                        let mismatches = match_response(&http.response, &actual);
                        failed_or_passed(mismatches, &http.response.body, &actual.body)
                    }
                    Err(message) => provider_error(message),
                }
            }
            Interaction::AsyncMessage(message) => {
                match self
                    .provider
                    .fetch_message(&message.description, &message.provider_states, None)
                    .await
                {
                    Ok(actual) => {
                        let mismatches = match_message(&message.message, &actual);
                        failed_or_passed(mismatches, &message.message.contents, &actual.contents)
                    }
                    Err(message) => provider_error(message),
                }
            }
            Interaction::SyncMessage(sync) => {
                match self
                    .provider
                    .fetch_message(&sync.description, &sync.provider_states, Some(&sync.request))
                    .await
                {
                    Ok(actual) => match sync.responses.first() {
                        Some(expected) => {
                            let mismatches = match_message(expected, &actual);
                            failed_or_passed(mismatches, &expected.contents, &actual.contents)
                        }
                        None => InteractionOutcome::Passed,
                    },
                    Err(message) => provider_error(message),
                }
            }
            other => InteractionOutcome::Error(InteractionError::UnsupportedKind {
                kind: format!("{:?}", other.kind()),
            }),
        }
    }

    /// [`verify`](Self::verify), with a panic anywhere in it (a hook, the matching) turned into
    /// an error on the interaction instead of losing it from the report.
    pub(crate) async fn verify_caught(
        &self,
        interaction: &Interaction,
        interaction_id: Option<String>,
        transport: Option<&str>,
    ) -> InteractionResult {
        let started = Instant::now();
        let verified = AssertUnwindSafe(self.verify(interaction, interaction_id.clone(), transport))
            .catch_unwind()
            .await;
        verified.unwrap_or_else(|payload| {
            tracing::error!(description = interaction.description(), "verification panicked");
            InteractionResult {
                description: interaction.description().to_string(),
                provider_states: interaction.provider_states().to_vec(),
                kind: interaction.kind(),
                pending: interaction.is_pending(),
                key: interaction.key().map(str::to_string),
                interaction_id,
                outcome: InteractionOutcome::Error(InteractionError::Panicked {
                    hook: "verification of the interaction".into(),
                    message: panic_message(payload.as_ref()),
                }),
                duration: started.elapsed(),
                comments: interaction.comments().clone(),
                warnings: Vec::new(),
            }
        })
    }
}

/// Awaits a hook's future; a panic in it becomes [`InteractionError::Panicked`] naming the hook.
async fn caught<T>(
    future: impl std::future::Future<Output = T>,
    hook: impl FnOnce() -> String,
) -> Result<T, InteractionError> {
    AssertUnwindSafe(future)
        .catch_unwind()
        .await
        .map_err(|payload| InteractionError::Panicked {
            hook: hook(),
            message: panic_message(payload.as_ref()),
        })
}

/// The text of a panic (`panic!("…")` carries a `&str` or a `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string())
}

fn provider_error(message: String) -> InteractionOutcome {
    InteractionOutcome::Error(InteractionError::Provider { message })
}

/// The error of an interaction part of which could not be read when the pact was loaded: it is
/// not replayed (what it asks could not all be checked), and names each part and why.
pub(crate) fn unusable(interaction: &Interaction) -> Option<InteractionOutcome> {
    let problems = interaction.problems();
    if problems.is_empty() {
        return None;
    }
    let parts: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.reason))
        .collect();
    Some(InteractionOutcome::Error(InteractionError::Unusable { parts }))
}

/// The warning for a provider state that nothing can set up (no state hooks, no state-change
/// URL): the interaction is verified all the same.
fn unhandled_state_warning(state: &str) -> String {
    format!(
        "State Change ignored as there is no state change URL provided: \
         no provider state callback configured for provider state '{state}'"
    )
}

fn failed_or_passed(mismatches: Vec<Mismatch>, expected: &Body, actual: &Body) -> InteractionOutcome {
    if mismatches.is_empty() {
        return InteractionOutcome::Passed;
    }
    let body_differs = mismatches
        .iter()
        .any(|m| matches!(m.kind, MismatchKind::Body { .. } | MismatchKind::BodyType));
    InteractionOutcome::Failed {
        body_diff: body_differs.then(|| body_diff(expected, actual)).flatten(),
        mismatches,
    }
}
