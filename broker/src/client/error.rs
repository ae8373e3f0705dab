//! What a client command can fail with, in words a CI log reader can act on.

use std::path::PathBuf;

use pact_broker_client::{BrokerError, Notice};

/// A failed client command.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The broker said no, or could not be reached.
    #[error(transparent)]
    Broker(#[from] BrokerError),
    /// A pact file or folder could not be read.
    #[error("could not read {path}: {source}")]
    ReadPact {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A pact file is not JSON.
    #[error("{path} is not valid JSON: {source}")]
    InvalidPact {
        /// The file.
        path: PathBuf,
        /// The parse error.
        source: serde_json::Error,
    },
    /// A pact file lacks `consumer.name` or `provider.name`.
    #[error("{path} has no {field}; is it a pact file?")]
    MissingPacticipant {
        /// The file.
        path: PathBuf,
        /// `consumer.name` or `provider.name`.
        field: &'static str,
    },
    /// No pact files were found in what was given.
    #[error("no pact files (*.json) found in {}", paths.join(", "))]
    NoPactFiles {
        /// The arguments given.
        paths: Vec<String>,
    },
    /// The pact files belong to more than one consumer; one publication is one consumer version.
    #[error("the pact files belong to several consumers ({}); publish each consumer's pacts separately", names.join(", "))]
    SeveralConsumers {
        /// The consumer names found.
        names: Vec<String>,
    },
    /// `publish` needs a consumer version.
    #[error(
        "no consumer version given; pass --consumer-app-version (-a) or --auto-detect-version-properties (-r)"
    )]
    MissingConsumerVersion,
    /// No environment with that name exists in the broker.
    #[error("no environment named '{name}' exists in the broker{}", known_list(known))]
    EnvironmentNotFound {
        /// The name asked for.
        name: String,
        /// The names the broker knows.
        known: Vec<String>,
    },
    /// A pacticipant version does not exist.
    #[error("version {version} of {pacticipant} does not exist in the broker")]
    VersionNotFound {
        /// The pacticipant.
        pacticipant: String,
        /// The version number (or a description such as "latest").
        version: String,
    },
    /// A pacticipant does not exist.
    #[error("no pacticipant named '{name}' exists in the broker")]
    PacticipantNotFound {
        /// The name asked for.
        name: String,
    },
    /// Nothing matched an undeployment or end of support.
    #[error("{0}")]
    NothingToRecord(String),
    /// A `--custom-header` value is not `Name: value`.
    #[error("--custom-header '{0}' is not in the form 'Header-Name: value'")]
    InvalidHeader(String),
    /// The options given do not make a valid request.
    #[error("{0}")]
    Usage(String),
}

fn known_list(known: &[String]) -> String {
    if known.is_empty() {
        " (it has none; create one with create-environment)".to_string()
    } else {
        format!(" (known environments: {})", known.join(", "))
    }
}

impl ClientError {
    /// The notices that came with a broker error (a 409 usually carries a diff).
    pub fn notices(&self) -> &[Notice] {
        match self {
            Self::Broker(error) => error.notices(),
            _ => &[],
        }
    }
}
