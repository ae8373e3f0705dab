//! Provider scenarios (HTTP and messages): a real provider on loopback (axum) that answers with
//! the chosen interactions' responses or generates the chosen messages, a real state-change
//! endpoint, a mock Pact Broker, and `pact-verifier`'s `Verifier` run against them.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response as AxumResponse};
use axum::routing::{get, post};
use base64::Engine as _;
use compatibility_suite::fixtures::{body_cell, json_cell};
use cucumber::{gherkin::Step, given, then, when};
use pact_core::format::read_message;
use pact_core::mismatch::MismatchKind;
use pact_core::{
    AsyncMessage, Body, HttpInteraction, Interaction, Message, Pact, ProviderState, Response, SpecVersion,
};
use pact_verifier::{
    Broker, InteractionError, InteractionOutcome, ProviderVersion, Selector, StateChangeUrl,
    VerificationReport, Verifier,
};
use serde_json::{Map, Value, json};

use crate::interactions::change_response;
use crate::world::{CompatWorld, numbers, rows};

/// The provider side of a scenario.
#[derive(Debug, Default)]
pub struct ProviderSide {
    app: Option<(String, Arc<ProviderApp>)>,
    /// Pact files to verify.
    files: Vec<PathBuf>,
    /// Pacts the mock broker serves, by consumer name.
    broker_pacts: Vec<(String, Value)>,
    publish: bool,
    state_callback: Option<bool>,
    filter_headers: Vec<(String, String)>,
    broker: Option<(String, Arc<BrokerApp>)>,
    report: Option<VerificationReport>,
    console: String,
}

