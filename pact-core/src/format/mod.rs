//! Reading pact files of every specification version into the model, and writing V2, V3 and V4.
//!
//! # Reading
//! [`read_pact`] accepts V1, V1.1, V2, V3 and V4 documents (a UTF-8 byte order mark is tolerated).
//! The version comes from `metadata.pactSpecification.version` (also
//! `metadata['pact-specification'].version` and `metadata.pactSpecificationVersion`). A pact that
//! declares no version is read by its shape: typed interactions make it V4; `messages`,
//! `providerStates`, query maps or categorised rules make it V3; anything else is V2 (which reads
//! V1 and V1.1 files too, their shapes being a subset of V2's).
//!
//! The reader is tolerant of the shapes older and newer writers used: queries as strings or maps,
//! header values as strings or arrays (strings are split on commas, except for headers such as
//! `Date` or `Set-Cookie` whose single value may hold commas), flat V2 rules or categorised V3
//! rules, contents rules under `body`, `content` or `contents`, and `metadata` or `metaData`.
//! Unknown fields are ignored.
//!
//! One bad part fails one interaction, not the pact: what cannot be read inside an interaction
//! (an invalid regex, a matcher or generator of unknown kind, a status of `"abc"`) becomes an
//! [`InteractionProblem`](crate::InteractionProblem) of that interaction
//! ([`Interaction::problems`](crate::Interaction::problems)) naming the exact JSON path, e.g.
//! `$.interactions[2].response.status: expected a number between 100 and 599, got "abc"`; the
//! matcher or generator is kept as [`MatchingRule::Unknown`](crate::MatchingRule::Unknown) or
//! [`Generator::Unknown`](crate::Generator::Unknown), written back unchanged and never passing.
//! Unknown kinds are read as their writer meant where that is documented: pact-jvm (its pacts
//! name it in `metadata["pact-jvm"]`) reads an unknown matcher as equality and ignores an unknown
//! generator, and so do we for its pacts. Only what is wrong outside any interaction (not JSON,
//! no consumer, an unknown specification version) is a [`PactError`] for the whole pact.
//!
//! Every interaction is checked against [`Limits`] as it is read ([`check_interaction`]):
//! generator sizes and digit counts, the `min` of `type` rules, compiled regex sizes and the
//! nesting depth of JSON bodies; one above a limit is an error naming the interaction, the JSON
//! path and the limit. [`read_pact_with`] takes other limits than the defaults.
//!
//! Bodies: a JSON value (object, array, number, boolean) is stored as its compact JSON bytes with
//! the content type of the `Content-Type` header, else `application/json`; a string is stored as
//! its text (with a JSON content type, a string that is not itself JSON text is stored as a JSON
//! string literal; with a binary content type, a base64 string is decoded); `""` is
//! [`Body::Empty`](crate::Body::Empty), `null` is [`Body::Null`](crate::Body::Null) and no body is
//! [`Body::Missing`](crate::Body::Missing). V4 bodies are `{"contentType", "encoded", "content"}`.
//!
//! # Writing
//! [`write_pact`] writes V2 (V1 and V1.1 are written as V2), V3 and V4, setting
//! `metadata.pactSpecification.version` and keeping every other metadata entry. A V2 pact cannot
//! hold messages and a V3 pact cannot hold synchronous messages: asking for that is a
//! [`PactError::Unsupported`] rather than a silently incomplete file.
//!
//! ```
//! use pact_core::{Pact, SpecVersion, format::write_pact};
//!
//! let pact = Pact::from_json_str(r#"{
//!   "consumer": {"name": "OrderService"}, "provider": {"name": "UserService"},
//!   "interactions": [{"description": "a request for user 42", "providerState": "user 42 exists",
//!     "request": {"method": "GET", "path": "/users/42", "query": "full=true"},
//!     "response": {"status": 200, "body": {"id": 42},
//!       "matchingRules": {"$.body.id": {"match": "type"}}}}],
//!   "metadata": {"pactSpecification": {"version": "2.0.0"}}
//! }"#).unwrap();
//!
//! let v4 = write_pact(&pact, SpecVersion::V4).unwrap();
//! let interaction = &v4["interactions"][0];
//! assert_eq!(interaction["type"], "Synchronous/HTTP");
//! assert_eq!(interaction["request"]["query"]["full"][0], "true");
//! assert_eq!(interaction["response"]["body"]["content"]["id"], 42);
//! assert_eq!(interaction["response"]["matchingRules"]["body"]["$.id"]["matchers"][0]["match"], "type");
//! assert_eq!(v4["metadata"]["pactSpecification"]["version"], "4.0");
//! ```

