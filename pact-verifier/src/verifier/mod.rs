//! The [`Verifier`] builder; the run that ties sources, replay, reports and publishing together
//! is in [`run`](self::run).

mod run;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use pact_core::{Pact, Request};
use regex::Regex;
use serde_json::{Map, Value};

use crate::engine::RequestFilter;
use crate::filter::InteractionFilter;
use crate::last_failed::LastFailed;
use crate::openapi::OpenApiContract;
use crate::provider_states::{
    BoxFuture, SetupFn, StateChangeHandler, StateChangeUrl, StateHooks, StateOutcome,
};
use crate::publish::ProviderVersion;
use crate::sources::{Auth, Broker, PactSource};
use pact_broker_client::RetryPolicy;

/// The default time allowed for each request to the provider (as the reference verifier).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_millis(5000);

/// Verifies a provider against its consumers' pacts.
///
/// Say where the pacts are, where the provider runs and how to put it into each provider state,
/// then [`verify`](Verifier::verify):
///
/// ```no_run
/// # async fn run() {
/// use pact_verifier::{Broker, Selector, Verifier};
/// let report = Verifier::new("UserService")
///     .pacts_from_broker(Broker::new("http://127.0.0.1:9292").selectors([Selector::main_branch()]))
///     .provider_url("http://127.0.0.1:8080")
///     .state("user 42 exists", |params| async move {
///         let id = params["id"].as_i64().unwrap_or(42);
///         serde_json::json!({ "id": id }) // values for ProviderState generators
///     })
///     .verify()
///     .await;
/// report.assert_passed();
/// # }
/// ```
pub struct Verifier {
    provider: String,
    sources: Vec<PactSource>,
    provider_url: String,
    base_path: Option<String>,
    timeout: Duration,
    accept_invalid_certs: bool,
    states: StateHooks,
    state_change_url: Option<StateChangeUrl>,
    filter: InteractionFilter,
    request_filters: Vec<RequestFilter>,
    publish: Option<ProviderVersion>,
    concurrency: usize,
    ignore_no_pacts: bool,
    openapi: Option<OpenApiContract>,
    retry: RetryPolicy,
    exit_on_first_error: bool,
    transports: Vec<(String, String)>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("provider", &self.provider)
            .field("sources", &self.sources)
            .field("provider_url", &self.provider_url)
            .field("base_path", &self.base_path)
            .field("timeout", &self.timeout)
            .field("states", &self.states)
            .field("state_change_url", &self.state_change_url)
            .field("filter", &self.filter)
            .field("publish", &self.publish)
            .field("openapi", &self.openapi.as_ref().map(|c| &c.origin))
            .field("retry", &self.retry)
            .field("exit_on_first_error", &self.exit_on_first_error)
            .field("transports", &self.transports)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier for the provider called `provider` (its name in the pacts and the broker).
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService");
    /// assert!(format!("{verifier:?}").contains("UserService"));
    /// ```
    #[must_use]
    pub fn new(provider: impl Into<String>) -> Self {
        Verifier {
            provider: provider.into(),
            sources: Vec::new(),
            provider_url: "http://localhost:8080".into(),
            base_path: None,
            timeout: DEFAULT_REQUEST_TIMEOUT,
            accept_invalid_certs: false,
            states: StateHooks::default(),
            state_change_url: None,
            filter: InteractionFilter::default(),
            request_filters: Vec::new(),
            publish: None,
            concurrency: 1,
            ignore_no_pacts: false,
            openapi: None,
            retry: RetryPolicy::default(),
            exit_on_first_error: false,
            transports: Vec::new(),
        }
    }

