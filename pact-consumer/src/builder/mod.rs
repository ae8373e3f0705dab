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

use pact_core::{Body, Category, DocPath, Generators, Headers, MatchingRules, Request, Response};

use crate::patterns::{JsonPattern, StringPattern};

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

/// Records a string pattern's rules and generator at `path` in `category`; gives back its example.
pub(crate) fn place_string(
    rules: &mut MatchingRules,
    generators: &mut Generators,
    category: Category,
    path: DocPath,
    pattern: StringPattern,
) -> String {
    for rule in pattern.rules {
        rules.add(category, path.clone(), rule);
    }
    if let Some(generator) = pattern.generator {
        generators.add(category, path, generator);
    }
    pattern.example
}

/// Records a JSON body pattern's rules and generators (replacing those an earlier body left at
/// the same paths); gives back the example body.
pub(crate) fn place_json_body(
    rules: &mut MatchingRules,
    generators: &mut Generators,
    body: JsonPattern,
) -> Body {
    let extracted = body.extract(Category::Body);
    for (category, entries) in extracted.rules.iter() {
        for (path, list) in entries {
            rules.set(category, path.clone(), list.clone());
        }
    }
    for (category, entries) in extracted.generators.iter() {
        for (path, generator) in entries {
            generators.add(category, path.clone(), generator.clone());
        }
    }
    Body::json(extracted.example)
}

/// Sets `Content-Type` unless the headers already have one.
pub(crate) fn default_content_type(headers: &mut Headers, content_type: &str) {
    if !headers.contains("content-type") {
        headers.append("Content-Type", content_type);
    }
}

/// The builder methods requests and responses share: headers and bodies.
macro_rules! http_parts_common {
    ($builder:ty, $field:ident) => {
        impl $builder {
            /// Adds a header value (call again for several values of one name).
            pub fn header(
                mut self,
                name: impl Into<String>,
                value: impl Into<$crate::patterns::StringPattern>,
            ) -> Self {
                let name = name.into();
                let example = super::place_string(
                    &mut self.$field.matching_rules,
                    &mut self.$field.generators,
                    pact_core::Category::Header,
                    pact_core::DocPath::field(&name),
                    value.into(),
                );
                self.$field.headers.append(name, example);
                self
            }

            /// A JSON body (with `Content-Type: application/json` unless a content type was set).
            pub fn json_body(mut self, body: impl Into<$crate::patterns::JsonPattern>) -> Self {
                self.$field.body = super::place_json_body(
                    &mut self.$field.matching_rules,
                    &mut self.$field.generators,
                    body.into(),
                );
                super::default_content_type(&mut self.$field.headers, "application/json");
                self
            }

            /// A text body (with `Content-Type: text/plain` unless a content type was set).
            pub fn body(mut self, text: impl Into<String>) -> Self {
                let content_type = self
                    .$field
                    .headers
                    .first("content-type")
                    .unwrap_or("text/plain")
                    .to_string();
                self.$field.body = pact_core::Body::text(text, content_type.clone());
                super::default_content_type(&mut self.$field.headers, &content_type);
                self
            }

            /// A body of raw bytes with the given content type.
            pub fn body_bytes(mut self, bytes: impl Into<Vec<u8>>, content_type: &str) -> Self {
                self.$field.body = pact_core::Body::bytes(bytes, Some(content_type.into()));
                super::default_content_type(&mut self.$field.headers, content_type);
                self
            }
        }
    };
}
pub(crate) use http_parts_common;

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