mod body;
mod category_keys;
mod generators_json;
mod json;
mod key;
mod limits;
mod matcher_json;
mod read_http;
mod read_message;
mod read_pact;
mod reading;
mod ruby_matchers;
mod rules_json;
mod shared_patterns;
mod write_legacy;
mod write_v4;

use serde_json::{Map, Value, json};

use crate::limits::Limits;
use crate::{Interaction, Message, Pact, PactError, Request, Response, SpecVersion};

pub use limits::check_interaction;

/// How [`read_pact_with`] reads: for now, the [`Limits`] each interaction is checked against.
///
/// ```
/// use pact_core::format::{ReadOptions, read_pact_with};
/// use pact_core::limits::Limits;
/// let text = r#"{"consumer": {"name": "c"}, "provider": {"name": "p"},
///   "interactions": [{"description": "a long name", "request": {"method": "GET", "path": "/"},
///     "response": {"status": 200, "body": {"name": "x"},
///       "generators": {"body": {"$.name": {"type": "RandomString", "size": 100}}}}}],
///   "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#;
/// assert!(read_pact_with(text, &ReadOptions::default()).is_ok());
/// let strict = ReadOptions::default().with_limits(Limits::default().with_max_generated_length(10));
/// // The interaction over a limit is unusable; the pact (and any other interaction) still loads.
/// let pact = read_pact_with(text, &strict).unwrap();
/// let problems = pact.interactions[0].problems();
/// assert_eq!(problems[0].path, "$.interactions[0].response.generators.body['$.name']");
/// assert!(problems[0].reason.contains("RandomString size 100 is above the limit of 10"), "{problems:?}");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// The limits every interaction is checked against ([`Limits::default`] unless set).
    pub limits: Limits,
}

impl ReadOptions {
    /// These options with `limits`.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// Reads a pact document of any version (a UTF-8 byte order mark is tolerated).
///
/// ```
/// let pact = pact_core::format::read_pact(r#"{"consumer": {"name": "c"}, "provider": {"name": "p"},
///   "interactions": [{"description": "d", "request": {"method": "GET", "path": "/"},
///                     "response": {"status": "abc"}}]}"#).unwrap();
/// assert_eq!(pact.interactions[0].problems()[0].to_string(),
///     r#"interaction 'd': $.interactions[0].response.status: expected a number between 100 and 599, got "abc""#);
/// assert!(pact_core::format::read_pact(r#"{"consumer": {}}"#).is_err());
/// ```
pub fn read_pact(text: &str) -> Result<Pact, PactError> {
    read_pact_with(text, &ReadOptions::default())
}

/// As [`read_pact`], with `options` (e.g. other [`Limits`]).
pub fn read_pact_with(text: &str, options: &ReadOptions) -> Result<Pact, PactError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text)?;
    read_pact_value_with(&value, options)
}

/// Reads a pact from parsed JSON; see [`read_pact`].
///
/// Regex rules with the same source share one compiled regex, so a pact that repeats a pattern
/// across interactions compiles it once (when the size-limit check reads it).
pub fn read_pact_value(value: &Value) -> Result<Pact, PactError> {
    read_pact_value_with(value, &ReadOptions::default())
}

/// The outline of one interaction as written in a pact (any version, in `interactions` or
/// `messages`): its description, kind, provider states, key and pending flag, without reading
/// the rest, so it never fails. Enough for [`Interaction::identity`] where only the JSON is at
/// hand (the broker's merge of a published pact into the stored one, pairing for diffs).
///
/// ```
/// use pact_core::format::read_interaction_outline;
/// use serde_json::json;
/// let a = read_interaction_outline(&json!({"description": "get", "providerState": "exists", "response": {"status": 200}}));
/// let b = read_interaction_outline(&json!({"description": "get", "providerStates": [{"name": "exists"}], "response": 7}));
/// assert_eq!(a.identity(), b.identity());
/// assert_eq!(a.identity().to_string(), "get (given exists)");
/// ```
pub fn read_interaction_outline(value: &Value) -> Interaction {
    read_pact::outline(value, "$")
}

