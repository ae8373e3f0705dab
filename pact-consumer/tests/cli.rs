//! The `pact-mock-server` binary, driven as a real process.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected errors

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command as AssertCommand;
use common::pact_dir;

const BIN: &str = env!("CARGO_BIN_EXE_pact-mock-server");

const V2_PACT: &str = r#"{
  "consumer": {"name": "UserWeb"}, "provider": {"name": "UserService"},
  "interactions": [{
    "description": "a request for user 42", "providerState": "user 42 exists",
    "request": {"method": "GET", "path": "/users/42", "query": "verbose=true"},
    "response": {"status": 200, "headers": {"Content-Type": "application/json"},
      "body": {"id": 42, "name": "Alice"}, "matchingRules": {"$.body.name": {"match": "type"}}}
  }],
  "metadata": {"pactSpecification": {"version": "2.0.0"}}
}"#;

const V4_PACT: &str = r#"{
  "consumer": {"name": "OrderWeb"}, "provider": {"name": "OrderService"},
  "interactions": [{
    "type": "Synchronous/HTTP", "description": "create an order",
    "request": {"method": "POST", "path": "/orders", "headers": {"Content-Type": ["application/json"]},
      "body": {"contentType": "application/json", "encoded": false, "content": {"item": "book"}},
      "matchingRules": {"body": {"$.item": {"combine": "AND", "matchers": [{"match": "type"}]}}}},
    "response": {"status": 201, "body": {"contentType": "text/plain", "encoded": false, "content": "created"}}
  }],
  "metadata": {"pactSpecification": {"version": "4.0"}}
}"#;

/// A running `pact-mock-server`, killed (by its PID) if a test fails before stopping it.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pact-mock-server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("a first line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        Server { child, url }
    }

    /// Sends SIGTERM and waits (bounded) for the exit; returns the exit code and stderr.
    fn terminate(mut self) -> (Option<i32>, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let exit = loop {
            if let Some(exit) = self.child.try_wait().expect("try_wait") {
                break exit;
            }
            assert!(
                Instant::now() < deadline,
                "pact-mock-server did not exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            pipe.read_to_string(&mut stderr).expect("stderr");
        }
        (exit.code(), stderr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("pact written");
    path.to_string_lossy().into_owned()
}

#[tokio::test]
async fn serves_a_v2_pact_answers_500_to_others_and_exits_cleanly_on_sigterm() {
    let dir = pact_dir();
    let pact = write(dir.path(), "v2.json", V2_PACT);
    let server = Server::start(&["-f", &pact, "--host", "127.0.0.1", "-p", "0"]);
    assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);

    let matched = reqwest::get(format!("{}/users/42?verbose=true", server.url))
        .await
        .unwrap();
    assert_eq!(matched.status(), 200);
    assert_eq!(
        matched.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!({"id": 42, "name": "Alice"})
    );

    let unmatched = reqwest::get(format!("{}/users/43", server.url)).await.unwrap();
    assert_eq!(unmatched.status(), 500);
    assert_eq!(unmatched.headers()["x-pact-mismatch"], "request-not-found");
    let report: serde_json::Value = unmatched.json().await.unwrap();
    assert_eq!(report["type"], "request-not-found");
    assert_eq!(report["path"], "/users/43");

    let (code, _) = server.terminate();
    assert_eq!(code, Some(0));
}

#[tokio::test]
async fn serves_every_pact_of_a_directory_and_reports_body_mismatches() {
    let dir = pact_dir();
    write(dir.path(), "v2.json", V2_PACT);
    write(dir.path(), "v4.json", V4_PACT);
    let dir_arg = dir.path().to_string_lossy().into_owned();
    let server = Server::start(&["-d", &dir_arg, "-p", "0"]);
    let client = reqwest::Client::new();

    let created = client
        .post(format!("{}/orders", server.url))
        .json(&serde_json::json!({"item": "pen"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.text().await.unwrap(), "created");

    let wrong = client
        .post(format!("{}/orders", server.url))
        .json(&serde_json::json!({"item": 7}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 500);
    let report: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(report["type"], "request-mismatch");
    assert_eq!(report["mismatches"][0]["type"], "BodyMismatch");
    assert_eq!(report["mismatches"][0]["path"], "$.item");

    assert_eq!(
        reqwest::get(format!("{}/users/42?verbose=true", server.url))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(server.terminate().0, Some(0));
}

#[test]
fn strict_verify_exits_1_naming_the_interactions_never_received() {
    let dir = pact_dir();
    let pact = write(dir.path(), "v4.json", V4_PACT);
    let server = Server::start(&["-f", &pact, "-p", "0", "--strict-verify"]);
    let (code, stderr) = server.terminate();
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("Expected request was not received: 'create an order'"),
        "{stderr}"
    );
}

#[test]
fn an_unreadable_pact_file_is_one_clear_error_line() {
    let dir = pact_dir();
    let pact = write(dir.path(), "broken.json", "{ not a pact");
    let output = AssertCommand::new(BIN)
        .args(["-f", &pact, "-p", "0"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("pact-mock-server: error: "), "{stderr}");
    assert!(
        stderr.contains("broken.json is not a pact file this tool can read"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[test]
fn no_pact_file_is_a_usage_error() {
    let output = AssertCommand::new(BIN)
        .args(["-p", "0"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no pact files given; pass -f FILE or -d DIR"),
        "{stderr}"
    );
}
