//! # pact-broker-api
//!
//! The wire model of the Pact Broker: serde types for the resources the broker serves and the
//! requests its clients send. The server (`pact-broker`) serialises these types and the clients
//! (`pact-broker-client`, used by the `pact-broker` CLI and `pact-verifier`) deserialise them, so
//! the compiler checks that both sides agree on every field they share.
//!
//! The crate does no I/O. Types the clients read are lenient (missing fields take their defaults)
//! so that they also read the Ruby Pact Broker's and PactFlow's replies; types the server writes
//! serialise to exactly the JSON the Pact Broker writes (field order included).
//!
//! ```
//! use pact_broker_api::{ConsumerVersionSelector, PactsForVerificationRequest};
//!
//! let request = PactsForVerificationRequest {
//!     consumer_version_selectors: vec![ConsumerVersionSelector::main_branch()],
//!     provider_version_branch: Some("main".into()),
//!     include_pending_status: true,
//!     ..Default::default()
//! };
//! assert_eq!(
//!     serde_json::to_string(&request).unwrap(),
//!     r#"{"consumerVersionSelectors":[{"mainBranch":true}],"providerVersionBranch":"main","includePendingStatus":true}"#
//! );
//! ```

mod deployments;
mod diagnostics;
mod environments;
mod error;
mod field_usage;
mod for_verification;
mod hal;
mod integrations;
mod labels;
mod matrix;
mod metrics;
mod notice;
mod pact_diff;
mod pact_lists;
mod pacticipants;
mod page;
mod problem;
mod provider_contracts;
mod provider_states;
mod publish;
mod requests;
mod selectors;
mod tokens;
mod verification;
mod versions;
mod webhook_deliveries;
mod webhooks;

pub use deployments::{
    CurrentlyDeployed, CurrentlyDeployedEmbedded, CurrentlySupported, CurrentlySupportedEmbedded,
    DeployedVersion, PlacementEmbedded, ReleasedVersion,
};
pub use diagnostics::{DependencyStatus, HealthCheck, Heartbeat};
pub use environments::{Environment, EnvironmentList, EnvironmentListEmbedded};
pub use error::ErrorBody;
pub use field_usage::{FieldUsage, FieldUser, InteractionField, InteractionUsage, UsedField};
pub use for_verification::{
    PactForVerification, PactsForVerification, PactsForVerificationEmbedded, PactsForVerificationRequest,
    VerificationProperties,
};
pub use hal::{Curie, Index, Link, Links, Relation};
pub use integrations::{Integration, IntegrationList, IntegrationListEmbedded, PacticipantName};
pub use labels::{LabelList, LabelListEmbedded, LabelListLinks, LabelName, TitleFirstLink};
pub use matrix::{
    Matrix, MatrixEnvironment, MatrixPact, MatrixPacticipant, MatrixRow, MatrixSummary, MatrixVerification,
    MatrixVersion, NamedLink,
};
pub use metrics::{
    Count, DeployedCount, DistinctCount, Distribution, Metrics, PacticipantCounts, ReleasedCount, TimedCount,
    VerificationCounts,
};
pub use notice::Notice;
pub use pact_diff::{ChangedInteraction, PactChanges, PactDiff, PactDiffLinks};
pub use pact_lists::{
    LatestPact, LatestPactConsumer, LatestPactConsumerEmbedded, LatestPactEmbedded, LatestPacts, PactList,
    VersionNumber,
};
pub use pacticipants::{
    EmbeddedPacticipant, EmbeddedVersion, Label, Pacticipant, PacticipantEmbedded, PacticipantList,
    PacticipantListEmbedded,
};
pub use page::Page;
pub use problem::{Problem, ProblemError};
pub use provider_contracts::{
    ProviderContract, ProviderContractEmbedded, ProviderContractPublished, SelfVerificationResults,
};
pub use provider_states::{ProviderState, ProviderStateList};
pub use publish::{Contract, PublishContractsRequest, PublishContractsResponse, PublishEmbedded, PublishLog};
pub use requests::{DeploymentRequest, EnvironmentRequest, PacticipantRequest};
pub use selectors::{ConsumerVersionSelector, Selection};
pub use tokens::{ApiToken, ApiTokenList, ApiTokenListEmbedded};
pub use verification::{
    ProviderSummary, PublishedVerificationResult, TestResult, VerificationResult, VerificationSummary,
    VerificationSummaryEmbedded, VerifiedBy,
};
pub use versions::{
    Branch, BranchList, BranchListEmbedded, BranchVersion, BranchVersionEmbedded, Tag, Version,
    VersionEmbedded, VersionList, VersionListEmbedded, VersionSummary, VersionSummaryEmbedded,
};
pub use webhook_deliveries::{
    ExecutionError, ExecutionRequest, ExecutionResponse, TriggeredWebhookLogs, TriggeredWebhookLogsEmbedded,
    WebhookExecution, WebhookExecutionResult, WebhookStatus, WebhookStatusSummary,
};
pub use webhooks::{
    TriggeredWebhook, TriggeredWebhookList, TriggeredWebhookListEmbedded, Webhook, WebhookEvent, WebhookList,
    WebhookListEmbedded, WebhookPacticipant, WebhookRequest,
};
