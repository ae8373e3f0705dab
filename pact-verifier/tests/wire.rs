//! The `pact-verifier` binary sends what real-world pacts mean and tells what the reference tells:
//! base64 multipart bodies of V3 files decoded, XML generators applied, header values as written,
//! `Content-Length` computed, V4 comments and missing-state warnings in the reports, and messages
//! asked for as the reference verifier asks. Where the reference CLI is installed, the reference
//! verifier sends the same message requests, and our verifier verifies the reference stub server.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use support::{stdout, verifier};

const FORM: &str = "--pactBoundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nholiday\r\n\
--pactBoundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
Content-Type: text/plain\r\n\r\nhello file\r\n--pactBoundary--\r\n";

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe,
];

/// A request the provider received.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    /// Header lines in arrival order, names lower-cased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header_lines(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A provider on 127.0.0.1 that answers every fragment of these tests and records what it got.
struct Provider {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Provider {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Provider {
    fn start() -> Provider {
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let recorder = Arc::clone(&seen);
        let app =
            axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let recorder = Arc::clone(&recorder);
                async move {
                    let seen = Seen {
                        method: method.to_string(),
                        path: uri.path().to_string(),
                        headers: headers
                            .iter()
                            .map(|(n, v)| {
                                (
                                    n.as_str().to_string(),
                                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                                )
                            })
                            .collect(),
                        body: body.to_vec(),
                    };
                    recorder.lock().unwrap().push(seen.clone());
                    answer(&seen)
                }
            });
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = rx.await;
                    })
                    .await;
            });
        });
        Provider {
            port,
            seen,
            shutdown: Some(tx),
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn take_seen(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// What the provider answers: what each fragment's pact expects.
fn answer(seen: &Seen) -> Response {
    match (seen.method.as_str(), seen.path.as_str()) {
        ("POST", "/upload") => {
            (StatusCode::CREATED, [(header::CONTENT_TYPE, "image/png")], PNG).into_response()
        }
        ("POST", "/countries") => (
            [(header::CONTENT_TYPE, "application/xml")],
            "<countries><argentina founded=\"2024-02-29\">Pampa AR</argentina></countries>",
        )
            .into_response(),
        ("POST", "/items") => {
            let mut response = (
                StatusCode::CREATED,
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"id":7}"#,
            )
                .into_response();
            response.headers_mut().append(
                "x-response",
                header::HeaderValue::from_static("response1, response2"),
            );
            response
        }
        ("GET", "/orders/1") => ([(header::CONTENT_TYPE, "application/json")], r#"{"id":1}"#).into_response(),
        ("POST", "/") => {
            let metadata = STANDARD.encode(json!({"topic": "orders"}).to_string());
            let mut response = ([(header::CONTENT_TYPE, "application/json")], r#"{"id":1}"#).into_response();
            response
                .headers_mut()
                .insert("pact-message-metadata", metadata.parse().unwrap());
            response
        }
        _ => (StatusCode::NOT_FOUND, Body::from("no such fragment")).into_response(),
    }
}

fn write_pact(dir: &Path, name: &str, pact: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, pact.to_string()).unwrap();
    path
}

fn v3(consumer: &str, provider: &str, interactions: Value) -> Value {
    json!({
        "consumer": {"name": consumer}, "provider": {"name": provider}, "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

fn v4(consumer: &str, provider: &str, interactions: Value) -> Value {
    json!({
        "consumer": {"name": consumer}, "provider": {"name": provider}, "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
}

/// A V3 upload as pact-jvm writes it: multipart request and PNG response in base64.
fn upload_pact() -> Value {
    v3(
        "UploadWeb",
        "UploadService",
        json!([{
            "description": "an upload of a form with a file",
            "request": {"method": "POST", "path": "/upload",
                "headers": {"Content-Type": "multipart/form-data; boundary=pactBoundary"},
                "body": STANDARD.encode(FORM)},
            "response": {"status": 201, "headers": {"Content-Type": "image/png"}, "body": STANDARD.encode(PNG)}
        }]),
    )
}

/// XML with empty examples under generators at namespaced paths, in the request (the verifier
/// generates) and with rules in the response.
fn countries_pact() -> Value {
    let xml = "<aka:countries xmlns:aka=\"http://example.com/aka\"><aka:argentina aka:code=\"\" founded=\"\"/></aka:countries>";
    let at = |tail: &str| format!("$['aka:countries']['aka:argentina']{tail}");
    v4(
        "XmlWeb",
        "XmlService",
        json!([{
            "type": "Synchronous/HTTP", "description": "countries as XML",
            "request": {"method": "POST", "path": "/countries", "headers": {"Content-Type": ["application/xml"]},
                "body": {"contentType": "application/xml", "encoded": false, "content": xml},
                "generators": {"body": {
                    at("['#text']"): {"type": "Regex", "regex": "[A-Z][a-z]{4} [A-Z]{2}"},
                    at("['@aka:code']"): {"type": "RandomString", "size": 3},
                    at("['@founded']"): {"type": "Date", "format": "yyyy-MM-dd"}}}},
            "response": {"status": 200, "headers": {"Content-Type": ["application/xml"]},
                "body": {"contentType": "application/xml", "encoded": false,
                    "content": "<countries><argentina founded=\"\"/></countries>"},
                "matchingRules": {"body": {
                    "$.countries.argentina['#text']": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^[A-Z][a-z]{4} [A-Z]{2}$"}]},
                    "$.countries.argentina['@founded']": {"combine": "AND", "matchers": [{"match": "date", "format": "yyyy-MM-dd"}]}}},
                "generators": {"body": {
                    "$.countries.argentina['#text']": {"type": "Regex", "regex": "[A-Z][a-z]{4} [A-Z]{2}"},
                    "$.countries.argentina['@founded']": {"type": "Date", "format": "yyyy-MM-dd"}}}}
        }]),
    )
}

/// Comma-separated header values, and (as pact-jvm records them) `Content-Length` values that
/// are not the lengths of the bodies sent (63 for 32 bytes, 999 for 8).
fn headers_pact() -> Value {
    v3(
        "HeaderWeb",
        "HeaderService",
        json!([{
            "description": "a request with header lists",
            "request": {"method": "POST", "path": "/items",
                "headers": {"Content-Type": "application/json", "Content-Length": "63", "X-Request": "a, b"},
                "body": {"name": "book", "tags": ["x", "y"]}},
            "response": {"status": 201,
                "headers": {"Content-Type": "application/json", "Content-Length": "999",
                    "X-Response": "response1, response2"},
                "body": {"id": 7}}
        }]),
    )
}

/// V4 comments on an HTTP interaction with a provider state, and a message with a test name.
fn comments_pact() -> Value {
    v4(
        "OrderWeb",
        "OrderService",
        json!([
            {"type": "Synchronous/HTTP", "description": "get order 1",
             "providerStates": [{"name": "order 1 exists"}],
             "comments": {"text": ["first comment", "second comment"], "testname": "OrderTest.getOrder"},
             "request": {"method": "GET", "path": "/orders/1"},
             "response": {"status": 200, "body": {"contentType": "application/json", "encoded": false, "content": {"id": 1}}}},
            {"type": "Asynchronous/Messages", "description": "an order event",
             "providerStates": [{"name": "an order exists", "params": {"id": 1}}],
             "comments": {"testname": "OrderEvents.created"},
             "contents": {"contentType": "application/json", "encoded": false, "content": {"id": 1}},
             "metadata": {"topic": "orders"}}
        ]),
    )
}

/// An asynchronous and a synchronous message for one message provider endpoint.
fn messages_pact() -> Value {
    v4(
        "OrderWeb",
        "OrderService",
        json!([
            {"type": "Asynchronous/Messages", "description": "an order event",
             "providerStates": [{"name": "an order exists", "params": {"id": 1, "kind": {"b": 2, "a": 1}}}],
             "contents": {"contentType": "application/json", "encoded": false, "content": {"id": 1}},
             "metadata": {"topic": "orders"}},
            {"type": "Synchronous/Messages", "description": "an order query",
             "providerStates": [{"name": "order 1 exists"}],
             "request": {"contents": {"contentType": "application/json", "encoded": false, "content": {"q": 1, "all": true}},
                 "metadata": {"replyTo": "queries", "kind": "lookup"}},
             "response": [{"contents": {"contentType": "application/json", "encoded": false, "content": {"id": 1}},
                 "metadata": {"topic": "orders"}}]},
            {"type": "Synchronous/Messages", "description": "a binary ping",
             "request": {"contents": {"contentType": "application/octet-stream", "encoded": "base64", "content": "AAEC"}},
             "response": [{"contents": {"contentType": "application/json", "encoded": false, "content": {"id": 1}}}]}
        ]),
    )
}

fn run_ours(pact: &Path, port: u16, extra: &[&str]) -> (Option<i32>, String) {
    let output = verifier()
        .arg("-f")
        .arg(pact)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "--no-colour"])
        .args(extra)
        .output()
        .unwrap();
    (output.status.code(), stdout(&output))
}

#[test]
fn a_base64_multipart_body_of_a_v3_pact_is_sent_as_the_real_multipart_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let provider = Provider::start();
    let (code, text) = run_ours(
        &write_pact(dir.path(), "upload.json", &upload_pact()),
        provider.port,
        &[],
    );
    assert_eq!(code, Some(0), "{text}");
    let seen = provider.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(String::from_utf8_lossy(&seen[0].body), FORM);
    assert_eq!(
        seen[0].header_lines("content-type"),
        ["multipart/form-data; boundary=pactBoundary"]
    );
}

#[test]
fn xml_generators_fill_the_request_and_the_response_rules_check_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let provider = Provider::start();
    let (code, text) = run_ours(
        &write_pact(dir.path(), "xml.json", &countries_pact()),
        provider.port,
        &[],
    );
    assert_eq!(code, Some(0), "{text}");
    let sent = String::from_utf8(provider.seen()[0].body.clone()).unwrap();
    let generated = regex::Regex::new(
        r#"^<aka:countries xmlns:aka="http://example.com/aka"><aka:argentina aka:code="[A-Za-z0-9]{3}" founded="\d{4}-\d{2}-\d{2}">[A-Z][a-z]{4} [A-Z]{2}</aka:argentina></aka:countries>$"#,
    )
    .unwrap();
    assert!(generated.is_match(&sent), "{sent}");
}

#[test]
fn header_lists_go_out_as_one_line_and_content_length_is_computed() {
    let dir = tempfile::tempdir().unwrap();
    let provider = Provider::start();
    // The provider (axum) reads exactly Content-Length bytes: the recorded 63 would leave it
    // waiting for bytes that never come, and the interaction would time out.
    let (code, text) = run_ours(
        &write_pact(dir.path(), "headers.json", &headers_pact()),
        provider.port,
        &[],
    );
    assert_eq!(code, Some(0), "{text}");
    let seen = &provider.seen()[0];
    assert_eq!(seen.header_lines("x-request"), ["a, b"]);
    let body = String::from_utf8(seen.body.clone()).unwrap();
    assert_eq!(body, r#"{"name":"book","tags":["x","y"]}"#);
    assert_eq!(seen.header_lines("content-length"), [body.len().to_string()]);
}

#[test]
fn v4_comments_are_shown_with_their_interaction_and_kept_in_json_and_junit() {
    let dir = tempfile::tempdir().unwrap();
    let provider = Provider::start();
    let json_path = dir.path().join("report.json");
    let junit_path = dir.path().join("report.xml");
    let (code, text) = run_ours(
        &write_pact(dir.path(), "comments.json", &comments_pact()),
        provider.port,
        &[
            "--json",
            json_path.to_str().unwrap(),
            "--junit",
            junit_path.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{text}");
    let expected = "  get order 1";
    let at = text.find(expected).unwrap_or_else(|| panic!("{text}"));
    let block: Vec<&str> = text[at..].lines().skip(1).take(5).collect();
    assert_eq!(
        block,
        [
            "    Given order 1 exists",
            "    Test Name: OrderTest.getOrder",
            "    Comments:",
            "      first comment",
            "      second comment",
        ],
        "{text}"
    );
    assert!(text.contains("    Test Name: OrderEvents.created"), "{text}");

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let interaction = &report["pacts"][0]["interactions"][0];
    assert_eq!(interaction["comments"]["testname"], "OrderTest.getOrder");
    assert_eq!(interaction["comments"]["text"][1], "second comment");
    let junit = std::fs::read_to_string(&junit_path).unwrap();
    assert!(
        junit.contains(
            "<system-out>Test Name: OrderTest.getOrder\nComments:\n  first comment\n  second comment"
        ),
        "{junit}"
    );
}

#[test]
fn a_state_without_a_callback_is_warned_about_and_the_interaction_is_still_verified() {
    let dir = tempfile::tempdir().unwrap();
    let provider = Provider::start();
    let json_path = dir.path().join("report.json");
    let (code, text) = run_ours(
        &write_pact(dir.path(), "comments.json", &comments_pact()),
        provider.port,
        &["--json", json_path.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{text}");
    for state in ["order 1 exists", "an order exists"] {
        let warning = format!(
            "    WARNING: State Change ignored as there is no state change URL provided: \
             no provider state callback configured for provider state '{state}'"
        );
        assert!(text.contains(&warning), "{warning}\n{text}");
    }
    assert_eq!(provider.seen().len(), 2, "both interactions were verified");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(
        report["pacts"][0]["interactions"][1]["warnings"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // With a state-change URL there is nothing to warn about.
    let (code, text) = run_ours(
        &write_pact(dir.path(), "comments.json", &comments_pact()),
        provider.port,
        &["-s", &format!("http://127.0.0.1:{}/state", provider.port)],
    );
    assert_eq!(code, Some(1), "the state URL answers 404: {text}");
    assert!(!text.contains("WARNING"), "{text}");
}

/// The bodies the message provider received, by description.
fn message_requests(seen: &[Seen]) -> Vec<(String, String)> {
    seen.iter()
        .filter(|s| s.path == "/")
        .map(|s| {
            let body = String::from_utf8(s.body.clone()).unwrap();
            let description = serde_json::from_str::<Value>(&body).unwrap()["description"]
                .as_str()
                .unwrap()
                .to_string();
            (description, body)
        })
        .collect()
}

#[test]
fn messages_are_asked_for_as_the_reference_verifier_asks() {
    let dir = tempfile::tempdir().unwrap();
    let provider = Provider::start();
    let (code, text) = run_ours(
        &write_pact(dir.path(), "messages.json", &messages_pact()),
        provider.port,
        &[],
    );
    assert_eq!(code, Some(0), "{text}");
    let requests = message_requests(&provider.seen());
    assert_eq!(
        requests,
        [
            (
                "an order event".to_string(),
                r#"{"description":"an order event","providerStates":[{"name":"an order exists","params":{"id":1,"kind":{"a":1,"b":2}}}]}"#
                    .to_string()
            ),
            (
                "an order query".to_string(),
                r#"{"description":"an order query","providerStates":[{"name":"order 1 exists"}],"request":{"contents":{"content":{"all":true,"q":1},"contentType":"application/json","encoded":false},"metadata":{"kind":"lookup","replyTo":"queries"}}}"#
                    .to_string()
            ),
            (
                "a binary ping".to_string(),
                r#"{"description":"a binary ping","request":{"contents":{"content":"AAEC","contentType":"application/octet-stream","encoded":"base64"}}}"#
                    .to_string()
            ),
        ]
    );
    assert!(
        provider
            .seen()
            .iter()
            .all(|s| s.header_lines("content-type") == ["application/json"])
    );
}

fn reference_cli() -> Option<PathBuf> {
    let path = std::env::var_os("PACT_REFERENCE_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/peers/venv/bin/pact"));
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "SKIPPED: the reference CLI is not at {} (set PACT_REFERENCE_CLI)",
        path.display()
    );
    if std::env::var("PACT_INTEROP_REQUIRED").is_ok_and(|v| v == "1") {
        panic!("{message}, and PACT_INTEROP_REQUIRED=1");
    }
    eprintln!("\n*** {message} ***\n");
    None
}

fn run_reference(cli: &Path, pact: &Path, port: u16) -> (bool, String) {
    let output = Command::new(cli)
        .args(["verifier", "-f"])
        .arg(pact)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "--no-colour"])
        .env("PACT_DO_NOT_TRACK", "true")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn one_message_endpoint_serves_our_verifier_and_the_reference_verifier_alike() {
    let Some(cli) = reference_cli() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(dir.path(), "messages.json", &messages_pact());
    let provider = Provider::start();
    let (passed, output) = run_reference(&cli, &pact, provider.port);
    assert!(passed, "{output}");
    let theirs = message_requests(&provider.take_seen());
    let (code, text) = run_ours(&pact, provider.port, &[]);
    assert_eq!(code, Some(0), "{text}");
    let ours = message_requests(&provider.take_seen());
    assert_eq!(ours.len(), 3);
    assert_eq!(ours, theirs);
}

#[test]
fn the_reference_verifier_shows_the_same_comments_and_state_warning() {
    let Some(cli) = reference_cli() else { return };
    let dir = tempfile::tempdir().unwrap();
    let provider = Provider::start();
    let (passed, output) = run_reference(
        &cli,
        &write_pact(dir.path(), "comments.json", &comments_pact()),
        provider.port,
    );
    assert!(passed, "{output}");
    for shown in [
        "Test Name: OrderTest.getOrder",
        "first comment",
        "Test Name: OrderEvents.created",
        "State Change ignored as there is no state change URL provided",
    ] {
        assert!(output.contains(shown), "{shown}\n{output}");
    }
}

/// A running reference stub server (`pact stub`), killed when dropped.
struct Stub(Child, u16);

impl Drop for Stub {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Stub {
    fn serve(cli: &Path, pact: &Path) -> Stub {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(cli)
            .args(["stub", "-f"])
            .arg(pact)
            .args(["-p", &port.to_string()])
            .env("PACT_DO_NOT_TRACK", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "pact stub did not start");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Stub(child, port)
    }
}

/// The reference stub server serves each fragment and our verifier verifies it. (The stub sends
/// a recorded `Content-Length` as it is, so that fragment's response does not record one.)
#[test]
fn our_verifier_verifies_the_reference_stub_serving_these_fragments() {
    let Some(cli) = reference_cli() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut headers = headers_pact();
    headers["interactions"][0]["response"]["headers"]
        .as_object_mut()
        .unwrap()
        .remove("Content-Length");
    let mut countries = countries_pact();
    countries["interactions"][0]["request"] = json!({"method": "GET", "path": "/countries"});
    for (name, pact) in [
        ("upload.json", upload_pact()),
        ("xml.json", countries),
        ("headers.json", headers),
    ] {
        let path = write_pact(dir.path(), name, &pact);
        let stub = Stub::serve(&cli, &path);
        let (code, text) = run_ours(&path, stub.1, &[]);
        assert_eq!(code, Some(0), "{name}:\n{text}");
    }
}
