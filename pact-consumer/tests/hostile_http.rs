//! `pact-mock-server` as a process under hostile input: pacts asking for too much are refused
//! with a clear error; thousands of malformed requests and slow clients leave it serving
//! correctly, within its memory and connection bounds.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected errors

mod common;
#[path = "support/hostile_http.rs"]
mod hostile_http;
#[path = "support/server_process.rs"]
mod server_process;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::pact_dir;
use hostile_http::Target;
use serde_json::{Value, json};
use server_process::ServerProcess;

const BIN: &str = env!("CARGO_BIN_EXE_pact-mock-server");

/// Malformed requests sent in the run.
const REQUESTS: usize = 2000;

/// The largest string a generator may produce at the default limits.
const LARGEST: u64 = 1024 * 1024;

fn pact(size: u64) -> Value {
    json!({
        "consumer": {"name": "HostileWeb"}, "provider": {"name": "Service"},
        "interactions": [
            {"type": "Synchronous/HTTP", "description": "fine",
             "request": {"method": "GET", "path": "/fine"},
             "response": {"status": 200, "body": {"contentType": "application/json", "content": {"fine": true}}}},
            {"type": "Synchronous/HTTP", "description": "a big name",
             "request": {"method": "GET", "path": "/big"},
             "response": {"status": 200, "body": {"contentType": "application/json", "content": {"name": "x"}},
               "generators": {"body": {"$.name": {"type": "RandomString", "size": size}}}}},
            {"type": "Synchronous/HTTP", "description": "create an item",
             "request": {"method": "POST", "path": "/items", "headers": {"Content-Type": "application/json"},
               "body": {"contentType": "application/json", "content": {"name": "book"}}},
             "response": {"status": 201}}
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
}

/// Starts `pact-mock-server` on `pact_file` (loopback, any port, two workers) with `extra` flags.
fn start_mock_server(pact_file: &Path, extra: &[&str]) -> ServerProcess {
    ServerProcess::start(
        Command::new(BIN)
            .args([
                "-f",
                pact_file.to_str().unwrap(),
                "--host",
                "127.0.0.1",
                "-p",
                "0",
            ])
            .args(["--workers", "2"])
            .args(extra)
            .stderr(Stdio::null()),
    )
}

/// `GET path` on a new connection; the status and the JSON body.
fn get(address: SocketAddr, path: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = String::from_utf8_lossy(&bytes[9..12]).parse().unwrap();
    (
        status,
        serde_json::from_slice(&bytes[split + 4..]).unwrap_or(Value::Null),
    )
}

fn write_pact(dir: &Path, pact: &Value) -> std::path::PathBuf {
    let path = dir.join("pact.json");
    std::fs::write(&path, pact.to_string()).unwrap();
    path
}

#[test]
fn a_pact_whose_random_string_is_ten_billion_characters_is_refused_with_the_path_and_limit() {
    let dir = pact_dir();
    let file = write_pact(dir.path(), &pact(10_000_000_000));
    // The over-limit interaction alone is unusable: named on stderr at start, answered 500 with
    // its path and limit, while the others are served.
    let mut server = ServerProcess::start(
        Command::new(BIN)
            .args(["-f", file.to_str().unwrap(), "--host", "127.0.0.1", "-p", "0"])
            .stderr(Stdio::piped()),
    );
    let address = server.address;
    let limit = "RandomString size 10000000000 is above the limit of 1048576 (max_generated_length)";
    let (status, body) = get(address, "/big");
    assert_eq!(status, 500, "{body}");
    assert!(body.to_string().contains(limit), "{body}");
    assert!(
        body.to_string()
            .contains("$.interactions[1].response.generators.body['$.name']"),
        "{body}"
    );
    assert_eq!(get(address, "/fine"), (200, json!({"fine": true})));
    server.stop();
    let mut stderr = String::new();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains(limit), "{stderr}");
    // A larger limit, when asked for, lets a bigger (but bounded) generator through.
    let file = write_pact(dir.path(), &pact(2 * LARGEST));
    let server = ServerProcess::start(
        Command::new(BIN)
            .args(["-f", file.to_str().unwrap(), "-p", "0"])
            .env("PACT_MAX_GENERATED_LENGTH", (2 * LARGEST).to_string())
            .stderr(Stdio::null()),
    );
    assert!(
        server.first_line.contains("listening on"),
        "{:?}",
        server.first_line
    );
}

#[test]
fn thousands_of_malformed_requests_and_slow_clients_leave_the_mock_server_serving() {
    let dir = pact_dir();
    let file = write_pact(dir.path(), &pact(LARGEST));
    let mut server = start_mock_server(
        &file,
        &["--header-timeout-seconds", "1", "--body-timeout-seconds", "1"],
    );

    // The largest allowed generator, a few times at once.
    let bigs: Vec<_> = (0..4)
        .map(|_| {
            let address = server.address;
            std::thread::spawn(move || get(address, "/big"))
        })
        .collect();
    for big in bigs {
        let (status, body) = big.join().unwrap();
        assert_eq!(status, 200);
        assert_eq!(body["name"].as_str().unwrap().len() as u64, LARGEST);
    }
    let after_largest = server.peak_memory_kib();

    let started = std::time::Instant::now();
    let slow = hostile_http::slow_clients(server.address, "/fine", 20);
    let target = Target {
        paths: &["/fine", "/items", "/missing"],
    };
    let outcome = hostile_http::run(
        server.address,
        hostile_http::requests(0x5eed_0001, REQUESTS, &target),
        8,
    );
    eprintln!(
        "pact-mock-server hostile run: {} requests in {:.1} s, statuses {:?}, {} closed without an answer, {} hung; \
         VmHWM {} KiB after the largest generator, {} KiB after the run",
        outcome.sent,
        started.elapsed().as_secs_f64(),
        outcome.statuses,
        outcome.closed_without_answer,
        outcome.hung,
        after_largest,
        server.peak_memory_kib()
    );
    eprintln!("slowest: {:#?}", outcome.slowest);
    assert_eq!(outcome.sent, REQUESTS);
    assert_eq!(outcome.hung, 0, "{outcome:?}");
    assert!(server.is_running(), "the mock server died");
    // A mock server answers what it does not expect with 500 and a mismatch report; no other 5xx.
    for answer in &outcome.server_errors {
        assert!(
            answer.starts_with("HTTP/1.1 500") && answer.to_ascii_lowercase().contains("x-pact-mismatch"),
            "{answer}"
        );
    }
    // The slow clients were let go by the header and body timeouts.
    for stream in slow {
        assert!(
            hostile_http::let_go(stream, Duration::from_secs(20)),
            "a slow client was kept"
        );
    }
    // And it still answers correctly.
    assert_eq!(get(server.address, "/fine"), (200, json!({"fine": true})));
    let (status, body) = get(server.address, "/big");
    assert_eq!(status, 200);
    assert_eq!(body["name"].as_str().unwrap().len() as u64, LARGEST);
    let peak = server.peak_memory_kib();
    assert!(peak < 256 * 1024, "VmHWM {peak} KiB");
}
