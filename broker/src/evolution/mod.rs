//! The API-evolution commands of `pact-broker`: `openapi-diff` (breaking changes between two
//! OpenAPI documents, with the consumers they break when a broker and provider are named) and
//! `field-usage` (which consumers rely on which fields of a provider).
//!
//! The diff, the usage and the impact are computed by `pact-openapi`; these commands read the
//! documents (files or URLs) and ask the broker for the field usage
//! (`pb:pacticipant` → `pb:field-usage`).

mod commands;
mod error;

pub use commands::{EvolutionCommand, FieldUsageArgs, OpenapiDiffArgs, fetch_field_usage, run};
pub use error::EvolutionError;
