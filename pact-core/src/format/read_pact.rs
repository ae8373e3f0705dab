//! Reading a whole pact document: pacticipants, metadata and the specification version, and
//! every interaction (V1–V3 HTTP `interactions`, V3 `messages`, V4 typed `interactions`).

use serde_json::{Map, Value};

use super::json::{child, describe, index, object, opt_object, opt_str, req_str, wrong_type};
use super::limits::check_interaction_in;
use super::read_http::read_array;
use super::read_http::{read_request, read_response};
use super::read_message::read_message;
use super::reading::{Reading, Writer};
use super::shared_patterns::SharedPatterns;
use crate::PactError;
use crate::limits::Limits;
use crate::model::{
    AsyncMessage, HttpInteraction, Interaction, Pact, Pacticipant, ProviderState, SpecVersion, SyncMessage,
};

/// Reads a pact from parsed JSON, checking each interaction against `limits`. Regex rules with
/// the same source share one [`Pattern`](crate::rules::Pattern), compiled once by the check.
pub(crate) fn read_pact_value(value: &Value, limits: &Limits) -> Result<Pact, PactError> {
    let root = object(value, "$")?;
    let consumer = read_pacticipant(root, "consumer")?;
    let provider = read_pacticipant(root, "provider")?;
    let metadata = opt_object(root, "metadata", "$")?.cloned().unwrap_or_default();
    let specification = match declared_version(&metadata)? {
        Some(version) => version,
        None => infer_version(root),
    };
    let writer = Writer::of(&metadata);
    let patterns = SharedPatterns::default();
    let mut interactions = Vec::new();
    if let Some(items) = root.get("interactions").filter(|v| !v.is_null()) {
        interactions = read_each(items, "$.interactions", writer, |item, path, reading| {
            let mut interaction = read_interaction(item, specification, path, reading)?;
            patterns.share(&mut interaction);
            check_interaction_in(&interaction, specification, path, limits, &patterns)?;
            Ok(interaction)
        })?;
    }
    if let Some(items) = root.get("messages").filter(|v| !v.is_null()) {
        let version = specification.min(SpecVersion::V3);
        let messages = read_each(items, "$.messages", writer, |item, path, reading| {
            let mut message = Interaction::AsyncMessage(read_async_message(item, version, path, reading)?);
            patterns.share(&mut message);
            check_interaction_in(&message, version, path, limits, &patterns)?;
            Ok(message)
        })?;
        interactions.extend(messages);
    }
    Ok(Pact {
        consumer,
        provider,
        interactions,
        metadata,
        specification,
    })
}

fn read_pacticipant(root: &Map<String, Value>, key: &str) -> Result<Pacticipant, PactError> {
    let path = child("$", key);
    match root.get(key) {
        Some(value) => Ok(Pacticipant::new(req_str(object(value, &path)?, "name", &path)?)),
        None => Err(PactError::invalid(
            path,
            format!("missing; a pact names its {key}: {{\"name\": \"...\"}}"),
        )),
    }
}

/// The version named in `metadata.pactSpecification.version`, `metadata['pact-specification'].version`
/// or `metadata.pactSpecificationVersion`.
fn declared_version(metadata: &Map<String, Value>) -> Result<Option<SpecVersion>, PactError> {
    let candidates = [
        ("pactSpecification", Some("version")),
        ("pact-specification", Some("version")),
        ("pactSpecificationVersion", None),
    ];
    for (key, inner) in candidates {
        let Some(entry) = metadata.get(key) else { continue };
        let (value, path) = match inner {
            Some(inner) => match entry.get(inner) {
                Some(v) => (v, child(&child("$.metadata", key), inner)),
                None => continue,
            },
            None => (entry, child("$.metadata", key)),
        };
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Null => continue,
            other => return Err(wrong_type(&path, "a version string such as \"3.0.0\"", other)),
        };
        return SpecVersion::parse(&text).map(Some).ok_or_else(|| {
            PactError::invalid(
                path,
                format!("unknown pact specification version \"{text}\"; expected 1.0.0, 1.1.0, 2.0.0, 3.0.0 or 4.0"),
            )
        });
    }
    Ok(None)
}

/// The version of a pact that does not declare one, from its shape: typed interactions are V4;
/// `messages`, `providerStates`, query maps or categorised rules/generators are V3; anything else V2.
fn infer_version(root: &Map<String, Value>) -> SpecVersion {
    let interactions = root.get("interactions").and_then(Value::as_array);
    let items = interactions.map(Vec::as_slice).unwrap_or_default();
    if items.iter().any(|i| i.get("type").is_some()) {
        return SpecVersion::V4;
    }
    let looks_v3 = |i: &Value| {
        let part_is_v3 = |part: Option<&Value>| {
            part.is_some_and(|p| {
                p.get("query").is_some_and(Value::is_object)
                    || p.get("generators").is_some()
                    || p.get("matchingRules")
                        .and_then(Value::as_object)
                        .is_some_and(|r| r.keys().any(|k| !k.starts_with('$')))
            })
        };
        i.get("providerStates").is_some() || part_is_v3(i.get("request")) || part_is_v3(i.get("response"))
    };
    if root.contains_key("messages") || items.iter().any(looks_v3) {
        SpecVersion::V3
    } else {
        SpecVersion::V2
    }
}

