//! Consumer scenarios written with the consumer DSL of `pact-consumer` (V3/V4 HTTP interactions,
//! asynchronous and synchronous messages): the interaction is built with `PactBuilder`, exercised
//! (mock server or message handler) and the pact file it writes is read back.

use std::path::PathBuf;

use compatibility_suite::fixtures::{body_cell, json_cell};
use cucumber::{gherkin::Step, given, then, when};
use pact_consumer::prelude::*;
use pact_consumer::{ConsumerSyncMessage, JsonPattern, MessageError};
use pact_core::format::read_message;
use pact_core::{Body, Category, DocPath, Interaction, Pact};
use serde_json::{Value, json};

use crate::generators::assert_replaced;
use crate::world::{CompatWorld, rows};

/// What a message (or a synchronous request or response message) is made of.
#[derive(Debug, Default, Clone)]
struct Contents {
    body: Option<Body>,
    /// Generators as in a pact file (`{"body": {...}, "metadata": {...}}`).
    generators: Option<Value>,
    metadata: Vec<(String, Value)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Http,
    Async,
    Sync,
}

/// One interaction being defined.
#[derive(Debug, Clone)]
struct Planned {
    kind: Kind,
    states: Vec<(String, Option<Value>)>,
    key: Option<String>,
    pending: bool,
    comments: Vec<String>,
    message: Contents,
    responses: Vec<Contents>,
}

/// The DSL side of a scenario.
#[derive(Debug, Default)]
pub struct DslState {
    planned: Vec<Planned>,
    /// The pact file written, read back.
    pub pact: Option<Pact>,
    /// The pact file written, as JSON.
    pact_json: Option<Value>,
    /// The messages the handler received.
    received: Vec<ConsumerMessage>,
    received_sync: Vec<ConsumerSyncMessage>,
    /// The outcome of handing the messages to the handler.
    outcome: Option<Result<PathBuf, String>>,
    handler_error: Option<String>,
}

impl DslState {
    fn last(&mut self) -> &mut Planned {
        self.planned.last_mut().expect("an interaction is being defined")
    }
}

#[given(
    regex = r"^(an integration|an HTTP interaction|a message interaction|a message integration|a synchronous message interaction) is being defined for a consumer test$"
)]
fn being_defined(world: &mut CompatWorld, what: String) {
    let kind = match what.as_str() {
        "an integration" | "an HTTP interaction" => Kind::Http,
        "a synchronous message interaction" => Kind::Sync,
        _ => Kind::Async,
    };
    world.dsl.planned.push(Planned {
        kind,
        states: Vec::new(),
        key: None,
        pending: false,
        comments: Vec::new(),
        message: Contents::default(),
        responses: Vec::new(),
    });
}

fn state_params(step: &Step) -> Value {
    let row = rows(step).into_iter().next().expect("a row of data");
    Value::Object(
        row.into_iter()
            .map(|(k, v)| (k, json_cell(&v).unwrap()))
            .collect(),
    )
}

#[given(regex = r#"^a provider state "([^"]+)" (?:for the (?:synchronous )?message )?is specified$"#)]
fn state_specified(world: &mut CompatWorld, state: String) {
    world.dsl.last().states.push((state, None));
}

#[given(
    regex = r#"^a provider state "([^"]+)" (?:for the (?:synchronous )?message )?is specified with the following data:$"#
)]
fn state_with_data(world: &mut CompatWorld, state: String, step: &Step) {
    let params = state_params(step);
    world.dsl.last().states.push((state, Some(params)));
}

#[given(
    regex = r#"^a key of "([^"]+)" is specified for the (?:HTTP|message|synchronous message) interaction$"#
)]
fn key_specified(world: &mut CompatWorld, key: String) {
    world.dsl.last().key = Some(key);
}

#[given(regex = r"^the (?:HTTP|message|synchronous message) interaction is marked as pending$")]
fn marked_pending(world: &mut CompatWorld) {
    world.dsl.last().pending = true;
}

