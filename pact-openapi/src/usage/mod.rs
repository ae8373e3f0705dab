//! Field-level usage: which consumers rely on which field of which operation, and how.
//!
//! The tolerant-reader promise says a consumer reads only what it needs, and its pact records
//! exactly that: every field of an expected response body is something the consumer relies on,
//! either as the exact value written or, through a matcher, as a type, a regex, an integer, ….
//! [`field_usage`] reads that from the pacts; [`impact`](crate::usage::impact()) puts it next to a
//! [breaking-change diff](crate::diff).
//!
//! ```
//! use pact_core::Pact;
//! use pact_openapi::usage::{field_usage, ConsumerPact, UsePart};
//!
//! // Arrange: OrderService reads the user's email through a regex.
//! let pact = Pact::from_json_str(r#"{
//!   "consumer": {"name": "OrderService"}, "provider": {"name": "UserService"},
//!   "interactions": [{"description": "a request for user 42",
//!     "request": {"method": "GET", "path": "/users/42"},
//!     "response": {"status": 200, "body": {"id": 42, "email": "alice@example.com"},
//!       "matchingRules": {"body": {"$.email": {"matchers": [{"match": "regex", "regex": "^\\S+@\\S+$"}]}}}}}],
//!   "metadata": {"pactSpecification": {"version": "3.0.0"}}
//! }"#).unwrap();
//!
//! // Act
//! let usage = field_usage(None, &[ConsumerPact::new("OrderService", Some("1.0.0"), &pact)]);
//!
//! // Assert
//! let email = usage.interactions[0].fields.iter().find(|f| f.path == "$.email").unwrap();
//! assert_eq!(email.part, UsePart::ResponseBody);
//! assert_eq!(email.matcher, r"regex '^\S+@\S+$'");
//! assert_eq!(usage.interactions[0].operation, "GET /users/42");
//! ```

mod impact;

use std::fmt;

use pact_core::matching::rule_select::{RuleIndex, Seg};
use pact_core::{Category, HttpInteraction, Interaction, MatchingRule, Pact};
use serde_json::{Value, json};

pub use impact::{ChangeImpact, ImpactReport, Reliance, impact};

use crate::OpenApi;
use crate::operation;
use crate::sink::Sink;

/// A consumer's pact, with the consumer version it came from.
#[derive(Debug, Clone, Copy)]
pub struct ConsumerPact<'a> {
    /// The consumer's name.
    pub consumer: &'a str,
    /// The consumer version, when known.
    pub version: Option<&'a str>,
    /// The pact.
    pub pact: &'a Pact,
}

impl<'a> ConsumerPact<'a> {
    /// A labelled pact.
    pub fn new(consumer: &'a str, version: Option<&'a str>, pact: &'a Pact) -> Self {
        ConsumerPact {
            consumer,
            version,
            pact,
        }
    }
}

/// Where in an interaction a used field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UsePart {
    /// A field of the expected response body, which the consumer reads.
    ResponseBody,
    /// A field of the request body, which the consumer sends.
    RequestBody,
    /// A query parameter the consumer sends.
    Query,
    /// A request header the consumer sends.
    Header,
}

impl UsePart {
    /// `response body`, `request body`, `query`, `header`.
    pub fn as_str(self) -> &'static str {
        match self {
            UsePart::ResponseBody => "response body",
            UsePart::RequestBody => "request body",
            UsePart::Query => "query",
            UsePart::Header => "header",
        }
    }

    /// The part [`UsePart::as_str`] names; `None` for any other text.
    pub fn parse(text: &str) -> Option<UsePart> {
        match text {
            "response body" => Some(UsePart::ResponseBody),
            "request body" => Some(UsePart::RequestBody),
            "query" => Some(UsePart::Query),
            "header" => Some(UsePart::Header),
            _ => None,
        }
    }
}