/// The fields every kind of interaction shares.
struct Common {
    description: String,
    provider_states: Vec<ProviderState>,
    key: Option<String>,
    pending: bool,
    comments: Map<String, Value>,
}

fn read_common(obj: &Map<String, Value>, path: &str) -> Result<Common, PactError> {
    let description = req_str(obj, "description", path)?.to_string();
    let provider_states = read_provider_states(obj, path)?;
    let key = opt_str(obj, "key", path)?.map(str::to_string);
    let pending = match obj.get("pending") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(wrong_type(&child(path, "pending"), "true or false", other)),
    };
    let comments = opt_object(obj, "comments", path)?.cloned().unwrap_or_default();
    Ok(Common {
        description,
        provider_states,
        key,
        pending,
        comments,
    })
}

/// `providerStates` (V3+: objects with `name` and `params`, or plain names), else `providerState`
/// or `provider_state` (V1/V2: one name).
fn read_provider_states(obj: &Map<String, Value>, path: &str) -> Result<Vec<ProviderState>, PactError> {
    if let Some(states) = obj.get("providerStates").filter(|v| !v.is_null()) {
        return read_array(
            states,
            &child(path, "providerStates"),
            |state, state_path| match state {
                Value::String(name) => Ok(ProviderState::new(name.clone())),
                Value::Object(map) => {
                    let name = req_str(map, "name", state_path)?;
                    let params = match map.get("params") {
                        None | Some(Value::Null) => Value::Object(Map::new()),
                        Some(p @ Value::Object(_)) => p.clone(),
                        Some(other) => {
                            return Err(wrong_type(&child(state_path, "params"), "an object", other));
                        }
                    };
                    Ok(ProviderState::with_params(name, params))
                }
                other => Err(wrong_type(state_path, "a provider state object", other)),
            },
        );
    }
    for key in ["providerState", "provider_state"] {
        if let Some(name) = opt_str(obj, key, path)? {
            return Ok(if name.is_empty() {
                Vec::new()
            } else {
                vec![ProviderState::new(name)]
            });
        }
    }
    Ok(Vec::new())
}

/// The kinds of interaction a V4 `type` names.
enum Kind {
    Http,
    Async,
    Sync,
}

fn interaction_kind(obj: &Map<String, Value>, version: SpecVersion, path: &str) -> Result<Kind, PactError> {
    match obj.get("type") {
        Some(Value::String(t)) => {
            let normal: String = t.chars().filter(char::is_ascii_alphanumeric).collect();
            match normal.to_ascii_lowercase().as_str() {
                "synchronoushttp" => Ok(Kind::Http),
                "asynchronousmessages" => Ok(Kind::Async),
                "synchronousmessages" => Ok(Kind::Sync),
                _ => Err(PactError::invalid(
                    child(path, "type"),
                    format!(
                        "unknown interaction type \"{t}\"; expected Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages"
                    ),
                )),
            }
        }
        Some(other) if !other.is_null() => Err(wrong_type(
            &child(path, "type"),
            "an interaction type string",
            other,
        )),
        _ if version < SpecVersion::V4 || obj.get("response").is_some_and(Value::is_object) => Ok(Kind::Http),
        _ if obj.get("response").is_some_and(Value::is_array) => Ok(Kind::Sync),
        _ if obj.contains_key("contents") => Ok(Kind::Async),
        _ => Ok(Kind::Http),
    }
}

/// Reads every interaction of the array at `path`; one that cannot be read whole carries its
/// problems (see [`unreadable`]) instead of failing the pact.
fn read_each(
    items: &Value,
    path: &str,
    writer: Writer,
    read: impl Fn(&Value, &str, &mut Reading) -> Result<Interaction, PactError>,
) -> Result<Vec<Interaction>, PactError> {
    let items = items
        .as_array()
        .ok_or_else(|| wrong_type(path, "an array", items))?;
    let mut interactions = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = index(path, i);
        let mut reading = Reading::by(writer);
        let read = read(item, &item_path, &mut reading);
        let mut problems = reading.into_problems();
        let mut interaction = match read {
            Ok(interaction) => interaction,
            Err(error) => {
                problems.push(error);
                unreadable(item, &item_path, writer)
            }
        };
        for problem in problems {
            interaction.add_problem(&problem);
        }
        interactions.push(interaction);
    }
    Ok(interactions)
}

/// The outline of an interaction: what [`unreadable`] makes out of it, without its request.
pub(super) fn outline(value: &Value, path: &str) -> Interaction {
    skeleton(value, path, None)
}

