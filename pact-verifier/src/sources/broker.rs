//! Pacts from a Pact Broker: the `pb:provider-pacts-for-verification` flow with consumer version
//! selectors, pending and WIP pacts, and the `pb:latest-provider-pacts` fallback.

use pact_broker_api::{PactsForVerification, PactsForVerificationRequest};
use pact_broker_client::{HalClient, HalResource, RetryPolicy};

use super::{Auth, BrokerContext, LoadedPact};
use crate::error::SourceError;

/// A consumer version selector: which consumer versions' pacts the broker should hand out.
///
/// The broker wire model's typed selector (`pact_broker_api::ConsumerVersionSelector`), the one
/// the broker itself validates. Build one with the shorthand functions and narrow it with
/// [`Selector::consumer`], or read one from JSON with [`Selector::from_json`].
///
/// ```
/// use pact_verifier::Selector;
/// let selector = Selector::main_branch().consumer("OrderService");
/// assert_eq!(
///     selector.to_json(),
///     serde_json::json!({"mainBranch": true, "consumer": "OrderService"})
/// );
/// assert_eq!(Selector::deployed_or_released().to_json()["deployedOrReleased"], true);
/// ```
pub use pact_broker_api::ConsumerVersionSelector as Selector;

/// A Pact Broker to fetch the provider's pacts from.
///
/// ```
/// use pact_verifier::{Broker, Selector};
/// let broker = Broker::new("http://127.0.0.1:9292")
///     .token("s3cret")
///     .selectors([Selector::main_branch(), Selector::deployed_or_released()])
///     .provider_branch("main")
///     .enable_pending()
///     .include_wip_pacts_since("2026-01-01");
/// assert_eq!(broker.url(), "http://127.0.0.1:9292");
/// ```
#[derive(Debug, Clone)]
pub struct Broker {
    url: String,
    auth: Option<Auth>,
    selectors: Vec<Selector>,
    provider_branch: Option<String>,
    provider_tags: Vec<String>,
    include_pending: bool,
    include_wip_since: Option<String>,
}

impl Broker {
    /// The broker at `url` (its index, e.g. `http://127.0.0.1:9292`).
    pub fn new(url: impl Into<String>) -> Broker {
        Broker {
            url: url.into(),
            auth: None,
            selectors: Vec::new(),
            provider_branch: None,
            provider_tags: Vec::new(),
            include_pending: false,
            include_wip_since: None,
        }
    }

    /// The broker's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Basic authentication.
    #[must_use]
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Broker {
        self.auth = Some(Auth::basic(username, password));
        self
    }

    /// Bearer token authentication.
    #[must_use]
    pub fn token(mut self, token: impl Into<String>) -> Broker {
        self.auth = Some(Auth::bearer(token));
        self
    }

    /// Any authentication (or none).
    #[must_use]
    pub fn auth(mut self, auth: Option<Auth>) -> Broker {
        self.auth = auth;
        self
    }

    /// Adds consumer version selectors. Without any, the latest pact of each consumer is verified
    /// (through `pb:latest-provider-pacts`).
    #[must_use]
    pub fn selectors(mut self, selectors: impl IntoIterator<Item = Selector>) -> Broker {
        self.selectors.extend(selectors);
        self
    }

    /// Adds one consumer version selector.
    #[must_use]
    pub fn selector(mut self, selector: Selector) -> Broker {
        self.selectors.push(selector);
        self
    }

    /// The provider's branch (for `matchingBranch` selectors and pending calculation).
    #[must_use]
    pub fn provider_branch(mut self, branch: impl Into<String>) -> Broker {
        self.provider_branch = Some(branch.into());
        self
    }

    /// The provider version's tags (legacy; for pending calculation).
    #[must_use]
    pub fn provider_tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Broker {
        self.provider_tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Asks the broker which pacts are pending: their failures do not fail verification.
    #[must_use]
    pub fn enable_pending(mut self) -> Broker {
        self.include_pending = true;
        self
    }

    /// Also verifies work-in-progress pacts published since `date` (`YYYY-MM-DD`).
    #[must_use]
    pub fn include_wip_pacts_since(mut self, date: impl Into<String>) -> Broker {
        self.include_wip_since = Some(date.into());
        self
    }

    /// The body of the pacts-for-verification request.
    pub(crate) fn for_verification_body(&self) -> PactsForVerificationRequest {
        PactsForVerificationRequest {
            consumer_version_selectors: self.selectors.clone(),
            provider_version_branch: self.provider_branch.clone(),
            provider_version_tags: self.provider_tags.clone(),
            include_pending_status: self.include_pending,
            include_wip_pacts_since: self.include_wip_since.clone(),
        }
    }

    /// Fetches the provider's pacts.
    pub(crate) async fn load(
        &self,
        client: &reqwest::Client,
        provider: &str,
        retry: RetryPolicy,
    ) -> Result<Vec<LoadedPact>, SourceError> {
        let hal = HalClient::new(&self.url)?
            .with_http_client(client.clone())
            .with_optional_auth(self.auth.clone())
            .with_retry_policy(retry);
        let index = hal.index().await?;
        let for_verification = index
            .link("pb:provider-pacts-for-verification")
            .or_else(|_| index.link("beta:provider-pacts-for-verification"));
        let wants_dynamic =
            !self.selectors.is_empty() || self.include_pending || self.include_wip_since.is_some();
        match for_verification {
            Ok(link) if wants_dynamic => {
                let url = link.expand(index.url(), &[("provider", provider)])?;
                self.load_for_verification(&hal, &url).await
            }
            _ => self.load_latest(&hal, &index, provider).await,
        }
    }

    async fn load_for_verification(
        &self,
        hal: &HalClient,
        url: &reqwest::Url,
    ) -> Result<Vec<LoadedPact>, SourceError> {
        let answer = hal.post_json(url, &self.for_verification_body()).await?;
        let reply: PactsForVerification = answer.read()?;
        let mut pacts = Vec::with_capacity(reply.embedded.pacts.len());
        for entry in reply.embedded.pacts {
            let Some(link) = entry.links.first("self") else {
                continue;
            };
            let href = pact_broker_client::Link::new("self", link.clone()).url(answer.url())?;
            let document = hal.get(&href).await?;
            let mut pact = LoadedPact::from_value(document.body(), format!("Pact Broker {href}"))?;
            let properties = entry.verification_properties;
            let previous = pact.broker.take().unwrap_or_default();
            pact.broker = Some(BrokerContext {
                pending: properties.pending == Some(true),
                wip: properties.wip == Some(true),
                notices: properties.notices,
                auth: self.auth.clone(),
                ..previous
            });
            pacts.push(pact);
        }
        Ok(pacts)
    }

    async fn load_latest(
        &self,
        hal: &HalClient,
        index: &HalResource,
        provider: &str,
    ) -> Result<Vec<LoadedPact>, SourceError> {
        let url = index
            .link("pb:latest-provider-pacts")?
            .expand(index.url(), &[("provider", provider)])?;
        let list = hal.get(&url).await?;
        let mut links = list.links("pb:pacts");
        if links.is_empty() {
            links = list.links("pacts");
        }
        let mut pacts = Vec::with_capacity(links.len());
        for link in links {
            let href = link.url(list.url())?;
            let document = hal.get(&href).await?;
            let mut pact = LoadedPact::from_value(document.body(), format!("Pact Broker {href}"))?;
            let previous = pact.broker.take().unwrap_or_default();
            pact.broker = Some(BrokerContext {
                auth: self.auth.clone(),
                ..previous
            });
            pacts.push(pact);
        }
        Ok(pacts)
    }
}
