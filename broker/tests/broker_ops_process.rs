//! The request log of a real `pact-broker serve` process: one JSON line per request with the
//! method, route pattern, status and latency (`PACT_BROKER_LOG_FORMAT=json`), and never the
//! `Authorization` header or the query string.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[tokio::test]
async fn requests_are_logged_as_json_without_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("logs.sqlite").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_pact-broker"))
        .args(["serve", "--port", "0", "--database-url", &database])
        .env("PACT_BROKER_LOG_FORMAT", "json")
        .env("PACT_BROKER_LOG_LEVEL", "info")
        .env("PACT_BROKER_BASIC_AUTH_USERNAME", "admin")
        .env("PACT_BROKER_BASIC_AUTH_PASSWORD", "s3cr3t-password")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    let http = reqwest::Client::new();
    let reply = http
        .get(format!("{url}/pacticipants/Somebody?token=query-secret"))
        .basic_auth("admin", Some("s3cr3t-password"))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 404);
    let denied = http
        .get(format!("{url}/pacticipants"))
        .header("Authorization", "Bearer not-a-real-token-abc")
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 401);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the broker did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut logs = String::new();
    child.stderr.take().unwrap().read_to_string(&mut logs).unwrap();
    let events: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let request = events
        .iter()
        .find(|e| e["route"] == "/pacticipants/{pacticipant}")
        .unwrap_or_else(|| panic!("no request event in {logs}"));
    assert_eq!(request["method"], "GET");
    assert_eq!(request["status"], 404);
    assert_eq!(request["path"], "/pacticipants/Somebody");
    assert!(request["latency_ms"].as_f64().unwrap() >= 0.0);
    assert_eq!(request["level"], "INFO");
    assert!(
        events
            .iter()
            .any(|e| e["route"] == "/pacticipants" && e["status"] == 401),
        "{logs}"
    );
    for secret in [
        "s3cr3t",
        "YWRtaW46czNjcjN0",
        "not-a-real-token",
        "query-secret",
        "uthorization",
    ] {
        assert!(!logs.contains(secret), "the log shows {secret}: {logs}");
    }
}
