//! Pact shapes written by other Pact implementations, end to end with real processes: each
//! fragment is served by `pact-mock-server -f` (standing in for a provider that answers as the
//! pact says, or as a mutated copy of it says) and verified by `pact-verifier -f`. Where the
//! reference CLI is installed (`$PACT_REFERENCE_CLI`, else `/tmp/peers/venv/bin/pact`), the same
//! fragment is also served by ours and verified by the reference, and served by the reference
//! (`pact stub`) and verified by ours, for the shapes the reference reads (see the README's
//! compatibility section for those it does not).

#![allow(clippy::unwrap_used)]

mod support;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::verifier;

/// The `pact-mock-server` binary of this workspace, built once by this test run (it belongs to
/// `pact-consumer`, so cargo does not build it for `pact-verifier`'s tests on its own).
fn mock_server_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "-p",
                "pact-consumer",
                "--features",
                "cli",
                "--bin",
                "pact-mock-server",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "pact-mock-server builds");
        let dir = Path::new(env!("CARGO_BIN_EXE_pact-verifier")).parent().unwrap();
        dir.join(format!("pact-mock-server{}", std::env::consts::EXE_SUFFIX))
    })
}

/// A server process (ours or the reference's), killed by its PID when dropped.
struct Served {
    child: Child,
    port: u16,
}

impl Served {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Stops the server and returns what it wrote to stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        stderr
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `pact-mock-server -f pact` on a free port, once it says where it listens.
fn serve_with_ours(pact: &Path) -> Served {
    let mut child = Command::new(mock_server_bin())
        .arg("-f")
        .arg(pact)
        .args(["--host", "127.0.0.1", "-p", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pact-mock-server starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://127.0.0.1:"))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    Served { child, port }
}

/// `pact-verifier -f pact` against the server on `port`: the exit code and everything printed.
fn verify_with_ours(pact: &Path, port: u16) -> (Option<i32>, String) {
    let output = verifier()
        .arg("-f")
        .arg(pact)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "--no-colour"])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), text)
}

fn reference_cli() -> Option<PathBuf> {
    let path = std::env::var_os("PACT_REFERENCE_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/peers/venv/bin/pact"));
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "SKIPPED the reference half of a real-world test: no reference CLI at {}",
        path.display()
    );
    assert!(
        !std::env::var("PACT_INTEROP_REQUIRED").is_ok_and(|v| v == "1"),
        "{message}, and PACT_INTEROP_REQUIRED=1"
    );
    eprintln!("\n*** {message} ***\n");
    None
}

/// `pact verifier -f pact` (the reference) against the server on `port`.
fn verify_with_reference(cli: &Path, pact: &Path, port: u16) -> (bool, String) {
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

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `pact stub -f pact` (the reference) on a free port, once it accepts connections.
fn serve_with_reference(cli: &Path, pact: &Path) -> Served {
    let port = free_port();
    let child = Command::new(cli)
        .args(["stub", "-f"])
        .arg(pact)
        .args(["-p", &port.to_string()])
        .env("PACT_DO_NOT_TRACK", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut served = Served { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(exit) = served.child.try_wait().unwrap() {
            let mut stderr = String::new();
            if let Some(mut pipe) = served.child.stderr.take() {
                let _ = pipe.read_to_string(&mut stderr);
            }
            panic!("pact stub exited ({exit}): {stderr}");
        }
        assert!(Instant::now() < deadline, "pact stub did not start listening");
        // Poll the child's readiness at a short interval, up to the deadline.
        std::thread::sleep(Duration::from_millis(20));
    }
    served
}

/// Writes `pact` into a fresh directory (kept for the test's life by the returned guard).
fn fragment(name: &str, pact: &Value) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, serde_json::to_string_pretty(pact).unwrap()).unwrap();
    (dir, path)
}

/// Ours serves and ours verifies; with the reference CLI, ours serves and the reference
/// verifies, and the reference serves and ours verifies.
fn assert_verifies_both_ways(pact: &Path, with_reference: bool) {
    let served = serve_with_ours(pact);
    let (code, text) = verify_with_ours(pact, served.port);
    assert_eq!(code, Some(0), "ours verifying ours:\n{text}");
    if !with_reference {
        return;
    }
    let Some(cli) = reference_cli() else { return };
    let (passed, text) = verify_with_reference(&cli, pact, served.port);
    assert!(passed, "the reference verifying ours:\n{text}");
    drop(served);
    let stub = serve_with_reference(&cli, pact);
    let (code, text) = verify_with_ours(pact, stub.port);
    assert_eq!(code, Some(0), "ours verifying the reference stub:\n{text}");
}

fn pact_of(consumer: &str, provider: &str, version: &str, interactions: Value) -> Value {
    json!({"consumer": {"name": consumer}, "provider": {"name": provider}, "interactions": interactions,
        "metadata": {"pactSpecification": {"version": version}}})
}

