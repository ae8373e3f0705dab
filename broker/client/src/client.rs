//! [`HalClient`]: requests to a broker, with credentials, custom headers and retries.

use reqwest::Method;
use serde_json::Value;
use url::Url;

use crate::auth::Auth;
use crate::error::{BrokerError, into_resource};
use crate::hal::HalResource;
use crate::retry::RetryPolicy;

/// The media types the client accepts.
const HAL_JSON: &str = "application/hal+json, application/json";

/// An HTTP client that speaks HAL to a Pact Broker.
#[derive(Debug, Clone)]
pub struct HalClient {
    http: reqwest::Client,
    base_url: Url,
    auth: Option<Auth>,
    headers: Vec<(String, String)>,
    retry: RetryPolicy,
}

impl HalClient {
    /// A client for the broker at `base_url` (a trailing slash is optional), with no
    /// credentials and the reference client's 8 retries.
    ///
    /// ```
    /// use pact_broker_client::HalClient;
    /// let broker = HalClient::new("http://127.0.0.1:9292").unwrap();
    /// assert_eq!(broker.base_url().as_str(), "http://127.0.0.1:9292/");
    /// assert!(HalClient::new("not a url").is_err());
    /// ```
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
            retry: RetryPolicy::default(),
        })
    }

    /// Sends requests through `http` (its timeouts and TLS settings) instead of a default client.
    #[must_use]
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// Sends these credentials with every request.
    #[must_use]
    pub fn with_auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Sends these credentials, if any, with every request.
    #[must_use]
    pub fn with_optional_auth(mut self, auth: Option<Auth>) -> Self {
        self.auth = auth;
        self
    }

    /// Sends this extra header with every request.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Retries requests answered with 5xx, 408 or 429 up to `retries` times, waiting 0.5 s,
    /// 1 s, 2 s, … in between (or what a 429's `Retry-After` asks for): [`RetryPolicy::broker`].
    #[must_use]
    pub fn with_retries(mut self, retries: u32) -> Self {
        self.retry = RetryPolicy::broker(retries);
        self
    }

    /// Retries as `policy` says.
    #[must_use]
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
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

    /// `POST url` with a wire type of `pact-broker-api` as the JSON body.
    pub async fn post_json<B: serde::Serialize + ?Sized>(
        &self,
        url: &Url,
        body: &B,
    ) -> Result<HalResource, BrokerError> {
        self.post(url, &json_body(url, body)?).await
    }

    /// `PUT url` with a JSON body.
    pub async fn put(&self, url: &Url, body: &Value) -> Result<HalResource, BrokerError> {
        self.send(Method::PUT, url, Some(body)).await
    }

    /// `PATCH url` with a JSON merge-patch body.
    pub async fn patch(&self, url: &Url, body: &Value) -> Result<HalResource, BrokerError> {
        self.send(Method::PATCH, url, Some(body)).await
    }

    /// `PATCH url` with a wire type of `pact-broker-api` as the JSON merge-patch body.
    pub async fn patch_json<B: serde::Serialize + ?Sized>(
        &self,
        url: &Url,
        body: &B,
    ) -> Result<HalResource, BrokerError> {
        self.patch(url, &json_body(url, body)?).await
    }

    async fn send(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<HalResource, BrokerError> {
        let text = body.map(Value::to_string);
        let response = self
            .retry
            .send(url.as_str(), || {
                self.request(method.clone(), url, text.as_deref())
            })
            .await
            .map_err(|source| BrokerError::Transport {
                method: method.clone(),
                url: url.to_string(),
                source,
            })?;
        let status = response.status();
        let text = response.text().await.map_err(|source| BrokerError::Transport {
            method: method.clone(),
            url: url.to_string(),
            source,
        })?;
        into_resource(method, url, status, &text)
    }

    fn request(&self, method: Method, url: &Url, body: Option<&str>) -> reqwest::RequestBuilder {
        let content_type = if method == Method::PATCH {
            "application/merge-patch+json"
        } else {
            "application/json"
        };
        let mut request = self
            .http
            .request(method, url.clone())
            .header(reqwest::header::ACCEPT, HAL_JSON);
        if let Some(auth) = &self.auth {
            request = auth.apply(request);
        }
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

/// A wire type as the JSON body of a request to `url`.
fn json_body<B: serde::Serialize + ?Sized>(url: &Url, body: &B) -> Result<Value, BrokerError> {
    serde_json::to_value(body).map_err(|source| BrokerError::InvalidJson {
        url: url.to_string(),
        source,
    })
}
