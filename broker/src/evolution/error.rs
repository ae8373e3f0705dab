//! What can go wrong in the API-evolution commands.

use pact_broker_client::BrokerError;

/// An error of `openapi-diff` or `field-usage`, naming what failed and where.
#[derive(Debug, thiserror::Error)]
pub enum EvolutionError {
    /// A document file could not be read.
    #[error("cannot read {path}: {source}")]
    ReadFile {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A document URL could not be fetched.
    #[error("cannot fetch {url}: {message}")]
    Fetch {
        /// The URL.
        url: String,
        /// Why.
        message: String,
    },
    /// A document is not a usable OpenAPI document.
    #[error("{what} is not a usable OpenAPI document: {source}")]
    OpenApi {
        /// Which document (its file or URL).
        what: String,
        /// Why.
        source: pact_openapi::OpenApiError,
    },
    /// The broker could not be reached or answered an error.
    #[error(transparent)]
    Broker(#[from] BrokerError),
    /// The broker's field-usage resource had an unexpected shape.
    #[error("the broker's field-usage resource at {url} is not understood: {message}")]
    FieldUsageShape {
        /// The resource.
        url: String,
        /// What was wrong.
        message: String,
    },
    /// The command line asks for something inconsistent.
    #[error("{0}")]
    Usage(String),
}
