//! Publishing verification results to the broker, after tagging and branching the provider version.

use pact_broker_api::{TestResult, VerificationResult, VerifiedBy};
use pact_broker_client::HalClient;
use pact_core::model::percent;
use pact_core::{Mismatch, MismatchKind};
use serde_json::{Value, json};

use crate::error::PublishError;
use crate::results::{InteractionOutcome, PactResult};

/// The provider version that results are published for.
///
/// ```
/// use pact_verifier::ProviderVersion;
/// let version = ProviderVersion::new("2.0.0")
///     .branch("main")
///     .tags(["prod"])
///     .build_url("http://ci.example/builds/7");
/// assert_eq!(version.version(), "2.0.0");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderVersion {
    version: String,
    branch: Option<String>,
    tags: Vec<String>,
    build_url: Option<String>,
}

impl ProviderVersion {
    /// The provider version number (e.g. a git SHA).
    pub fn new(version: impl Into<String>) -> Self {
        ProviderVersion {
            version: version.into(),
            branch: None,
            tags: Vec::new(),
            build_url: None,
        }
    }

    /// The branch the version belongs to.
    #[must_use]
    pub fn branch(mut self, branch: impl Into<String>) -> Self {
        self.branch = Some(branch.into());
        self
    }

    /// Tags for the version.
    #[must_use]
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// The CI build that ran the verification.
    #[must_use]
    pub fn build_url(mut self, url: impl Into<String>) -> Self {
        self.build_url = Some(url.into());
        self
    }

    /// The version number.
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// The verification result document the broker receives.
pub(crate) fn result_body(pact: &PactResult, version: &ProviderVersion) -> VerificationResult {
    let test_results = pact
        .interactions
        .iter()
        .map(|interaction| {
            let mut entry = TestResult {
                interaction_description: Some(interaction.description.clone()),
                success: interaction.passed(),
                interaction_id: interaction.interaction_id.clone(),
                ..TestResult::default()
            };
            match &interaction.outcome {
                InteractionOutcome::Passed => {}
                InteractionOutcome::Failed { mismatches, .. } => {
                    entry.mismatches = mismatches.iter().map(mismatch_json).collect();
                }
                InteractionOutcome::Error(error) => {
                    let message = error.to_string();
                    entry.exceptions = vec![json!({"message": message})];
                    entry.mismatches = vec![json!({"attribute": "error", "description": message})];
                }
            }
            entry
        })
        .collect();
    VerificationResult {
        success: pact.all_passed(),
        provider_application_version: version.version.clone(),
        verified_by: Some(VerifiedBy::new("pact-rs", env!("CARGO_PKG_VERSION"))),
        test_results,
        build_url: version.build_url.clone(),
    }
}

fn mismatch_json(mismatch: &Mismatch) -> Value {
    let (attribute, identifier) = match &mismatch.kind {
        MismatchKind::Method => ("method", None),
        MismatchKind::Path => ("path", None),
        MismatchKind::Query { parameter } => ("query", Some(parameter.as_str())),
        MismatchKind::Header { name } => ("header", Some(name.as_str())),
        MismatchKind::Status => ("status", None),
        MismatchKind::BodyType => ("body", None),
        MismatchKind::Body { path } => ("body", Some(path.as_str())),
        MismatchKind::Metadata { key } => ("metadata", Some(key.as_str())),
        _ => ("other", None),
    };
    let mut value = json!({"attribute": attribute, "description": mismatch.message});
    if let Some(identifier) = identifier {
        value["identifier"] = json!(identifier);
    }
    value
}

/// Talks to the broker on behalf of one pact, through the broker client (its retries and
/// credentials).
#[derive(Debug)]
pub(crate) struct Publisher<'a> {
    pub(crate) client: &'a HalClient,
}

impl Publisher<'_> {
    fn url(text: &str) -> Result<reqwest::Url, PublishError> {
        reqwest::Url::parse(text).map_err(|e| PublishError::Http {
            url: text.to_string(),
            message: format!("not a valid URL: {e}"),
        })
    }

    /// Records the provider version's branch and tags, starting from the pact's `pb:provider` link.
    pub(crate) async fn tag_provider_version(
        &self,
        provider_url: &str,
        version: &ProviderVersion,
    ) -> Result<(), PublishError> {
        let base = provider_url.trim_end_matches('/');
        let v = percent::encode(&version.version);
        let empty = json!({});
        if let Some(branch) = &version.branch {
            let url = Self::url(&format!(
                "{base}/branches/{}/versions/{v}",
                percent::encode(branch)
            ))?;
            self.client.put(&url, &empty).await?;
        }
        for tag in &version.tags {
            let url = Self::url(&format!("{base}/versions/{v}/tags/{}", percent::encode(tag)))?;
            self.client.put(&url, &empty).await?;
        }
        Ok(())
    }

    /// Posts the verification result to the pact's `pb:publish-verification-results` link.
    pub(crate) async fn publish_result(
        &self,
        publish_url: &str,
        pact: &PactResult,
        version: &ProviderVersion,
    ) -> Result<(), PublishError> {
        let url = Self::url(publish_url)?;
        self.client
            .post_json(&url, &result_body(pact, version))
            .await
            .map(drop)
            .map_err(PublishError::from)
    }
}
