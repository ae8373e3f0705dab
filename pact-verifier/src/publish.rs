//! Publishing verification results to the broker, after tagging and branching the provider version.

use pact_core::model::percent;
use pact_core::{Mismatch, MismatchKind};
use serde_json::{Value, json};

use crate::error::PublishError;
use crate::results::{InteractionOutcome, PactResult};
use crate::retry::RetryPolicy;
use crate::sources::{Auth, error_chain};

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
    pub fn branch(mut self, branch: impl Into<String>) -> Self {
        self.branch = Some(branch.into());
        self
    }

    /// Tags for the version.
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// The CI build that ran the verification.
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
pub(crate) fn result_body(pact: &PactResult, version: &ProviderVersion) -> Value {
    let test_results: Vec<Value> = pact
        .interactions
        .iter()
        .map(|interaction| {
            let mut entry = json!({
                "interactionDescription": interaction.description,
                "success": interaction.passed(),
            });
            if let Some(id) = &interaction.interaction_id {
                entry["interactionId"] = json!(id);
            }
            match &interaction.outcome {
                InteractionOutcome::Passed => {}
                InteractionOutcome::Failed { mismatches, .. } => {
                    entry["mismatches"] = mismatches.iter().map(mismatch_json).collect();
                }
                InteractionOutcome::Error { message } => {
                    entry["exceptions"] = json!([{"message": message}]);
                    entry["mismatches"] = json!([{"attribute": "error", "description": message}]);
                }
            }
            entry
        })
        .collect();
    let mut body = json!({
        "success": pact.all_passed(),
        "providerApplicationVersion": version.version,
        "verifiedBy": {"implementation": "pact-rs", "version": env!("CARGO_PKG_VERSION")},
        "testResults": test_results,
    });
    if let Some(url) = &version.build_url {
        body["buildUrl"] = json!(url);
    }
    body
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

/// Talks to the broker on behalf of one pact.
#[derive(Debug)]
pub(crate) struct Publisher<'a> {
    pub(crate) client: &'a reqwest::Client,
    pub(crate) auth: Option<&'a Auth>,
    pub(crate) retry: RetryPolicy,
}

impl Publisher<'_> {
    fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        let request = self
            .client
            .request(method, url)
            .header("Accept", "application/hal+json, application/json")
            .header("Content-Type", "application/json");
        match self.auth {
            Some(auth) => auth.apply(request),
            None => request,
        }
    }

    async fn send(&self, method: reqwest::Method, url: &str, body: &Value) -> Result<Value, PublishError> {
        let text = body.to_string();
        let response = self
            .retry
            .send(url, || self.request(method.clone(), url).body(text.clone()))
            .await
            .map_err(|e| PublishError::Http {
                url: url.to_string(),
                message: error_chain(&e),
            })?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if !status.is_success() {
            return Err(PublishError::Status {
                url: url.to_string(),
                status: status.as_u16(),
                body: text.chars().take(500).collect(),
            });
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Records the provider version's branch and tags, starting from the pact's `pb:provider` link.
    pub(crate) async fn tag_provider_version(
        &self,
        provider_url: &str,
        version: &ProviderVersion,
    ) -> Result<(), PublishError> {
        let base = provider_url.trim_end_matches('/');
        let v = percent::encode(&version.version);
        if let Some(branch) = &version.branch {
            let url = format!("{base}/branches/{}/versions/{v}", percent::encode(branch));
            self.send(reqwest::Method::PUT, &url, &json!({})).await?;
        }
        for tag in &version.tags {
            let url = format!("{base}/versions/{v}/tags/{}", percent::encode(tag));
            self.send(reqwest::Method::PUT, &url, &json!({})).await?;
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
        self.send(reqwest::Method::POST, publish_url, &result_body(pact, version))
            .await
            .map(drop)
    }
}
