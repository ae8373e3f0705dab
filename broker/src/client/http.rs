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

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

/// Characters left as they are when a value is put into a link template: RFC 3986 "unreserved".
const TEMPLATE_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

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

/// A notice in a broker reply (`{"type": "warning", "text": "…"}`), as sent by
/// `POST /contracts/publish` and the matrix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Notice {
    /// `debug`, `info`, `warning`, `prompt`, `success`, `error` or `danger`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The sentence to show the user.
    #[serde(default)]
    pub text: String,
}

impl Notice {
    /// Reads the `notices` array of a reply; anything that is not a notice is skipped.
    pub fn all_in(body: &Value) -> Vec<Notice> {
        body.get("notices")
            .and_then(Value::as_array)
            .map(|notices| {
                notices
                    .iter()
                    .filter_map(|notice| serde_json::from_value(notice.clone()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether this notice reports a failure (`error` or `danger`).
    pub fn is_error(&self) -> bool {
        matches!(self.kind.as_str(), "error" | "danger")
    }
}

/// What can go wrong while talking to a broker.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// The base URL (or a link) is not a URL.
    #[error("'{url}' is not a valid URL: {source}")]
    InvalidUrl {
        /// The text that failed to parse.
        url: String,
        /// Why.
        source: url::ParseError,
    },
    /// The broker could not be reached or the connection broke.
    #[error("could not {method} {url}: {source}")]
    Transport {
        /// The HTTP method.
        method: Method,
        /// The URL requested.
        url: String,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// A resource has no link with the relation the client needs.
    #[error(
        "the resource at {url} has no '{relation}' link; is this a Pact Broker (and a recent enough one)?"
    )]
    MissingRelation {
        /// The relation looked for, e.g. `pb:publish-contracts`.
        relation: String,
        /// The resource that lacked it.
        url: String,
    },
    /// A templated link still had a `{placeholder}` after expansion.
    #[error("the '{relation}' link '{href}' needs a value for '{placeholder}'")]
    UnexpandedTemplate {
        /// The relation.
        relation: String,
        /// The link as the broker sent it.
        href: String,
        /// The placeholder left over.
        placeholder: String,
    },
    /// 404.
    #[error("{method} {url} returned 404 Not Found{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    NotFound {
        /// The HTTP method.
        method: Method,
        /// The URL requested.
        url: String,
        /// The broker's `error` message, if any.
        message: Option<String>,
    },
    /// 400 or 422: the broker rejected the request's content.
    #[error("the broker rejected {method} {url} (HTTP {status}): {}", errors.join("; "))]
    Rejected {
        /// The HTTP method.
        method: Method,
        /// The URL requested.
        url: String,
        /// 400 or 422.
        status: u16,
        /// The broker's validation messages, each as `field: message`.
        errors: Vec<String>,
        /// Notices sent with the rejection.
        notices: Vec<Notice>,
    },
    /// 409: the request conflicts with what the broker holds (e.g. changed pact content).
    #[error(
        "the broker refused {method} {url} with 409 Conflict{}",
        summary(notices, errors)
    )]
    Conflict {
        /// The HTTP method.
        method: Method,
        /// The URL requested.
        url: String,
        /// The broker's notices (the error and, usually, a diff).
        notices: Vec<Notice>,
        /// Any `errors` messages.
        errors: Vec<String>,
    },
    /// 401 or 403.
    #[error(
        "the broker refused access to {url} (HTTP {status}); check --broker-username/--broker-password or --broker-token"
    )]
    Unauthorized {
        /// The URL requested.
        url: String,
        /// 401 or 403.
        status: u16,
    },
    /// Any other non-success status.
    #[error("{method} {url} returned HTTP {status}: {body}")]
    Unexpected {
        /// The HTTP method.
        method: Method,
        /// The URL requested.
        url: String,
        /// The status code.
        status: u16,
        /// The start of the body.
        body: String,
    },
    /// A success response whose body is not JSON.
    #[error("{url} did not return JSON: {source}")]
    InvalidJson {
        /// The URL requested.
        url: String,
        /// The parse error.
        source: serde_json::Error,
    },
}

fn summary(notices: &[Notice], errors: &[String]) -> String {
    let texts: Vec<&str> = notices
        .iter()
        .filter(|n| n.is_error())
        .map(|n| n.text.as_str())
        .chain(errors.iter().map(String::as_str))
        .collect();
    if texts.is_empty() {
        String::new()
    } else {
        format!(": {}", texts.join("; "))
    }
}

impl BrokerError {
    /// Whether the broker said the resource does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }

