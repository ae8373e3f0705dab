//! Sending one webhook request: fill in the template, check the allow-list against the resolved
//! addresses, connect only to those, and describe what happened with secrets redacted.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::allow_list::AllowList;
use super::model::{PASSWORD_MASK, RequestTemplate};
use super::template::{Escape, TemplateParameters};

/// The most of a response body kept in the log.
const BODY_EXCERPT: usize = 4096;

/// A webhook request with its parameters filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    /// HTTP method.
    pub method: String,
    /// URL.
    pub url: String,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body text.
    pub body: Option<String>,
    /// Basic auth user.
    pub username: Option<String>,
    /// Basic auth password.
    pub password: Option<String>,
}

impl PreparedRequest {
    /// Fills a request template with event parameters: URL values are percent-encoded, JSON
    /// bodies get JSON-escaped values, headers and text bodies get them as they are.
    pub fn new(template: &RequestTemplate, params: &TemplateParameters) -> PreparedRequest {
        let body = template.body.as_ref().map(|body| match body {
            Value::String(text) => params.render(text, Escape::None),
            json => params.render(&json.to_string(), Escape::Json),
        });
        let mut headers: Vec<(String, String)> = template
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), params.render(v, Escape::None)))
            .collect();
        if matches!(template.body, Some(Value::Object(_) | Value::Array(_)))
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        PreparedRequest {
            method: template.method.clone(),
            url: params.render(&template.url, Escape::Url),
            headers,
            body,
            username: template.username.as_ref().map(|u| params.render(u, Escape::None)),
            password: template.password.clone(),
        }
    }
}

/// What one attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptReport {
    /// Whether the receiver answered 2xx.
    pub success: bool,
    /// Whether retrying cannot help (the allow-list refused the request).
    pub permanent: bool,
    /// Method sent.
    pub method: String,
    /// URL sent, credentials redacted.
    pub url: String,
    /// Headers sent, secrets redacted.
    pub headers: Map<String, Value>,
    /// Body sent.
    pub body: Option<String>,
    /// Response status.
    pub status: Option<u16>,
    /// Response headers.
    pub response_headers: Option<Map<String, Value>>,
    /// The start of the response body.
    pub response_body: Option<String>,
    /// Why it failed without a response, or was refused.
    pub error: Option<String>,
    /// How long it took.
    pub duration: Duration,
}

impl AttemptReport {
    /// A human-readable log of the attempt, as the Pact Broker shows it.
    pub fn log_text(&self) -> String {
        let mut log = format!("{} {}\n", self.method, self.url);
        for (name, value) in &self.headers {
            log.push_str(&format!("{name}: {}\n", value.as_str().unwrap_or_default()));
        }
        if let Some(body) = &self.body {
            log.push_str(&format!("\n{body}\n"));
        }
        if let Some(status) = self.status {
            log.push_str(&format!(
                "\nHTTP {status} after {} ms\n",
                self.duration.as_millis()
            ));
            if let Some(body) = &self.response_body {
                log.push_str(body);
                log.push('\n');
            }
        }
        if let Some(error) = &self.error {
            log.push_str(&format!("\nError: {error}\n"));
        }
        log.push_str(if self.success {
            "Webhook execution succeeded\n"
        } else {
            "Webhook execution failed\n"
        });
        log
    }
}

/// Whether a header's value must not be logged.
pub fn is_secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("authorization")
        || name.contains("token")
        || name.contains("secret")
        || name.contains("api-key")
}

/// The URL with a password in it, and secret-looking query values, replaced by a mask.
///
/// ```
/// use pact_broker::webhooks::delivery::redact_url;
///
/// assert_eq!(
///     redact_url("https://u:pw@ci.example/x?token=abc&b=1"),
///     "https://u:**********@ci.example/x?token=**********&b=1"
/// );
/// ```
pub fn redact_url(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_string();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some(PASSWORD_MASK));
    }
    if parsed.query().is_some() {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let lower = k.to_ascii_lowercase();
                let secret = ["token", "password", "secret", "auth", "key"]
                    .iter()
                    .any(|s| lower.contains(s));
                (
                    k.into_owned(),
                    if secret {
                        PASSWORD_MASK.to_string()
                    } else {
                        v.into_owned()
                    },
                )
            })
            .collect();
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| {
                if v == PASSWORD_MASK {
                    format!("{k}={v}")
                } else {
                    form_urlencoded::Serializer::new(String::new())
                        .append_pair(k, v)
                        .finish()
                }
            })
            .collect();
        parsed.set_query(Some(&query.join("&")));
    }
    parsed.to_string()
}

fn redacted_headers(request: &PreparedRequest) -> Map<String, Value> {
    let mut map = Map::new();
    for (name, value) in &request.headers {
        let shown = if is_secret_header(name) {
            PASSWORD_MASK
        } else {
            value.as_str()
        };
        map.insert(name.clone(), Value::String(shown.to_string()));
    }
    if request.username.is_some() {
        map.insert(
            "Authorization".to_string(),
            Value::String(PASSWORD_MASK.to_string()),
        );
    }
    map
}

