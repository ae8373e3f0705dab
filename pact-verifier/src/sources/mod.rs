//! Where pacts come from: files, directories, URLs and a Pact Broker.

mod broker;
mod file;
mod url;

use pact_broker_api::Links;
use pact_broker_client::RetryPolicy;
use pact_core::Pact;
use serde_json::Value;

pub use broker::{Broker, Selector};

use crate::error::SourceError;
use crate::results::{InteractionResult, PactResult};

/// Credentials for a pact URL or a broker (the broker client's, shared with `pact-broker`).
///
/// ```
/// use pact_verifier::Auth;
/// let basic = Auth::basic("alice", "secret");
/// let bearer = Auth::bearer("t0k3n");
/// assert_ne!(basic, bearer);
/// ```
pub use pact_broker_client::Auth;

/// One place to load pacts from.
#[derive(Debug, Clone)]
pub(crate) enum PactSource {
    /// A pact file.
    File(std::path::PathBuf),
    /// Every `*.json` file in a directory.
    Dir(std::path::PathBuf),
    /// A pact at a URL.
    Url { url: String, auth: Option<Auth> },
    /// The broker's pacts for this provider.
    Broker(Broker),
    /// A pact already in memory.
    Pact(Box<Pact>),
}

/// A notice from the broker about a pact (why it is verified, whether it is pending): the
/// broker wire model's notice, whose `when` says when to show it.
pub use pact_broker_api::Notice;

/// What the broker said about a pact it handed out.
#[derive(Debug, Clone, Default)]
pub(crate) struct BrokerContext {
    pub(crate) pending: bool,
    pub(crate) wip: bool,
    pub(crate) notices: Vec<Notice>,
    pub(crate) publish_url: Option<String>,
    pub(crate) provider_url: Option<String>,
    pub(crate) auth: Option<Auth>,
}

/// A pact read from a source, with where it came from.
#[derive(Debug, Clone)]
pub(crate) struct LoadedPact {
    pub(crate) pact: Pact,
    /// e.g. `file pacts/a.json` or `broker http://…`.
    pub(crate) origin: String,
    /// Broker interaction ids (`_id`), by interaction index, when the broker supplied them.
    pub(crate) interaction_ids: Vec<Option<String>>,
    /// V4 `transport` of each interaction (`http`, `https`, …), by interaction index.
    pub(crate) interaction_transports: Vec<Option<String>>,
    pub(crate) broker: Option<BrokerContext>,
}

impl LoadedPact {
    /// The result of verifying this pact: its pacticipants, origin and what the broker said
    /// (pending, WIP, notices), with `interactions` and the `notices` of the run after the
    /// broker's. Not published yet.
    pub(crate) fn result(&self, interactions: Vec<InteractionResult>, notices: Vec<Notice>) -> PactResult {
        let broker = self.broker.clone().unwrap_or_default();
        let mut all_notices = broker.notices;
        all_notices.extend(notices);
        PactResult {
            consumer: self.pact.consumer.name.clone(),
            provider: self.pact.provider.name.clone(),
            origin: self.origin.clone(),
            pending: broker.pending,
            wip: broker.wip,
            notices: all_notices,
            interactions,
            publication: None,
        }
    }

    /// Reads a pact from its JSON text.
    pub(crate) fn parse(text: &str, origin: String) -> Result<LoadedPact, SourceError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = serde_json::from_str(text).map_err(|e| SourceError::InvalidPact {
            origin: origin.clone(),
            source: e.into(),
        })?;
        LoadedPact::from_value(&value, origin)
    }

    /// Reads a pact from parsed JSON.
    pub(crate) fn from_value(value: &Value, origin: String) -> Result<LoadedPact, SourceError> {
        let pact = pact_core::format::read_pact_value(value).map_err(|source| SourceError::InvalidPact {
            origin: origin.clone(),
            source,
        })?;
        let interaction_ids = per_interaction(value, pact.interactions.len(), "_id");
        let interaction_transports = per_interaction(value, pact.interactions.len(), "transport");
        let links: Links = value
            .get("_links")
            .and_then(|links| serde_json::from_value::<Links>(links.clone()).ok())
            .unwrap_or_default();
        let publish_url = links
            .first("pb:publish-verification-results")
            .map(|l| l.href.clone());
        let provider_url = links.first("pb:provider").map(|l| l.href.clone());
        let broker = (publish_url.is_some() || provider_url.is_some()).then(|| BrokerContext {
            publish_url,
            provider_url,
            ..BrokerContext::default()
        });
        Ok(LoadedPact {
            pact,
            origin,
            interaction_ids,
            interaction_transports,
            broker,
        })
    }
}

/// The string field `key` of each raw interaction (or message), by index; all `None` when the
/// raw list does not line up with the `count` interactions read.
fn per_interaction(value: &Value, count: usize, key: &str) -> Vec<Option<String>> {
    let mut found = Vec::new();
    for list in ["interactions", "messages"] {
        if let Some(items) = value.get(list).and_then(Value::as_array) {
            found.extend(
                items
                    .iter()
                    .map(|i| i.get(key).and_then(Value::as_str).map(str::to_string)),
            );
        }
    }
    if found.len() != count {
        found = vec![None; count];
    }
    found
}

impl PactSource {
    /// Loads every pact of this source.
    /// HTTP calls are retried as `retry` says.
    pub(crate) async fn load(
        &self,
        client: &reqwest::Client,
        provider: &str,
        retry: RetryPolicy,
    ) -> Result<Vec<LoadedPact>, SourceError> {
        match self {
            PactSource::File(path) => file::load_file(path).await.map(|p| vec![p]),
            PactSource::Dir(path) => file::load_dir(path).await,
            PactSource::Url { url, auth } => url::load_url(client, url, auth.as_ref(), retry)
                .await
                .map(|p| vec![p]),
            PactSource::Broker(broker) => broker.load(client, provider, retry).await,
            PactSource::Pact(pact) => Ok(vec![LoadedPact {
                interaction_ids: vec![None; pact.interactions.len()],
                interaction_transports: vec![None; pact.interactions.len()],
                pact: (**pact).clone(),
                origin: "in-memory pact".into(),
                broker: None,
            }]),
        }
    }
}