    /// Verifies the pact in this file.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").pact_file("pacts/OrderWeb-UserService.json");
    /// ```
    #[must_use]
    pub fn pact_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.sources.push(PactSource::File(path.into()));
        self
    }

    /// Verifies every `*.json` pact in this directory.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").pact_dir("pacts");
    /// ```
    #[must_use]
    pub fn pact_dir(mut self, path: impl Into<PathBuf>) -> Self {
        self.sources.push(PactSource::Dir(path.into()));
        self
    }

    /// Verifies the pact at this URL.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").pact_url("http://127.0.0.1:9292/pacts/provider/UserService/consumer/OrderWeb/latest");
    /// ```
    #[must_use]
    pub fn pact_url(mut self, url: impl Into<String>) -> Self {
        self.sources.push(PactSource::Url {
            url: url.into(),
            auth: None,
        });
        self
    }

    /// Verifies the pact at this URL, fetched with credentials.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// use pact_verifier::Auth;
    /// let verifier = Verifier::new("UserService")
    ///     .pact_url_with_auth("https://broker.example/pacts/provider/UserService/consumer/OrderWeb/latest", Auth::bearer("t0k3n"));
    /// ```
    #[must_use]
    pub fn pact_url_with_auth(mut self, url: impl Into<String>, auth: Auth) -> Self {
        self.sources.push(PactSource::Url {
            url: url.into(),
            auth: Some(auth),
        });
        self
    }

    /// Verifies the pacts the broker selects for this provider.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// use pact_verifier::{Broker, Selector};
    /// let verifier = Verifier::new("UserService")
    ///     .pacts_from_broker(Broker::new("http://127.0.0.1:9292").selector(Selector::main_branch()));
    /// ```
    #[must_use]
    pub fn pacts_from_broker(mut self, broker: Broker) -> Self {
        self.sources.push(PactSource::Broker(broker));
        self
    }

    /// Verifies a pact already in memory.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let pact = pact_core::format::read_pact(r#"{"consumer": {"name": "OrderWeb"}, "provider": {"name": "UserService"},
    ///     "interactions": [], "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#).unwrap();
    /// let verifier = Verifier::new("UserService").pact(pact);
    /// ```
    #[must_use]
    pub fn pact(mut self, pact: Pact) -> Self {
        self.sources.push(PactSource::Pact(Box::new(pact)));
        self
    }

    /// Where the provider runs, e.g. `http://127.0.0.1:8080` (the default is `http://localhost:8080`).
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").provider_url("http://127.0.0.1:8080");
    /// ```
    #[must_use]
    pub fn provider_url(mut self, url: impl Into<String>) -> Self {
        self.provider_url = url.into();
        self
    }

    /// A path prefix for every request, e.g. `/api/v1`.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").base_path("/api/v1");
    /// ```
    #[must_use]
    pub fn base_path(mut self, path: impl Into<String>) -> Self {
        self.base_path = Some(path.into());
        self
    }

    /// The time allowed for each request to the provider and each state change (default 5 s).
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").request_timeout(std::time::Duration::from_secs(10));
    /// ```
    #[must_use]
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Accepts any TLS certificate from the provider (self-signed test certificates).
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").provider_url("https://127.0.0.1:8443").disable_ssl_verification();
    /// ```
    #[must_use]
    pub fn disable_ssl_verification(mut self) -> Self {
        self.accept_invalid_certs = true;
        self
    }

    /// Sets up provider state `name` with an async closure that receives the state's params (a JSON
    /// object; missing keys index to `null`) and returns nothing, values for `ProviderState`
    /// generators (a JSON object), or a `Result` whose error fails the interaction.
    ///
    /// ```
    /// use pact_verifier::{StateError, Verifier};
    /// let verifier = Verifier::new("UserService")
    ///     .state("user 42 exists", |params| async move {
    ///         let id = params["id"].as_i64().unwrap_or(42);
    ///         // insert user `id` into the provider's database here
    ///         serde_json::json!({ "id": id })
    ///     })
    ///     .state("the database is down", |_| async {
    ///         Err::<(), _>(StateError::new("cannot simulate an outage here"))
    ///     });
    /// ```
    #[must_use]
    pub fn state<F, Fut, O>(mut self, name: impl Into<String>, setup: F) -> Self
    where
        F: Fn(Value) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = O> + Send + 'static,
        O: StateOutcome + 'static,
    {
        self.states.setups.insert(name.into(), boxed(setup));
        self
    }

    /// Tears down provider state `name` after each interaction that used it.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService")
    ///     .state("user 42 exists", |_| async { /* insert user 42 */ })
    ///     .state_teardown("user 42 exists", |_| async { /* delete user 42 */ });
    /// ```
    #[must_use]
    pub fn state_teardown<F, Fut, O>(mut self, name: impl Into<String>, teardown: F) -> Self
    where
        F: Fn(Value) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = O> + Send + 'static,
        O: StateOutcome + 'static,
    {
        self.states.teardowns.insert(name.into(), boxed(teardown));
        self
    }

    /// Handles every state that no [`state`](Self::state) closure knows with `handler`.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// use pact_verifier::StateChangeUrl;
    /// // Any StateChangeHandler; here the state-change URL convention.
    /// let verifier = Verifier::new("UserService")
    ///     .state_handler(StateChangeUrl::new("http://127.0.0.1:8080/_pact/state"));
    /// ```
    #[must_use]
    pub fn state_handler(mut self, handler: impl StateChangeHandler + 'static) -> Self {
        self.states.fallback = Some(Arc::new(handler));
        self
    }

    /// Handles every state that no closure knows with the Pact state-change URL convention.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// use pact_verifier::StateChangeUrl;
    /// let verifier = Verifier::new("UserService")
    ///     .state_change_url(StateChangeUrl::new("http://127.0.0.1:8080/_pact/state").with_teardown());
    /// ```
    #[must_use]
    pub fn state_change_url(mut self, url: StateChangeUrl) -> Self {
        self.state_change_url = Some(url);
        self
    }

    /// Changes each request just before it is sent, e.g. to add a fresh token.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").request_filter(|request| {
    ///     request.headers.insert("Authorization", vec!["Bearer fresh-token".into()]);
    /// });
    /// ```
    #[must_use]
    pub fn request_filter(mut self, filter: impl Fn(&mut Request) + Send + Sync + 'static) -> Self {
        self.request_filters.push(Arc::new(filter));
        self
    }

    /// Sends interactions whose V4 `transport` is `name` (e.g. `https`) to `url` instead of the
    /// provider URL (the reference's `--transports https:8443`).
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").transport("https", "https://127.0.0.1:8443");
    /// ```
    #[must_use]
    pub fn transport(mut self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.transports.push((name.into(), url.into()));
        self
    }

    /// How calls to the broker (and to pact URLs) are retried; the default is the reference's:
    /// 8 retries of 5xx, 408 and 429 answers with a back-off from 0.5 s.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// use pact_verifier::RetryPolicy;
    /// let verifier = Verifier::new("UserService").broker_retries(RetryPolicy::broker(3));
    /// ```
    #[must_use]
    pub fn broker_retries(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Stops at the first interaction that fails: the rest is not verified (the reference's
    /// `--exit-on-first-error`). Interactions are then verified one at a time.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").exit_on_first_error();
    /// ```
    #[must_use]
    pub fn exit_on_first_error(mut self) -> Self {
        self.exit_on_first_error = true;
        self
    }

    /// Only verifies the interactions that failed last time (the reference's `--last-failed`).
    /// As with any filter, results are not published.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// use pact_verifier::LastFailed;
    /// let verifier = Verifier::new("UserService").only_last_failed(LastFailed::default());
    /// ```
    #[must_use]
    pub fn only_last_failed(mut self, failed: LastFailed) -> Self {
        self.filter.last_failed = Some(failed);
        self
    }

    /// Only verifies interactions whose description matches `regex`.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").filter_description(regex::Regex::new("user 42").unwrap());
    /// ```
    #[must_use]
    pub fn filter_description(mut self, regex: Regex) -> Self {
        self.filter.description = Some(regex);
        self
    }

    /// Only verifies interactions with a provider state whose name matches `regex`.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").filter_state(regex::Regex::new("^user").unwrap());
    /// ```
    #[must_use]
    pub fn filter_state(mut self, regex: Regex) -> Self {
        self.filter.state = Some(regex);
        self
    }

    /// Only verifies interactions without provider states.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").filter_no_state();
    /// ```
    #[must_use]
    pub fn filter_no_state(mut self) -> Self {
        self.filter.no_state = true;
        self
    }

    /// Only verifies pacts of this consumer (may be repeated).
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").filter_consumer("OrderWeb");
    /// ```
    #[must_use]
    pub fn filter_consumer(mut self, consumer: impl Into<String>) -> Self {
        self.filter.consumers.push(consumer.into());
        self
    }

    /// Publishes results to the broker for this provider version (only for pacts that came from
    /// a broker, and only when no filter is set).
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// use pact_verifier::ProviderVersion;
    /// let verifier = Verifier::new("UserService")
    ///     .publish_results(ProviderVersion::new("1.2.3").branch("main"));
    /// ```
    #[must_use]
    pub fn publish_results(mut self, version: ProviderVersion) -> Self {
        self.publish = Some(version);
        self
    }

    /// Verifies up to `n` interactions at once in pacts whose interactions have no provider state.
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").concurrency(4);
    /// ```
    #[must_use]
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Whether finding no pacts at all counts as success (default: it is a failure).
    ///
    /// ```
    /// use pact_verifier::Verifier;
    /// let verifier = Verifier::new("UserService").ignore_no_pacts(true);
    /// ```
    #[must_use]
    pub fn ignore_no_pacts(mut self, ignore: bool) -> Self {
        self.ignore_no_pacts = ignore;
        self
    }

    /// Checks the pacts against the provider's OpenAPI document instead of calling the provider
    /// (bi-directional contract testing); `origin` names the document in the report. Nothing is
    /// published: the broker records bi-directional results itself when the provider publishes
    /// its document.
    ///
    /// ```
    /// # async fn run() {
    /// use pact_openapi::OpenApi;
    /// use pact_verifier::Verifier;
    /// let api = OpenApi::parse(r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
    ///   "paths": {"/health": {"get": {"responses": {"200": {"description": "up"}}}}}}"#).unwrap();
    /// let report = Verifier::new("Health")
    ///     .pact_file("pacts/Web-Health.json")
    ///     .check_against_openapi(api, "health.yaml")
    ///     .verify()
    ///     .await;
    /// # }
    /// ```
    #[must_use]
    pub fn check_against_openapi(mut self, api: pact_openapi::OpenApi, origin: impl Into<String>) -> Self {
        self.openapi = Some(OpenApiContract {
            api,
            origin: origin.into(),
        });
        self
    }
}

fn boxed<F, Fut, O>(f: F) -> SetupFn
where
    F: Fn(Value) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = O> + Send + 'static,
    O: StateOutcome + 'static,
{
    Arc::new(
        move |params: Value| -> BoxFuture<'static, Result<Map<String, Value>, String>> {
            let future = f(params);
            Box::pin(async move { future.await.into_state_values() })
        },
    )
}