/// What the provider answers and what it saw.
#[derive(Debug, Default)]
struct ProviderApp {
    responses: Mutex<Vec<(String, String, Response)>>,
    messages: Mutex<BTreeMap<String, Message>>,
    state_fails: Mutex<bool>,
    /// Everything in the order it happened: `setup:NAME`, `teardown:NAME`, `request`.
    events: Mutex<Vec<String>>,
    /// The state-change calls' JSON bodies.
    state_calls: Mutex<Vec<Value>>,
    /// Headers of the requests received (not state changes).
    request_headers: Mutex<Vec<HeaderMap>>,
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("bound"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

async fn provider_answer(
    State(app): State<Arc<ProviderApp>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> AxumResponse {
    if uri.path() == "/_pact/state-change" {
        let call: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let action = call["action"].as_str().unwrap_or("setup").to_string();
        let state = call["state"].as_str().unwrap_or_default().to_string();
        app.events.lock().unwrap().push(format!("{action}:{state}"));
        app.state_calls.lock().unwrap().push(call);
        if *app.state_fails.lock().unwrap() {
            return (StatusCode::INTERNAL_SERVER_ERROR, "the state could not be set up").into_response();
        }
        return (StatusCode::OK, [("content-type", "application/json")], "{}").into_response();
    }
    app.events.lock().unwrap().push("request".into());
    app.request_headers.lock().unwrap().push(headers);
    let found = app
        .responses
        .lock()
        .unwrap()
        .iter()
        .find(|(m, p, _)| m == method.as_str() && p == uri.path())
        .map(|(_, _, r)| r.clone());
    if let Some(response) = found {
        return http_answer(&response);
    }
    if method == Method::POST && uri.path() == "/" {
        let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let description = request["description"].as_str().unwrap_or_default();
        if let Some(message) = app.messages.lock().unwrap().get(description).cloned() {
            let metadata = base64::engine::general_purpose::STANDARD
                .encode(Value::Object(message.metadata.clone()).to_string());
            let mut answer = http_answer(&Response {
                body: message.contents.clone(),
                ..Response::new(200)
            });
            answer
                .headers_mut()
                .insert("pact-message-metadata", metadata.parse().unwrap());
            if let Some(ct) = message.contents.content_type() {
                answer.headers_mut().insert("content-type", ct.parse().unwrap());
            }
            return answer;
        }
    }
    (StatusCode::NOT_FOUND, "no such interaction").into_response()
}

fn http_answer(response: &Response) -> AxumResponse {
    let mut builder = axum::http::Response::builder().status(response.status);
    for (name, values) in response.headers.iter() {
        for value in values {
            builder = builder.header(name, value);
        }
    }
    if !response.headers.contains("content-type")
        && let Some(ct) = response.body.content_type()
    {
        builder = builder.header("content-type", ct);
    }
    builder
        .body(axum::body::Body::from(response.body.as_bytes().to_vec()))
        .unwrap()
        .into_response()
}

impl CompatWorld {
    async fn provider_app(&mut self) -> Arc<ProviderApp> {
        if self.provider.app.is_none() {
            let app = Arc::new(ProviderApp::default());
            let url = serve(
                Router::new()
                    .fallback(provider_answer)
                    .with_state(Arc::clone(&app)),
            )
            .await;
            self.provider.app = Some((url, app));
        }
        Arc::clone(&self.provider.app.as_ref().expect("started").1)
    }

    fn app(&self) -> &ProviderApp {
        &self.provider.app.as_ref().expect("a provider was started").1
    }

    fn report(&self) -> &VerificationReport {
        self.provider.report.as_ref().expect("the verification was run")
    }

    /// Adds a pact with one interaction to be verified, from a file or from the mock broker.
    fn add_pact(&mut self, consumer: &str, interaction: Interaction, from_broker: bool) {
        let spec = match (self.spec, &interaction) {
            (SpecVersion::V1 | SpecVersion::V1_1 | SpecVersion::V2, Interaction::AsyncMessage(_)) => {
                SpecVersion::V3
            }
            (spec, _) => spec,
        };
        let mut pact = Pact::new(consumer, "p", spec);
        pact.interactions.push(interaction);
        let document = pact.to_json().expect("the pact can be written");
        if from_broker {
            self.provider.broker_pacts.push((consumer.to_string(), document));
        } else {
            let path = self
                .dir
                .path()
                .join(format!("{consumer}-p-{}.json", self.provider.files.len()));
            std::fs::write(&path, serde_json::to_vec_pretty(&document).unwrap()).unwrap();
            self.provider.files.push(path);
        }
    }
}

#[given(regex = r#"^a provider is started that returns the responses? from interactions? "?([\d, ]+)"?$"#)]
async fn provider_started(world: &mut CompatWorld, which: String) {
    let responses: Vec<_> = numbers(&which)
        .into_iter()
        .map(|n| {
            let i = world.interaction(n);
            (
                i.request.method.clone(),
                i.request.path.clone(),
                i.response.clone(),
            )
        })
        .collect();
    world
        .provider_app()
        .await
        .responses
        .lock()
        .unwrap()
        .extend(responses);
}

#[given(
    regex = r"^a provider is started that returns the response from interaction (\d+), with the following changes:$"
)]
async fn provider_started_changed(world: &mut CompatWorld, n: usize, step: &Step) {
    let i = world.interaction(n).clone();
    let mut response = i.response.clone();
    for row in rows(step) {
        change_response(&mut response, &row);
    }
    world
        .provider_app()
        .await
        .responses
        .lock()
        .unwrap()
        .push((i.request.method, i.request.path, response));
}

fn http_interaction(world: &CompatWorld, n: usize) -> HttpInteraction {
    world.interaction(n).clone()
}

#[given(regex = r"^a Pact file for interaction (\d+) is to be verified$")]
fn pact_for_interaction(world: &mut CompatWorld, n: usize) {
    let interaction = Interaction::Http(http_interaction(world, n));
    world.add_pact(&format!("c_{n}"), interaction, false);
}

#[given(regex = r"^a Pact file for interaction (\d+) is to be verified from a Pact broker$")]
fn pact_from_broker(world: &mut CompatWorld, n: usize) {
    let interaction = Interaction::Http(http_interaction(world, n));
    world.add_pact(&format!("c_{n}"), interaction, true);
}

#[given(
    regex = r#"^a Pact file for interaction (\d+) is to be verified with a provider state "([^"]*)" defined$"#
)]
fn pact_with_state(world: &mut CompatWorld, n: usize, state: String) {
    let mut interaction = http_interaction(world, n);
    interaction.provider_states.push(ProviderState::new(state));
    world.add_pact(&format!("c_{n}"), Interaction::Http(interaction), false);
}

