//! The pact itself: a consumer, a provider and the interactions between them.

use serde_json::{Map, Value};

use super::Interaction;

/// A version of the Pact specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[non_exhaustive]
pub enum SpecVersion {
    /// Version 1.0.0.
    V1,
    /// Version 1.1.0.
    V1_1,
    /// Version 2.0.0: flat `$.body…` matching rules.
    V2,
    /// Version 3.0.0: categorised matching rules, generators, messages.
    V3,
    /// Version 4.0: typed interactions, synchronous messages, `{contentType, encoded, content}` bodies.
    #[default]
    V4,
}

impl SpecVersion {
    /// The version string written in `metadata.pactSpecification.version`.
    ///
    /// ```
    /// assert_eq!(pact_core::SpecVersion::V3.as_metadata_str(), "3.0.0");
    /// ```
    pub fn as_metadata_str(self) -> &'static str {
        match self {
            SpecVersion::V1 => "1.0.0",
            SpecVersion::V1_1 => "1.1.0",
            SpecVersion::V2 => "2.0.0",
            SpecVersion::V3 => "3.0.0",
            SpecVersion::V4 => "4.0",
        }
    }

    /// Parses a version as written in metadata (`"3.0.0"`, `"4.0"`, `"V3"`, `"v1.1"`…).
    ///
    /// ```
    /// use pact_core::SpecVersion;
    /// assert_eq!(SpecVersion::parse("1.1.0"), Some(SpecVersion::V1_1));
    /// assert_eq!(SpecVersion::parse("V4"), Some(SpecVersion::V4));
    /// assert_eq!(SpecVersion::parse("banana"), None);
    /// ```
    pub fn parse(text: &str) -> Option<SpecVersion> {
        let t = text.trim().trim_start_matches(['v', 'V']).replace('_', ".");
        let mut parts = t.split('.');
        let major = parts.next()?.parse::<u32>().ok()?;
        let minor = parts.next().map(|m| m.parse::<u32>().ok()).unwrap_or(Some(0))?;
        match (major, minor) {
            (1, 0) => Some(SpecVersion::V1),
            (1, _) => Some(SpecVersion::V1_1),
            (2, _) => Some(SpecVersion::V2),
            (3, _) => Some(SpecVersion::V3),
            (4, _) => Some(SpecVersion::V4),
            _ => None,
        }
    }
}

/// One side of a pact: the consumer or the provider.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pacticipant {
    /// The application's name, e.g. `OrderService`.
    pub name: String,
}

impl Pacticipant {
    /// A pacticipant called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Pacticipant { name: name.into() }
    }
}

/// A contract between a consumer and a provider.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pact {
    /// The application that makes the requests (or receives the messages).
    pub consumer: Pacticipant,
    /// The application that answers them (or sends the messages).
    pub provider: Pacticipant,
    /// Every interaction, in file order: HTTP, asynchronous and synchronous messages.
    pub interactions: Vec<Interaction>,
    /// The `metadata` object as read, minus nothing: `pactSpecification` and any tool entries.
    pub metadata: Map<String, Value>,
    /// The specification version the pact was read as (or should be written as).
    pub specification: SpecVersion,
}

impl Pact {
    /// An empty pact between `consumer` and `provider` for specification `specification`.
    ///
    /// ```
    /// let pact = pact_core::Pact::new("OrderService", "UserService", pact_core::SpecVersion::V4);
    /// assert!(pact.interactions.is_empty());
    /// ```
    pub fn new(consumer: impl Into<String>, provider: impl Into<String>, specification: SpecVersion) -> Self {
        Pact {
            consumer: Pacticipant::new(consumer),
            provider: Pacticipant::new(provider),
            interactions: Vec::new(),
            metadata: Map::new(),
            specification,
        }
    }
}
