//! The Pact Broker's counts: `GET /metrics` asked for as JSON (`Accept: application/json` or
//! `application/hal+json`; other clients get OpenMetrics text, which is not a wire type).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Counts of everything the broker stores, in the Pact Broker's shape.
///
/// ```
/// use pact_broker_api::Metrics;
/// let metrics: Metrics = serde_json::from_str(
///     r#"{"pacticipants": {"count": 2, "withMainBranchSetCount": 1},
///         "pactRevisionsPerConsumerVersion": {"distribution": {"1": 3, "2": 1}}}"#,
/// ).unwrap();
/// assert_eq!(metrics.pacticipants.with_main_branch_set_count, 1);
/// assert_eq!(metrics.pact_revisions_per_consumer_version.distribution[&2], 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Metrics {
    /// Pacticipants, and how many have a main branch.
    pub pacticipants: PacticipantCounts,
    /// Consumer–provider pairs with a pact.
    pub integrations: Count,
    /// Pact publications, with the first and last publication time.
    pub pact_publications: TimedCount,
    /// Distinct pact contents.
    pub pact_versions: Count,
    /// Revisions per (consumer version, provider) → how many publications have that many.
    pub pact_revisions_per_consumer_version: Distribution,
    /// Verification results.
    pub verification_results: VerificationCounts,
    /// Results per pact content → how many contents have that many.
    pub verification_results_per_pact_version: Distribution,
    /// Pacticipant versions.
    pub pacticipant_versions: Count,
    /// Webhooks.
    pub webhooks: Count,
    /// Tags, and distinct tag names.
    pub tags: DistinctCount,
    /// Triggered webhooks.
    pub triggered_webhooks: Count,
    /// Webhook execution attempts.
    pub webhook_executions: Count,
    /// Rows of the matrix.
    pub matrix: Count,
    /// Environments.
    pub environments: Count,
    /// Deployments, and how many are current.
    pub deployed_versions: DeployedCount,
    /// Releases, and how many are supported.
    pub released_versions: ReleasedCount,
}

/// `{"count": n}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Count {
    /// How many.
    pub count: i64,
}

/// Pacticipants of [`Metrics`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PacticipantCounts {
    /// How many.
    pub count: i64,
    /// How many have a main branch set.
    pub with_main_branch_set_count: i64,
}

/// A count with the first and last creation time (`null` when there are none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TimedCount {
    /// How many.
    pub count: i64,
    /// When the first was created.
    pub first: Option<String>,
    /// When the last was created.
    pub last: Option<String>,
}

/// Verification results of [`Metrics`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerificationCounts {
    /// How many.
    pub count: i64,
    /// How many succeeded.
    pub success_count: i64,
    /// How many failed.
    pub failure_count: i64,
    /// How many distinct (pact content, provider version) pairs.
    pub distinct_count: i64,
    /// When the first was published.
    pub first: Option<String>,
    /// When the last was published.
    pub last: Option<String>,
}

/// A count and a count of distinct names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DistinctCount {
    /// How many.
    pub count: i64,
    /// How many distinct names.
    pub distinct_count: i64,
}

/// Deployments of [`Metrics`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeployedCount {
    /// How many were recorded.
    pub count: i64,
    /// How many are current.
    pub currently_deployed_count: i64,
}

/// Releases of [`Metrics`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReleasedCount {
    /// How many were recorded.
    pub count: i64,
    /// How many are still supported.
    pub currently_supported_count: i64,
}

/// `{"distribution": {"<n>": how many have n}}`, keys in numeric order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Distribution {
    /// n → how many have n.
    pub distribution: BTreeMap<i64, i64>,
}
