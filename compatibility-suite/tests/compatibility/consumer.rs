//! HTTP consumer scenarios: the in-process mock server of `pact-consumer` serving the background's
//! interactions, real requests to it over loopback, and the pact file it writes.

use std::path::PathBuf;

use compatibility_suite::fixtures::{body_cell, read_json_fixture};
use cucumber::{gherkin::Step, then, when};
use pact_consumer::report::{MockServerReport, Problem};
use pact_consumer::{MockServer, MockServerConfig, PactOutput};
use pact_core::{Interaction, Pact, Request};

use crate::interactions::{change_request, set_body};
use crate::mismatches::assert_contains_mismatch;
use crate::world::{CompatWorld, numbers, ordinal, rows};

/// The consumer side of a scenario.
#[derive(Debug, Default)]
pub struct ConsumerState {
    mock: Option<MockServer>,
    /// The mock server's answer to the last request: status, headers, body.
    answer: Option<(u16, reqwest::header::HeaderMap, Vec<u8>)>,
    /// What the mock server reported when the test was done.
    report: Option<MockServerReport>,
    /// The outcome of finishing the mock server: the pact file written, or why not.
    finished: Option<Result<Option<PathBuf>, String>>,
    /// The pact file written, read back.
    pub pact: Option<Pact>,
}

impl ConsumerState {
    fn report(&self) -> MockServerReport {
        match (&self.mock, &self.report) {
            (Some(mock), _) => mock.report(),
            (None, Some(report)) => report.clone(),
            (None, None) => panic!("no mock server was started"),
        }
    }
}

fn start_mock(world: &mut CompatWorld, interactions: Vec<pact_core::HttpInteraction>) {
    let mut pact = Pact::new(
        "compatibility-suite-consumer",
        "compatibility-suite-provider",
        world.spec,
    );
    pact.interactions = interactions.into_iter().map(Interaction::Http).collect();
    let config = MockServerConfig::default()
        .with_pact_output(Some(PactOutput::new(world.dir.path())))
        .with_check_on_drop(false)
        .with_worker_threads(1);
    world.consumer.mock = Some(MockServer::start(pact, config).expect("the mock server starts"));
}

#[when(regex = r#"^the mock server is started with interactions? (\d+|"[\d, ]+")$"#)]
fn mock_started(world: &mut CompatWorld, which: String) {
    let chosen = numbers(&which)
        .into_iter()
        .map(|n| world.interaction(n).clone())
        .collect();
    start_mock(world, chosen);
}

#[when(regex = r"^the mock server is started with interaction (\d+) but with the following changes:$")]
fn mock_started_changed(world: &mut CompatWorld, n: usize, step: &Step) {
    let mut interaction = world.interaction(n).clone();
    for row in rows(step) {
        for (column, value) in row {
            assert_eq!(column, "body", "only body changes are supported here");
            let request = &mut interaction.request;
            request.headers.remove("content-type");
            set_body(
                &mut request.headers,
                &mut request.body,
                body_cell(&value).unwrap(),
                None,
            );
        }
    }
    start_mock(world, vec![interaction]);
}

async fn send(world: &mut CompatWorld, request: Request) {
    let mock = world.consumer.mock.as_ref().expect("the mock server was started");
    let mut url = mock.path(&request.path);
    if !request.query.is_empty() {
        url.push('?');
        url.push_str(&request.query.to_query_string());
    }
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
    let mut builder = reqwest::Client::new().request(method, url);
    for (name, values) in request.headers.iter() {
        for value in values {
            builder = builder.header(name, value);
        }
    }
    if request.body.is_present() {
        builder = builder.body(request.body.as_bytes().to_vec());
    }
    let answer = builder.send().await.expect("the mock server answers");
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let body = answer.bytes().await.expect("the answer's body").to_vec();
    world.consumer.answer = Some((status, headers, body));
}

#[when(regex = r"^request (\d+) is made to the mock server$")]
async fn request_made(world: &mut CompatWorld, n: usize) {
    let request = world.interaction(n).request.clone();
    send(world, request).await;
}

