//! The Pact model: what a pact file holds, independent of the specification version it was read from.

mod body;
mod headers;
mod http;
mod interaction;
pub mod media_type;
mod message;
mod pact;
pub mod percent;
mod provider_state;
mod query;

pub use body::{Body, ContentTypeHint, LegacyEncoding};
pub use headers::Headers;
pub use http::{Request, Response};
pub use interaction::{
    AsyncMessage, HttpInteraction, Interaction, InteractionIdentity, InteractionKind, SyncMessage,
};
pub use message::Message;
pub use pact::{Pact, Pacticipant, SpecVersion};
pub use provider_state::ProviderState;
pub use query::Query;
