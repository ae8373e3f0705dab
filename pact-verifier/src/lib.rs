//! # pact-verifier
//!
//! The provider side of consumer-driven contract testing: replay the consumers' pacts against the
//! real provider and check every response (or message) with `pact-core`'s matching engine.
//!
//! Pacts come from files, directories, URLs or a Pact Broker (with consumer version selectors,
//! pending and work-in-progress pacts). Provider states are set up by async closures or the Pact
//! state-change URL convention. The result is a [`VerificationReport`] that renders as a console
//! report, JSON or JUnit XML, and can be published back to the broker.
//!
//! ```no_run
//! use pact_verifier::{Broker, Selector, Verifier};
//!
//! # async fn run(broker_url: &str, app_url: &str) {
//! let report = Verifier::new("UserService")
//!     .pacts_from_broker(Broker::new(broker_url).selectors([Selector::main_branch(), Selector::deployed_or_released()]))
//!     .provider_url(app_url)
//!     .state("user 42 exists", |params| async move {
//!         let id = params["id"].as_i64().unwrap_or(42);
//!         // insert user `id` into the provider's database here
//!         serde_json::json!({ "id": id })
//!     })
//!     .request_filter(|request| {
//!         request.headers.insert("Authorization", vec!["Bearer fresh-token".into()]);
//!     })
//!     .verify()
//!     .await;
//! report.assert_passed(); // panics with the readable report when anything failed
//! # }
//! ```
//!
//! The `pact-verifier` binary is the same engine with sources, hooks and reports taken from flags
//! spelled as in the reference `pact_verifier_cli`.

mod engine;
mod error;
mod filter;
mod last_failed;
mod openapi;
mod provider_states;
mod publish;
mod replay;
mod report;
mod results;
mod sources;
mod verifier;

pub use error::{InteractionError, PublishError, SourceError, VerifyError};
pub use last_failed::LastFailed;
pub use pact_broker_client::{DEFAULT_BROKER_RETRIES, RetryPolicy};
pub use provider_states::{BoxFuture, StateChangeHandler, StateChangeUrl, StateError, StateOutcome};
pub use publish::ProviderVersion;
pub use results::{InteractionOutcome, InteractionResult, PactResult, Summary, VerificationReport};
pub use sources::{Auth, Broker, Notice, Selector};
pub use verifier::{DEFAULT_REQUEST_TIMEOUT, Verifier};
