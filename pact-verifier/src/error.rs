//! Why pacts could not be loaded or results could not be published.

use std::path::PathBuf;

/// Why a pact source could not be read.
///
/// Every variant names the file or URL involved, and broker rejections keep the broker's own
/// words (for example the reasons a consumer version selector was refused).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A pact file or directory could not be read.
    #[error("could not read {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A document was read but is not a valid pact.
    #[error("{origin} is not a valid pact: {source}")]
    InvalidPact {
        /// Where the document came from (file path or URL).
        origin: String,
        /// What the pact reader said.
        source: pact_core::PactError,
    },
    /// An HTTP request could not be made or its answer not read.
    #[error("request to {url} failed: {message}")]
    Http {
        /// The URL requested.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The server answered with an unexpected status.
    #[error("{url} answered HTTP {status}: {body}")]
    Status {
        /// The URL requested.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the response body.
        body: String,
    },
    /// The broker refused the request for pacts (typically an invalid consumer version selector).
    #[error("the Pact Broker rejected the request to {url} (HTTP {status}):\n{errors}")]
    BrokerRejected {
        /// The URL requested.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The broker's `errors` object, pretty-printed in full.
        errors: String,
    },
    /// A HAL document lacks a relation the verifier needs.
    #[error("{url} has no '{relation}' link; is this a Pact Broker?")]
    MissingLink {
        /// The document's URL.
        url: String,
        /// The relation, e.g. `pb:provider-pacts-for-verification`.
        relation: String,
    },
    /// A URL could not be parsed.
    #[error("'{url}' is not a valid URL: {message}")]
    InvalidUrl {
        /// The text given.
        url: String,
        /// Why it is invalid.
        message: String,
    },
}

/// Why verification results could not be published to the broker.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The pact did not come from a broker, so there is nowhere to publish.
    #[error("the pact has no 'pb:publish-verification-results' link (it did not come from a Pact Broker)")]
    NoPublishLink,
    /// An HTTP request failed.
    #[error("request to {url} failed: {message}")]
    Http {
        /// The URL requested.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The broker answered with an error status.
    #[error("{url} answered HTTP {status}: {body}")]
    Status {
        /// The URL requested.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The response body.
        body: String,
    },
}
