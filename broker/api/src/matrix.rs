//! The matrix and can-i-deploy: `GET /matrix?…` and `GET /can-i-deploy?…`.

use serde::{Deserialize, Serialize};

use crate::hal::Links;
use crate::notice::Notice;

/// The matrix reply: the rows, a summary with the verdict, and notices explaining it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// The verdict and counts.
    #[serde(default)]
    pub summary: MatrixSummary,
    /// Why (one sentence per reason).
    #[serde(default)]
    pub notices: Vec<Notice>,
    /// One row per pact (and verification result) between the selected versions.
    #[serde(default)]
    pub matrix: Vec<MatrixRow>,
}

/// The matrix's verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixSummary {
    /// `Some(true)`, `Some(false)`, or `None` (written as `null`) while results are missing.
    #[serde(default)]
    pub deployable: Option<bool>,
    /// The reason in one sentence.
    #[serde(default)]
    pub reason: Option<String>,
    /// Rows whose verification succeeded.
    #[serde(default)]
    pub success: u64,
    /// Rows whose verification failed.
    #[serde(default)]
    pub failed: u64,
    /// Rows without a verification result.
    #[serde(default)]
    pub unknown: u64,
    /// Rows ignored on request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored: Option<u64>,
}

/// One row of the matrix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixRow {
    /// The consumer and its version.
    #[serde(default)]
    pub consumer: MatrixPacticipant,
    /// The provider and the version that verified (`version` is `null` when none did).
    #[serde(default)]
    pub provider: MatrixPacticipant,
    /// The pact.
    #[serde(default)]
    pub pact: MatrixPact,
    /// The verification result (`null` when the pact is unverified).
    #[serde(default)]
    pub verification_result: Option<MatrixVerification>,
    /// `Some(true)` when the row is ignored on request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored: Option<bool>,
}

/// A pacticipant in a matrix row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MatrixPacticipant {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// The version in this row.
    #[serde(default)]
    pub version: Option<MatrixVersion>,
}

/// A pacticipant version in a matrix row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixVersion {
    /// The version number.
    #[serde(default)]
    pub number: String,
    /// Its (latest) branch, `null` when it has none.
    #[serde(default)]
    pub branch: Option<String>,
    /// Its branches.
    #[serde(default)]
    pub branches: Vec<NamedLink>,
    /// Its branch versions.
    #[serde(default)]
    pub branch_versions: Vec<NamedLink>,
    /// Where it is deployed or released.
    #[serde(default)]
    pub environments: Vec<MatrixEnvironment>,
    /// Its tags.
    #[serde(default)]
    pub tags: Vec<NamedLink>,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// A named thing with a `self` link: a branch, branch version or tag.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedLink {
    /// The name.
    #[serde(default)]
    pub name: String,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

impl NamedLink {
    /// `{"name": name, "_links": {"self": {"href": href}}}`.
    pub fn new(name: impl Into<String>, href: impl Into<String>) -> Self {
        NamedLink {
            name: name.into(),
            links: Links::new().with("self", crate::Link::new(href)),
        }
    }
}

/// An environment a version in a matrix row is in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixEnvironment {
    /// Its UUID.
    #[serde(default)]
    pub uuid: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Whether it is a production environment.
    #[serde(default)]
    pub production: bool,
}

/// The pact of a matrix row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixPact {
    /// When it was published.
    #[serde(default)]
    pub created_at: Option<String>,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The verification result of a matrix row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixVerification {
    /// Whether it passed.
    #[serde(default)]
    pub success: Option<bool>,
    /// When.
    #[serde(default)]
    pub verified_at: Option<String>,
    /// `pact` or `bidirectional`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_type: Option<String>,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}