#[given(regex = r#"^a comment "([^"]+)" is added to the (?:HTTP|message|synchronous message) interaction$"#)]
fn comment_added(world: &mut CompatWorld, comment: String) {
    world.dsl.last().comments.push(comment);
}

#[given(regex = r#"^the message payload contains the "([^"]+)" JSON document$"#)]
fn message_payload(world: &mut CompatWorld, name: String) {
    world.dsl.last().message.body = Some(body_cell(&format!("file: {name}.json")).unwrap());
}

#[given(regex = r#"^the message request payload contains the "([^"]+)" JSON document$"#)]
fn request_payload(world: &mut CompatWorld, name: String) {
    world.dsl.last().message.body = Some(body_cell(&format!("file: {name}.json")).unwrap());
}

#[given(regex = r#"^the message response payload contains the "([^"]+)" document$"#)]
fn response_payload(world: &mut CompatWorld, cell: String) {
    let body = body_cell(&cell).unwrap();
    world.dsl.last().responses.push(Contents {
        body: Some(body),
        ..Contents::default()
    });
}

fn metadata_rows(step: &Step) -> Vec<(String, Value)> {
    rows(step)
        .into_iter()
        .map(|row| {
            let value = row["value"].trim();
            let value = if value.starts_with("JSON:") {
                json_cell(value).unwrap()
            } else {
                Value::String(value.to_string())
            };
            (row["key"].trim().to_string(), value)
        })
        .collect()
}

#[given(regex = r"^the message (?:request )?contains the following metadata:$")]
fn message_metadata(world: &mut CompatWorld, step: &Step) {
    let metadata = metadata_rows(step);
    world.dsl.last().message.metadata.extend(metadata);
}

#[given("a message is defined")]
fn message_defined(world: &mut CompatWorld) {
    let planned = world.dsl.last();
    assert_eq!(
        planned.kind,
        Kind::Async,
        "a message interaction is being defined"
    );
    planned
        .message
        .body
        .get_or_insert_with(|| Body::json(json!({"defined": true})));
}

fn contents_from(step: &Step) -> Contents {
    let row = rows(step).into_iter().next().expect("a row");
    let mut contents = Contents::default();
    for (column, value) in row {
        match column.as_str() {
            "body" => contents.body = Some(body_cell(&value).unwrap()),
            "generators" => contents.generators = Some(json_cell(&value).unwrap()),
            "metadata" => {
                let Value::Object(map) = json_cell(&value).unwrap() else {
                    panic!("metadata must be a JSON object");
                };
                contents.metadata = map.into_iter().collect();
            }
            other => panic!("unknown message column '{other}'"),
        }
    }
    contents
}

#[given(regex = r"^the message (request |response )?is configured with the following:$")]
fn message_configured(world: &mut CompatWorld, part: String, step: &Step) {
    let contents = contents_from(step);
    let planned = world.dsl.last();
    if part.trim() == "response" {
        planned.responses.push(contents);
    } else {
        planned.message = contents;
    }
}

// ---- building with the DSL ---------------------------------------------------------------------

/// The generators of a fixture, read by pact-core's pact reader.
fn generators_of(contents: &Contents) -> pact_core::Generators {
    let Some(generators) = &contents.generators else {
        return pact_core::Generators::default();
    };
    read_message(
        &json!({"contents": "", "generators": generators}),
        SpecVersion::V4,
        "$",
    )
    .unwrap_or_else(|e| panic!("the generators {generators} could not be read: {e}"))
    .generators
}