#[given(
    regex = r"^a Pact file for interaction (\d+) is to be verified with the following provider states defined:$"
)]
fn pact_with_states(world: &mut CompatWorld, n: usize, step: &Step) {
    let mut interaction = http_interaction(world, n);
    for row in rows(step) {
        let name = row["State Name"].trim().to_string();
        let state = match row.get("Parameters").map(|p| p.trim()).filter(|p| !p.is_empty()) {
            Some(params) => ProviderState::with_params(name, json_cell(params).unwrap()),
            None => ProviderState::new(name),
        };
        interaction.provider_states.push(state);
    }
    world.add_pact(&format!("c_{n}"), Interaction::Http(interaction), false);
}

#[given(regex = r"^a Pact file for interaction (\d+) is to be verified, but is marked pending$")]
fn pact_pending(world: &mut CompatWorld, n: usize) {
    let mut interaction = http_interaction(world, n);
    interaction.pending = true;
    world.add_pact(&format!("c_{n}"), Interaction::Http(interaction), false);
}

fn comments_from(step: &Step) -> Map<String, Value> {
    let mut comments = Map::new();
    let mut texts = Vec::new();
    for row in rows(step) {
        match row["type"].trim() {
            "text" => texts.push(Value::String(row["comment"].trim().to_string())),
            "testname" => {
                comments.insert(
                    "testname".into(),
                    Value::String(row["comment"].trim().to_string()),
                );
            }
            other => panic!("unknown comment type '{other}'"),
        }
    }
    comments.insert("text".into(), Value::Array(texts));
    comments
}

#[given(regex = r"^a Pact file for interaction (\d+) is to be verified with the following comments:$")]
fn pact_with_comments(world: &mut CompatWorld, n: usize, step: &Step) {
    let mut interaction = http_interaction(world, n);
    interaction.comments = comments_from(step);
    world.add_pact(&format!("c_{n}"), Interaction::Http(interaction), false);
}

#[given("publishing of verification results is enabled")]
fn publishing_enabled(world: &mut CompatWorld) {
    world.provider.publish = true;
}

#[given(regex = r"^a provider state callback is configured(, but will return a failure)?$")]
async fn state_callback(world: &mut CompatWorld, failing: String) {
    let app = world.provider_app().await;
    *app.state_fails.lock().unwrap() = !failing.is_empty();
    world.provider.state_callback = Some(!failing.is_empty());
}

#[given("a request filter is configured to make the following changes:")]
fn request_filter(world: &mut CompatWorld, step: &Step) {
    for row in rows(step) {
        let headers = row.get("headers").expect("only header changes are supported");
        world
            .provider
            .filter_headers
            .extend(compatibility_suite::fixtures::header_cell(headers));
    }
}

// ---- messages ----------------------------------------------------------------------------------

fn metadata_from_rows(rows: impl IntoIterator<Item = (String, String)>) -> Map<String, Value> {
    rows.into_iter()
        .map(|(key, value)| {
            let value = value.trim();
            let value = if value.starts_with("JSON:") {
                json_cell(value).unwrap()
            } else {
                Value::String(value.to_string())
            };
            (key.trim().to_string(), value)
        })
        .collect()
}

fn key_value_rows(step: &Step) -> Vec<(String, String)> {
    rows(step)
        .into_iter()
        .map(|row| (row["key"].clone(), row["value"].clone()))
        .collect()
}

async fn add_message(world: &mut CompatWorld, name: String, body: &str, metadata: Map<String, Value>) {
    let message = Message {
        contents: body_cell(body).unwrap(),
        metadata,
        ..Message::default()
    };
    world
        .provider_app()
        .await
        .messages
        .lock()
        .unwrap()
        .insert(name, message);
}

