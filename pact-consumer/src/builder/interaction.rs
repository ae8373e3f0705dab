//! One HTTP interaction: description, provider states, request and response.

use pact_core::HttpInteraction;

use super::{RequestBuilder, ResponseBuilder};

/// Builds one HTTP interaction; [`PactBuilder::interaction`](crate::PactBuilder::interaction)
/// hands it to your closure.
///
/// ```
/// use pact_consumer::prelude::*;
/// let interaction = InteractionBuilder::new("a request for user 42")
///     .given_with_params("user 42 exists", json!({ "id": 42 }))
///     .request(|r| r.get("/users/42"))
///     .response(|r| r.ok().json_body(pact_json!({ "id": 42 })))
///     .build();
/// assert_eq!(interaction.provider_states[0].params["id"], 42);
/// assert_eq!(interaction.response.status, 200);
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until it is used"]
pub struct InteractionBuilder {
    interaction: HttpInteraction,
}

impl InteractionBuilder {
    /// An interaction described by `description` (`GET /` answered with 200 until told otherwise).
    pub fn new(description: impl Into<String>) -> Self {
        InteractionBuilder {
            interaction: HttpInteraction {
                description: description.into(),
                ..HttpInteraction::default()
            },
        }
    }

    /// Describes the request the consumer sends.
    pub fn request(mut self, build: impl FnOnce(RequestBuilder) -> RequestBuilder) -> Self {
        let request = std::mem::take(&mut self.interaction.request);
        self.interaction.request = build(RequestBuilder::from_request(request)).build();
        self
    }

    /// Describes the response the provider gives.
    pub fn response(mut self, build: impl FnOnce(ResponseBuilder) -> ResponseBuilder) -> Self {
        let response = std::mem::take(&mut self.interaction.response);
        self.interaction.response = build(ResponseBuilder::from_response(response)).build();
        self
    }

    /// The interaction built so far.
    pub fn build(self) -> HttpInteraction {
        self.interaction
    }
}

super::interaction_common!(InteractionBuilder, interaction);
