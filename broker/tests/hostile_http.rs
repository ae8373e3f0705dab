//! `pact-broker serve` as a process under hostile input: thousands of malformed requests (bad
//! methods, huge headers and bodies, broken JSON to real write routes, odd encodings, slow
//! clients) over raw TCP on loopback. Afterwards no answer was a 5xx, the slow clients were let
//! go by the header and request timeouts, the broker still answers, and no stored data changed.
#![allow(clippy::unwrap_used)]

#[path = "../../pact-consumer/tests/support/hostile_http.rs"]
mod hostile_http;
#[path = "../../pact-consumer/tests/support/server_process.rs"]
mod server_process;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

use hostile_http::Target;
use serde_json::{Value, json};
use server_process::ServerProcess;

/// Malformed requests sent in the run.
const REQUESTS: usize = 2000;

/// Resources whose JSON must be the same before and after the run.
const SNAPSHOTS: &[&str] = &[
    "/",
    "/pacticipants",
    "/pacticipants/Web",
    "/pacticipants/Web/versions",
    "/pacts/provider/Api/consumer/Web/latest",
    "/pacts/provider/Api/consumer/Web/version/1.0.0",
    "/pacts/provider/Api/latest",
    "/matrix?q%5B%5D%5Bpacticipant%5D=Web&q%5B%5D%5Bversion%5D=1.0.0",
    "/pacts/latest",
];

/// Starts `pact-broker serve` on `database` (loopback, any port, short header and request timeouts).
fn start(database: &str) -> ServerProcess {
    ServerProcess::start(
        Command::new(env!("CARGO_BIN_EXE_pact-broker"))
            .args([
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--database-url",
                database,
            ])
            .args(["--header-timeout-seconds", "1", "--request-timeout-seconds", "2"])
            .env("PACT_BROKER_LOG_LEVEL", "error")
            .stderr(Stdio::null()),
    )
}

/// One request on a new connection; the status and the body as JSON (Null when not JSON).
fn request(address: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/hal+json\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = String::from_utf8_lossy(&bytes[9..12]).parse().unwrap();
    let head = String::from_utf8_lossy(&bytes[..split]).to_ascii_lowercase();
    let mut content = bytes[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        content = dechunk(&content);
    }
    (status, serde_json::from_slice(&content).unwrap_or(Value::Null))
}

fn dechunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = bytes.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&bytes[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&bytes[line_end + 2..line_end + 2 + size]);
        bytes = &bytes[line_end + 2 + size + 2..];
    }
    out
}

fn snapshot(address: SocketAddr) -> Vec<(u16, Value)> {
    SNAPSHOTS
        .iter()
        .map(|path| request(address, "GET", path, None))
        .collect()
}

#[test]
fn thousands_of_malformed_requests_leave_the_broker_serving_and_its_data_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("hostile.sqlite").display());
    let mut broker = start(&database);
    let pact = json!({
        "consumer": {"name": "Web"}, "provider": {"name": "Api"},
        "interactions": [{"description": "a request", "request": {"method": "GET", "path": "/"},
                          "response": {"status": 200}}],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    });
    let (status, _) = request(
        broker.address,
        "PUT",
        "/pacts/provider/Api/consumer/Web/version/1.0.0",
        Some(&pact),
    );
    assert!(status == 200 || status == 201, "publish answered {status}");
    let before = snapshot(broker.address);
    assert!(before.iter().all(|(status, _)| *status == 200), "{before:?}");

    let slow = hostile_http::slow_clients(broker.address, "/pacticipants", 20);
    let target = Target {
        paths: &[
            "/",
            "/pacticipants",
            "/pacticipants/Web",
            "/pacts/provider/Api/consumer/Web/version/1.0.0",
            "/pacts/provider/Api/consumer/Web/version/2.0.0",
            // (No tag or branch routes: a PUT there needs no body, so any PUT is a well-formed one.)
            "/contracts/publish",
            "/webhooks",
            "/environments",
            "/pacts/provider/Api/consumer/Web/pact-version/abc/verification-results",
            "/matrix",
        ],
    };
    let outcome = hostile_http::run(
        broker.address,
        hostile_http::requests(0x5eed_0002, REQUESTS, &target),
        8,
    );
    eprintln!(
        "pact-broker hostile run: {} requests, statuses {:?}, {} closed without an answer, {} hung",
        outcome.sent, outcome.statuses, outcome.closed_without_answer, outcome.hung
    );
    assert!(
        outcome.accepted_writes.is_empty(),
        "{:#?}",
        outcome.accepted_writes
    );
    assert_eq!(outcome.sent, REQUESTS);
    assert_eq!(outcome.hung, 0, "{outcome:?}");
    assert!(outcome.server_errors.is_empty(), "{:#?}", outcome.server_errors);
    assert!(broker.is_running(), "the broker died");

    for stream in slow {
        assert!(
            hostile_http::let_go(stream, Duration::from_secs(20)),
            "a slow client was kept"
        );
    }
    let after = snapshot(broker.address);
    for ((path, before), after) in SNAPSHOTS.iter().zip(&before).zip(&after) {
        assert_eq!(after, before, "{path} changed");
    }
}