impl fmt::Display for UsePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field an interaction relies on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldUse {
    /// Where.
    pub part: UsePart,
    /// The JSON path, array positions written `[*]` (`$.items[*].id`), or the parameter name.
    pub path: String,
    /// How the consumer relies on it: `exact value "alice"`, `type`, `regex '^\S+$'`, `integer`, ….
    pub matcher: String,
}

/// What one HTTP interaction of a consumer relies on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteractionUse {
    /// The consumer.
    pub consumer: String,
    /// The consumer version, when known.
    pub consumer_version: Option<String>,
    /// The interaction's description.
    pub interaction: String,
    /// The request method, upper case.
    pub method: String,
    /// The request path as the pact writes it (`/users/42`).
    pub request_path: String,
    /// The operation: `GET /users/{id}` when a document was given and documents the path,
    /// else the method and the literal path.
    pub operation: String,
    /// The expected response status.
    pub status: u16,
    /// The fields relied on, in body order.
    pub fields: Vec<FieldUse>,
}

impl InteractionUse {
    /// The interaction as JSON (the HAL field-usage resource's shape).
    pub fn to_json(&self) -> Value {
        json!({
            "consumer": self.consumer,
            "consumerVersion": self.consumer_version,
            "interaction": self.interaction,
            "method": self.method,
            "requestPath": self.request_path,
            "operation": self.operation,
            "status": self.status,
            "fields": self.fields.iter().map(|f| json!({
                "part": f.part.as_str(), "path": f.path, "matcher": f.matcher
            })).collect::<Vec<_>>(),
        })
    }