macro_rules! fill_contents {
    ($builder:expr, $contents:expr) => {{
        let mut builder = $builder;
        let contents: &Contents = $contents;
        let generators = generators_of(contents);
        let generator_at = |category: Category, path: DocPath| {
            generators
                .category(category)
                .and_then(|entries| entries.iter().find(|(p, _)| *p == path))
                .map(|(_, g)| g.clone())
        };
        match &contents.body {
            Some(body) => match (body.as_json(), body.content_type()) {
                (Some(Value::Object(fields)), Some(ct)) if ct.contains("json") => {
                    let pattern = JsonPattern::Object(
                        fields
                            .into_iter()
                            .map(|(k, v)| {
                                let value = JsonPattern::Json(v);
                                let value = match generator_at(Category::Body, DocPath::field(&k)) {
                                    Some(g) => value.with_generator(g),
                                    None => value,
                                };
                                (k, value)
                            })
                            .collect(),
                    );
                    builder = builder.json_body(pattern);
                }
                _ => {
                    let ct = body
                        .content_type()
                        .unwrap_or("application/octet-stream")
                        .to_string();
                    builder = builder.body_bytes(body.as_bytes().to_vec(), &ct);
                }
            },
            None => {}
        }
        for (key, value) in &contents.metadata {
            let pattern = JsonPattern::Json(value.clone());
            let pattern = match generator_at(Category::Metadata, DocPath::field(key)) {
                Some(g) => pattern.with_generator(g),
                None => pattern,
            };
            builder = builder.metadata(key.clone(), pattern);
        }
        builder
    }};
}

macro_rules! fill_common {
    ($builder:expr, $planned:expr) => {{
        let mut builder = $builder;
        let planned: &Planned = $planned;
        for (state, params) in &planned.states {
            builder = match params {
                Some(params) => builder.given_with_params(state.clone(), params.clone()),
                None => builder.given(state.clone()),
            };
        }
        if let Some(key) = &planned.key {
            builder = builder.key(key.clone());
        }
        builder = builder.pending(planned.pending);
        for comment in &planned.comments {
            builder = builder.comment(comment.clone());
        }
        builder
    }};
}

fn pact_builder(world: &CompatWorld) -> PactBuilder {
    let mut builder = PactBuilder::new("compatibility-suite-consumer", "compatibility-suite-provider")
        .specification(world.spec)
        .output_dir(world.dir.path());
    for planned in &world.dsl.planned {
        builder = match planned.kind {
            Kind::Http => builder.interaction("an HTTP interaction", |i| {
                fill_common!(i, planned)
                    .request(|r| r.get("/compatibility"))
                    .response(|r| r.ok())
            }),
            Kind::Async => builder.message_interaction("a message", |m| {
                fill_contents!(fill_common!(m, planned), &planned.message)
            }),
            Kind::Sync => builder.synchronous_message_interaction("a synchronous message", |s| {
                let mut s = fill_common!(s, planned).request(|r| fill_contents!(r, &planned.message));
                for response in &planned.responses {
                    s = s.response(|r| fill_contents!(r, response));
                }
                s
            }),
        };
    }
    builder
}

fn read_back(world: &mut CompatWorld, path: &std::path::Path) {
    let text = std::fs::read_to_string(path).expect("the pact file can be read");
    world.dsl.pact_json = Some(serde_json::from_str(&text).expect("the pact file is JSON"));
    world.dsl.pact = Some(Pact::from_json_str(&text).expect("the pact file is a valid pact"));
}

#[when("the Pact file for the test is generated")]
async fn pact_generated(world: &mut CompatWorld) {
    let builder = pact_builder(world);
    let kinds: Vec<Kind> = world.dsl.planned.iter().map(|p| p.kind).collect();
    let path = if kinds.contains(&Kind::Http) {
        let mock = builder.start_mock_server().await;
        let answer = reqwest::get(mock.path("/compatibility"))
            .await
            .expect("the mock server answers");
        assert_eq!(answer.status().as_u16(), 200);
        mock.finish()
            .expect("the mock server finishes")
            .expect("a pact file")
    } else if kinds.contains(&Kind::Async) {
        builder
            .verify_messages(|_| Ok::<(), String>(()))
            .expect("the messages are handled")
    } else {
        builder.write_pact().expect("the pact file is written")
    };
    read_back(world, &path);
}