#[given(regex = r#"^a provider is started that can generate the "([^"]+)" message with "(.+)"$"#)]
async fn message_provider(world: &mut CompatWorld, name: String, body: String) {
    add_message(world, name, &body.replace("\\\"", "\""), Map::new()).await;
}

#[given(
    regex = r#"^a provider is started that can generate the "([^"]+)" message with "(.+)" and the following metadata:$"#
)]
async fn message_provider_metadata(world: &mut CompatWorld, name: String, body: String, step: &Step) {
    let metadata = metadata_from_rows(key_value_rows(step));
    add_message(world, name, &body.replace("\\\"", "\""), metadata).await;
}

fn message_interaction(name: &str, body: &str) -> AsyncMessage {
    AsyncMessage {
        description: name.to_string(),
        message: Message {
            contents: body_cell(&body.replace("\\\"", "\"")).unwrap(),
            ..Message::default()
        },
        ..AsyncMessage::default()
    }
}

#[given(regex = r#"^a Pact file for "([^"]+)":"(.+)" is to be verified$"#)]
fn message_pact(world: &mut CompatWorld, name: String, body: String) {
    let interaction = message_interaction(&name, &body);
    world.add_pact(
        &format!("c_{name}"),
        Interaction::AsyncMessage(interaction),
        false,
    );
}

#[given(regex = r#"^a Pact file for "([^"]+)":"(.+)" is to be verified, but is marked pending$"#)]
fn message_pact_pending(world: &mut CompatWorld, name: String, body: String) {
    let mut interaction = message_interaction(&name, &body);
    interaction.pending = true;
    world.add_pact(
        &format!("c_{name}"),
        Interaction::AsyncMessage(interaction),
        false,
    );
}

#[given(regex = r#"^a Pact file for "([^"]+)":"(.+)" is to be verified with the following comments:$"#)]
fn message_pact_comments(world: &mut CompatWorld, name: String, body: String, step: &Step) {
    let mut interaction = message_interaction(&name, &body);
    interaction.comments = comments_from(step);
    world.add_pact(
        &format!("c_{name}"),
        Interaction::AsyncMessage(interaction),
        false,
    );
}

#[given(regex = r#"^a Pact file for "([^"]+)":"(.+)" is to be verified with provider state "([^"]*)"$"#)]
fn message_pact_state(world: &mut CompatWorld, name: String, body: String, state: String) {
    let mut interaction = message_interaction(&name, &body);
    interaction.provider_states.push(ProviderState::new(state));
    world.add_pact(
        &format!("c_{name}"),
        Interaction::AsyncMessage(interaction),
        false,
    );
}

#[given(regex = r#"^a Pact file for "([^"]+)":"(.+)" is to be verified with the following metadata:$"#)]
fn message_pact_metadata(world: &mut CompatWorld, name: String, body: String, step: &Step) {
    let mut interaction = message_interaction(&name, &body);
    interaction.message.metadata = metadata_from_rows(key_value_rows(step));
    world.add_pact(
        &format!("c_{name}"),
        Interaction::AsyncMessage(interaction),
        false,
    );
}

#[given(regex = r#"^a Pact file for "([^"]+)" is to be verified with the following:$"#)]
fn message_pact_with(world: &mut CompatWorld, name: String, step: &Step) {
    let table = step.table.as_ref().expect("a table");
    let mut interaction = message_interaction(&name, "");
    interaction.message.contents = Body::Missing;
    for row in &table.rows {
        let (field, value) = (row[0].trim(), row[1].trim());
        match field {
            "body" => interaction.message.contents = body_cell(value).unwrap(),
            "matching rules" => {
                let rules = json_cell(value).unwrap();
                interaction.message.matching_rules = read_message(
                    &json!({"contents": "", "matchingRules": rules}),
                    SpecVersion::V4,
                    "$",
                )
                .unwrap_or_else(|e| panic!("the rules {rules} could not be read: {e}"))
                .matching_rules;
            }
            "metadata" => {
                let pairs = value.split(';').filter_map(|pair| {
                    let (key, value) = pair.split_once('=')?;
                    Some((key.to_string(), value.to_string()))
                });
                interaction.message.metadata = metadata_from_rows(pairs);
            }
            other => panic!("unknown message field '{other}'"),
        }
    }
    world.add_pact(
        &format!("c_{name}"),
        Interaction::AsyncMessage(interaction),
        false,
    );
}

