//! `PactBuilder`: the entry point of a consumer test.

use std::path::PathBuf;

use pact_core::{Interaction, Pact, SpecVersion};

use super::{InteractionBuilder, MessageBuilder, SyncMessageBuilder};
use crate::message::{ConsumerMessage, ConsumerSyncMessage, MessageError};
use crate::mock_server::{MockServer, MockServerConfig};
use crate::pact_file::{PactFileError, PactOutput};

/// A pact between a consumer and a provider, built interaction by interaction, then either
/// served by a [`MockServer`] (HTTP) or handed to the consumer's message handlers (messages).
///
/// Pacts are V4 unless [`PactBuilder::specification`] asks for V3 or V2.
///
/// ```
/// use pact_consumer::prelude::*;
///
/// let pact = PactBuilder::new("OrderService", "UserService")
///     .interaction("a request for user 42", |i| {
///         i.given("user 42 exists")
///             .request(|r| r.get("/users/42"))
///             .response(|r| r.ok().json_body(pact_json!({ "id": integer(42), "name": like("Alice") })))
///     })
///     .into_pact();
/// assert_eq!(pact.interactions.len(), 1);
/// assert_eq!(pact.specification, SpecVersion::V4);
/// ```
#[derive(Debug, Clone)]
#[must_use = "a pact builder does nothing until its pact is served (`start_mock_server`) or taken (`into_pact`)"]
pub struct PactBuilder {
    pact: Pact,
    output: Option<PactOutput>,
    cors_preflight: bool,
}

impl PactBuilder {
    /// A V4 pact between `consumer` and `provider`.
    pub fn new(consumer: impl Into<String>, provider: impl Into<String>) -> Self {
        PactBuilder {
            pact: Pact::new(consumer, provider, SpecVersion::V4),
            output: None,
            cors_preflight: false,
        }
    }

    /// Writes the pact as `version` (V2, V3 or V4) instead.
    ///
    /// ```
    /// use pact_consumer::prelude::*;
    /// let pact = PactBuilder::new("C", "P").specification(SpecVersion::V3).into_pact();
    /// assert_eq!(pact.specification, SpecVersion::V3);
    /// ```
    pub fn specification(mut self, version: SpecVersion) -> Self {
        self.pact.specification = version;
        self
    }

    /// Adds an HTTP interaction described by `description`; `build` fills it in.
    pub fn interaction(
        mut self,
        description: impl Into<String>,
        build: impl FnOnce(InteractionBuilder) -> InteractionBuilder,
    ) -> Self {
        let interaction = build(InteractionBuilder::new(description)).build();
        self.pact.interactions.push(Interaction::Http(interaction));
        self
    }

    /// Adds an asynchronous message interaction (an event the provider publishes).
    ///
    /// ```
    /// use pact_consumer::prelude::*;
    /// let builder = PactBuilder::new("Shipping", "Orders").message_interaction("an order.created event", |m| {
    ///     m.json_body(pact_json!({ "orderId": integer(7) })).metadata("topic", "orders")
    /// });
    /// let message = builder.messages().next().unwrap();
    /// assert_eq!(message.json().unwrap()["orderId"], 7);
    /// assert_eq!(message.metadata["topic"], "orders");
    /// ```
    pub fn message_interaction(
        mut self,
        description: impl Into<String>,
        build: impl FnOnce(MessageBuilder) -> MessageBuilder,
    ) -> Self {
        let interaction = build(MessageBuilder::new(description)).build();
        self.pact
            .interactions
            .push(Interaction::AsyncMessage(interaction));
        self
    }

    /// Adds a V4 synchronous message interaction (a request message and its response messages).
    pub fn synchronous_message_interaction(
        mut self,
        description: impl Into<String>,
        build: impl FnOnce(SyncMessageBuilder) -> SyncMessageBuilder,
    ) -> Self {
        let interaction = build(SyncMessageBuilder::new(description)).build();
        self.pact.interactions.push(Interaction::SyncMessage(interaction));
        self
    }