    /// The notices the broker sent with an error (409s carry a diff here).
    pub fn notices(&self) -> &[Notice] {
        match self {
            Self::Conflict { notices, .. } | Self::Rejected { notices, .. } => notices,
            _ => &[],
        }
    }
}

/// A link in a HAL document: `{"href": …, "name": …, "title": …, "templated": true}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Link {
    /// The relation this link was found under (filled in by [`HalResource::links`]).
    #[serde(skip)]
    pub relation: String,
    /// The target, possibly a template with `{placeholders}`.
    pub href: String,
    /// The link's name (the broker puts environment names here for `pb:record-deployment`).
    #[serde(default)]
    pub name: Option<String>,
    /// A human title.
    #[serde(default)]
    pub title: Option<String>,
    /// Whether `href` is a template.
    #[serde(default)]
    pub templated: bool,
}

impl Link {
    /// Fills the `{placeholders}` of `href` with percent-encoded values and returns the URL.
    ///
    /// Relative links are resolved against `base`.
    ///
    /// ```
    /// use pact_broker::client::http::Link;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let link = Link {
    ///     relation: "pb:pacticipant-version".into(),
    ///     href: "http://broker/pacticipants/{pacticipant}/versions/{version}".into(),
    ///     name: None,
    ///     title: None,
    ///     templated: true,
    /// };
    /// let base = url::Url::parse("http://broker/")?;
    /// let url = link.expand(&base, &[("pacticipant", "Order Service"), ("version", "1.0/rc")])?;
    /// assert_eq!(url.as_str(), "http://broker/pacticipants/Order%20Service/versions/1.0%2Frc");
    /// # Ok(())
    /// # }
    /// ```
    pub fn expand(&self, base: &Url, values: &[(&str, &str)]) -> Result<Url, BrokerError> {
        let mut href = self.href.clone();
        for (key, value) in values {
            let encoded = utf8_percent_encode(value, TEMPLATE_VALUE).to_string();
            href = href.replace(&format!("{{{key}}}"), &encoded);
        }
        if let Some(start) = href.find('{')
            && let Some(len) = href[start..].find('}')
        {
            return Err(BrokerError::UnexpandedTemplate {
                relation: self.relation.clone(),
                href: self.href.clone(),
                placeholder: href[start + 1..start + len].to_string(),
            });
        }
        base.join(&href)
            .map_err(|source| BrokerError::InvalidUrl { url: href, source })
    }

    /// The link's target as a URL (for links that are not templates).
    pub fn url(&self, base: &Url) -> Result<Url, BrokerError> {
        self.expand(base, &[])
    }
}

/// A HAL document fetched from the broker, with the URL it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct HalResource {
    url: Url,
    body: Value,
}

impl HalResource {
    /// Wraps a document fetched from `url`.
    pub fn new(url: Url, body: Value) -> Self {
        Self { url, body }
    }

    /// Where the document came from.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The JSON document.
    pub fn body(&self) -> &Value {
        &self.body
    }

    /// The JSON document, by value.
    pub fn into_body(self) -> Value {
        self.body
    }

    /// Every link under `relation` (a single link object or an array of them).
    pub fn links(&self, relation: &str) -> Vec<Link> {
        let raw = &self.body["_links"][relation];
        let items: Vec<&Value> = match raw {
            Value::Array(items) => items.iter().collect(),
            Value::Object(_) => vec![raw],
            _ => Vec::new(),
        };
        items
            .into_iter()
            .filter_map(|item| serde_json::from_value::<Link>(item.clone()).ok())
            .map(|link| Link {
                relation: relation.to_string(),
                ..link
            })
            .collect()
    }

    /// The (first) link under `relation`, or [`BrokerError::MissingRelation`].
    pub fn link(&self, relation: &str) -> Result<Link, BrokerError> {
        self.links(relation)
            .into_iter()
            .next()
            .ok_or_else(|| BrokerError::MissingRelation {
                relation: relation.to_string(),
                url: self.url.to_string(),
            })
    }

    /// The link under `relation` whose `name` is `name`.
    pub fn link_named(&self, relation: &str, name: &str) -> Option<Link> {
        self.links(relation)
            .into_iter()
            .find(|link| link.name.as_deref() == Some(name))
    }

