//! Writing V4 documents: typed `interactions` with `key` and `pending`, headers and query as maps
//! of arrays, bodies as `{"contentType", "encoded", "content"}`, message content rules under `content`.

use serde_json::{Map, Value, json};

use super::body::write_v4_body;
use super::generators_json::write_generators;
use super::key::interaction_key;
use super::rules_json::write_matching_rules;
use super::write_legacy::write_provider_states;
use crate::model::{Headers, Interaction, Message, Query, Request, Response};
use crate::{Generators, MatchingRules};

/// One interaction in V4 form, with its `key` (explicit, else computed).
pub(crate) fn write_v4_interaction(interaction: &Interaction) -> Value {
    let mut obj = write_v4_interaction_without_key(interaction);
    if let Value::Object(map) = &mut obj {
        map.insert("key".into(), json!(interaction_key(interaction)));
    }
    obj
}

/// One interaction in V4 form without its `key`: what the computed key is a hash of.
pub(crate) fn write_v4_interaction_without_key(interaction: &Interaction) -> Value {
    let mut obj = Map::new();
    obj.insert("type".into(), json!(interaction.kind().as_v4_type()));
    obj.insert("description".into(), json!(interaction.description()));
    obj.insert("pending".into(), json!(interaction.is_pending()));
    if !interaction.provider_states().is_empty() {
        obj.insert(
            "providerStates".into(),
            write_provider_states(interaction.provider_states()),
        );
    }
    if !interaction.comments().is_empty() {
        obj.insert("comments".into(), Value::Object(interaction.comments().clone()));
    }
    match interaction {
        Interaction::Http(http) => {
            obj.insert("request".into(), write_request(&http.request));
            obj.insert("response".into(), write_response(&http.response));
        }
        Interaction::AsyncMessage(message) => write_message_into(&mut obj, &message.message),
        Interaction::SyncMessage(sync) => {
            obj.insert("request".into(), write_message(&sync.request));
            let responses: Vec<Value> = sync.responses.iter().map(write_message).collect();
            obj.insert("response".into(), Value::Array(responses));
        }
    }
    Value::Object(obj)
}

fn write_request(request: &Request) -> Value {
    let mut obj = Map::new();
    obj.insert("method".into(), json!(request.method));
    obj.insert("path".into(), json!(request.path));
    if !request.query.is_empty() {
        obj.insert("query".into(), write_query(&request.query));
    }
    write_http_parts(
        &mut obj,
        &request.headers,
        &request.body,
        &request.matching_rules,
        &request.generators,
    );
    Value::Object(obj)
}

fn write_response(response: &Response) -> Value {
    let mut obj = Map::new();
    obj.insert("status".into(), json!(response.status));
    write_http_parts(
        &mut obj,
        &response.headers,
        &response.body,
        &response.matching_rules,
        &response.generators,
    );
    Value::Object(obj)
}

fn write_query(query: &Query) -> Value {
    let mut map = Map::new();
    for (name, values) in query.iter() {
        map.insert(name.to_string(), json!(values));
    }
    Value::Object(map)
}

fn write_http_parts(
    obj: &mut Map<String, Value>,
    headers: &Headers,
    body: &crate::Body,
    rules: &MatchingRules,
    generators: &Generators,
) {
    if !headers.is_empty() {
        let mut map = Map::new();
        for (name, values) in headers.iter() {
            map.insert(name.to_string(), json!(values));
        }
        obj.insert("headers".into(), Value::Object(map));
    }
    if let Some(body) = write_v4_body(body) {
        obj.insert("body".into(), body);
    }
    if !rules.is_empty() {
        obj.insert("matchingRules".into(), write_matching_rules(rules, "body"));
    }
    if !generators.is_empty() {
        obj.insert("generators".into(), write_generators(generators, "body"));
    }
}

fn write_message(message: &Message) -> Value {
    let mut obj = Map::new();
    write_message_into(&mut obj, message);
    Value::Object(obj)
}

/// A message's `contents`, `metadata`, `matchingRules` (contents under `content`) and `generators`.
fn write_message_into(obj: &mut Map<String, Value>, message: &Message) {
    if let Some(contents) = write_v4_body(&message.contents) {
        obj.insert("contents".into(), contents);
    }
    if !message.metadata.is_empty() {
        obj.insert("metadata".into(), Value::Object(message.metadata.clone()));
    }
    if !message.matching_rules.is_empty() {
        obj.insert(
            "matchingRules".into(),
            write_matching_rules(&message.matching_rules, "content"),
        );
    }
    if !message.generators.is_empty() {
        obj.insert(
            "generators".into(),
            write_generators(&message.generators, "content"),
        );
    }
}