#[when("the message is successfully processed")]
fn successfully_processed(world: &mut CompatWorld) {
    let builder = pact_builder(world);
    let is_sync = world.dsl.planned.iter().any(|p| p.kind == Kind::Sync);
    let outcome = if is_sync {
        world.dsl.received_sync = builder.synchronous_messages().collect();
        builder.write_pact().map_err(|e| e.to_string())
    } else {
        let mut received = Vec::new();
        let outcome = builder
            .verify_messages(|message| {
                received.push(message.clone());
                Ok::<(), String>(())
            })
            .map_err(|e| e.to_string());
        world.dsl.received = received;
        outcome
    };
    if let Ok(path) = &outcome {
        read_back(world, path);
    }
    world.dsl.outcome = Some(outcome);
}

#[when(regex = r#"^the message is NOT successfully processed with a "([^"]+)" exception$"#)]
fn not_processed(world: &mut CompatWorld, error: String) {
    let outcome = pact_builder(world).verify_messages(|_| Err(error.clone()));
    world.dsl.handler_error = match &outcome {
        Err(MessageError::Handler { message, .. }) => Some(message.clone()),
        _ => None,
    };
    world.dsl.outcome = Some(outcome.map_err(|e| e.to_string()));
}

// ---- checks ------------------------------------------------------------------------------------

#[then(regex = r"^the consumer test will have (passed|failed)$")]
fn test_outcome(world: &mut CompatWorld, outcome: String) {
    let actual = world.dsl.outcome.as_ref().expect("the messages were processed");
    assert_eq!(actual.is_ok(), outcome == "passed", "{actual:?}");
}

#[then(regex = r#"^the consumer test error will be "([^"]+)"$"#)]
fn test_error(world: &mut CompatWorld, error: String) {
    assert_eq!(world.dsl.handler_error.as_deref(), Some(error.as_str()));
}

#[then(regex = r"^a Pact file for the message interaction will (NOT )?have been written$")]
fn message_pact_written(world: &mut CompatWorld, not: String) {
    let written = std::fs::read_dir(world.dir.path()).unwrap().count() > 0;
    assert_eq!(written, not.is_empty());
    assert_eq!(world.dsl.pact.is_some(), not.is_empty());
}

#[then(regex = r"^the pact file will contain (\d+) message interactions?$")]
fn message_count(world: &mut CompatWorld, n: usize) {
    let pact = world.written_pact();
    let messages = pact
        .interactions
        .iter()
        .filter(|i| matches!(i, Interaction::AsyncMessage(_)))
        .count();
    assert_eq!(messages, n);
}

fn first_message(world: &CompatWorld) -> &pact_core::Message {
    match world.written_pact().interactions.first().expect("an interaction") {
        Interaction::AsyncMessage(m) => &m.message,
        Interaction::SyncMessage(m) => &m.request,
        other => panic!("the first interaction is not a message: {other:?}"),
    }
}

fn first_sync(world: &CompatWorld) -> &pact_core::SyncMessage {
    match world.written_pact().interactions.first().expect("an interaction") {
        Interaction::SyncMessage(m) => m,
        other => panic!("the first interaction is not a synchronous message: {other:?}"),
    }
}

fn same_document(body: &Body, cell: &str) {
    let cell = if cell.starts_with("file:") {
        cell.to_string()
    } else {
        format!("file: {cell}")
    };
    let expected = body_cell(&cell).unwrap();
    match expected.as_json() {
        Some(json) if expected.content_type() == Some("application/json") => {
            assert_eq!(body.as_json(), Some(json))
        }
        _ => assert_eq!(body.as_bytes(), expected.as_bytes(), "the contents of {cell}"),
    }
}

