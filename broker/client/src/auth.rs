//! Credentials: HTTP Basic or a Bearer token.

use std::fmt;

/// How a client proves who it is to the broker (or to a pact URL).
///
/// ```
/// use pact_broker_client::Auth;
/// let basic = Auth::basic("alice", "secret");
/// let bearer = Auth::bearer("t0k3n");
/// assert_ne!(basic, bearer);
/// // Secrets never reach logs or panic messages.
/// assert!(!format!("{basic:?} {bearer:?}").contains("secret"));
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// HTTP Basic authentication (the open-source Pact Broker's only scheme).
    Basic {
        /// The user name.
        username: String,
        /// The password, if any.
        password: Option<String>,
    },
    /// An `Authorization: Bearer` token (PactFlow, or a broker behind a token-checking proxy).
    Bearer {
        /// The token.
        token: String,
    },
}

impl Auth {
    /// HTTP Basic credentials with a password.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::Basic {
            username: username.into(),
            password: Some(password.into()),
        }
    }

    /// HTTP Basic credentials, the password optional (as the CLIs' `-u` without `-p`).
    pub fn basic_with(username: impl Into<String>, password: Option<String>) -> Self {
        Self::Basic {
            username: username.into(),
            password,
        }
    }

    /// A bearer token.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::Bearer { token: token.into() }
    }

    /// Adds the credentials to a request.
    pub fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self {
            Self::Basic { username, password } => request.basic_auth(username, password.as_deref()),
            Self::Bearer { token } => request.bearer_auth(token),
        }
    }
}

impl fmt::Debug for Auth {
    // Secrets never reach logs or panic messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"<redacted>")
                .finish(),
            Self::Bearer { .. } => f.debug_struct("Bearer").field("token", &"<redacted>").finish(),
        }
    }
}