// ---- the mock broker ---------------------------------------------------------------------------

/// A Pact Broker with just the routes verification uses; records published results.
#[derive(Debug, Default)]
struct BrokerApp {
    url: Mutex<String>,
    pacts: Mutex<Vec<(String, Value)>>,
    results: Mutex<Vec<(String, Value)>>,
}

async fn broker_index(State(app): State<Arc<BrokerApp>>) -> axum::Json<Value> {
    let url = app.url.lock().unwrap().clone();
    axum::Json(json!({"_links": {
        "pb:provider-pacts-for-verification": {"href": format!("{url}/pacts/provider/{{provider}}/for-verification"), "templated": true}
    }}))
}

async fn broker_for_verification(
    State(app): State<Arc<BrokerApp>>,
    Path(provider): Path<String>,
) -> axum::Json<Value> {
    let url = app.url.lock().unwrap().clone();
    let pacts: Vec<Value> = app
        .pacts
        .lock()
        .unwrap()
        .iter()
        .map(|(consumer, _)| {
            json!({
                "shortDescription": "latest",
                "verificationProperties": {"pending": false, "notices": []},
                "_links": {"self": {"href": format!("{url}/pacts/provider/{provider}/consumer/{consumer}"), "name": format!("Pact between {consumer} and {provider}")}}
            })
        })
        .collect();
    axum::Json(json!({"_embedded": {"pacts": pacts}}))
}