// Point 1: regexes from other engines.
#[tokio::test]
async fn look_arounds_back_references_and_literal_braces_serve_and_verify() {
    let pact = pact_of(
        "Web",
        "Dates",
        "3.0.0",
        json!([
            {"description": "a date", "request": {"method": "GET", "path": "/dates/7",
                "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "^/dates/(?!0)\\d+$"}]}}},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                "body": {"date": "2024-05-17"},
                "matchingRules": {"body": {"$.date": {"matchers": [{"match": "regex",
                    "regex": "^(\\d{4})(-?)(\\d{2})\\2(\\d{2})$"}]}}}}},
            {"description": "a link", "request": {"method": "GET", "path": "/links"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                "body": {"href": "http://broker/pacts/{pacticipant}/branches/{branch}"},
                "matchingRules": {"body": {"$.href": {"matchers": [{"match": "regex",
                    "regex": "http:\\/\\/.*{pacticipant}.*{branch}"}]}}}}}
        ]),
    );
    let (_dir, path) = fragment("dialects.json", &pact);
    let served = serve_with_ours(&path);
    let client = reqwest::Client::new();
    let ok = client.get(served.url("/dates/42")).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let leading_zero = client.get(served.url("/dates/042")).send().await.unwrap();
    assert_eq!(
        leading_zero.status(),
        500,
        "the look-ahead rejects a leading zero"
    );
    drop(served);
    assert_verifies_both_ways(&path, true);
}

