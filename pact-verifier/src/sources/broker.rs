//! Pacts from a Pact Broker: the `pb:provider-pacts-for-verification` flow with consumer version
//! selectors, pending and WIP pacts, and the `pb:latest-provider-pacts` fallback.

use serde_json::{Map, Value, json};

use super::hal::{self, Hal};
use super::{Auth, BrokerContext, LoadedPact, Notice};
use crate::error::SourceError;
use crate::retry::RetryPolicy;

/// A consumer version selector: which consumer versions' pacts the broker should hand out.
///
/// Build one with the shorthand functions and narrow it with [`Selector::consumer`]; or take one
/// verbatim from JSON with [`Selector::from_json`]. The broker validates the combination and the
/// verifier shows its complaints in full.
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
#[derive(Debug, Clone, PartialEq)]
pub struct Selector(Map<String, Value>);

impl Selector {
    fn with(key: &str, value: Value) -> Selector {
        let mut map = Map::new();
        map.insert(key.to_string(), value);
        Selector(map)
    }

    fn and(mut self, key: &str, value: Value) -> Selector {
        self.0.insert(key.to_string(), value);
        self
    }

    /// `{"mainBranch": true}`: the latest pact from each consumer's main branch.
    pub fn main_branch() -> Selector {
        Selector::with("mainBranch", json!(true))
    }

    /// `{"branch": name}`: the latest pact from the consumers' branch `name`.
    pub fn branch(name: impl Into<String>) -> Selector {
        Selector::with("branch", json!(name.into()))
    }

    /// `{"matchingBranch": true}`: pacts from the consumer branch named like the provider branch.
    pub fn matching_branch() -> Selector {
        Selector::with("matchingBranch", json!(true))
    }

    /// `{"deployedOrReleased": true}`: pacts of every deployed or released consumer version.
    pub fn deployed_or_released() -> Selector {
        Selector::with("deployedOrReleased", json!(true))
    }

    /// `{"deployed": true}`: pacts of every currently deployed consumer version.
    pub fn deployed() -> Selector {
        Selector::with("deployed", json!(true))
    }

    /// `{"released": true}`: pacts of every released, still supported consumer version.
    pub fn released() -> Selector {
        Selector::with("released", json!(true))
    }

    /// `{"environment": name}`: consumer versions deployed or released to `name`.
    pub fn environment(name: impl Into<String>) -> Selector {
        Selector::with("environment", json!(name.into()))
    }

    /// `{"tag": name, "latest": true}`: the latest pact with tag `name` (legacy tags).
    pub fn latest_tag(name: impl Into<String>) -> Selector {
        Selector::with("tag", json!(name.into())).and("latest", json!(true))
    }

    /// `{"tag": name}`: every pact with tag `name` (legacy tags).
    pub fn tag(name: impl Into<String>) -> Selector {
        Selector::with("tag", json!(name.into()))
    }

    /// Narrows the selector to one consumer.
    pub fn consumer(self, name: impl Into<String>) -> Selector {
        self.and("consumer", json!(name.into()))
    }

    /// Sets `latest`.
    pub fn latest(self, latest: bool) -> Selector {
        self.and("latest", json!(latest))
    }

    /// Sets `fallbackTag`: the tag to use when no pact has the selected tag.
    pub fn fallback_tag(self, tag: impl Into<String>) -> Selector {
        self.and("fallbackTag", json!(tag.into()))
    }

    /// Sets `fallbackBranch`: the branch to use when no pact is on the selected branch.
    pub fn fallback_branch(self, branch: impl Into<String>) -> Selector {
        self.and("fallbackBranch", json!(branch.into()))
    }

    /// Narrows a deployed/released selector to an environment.
    pub fn in_environment(self, name: impl Into<String>) -> Selector {
        self.and("environment", json!(name.into()))
    }

