//! The mock server under hostile or heavy requests: a panicking handler, a handler that is
//! still working, generators asking for too much, and clients breaking the resource bounds.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected errors

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use pact_core::{
    Body, Category, DocPath, Generator, HttpInteraction, Interaction, Pact, Request, Response, SpecVersion,
};
use serde_json::json;

use super::test_hooks::TestHooks;
use super::{MockServer, MockServerConfig, ServerLimits};

fn interaction(path: &str, body: serde_json::Value) -> HttpInteraction {
    let mut response = Response::new(200);
    response.body = Body::json(body);
    HttpInteraction {
        description: format!("GET {path}"),
        request: Request::new("GET", path),
        response,
        ..HttpInteraction::default()
    }
}

fn pact(interactions: Vec<HttpInteraction>) -> Pact {
    let mut pact = Pact::new("Consumer", "Provider", SpecVersion::V4);
    pact.interactions = interactions.into_iter().map(Interaction::Http).collect();
    pact
}

fn config(limits: ServerLimits) -> MockServerConfig {
    MockServerConfig {
        check_on_drop: false,
        worker_threads: 1,
        limits,
        ..MockServerConfig::default()
    }
}

fn fine_and(other: HttpInteraction) -> Pact {
    pact(vec![interaction("/fine", json!({"fine": true})), other])
}

/// An answer read off the wire: status, head and body.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// Sends `method path` with `body` on a new connection (`Connection: close`) and reads the answer.
fn send(address: std::net::SocketAddr, method: &str, path: &str, body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body);
    let mut bytes = Vec::new();
    // A server that refuses a body it did not read may reset the connection after answering.
    let _ = stream.read_to_end(&mut bytes);
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&bytes[..split]).to_ascii_lowercase();
    let status = head[9..12].parse().unwrap();
    Answer {
        status,
        head,
        body: bytes[split + 4..].to_vec(),
    }
}

fn get(mock: &MockServer, path: &str) -> Answer {
    send(mock.address(), "GET", path, b"")
}

fn assert_fine(mock: &MockServer) {
    let answer = get(mock, "/fine");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), json!({"fine": true}));
}

#[test]
fn a_panicking_handler_answers_500_with_json_and_the_server_keeps_serving() {
    let hooks = TestHooks {
        panic_on: Some("/boom".into()),
        ..TestHooks::default()
    };
    let pact = fine_and(interaction("/boom", json!({})));
    let mock = MockServer::start_with_hooks(pact, config(ServerLimits::default()), hooks).unwrap();

    let answer = get(&mock, "/boom");
    assert_eq!(answer.status, 500);
    assert!(
        answer.head.contains("content-type: application/json"),
        "{}",
        answer.head
    );
    assert_eq!(
        answer.json()["error"],
        "the mock server failed while answering GET /boom: test hook: the handler of /boom panics"
    );
    assert_fine(&mock);
}

#[test]
fn a_request_still_being_worked_on_does_not_hold_up_the_others() {
    // One worker thread: before, the waiting handler held it and /fine got no answer.
    let barrier = Arc::new(Barrier::new(2));
    let hooks = TestHooks {
        wait_on: Some(("/heavy".into(), Arc::clone(&barrier))),
        ..TestHooks::default()
    };
    let pact = fine_and(interaction("/heavy", json!({"heavy": true})));
    let mock = MockServer::start_with_hooks(pact, config(ServerLimits::default()), hooks).unwrap();

    let address = mock.address();
    let heavy = std::thread::spawn(move || send(address, "GET", "/heavy", b"").status);
    for _ in 0..3 {
        assert_fine(&mock);
    }
    barrier.wait();
    assert_eq!(heavy.join().unwrap(), 200);
}

#[test]
fn a_random_string_of_ten_billion_characters_is_refused_without_allocating() {
    let mut big = interaction("/big", json!({"name": "example"}));
    big.response.generators.add(
        Category::Body,
        DocPath::parse("$.name").unwrap(),
        Generator::RandomString { size: 10_000_000_000 },
    );
    let mut hex = interaction("/hex", json!({"id": "ab"}));
    hex.response.generators.add(
        Category::Body,
        DocPath::parse("$.id").unwrap(),
        Generator::RandomHexadecimal {
            digits: 10_000_000_000,
        },
    );
    let mut regex = interaction("/regex", json!({"code": "a"}));
    regex.response.generators.add(
        Category::Body,
        DocPath::parse("$.code").unwrap(),
        Generator::Regex {
            regex: "[a-z]{100000}{100000}".into(),
        },
    );
    let mock = MockServer::start(
        pact(vec![interaction("/fine", json!({"fine": true})), big, hex, regex]),
        config(ServerLimits::default()),
    )
    .unwrap();

    // The example stays where the generator would have gone beyond the limits.
    assert_eq!(get(&mock, "/big").json(), json!({"name": "example"}));
    assert_eq!(get(&mock, "/hex").json(), json!({"id": "ab"}));
    assert_eq!(get(&mock, "/regex").json(), json!({"code": "a"}));
    assert_fine(&mock);
}

