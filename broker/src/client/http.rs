//! A small HAL client for talking to any Pact Broker.
//!
//! Every conversation starts at the broker's index (`GET /`) and follows relations by name
//! (`pb:publish-contracts`, `pb:pacticipant-version`, …), expanding templated links such as
//! `/pacticipants/{pacticipant}/versions/{version}` with percent-encoded values. Requests carry
//! `Accept: application/hal+json` and the configured credentials (HTTP Basic or a Bearer token).
//! Broker errors become [`BrokerError`] values that keep the URL and the broker's own words.
//!
//! ```no_run
//! # async fn demo() -> Result<(), pact_broker::client::http::BrokerError> {
//! use pact_broker::client::http::{Auth, HalClient};
//!
//! let broker = HalClient::new("http://127.0.0.1:9292")?
//!     .with_auth(Auth::basic("alice", Some("secret".into())))
//!     .with_retries(0);
//! let index = broker.index().await?;
//! let version = broker
//!     .follow(&index, "pb:pacticipant-version", &[("pacticipant", "Foo"), ("version", "1.0.0")])
//!     .await?;
//! println!("{}", version.body()["number"]);
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use super::broker_error::into_resource;
pub use super::broker_error::{BrokerError, Notice};
pub use super::hal::{HalResource, Link};

/// The media type the broker speaks.
const HAL_JSON: &str = "application/hal+json";

/// How the client proves who it is to the broker.
#[derive(Clone, PartialEq, Eq)]
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
    /// HTTP Basic credentials.
    pub fn basic(username: impl Into<String>, password: Option<String>) -> Self {
        Self::Basic {
            username: username.into(),
            password,
        }
    }

    /// A bearer token.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::Bearer { token: token.into() }
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

/// An HTTP client that speaks HAL to a Pact Broker.
#[derive(Debug, Clone)]
pub struct HalClient {
    http: reqwest::Client,
    base_url: Url,
    auth: Option<Auth>,
    headers: Vec<(String, String)>,
    retries: u32,
}

impl HalClient {
    /// A client for the broker at `base_url` (a trailing slash is optional), with no
    /// credentials and the reference client's 8 retries.
    pub fn new(base_url: &str) -> Result<Self, BrokerError> {
        let with_slash = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        let base_url = Url::parse(&with_slash).map_err(|source| BrokerError::InvalidUrl {
            url: base_url.to_string(),
            source,
        })?;
        Ok(Self {
            http: reqwest::Client::new(),
            base_url,
            auth: None,
            headers: Vec::new(),
            retries: 8,
        })
    }

    /// Sends these credentials with every request.
    pub fn with_auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Sends this extra header with every request.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Retries requests answered with 5xx, 408 or 429 up to `retries` times, waiting 0.5 s,
    /// 1 s, 2 s, … in between (or what a 429's `Retry-After` asks for).
    pub fn with_retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// The broker's base URL (always ending in `/`).
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// A URL under the base URL, e.g. `"matrix"`.
    pub fn url_for(&self, path: &str) -> Result<Url, BrokerError> {
        self.base_url
            .join(path.trim_start_matches('/'))
            .map_err(|source| BrokerError::InvalidUrl {
                url: path.to_string(),
                source,
            })
    }

    /// `GET /`: the index every conversation starts from.
    pub async fn index(&self) -> Result<HalResource, BrokerError> {
        self.get(&self.base_url).await
    }

    /// Follows `relation` from `resource` with `GET`, expanding the link with `values`.
    pub async fn follow(
        &self,
        resource: &HalResource,
        relation: &str,
        values: &[(&str, &str)],
    ) -> Result<HalResource, BrokerError> {
        let url = resource.link(relation)?.expand(resource.url(), values)?;
        self.get(&url).await
    }

    /// `GET url`.
    pub async fn get(&self, url: &Url) -> Result<HalResource, BrokerError> {
        self.send(Method::GET, url, None).await
    }

    /// `GET url`, with `None` for a 404.
    pub async fn get_optional(&self, url: &Url) -> Result<Option<HalResource>, BrokerError> {
        match self.get(url).await {
            Ok(resource) => Ok(Some(resource)),
            Err(error) if error.is_not_found() => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// `POST url` with a JSON body.
    pub async fn post(&self, url: &Url, body: &Value) -> Result<HalResource, BrokerError> {
        self.send(Method::POST, url, Some(body)).await
    }

    /// `PUT url` with a JSON body.
    pub async fn put(&self, url: &Url, body: &Value) -> Result<HalResource, BrokerError> {
        self.send(Method::PUT, url, Some(body)).await
    }

    /// `PATCH url` with a JSON merge-patch body.
    pub async fn patch(&self, url: &Url, body: &Value) -> Result<HalResource, BrokerError> {
        self.send(Method::PATCH, url, Some(body)).await
    }

    async fn send(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<HalResource, BrokerError> {
        let mut attempt = 0;
        loop {
            let response = self
                .request(method.clone(), url, body)
                .send()
                .await
                .map_err(|source| BrokerError::Transport {
                    method: method.clone(),
                    url: url.to_string(),
                    source,
                })?;
            let status = response.status();
            if attempt < self.retries && is_retryable(status) {
                let delay =
                    retry_after(&response).unwrap_or_else(|| Duration::from_millis(500 << attempt.min(10)));
                attempt += 1;
                tokio::time::sleep(delay).await;
                continue;
            }
            let text = response.text().await.map_err(|source| BrokerError::Transport {
                method: method.clone(),
                url: url.to_string(),
                source,
            })?;
            return into_resource(method, url, status, &text);
        }
    }

    fn request(&self, method: Method, url: &Url, body: Option<&Value>) -> reqwest::RequestBuilder {
        let content_type = if method == Method::PATCH {
            "application/merge-patch+json"
        } else {
            "application/json"
        };
        let mut request = self
            .http
            .request(method, url.clone())
            .header(reqwest::header::ACCEPT, format!("{HAL_JSON}, application/json"));
        request = match &self.auth {
            Some(Auth::Basic { username, password }) => request.basic_auth(username, password.as_deref()),
            Some(Auth::Bearer { token }) => request.bearer_auth(token),
            None => request,
        };
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body.to_string());
        }
        request
    }
}

fn is_retryable(status: StatusCode) -> bool {
    status.is_server_error()
        || status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
}

fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    if response.status() != StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    let seconds: u64 = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds.min(60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_debug_output_hides_secrets() {
        let debug = format!(
            "{:?} {:?}",
            Auth::basic("alice", Some("s3cret".into())),
            Auth::bearer("t0ken")
        );
        assert!(!debug.contains("s3cret") && !debug.contains("t0ken"), "{debug}");
    }
}
