//! Time from `start_mock_server_blocking()` to a server that answers, measured in-process.
//!
//! `cargo bench -p pact-consumer --bench mock_server_ready` prints the time `start()` takes to
//! return (the listener is bound before it returns, so the server accepts connections from then
//! on) and the time until the first answer over a fresh connection; target: under 5 ms.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use pact_consumer::prelude::*;
use pact_consumer::{MockServer, MockServerConfig};

const RUNS: usize = 200;

fn pact() -> pact_core::Pact {
    let mut builder = PactBuilder::new("BenchConsumer", "BenchProvider");
    for n in 0..20 {
        builder = builder.interaction(format!("item {n}"), move |i| {
            i.request(|r| r.get(format!("/items/{n}"))).response(|r| {
                r.ok()
                    .json_body(pact_json!({ "id": integer(n), "name": like("item") }))
            })
        });
    }
    builder.into_pact()
}

fn first_answer(server: &MockServer) -> Duration {
    let started = Instant::now();
    let mut stream = TcpStream::connect(server.address()).expect("connect");
    stream
        .write_all(b"GET /items/3 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read");
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    started.elapsed()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn main() {
    let pact = pact();
    let config = MockServerConfig::default().with_check_on_drop(false);
    let (mut start, mut ready) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let server = MockServer::start(pact.clone(), config.clone()).expect("start");
        let started = t0.elapsed();
        let answered = started + first_answer(&server);
        start.push(started);
        ready.push(answered);
    }
    start.sort();
    ready.sort();
    println!("mock server start() over {RUNS} runs (20 interactions):");
    println!(
        "  start() returned:      p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
        percentile(&start, 0.5),
        percentile(&start, 0.99),
        percentile(&start, 1.0)
    );
    println!(
        "  first answer received: p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms  (target < 5 ms)",
        percentile(&ready, 0.5),
        percentile(&ready, 0.99),
        percentile(&ready, 1.0)
    );
}
