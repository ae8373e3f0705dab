//! Why pacts could not be loaded or results could not be published.

use std::path::PathBuf;
use std::sync::Arc;

use pact_broker_client::BrokerError;

/// Why a pact source could not be read.
///
/// Every variant names the file or URL involved, and broker rejections keep the broker's own
/// words (for example the reasons a consumer version selector was refused).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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

/// Why a run could not verify everything it was asked to: a pact source that could not be
/// read, no pacts at all, or an HTTP client that could not be built. Each names what and where.
///
/// ```
/// use pact_verifier::VerifyError;
/// let error = VerifyError::NoPacts { provider: "UserService".into() };
/// assert_eq!(error.to_string(), "no pacts were found to verify for provider 'UserService'");
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// A pact source could not be read (file, URL or broker).
    #[error(transparent)]
    Source(Arc<SourceError>),
    /// No source held any pact (and no pacts is not acceptable).
    #[error("no pacts were found to verify for provider '{provider}'")]
    NoPacts {
        /// The provider verified.
        provider: String,
    },
    /// The HTTP client could not be created (TLS set-up).
    #[error("could not create the HTTP client: {message}")]
    HttpClient {
        /// Why.
        message: String,
    },
}

impl VerifyError {
    /// Whether the error's sentence contains `text` (a shorthand for tests and filters).
    ///
    /// ```
    /// use pact_verifier::VerifyError;
    /// let error = VerifyError::HttpClient { message: "no TLS backend".into() };
    /// assert!(error.contains("could not create the HTTP client"));
    /// ```
    pub fn contains(&self, text: &str) -> bool {
        self.to_string().contains(text)
    }
}

impl PartialEq for VerifyError {
    /// Errors are equal when they say the same thing (a source error's cause is not comparable).
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

// A report is read after a run, never mutated through a shared reference; the causes a source
// error keeps (`std::io::Error`, `reqwest::Error`) hold no interior mutability that a panic could
// leave half-updated. So a `VerificationReport` stays usable across `catch_unwind`, as it was
// when its errors were strings.
impl std::panic::UnwindSafe for VerifyError {}
impl std::panic::RefUnwindSafe for VerifyError {}

impl From<SourceError> for VerifyError {
    fn from(error: SourceError) -> Self {
        VerifyError::Source(Arc::new(error))
    }
}

/// Why one interaction could not be verified (as opposed to failing: the provider answered, but
/// not as the pact expects). Its sentence is what the reports show.
///
/// ```
/// use pact_verifier::InteractionError;
/// let error = InteractionError::StateSetup { state: "user 42 exists".into(), message: "db down".into() };
/// assert_eq!(error.to_string(), "provider state 'user 42 exists' could not be set up: db down");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InteractionError {
    /// A provider state could not be set up (the hook returned an error, or the state-change
    /// URL answered with one).
    #[error("provider state '{state}' could not be set up: {message}")]
    StateSetup {
        /// The provider state.
        state: String,
        /// What the hook or URL said.
        message: String,
    },
    /// A provider state could not be torn down.
    #[error("provider state '{state}' could not be torn down: {message}")]
    StateTeardown {
        /// The provider state.
        state: String,
        /// What the hook or URL said.
        message: String,
    },
    /// A hook supplied by the caller panicked: a state set-up or teardown, or a request filter.
    #[error("the {hook} panicked: {message}")]
    Panicked {
        /// Which hook, e.g. `request filter` or `set-up of provider state 'user 42 exists'`.
        hook: String,
        /// The panic message.
        message: String,
    },
    /// Part of the interaction could not be read from the pact, so it is not replayed.
    #[error("the interaction cannot be verified, part of it could not be read from the pact: {}", parts.join("; "))]
    Unusable {
        /// Each unreadable part as `path: reason`.
        parts: Vec<String>,
    },
    /// The interaction is of a kind this verifier cannot replay (a kind added to the pact
    /// model after this verifier).
    #[error("{kind} interactions cannot be verified by this verifier")]
    UnsupportedKind {
        /// The interaction's kind, as the model names it.
        kind: String,
    },
    /// The provider could not be reached, or its answer (or message) could not be read.
    #[error("{message}")]
    Provider {
        /// What went wrong, naming the request.
        message: String,
    },
}

/// Why verification results could not be published to the broker.
///
/// ```
/// use pact_verifier::PublishError;
/// assert_eq!(
///     PublishError::Filtered.to_string(),
///     "results were not published because interactions were filtered"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PublishError {
    /// Interactions were filtered, so the result would not describe the whole pact.
    #[error("results were not published because interactions were filtered")]
    Filtered,
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

impl From<BrokerError> for SourceError {
    /// The broker client's errors in the verifier's words (the URL, the status, the broker's
    /// `errors` pretty-printed in full).
    fn from(error: BrokerError) -> Self {
        match error {
            BrokerError::InvalidUrl { url, source } => SourceError::InvalidUrl {
                url,
                message: source.to_string(),
            },
            BrokerError::Transport { url, source, .. } => SourceError::Http {
                url,
                message: error_chain(&source),
            },
            BrokerError::InvalidJson { url, source } => SourceError::Http {
                url,
                message: format!("the answer is not JSON: {source}"),
            },
            BrokerError::MissingRelation { relation, url } => SourceError::MissingLink { url, relation },
            BrokerError::Rejected {
                url,
                status,
                errors,
                details,
                ..
            } if !details.is_null() => SourceError::BrokerRejected {
                url,
                status,
                errors: serde_json::to_string_pretty(&details).unwrap_or_else(|_| errors.join("; ")),
            },
            BrokerError::Rejected {
                url, status, errors, ..
            } => SourceError::Status {
                url,
                status,
                body: errors.join("; "),
            },
            other => status_error(other),
        }
    }
}

impl From<BrokerError> for PublishError {
    fn from(error: BrokerError) -> Self {
        match error {
            BrokerError::Transport { url, source, .. } => PublishError::Http {
                url,
                message: error_chain(&source),
            },
            other => match SourceError::from(other) {
                SourceError::Status { url, status, body } => PublishError::Status { url, status, body },
                SourceError::BrokerRejected { url, status, errors } => PublishError::Status {
                    url,
                    status,
                    body: errors,
                },
                other => PublishError::Http {
                    url: String::new(),
                    message: other.to_string(),
                },
            },
        }
    }
}

/// A broker answer with an error status, as `{url} answered HTTP {status}: {body}`.
fn status_error(error: BrokerError) -> SourceError {
    let text = error.to_string();
    match error {
        BrokerError::NotFound { url, message, .. } => SourceError::Status {
            url,
            status: 404,
            body: message.unwrap_or_default(),
        },
        BrokerError::Unauthorized { url, status } => SourceError::Status {
            url,
            status,
            body: text,
        },
        BrokerError::Unexpected {
            url, status, body, ..
        } => SourceError::Status { url, status, body },
        BrokerError::Conflict { url, errors, .. } => SourceError::Status {
            url,
            status: 409,
            body: errors.join("; "),
        },
        BrokerError::UnexpandedTemplate { href, .. } => SourceError::InvalidUrl {
            url: href,
            message: text,
        },
        _ => SourceError::Http {
            url: String::new(),
            message: text,
        },
    }
}

/// An error with its causes, e.g. `error sending request: connection refused`.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