    /// Reads the JSON of [`InteractionUse::to_json`]; `None` when a required member is missing.
    pub fn from_json(value: &Value) -> Option<InteractionUse> {
        let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_string);
        let fields = value
            .get("fields")?
            .as_array()?
            .iter()
            .map(|f| {
                let part = UsePart::parse(f.get("part")?.as_str()?)?;
                Some(FieldUse {
                    part,
                    path: f.get("path")?.as_str()?.to_string(),
                    matcher: f.get("matcher")?.as_str()?.to_string(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(InteractionUse {
            consumer: text("consumer")?,
            consumer_version: text("consumerVersion"),
            interaction: text("interaction")?,
            method: text("method")?,
            request_path: text("requestPath")?,
            operation: text("operation")?,
            status: u16::try_from(value.get("status")?.as_u64()?).ok()?,
            fields,
        })
    }
}

/// What every HTTP interaction of some pacts relies on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldUsage {
    /// One entry per HTTP interaction, in pact order.
    pub interactions: Vec<InteractionUse>,
}

/// One field of one operation with everyone relying on it: the view of `pact-broker field-usage`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldUsers {
    /// `GET /users/{id}`.
    pub operation: String,
    /// The response status the field was expected in (request fields: the interaction's).
    pub status: u16,
    /// Where.
    pub part: UsePart,
    /// The JSON path or parameter name.
    pub path: String,
    /// `(consumer, consumer version, interaction, matcher)` for each use.
    pub users: Vec<(String, Option<String>, String, String)>,
}

/// Which uses a [`FieldUsage::by_field`] view keeps: an operation path (template or literal) and
/// a field path, when given.
#[derive(Debug, Clone, Default)]
pub struct UsageFilter {
    /// `/users/{id}` (or `/users/42`): keeps the operations on this path.
    pub path: Option<String>,
    /// `$.email`: keeps this field and the fields beneath it.
    pub field: Option<String>,
}

impl UsageFilter {
    fn keeps_operation(&self, usage: &InteractionUse) -> bool {
        let Some(wanted) = &self.path else {
            return true;
        };
        let template = usage.operation.split_once(' ').map_or("", |(_, t)| t);
        let wanted = wanted.trim_end_matches('/');
        template.trim_end_matches('/') == wanted
            || usage.request_path.trim_end_matches('/') == wanted
            || crate::path_template::PathTemplate::parse(wanted)
                .captures(&usage.request_path)
                .is_some()
    }

    fn keeps_field(&self, path: &str) -> bool {
        match &self.field {
            None => true,
            Some(wanted) => is_at_or_under(path, wanted),
        }
    }
}

/// Whether `path` is `ancestor` or lies beneath it (`$.user.email` under `$.user`).
pub(crate) fn is_at_or_under(path: &str, ancestor: &str) -> bool {
    path == ancestor
        || ancestor == "$"
        || path
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

impl FieldUsage {
    /// The uses grouped by operation, status, part and field, filtered, sorted.
    ///
    /// ```
    /// # use pact_openapi::usage::{FieldUsage, UsageFilter};
    /// let view = FieldUsage::default().by_field(&UsageFilter::default());
    /// assert!(view.is_empty());
    /// ```
    pub fn by_field(&self, filter: &UsageFilter) -> Vec<FieldUsers> {
        let mut out: Vec<FieldUsers> = Vec::new();
        for usage in self.interactions.iter().filter(|u| filter.keeps_operation(u)) {
            for field in usage.fields.iter().filter(|f| filter.keeps_field(&f.path)) {
                let user = (
                    usage.consumer.clone(),
                    usage.consumer_version.clone(),
                    usage.interaction.clone(),
                    field.matcher.clone(),
                );
                let existing = out.iter_mut().find(|f| {
                    f.operation == usage.operation
                        && f.status == usage.status
                        && f.part == field.part
                        && f.path == field.path
                });
                match existing {
                    Some(entry) => {
                        if !entry.users.contains(&user) {
                            entry.users.push(user);
                        }
                    }
                    None => out.push(FieldUsers {
                        operation: usage.operation.clone(),
                        status: usage.status,
                        part: field.part,
                        path: field.path.clone(),
                        users: vec![user],
                    }),
                }
            }
        }
        out.sort_by(|a, b| {
            (&a.operation, a.status, a.part, &a.path).cmp(&(&b.operation, b.status, b.part, &b.path))
        });
        out
    }
}

/// The operation of `api` a request is for, `GET /users/{id}`, when the document has one.
///
/// ```
/// let api = pact_openapi::OpenApi::parse(r#"{"openapi": "3.0.3", "paths": {"/users/{id}": {"get": {"responses": {}}}}}"#).unwrap();
/// assert_eq!(pact_openapi::usage::operation_of(&api, "get", "/users/42").as_deref(), Some("GET /users/{id}"));
/// assert_eq!(pact_openapi::usage::operation_of(&api, "POST", "/users/42"), None);
/// ```
pub fn operation_of(api: &OpenApi, method: &str, path: &str) -> Option<String> {
    let mut sink = Sink::new("");
    operation::find(api, method, path, &mut sink).map(|op| op.name)
}

/// What every HTTP interaction of `pacts` relies on; operations are named after `api`'s path
/// templates when given. Message interactions are left out.
pub fn field_usage(api: Option<&OpenApi>, pacts: &[ConsumerPact<'_>]) -> FieldUsage {
    let mut interactions = Vec::new();
    for labelled in pacts {
        for interaction in &labelled.pact.interactions {
            if let Interaction::Http(http) = interaction {
                interactions.push(interaction_use(api, labelled, http));
            }
        }
    }
    FieldUsage { interactions }
}

fn interaction_use(
    api: Option<&OpenApi>,
    labelled: &ConsumerPact<'_>,
    http: &HttpInteraction,
) -> InteractionUse {
    let method = http.request.method.to_ascii_uppercase();
    let operation = api
        .and_then(|api| operation_of(api, &method, &http.request.path))
        .unwrap_or_else(|| format!("{method} {}", http.request.path));
    let mut fields = Vec::new();
    if let Some(body) = http.response.body.as_json() {
        let entries = http
            .response
            .matching_rules
            .category(Category::Body)
            .unwrap_or(&[]);
        let index = RuleIndex::new(entries, false);
        walk(&body, &mut Vec::new(), &mut |segs, value| {
            let matcher = index
                .select(segs)
                .map(|selected| describe(&selected.list.rules, value))
                .unwrap_or_else(|| exact(value));
            push_unique(&mut fields, UsePart::ResponseBody, star_path(segs), matcher);
        });
    }
    if let Some(body) = http.request.body.as_json() {
        walk(&body, &mut Vec::new(), &mut |segs, value| {
            push_unique(&mut fields, UsePart::RequestBody, star_path(segs), exact(value));
        });
    }
    for (name, values) in http.request.query.iter() {
        let value = json!(values.join(","));
        push_unique(&mut fields, UsePart::Query, name.to_string(), exact(&value));
    }
    for (name, values) in http.request.headers.iter() {
        let value = json!(values.join(", "));
        push_unique(
            &mut fields,
            UsePart::Header,
            name.to_ascii_lowercase(),
            exact(&value),
        );
    }
    InteractionUse {
        consumer: labelled.consumer.to_string(),
        consumer_version: labelled.version.map(str::to_string),
        interaction: http.description.clone(),
        method,
        request_path: http.request.path.clone(),
        operation,
        status: http.response.status,
        fields,
    }
}

fn push_unique(fields: &mut Vec<FieldUse>, part: UsePart, path: String, matcher: String) {
    if !fields.iter().any(|f| f.part == part && f.path == path) {
        fields.push(FieldUse { part, path, matcher });
    }
}

/// How deep bodies are walked: a guard against hostile pacts.
const MAX_DEPTH: usize = 64;

/// Calls `visit` for every leaf (and empty container) of `value`, with its place.
fn walk<'v>(value: &'v Value, segs: &mut Vec<Seg<'v>>, visit: &mut dyn FnMut(&[Seg<'v>], &Value)) {
    if segs.len() > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (name, child) in map {
                segs.push(Seg::Field(name));
                walk(child, segs, visit);
                segs.pop();
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, child) in items.iter().enumerate() {
                segs.push(Seg::Index(i));
                walk(child, segs, visit);
                segs.pop();
            }
        }
        _ => visit(segs, value),
    }
}