#[then(regex = r#"^the received message payload will contain the "([^"]+)" (?:JSON )?document$"#)]
fn received_payload(world: &mut CompatWorld, name: String) {
    let (contents, content_type) = match world.dsl.received.first() {
        Some(m) => (m.contents.clone(), m.content_type.clone()),
        None => {
            let sync = world.dsl.received_sync.first().expect("a message was received");
            let response = sync.responses.first().expect("a response message");
            (response.contents.clone(), response.content_type.clone())
        }
    };
    let cell = if name.starts_with("file:") {
        name
    } else {
        format!("file: {name}.json")
    };
    same_document(&Body::bytes(contents, content_type), &cell);
}

#[then(regex = r#"^the received message content type will be "([^"]+)"$"#)]
fn received_content_type(world: &mut CompatWorld, content_type: String) {
    let actual = match world.dsl.received.first() {
        Some(m) => m.content_type.clone(),
        None => world.dsl.received_sync[0].responses[0].content_type.clone(),
    };
    assert_eq!(actual.as_deref(), Some(content_type.as_str()));
}

#[then(regex = r#"^the first message in the pact file will contain the "([^"]+)" document$"#)]
fn first_message_document(world: &mut CompatWorld, name: String) {
    same_document(&first_message(world).contents, &name);
}

#[then(regex = r#"^the first message in the pact file content type will be "([^"]+)"$"#)]
fn first_message_content_type(world: &mut CompatWorld, content_type: String) {
    assert_eq!(first_message(world).content_type(), Some(content_type));
}

fn expected_metadata(value: &str) -> Value {
    let value = value.replace("\\\"", "\"");
    if value.trim().starts_with("JSON:") {
        json_cell(&value).unwrap()
    } else {
        Value::String(value)
    }
}

fn received_metadata(world: &CompatWorld, part: &str) -> serde_json::Map<String, Value> {
    match part {
        "" => world
            .dsl
            .received
            .first()
            .expect("a message was received")
            .metadata
            .clone(),
        "request" => world.dsl.received_sync[0].request.metadata.clone(),
        _ => world.dsl.received_sync[0].responses[0].metadata.clone(),
    }
}

#[then(regex = r#"^the received message (request |response )?metadata will contain "([^"]+)" == "(.+)"$"#)]
fn received_metadata_value(world: &mut CompatWorld, part: String, key: String, value: String) {
    let metadata = received_metadata(world, part.trim());
    assert_eq!(
        metadata.get(&key),
        Some(&expected_metadata(&value)),
        "{metadata:?}"
    );
}

#[then(
    regex = r#"^the received message (request |response )?metadata will contain "([^"]+)" replaced with an? "([^"]+)"$"#
)]
fn received_metadata_generated(world: &mut CompatWorld, part: String, key: String, kind: String) {
    let metadata = received_metadata(world, part.trim());
    let value = metadata
        .get(&key)
        .unwrap_or_else(|| panic!("no metadata '{key}': {metadata:?}"));
    assert_ne!(value, &json!("sjhdjkshsdjh"), "the example was not replaced");
    assert_replaced(value, &kind);
}

#[then(
    regex = r#"^the first message in the pact file will contain the (?:request )?message metadata "([^"]+)" == "(.+)"$"#
)]
fn pact_metadata(world: &mut CompatWorld, key: String, value: String) {
    let metadata = &first_message(world).metadata;
    assert_eq!(
        metadata.get(&key),
        Some(&expected_metadata(&value)),
        "{metadata:?}"
    );
}

fn written_states(world: &CompatWorld) -> &[pact_core::ProviderState] {
    world
        .written_pact()
        .interactions
        .first()
        .expect("an interaction")
        .provider_states()
}

#[then(
    regex = r"^the (?:interaction in the Pact file|first message in the pact file) will contain (\d+) provider states?$"
)]
fn state_count(world: &mut CompatWorld, n: usize) {
    assert_eq!(written_states(world).len(), n);
}

