//! Message interactions: asynchronous messages (events) and V4 synchronous request/response messages.

use pact_core::{AsyncMessage, Body, Category, DocPath, Message, SyncMessage};

use crate::patterns::JsonPattern;

/// Builds the contents and metadata of one message.
///
/// ```
/// use pact_consumer::prelude::*;
/// let message = MessageContentsBuilder::default()
///     .json_body(pact_json!({ "orderId": integer(7) }))
///     .metadata("topic", "orders")
///     .build();
/// assert_eq!(message.metadata["topic"], "orders");
/// assert_eq!(message.contents.as_json(), Some(json!({ "orderId": 7 })));
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until it is used"]
pub struct MessageContentsBuilder {
    message: Message,
}

impl MessageContentsBuilder {
    /// JSON contents (`contentType` metadata `application/json` unless set).
    pub fn json_body(mut self, body: impl Into<JsonPattern>) -> Self {
        self.message.contents = super::place_json_body(
            &mut self.message.matching_rules,
            &mut self.message.generators,
            body.into(),
        );
        self.message
            .metadata
            .entry("contentType")
            .or_insert_with(|| "application/json".into());
        self
    }

    /// Text contents of `content_type`.
    pub fn body(mut self, text: impl Into<String>, content_type: &str) -> Self {
        self.message.contents = Body::text(text, content_type);
        self.message
            .metadata
            .entry("contentType")
            .or_insert_with(|| content_type.into());
        self
    }

    /// Binary contents of `content_type`.
    pub fn body_bytes(mut self, bytes: impl Into<Vec<u8>>, content_type: &str) -> Self {
        self.message.contents = Body::bytes(bytes, Some(content_type.into()));
        self.message
            .metadata
            .entry("contentType")
            .or_insert_with(|| content_type.into());
        self
    }

    /// A metadata entry (e.g. `"topic"`, `"orders"`); the value may be a pattern.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<JsonPattern>) -> Self {
        let (key, value) = (key.into(), value.into());
        let path = DocPath::field(&key);
        for rule in value.own_rules() {
            self.message
                .matching_rules
                .add(Category::Metadata, path.clone(), rule.clone());
        }
        if let Some(generator) = value.own_generator() {
            self.message
                .generators
                .add(Category::Metadata, path, generator.clone());
        }
        self.message.metadata.insert(key, value.to_example());
        self
    }

    /// The message built so far.
    pub fn build(self) -> Message {
        self.message
    }
}

/// Builds an asynchronous message interaction: an event the provider publishes and the consumer handles.
///
/// ```
/// use pact_consumer::prelude::*;
/// let event = MessageBuilder::new("an order.created event")
///     .given("an order exists")
///     .json_body(pact_json!({ "orderId": integer(7) }))
///     .metadata("topic", "orders")
///     .build();
/// assert_eq!(event.message.metadata["topic"], "orders");
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until it is used"]
pub struct MessageBuilder {
    interaction: AsyncMessage,
}

impl MessageBuilder {
    /// A message described by `description`.
    pub fn new(description: impl Into<String>) -> Self {
        MessageBuilder {
            interaction: AsyncMessage {
                description: description.into(),
                ..AsyncMessage::default()
            },
        }
    }

    fn contents(mut self, build: impl FnOnce(MessageContentsBuilder) -> MessageContentsBuilder) -> Self {
        let message = std::mem::take(&mut self.interaction.message);
        self.interaction.message = build(MessageContentsBuilder { message }).build();
        self
    }

    /// JSON contents; see [`MessageContentsBuilder::json_body`].
    pub fn json_body(self, body: impl Into<JsonPattern>) -> Self {
        self.contents(|m| m.json_body(body))
    }

    /// Text contents; see [`MessageContentsBuilder::body`].
    pub fn body(self, text: impl Into<String>, content_type: &str) -> Self {
        self.contents(|m| m.body(text, content_type))
    }

    /// Binary contents; see [`MessageContentsBuilder::body_bytes`].
    pub fn body_bytes(self, bytes: impl Into<Vec<u8>>, content_type: &str) -> Self {
        self.contents(|m| m.body_bytes(bytes, content_type))
    }

    /// A metadata entry; see [`MessageContentsBuilder::metadata`].
    pub fn metadata(self, key: impl Into<String>, value: impl Into<JsonPattern>) -> Self {
        self.contents(|m| m.metadata(key, value))
    }

    /// The interaction built so far.
    pub fn build(self) -> AsyncMessage {
        self.interaction
    }
}

super::interaction_common!(MessageBuilder, interaction);

/// Builds a V4 synchronous message interaction: one request message and the response messages
/// expected for it.
///
/// ```
/// use pact_consumer::prelude::*;
/// let exchange = SyncMessageBuilder::new("a price quote")
///     .request(|m| m.json_body(pact_json!({ "sku": "A1" })))
///     .response(|m| m.json_body(pact_json!({ "price": decimal(9.5) })))
///     .build();
/// assert_eq!(exchange.responses.len(), 1);
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until it is used"]
pub struct SyncMessageBuilder {
    interaction: SyncMessage,
}

impl SyncMessageBuilder {
    /// An exchange described by `description`.
    pub fn new(description: impl Into<String>) -> Self {
        SyncMessageBuilder {
            interaction: SyncMessage {
                description: description.into(),
                ..SyncMessage::default()
            },
        }
    }

    /// Describes the request message.
    pub fn request(mut self, build: impl FnOnce(MessageContentsBuilder) -> MessageContentsBuilder) -> Self {
        let message = std::mem::take(&mut self.interaction.request);
        self.interaction.request = build(MessageContentsBuilder { message }).build();
        self
    }

    /// Adds a response message (call again for several).
    pub fn response(mut self, build: impl FnOnce(MessageContentsBuilder) -> MessageContentsBuilder) -> Self {
        let message = build(MessageContentsBuilder::default()).build();
        self.interaction.responses.push(message);
        self
    }

    /// The interaction built so far.
    pub fn build(self) -> SyncMessage {
        self.interaction
    }
}

super::interaction_common!(SyncMessageBuilder, interaction);
