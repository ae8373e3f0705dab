//! Messages as the consumer's handler receives them.

use pact_core::generators::generate_message;
use pact_core::{AsyncMessage, GeneratorContext, GeneratorMode, Message, ProviderState, SyncMessage};
use serde_json::{Map, Value};

use crate::pact_file::PactFileError;

/// One message, ready for the consumer's handler: contents (generators applied) and metadata.
///
/// ```
/// use pact_consumer::prelude::*;
/// let builder = PactBuilder::new("C", "P")
///     .message_interaction("a greeting", |m| m.body("hello", "text/plain"));
/// let message = builder.messages().next().unwrap();
/// assert_eq!(message.contents, b"hello");
/// assert_eq!(message.content_type.as_deref(), Some("text/plain"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConsumerMessage {
    /// The interaction's description.
    pub description: String,
    /// Its provider states.
    pub provider_states: Vec<ProviderState>,
    /// The contents' bytes.
    pub contents: Vec<u8>,
    /// The content type, when known.
    pub content_type: Option<String>,
    /// The metadata (e.g. `topic`).
    pub metadata: Map<String, Value>,
}

impl ConsumerMessage {
    fn from_message(description: &str, provider_states: &[ProviderState], message: &Message) -> Self {
        let generated = generate_message(message, GeneratorMode::Consumer, &GeneratorContext::default());
        ConsumerMessage {
            description: description.to_string(),
            provider_states: provider_states.to_vec(),
            contents: generated.contents.as_bytes().to_vec(),
            content_type: generated.content_type(),
            metadata: generated.metadata,
        }
    }

    pub(crate) fn from_async(interaction: &AsyncMessage) -> Self {
        Self::from_message(
            &interaction.description,
            &interaction.provider_states,
            &interaction.message,
        )
    }

    /// The contents parsed as JSON.
    pub fn json(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_slice(&self.contents)
    }

    /// The contents as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.contents).into_owned()
    }
}

/// A synchronous exchange as the consumer sees it: the request it sends and the responses it gets.
///
/// ```
/// use pact_consumer::prelude::*;
/// let builder = PactBuilder::new("C", "P").synchronous_message_interaction("a quote", |m| {
///     m.request(|r| r.json_body(pact_json!({"sku": "A1"})))
///         .response(|r| r.json_body(pact_json!({"price": 9.5})))
/// });
/// let exchange = builder.synchronous_messages().next().unwrap();
/// assert_eq!(exchange.responses[0].json().unwrap()["price"], 9.5);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConsumerSyncMessage {
    /// The request message.
    pub request: ConsumerMessage,
    /// The response messages.
    pub responses: Vec<ConsumerMessage>,
}

impl ConsumerSyncMessage {
    pub(crate) fn from_sync(interaction: &SyncMessage) -> Self {
        let make = |m: &Message| {
            ConsumerMessage::from_message(&interaction.description, &interaction.provider_states, m)
        };
        ConsumerSyncMessage {
            request: make(&interaction.request),
            responses: interaction.responses.iter().map(make).collect(),
        }
    }
}

/// Why handing messages to the consumer failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MessageError {
    /// The handler rejected a message.
    #[error("the handler failed on the message '{description}': {message}")]
    Handler {
        /// The message's description.
        description: String,
        /// What the handler said.
        message: String,
    },
    /// The pact file could not be written.
    #[error(transparent)]
    PactFile(#[from] PactFileError),
}
