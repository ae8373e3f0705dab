//! Pacticipant versions, their branches and tags: `GET /pacticipants/{p}/versions/{v}`, the
//! version lists, `…/branches[/{b}[/versions/{v}]]` and `…/versions/{v}/tags/{t}`.

use serde::{Deserialize, Serialize};

use crate::hal::Links;
use crate::page::Page;

/// A pacticipant version (`GET /pacticipants/{name}/versions/{number}`, the latest versions, and
/// embedded in the publish reply and a new branch version).
///
/// ```
/// use pact_broker_api::Version;
/// let v: Version = serde_json::from_str(
///     r#"{"number": "1.0.0", "branch": "main", "_embedded": {"tags": [{"name": "dev"}]}}"#,
/// ).unwrap();
/// assert_eq!(v.embedded.tags[0].name, "dev");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    /// The version number.
    #[serde(default)]
    pub number: String,
    /// The CI build that created it.
    #[serde(default)]
    pub build_url: Option<String>,
    /// Its newest branch.
    #[serde(default)]
    pub branch: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Its branch versions and tags.
    #[serde(rename = "_embedded", default)]
    pub embedded: VersionEmbedded,
    /// `self`, `pb:pacticipant`, `pb:record-deployment`, …
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// What a [`Version`] embeds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionEmbedded {
    /// The branches it is on.
    #[serde(default)]
    pub branch_versions: Vec<BranchVersion>,
    /// Its tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A version's place on a branch (`GET /pacticipants/{p}/branches/{b}/versions/{v}`; embedded as
/// `{"name", "_links"}` in a version, `{"name"}` in a version list).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchVersion {
    /// The branch name.
    #[serde(default)]
    pub name: String,
    /// `self`, `pb:branch`, `pb:version`.
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// The version, after `PUT` (which may create it).
    #[serde(rename = "_embedded", default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<BranchVersionEmbedded>,
}

/// What a [`BranchVersion`] embeds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchVersionEmbedded {
    /// The version.
    pub version: Version,
}

/// A version tag (`GET /pacticipants/{p}/versions/{v}/tags/{t}`; embedded as
/// `{"name", "createdAt", "_links"}` in a version, `{"name"}` in a version list).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    /// The tag.
    #[serde(default)]
    pub name: String,
    /// When it was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// `self`, `pb:version`, `pb:pacticipant`.
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
}

/// A branch (`GET /pacticipants/{p}/branches/{b}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Branch {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// When its first version was added.
    #[serde(default)]
    pub created_at: Option<String>,
    /// `self`, `pb:latest-version`, `pb:pacticipant`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The branches of a pacticipant (`GET /pacticipants/{p}/branches`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchList {
    /// The branches.
    #[serde(rename = "_embedded", default)]
    pub embedded: BranchListEmbedded,
    /// `self`, `pb:pacticipant`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of a [`BranchList`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchListEmbedded {
    /// The branches.
    #[serde(default)]
    pub branches: Vec<Branch>,
}

/// A version in a list: `{"number", "buildUrl", "createdAt", "_embedded"?, "_links"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionSummary {
    /// The version number.
    #[serde(default)]
    pub number: String,
    /// The CI build that created it.
    #[serde(default)]
    pub build_url: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Its tag and branch names (in `GET /pacticipants/{p}/versions`).
    #[serde(rename = "_embedded", default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<VersionSummaryEmbedded>,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// What a [`VersionSummary`] embeds: names only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionSummaryEmbedded {
    /// Its tags (`{"name"}`).
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Its branches (`{"name"}`).
    #[serde(default)]
    pub branch_versions: Vec<BranchVersion>,
}

/// Versions of a pacticipant: all of them, paged (`GET /pacticipants/{p}/versions`), or those
/// with a tag or on a branch (`…/tags/{t}/versions`, `…/branches/{b}/versions`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionList {
    /// The versions, newest first.
    #[serde(rename = "_embedded", default)]
    pub embedded: VersionListEmbedded,
    /// `self`, `pb:pacticipant`, paging links, …
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// The page, when the list is paged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<Page>,
}

/// `_embedded` of a [`VersionList`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionListEmbedded {
    /// The versions.
    #[serde(default)]
    pub versions: Vec<VersionSummary>,
}
