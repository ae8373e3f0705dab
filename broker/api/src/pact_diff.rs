//! What changed in a pact: `GET …/version/{v}/diff/previous-distinct` and
//! `GET …/version/{v}/diff/version/{other}`, as `pact-broker diff` reads them.

use serde::{Deserialize, Serialize};

use crate::hal::Link;

/// The changes between a pact and an earlier one (the previous version with different content,
/// or a named version); `comparedToVersion` and `pb:compared-to-pact` are `null` when there is
/// no earlier pact to compare with.
///
/// ```
/// use pact_broker_api::PactDiff;
/// let diff: PactDiff = serde_json::from_str(
///     r#"{"consumer": "Web", "provider": "Api", "version": "2", "comparedToVersion": "1",
///         "changes": {"sentences": ["interaction 'a' added"]}}"#,
/// ).unwrap();
/// assert_eq!(diff.compared_to_version.as_deref(), Some("1"));
/// assert_eq!(diff.changes.sentences, ["interaction 'a' added"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PactDiff {
    /// The consumer.
    #[serde(default)]
    pub consumer: String,
    /// The provider.
    #[serde(default)]
    pub provider: String,
    /// The consumer version of the newer pact.
    #[serde(default)]
    pub version: String,
    /// The consumer version of the pact it is compared with.
    #[serde(default)]
    pub compared_to_version: Option<String>,
    /// The changes, by interaction.
    #[serde(default)]
    pub changes: PactChanges,
    /// The changes in words, one sentence a line (`No changes.` when there are none).
    #[serde(default)]
    pub text: String,
    /// `self`, `pb:pact`, `pb:compared-to-pact`.
    #[serde(rename = "_links", default)]
    pub links: PactDiffLinks,
}

/// The changes of a [`PactDiff`], by interaction description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactChanges {
    /// Interactions only in the newer pact.
    #[serde(default)]
    pub added: Vec<String>,
    /// Interactions only in the older pact.
    #[serde(default)]
    pub removed: Vec<String>,
    /// Interactions in both, with differences.
    #[serde(default)]
    pub changed: Vec<ChangedInteraction>,
    /// Every change as a sentence.
    #[serde(default)]
    pub sentences: Vec<String>,
}

/// An interaction in both pacts of a [`PactDiff`], with its differences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedInteraction {
    /// Its description.
    #[serde(default)]
    pub description: String,
    /// Each difference in words (`response.status 200 → 201`).
    #[serde(default)]
    pub changes: Vec<String>,
}

/// `_links` of a [`PactDiff`]; `pb:compared-to-pact` is written as `null` when there is no
/// earlier pact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactDiffLinks {
    /// The newer pact.
    #[serde(rename = "self", default)]
    pub this: Link,
    /// The newer pact again.
    #[serde(rename = "pb:pact", default)]
    pub pact: Link,
    /// The pact it is compared with.
    #[serde(rename = "pb:compared-to-pact", default)]
    pub compared_to_pact: Option<Link>,
}