/// As [`read_pact_value`], with `options` (e.g. other [`Limits`]).
pub fn read_pact_value_with(value: &Value, options: &ReadOptions) -> Result<Pact, PactError> {
    read_pact::read_pact_value(value, &options.limits)
}

/// Reads a request as written in a pact of `version`; `path` names where it sits, for errors.
/// Read on its own, any part that cannot be used is an error.
///
/// ```
/// use pact_core::{SpecVersion, format::read_request};
/// let request = read_request(&serde_json::json!({
///     "method": "get", "path": "/animals", "query": "type=alligator&type=hippo",
///     "headers": {"Accept": "application/json, text/plain"}
/// }), SpecVersion::V2, "$.request").unwrap();
/// assert_eq!(request.method, "GET");
/// assert_eq!(request.query.get("type").map(|v| v.len()), Some(2));
/// assert_eq!(request.headers.get("accept").map(|v| v.len()), Some(2));
/// ```
pub fn read_request(value: &Value, version: SpecVersion, path: &str) -> Result<Request, PactError> {
    let mut reading = reading::Reading::default();
    let request = read_http::read_request(value, version, path, &mut reading)?;
    reading.strict(request)
}

/// Reads a response as written in a pact of `version`; `path` names where it sits, for errors.
/// Read on its own, any part that cannot be used is an error.
///
/// ```
/// use pact_core::{Category, SpecVersion, format::read_response};
/// let response = read_response(&serde_json::json!({
///     "status": 200, "body": {"contentType": "text/plain", "encoded": false, "content": "hello"},
///     "matchingRules": {"status": {"matchers": [{"match": "statusCode", "status": "success"}]}}
/// }), SpecVersion::V4, "$.response").unwrap();
/// assert_eq!(response.body.as_text(), "hello");
/// assert!(response.matching_rules.category(Category::Status).is_some());
/// ```
pub fn read_response(value: &Value, version: SpecVersion, path: &str) -> Result<Response, PactError> {
    let mut reading = reading::Reading::default();
    let response = read_http::read_response(value, version, path, &mut reading)?;
    reading.strict(response)
}

/// Reads a message (contents, metadata, rules, generators) as written in a pact of `version`.
///
/// ```
/// use pact_core::{SpecVersion, format::read_message};
/// let message = read_message(&serde_json::json!({
///     "contents": {"orderId": 1}, "metaData": {"topic": "orders"}
/// }), SpecVersion::V3, "$.messages[0]").unwrap();
/// assert_eq!(message.content_type().as_deref(), Some("application/json"));
/// assert_eq!(message.metadata["topic"], "orders");
/// ```
pub fn read_message(value: &Value, version: SpecVersion, path: &str) -> Result<Message, PactError> {
    let mut reading = reading::Reading::default();
    let message = read_message::read_message(value, version, path, &mut reading)?;
    reading.strict(message)
}

/// Writes provider states as V3 and V4 pacts hold them: `[{"name", "params"}]`, `params` only
/// when the state has some.
///
/// ```
/// use pact_core::{ProviderState, format::write_provider_states};
/// let states = [ProviderState::new("no params")];
/// assert_eq!(write_provider_states(&states), serde_json::json!([{"name": "no params"}]));
/// ```
pub fn write_provider_states(states: &[crate::ProviderState]) -> Value {
    write_legacy::write_provider_states(states)
}