// Point 2: one bad part fails one interaction.
#[tokio::test]
async fn an_unusable_interaction_fails_alone_in_the_mock_server_and_the_verifier() {
    let pact = pact_of(
        "Web",
        "Things",
        "3.0.0",
        json!([
            {"description": "a good one", "request": {"method": "GET", "path": "/good"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": {"ok": true}}},
            {"description": "a bad one", "request": {"method": "GET", "path": "/bad"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": {"id": "x"},
                "matchingRules": {"body": {"$.id": {"matchers": [{"match": "regex", "regex": "(unclosed"}]}}}}}
        ]),
    );
    let (_dir, path) = fragment("one-bad.json", &pact);
    let served = serve_with_ours(&path);
    let client = reqwest::Client::new();
    let good = client.get(served.url("/good")).send().await.unwrap();
    assert_eq!(good.status(), 200);
    let bad = client.get(served.url("/bad")).send().await.unwrap();
    assert_eq!(bad.status(), 500);
    assert_eq!(bad.headers()["x-pact-mismatch"], "interaction-unusable");
    let report: Value = bad.json().await.unwrap();
    assert_eq!(report["interaction"], "a bad one");
    assert_eq!(
        report["problems"][0]["path"],
        "$.interactions[1].response.matchingRules.body['$.id'].matchers[0].regex"
    );

    let (code, text) = verify_with_ours(&path, served.port);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("a bad one"), "{text}");
    assert!(
        text.contains("$.interactions[1].response.matchingRules.body['$.id'].matchers[0].regex"),
        "{text}"
    );
    assert!(
        text.contains("invalid regular expression \"(unclosed\""),
        "{text}"
    );
    assert!(text.contains("1 passed, 1 failed"), "{text}");
    let stderr = served.stop();
    assert!(
        stderr.contains("warning: interaction 'a bad one'"),
        "the mock server names the unusable interaction at start: {stderr}"
    );
}

// Point 3: quoted names in path expressions.
#[tokio::test]
async fn quoted_path_expressions_serve_and_verify() {
    let interaction = |body_rules: Value, body: Value| {
        json!([{"description": "a form post", "request": {"method": "POST", "path": "/orders",
                "query": {"orders[]": ["17"]},
                "matchingRules": {"query": {"orders[]": {"matchers": [{"match": "regex", "regex": "^\\d+$"}]}}}},
            "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                "body": body, "matchingRules": {"body": body_rules}}}])
    };
    let ours_only = pact_of(
        "Shop",
        "Orders",
        "3.0.0",
        interaction(
            json!({"$['a.b']": {"matchers": [{"match": "integer"}]},
                   "$[\"list[]\"]": {"matchers": [{"match": "type", "min": 1}]},
                   "$['it''s']": {"matchers": [{"match": "type"}]}}),
            json!({"a.b": 1, "list[]": ["x"], "it's": "yes"}),
        ),
    );
    let (_dir, path) = fragment("paths.json", &ours_only);
    let served = serve_with_ours(&path);
    let client = reqwest::Client::new();
    let ok = client
        .post(served.url("/orders?orders%5B%5D=5"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let bad = client
        .post(served.url("/orders?orders%5B%5D=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 500);
    drop(served);
    assert_verifies_both_ways(&path, false);

    // The reference reads brackets and dots inside quotes, not doubled quotes.
    let shared = pact_of(
        "Shop",
        "Orders",
        "3.0.0",
        interaction(
            json!({"$['a.b']": {"matchers": [{"match": "integer"}]},
                   "$['list[]']": {"matchers": [{"match": "type", "min": 1}]}}),
            json!({"a.b": 1, "list[]": ["x"]}),
        ),
    );
    let (_dir, path) = fragment("paths-shared.json", &shared);
    assert_verifies_both_ways(&path, true);
}

// Point 4: a generated status written as 0.
#[tokio::test]
async fn a_status_written_as_zero_is_generated_by_the_mock_server() {
    let pact = json!({"consumer": {"name": "PhpWeb"}, "provider": {"name": "Teapots"},
        "interactions": [{"type": "Synchronous/HTTP", "description": "a random client error",
            "request": {"method": "GET", "path": "/teapot"},
            "response": {"status": 0,
                "matchingRules": {"status": {"combine": "AND", "matchers": [{"match": "statusCode", "status": "clientError"}]}},
                "generators": {"status": {"type": "RandomInt", "min": 400, "max": 499}}}}],
        "metadata": {"pactSpecification": {"version": "4.0"}}});
    let (_dir, path) = fragment("status0.json", &pact);
    let served = serve_with_ours(&path);
    let client = reqwest::Client::new();
    for _ in 0..5 {
        let answer = client.get(served.url("/teapot")).send().await.unwrap();
        assert!(
            answer.status().is_client_error(),
            "generated status {}",
            answer.status()
        );
    }
    drop(served);
    assert_verifies_both_ways(&path, true);
}

// Point 5: pact-ruby's serialised matchers.
#[tokio::test]
async fn pact_ruby_serialised_matchers_match_and_generate_as_ruby_meant() {
    let term = |generate: &str, regex: &str| {
        json!({"json_class": "Pact::Term", "data": {"generate": generate,
            "matcher": {"json_class": "Regexp", "o": 0, "s": regex}}})
    };
    let pact = pact_of(
        "RubyWeb",
        "Animals",
        "1.0.0",
        json!([{"description": "an alligator",
            "request": {"method": "get", "path": term("/alligators/Mary", "^/alligators/\\w+$"),
                "headers": {"Accept": term("application/json", "json")}},
            "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                "body": {"name": {"json_class": "Pact::SomethingLike", "contents": "Mary"},
                         "tags": {"json_class": "Pact::ArrayLike", "contents": term("green", "^[a-z]+$"), "min": 2}}}}]),
    );
    let (_dir, path) = fragment("ruby.json", &pact);
    let served = serve_with_ours(&path);
    let client = reqwest::Client::new();
    let answer = client
        .get(served.url("/alligators/Bob"))
        .header("Accept", "application/hal+json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.json::<Value>().await.unwrap(),
        json!({"name": "Mary", "tags": ["green", "green"]})
    );
    let wrong = client
        .get(served.url("/alligators/Bob"))
        .header("Accept", "text/plain")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 500, "the Accept term searches for 'json'");
    drop(served);
    // The reference compares these objects as literal JSON, so only ours serves and verifies.
    assert_verifies_both_ways(&path, false);
}

// Issue 20 point 1: an unknown rule never passes what it did not check.
#[tokio::test]
async fn a_changed_value_under_a_pact_jvm_value_rule_fails_verification() {
    let charge = |transaction_id: Value, metadata: Value| {
        json!({"consumer": {"name": "PayFrontend"}, "provider": {"name": "Connector"},
            "interactions": [{"description": "a charge", "request": {"method": "GET", "path": "/charges/1"},
                "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                    "body": {"transaction_id": transaction_id},
                    "matchingRules": {"body": {"$.transaction_id": {"matchers": [{"match": "value"}]}}}}}],
            "metadata": metadata})
    };
    let jvm = json!({"pactSpecification": {"version": "3.0.0"}, "pact-jvm": {"version": "3.5.24"}});
    let (_dir, pact) = fragment("jvm.json", &charge(json!("abc123"), jvm.clone()));

    // The provider answering as the pact says passes.
    let honest = serve_with_ours(&pact);
    let (code, text) = verify_with_ours(&pact, honest.port);
    assert_eq!(code, Some(0), "{text}");
    drop(honest);

    // pact-jvm reads "value" as equality: another string, or a number, fails.
    for changed in [json!("zzz999"), json!(123)] {
        let (_dir, mutated) = fragment("mutated.json", &charge(changed.clone(), jvm.clone()));
        let provider = serve_with_ours(&mutated);
        let (code, text) = verify_with_ours(&pact, provider.port);
        assert_eq!(code, Some(1), "a provider answering {changed} must fail:\n{text}");
        assert!(text.contains("$.transaction_id"), "{text}");
    }

    // From a writer that did not document what it meant, the interaction fails, named.
    let other = json!({"pactSpecification": {"version": "3.0.0"}});
    let (_dir, unknown) = fragment("unknown.json", &charge(json!("abc123"), other));
    let provider = serve_with_ours(&pact);
    let (code, text) = verify_with_ours(&unknown, provider.port);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("a charge"), "{text}");
    assert!(
        text.contains(
            "$.interactions[0].response.matchingRules.body['$.transaction_id'].matchers[0].match: the matcher \"value\" is not supported"
        ),
        "{text}"
    );
    drop(provider);
    let mock = serve_with_ours(&unknown);
    let answer = reqwest::get(mock.url("/charges/1")).await.unwrap();
    assert_eq!(answer.status(), 500, "the mock server applies the same decision");
    assert_eq!(answer.headers()["x-pact-mismatch"], "interaction-unusable");
}
