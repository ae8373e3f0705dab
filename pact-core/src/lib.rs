//! # pact-core
//!
//! The heart of the framework: the Pact model for specification V1 to V4, reading and writing pact
//! files, matching rules, generators and the matching engine that decides whether an actual request,
//! response or message satisfies what a pact expects.
//!
//! The crate is pure: no I/O, no async, no HTTP server. The mock server, the verifier, the broker
//! and the OpenAPI check all build on it, so "does this match?" is answered in exactly one place.
//!
//! ```
//! use pact_core::{Pact, SpecVersion};
//!
//! let pact = Pact::from_json_str(r#"{
//!   "consumer": {"name": "OrderService"}, "provider": {"name": "UserService"},
//!   "interactions": [{"description": "a request for user 42",
//!     "request": {"method": "GET", "path": "/users/42"},
//!     "response": {"status": 200, "body": {"id": 42}}}],
//!   "metadata": {"pactSpecification": {"version": "2.0.0"}}
//! }"#).unwrap();
//! assert_eq!(pact.specification, SpecVersion::V2);
//! assert_eq!(pact.interactions.len(), 1);
//! ```

pub mod datetime;
pub mod error;
pub mod format;
pub mod generators;
pub mod limits;
pub mod matching;
pub mod mismatch;
pub mod model;
pub mod rules;

pub use error::{InteractionProblem, PactError};
pub use generators::{Generator, GeneratorContext, GeneratorMode, Generators};
pub use mismatch::{Mismatch, MismatchKind};
pub use model::{
    AsyncMessage, Body, Headers, HttpInteraction, Interaction, InteractionIdentity, Message, Pact,
    Pacticipant, ProviderState, Query, Request, Response, SpecVersion, SyncMessage,
};
pub use rules::{Category, Combine, DocPath, MatchingRule, MatchingRules, RuleList};