#[then(
    regex = r#"^the (?:interaction in the Pact file|first message in the Pact file) will contain provider state "([^"]+)"$"#
)]
fn state_present(world: &mut CompatWorld, state: String) {
    assert!(
        written_states(world).iter().any(|s| s.name == state),
        "{:?}",
        written_states(world)
    );
}

#[then(
    regex = r#"^the provider state "([^"]+)" (?:in the Pact file|for the message) will contain the following parameters:$"#
)]
fn state_parameters(world: &mut CompatWorld, state: String, step: &Step) {
    let expected = json_cell(&rows(step)[0]["parameters"]).unwrap();
    let found = written_states(world)
        .iter()
        .find(|s| s.name == state)
        .expect("the state");
    assert_eq!(Value::Object(found.params.clone()), expected);
}

fn interactions_json(world: &CompatWorld) -> Vec<Value> {
    let doc = world.dsl.pact_json.as_ref().expect("a pact file was written");
    doc["interactions"].as_array().cloned().unwrap_or_default()
}

#[then(regex = r#"^the first interaction in the Pact file will have a type of "([^"]+)"$"#)]
fn first_type(world: &mut CompatWorld, kind: String) {
    assert_eq!(interactions_json(world)[0]["type"], json!(kind));
}

#[then(regex = r#"^there will be an interaction in the Pact file with a type of "([^"]+)"$"#)]
fn some_type(world: &mut CompatWorld, kind: String) {
    assert!(interactions_json(world).iter().any(|i| i["type"] == json!(kind)));
}

#[then(regex = r#"^the first interaction in the Pact file will have "([^"]+)" = '(.+)'$"#)]
fn first_field(world: &mut CompatWorld, field: String, value: String) {
    let expected: Value = serde_json::from_str(&value).unwrap();
    assert_eq!(interactions_json(world)[0][&field], expected);
}

#[then(
    regex = r#"^the first interaction in the pact file will contain the "([^"]+)" document as the request$"#
)]
fn sync_request_document(world: &mut CompatWorld, cell: String) {
    same_document(&first_sync(world).request.contents, &cell);
}

#[then(
    regex = r#"^the first interaction in the pact file (request|response) content type will be "([^"]+)"$"#
)]
fn sync_content_type(world: &mut CompatWorld, part: String, content_type: String) {
    let sync = first_sync(world);
    let message = if part == "request" {
        &sync.request
    } else {
        &sync.responses[0]
    };
    assert_eq!(message.content_type(), Some(content_type));
}

#[then(
    regex = r#"^the first interaction in the pact file will contain the "([^"]+)" document as (?:a|the (first|second)) response(?: message)?$"#
)]
fn sync_response_document(world: &mut CompatWorld, cell: String, which: String) {
    let index = usize::from(which == "second");
    same_document(&first_sync(world).responses[index].contents, &cell);
}

#[then(regex = r"^the first interaction in the pact file will contain (\d+) response messages$")]
fn sync_response_count(world: &mut CompatWorld, n: usize) {
    assert_eq!(first_sync(world).responses.len(), n);
}

#[then(
    regex = r#"^the message (request |response )?contents for "([^"]+)" will have been replaced with an? "([^"]+)"$"#
)]
fn contents_replaced(world: &mut CompatWorld, part: String, path: String, kind: String) {
    let contents = match part.trim() {
        "" => world.dsl.received.first().expect("a message was received").json(),
        "request" => world.dsl.received_sync[0].request.json(),
        _ => world.dsl.received_sync[0].responses[0].json(),
    }
    .expect("JSON contents");
    let pointer = path.trim_start_matches('$').replace('.', "/");
    let value = contents
        .pointer(&pointer)
        .unwrap_or_else(|| panic!("no {path} in {contents}"));
    assert_replaced(value, &kind);
}