#[when(regex = r"^request (\d+) is made to the mock server with the following changes:$")]
async fn request_made_changed(world: &mut CompatWorld, n: usize, step: &Step) {
    let mut request = world.interaction(n).request.clone();
    for row in rows(step) {
        change_request(&mut request, &row);
    }
    send(world, request).await;
}

#[then(regex = r"^a (\d+) (?:success|error) response is returned$")]
fn status_returned(world: &mut CompatWorld, status: u16) {
    let (actual, _, body) = world.consumer.answer.as_ref().expect("a request was made");
    assert_eq!(
        *actual,
        status,
        "the mock server answered {actual}: {}",
        String::from_utf8_lossy(body)
    );
}

#[then(regex = r#"^the payload will contain the "([^"]+)" JSON document$"#)]
fn payload_contains(world: &mut CompatWorld, name: String) {
    let (_, _, body) = world.consumer.answer.as_ref().expect("a request was made");
    let actual: serde_json::Value = serde_json::from_slice(body).expect("a JSON payload");
    assert_eq!(actual, read_json_fixture(&format!("{name}.json")).unwrap());
}

#[then(regex = r#"^the content type will be set as "([^"]+)"$"#)]
fn content_type_set(world: &mut CompatWorld, content_type: String) {
    let (_, headers, _) = world.consumer.answer.as_ref().expect("a request was made");
    let actual = headers.get("content-type").and_then(|v| v.to_str().ok());
    assert_eq!(actual, Some(content_type.as_str()));
}

#[when("the pact test is done")]
fn pact_test_done(world: &mut CompatWorld) {
    let mock = world.consumer.mock.take().expect("the mock server was started");
    world.consumer.report = Some(mock.report());
    let finished = mock.finish().map_err(|e| e.to_string());
    if let Ok(Some(path)) = &finished {
        let text = std::fs::read_to_string(path).expect("the pact file can be read");
        world.consumer.pact = Some(Pact::from_json_str(&text).expect("the pact file is a valid pact"));
    }
    world.consumer.finished = Some(finished);
}

#[then(regex = r"^the mock server status will (NOT )?be OK$")]
fn mock_status(world: &mut CompatWorld, not: String) {
    let passed = world.consumer.report().passed();
    assert_eq!(
        passed,
        not.is_empty(),
        "mock server report: {}",
        world.consumer.report()
    );
}

#[then(regex = r"^the mock server will (NOT )?write out a Pact file for the interactions? when done$")]
fn pact_written(world: &mut CompatWorld, not: String) {
    let finished = world.consumer.finished.as_ref().expect("the pact test is done");
    let written = std::fs::read_dir(world.dir.path()).unwrap().count() > 0;
    if not.is_empty() {
        assert!(
            matches!(finished, Ok(Some(_))),
            "no pact file was written: {finished:?}"
        );
        assert!(written);
    } else {
        assert!(finished.is_err(), "finishing should have failed");
        assert!(!written, "a pact file was written");
    }
}

#[then(regex = r"^the pact file will contain \{?(\d+)\}? interactions?$")]
fn pact_interaction_count(world: &mut CompatWorld, n: usize) {
    let pact = world.written_pact();
    assert_eq!(pact.interactions.len(), n);
}

impl CompatWorld {
    /// The pact file written by the mock server or the consumer DSL, read back.
    pub fn written_pact(&self) -> &Pact {
        self.consumer
            .pact
            .as_ref()
            .or(self.dsl.pact.as_ref())
            .expect("a pact file was written")
    }

    fn written_request(&self, which: &str) -> &Request {
        let interaction = &self.written_pact().interactions[ordinal(which)];
        &interaction.as_http().expect("an HTTP interaction").request
    }
}

#[then(regex = r#"^the \{(\w+)\} interaction request will be for a "([A-Z]+)"$"#)]
fn written_method(world: &mut CompatWorld, which: String, method: String) {
    assert_eq!(world.written_request(&which).method, method);
}

