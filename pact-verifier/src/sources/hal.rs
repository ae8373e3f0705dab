//! A small HAL client: fetch JSON documents and follow their `_links`.

use pact_core::model::percent;
use serde_json::Value;

use super::Auth;
use crate::error::SourceError;
use crate::retry::RetryPolicy;

/// Fetches HAL documents with the given credentials.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hal<'a> {
    client: &'a reqwest::Client,
    auth: Option<&'a Auth>,
    retry: RetryPolicy,
}

const HAL_JSON: &str = "application/hal+json, application/json";

impl<'a> Hal<'a> {
    pub(crate) fn new(client: &'a reqwest::Client, auth: Option<&'a Auth>) -> Self {
        Hal {
            client,
            auth,
            retry: RetryPolicy::none(),
        }
    }

    /// The same client, retrying as `retry` says.
    pub(crate) fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    fn with_auth(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self.auth {
            Some(auth) => auth.apply(request),
            None => request,
        }
    }

    /// `GET url` as JSON.
    pub(crate) async fn get(&self, url: &str) -> Result<Value, SourceError> {
        let response = self
            .retry
            .send(url, || {
                self.with_auth(self.client.get(url).header("Accept", HAL_JSON))
            })
            .await;
        read_json(url, response).await
    }

    /// `POST url` with a JSON body; the answer as JSON.
    pub(crate) async fn post(&self, url: &str, body: &Value) -> Result<Value, SourceError> {
        let text = body.to_string();
        let response = self
            .retry
            .send(url, || {
                self.with_auth(
                    self.client
                        .post(url)
                        .header("Accept", HAL_JSON)
                        .header("Content-Type", "application/json")
                        .body(text.clone()),
                )
            })
            .await;
        read_json(url, response).await
    }

    /// The `href` of relation `rel` in `document` (the first one when it is an array).
    pub(crate) fn link(document: &Value, rel: &str) -> Option<String> {
        let link = document.get("_links")?.get(rel)?;
        let link = match link {
            Value::Array(items) => items.first()?,
            other => other,
        };
        link.get("href")?.as_str().map(str::to_string)
    }

    /// Every `href` of relation `rel` in `document`.
    pub(crate) fn links(document: &Value, rel: &str) -> Vec<String> {
        let Some(link) = document.get("_links").and_then(|l| l.get(rel)) else {
            return Vec::new();
        };
        let items = match link {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        items
            .into_iter()
            .filter_map(|l| l.get("href")?.as_str().map(str::to_string))
            .collect()
    }
}

/// Expands `{name}` placeholders of a templated href, percent-encoding each value as a path segment.
pub(crate) fn expand(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &percent::encode(value));
    }
    out
}

/// Resolves a possibly relative `href` against the URL of the document it came from.
pub(crate) fn resolve(base: &str, href: &str) -> Result<String, SourceError> {
    let base = reqwest::Url::parse(base).map_err(|e| SourceError::InvalidUrl {
        url: base.to_string(),
        message: e.to_string(),
    })?;
    base.join(href)
        .map(String::from)
        .map_err(|e| SourceError::InvalidUrl {
            url: href.to_string(),
            message: e.to_string(),
        })
}

async fn read_json(url: &str, response: reqwest::Result<reqwest::Response>) -> Result<Value, SourceError> {
    let http_error = |e: reqwest::Error| SourceError::Http {
        url: url.to_string(),
        message: error_chain(&e),
    };
    let response = response.map_err(http_error)?;
    let status = response.status();
    let text = response.text().await.map_err(http_error)?;
    if !status.is_success() {
        if let Some(errors) = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v.get("errors").cloned())
        {
            return Err(SourceError::BrokerRejected {
                url: url.to_string(),
                status: status.as_u16(),
                errors: serde_json::to_string_pretty(&errors).unwrap_or_else(|_| errors.to_string()),
            });
        }
        return Err(SourceError::Status {
            url: url.to_string(),
            status: status.as_u16(),
            body: text.chars().take(500).collect(),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text).map_err(|e| SourceError::Http {
        url: url.to_string(),
        message: format!("the answer is not JSON: {e}"),
    })
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