fn excerpt(text: &str) -> String {
    if text.len() <= BODY_EXCERPT {
        return text.to_string();
    }
    let mut end = BODY_EXCERPT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

/// Sends the request if the allow-list permits it, connecting only to the addresses it checked.
pub async fn send(request: &PreparedRequest, allow_list: &AllowList, timeout: Duration) -> AttemptReport {
    let started = Instant::now();
    let mut report = AttemptReport {
        success: false,
        permanent: false,
        method: request.method.clone(),
        url: redact_url(&request.url),
        headers: redacted_headers(request),
        body: request.body.clone(),
        status: None,
        response_headers: None,
        response_body: None,
        error: None,
        duration: Duration::ZERO,
    };
    let checked = match allow_list.check_request(&request.method, &request.url) {
        Ok(url) => allow_list.resolve(&url).await.map(|addresses| (url, addresses)),
        Err(refusal) => Err(refusal),
    };
    let (url, addresses) = match checked {
        Ok(ok) => ok,
        Err(refusal) => {
            report.permanent = !matches!(refusal, super::allow_list::Refusal::Unresolvable { .. });
            report.error = Some(format!("Refused: {refusal}"));
            report.duration = started.elapsed();
            return report;
        }
    };
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    if let Some(host) = url.host_str().filter(|h| h.parse::<std::net::IpAddr>().is_err()) {
        builder = builder.resolve_to_addrs(host, &addresses);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => {
            report.error = Some(format!("could not build an HTTP client: {e}"));
            report.duration = started.elapsed();
            return report;
        }
    };
    let method = match reqwest::Method::from_bytes(request.method.as_bytes()) {
        Ok(m) => m,
        Err(_) => {
            report.permanent = true;
            report.error = Some(format!("'{}' is not an HTTP method", request.method));
            return report;
        }
    };
    let mut outgoing = client.request(method, url);
    for (name, value) in &request.headers {
        outgoing = outgoing.header(name.as_str(), value.as_str());
    }
    if let Some(user) = &request.username {
        outgoing = outgoing.basic_auth(user, request.password.as_ref());
    }
    if let Some(body) = &request.body {
        outgoing = outgoing.body(body.clone());
    }
    match outgoing.send().await {
        Ok(response) => {
            let status = response.status();
            report.status = Some(status.as_u16());
            report.success = status.is_success();
            let mut headers = Map::new();
            for (name, value) in response.headers() {
                headers.insert(
                    name.to_string(),
                    Value::String(String::from_utf8_lossy(value.as_bytes()).into_owned()),
                );
            }
            report.response_headers = Some(headers);
            match response.bytes().await {
                Ok(bytes) => report.response_body = Some(excerpt(&String::from_utf8_lossy(&bytes))),
                Err(e) => report.error = Some(format!("reading the response body failed: {e}")),
            }
        }
        Err(e) => {
            let kind = if e.is_timeout() {
                "timed out"
            } else if e.is_connect() {
                "could not connect"
            } else {
                "failed"
            };
            report.error = Some(format!("the request {kind}: {e}"));
        }
    }
    report.duration = started.elapsed();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_reach_the_log() {
        let request = PreparedRequest {
            method: "POST".into(),
            url: "https://ci.example/x".into(),
            headers: vec![
                ("Authorization".into(), "Bearer abc".into()),
                ("X-Api-Token".into(), "abc".into()),
                ("Accept".into(), "text/plain".into()),
            ],
            body: None,
            username: Some("bot".into()),
            password: Some("hunter2".into()),
        };
        let headers = redacted_headers(&request);
        assert_eq!(headers["Authorization"], PASSWORD_MASK);
        assert_eq!(headers["X-Api-Token"], PASSWORD_MASK);
        assert_eq!(headers["Accept"], "text/plain");
        assert!(!serde_json::to_string(&headers).unwrap().contains("hunter2"));
    }

    #[test]
    fn json_bodies_are_sent_as_json() {
        let mut params = TemplateParameters::empty();
        params.set("consumerName", "Web \"1\"");
        let template = RequestTemplate {
            method: "POST".into(),
            url: "https://ci.example/${pactbroker.consumerName}".into(),
            headers: vec![],
            body: Some(serde_json::json!({ "who": "${pactbroker.consumerName}" })),
            username: None,
            password: None,
        };
        let prepared = PreparedRequest::new(&template, &params);
        assert_eq!(prepared.url, "https://ci.example/Web%20%221%22");
        let body: Value = serde_json::from_str(prepared.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["who"], "Web \"1\"");
        assert_eq!(
            prepared.headers,
            [("Content-Type".to_string(), "application/json".to_string())]
        );
    }
}