async fn broker_pact(
    State(app): State<Arc<BrokerApp>>,
    Path((provider, consumer)): Path<(String, String)>,
) -> AxumResponse {
    let url = app.url.lock().unwrap().clone();
    let found = app
        .pacts
        .lock()
        .unwrap()
        .iter()
        .find(|(c, _)| *c == consumer)
        .map(|(_, p)| p.clone());
    match found {
        Some(mut pact) => {
            pact["_links"] = json!({
                "self": {"href": format!("{url}/pacts/provider/{provider}/consumer/{consumer}")},
                "pb:publish-verification-results": {"href": format!("{url}/pacts/provider/{provider}/consumer/{consumer}/verification-results")}
            });
            axum::Json(pact).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn broker_results(
    State(app): State<Arc<BrokerApp>>,
    Path((_provider, consumer)): Path<(String, String)>,
    body: Bytes,
) -> AxumResponse {
    let result: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    app.results.lock().unwrap().push((consumer, result));
    (StatusCode::CREATED, axum::Json(json!({}))).into_response()
}

async fn start_broker(pacts: Vec<(String, Value)>) -> (String, Arc<BrokerApp>) {
    let app = Arc::new(BrokerApp::default());
    *app.pacts.lock().unwrap() = pacts;
    let router = Router::new()
        .route("/", get(broker_index))
        .route(
            "/pacts/provider/{provider}/for-verification",
            post(broker_for_verification),
        )
        .route("/pacts/provider/{provider}/consumer/{consumer}", get(broker_pact))
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/verification-results",
            post(broker_results),
        )
        .with_state(Arc::clone(&app));
    let url = serve(router).await;
    *app.url.lock().unwrap() = url.clone();
    (url, app)
}

// ---- running and checking ----------------------------------------------------------------------

#[when("the verification is run")]
async fn verification_run(world: &mut CompatWorld) {
    world.provider_app().await;
    let url = world.provider.app.as_ref().expect("started").0.clone();
    let mut verifier = Verifier::new("p").provider_url(&url);
    for file in &world.provider.files {
        verifier = verifier.pact_file(file);
    }
    if !world.provider.broker_pacts.is_empty() {
        let (broker_url, broker) = start_broker(std::mem::take(&mut world.provider.broker_pacts)).await;
        verifier = verifier.pacts_from_broker(Broker::new(&broker_url).selectors([Selector::main_branch()]));
        if world.provider.publish {
            verifier = verifier.publish_results(ProviderVersion::new("1.0.0"));
        }
        world.provider.broker = Some((broker_url, broker));
    }
    if world.provider.state_callback.is_some() {
        verifier = verifier
            .state_change_url(StateChangeUrl::new(format!("{url}/_pact/state-change")).with_teardown());
    }
    for (name, value) in world.provider.filter_headers.clone() {
        verifier =
            verifier.request_filter(move |request| request.headers.insert(name.clone(), vec![value.clone()]));
    }
    let report = verifier.verify().await;
    world.provider.console = report.render(false);
    world.provider.report = Some(report);
}

#[then(regex = r"^the verification will (NOT )?be successful$")]
fn verification_successful(world: &mut CompatWorld, not: String) {
    assert_eq!(
        world.report().passed(),
        not.is_empty(),
        "verification output:\n{}",
        world.provider.console
    );
}

/// Whether an interaction's result shows the reference's error group (`Body had differences`, …).
fn shows_error(outcome: &InteractionOutcome, error: &str) -> bool {
    let mismatch_of = |test: fn(&MismatchKind) -> bool| match outcome {
        InteractionOutcome::Failed { mismatches, .. } => mismatches.iter().any(|m| test(&m.kind)),
        _ => false,
    };
    match error {
        "Response status did not match" => mismatch_of(|k| matches!(k, MismatchKind::Status)),
        "Headers had differences" => mismatch_of(|k| matches!(k, MismatchKind::Header { .. })),
        "Body had differences" => {
            mismatch_of(|k| matches!(k, MismatchKind::Body { .. } | MismatchKind::BodyType))
        }
        "Metadata had differences" => mismatch_of(|k| matches!(k, MismatchKind::Metadata { .. })),
        "State change request failed" => {
            matches!(
                outcome,
                InteractionOutcome::Error(InteractionError::StateSetup { .. })
            )
        }
        other => panic!("unknown verification error group '{other}'"),
    }
}

#[then(regex = r#"^the verification results will contain a "([^"]+)" error$"#)]
fn results_contain_error(world: &mut CompatWorld, error: String) {
    let found = world
        .report()
        .pacts
        .iter()
        .flat_map(|p| &p.interactions)
        .any(|i| shows_error(&i.outcome, &error));
    assert!(found, "no '{error}' in the results:\n{}", world.provider.console);
}

#[then(regex = r#"^there will be a pending "([^"]+)" error$"#)]
fn pending_error(world: &mut CompatWorld, error: String) {
    let found = world
        .report()
        .pacts
        .iter()
        .flat_map(|p| &p.interactions)
        .any(|i| i.pending && shows_error(&i.outcome, &error));
    assert!(
        found,
        "no pending '{error}' in the results:\n{}",
        world.provider.console
    );
}

fn published(world: &CompatWorld) -> Vec<(String, Value)> {
    world
        .provider
        .broker
        .as_ref()
        .map(|(_, broker)| broker.results.lock().unwrap().clone())
        .unwrap_or_default()
}

#[then("a verification result will NOT be published back")]
fn not_published(world: &mut CompatWorld) {
    assert!(world.provider.broker.is_some(), "the pacts came from the broker");
    assert_eq!(published(world), Vec::new());
}

#[then(
    regex = r"^a (successful|failed) verification result will be published back for (?:the )?interaction \{(\d+)\}$"
)]
fn result_published(world: &mut CompatWorld, outcome: String, n: usize) {
    let consumer = format!("c_{n}");
    let results = published(world);
    let result = results
        .iter()
        .find(|(c, _)| *c == consumer)
        .unwrap_or_else(|| panic!("no result was published for {consumer}: {results:?}"));
    assert_eq!(result.1["success"], json!(outcome == "successful"), "{result:?}");
}

