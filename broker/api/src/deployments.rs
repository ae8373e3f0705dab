//! Deployed and released versions: `POST …/versions/{v}/deployed-versions/environment/{uuid}`,
//! `GET/PATCH /deployed-versions/{uuid}` (and the same for releases), and what is currently
//! deployed to or supported in an environment.

use serde::{Deserialize, Serialize};

use crate::environments::Environment;
use crate::hal::Links;
use crate::pacticipants::{EmbeddedPacticipant, EmbeddedVersion};

/// A version deployed to an environment (`GET /deployed-versions/{uuid}`).
///
/// ```
/// use pact_broker_api::DeployedVersion;
/// let d: DeployedVersion = serde_json::from_str(
///     r#"{"uuid": "u", "currentlyDeployed": true, "applicationInstance": null,
///         "_embedded": {"version": {"number": "10"}, "pacticipant": {"name": "Api"}}}"#,
/// ).unwrap();
/// assert!(d.currently_deployed);
/// assert_eq!(d.embedded.version.number, "10");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeployedVersion {
    /// Its UUID.
    #[serde(default)]
    pub uuid: String,
    /// When the deployment was recorded.
    #[serde(default)]
    pub created_at: Option<String>,
    /// The version, the environment and the pacticipant.
    #[serde(rename = "_embedded", default)]
    pub embedded: PlacementEmbedded,
    /// `self`, `pb:version`, `pb:pacticipant`, `pb:environment`.
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// Whether it is still deployed.
    #[serde(default)]
    pub currently_deployed: bool,
    /// The application instance it was deployed as, if any.
    #[serde(default)]
    pub application_instance: Option<String>,
    /// The deprecated name of `applicationInstance`.
    #[serde(default)]
    pub target: Option<String>,
    /// When it was undeployed.
    #[serde(default)]
    pub undeployed_at: Option<String>,
}

/// A version released to an environment (`GET /released-versions/{uuid}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleasedVersion {
    /// Its UUID.
    #[serde(default)]
    pub uuid: String,
    /// When the release was recorded.
    #[serde(default)]
    pub created_at: Option<String>,
    /// The version, the environment and the pacticipant.
    #[serde(rename = "_embedded", default)]
    pub embedded: PlacementEmbedded,
    /// `self`, `pb:version`, `pb:pacticipant`, `pb:environment`.
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// Whether it is still supported.
    #[serde(default)]
    pub currently_supported: bool,
    /// When its support ended.
    #[serde(default)]
    pub support_ended_at: Option<String>,
}

/// What a [`DeployedVersion`] or [`ReleasedVersion`] embeds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlacementEmbedded {
    /// The version (`{"number", "_links"}`).
    #[serde(default)]
    pub version: EmbeddedVersion,
    /// The environment.
    #[serde(default)]
    pub environment: Environment,
    /// The pacticipant (`{"name", "_links"}`).
    #[serde(default)]
    pub pacticipant: EmbeddedPacticipant,
}

/// The versions currently deployed to an environment
/// (`GET /environments/{uuid}/deployed-versions/currently-deployed`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CurrentlyDeployed {
    /// The deployed versions.
    #[serde(rename = "_embedded", default)]
    pub embedded: CurrentlyDeployedEmbedded,
    /// `self`, `pb:environment`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of [`CurrentlyDeployed`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentlyDeployedEmbedded {
    /// The deployed versions.
    #[serde(default)]
    pub deployed_versions: Vec<DeployedVersion>,
}

/// The versions currently released and supported in an environment
/// (`GET /environments/{uuid}/released-versions/currently-supported`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CurrentlySupported {
    /// The released versions.
    #[serde(rename = "_embedded", default)]
    pub embedded: CurrentlySupportedEmbedded,
    /// `self`, `pb:environment`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of [`CurrentlySupported`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentlySupportedEmbedded {
    /// The released versions.
    #[serde(default)]
    pub released_versions: Vec<ReleasedVersion>,
}