/// Writes a body in the V4 object form `{"content", "contentType", "encoded"}` (with
/// `contentTypeHint` when set); `None` for a missing body.
///
/// ```
/// use pact_core::{Body, format::write_v4_body};
/// assert_eq!(write_v4_body(&Body::text("hello", "text/plain")).unwrap(),
///     serde_json::json!({"contentType": "text/plain", "encoded": false, "content": "hello"}));
/// assert_eq!(write_v4_body(&Body::bytes(vec![0, 1, 2], Some("application/octet-stream".into())))
///     .unwrap()["content"], "AAEC");
/// assert!(write_v4_body(&Body::Missing).is_none());
/// ```
pub fn write_v4_body(body: &crate::Body) -> Option<Value> {
    body::write_v4_body(body)
}

/// Writes `pact` as a JSON document of `version` (V1 and V1.1 are written as V2).
///
/// Fails with [`PactError::Unsupported`] when the version cannot express an interaction: messages
/// in V2, synchronous messages in V2 or V3.
///
/// ```
/// use pact_core::{AsyncMessage, Interaction, Pact, SpecVersion, format::write_pact};
/// let mut pact = Pact::new("OrderService", "Billing", SpecVersion::V3);
/// pact.interactions.push(Interaction::AsyncMessage(AsyncMessage::default()));
/// assert!(write_pact(&pact, SpecVersion::V3).unwrap()["messages"].is_array());
/// assert!(write_pact(&pact, SpecVersion::V2).is_err());
/// ```
pub fn write_pact(pact: &Pact, version: SpecVersion) -> Result<Value, PactError> {
    let mut doc = Map::new();
    doc.insert("consumer".into(), json!({"name": pact.consumer.name}));
    doc.insert("provider".into(), json!({"name": pact.provider.name}));
    let version = if write_legacy::is_v2_shaped(version) {
        SpecVersion::V2
    } else {
        version
    };
    match version {
        SpecVersion::V4 => {
            let interactions = pact
                .interactions
                .iter()
                .map(write_v4::write_v4_interaction)
                .collect();
            doc.insert("interactions".into(), Value::Array(interactions));
        }
        _ => {
            let v3 = version == SpecVersion::V3;
            let (interactions, messages) = write_legacy::write_legacy_interactions(pact, v3)?;
            doc.insert("interactions".into(), Value::Array(interactions));
            if !messages.is_empty() {
                doc.insert("messages".into(), Value::Array(messages));
            }
        }
    }
    doc.insert(
        "metadata".into(),
        Value::Object(write_metadata(&pact.metadata, version)),
    );
    Ok(Value::Object(doc))
}

/// The pact's metadata with `pactSpecification.version` set to `version` (other entries kept;
/// the old spellings `pact-specification` and `pactSpecificationVersion` are dropped).
fn write_metadata(metadata: &Map<String, Value>, version: SpecVersion) -> Map<String, Value> {
    let mut out = metadata.clone();
    out.remove("pact-specification");
    out.remove("pactSpecificationVersion");
    let spec = out
        .entry("pactSpecification")
        .or_insert_with(|| Value::Object(Map::new()));
    if !spec.is_object() {
        *spec = Value::Object(Map::new());
    }
    if let Value::Object(spec) = spec {
        spec.insert("version".into(), json!(version.as_metadata_str()));
    }
    out
}

/// The stable V4 key of an interaction: its explicit key, else the first 16 hex digits of the
/// SHA-256 of its V4 JSON (without key, `pending` and comments) with sorted object keys, which is
/// the same on every platform and toolchain.
///
/// ```
/// use pact_core::{HttpInteraction, Interaction, format::interaction_key};
/// let mut http = HttpInteraction { description: "a request".into(), ..Default::default() };
/// let computed = interaction_key(&Interaction::Http(http.clone()));
/// assert_eq!(computed.len(), 16);
/// http.key = Some("my-key".into());
/// assert_eq!(interaction_key(&Interaction::Http(http)), "my-key");
/// ```
pub fn interaction_key(interaction: &Interaction) -> String {
    key::interaction_key(interaction)
}

impl Pact {
    /// Reads a pact document; see [`read_pact`].
    pub fn from_json_str(text: &str) -> Result<Pact, PactError> {
        read_pact(text)
    }

    /// Writes the pact as a JSON document of its own [`Pact::specification`] version; see [`write_pact`].
    pub fn to_json(&self) -> Result<Value, PactError> {
        write_pact(self, self.specification)
    }
}
