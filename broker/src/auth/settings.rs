//! Access settings besides the Basic users: whether credentials are required, request limits.

use std::time::Duration;

/// Largest request body by default: 8 MiB (large pacts with many interactions fit easily).
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Longest a request may take by default, including reading its body.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Access and limit settings of a running broker.
///
/// ```
/// use pact_broker::auth::AccessSettings;
///
/// let settings = AccessSettings::default();
/// assert_eq!(settings.max_body_bytes(), 8 * 1024 * 1024);
/// assert_eq!(settings.request_timeout().map(|t| t.as_secs()), Some(30));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessSettings {
    /// Require credentials even when no Basic users are configured (a broker with API tokens).
    pub require_credentials: bool,
    /// Start requiring credentials as soon as an API token exists (a broker started open on
    /// loopback; checked on each request, so a token created while it runs secures it at once).
    pub require_credentials_once_tokens_exist: bool,
    /// Largest request body in bytes; `None` is [`DEFAULT_MAX_BODY_BYTES`].
    pub max_body_bytes: Option<usize>,
    /// Longest a request may take; `None` is [`DEFAULT_REQUEST_TIMEOUT`], zero means no limit.
    pub request_timeout: Option<Duration>,
}

impl AccessSettings {
    /// The body limit in force.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES)
    }

    /// The request timeout in force, if any.
    pub fn request_timeout(&self) -> Option<Duration> {
        match self.request_timeout {
            None => Some(DEFAULT_REQUEST_TIMEOUT),
            Some(t) if t.is_zero() => None,
            Some(t) => Some(t),
        }
    }
}

impl AccessSettings {
    /// The limits from `pact-broker serve` flags (whether credentials are required is decided
    /// at start-up, see [`crate::auth::exposure::secured_config`]).
    pub fn from_serve_args(args: &crate::config::ServeArgs) -> AccessSettings {
        AccessSettings {
            require_credentials: false,
            require_credentials_once_tokens_exist: false,
            max_body_bytes: Some(args.max_body_bytes),
            request_timeout: Some(Duration::from_secs(args.request_timeout_seconds)),
        }
    }
}

/// Names the users, never the passwords.
impl std::fmt::Debug for crate::config::AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let user = |pair: &Option<(String, String)>| pair.as_ref().map(|(u, _)| format!("{u}:<redacted>"));
        f.debug_struct("AuthConfig")
            .field("read_write", &user(&self.read_write))
            .field("read_only", &user(&self.read_only))
            .field("allow_public_read", &self.allow_public_read)
            .field("public_badges", &self.public_badges)
            .finish()
    }
}

/// Shows where the broker listens; leaves out the database URL and passwords, which may hold secrets.
impl std::fmt::Debug for crate::config::ServeArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeArgs")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("base_url", &self.base_url)
            .field("basic_auth_username", &self.basic_auth_username)
            .field(
                "basic_auth_read_only_username",
                &self.basic_auth_read_only_username,
            )
            .field("allow_public_read", &self.allow_public_read)
            .field("no_auth", &self.no_auth)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use crate::config::AuthConfig;

    #[test]
    fn debug_output_never_shows_passwords() {
        let auth = AuthConfig {
            read_write: Some(("admin".into(), "hunter2".into())),
            read_only: Some(("reader".into(), "s3cret".into())),
            ..AuthConfig::default()
        };
        let shown = format!("{auth:?}");
        assert!(shown.contains("admin") && shown.contains("reader"), "{shown}");
        assert!(!shown.contains("hunter2") && !shown.contains("s3cret"), "{shown}");
    }
}
