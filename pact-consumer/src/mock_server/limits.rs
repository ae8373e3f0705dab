//! Resource bounds of a mock server's HTTP side, so a misbehaving client cannot hold it.

use std::time::Duration;

/// What one client may ask of a mock server: body size, headers, time, connections.
///
/// ```
/// use pact_consumer::ServerLimits;
/// let limits = ServerLimits::default();
/// assert_eq!(limits.max_body_bytes, 16 * 1024 * 1024);
/// assert_eq!(limits.max_connections, 1024);
/// let small = ServerLimits::default().with_max_body_bytes(1024);
/// assert_eq!(small.max_body_bytes, 1024);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerLimits {
    /// Largest request body in bytes; a larger one is answered 413 (default 16 MiB).
    pub max_body_bytes: usize,
    /// Most header lines in a request; more are answered 431 (default 100).
    pub max_headers: usize,
    /// Largest request head (request line and headers) in bytes; larger is answered 431
    /// (default 64 KiB).
    pub max_header_bytes: usize,
    /// Longest a connection may wait for a complete request head: an idle keep-alive
    /// connection, or a client sending its headers slowly, is closed after it (default 30 s).
    pub header_timeout: Duration,
    /// Longest reading a request body may take; a slower client is answered 408 (default 30 s).
    pub body_timeout: Duration,
    /// Most connections served at once; more wait to be accepted (default 1024).
    pub max_connections: usize,
    /// Most requests whose matching and generation run at once (each on a blocking thread, so
    /// a heavy one never holds up the others); more wait their turn (default 64).
    pub max_concurrent_work: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_body_bytes: 16 * 1024 * 1024,
            max_headers: 100,
            max_header_bytes: 64 * 1024,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            max_connections: 1024,
            max_concurrent_work: 64,
        }
    }
}

impl ServerLimits {
    /// These limits with `max_body_bytes` set.
    pub fn with_max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// These limits with `max_headers` set.
    pub fn with_max_headers(mut self, count: usize) -> Self {
        self.max_headers = count;
        self
    }

    /// These limits with `max_header_bytes` set.
    pub fn with_max_header_bytes(mut self, bytes: usize) -> Self {
        self.max_header_bytes = bytes;
        self
    }

    /// These limits with `header_timeout` set.
    pub fn with_header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// These limits with `body_timeout` set.
    pub fn with_body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// These limits with `max_connections` set.
    pub fn with_max_connections(mut self, count: usize) -> Self {
        self.max_connections = count;
        self
    }
}