    /// A selector exactly as given in JSON (as the CLI's `--consumer-version-selectors` takes it).
    ///
    /// ```
    /// let s = pact_verifier::Selector::from_json(r#"{"branch": "feat-x", "consumer": "Web"}"#).unwrap();
    /// assert_eq!(s.to_json()["branch"], "feat-x");
    /// assert!(pact_verifier::Selector::from_json("[1]").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Selector, String> {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Ok(Selector(map)),
            Ok(_) => Err(format!(
                "a consumer version selector must be a JSON object, got {text}"
            )),
            Err(e) => Err(format!("invalid consumer version selector JSON {text}: {e}")),
        }
    }

    /// The selector as the broker receives it.
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.clone())
    }
}

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
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Broker {
        self.auth = Some(Auth::basic(username, password));
        self
    }

    /// Bearer token authentication.
    pub fn token(mut self, token: impl Into<String>) -> Broker {
        self.auth = Some(Auth::bearer(token));
        self
    }

    /// Any authentication (or none).
    pub fn auth(mut self, auth: Option<Auth>) -> Broker {
        self.auth = auth;
        self
    }

    /// Adds consumer version selectors. Without any, the latest pact of each consumer is verified
    /// (through `pb:latest-provider-pacts`).
    pub fn selectors(mut self, selectors: impl IntoIterator<Item = Selector>) -> Broker {
        self.selectors.extend(selectors);
        self
    }

    /// Adds one consumer version selector.
    pub fn selector(mut self, selector: Selector) -> Broker {
        self.selectors.push(selector);
        self
    }

    /// The provider's branch (for `matchingBranch` selectors and pending calculation).
    pub fn provider_branch(mut self, branch: impl Into<String>) -> Broker {
        self.provider_branch = Some(branch.into());
        self
    }

    /// The provider version's tags (legacy; for pending calculation).
    pub fn provider_tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Broker {
        self.provider_tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Asks the broker which pacts are pending: their failures do not fail verification.
    pub fn enable_pending(mut self) -> Broker {
        self.include_pending = true;
        self
    }

    /// Also verifies work-in-progress pacts published since `date` (`YYYY-MM-DD`).
    pub fn include_wip_pacts_since(mut self, date: impl Into<String>) -> Broker {
        self.include_wip_since = Some(date.into());
        self
    }

    /// The body of the pacts-for-verification request.
    pub(crate) fn for_verification_body(&self) -> Value {
        let mut body = json!({
            "consumerVersionSelectors": self.selectors.iter().map(Selector::to_json).collect::<Vec<_>>(),
            "includePendingStatus": self.include_pending,
        });
        if let Some(branch) = &self.provider_branch {
            body["providerVersionBranch"] = json!(branch);
        }
        if !self.provider_tags.is_empty() {
            body["providerVersionTags"] = json!(self.provider_tags);
        }
        if let Some(since) = &self.include_wip_since {
            body["includeWipPactsSince"] = json!(since);
        }
        body
    }

    /// Fetches the provider's pacts.
    pub(crate) async fn load(
        &self,
        client: &reqwest::Client,
        provider: &str,
        retry: RetryPolicy,
    ) -> Result<Vec<LoadedPact>, SourceError> {
        let hal = Hal::new(client, self.auth.as_ref()).with_retry(retry);
        let index_url = self.url.clone();
        let index = hal.get(&index_url).await?;
        let for_verification = Hal::link(&index, "pb:provider-pacts-for-verification")
            .or_else(|| Hal::link(&index, "beta:provider-pacts-for-verification"));
        let wants_dynamic =
            !self.selectors.is_empty() || self.include_pending || self.include_wip_since.is_some();
        match for_verification {
            Some(template) if wants_dynamic => {
                let url = hal::resolve(&index_url, &hal::expand(&template, &[("provider", provider)]))?;
                self.load_for_verification(&hal, &url).await
            }
            _ => self.load_latest(&hal, &index_url, &index, provider).await,
        }
    }

    async fn load_for_verification(&self, hal: &Hal<'_>, url: &str) -> Result<Vec<LoadedPact>, SourceError> {
        let answer = hal.post(url, &self.for_verification_body()).await?;
        let entries = answer
            .pointer("/_embedded/pacts")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut pacts = Vec::with_capacity(entries.len());
        for entry in entries {
            let Some(href) = Hal::link(&entry, "self") else {
                continue;
            };
            let href = hal::resolve(url, &href)?;
            let document = hal.get(&href).await?;
            let mut pact = LoadedPact::from_value(&document, format!("Pact Broker {href}"))?;
            let properties = entry.get("verificationProperties");
            let flag = |name: &str| {
                properties
                    .and_then(|p| p.get(name))
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            };
            let notices = properties
                .and_then(|p| p.get("notices"))
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .map(|n| Notice {
                            when: n.get("when").and_then(Value::as_str).unwrap_or("").to_string(),
                            text: n.get("text").and_then(Value::as_str).unwrap_or("").to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let previous = pact.broker.take().unwrap_or_default();
            pact.broker = Some(BrokerContext {
                pending: flag("pending"),
                wip: flag("wip"),
                notices,
                auth: self.auth.clone(),
                ..previous
            });
            pacts.push(pact);
        }
        Ok(pacts)
    }

    async fn load_latest(
        &self,
        hal: &Hal<'_>,
        index_url: &str,
        index: &Value,
        provider: &str,
    ) -> Result<Vec<LoadedPact>, SourceError> {
        let template =
            Hal::link(index, "pb:latest-provider-pacts").ok_or_else(|| SourceError::MissingLink {
                url: index_url.to_string(),
                relation: "pb:latest-provider-pacts".into(),
            })?;
        let url = hal::resolve(index_url, &hal::expand(&template, &[("provider", provider)]))?;
        let list = hal.get(&url).await?;
        let mut hrefs = Hal::links(&list, "pb:pacts");
        if hrefs.is_empty() {
            hrefs = Hal::links(&list, "pacts");
        }
        let mut pacts = Vec::with_capacity(hrefs.len());
        for href in hrefs {
            let href = hal::resolve(&url, &href)?;
            let document = hal.get(&href).await?;
            let mut pact = LoadedPact::from_value(&document, format!("Pact Broker {href}"))?;
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