fn events(world: &CompatWorld) -> Vec<String> {
    world.app().events.lock().unwrap().clone()
}

#[then("the provider state callback will be called before the verification is run")]
fn state_called_before(world: &mut CompatWorld) {
    let events = events(world);
    let first_setup = events.iter().position(|e| e.starts_with("setup:"));
    let first_request = events.iter().position(|e| e == "request");
    assert!(
        first_setup.is_some() && (first_request.is_none() || first_setup < first_request),
        "events: {events:?}"
    );
}

#[then("the provider state callback will be called after the verification is run")]
fn state_called_after(world: &mut CompatWorld) {
    let events = events(world);
    let last_teardown = events.iter().rposition(|e| e.starts_with("teardown:"));
    let last_request = events.iter().rposition(|e| e == "request");
    assert!(
        last_teardown.is_some() && last_teardown > last_request,
        "events: {events:?}"
    );
}

fn state_call(world: &CompatWorld, action: &str, state: &str) -> Option<Value> {
    world
        .app()
        .state_calls
        .lock()
        .unwrap()
        .iter()
        .find(|c| c["action"] == action && c["state"] == state)
        .cloned()
}

#[then(
    regex = r#"^the provider state callback will receive a (setup|teardown) call (?:with )?"([^"]*)" as the provider state parameter$"#
)]
fn state_call_received(world: &mut CompatWorld, action: String, state: String) {
    assert!(
        state_call(world, &action, &state).is_some(),
        "no {action} call for '{state}': {:?}",
        world.app().state_calls.lock().unwrap()
    );
}

#[then(
    regex = r#"^the provider state callback will receive a (setup|teardown) call (?:with )?"([^"]*)" and the following parameters:$"#
)]
fn state_call_with_params(world: &mut CompatWorld, action: String, state: String, step: &Step) {
    let call = state_call(world, &action, &state).unwrap_or_else(|| panic!("no {action} call for '{state}'"));
    for row in rows(step) {
        for (name, value) in row {
            assert_eq!(
                call["params"][&name],
                json_cell(&value).unwrap(),
                "parameter {name} of {call}"
            );
        }
    }
}

#[then("the provider state callback will NOT receive a teardown call")]
fn no_teardown(world: &mut CompatWorld) {
    let events = events(world);
    assert!(
        !events.iter().any(|e| e.starts_with("teardown:")),
        "events: {events:?}"
    );
}

#[then(
    regex = r#"^a warning will be displayed that there was no provider state callback configured for provider state "([^"]+)"$"#
)]
fn no_callback_warning(world: &mut CompatWorld, state: String) {
    let console = world.provider.console.to_lowercase();
    let warned = console.lines().any(|line| {
        line.contains(&state.to_lowercase())
            && line.contains("state")
            && (line.contains("warn") || line.contains("no "))
    });
    assert!(
        warned,
        "no warning about '{state}' in:\n{}",
        world.provider.console
    );
}

#[then(regex = r#"^the request to the provider will contain the header "([^:]+): (.*)"$"#)]
fn request_had_header(world: &mut CompatWorld, name: String, value: String) {
    let seen = world.app().request_headers.lock().unwrap().clone();
    assert!(
        seen.iter()
            .any(|h| h.get(&name).and_then(|v| v.to_str().ok()) == Some(value.as_str())),
        "no request had {name}: {value}: {seen:?}"
    );
}

#[then(regex = r#"^the comment "([^"]+)" will have been printed to the console$"#)]
fn comment_printed(world: &mut CompatWorld, comment: String) {
    assert!(
        world.provider.console.contains(&comment),
        "'{comment}' not in:\n{}",
        world.provider.console
    );
}

#[then(regex = r#"^the "([^"]+)" will displayed as the original test name$"#)]
fn test_name_printed(world: &mut CompatWorld, name: String) {
    let shown = world
        .provider
        .console
        .lines()
        .any(|line| line.contains(&name) && line.to_lowercase().contains("test name"));
    assert!(
        shown,
        "'{name}' not shown as the test name in:\n{}",
        world.provider.console
    );
}
