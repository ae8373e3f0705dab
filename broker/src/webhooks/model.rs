//! What a webhook is: the events it listens to, whose pacts it watches and the request it sends,
//! read from the Pact Broker's JSON shape and validated field by field.

use serde_json::{Map, Value};

use super::allow_list::AllowList;

/// An event a webhook can listen to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WebhookEvent {
    /// A pact was published (every publication).
    ContractPublished,
    /// A pact was published whose content differs from the previous one for the integration.
    ContractContentChanged,
    /// A pact was published that a provider version which matters (main-branch head, deployed or
    /// released) has not verified yet; fires once per such provider version.
    ContractRequiringVerificationPublished,
    /// A verification result was published.
    ProviderVerificationPublished,
    /// A successful verification result was published.
    ProviderVerificationSucceeded,
    /// A failed verification result was published.
    ProviderVerificationFailed,
}

impl WebhookEvent {
    /// Every event.
    pub const ALL: [WebhookEvent; 6] = [
        WebhookEvent::ContractPublished,
        WebhookEvent::ContractContentChanged,
        WebhookEvent::ContractRequiringVerificationPublished,
        WebhookEvent::ProviderVerificationPublished,
        WebhookEvent::ProviderVerificationSucceeded,
        WebhookEvent::ProviderVerificationFailed,
    ];

    /// The event's name in the API.
    pub fn name(self) -> &'static str {
        match self {
            WebhookEvent::ContractPublished => "contract_published",
            WebhookEvent::ContractContentChanged => "contract_content_changed",
            WebhookEvent::ContractRequiringVerificationPublished => {
                "contract_requiring_verification_published"
            }
            WebhookEvent::ProviderVerificationPublished => "provider_verification_published",
            WebhookEvent::ProviderVerificationSucceeded => "provider_verification_succeeded",
            WebhookEvent::ProviderVerificationFailed => "provider_verification_failed",
        }
    }

    /// The event with this name.
    ///
    /// ```
    /// use pact_broker::webhooks::WebhookEvent;
    ///
    /// assert_eq!(WebhookEvent::parse("contract_published"), Some(WebhookEvent::ContractPublished));
    /// assert_eq!(WebhookEvent::parse("nonsense"), None);
    /// ```
    pub fn parse(name: &str) -> Option<WebhookEvent> {
        WebhookEvent::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Whether a verification (rather than a publication) raises this event.
    pub fn is_verification(self) -> bool {
        matches!(
            self,
            WebhookEvent::ProviderVerificationPublished
                | WebhookEvent::ProviderVerificationSucceeded
                | WebhookEvent::ProviderVerificationFailed
        )
    }
}

/// Whose pacts a webhook watches on one side of the integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PacticipantScope {
    /// The pacticipant with this name.
    Name(String),
    /// Pacticipants with this label.
    Label(String),
}

/// The request a webhook sends, before `${pactbroker.*}` substitution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTemplate {
    /// HTTP method (upper case).
    pub method: String,
    /// URL template.
    pub url: String,
    /// Header templates, in the order given.
    pub headers: Vec<(String, String)>,
    /// Body: a JSON string is sent as text, anything else as JSON.
    pub body: Option<Value>,
    /// Basic auth user.
    pub username: Option<String>,
    /// Basic auth password (never shown).
    pub password: Option<String>,
}

/// What a client sent to create or replace a webhook, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookDefinition {
    /// Free text.
    pub description: Option<String>,
    /// Consumer scope (`None` = any consumer).
    pub consumer: Option<PacticipantScope>,
    /// Provider scope (`None` = any provider).
    pub provider: Option<PacticipantScope>,
    /// Events (at least one).
    pub events: Vec<WebhookEvent>,
    /// The request.
    pub request: RequestTemplate,
    /// Disabled webhooks are kept but never triggered.
    pub enabled: bool,
}

/// What the API shows instead of a stored password.
pub const PASSWORD_MASK: &str = "**********";

type FieldErrors = Vec<(String, String)>;

fn scope(body: &Value, field: &str, errors: &mut FieldErrors) -> Option<PacticipantScope> {
    let value = body.get(field)?;
    if value.is_null() {
        return None;
    }
    let name = value
        .get("name")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty());
    let label = value
        .get("label")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty());
    match (name, label) {
        (Some(_), Some(_)) => {
            errors.push((
                field.to_string(),
                "cannot have both a name and a label".to_string(),
            ));
            None
        }
        (Some(n), None) => Some(PacticipantScope::Name(n.to_string())),
        (None, Some(l)) => Some(PacticipantScope::Label(l.to_string())),
        (None, None) => {
            errors.push((
                format!("{field}.name"),
                "is missing (give a name or a label)".to_string(),
            ));
            None
        }
    }
}

fn optional_text(request: &Map<String, Value>, field: &str, errors: &mut FieldErrors) -> Option<String> {
    match request.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.push((format!("request.{field}"), "must be a string".to_string()));
            None
        }
    }
}