#[test]
fn the_largest_allowed_random_string_is_generated() {
    let size = pact_core::limits::Limits::default().max_generated_length;
    let mut big = interaction("/big", json!({"name": "example"}));
    big.response.generators.add(
        Category::Body,
        DocPath::parse("$.name").unwrap(),
        Generator::RandomString { size },
    );
    let mock = MockServer::start(fine_and(big), config(ServerLimits::default())).unwrap();
    let body = get(&mock, "/big").json();
    assert_eq!(body["name"].as_str().unwrap().len(), size);
}

#[test]
fn a_body_above_the_limit_is_answered_413() {
    let mock = MockServer::start(
        fine_and(interaction("/other", json!({}))),
        config(ServerLimits::default().with_max_body_bytes(1024)),
    )
    .unwrap();
    let answer = send(mock.address(), "POST", "/fine", &[b'x'; 4096]);
    assert_eq!(answer.status, 413);
    assert_eq!(
        answer.json()["error"],
        "the request body is larger than the mock server's limit of 1024 bytes"
    );
    assert_fine(&mock);
}

/// Sends `request` on a new connection and reads until the server closes it or `timeout` passes.
fn raw(mock: &MockServer, request: &[u8], timeout: Duration) -> String {
    let mut stream = TcpStream::connect(mock.address()).unwrap();
    stream.set_read_timeout(Some(timeout)).unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn too_many_or_too_large_headers_are_answered_431() {
    let limits = ServerLimits::default()
        .with_max_headers(20)
        .with_max_header_bytes(4096);
    let mock = MockServer::start(fine_and(interaction("/other", json!({}))), config(limits)).unwrap();
    let many: String = (0..50).map(|i| format!("X-H{i}: v\r\n")).collect();
    let answer = raw(
        &mock,
        format!("GET /fine HTTP/1.1\r\nHost: x\r\n{many}\r\n").as_bytes(),
        Duration::from_secs(20),
    );
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    let long = "v".repeat(8192);
    let answer = raw(
        &mock,
        format!("GET /fine HTTP/1.1\r\nHost: x\r\nX-Long: {long}\r\n\r\n").as_bytes(),
        Duration::from_secs(20),
    );
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    assert_fine(&mock);
}

#[test]
fn idle_and_slow_clients_are_let_go() {
    let limits = ServerLimits::default()
        .with_header_timeout(Duration::from_millis(300))
        .with_body_timeout(Duration::from_millis(300));
    let mock = MockServer::start(fine_and(interaction("/other", json!({}))), config(limits)).unwrap();
    // Half a request head, then nothing: the server closes the connection.
    let answer = raw(&mock, b"GET /fine HTTP/1.1\r\nHo", Duration::from_secs(20));
    assert!(!answer.starts_with("HTTP/1.1 200"), "{answer}");
    // A body that never fully arrives: 408.
    let answer = raw(
        &mock,
        b"POST /fine HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a part",
        Duration::from_secs(20),
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_fine(&mock);
}

#[test]
fn connections_beyond_the_limit_wait_for_a_free_slot() {
    let limits = ServerLimits::default().with_max_connections(1);
    let mock = MockServer::start(fine_and(interaction("/other", json!({}))), config(limits)).unwrap();
    let holder = TcpStream::connect(mock.address()).unwrap();
    // Make sure the holder was accepted: it gets an answer on its connection.
    let mut holder = holder;
    holder
        .write_all(b"GET /fine HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 12];
    holder.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");

    let mut waiting = TcpStream::connect(mock.address()).unwrap();
    waiting
        .write_all(b"GET /fine HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    waiting
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut byte = [0u8; 1];
    assert!(
        waiting.read(&mut byte).is_err(),
        "served beyond the connection limit"
    );

    drop(holder);
    waiting.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut answer = Vec::new();
    waiting.read_to_end(&mut answer).unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
}
