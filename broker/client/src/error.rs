//! What a broker can answer instead of a document: typed errors keeping the URL and the
//! broker's own words (`errors`, `error`, notices with a diff).

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use crate::hal::HalResource;
use pact_broker_api::{ErrorBody, Notice};

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
        /// The broker's `errors` value as sent (`null` when there was none).
        details: Box<Value>,
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

/// An error reply read as the wire [`ErrorBody`] (empty when it is not a JSON object).
fn error_body(body: &Value) -> ErrorBody {
    ErrorBody::deserialize(body).unwrap_or_default()
}

/// The error notices, then any `errors` message that does not just repeat one of them.
fn summary(notices: &[Notice], errors: &[String]) -> String {
    let notice_texts: Vec<&str> = notices
        .iter()
        .filter(|n| n.is_error())
        .map(|n| n.text.as_str())
        .collect();
    let repeats = |error: &str| {
        notice_texts
            .iter()
            .any(|text| error == *text || error.ends_with(&format!(": {text}")))
    };
    let texts: Vec<&str> = notice_texts
        .iter()
        .copied()
        .chain(errors.iter().map(String::as_str).filter(|e| !repeats(e)))
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

/// Turns a broker reply into a resource or a typed error.
pub(crate) fn into_resource(
    method: Method,
    url: &Url,
    status: StatusCode,
    text: &str,
) -> Result<HalResource, BrokerError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
    let typed = error_body(&body);
    let url = url.to_string();
    Err(match status.as_u16() {
        404 => BrokerError::NotFound {
            method,
            url,
            message: typed.error_text().map(str::to_string),
        },
        401 | 403 => BrokerError::Unauthorized {
            url,
            status: status.as_u16(),
        },
        409 => BrokerError::Conflict {
            method,
            url,
            errors: error_messages(&body),
            notices: typed.notices,
        },
        400 | 422 => BrokerError::Rejected {
            method,
            url,
            status: status.as_u16(),
            errors: error_messages(&body)
                .into_iter()
                .chain(text_fallback(&body, text))
                .collect(),
            notices: typed.notices,
            details: Box::new(typed.errors.unwrap_or(Value::Null)),
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
    fn a_conflict_does_not_repeat_the_notice_its_errors_repeat() {
        let error = into_resource(
            Method::POST,
            &url("http://b/contracts/publish"),
            StatusCode::CONFLICT,
            r#"{"notices":[{"type":"error","text":"Cannot change the pact"}],"errors":{"contracts":["Cannot change the pact"]}}"#,
        )
        .err()
        .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "the broker refused POST http://b/contracts/publish with 409 Conflict: Cannot change the pact"
            )
        );
    }
}