impl WebhookDefinition {
    /// Reads and validates the Pact Broker's webhook JSON. Errors name the field
    /// (`request.url`, `events[0].name`, …). Events default to `contract_content_changed`.
    ///
    /// ```
    /// use pact_broker::webhooks::{AllowList, WebhookDefinition};
    /// use serde_json::json;
    ///
    /// let allow = AllowList::new("https", "", "POST");
    /// let hook = WebhookDefinition::from_json(&json!({
    ///     "events": [{ "name": "contract_published" }],
    ///     "request": { "method": "POST", "url": "https://ci.example.com/build" }
    /// }), &allow).unwrap();
    /// assert!(hook.enabled);
    ///
    /// let refused = WebhookDefinition::from_json(&json!({
    ///     "request": { "method": "POST", "url": "https://127.0.0.1/build" }
    /// }), &allow).unwrap_err();
    /// assert_eq!(refused[0].0, "request.url");
    /// ```
    pub fn from_json(body: &Value, allow_list: &AllowList) -> Result<WebhookDefinition, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !body.is_object() {
            return Err(vec![("body".to_string(), "must be a JSON object".to_string())]);
        }
        let description = match body.get("description") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                errors.push(("description".to_string(), "must be a string".to_string()));
                None
            }
        };
        let consumer = scope(body, "consumer", &mut errors);
        let provider = scope(body, "provider", &mut errors);
        let enabled = match body.get("enabled") {
            None | Some(Value::Null) => true,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                errors.push(("enabled".to_string(), "must be true or false".to_string()));
                true
            }
        };
        let events = match body.get("events") {
            None | Some(Value::Null) => vec![WebhookEvent::ContractContentChanged],
            Some(Value::Array(list)) if list.is_empty() => {
                errors.push((
                    "events".to_string(),
                    "must contain at least one event".to_string(),
                ));
                Vec::new()
            }
            Some(Value::Array(list)) => {
                let mut events = Vec::new();
                for (i, event) in list.iter().enumerate() {
                    let name = event.get("name").and_then(Value::as_str).unwrap_or_default();
                    match WebhookEvent::parse(name) {
                        Some(e) if !events.contains(&e) => events.push(e),
                        Some(_) => {}
                        None => errors.push((
                            format!("events[{i}].name"),
                            format!(
                                "'{name}' is not a webhook event; use one of: {}",
                                WebhookEvent::ALL.map(WebhookEvent::name).join(", ")
                            ),
                        )),
                    }
                }
                events
            }
            Some(_) => {
                errors.push((
                    "events".to_string(),
                    "must be an array of {\"name\": …}".to_string(),
                ));
                Vec::new()
            }
        };
        let request = match body.get("request") {
            Some(Value::Object(request)) => Some(read_request(request, allow_list, &mut errors)),
            _ => {
                errors.push(("request".to_string(), "is missing".to_string()));
                None
            }
        };
        match request {
            Some(request) if errors.is_empty() => Ok(WebhookDefinition {
                description,
                consumer,
                provider,
                events,
                request,
                enabled,
            }),
            _ => Err(errors),
        }
    }
}

fn read_request(
    request: &Map<String, Value>,
    allow_list: &AllowList,
    errors: &mut FieldErrors,
) -> RequestTemplate {
    let method = optional_text(request, "method", errors)
        .unwrap_or_default()
        .to_ascii_uppercase();
    let url = optional_text(request, "url", errors).unwrap_or_default();
    if method.trim().is_empty() {
        errors.push(("request.method".to_string(), "is missing".to_string()));
    }
    if url.trim().is_empty() {
        errors.push(("request.url".to_string(), "is missing".to_string()));
    }
    let authority = url.split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or_default()
    });
    if authority.contains("${") {
        errors.push((
            "request.url".to_string(),
            "template parameters cannot be used in the host".to_string(),
        ));
    } else if !method.is_empty() && !url.is_empty() {
        // Check the URL as it will look with parameters filled in.
        let sample = super::template::TemplateParameters::empty().render(&url, super::template::Escape::Url);
        if let Err(refusal) = allow_list.check_request(&method, &sample) {
            let field = match refusal {
                super::allow_list::Refusal::Method { .. } => "request.method",
                _ => "request.url",
            };
            errors.push((field.to_string(), refusal.to_string()));
        }
    }
    let mut headers = Vec::new();
    match request.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (name, value) in map {
                match value {
                    Value::String(v) => headers.push((name.clone(), v.clone())),
                    Value::Number(_) | Value::Bool(_) => headers.push((name.clone(), value.to_string())),
                    _ => errors.push((format!("request.headers.{name}"), "must be a string".to_string())),
                }
            }
        }
        Some(_) => errors.push(("request.headers".to_string(), "must be an object".to_string())),
    }
    RequestTemplate {
        method,
        url,
        headers,
        body: request.get("body").filter(|b| !b.is_null()).cloned(),
        username: optional_text(request, "username", errors),
        password: optional_text(request, "password", errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn allow() -> AllowList {
        AllowList::new("https", "", "POST")
    }

    #[test]
    fn unknown_events_and_missing_fields_are_named() {
        let errors = WebhookDefinition::from_json(
            &json!({ "events": [{ "name": "contract_published" }, { "name": "nope" }], "request": { "url": "https://x.example" } }),
            &allow(),
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["events[1].name", "request.method"]);
    }

    #[test]
    fn scope_by_name_or_label() {
        let hook = WebhookDefinition::from_json(
            &json!({ "consumer": { "name": "Web" }, "provider": { "label": "team-a" },
                     "request": { "method": "post", "url": "https://x.example", "body": { "a": 1 } } }),
            &allow(),
        )
        .unwrap();
        assert_eq!(hook.consumer, Some(PacticipantScope::Name("Web".into())));
        assert_eq!(hook.provider, Some(PacticipantScope::Label("team-a".into())));
        assert_eq!(hook.request.method, "POST");
        assert_eq!(hook.events, [WebhookEvent::ContractContentChanged]);
    }

    #[test]
    fn a_placeholder_cannot_choose_the_host() {
        let errors = WebhookDefinition::from_json(
            &json!({ "request": { "method": "POST", "url": "https://${pactbroker.consumerName}/x" } }),
            &allow(),
        )
        .unwrap_err();
        assert_eq!(errors[0].0, "request.url");
    }
}