    /// The items of `_embedded.<key>` (empty when absent).
    pub fn embedded(&self, key: &str) -> &[Value] {
        self.body["_embedded"][key]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
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

/// Turns a broker reply into a resource or a typed error.
fn into_resource(
    method: Method,
    url: &Url,
    status: StatusCode,
    text: &str,
) -> Result<HalResource, BrokerError> {
    let json: Option<Value> = serde_json::from_str(text).ok();
    if status.is_success() {
        let body = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(text).map_err(|source| BrokerError::InvalidJson {
                url: url.to_string(),
                source,
            })?
        };
        return Ok(HalResource::new(url.clone(), body));
    }
    let body = json.unwrap_or(Value::Null);
    let url = url.to_string();
    Err(match status.as_u16() {
        404 => BrokerError::NotFound {
            method,
            url,
            message: body["error"].as_str().map(str::to_string),
        },
        401 | 403 => BrokerError::Unauthorized {
            url,
            status: status.as_u16(),
        },
        409 => BrokerError::Conflict {
            method,
            url,
            notices: Notice::all_in(&body),
            errors: error_messages(&body),
        },
        400 | 422 => BrokerError::Rejected {
            method,
            url,
            status: status.as_u16(),
            errors: error_messages(&body)
                .into_iter()
                .chain(text_fallback(&body, text))
                .collect(),
            notices: Notice::all_in(&body),
        },
        code => BrokerError::Unexpected {
            method,
            url,
            status: code,
            body: text.chars().take(500).collect(),
        },
    })
}

/// `{"errors": {"field": ["msg"]}}`, `{"errors": ["msg"]}`, `{"error": "msg"}` or a problem
/// document's `detail`, as one line per message.
fn error_messages(body: &Value) -> Vec<String> {
    let mut messages = Vec::new();
    match &body["errors"] {
        Value::Object(fields) => {
            for (field, value) in fields {
                for message in flatten_messages(value) {
                    messages.push(format!("{field}: {message}"));
                }
            }
        }
        other => messages.extend(flatten_messages(other)),
    }
    if let Some(error) = body["error"].as_str() {
        messages.push(error.to_string());
    }
    if messages.is_empty()
        && let Some(detail) = body["detail"].as_str()
    {
        messages.push(detail.to_string());
    }
    messages
}

fn flatten_messages(value: &Value) -> Vec<String> {
    match value {
        Value::String(message) => vec![message.clone()],
        Value::Array(items) => items.iter().flat_map(flatten_messages).collect(),
        Value::Object(fields) => fields
            .iter()
            .flat_map(|(field, value)| {
                flatten_messages(value)
                    .into_iter()
                    .map(move |message| format!("{field}: {message}"))
            })
            .collect(),
        Value::Null => Vec::new(),
        other => vec![other.to_string()],
    }
}

/// When a rejection carries no structured errors, its raw body is the message.
fn text_fallback(body: &Value, text: &str) -> Option<String> {
    let structured = !error_messages(body).is_empty();
    let text = text.trim();
    (!structured && !text.is_empty()).then(|| text.chars().take(500).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("bad test URL {s}: {e}"))
    }

    #[test]
    fn a_single_link_and_an_array_of_links_read_the_same() {
        let resource = HalResource::new(
            url("http://b/"),
            json!({"_links": {
                "pb:one": {"href": "http://b/one"},
                "pb:many": [{"href": "http://b/a", "name": "test"}, {"href": "http://b/b", "name": "production"}]
            }}),
        );
        assert_eq!(resource.links("pb:one").len(), 1);
        assert_eq!(
            resource.link_named("pb:many", "production").map(|l| l.href),
            Some("http://b/b".to_string())
        );
        assert!(matches!(
            resource.link("pb:none"),
            Err(BrokerError::MissingRelation { relation, .. }) if relation == "pb:none"
        ));
    }

    #[test]
    fn a_template_missing_a_value_is_an_error_naming_the_placeholder() {
        let link = Link {
            relation: "pb:pacticipant".into(),
            href: "/pacticipants/{pacticipant}".into(),
            name: None,
            title: None,
            templated: true,
        };
        let error = link.expand(&url("http://b/"), &[]).err();
        assert!(matches!(
            error,
            Some(BrokerError::UnexpandedTemplate { placeholder, .. }) if placeholder == "pacticipant"
        ));
    }

    #[test]
    fn validation_errors_are_flattened_to_field_messages() {
        let body = json!({"errors": {"name": ["can't be blank", "is too short"], "contracts": [{"content": ["bad"]}]}});
        assert_eq!(
            error_messages(&body),
            vec![
                "name: can't be blank",
                "name: is too short",
                "contracts: content: bad"
            ]
        );
    }

    #[test]
    fn a_404_keeps_the_brokers_message() {
        let error = into_resource(
            Method::GET,
            &url("http://b/pacticipants/Foo"),
            StatusCode::NOT_FOUND,
            r#"{"error":"No pacticipant with name 'Foo' found"}"#,
        )
        .err()
        .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "GET http://b/pacticipants/Foo returned 404 Not Found: No pacticipant with name 'Foo' found"
            )
        );
    }

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