fn is_plain(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The place as a JSON path with every array position written `[*]`.
fn star_path(segs: &[Seg<'_>]) -> String {
    let mut out = String::from("$");
    for seg in segs {
        match seg {
            Seg::Field(name) if is_plain(name) => {
                out.push('.');
                out.push_str(name);
            }
            Seg::Field(name) => out.push_str(&format!("['{name}']")),
            Seg::Index(_) | Seg::Shown(_) => out.push_str("[*]"),
            _ => {}
        }
    }
    out
}

fn exact(value: &Value) -> String {
    let mut text = value.to_string();
    if text.len() > 60 {
        text = format!("{}…", text.chars().take(57).collect::<String>());
    }
    format!("exact value {text}")
}

/// How the rules at a place make the consumer rely on its value.
fn describe(rules: &[MatchingRule], value: &Value) -> String {
    let parts: Vec<String> = rules
        .iter()
        .map(|rule| match rule {
            MatchingRule::Equality => exact(value),
            MatchingRule::Regex(pattern) => format!("regex '{}'", pattern.as_str()),
            MatchingRule::Type
            | MatchingRule::MinType(_)
            | MatchingRule::MaxType(_)
            | MatchingRule::MinMaxType(..) => "type".to_string(),
            MatchingRule::Include(text) => format!("includes '{text}'"),
            MatchingRule::Date(Some(f)) | MatchingRule::Time(Some(f)) | MatchingRule::Timestamp(Some(f)) => {
                format!("{} '{f}'", rule.name())
            }
            other => other.name().to_string(),
        })
        .collect();
    if parts.is_empty() {
        exact(value)
    } else {
        parts.join(" and ")
    }
}
