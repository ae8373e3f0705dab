//! Interoperability: pacts written by the reference tool (`pact mock`) verify with our verifier.
//!
//! Runs when `$PACT_REFERENCE_CLI` or `/tmp/peers/venv/bin/pact` exists; otherwise it says loudly
//! that it skipped, and fails when `PACT_INTEROP_REQUIRED=1`.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pact_verifier::Verifier;
use serde_json::{Value, json};
use support::TestProvider;

fn reference_cli() -> Option<PathBuf> {
    let path = std::env::var_os("PACT_REFERENCE_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/peers/venv/bin/pact"));
    if path.exists() {
        return Some(path);
    }
    let message = format!(
        "SKIPPED interop test: reference CLI not found at {} (set PACT_REFERENCE_CLI or install pact-python-cli into /tmp/peers/venv)",
        path.display()
    );
    if std::env::var("PACT_INTEROP_REQUIRED").is_ok_and(|v| v == "1") {
        panic!("{message}, and PACT_INTEROP_REQUIRED=1");
    }
    eprintln!("\n*** {message} ***\n");
    None
}

struct Master(Child);

impl Drop for Master {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn consumer_pact(nonce: &str) -> Value {
    json!({
        "consumer": {"name": "UserWeb"},
        "provider": {"name": "UserService"},
        "interactions": [{
            "description": "a request for user 42",
            "providerStates": [{"name": "user 42 exists", "params": {"id": 42}}],
            "request": {"method": "GET", "path": "/users/42", "query": {"run": [nonce]}, "headers": {"Accept": "application/json"}},
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"id": 42, "name": "Alice"},
                "matchingRules": {"body": {
                    "$.id": {"combine": "AND", "matchers": [{"match": "integer"}]},
                    "$.name": {"combine": "AND", "matchers": [{"match": "type"}]}
                }}
            }
        }],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

/// Has the reference mock server record the consumer's interaction and write the pact.
async fn pact_written_by_reference(cli: &PathBuf, specification: &str) -> PathBuf {
    let out = tempfile::tempdir().unwrap().keep();
    let nonce = format!(
        "{}-{}",
        std::process::id(),
        out.display().to_string().len() + free_port() as usize
    );
    let port = free_port();
    let master = Master(
        Command::new(cli)
            .args([
                "mock",
                "start",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "--no-file-log",
                "--no-term-log",
                "-o",
            ])
            .arg(&out)
            .env("PACT_DO_NOT_TRACK", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    let master_url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let created = loop {
        let attempt = client
            .post(format!("{master_url}/?specification={specification}"))
            .header("Content-Type", "application/json")
            .body(consumer_pact(&nonce).to_string())
            .send()
            .await;
        if let Ok(response) = attempt {
            break response.json::<Value>().await.unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "the reference mock master did not start"
        );
        // Poll the child process's readiness at a short interval, up to the deadline.
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let mock_port = created["mockServer"]["port"].as_u64().unwrap();
    let answer = client
        .get(format!("http://127.0.0.1:{mock_port}/users/42?run={nonce}"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    let answered = answer.status().as_u16();
    assert_eq!(
        answered, 200,
        "the reference mock server did not match the request"
    );
    // The reference records a matched request after answering it, so an immediate verify can
    // race it: poll verify until it passes, up to a deadline.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let verified = client
            .post(format!("{master_url}/mockserver/{mock_port}/verify"))
            .send()
            .await
            .unwrap();
        let status = verified.status();
        let body = verified.text().await.unwrap_or_default();
        if status.is_success() {
            break;
        }
        assert!(Instant::now() < deadline, "mock verify: {status} {body}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(master);
    out.join("UserWeb-UserService.json")
}

async fn verify_reference_pact(specification: &str) {
    let Some(cli) = reference_cli() else { return };
    let pact = pact_written_by_reference(&cli, specification).await;
    let text = std::fs::read_to_string(&pact).unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    assert!(
        document["metadata"]["pactRust"].is_object(),
        "written by the reference tool: {text}"
    );

    let provider = TestProvider::start();
    let db = provider.db.clone();
    let report = Verifier::new("UserService")
        .pact_file(&pact)
        .provider_url(&provider.url)
        .state("user 42 exists", move |params| {
            let db = db.clone();
            async move { db.insert_user(params["id"].as_i64().unwrap_or(0), "Bob") }
        })
        .verify()
        .await;
    report.assert_passed();
    let requests = provider.db.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(requests[0].starts_with("GET /users/42?run="), "{requests:?}");
}

/// One test for both versions: two reference masters running at once have been seen to hand out
/// the same mock-server port, so the runs must not overlap.
#[tokio::test]
async fn v3_and_v4_pacts_written_by_the_reference_mock_server_verify() {
    verify_reference_pact("V3").await;
    verify_reference_pact("V4").await;
}
