//! The DSL: a pact between a consumer and a provider, built interaction by interaction.

mod interaction;
mod message;
mod pact;
mod request;
mod response;

pub use interaction::InteractionBuilder;
pub use message::{MessageBuilder, MessageContentsBuilder, SyncMessageBuilder};
pub use pact::PactBuilder;
pub use request::RequestBuilder;
pub use response::{ResponseBuilder, StatusPattern, status_code};

use pact_core::{Generators, Headers, MatchingRules, Request, Response};

impl RequestBuilder {
    pub(crate) fn from_request(request: Request) -> Self {
        RequestBuilder::default().replace(request)
    }
}

impl ResponseBuilder {
    pub(crate) fn from_response(response: Response) -> Self {
        ResponseBuilder::default().replace(response)
    }
}

/// Adds extracted rules and generators to an existing set (a later body replaces an earlier one's rules).
pub(crate) fn merge_extracted(
    rules: &mut MatchingRules,
    generators: &mut Generators,
    new_rules: MatchingRules,
    new_generators: Generators,
) {
    for (category, entries) in new_rules.iter() {
        for (path, list) in entries {
            rules.set(category, path.clone(), list.clone());
        }
    }
    for (category, entries) in new_generators.iter() {
        for (path, generator) in entries {
            generators.add(category, path.clone(), generator.clone());
        }
    }
}

/// Sets `Content-Type` unless the headers already have one.
pub(crate) fn default_content_type(headers: &mut Headers, content_type: &str) {
    if !headers.contains("content-type") {
        headers.append("Content-Type", content_type);
    }
}

/// The builder methods every kind of interaction shares: provider states, key, pending, comments.
macro_rules! interaction_common {
    ($builder:ty, $field:ident) => {
        impl $builder {
            /// Adds a provider state the provider must be in first.
            pub fn given(mut self, state: impl Into<String>) -> Self {
                self.$field
                    .provider_states
                    .push(pact_core::ProviderState::new(state));
                self
            }

            /// Adds a provider state with parameters (a JSON object, e.g. `json!({"id": 42})`).
            pub fn given_with_params(mut self, state: impl Into<String>, params: serde_json::Value) -> Self {
                self.$field
                    .provider_states
                    .push(pact_core::ProviderState::with_params(state, params));
                self
            }

            /// Sets the V4 key that identifies the interaction (otherwise one is computed from its content).
            pub fn key(mut self, key: impl Into<String>) -> Self {
                self.$field.key = Some(key.into());
                self
            }

            /// Marks the interaction as pending (V4): the provider's failure to honour it does not fail its build.
            pub fn pending(mut self, pending: bool) -> Self {
                self.$field.pending = pending;
                self
            }

            /// Adds a free-text comment (V4 `comments.text`).
            pub fn comment(mut self, text: impl Into<String>) -> Self {
                let texts = self
                    .$field
                    .comments
                    .entry("text")
                    .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                if let serde_json::Value::Array(items) = texts {
                    items.push(serde_json::Value::String(text.into()));
                }
                self
            }

            /// Records the name of the test that defined the interaction (V4 `comments.testname`).
            pub fn test_name(mut self, name: impl Into<String>) -> Self {
                self.$field
                    .comments
                    .insert("testname".into(), serde_json::Value::String(name.into()));
                self
            }
        }
    };
}
pub(crate) use interaction_common;
