//! Command-line flags (and environment variables) for the limits of a mock server process.

use std::time::Duration;

use pact_core::limits::Limits;

use super::ServerLimits;

/// The limits of `pact-mock-server`: what one client may ask ([`ServerLimits`]) and what a pact
/// may ask for ([`Limits`], checked when the pact is read and when responses are generated).
/// Defaults are those of [`ServerLimits::default`] and [`Limits::default`].
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Largest request body in bytes (413 beyond).
    #[arg(long, env = "PACT_MOCK_SERVER_MAX_BODY_BYTES", value_name = "BYTES")]
    pub max_body_bytes: Option<usize>,
    /// Most header lines in a request (431 beyond).
    #[arg(long, env = "PACT_MOCK_SERVER_MAX_HEADERS", value_name = "N")]
    pub max_headers: Option<usize>,
    /// Largest request head (request line and headers) in bytes (431 beyond).
    #[arg(long, env = "PACT_MOCK_SERVER_MAX_HEADER_BYTES", value_name = "BYTES")]
    pub max_header_bytes: Option<usize>,
    /// Seconds an idle connection, or a client sending its request head, may take.
    #[arg(long, env = "PACT_MOCK_SERVER_HEADER_TIMEOUT_SECONDS", value_name = "SECONDS")]
    pub header_timeout_seconds: Option<u64>,
    /// Seconds a client may take to send a request body (408 beyond).
    #[arg(long, env = "PACT_MOCK_SERVER_BODY_TIMEOUT_SECONDS", value_name = "SECONDS")]
    pub body_timeout_seconds: Option<u64>,
    /// Most connections served at once (more wait to be accepted).
    #[arg(long, env = "PACT_MOCK_SERVER_MAX_CONNECTIONS", value_name = "N")]
    pub max_connections: Option<usize>,
    /// Longest value a generator may produce (RandomString size, digits, regex matches).
    #[arg(long, env = "PACT_MAX_GENERATED_LENGTH", value_name = "CHARS")]
    pub max_generated_length: Option<usize>,
    /// Largest `min` of a type rule (eachLike, atLeast).
    #[arg(long, env = "PACT_MAX_MIN_ELEMENTS", value_name = "N")]
    pub max_min_elements: Option<usize>,
    /// Largest compiled size of a regex, in bytes.
    #[arg(long, env = "PACT_MAX_REGEX_SIZE", value_name = "BYTES")]
    pub max_regex_size: Option<usize>,
    /// Deepest nesting of a JSON body.
    #[arg(long, env = "PACT_MAX_BODY_DEPTH", value_name = "N")]
    pub max_body_depth: Option<usize>,
}

impl LimitArgs {
    /// The server's limits: the defaults, with the flags given.
    pub fn server_limits(&self) -> ServerLimits {
        let d = ServerLimits::default();
        ServerLimits {
            max_body_bytes: self.max_body_bytes.unwrap_or(d.max_body_bytes),
            max_headers: self.max_headers.unwrap_or(d.max_headers),
            max_header_bytes: self.max_header_bytes.unwrap_or(d.max_header_bytes),
            header_timeout: self
                .header_timeout_seconds
                .map_or(d.header_timeout, Duration::from_secs),
            body_timeout: self
                .body_timeout_seconds
                .map_or(d.body_timeout, Duration::from_secs),
            max_connections: self.max_connections.unwrap_or(d.max_connections),
            max_concurrent_work: d.max_concurrent_work,
        }
    }

    /// The pact limits: the defaults, with the flags given.
    pub fn pact_limits(&self) -> Limits {
        let d = Limits::default();
        d.with_max_generated_length(self.max_generated_length.unwrap_or(d.max_generated_length))
            .with_max_min_elements(self.max_min_elements.unwrap_or(d.max_min_elements))
            .with_max_regex_size(self.max_regex_size.unwrap_or(d.max_regex_size))
            .with_max_body_depth(self.max_body_depth.unwrap_or(d.max_body_depth))
    }
}