#[then(regex = r#"^the \{(\w+)\} interaction response will contain the "([^"]+)" document$"#)]
fn written_response_document(world: &mut CompatWorld, which: String, name: String) {
    let interaction = &world.written_pact().interactions[ordinal(&which)];
    let body = &interaction.as_http().expect("an HTTP interaction").response.body;
    assert_eq!(body.as_json(), Some(read_json_fixture(&name).unwrap()));
}

#[then(regex = r#"^the \{(\w+)\} interaction request will contain the "([^"]+)" document$"#)]
fn written_request_document(world: &mut CompatWorld, which: String, name: String) {
    let body = &world.written_request(&which).body;
    assert_eq!(body.as_json(), Some(read_json_fixture(&name).unwrap()));
}

#[then(regex = r#"^the \{(\w+)\} interaction request query parameters will be "([^"]+)"$"#)]
fn written_query(world: &mut CompatWorld, which: String, query: String) {
    let actual = &world.written_request(&which).query;
    assert_eq!(actual, &pact_core::Query::parse(&query));
}

#[then(
    regex = r#"^the \{(\w+)\} interaction request will contain the header "([^"]+)" with value "([^"]*)"$"#
)]
fn written_header(world: &mut CompatWorld, which: String, name: String, value: String) {
    let headers = &world.written_request(&which).headers;
    assert_eq!(headers.get(&name), Some(&[value][..]));
}

#[then(regex = r#"^the \{(\w+)\} interaction request content type will be "([^"]+)"$"#)]
fn written_content_type(world: &mut CompatWorld, which: String, content_type: String) {
    assert_eq!(world.written_request(&which).content_type(), Some(content_type));
}

#[then(
    regex = r"^the mock server status will be an expected but not received error for interaction \{(\d+)\}$"
)]
fn expected_not_received(world: &mut CompatWorld, n: usize) {
    let description = world.interaction(n).description.clone();
    let report = world.consumer.report();
    assert!(
        report.missing.iter().any(|m| m.description == description),
        "'{description}' is not reported missing: {report}"
    );
}

fn unexpected_request(world: &CompatWorld, method: &str, path: &str) {
    let report = world.consumer.report();
    let found = report.problems.iter().any(|p| match p {
        Problem::Unexpected { request } | Problem::Mismatched { request, .. } => {
            request.method == method && request.path == path
        }
        _ => false,
    });
    assert!(found, "no unexpected {method} {path} request reported: {report}");
}

#[then(
    regex = r#"^the mock server status will be an unexpected "([A-Z]+)" request received error for interaction \{(\d+)\}$"#
)]
fn unexpected_for_interaction(world: &mut CompatWorld, method: String, n: usize) {
    let path = world.interaction(n).request.path.clone();
    unexpected_request(world, &method, &path);
}

#[then(
    regex = r#"^the mock server status will be an unexpected "([A-Z]+)" request received error for path "([^"]+)"$"#
)]
fn unexpected_for_path(world: &mut CompatWorld, method: String, path: String) {
    unexpected_request(world, &method, &path);
}

#[then("the mock server status will be mismatches")]
fn status_mismatches(world: &mut CompatWorld) {
    let report = world.consumer.report();
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::Mismatched { .. })),
        "no mismatched request reported: {report}"
    );
}

fn reported_mismatches(world: &CompatWorld) -> Vec<pact_core::Mismatch> {
    world
        .consumer
        .report()
        .problems
        .into_iter()
        .flat_map(|p| match p {
            Problem::Mismatched { mismatches, .. } => mismatches,
            _ => Vec::new(),
        })
        .collect()
}

#[then(regex = r#"^the mismatches will contain a "([\w-]+)" mismatch with error "(.+)"$"#)]
fn mismatch_with_error(world: &mut CompatWorld, kind: String, error: String) {
    let error = error.replace("\\\"", "\"");
    assert_contains_mismatch(&reported_mismatches(world), Some(&kind), None, &error);
}

#[then(
    regex = r#"^the mismatches will contain a "([\w-]+)" mismatch with path "([^"]+)" with error "(.+)"$"#
)]
fn mismatch_with_path_and_error(world: &mut CompatWorld, kind: String, path: String, error: String) {
    assert_contains_mismatch(&reported_mismatches(world), Some(&kind), Some(&path), &error);
}