/// What can be made out of an interaction that cannot be read whole: its description (else its
/// place), kind, provider states, pending flag and, for HTTP, its request when that can be read
/// (so the mock server can tell who asks for it).
fn unreadable(value: &Value, path: &str, writer: Writer) -> Interaction {
    skeleton(value, path, Some(writer))
}

/// Description, kind, provider states, key, pending flag and, when `request_by` names the
/// pact's writer, an HTTP interaction's request.
fn skeleton(value: &Value, path: &str, request_by: Option<Writer>) -> Interaction {
    let empty = Map::new();
    let obj = value.as_object().unwrap_or(&empty);
    let description = match obj.get("description").and_then(Value::as_str) {
        Some(description) => description.to_string(),
        None => format!("the interaction at {path}"),
    };
    let provider_states = read_provider_states(obj, path).unwrap_or_default();
    let pending = obj.get("pending").and_then(Value::as_bool).unwrap_or(false);
    let key = obj.get("key").and_then(Value::as_str).map(str::to_string);
    match interaction_kind(obj, SpecVersion::V4, path).unwrap_or(Kind::Http) {
        Kind::Http => {
            let request = request_by
                .zip(obj.get("request"))
                .and_then(|(writer, r)| read_request(r, SpecVersion::V4, path, &mut Reading::by(writer)).ok())
                .unwrap_or_default();
            Interaction::Http(HttpInteraction {
                description,
                provider_states,
                key,
                pending,
                request,
                ..HttpInteraction::default()
            })
        }
        Kind::Async => Interaction::AsyncMessage(AsyncMessage {
            description,
            provider_states,
            key,
            pending,
            ..AsyncMessage::default()
        }),
        Kind::Sync => Interaction::SyncMessage(SyncMessage {
            description,
            provider_states,
            key,
            pending,
            ..SyncMessage::default()
        }),
    }
}

fn read_interaction(
    value: &Value,
    version: SpecVersion,
    path: &str,
    reading: &mut Reading,
) -> Result<Interaction, PactError> {
    let obj = object(value, path)?;
    Ok(match interaction_kind(obj, version, path)? {
        Kind::Http => Interaction::Http(read_http_interaction(obj, version, path, reading)?),
        Kind::Async => Interaction::AsyncMessage(read_async_message(value, version, path, reading)?),
        Kind::Sync => Interaction::SyncMessage(read_sync_message(obj, version, path, reading)?),
    })
}

fn required<'a>(obj: &'a Map<String, Value>, key: &str, path: &str) -> Result<&'a Value, PactError> {
    obj.get(key)
        .filter(|v| !v.is_null())
        .ok_or_else(|| PactError::invalid(child(path, key), format!("missing; an interaction needs a {key}")))
}

fn read_http_interaction(
    obj: &Map<String, Value>,
    version: SpecVersion,
    path: &str,
    reading: &mut Reading,
) -> Result<HttpInteraction, PactError> {
    let common = read_common(obj, path)?;
    let request = read_request(
        required(obj, "request", path)?,
        version,
        &child(path, "request"),
        reading,
    )?;
    let response = read_response(
        required(obj, "response", path)?,
        version,
        &child(path, "response"),
        reading,
    )?;
    Ok(HttpInteraction {
        description: common.description,
        provider_states: common.provider_states,
        key: common.key,
        pending: common.pending,
        comments: common.comments,
        request,
        response,
        problems: Vec::new(),
    })
}

fn read_async_message(
    value: &Value,
    version: SpecVersion,
    path: &str,
    reading: &mut Reading,
) -> Result<AsyncMessage, PactError> {
    let obj = object(value, path)?;
    let common = read_common(obj, path)?;
    let message = read_message(value, version, path, reading)?;
    Ok(AsyncMessage {
        description: common.description,
        provider_states: common.provider_states,
        key: common.key,
        pending: common.pending,
        comments: common.comments,
        message,
        problems: Vec::new(),
    })
}

fn read_sync_message(
    obj: &Map<String, Value>,
    version: SpecVersion,
    path: &str,
    reading: &mut Reading,
) -> Result<SyncMessage, PactError> {
    let common = read_common(obj, path)?;
    let request = read_message(
        required(obj, "request", path)?,
        version,
        &child(path, "request"),
        reading,
    )?;
    let response_path = child(path, "response");
    let responses = match obj.get("response") {
        None | Some(Value::Null) => Vec::new(),
        Some(single @ Value::Object(_)) => vec![read_message(single, version, &response_path, reading)?],
        Some(items @ Value::Array(_)) => {
            read_array(items, &response_path, |m, p| read_message(m, version, p, reading))?
        }
        Some(other) => {
            return Err(PactError::invalid(
                response_path,
                format!("expected an array of messages, got {}", describe(other)),
            ));
        }
    };
    Ok(SyncMessage {
        description: common.description,
        provider_states: common.provider_states,
        key: common.key,
        pending: common.pending,
        comments: common.comments,
        request,
        responses,
        problems: Vec::new(),
    })
}
