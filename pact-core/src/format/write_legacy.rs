//! Writing V2 and V3 documents: untyped HTTP `interactions`, and for V3 a `messages` array.
//!
//! V2 writes `providerState` as the first state's name, flat `$.body…` rules, the query as a
//! string and no generators. V3 writes `providerStates`, categorised rules with `combine`,
//! generators, a query map of arrays, and asynchronous messages under `messages`. Both write
//! headers as strings, several values joined by `", "`.

use serde_json::{Map, Value, json};

use super::body::{is_legacy_binary, write_legacy_body};
use super::generators_json::write_generators;
use super::json::index;
use super::read_message::metadata_content_type;
use super::rules_json::{write_flat_rules, write_matching_rules};
use crate::PactError;
use crate::model::{
    AsyncMessage, Headers, HttpInteraction, Interaction, Pact, ProviderState, Query, SpecVersion,
};
use crate::{Generators, MatchingRules};

/// The interactions (and, for V3, messages) of `pact` as V2 (`v3 == false`) or V3 JSON.
pub(crate) fn write_legacy_interactions(
    pact: &Pact,
    v3: bool,
) -> Result<(Vec<Value>, Vec<Value>), PactError> {
    let mut interactions = Vec::new();
    let mut messages = Vec::new();
    for (i, interaction) in pact.interactions.iter().enumerate() {
        let path = index("$.interactions", i);
        match interaction {
            Interaction::Http(http) => interactions.push(write_http(http, v3)),
            Interaction::AsyncMessage(message) if v3 => messages.push(write_v3_message(message)),
            Interaction::AsyncMessage(_) => {
                return Err(PactError::unsupported(
                    path,
                    "a V2 pact cannot hold messages; write the pact as V3 or V4",
                ));
            }
            Interaction::SyncMessage(_) => {
                let version = if v3 { "V3" } else { "V2" };
                return Err(PactError::unsupported(
                    path,
                    format!("a {version} pact cannot hold synchronous messages; write the pact as V4"),
                ));
            }
        }
    }
    Ok((interactions, messages))
}

/// `providerStates` as V3+ writes them: `[{"name": .., "params": {..}}]`, params only when set.
pub(crate) fn write_provider_states(states: &[ProviderState]) -> Value {
    Value::Array(
        states
            .iter()
            .map(|state| {
                let mut obj = Map::new();
                obj.insert("name".into(), json!(state.name));
                if !state.params.is_empty() {
                    obj.insert("params".into(), Value::Object(state.params.clone()));
                }
                Value::Object(obj)
            })
            .collect(),
    )
}

fn write_http(interaction: &HttpInteraction, v3: bool) -> Value {
    let mut obj = Map::new();
    obj.insert("description".into(), json!(interaction.description));
    if v3 {
        if !interaction.provider_states.is_empty() {
            obj.insert(
                "providerStates".into(),
                write_provider_states(&interaction.provider_states),
            );
        }
    } else if let Some(state) = interaction.provider_states.first() {
        obj.insert("providerState".into(), json!(state.name));
    }
    let request = &interaction.request;
    let mut req = Map::new();
    req.insert("method".into(), json!(request.method));
    req.insert("path".into(), json!(request.path));
    if !request.query.is_empty() {
        req.insert("query".into(), write_query(&request.query, v3));
    }
    let header_ct = request.headers.first("content-type");
    write_parts(
        &mut req,
        &request.headers,
        write_legacy_body(&request.body, header_ct),
    );
    write_rules(&mut req, &request.matching_rules, &request.generators, v3);
    obj.insert("request".into(), Value::Object(req));

    let response = &interaction.response;
    let mut res = Map::new();
    res.insert("status".into(), json!(response.status));
    let header_ct = response.headers.first("content-type");
    write_parts(
        &mut res,
        &response.headers,
        write_legacy_body(&response.body, header_ct),
    );
    write_rules(&mut res, &response.matching_rules, &response.generators, v3);
    obj.insert("response".into(), Value::Object(res));
    Value::Object(obj)
}

fn write_query(query: &Query, v3: bool) -> Value {
    if !v3 {
        return json!(query.to_query_string());
    }
    let mut map = Map::new();
    for (name, values) in query.iter() {
        map.insert(name.to_string(), json!(values));
    }
    Value::Object(map)
}

/// Headers as strings (several values joined by `", "`), then the body.
fn write_parts(obj: &mut Map<String, Value>, headers: &Headers, body: Option<Value>) {
    if !headers.is_empty() {
        let mut map = Map::new();
        for (name, values) in headers.iter() {
            map.insert(name.to_string(), json!(values.join(", ")));
        }
        obj.insert("headers".into(), Value::Object(map));
    }
    if let Some(body) = body {
        obj.insert("body".into(), body);
    }
}

fn write_rules(obj: &mut Map<String, Value>, rules: &MatchingRules, generators: &Generators, v3: bool) {
    if !rules.is_empty() {
        let written = if v3 {
            write_matching_rules(rules, "body")
        } else {
            write_flat_rules(rules)
        };
        obj.insert("matchingRules".into(), written);
    }
    if v3 && !generators.is_empty() {
        obj.insert("generators".into(), write_generators(generators, "body"));
    }
}

fn write_v3_message(message: &AsyncMessage) -> Value {
    let mut obj = Map::new();
    obj.insert("description".into(), json!(message.description));
    if !message.provider_states.is_empty() {
        obj.insert(
            "providerStates".into(),
            write_provider_states(&message.provider_states),
        );
    }
    let inner = &message.message;
    // Binary contents are written as base64, which reads back as bytes only when the metadata
    // names their content type: name it when the model knows it and the metadata does not.
    let mut metadata = inner.metadata.clone();
    if metadata_content_type(&metadata).is_none()
        && let Some(content_type) = inner.contents.content_type().filter(|ct| is_legacy_binary(ct))
    {
        metadata.insert("contentType".into(), json!(content_type));
    }
    if let Some(contents) = write_legacy_body(&inner.contents, metadata_content_type(&metadata)) {
        obj.insert("contents".into(), contents);
    }
    if !metadata.is_empty() {
        obj.insert("metaData".into(), Value::Object(metadata));
    }
    write_rules(&mut obj, &inner.matching_rules, &inner.generators, true);
    Value::Object(obj)
}

/// Whether `version` is written with the V2 shapes (V1 and V1.1 are written as V2).
pub(crate) fn is_v2_shaped(version: SpecVersion) -> bool {
    version <= SpecVersion::V2
}