    /// Writes pact files to `dir` instead of `PACT_OUTPUT_DIR` / `target/pacts`.
    pub fn output_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        let overwrite = PactOutput::from_env().overwrite;
        self.output = Some(PactOutput {
            dir: dir.into(),
            overwrite,
        });
        self
    }

    /// Makes the mock server answer CORS preflight requests (`OPTIONS` → 204 with
    /// `Access-Control-Allow-*`) and add `Access-Control-Allow-Origin` to its answers.
    pub fn with_cors_preflight(mut self) -> Self {
        self.cors_preflight = true;
        self
    }

    /// The pact built so far.
    pub fn pact(&self) -> &Pact {
        &self.pact
    }

    /// The pact built, consuming the builder.
    pub fn into_pact(self) -> Pact {
        self.pact
    }

    /// Where the pact will be written.
    pub fn pact_output(&self) -> PactOutput {
        self.output.clone().unwrap_or_else(PactOutput::from_env)
    }

    /// Starts a mock server for the HTTP interactions (from `#[tokio::test]` or any async code).
    ///
    /// # Panics
    /// When no port on 127.0.0.1 can be bound.
    pub async fn start_mock_server(self) -> MockServer {
        self.start_mock_server_blocking()
    }

    /// Starts a mock server for the HTTP interactions, from a plain `#[test]` (or anywhere).
    ///
    /// ```
    /// use pact_consumer::prelude::*;
    /// let mock = PactBuilder::new("C", "P")
    ///     .output_dir(std::env::temp_dir().join("pact-consumer-doc"))
    ///     .start_mock_server_blocking();
    /// assert_eq!(mock.interaction_count(), 0);
    /// ```
    ///
    /// # Panics
    /// When no port on 127.0.0.1 can be bound.
    pub fn start_mock_server_blocking(self) -> MockServer {
        let config = self.mock_server_config();
        match MockServer::start(self.pact, config) {
            Ok(server) => server,
            Err(err) => panic!("the mock server did not start: {err}"),
        }
    }

    /// The configuration [`PactBuilder::start_mock_server`] uses, for [`MockServer::start`].
    pub fn mock_server_config(&self) -> MockServerConfig {
        MockServerConfig {
            cors_preflight: self.cors_preflight,
            pact_output: Some(self.pact_output()),
            ..MockServerConfig::default()
        }
    }

    /// The asynchronous messages, as the consumer's handler receives them (generators applied).
    pub fn messages(&self) -> impl Iterator<Item = ConsumerMessage> + '_ {
        self.pact.interactions.iter().filter_map(|i| match i {
            Interaction::AsyncMessage(m) => Some(ConsumerMessage::from_async(m)),
            _ => None,
        })
    }

    /// The synchronous message exchanges, request and responses as the consumer sees them.
    pub fn synchronous_messages(&self) -> impl Iterator<Item = ConsumerSyncMessage> + '_ {
        self.pact.interactions.iter().filter_map(|i| match i {
            Interaction::SyncMessage(m) => Some(ConsumerSyncMessage::from_sync(m)),
            _ => None,
        })
    }

    /// Hands every asynchronous message to `handler`; when all are handled, writes the pact and
    /// returns its path. The first handler error is returned (and nothing is written).
    ///
    /// ```
    /// use pact_consumer::prelude::*;
    /// let dir = std::env::temp_dir().join("pact-consumer-doc-messages");
    /// let path = PactBuilder::new("Shipping", "Orders")
    ///     .output_dir(&dir)
    ///     .message_interaction("an order.created event", |m| m.json_body(pact_json!({ "orderId": integer(7) })))
    ///     .verify_messages(|message| match message.json() {
    ///         Ok(order) if order["orderId"].is_i64() => Ok(()),
    ///         _ => Err("not an order"),
    ///     })
    ///     .unwrap();
    /// assert!(path.ends_with("Shipping-Orders.json"));
    /// ```
    pub fn verify_messages<E: std::fmt::Display>(
        self,
        mut handler: impl FnMut(&ConsumerMessage) -> Result<(), E>,
    ) -> Result<PathBuf, MessageError> {
        for message in self.messages() {
            handler(&message).map_err(|err| MessageError::Handler {
                description: message.description.clone(),
                message: err.to_string(),
            })?;
        }
        Ok(self.write_pact()?)
    }

    /// Writes (merges) the pact file now; returns its path.
    pub fn write_pact(&self) -> Result<PathBuf, PactFileError> {
        self.pact_output().write(&self.pact)
    }
}
