//! Replaying one interaction against the provider over HTTP.

use base64::Engine as _;
use pact_core::{Body, Headers, Message, ProviderState, Request, Response};
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::{Map, Value, json};

use crate::error::error_chain;

/// Talks to the provider: one shared `reqwest::Client`, so connections are reused.
#[derive(Debug, Clone)]
pub(crate) struct ProviderClient {
    client: reqwest::Client,
    /// `http://host:port/base/path` without a trailing slash.
    base: String,
}

impl ProviderClient {
    pub(crate) fn new(client: reqwest::Client, provider_url: &str, base_path: Option<&str>) -> Self {
        let mut base = provider_url.trim_end_matches('/').to_string();
        if let Some(path) = base_path.map(|p| p.trim_matches('/')).filter(|p| !p.is_empty()) {
            base.push('/');
            base.push_str(path);
        }
        ProviderClient { client, base }
    }

    /// The URL a request with `path` and `query` goes to.
    fn url_for(&self, path: &str, query: &str) -> String {
        let mut url = self.base.clone();
        if !path.starts_with('/') {
            url.push('/');
        }
        url.push_str(path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        url
    }

    /// Sends `request` and reads the whole response.
    pub(crate) async fn send(&self, request: &Request) -> Result<Response, String> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| format!("'{}' is not a valid HTTP method", request.method))?;
        let url = self.url_for(&request.path, &request.query.to_query_string());
        tracing::debug!(method = %request.method, %url, "sending request to the provider");
        let mut builder = self.client.request(method, &url);
        for (name, value) in request.headers.wire_lines() {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("'{name}' is not a valid header name"))?;
            let value = HeaderValue::from_bytes(value.as_bytes())
                .map_err(|_| format!("the value of header '{name}' is not valid in HTTP"))?;
            builder = builder.header(header, value);
        }
        if request.body.is_present() || matches!(request.body, Body::Null) {
            if !request.headers.contains("content-type")
                && let Some(content_type) = request.body.content_type()
            {
                builder = builder.header("Content-Type", content_type);
            }
            builder = builder.body(request.body.as_bytes().to_vec());
        }
        let response = builder.send().await.map_err(|e| {
            format!(
                "request to the provider ({} {url}) failed: {}",
                request.method,
                error_chain(&e)
            )
        })?;
        read_response(response).await
    }

    /// Asks the provider for the message of an interaction, as the reference verifier does:
    /// `POST /` with `{"description", "providerStates"}` (states only when there are some, each
    /// with `params` only when it has some) and, for a synchronous message, `"request":
    /// {"contents", "metadata"}` with the contents in the V4 body form (`{"content",
    /// "contentType", "encoded"}`); object keys sorted. The answer's body is the message contents
    /// and its `Pact-Message-Metadata` header carries the metadata as base64 JSON.
    pub(crate) async fn fetch_message(
        &self,
        description: &str,
        states: &[ProviderState],
        request: Option<&Message>,
    ) -> Result<Message, String> {
        let body = message_request_body(description, states, request);
        let url = self.url_for("/", "");
        let response = self
            .client
            .post(&url)
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| {
                format!(
                    "request for the message to the provider ({url}) failed: {}",
                    error_chain(&e)
                )
            })?;
        let status = response.status();
        let response = read_response(response).await?;
        if !(200..300).contains(&status.as_u16()) {
            return Err(format!(
                "the provider answered HTTP {} when asked for the message: {}",
                status.as_u16(),
                response.body.as_text().chars().take(300).collect::<String>()
            ));
        }
        let mut metadata = Map::new();
        if let Some(encoded) = response
            .headers
            .first("pact-message-metadata")
            .or_else(|| response.headers.first("pact_message_metadata"))
        {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .map_err(|e| format!("the Pact-Message-Metadata header is not base64: {e}"))?;
            match serde_json::from_slice::<Value>(&decoded) {
                Ok(Value::Object(map)) => metadata = map,
                Ok(_) => {}
                Err(e) => return Err(format!("the Pact-Message-Metadata header is not JSON: {e}")),
            }
        }
        let content_type = response.headers.content_type();
        let has_content_type_metadata = metadata
            .keys()
            .any(|k| k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type"));
        if let (Some(content_type), false) = (&content_type, has_content_type_metadata) {
            metadata.insert("contentType".into(), Value::String(content_type.clone()));
        }
        Ok(Message {
            contents: response.body,
            metadata,
            ..Message::default()
        })
    }
}

/// The body of the request for a message; see [`ProviderClient::fetch_message`].
fn message_request_body(description: &str, states: &[ProviderState], request: Option<&Message>) -> Value {
    let mut body = Map::new();
    body.insert("description".into(), json!(description));
    if !states.is_empty() {
        body.insert(
            "providerStates".into(),
            pact_core::format::write_provider_states(states),
        );
    }
    if let Some(request) = request {
        let mut part = Map::new();
        if let Some(contents) = pact_core::format::write_v4_body(&request.contents) {
            part.insert("contents".into(), contents);
        }
        if !request.metadata.is_empty() {
            part.insert("metadata".into(), Value::Object(request.metadata.clone()));
        }
        body.insert("request".into(), Value::Object(part));
    }
    sorted_keys(Value::Object(body))
}

/// `value` with the keys of every object in sorted order.
fn sorted_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|(a, _), (b, _)| a.cmp(b));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted_keys(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted_keys).collect()),
        other => other,
    }
}

async fn read_response(response: reqwest::Response) -> Result<Response, String> {
    let status = response.status().as_u16();
    let mut headers = Headers::new();
    for (name, value) in response.headers() {
        headers.append(
            name.as_str(),
            String::from_utf8_lossy(value.as_bytes()).into_owned(),
        );
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("reading the provider's response failed: {}", error_chain(&e)))?;
    let body = if bytes.is_empty() {
        Body::Empty
    } else {
        let content_type = response_content_type(&headers);
        Body::bytes(bytes.to_vec(), content_type)
    };
    let mut response = Response::new(status);
    response.headers = headers;
    response.body = body;
    Ok(response)
}

fn response_content_type(headers: &Headers) -> Option<String> {
    headers.content_type()
}
