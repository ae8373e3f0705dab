//! What a publisher is told about the parts of a pact this broker's model cannot read.
//!
//! The Pact Broker stores any JSON document with a consumer and a provider name, whatever its
//! interactions hold, so this broker does too: a pact with, say, a regex in another dialect or a
//! matcher type that `pact-core` does not know is stored as published and the publish reply
//! carries a warning notice instead of a 400. This is the one place that decides those notices.
//! `pact-core` reads a pact interaction by interaction: each part of an interaction it cannot
//! use becomes its own notice (naming the interaction, JSON path and reason); a document it cannot
//! read at all (no interactions array, an unknown specification version) gives one notice.

use pact_core::format::read_pact;

/// A notice for the publish reply: its `type` and `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelNotice {
    /// `warning` for a part the model cannot read.
    pub kind: &'static str,
    /// What could not be read, with its JSON path.
    pub text: String,
}

/// Notices about a stored pact's parts that the model cannot read (empty when it reads it all).
///
/// ```
/// use pact_broker::domain::pact_notices::model_notices;
///
/// let fine = r#"{"consumer":{"name":"Web"},"provider":{"name":"Api"},"interactions":[],
///               "metadata":{"pactSpecification":{"version":"3.0.0"}}}"#;
/// assert!(model_notices("Web", "Api", fine).is_empty());
///
/// let odd = r#"{"consumer":{"name":"Web"},"provider":{"name":"Api"},"interactions":[
///   {"description":"d","request":{"method":"GET","path":"/"},"response":{"status":"abc"}}]}"#;
/// let notices = model_notices("Web", "Api", odd);
/// assert_eq!(notices[0].kind, "warning");
/// assert!(notices[0].text.contains("$.interactions[0].response.status"), "{}", notices[0].text);
/// ```
pub fn model_notices(consumer: &str, provider: &str, pact_text: &str) -> Vec<ModelNotice> {
    match read_pact(pact_text) {
        Ok(pact) => pact
            .interactions
            .iter()
            .flat_map(|interaction| interaction.problems())
            .map(|problem| ModelNotice {
                kind: "warning",
                text: format!(
                    "  The pact between {consumer} and {provider} was stored as published, but the interaction \
                     \"{}\" cannot be used by this broker's pact model: {}: {}; its own checks (diffs, \
                     bi-directional checks, the pact view) skip it.",
                    problem.interaction, problem.path, problem.reason
                ),
            })
            .collect(),
        Err(e) => vec![ModelNotice {
            kind: "warning",
            text: format!(
                "  The pact between {consumer} and {provider} was stored as published, but this broker's pact \
                 model cannot read part of it ({e}); its own checks (diffs, bi-directional checks, the pact \
                 view) skip what they cannot read."
            ),
        }],
    }
}
