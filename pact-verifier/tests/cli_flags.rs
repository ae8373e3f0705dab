//! The reference verifier's flags that our `pact-verifier` gained for issue 16, driven as a real
//! process: `--exit-on-first-error`, `--last-failed`, `--html`, `--xslt`, `--retries`,
//! `--webhook-callback-url`, `--transports`, the logging flags, and state-change retries.

#![allow(clippy::unwrap_used)]

mod support;
mod tls_support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use support::{TestProvider, stdout, verifier};
use tls_support::TlsProvider;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, serde_json::to_string_pretty(value).unwrap()).unwrap();
    file
}

/// One passing and two failing interactions (against a provider that knows user 42).
fn pact_with_two_failures() -> Value {
    json!({
        "consumer": {"name": "OrderWeb"}, "provider": {"name": "UserService"},
        "interactions": [
            {"description": "a user whose name is a number",
             "request": {"method": "GET", "path": "/users/42"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": {"id": 42, "name": 12345}}},
            {"description": "a health check that creates something",
             "request": {"method": "GET", "path": "/health"},
             "response": {"status": 201}},
            {"description": "a request for user 42",
             "request": {"method": "GET", "path": "/users/42"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": {"id": 42, "name": "Alice"}}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

fn provider_with_user_42() -> TestProvider {
    let provider = TestProvider::start();
    provider.db.insert_user(42, "Alice");
    provider
}

fn count(requests: &[String], line: &str) -> usize {
    requests.iter().filter(|r| r.as_str() == line).count()
}

#[test]
fn exit_on_first_error_stops_at_the_first_failed_interaction() {
    let dir = tempfile::tempdir().unwrap();
    let pact = write_json(dir.path(), "pact.json", &pact_with_two_failures());
    let provider = provider_with_user_42();
    let port = provider.port.to_string();

    let all = verifier()
        .arg("-f")
        .arg(&pact)
        .args(["-h", "127.0.0.1", "-p", &port, "--no-colour"])
        .output()
        .unwrap();
    let text = stdout(&all);
    assert_eq!(all.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Summary: 3 interactions verified for 1 pact: 1 passed, 2 failed"),
        "{text}"
    );

    let first = verifier()
        .arg("-f")
        .arg(&pact)
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "--no-colour",
            "--exit-on-first-error",
        ])
        .output()
        .unwrap();
    let text = stdout(&first);
    assert_eq!(first.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Summary: 1 interaction verified for 1 pact: 0 passed, 1 failed"),
        "{text}"
    );
    assert!(!text.contains("a health check that creates something"), "{text}");
    // 3 requests in the first run, 1 in the second.
    assert_eq!(provider.db.requests().len(), 4, "{:?}", provider.db.requests());
}

#[test]
fn last_failed_reruns_only_what_failed_in_the_previous_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let pact = write_json(dir.path(), "pact.json", &pact_with_two_failures());
    let report = dir.path().join("report.json");
    let provider = provider_with_user_42();
    let port = provider.port.to_string();
    let run = |extra: &[&str]| {
        verifier()
            .arg("-f")
            .arg(&pact)
            .args(["-h", "127.0.0.1", "-p", &port, "--no-colour", "--json"])
            .arg(&report)
            .args(extra)
            .output()
            .unwrap()
    };

    // No previous report yet: everything is verified, with a warning.
    let first = run(&["--last-failed"]);
    assert_eq!(first.status.code(), Some(1), "{}", stdout(&first));
    assert!(
        stderr(&first).contains("no previous JSON report"),
        "{}",
        stderr(&first)
    );
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let results = written["interactionResults"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{written}");
    assert_eq!(
        results[2],
        json!({"description": "a request for user 42", "duration": results[2]["duration"], "result": "OK"})
    );
    assert_eq!(count(&provider.db.requests(), "GET /users/42?"), 2);

    let second = run(&["--last-failed"]);
    let text = stdout(&second);
    assert_eq!(second.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Summary: 2 interactions verified for 1 pact: 0 passed, 2 failed"),
        "{text}"
    );
    assert!(
        !text.contains("a request for user 42"),
        "the passing interaction is not re-run: {text}"
    );
    assert_eq!(count(&provider.db.requests(), "GET /users/42?"), 3);

    // The reference verifier's report names failures by description only; it is understood too.
    write_json(
        dir.path(),
        "report.json",
        &json!({"result": false, "interactionResults": [
            {"description": "a health check that creates something", "duration": "3ms", "result": "Error"},
            {"description": "a request for user 42", "duration": "3ms", "result": "OK"}
        ]}),
    );
    let third = run(&["--last-failed"]);
    let text = stdout(&third);
    assert!(
        text.contains("Summary: 1 interaction verified for 1 pact: 0 passed, 1 failed"),
        "{text}"
    );
    assert!(text.contains("a health check that creates something"), "{text}");

    // --last-failed needs --json, as the reference says.
    let without_json = verifier()
        .arg("-f")
        .arg(&pact)
        .arg("--last-failed")
        .output()
        .unwrap();
    assert_eq!(without_json.status.code(), Some(2), "{}", stderr(&without_json));
}

#[test]
fn html_writes_one_self_contained_page_with_states_mismatches_and_the_body_diff() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let provider = TestProvider::start();
    let output = verifier()
        .arg("-f")
        .arg(support::fixture("v3-OrderWeb-UserService.json"))
        .arg("-f")
        .arg(support::fixture("v3-failing-OrderWeb-UserService.json"))
        .args(["-h", "127.0.0.1", "-p", &provider.port.to_string(), "--no-colour"])
        .args(["-s", &format!("{}/_pact/state", provider.url)])
        .env("PACT_VERIFIER_HTML_REPORT", &html)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    for expected in [
        "Verification FAILED",
        "Pact verification of provider",
        "a request for user 42 as a number",
        "Given <code>user 42 exists</code> with <code>{&quot;id&quot;:42}</code>",
        "has a matching body",
        "$.name",
        "<span class=\"del\">-   &quot;name&quot;: 12345</span>",
        "<span class=\"ins\">+   &quot;name&quot;: &quot;Alice&quot;</span>",
        "<details class=\"interaction failed\" open>",
        "<details class=\"interaction passed\">",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }
    for external in ["src=", "href=", "@import", "url(", "<script"] {
        assert!(
            !page.contains(external),
            "the page loads nothing from elsewhere: {external}"
        );
    }
}

#[test]
fn xslt_is_refused_with_the_reason() {
    let output = verifier()
        .args(["-f", "pact.json", "--html", "out.html", "--xslt", "style.xslt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("--xslt is not supported"), "{text}");
    assert!(text.contains("self-contained"), "{text}");
}

fn hal(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/hal+json")
}

/// A pact document as the broker serves it, with its publish link.
fn broker_pact(base: &str) -> Value {
    json!({
        "consumer": {"name": "OrderWeb"}, "provider": {"name": "UserService"},
        "interactions": [{"description": "a health check", "request": {"method": "GET", "path": "/health"},
                          "response": {"status": 200}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
        "_links": {
            "pb:provider": {"href": format!("{base}/pacticipants/UserService")},
            "pb:publish-verification-results": {"href": format!("{base}/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa/verification-results")}
        }
    })
}

/// A broker whose index answers 503 `failures` times before it works.
async fn flaky_broker(failures: u64) -> MockServer {
    let broker = MockServer::start().await;
    let base = broker.uri();
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(503).set_body_string("warming up"))
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(&broker)
        .await;
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(hal(json!({"_links": {
            "pb:latest-provider-pacts": {"href": format!("{base}/pacts/provider/{{provider}}/latest"), "templated": true}
        }})))
        .with_priority(5)
        .mount(&broker)
        .await;
    // The list answers 429 once, asking for a 1 s wait.
    Mock::given(method("GET"))
        .and(path("/pacts/provider/UserService/latest"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&broker)
        .await;
    Mock::given(method("GET"))
        .and(path("/pacts/provider/UserService/latest"))
        .respond_with(hal(json!({"_links": {"pb:pacts": [
            {"href": format!("{base}/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa")}
        ]}})))
        .with_priority(5)
        .mount(&broker)
        .await;
    Mock::given(method("GET"))
        .and(path(
            "/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa",
        ))
        .respond_with(hal(broker_pact(&base)))
        .mount(&broker)
        .await;
    broker
}

async fn requests_to(broker: &MockServer, verb: &str, path_is: &str) -> usize {
    broker
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == path_is)
        .count()
}

async fn run(mut cmd: assert_cmd::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_ride_out_5xx_and_429_answers_of_the_broker() {
    let provider = TestProvider::start();
    let broker = flaky_broker(2).await;
    let mut cmd = verifier();
    cmd.args(["-b", &broker.uri(), "-n", "UserService", "-h", "127.0.0.1"])
        .args(["-p", &provider.port.to_string(), "--no-colour"])
        .env("PACT_BROKER_HTTP_RETRIES", "2");
    let output = run(cmd).await;
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}\n{}", stderr(&output));
    assert!(text.contains("Verification PASSED"), "{text}");
    assert_eq!(
        requests_to(&broker, "GET", "/").await,
        3,
        "two 503s, then the index"
    );
    assert_eq!(
        requests_to(&broker, "GET", "/pacts/provider/UserService/latest").await,
        2
    );

    // One retry is not enough for two failures: the broker's answer is reported.
    let broker = flaky_broker(2).await;
    let mut cmd = verifier();
    cmd.args([
        "-b",
        &broker.uri(),
        "-n",
        "UserService",
        "--no-colour",
        "--retries",
        "1",
    ]);
    let output = run(cmd).await;
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("answered HTTP 503: warming up"), "{text}");
    assert_eq!(requests_to(&broker, "GET", "/").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_callback_url_verifies_that_pact_and_publishes_its_results() {
    let provider = TestProvider::start();
    let broker = MockServer::start().await;
    let base = broker.uri();
    let pact_url = format!("{base}/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa");
    Mock::given(method("GET"))
        .and(path(
            "/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa",
        ))
        .respond_with(hal(broker_pact(&base)))
        .mount(&broker)
        .await;
    Mock::given(method("POST"))
        .and(path(
            "/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa/verification-results",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(&broker)
        .await;
    let mut cmd = verifier();
    cmd.args(["-b", &base, "-n", "UserService", "-h", "127.0.0.1"])
        .args(["-p", &provider.port.to_string(), "--no-colour"])
        .args(["--webhook-callback-url", &pact_url])
        .args(["--publish", "--provider-version", "1.2.3"]);
    let output = run(cmd).await;
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Verification results published to the Pact Broker."),
        "{text}"
    );
    let published: Vec<Value> = broker
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(published.len(), 1, "{published:?}");
    assert_eq!(published[0]["providerApplicationVersion"], "1.2.3");
    assert_eq!(published[0]["success"], true);
    assert_eq!(
        requests_to(&broker, "GET", "/").await,
        0,
        "the broker's own selection is not asked for"
    );

    // As the reference says: it requires the broker URL.
    let mut cmd = verifier();
    cmd.args(["--webhook-callback-url", &pact_url]);
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--broker-url"), "{}", stderr(&output));
}

fn v4_pact_with_transports() -> Value {
    json!({
        "consumer": {"name": "OrderWeb"}, "provider": {"name": "UserService"},
        "interactions": [
            {"type": "Synchronous/HTTP", "description": "a health check over https", "transport": "https",
             "request": {"method": "GET", "path": "/health"},
             "response": {"status": 200, "body": {"contentType": "text/plain", "encoded": false, "content": "ok"}}},
            {"type": "Synchronous/HTTP", "description": "a request for user 42 over http", "transport": "http",
             "request": {"method": "GET", "path": "/users/42"},
             "response": {"status": 200, "body": {"contentType": "application/json", "encoded": false, "content": {"id": 42, "name": "Alice"}}}}
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
}

#[test]
fn transports_send_each_v4_interaction_to_its_transport_https_included() {
    let dir = tempfile::tempdir().unwrap();
    let pact = write_json(dir.path(), "v4.json", &v4_pact_with_transports());
    let http = provider_with_user_42();
    let https = TlsProvider::start();
    let transports = [format!("http:{}", http.port), format!("https:{}", https.port)];

    let output = verifier()
        .arg("-f")
        .arg(&pact)
        .args([
            "-h",
            "127.0.0.1",
            "--no-colour",
            "--disable-ssl-verification",
            "--transports",
        ])
        .args(&transports)
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert_eq!(https.paths(), ["/health"]);
    assert_eq!(http.db.requests(), ["GET /users/42?"]);

    // The self-signed certificate is refused without --disable-ssl-verification.
    let output = verifier()
        .arg("-f")
        .arg(&pact)
        .args(["-h", "127.0.0.1", "--no-colour", "--transports"])
        .args(&transports)
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("a health check over https"), "{text}");
    assert!(text.to_lowercase().contains("certificate"), "{text}");

    let output = verifier()
        .args(["-f", "x.json", "--transports", "grpc:5555"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("transport 'grpc' is not supported"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn logging_flags_choose_the_level_and_the_format() {
    let provider = TestProvider::start();
    let base = |extra: &[&str]| {
        verifier()
            .arg("-f")
            .arg(support::fixture("v3-OrderWeb-UserService.json"))
            .args(["-h", "127.0.0.1", "-p", &provider.port.to_string(), "--no-colour"])
            .args(["--filter-description", "health"])
            .args(extra)
            .output()
            .unwrap()
    };
    let full = stderr(&base(&["--log-level", "debug", "--full-log"]));
    assert!(full.contains("DEBUG"), "{full}");
    assert!(
        full.lines()
            .any(|l| l.contains("DEBUG") && l.contains("verifying interaction")),
        "{full}"
    );

    let compact = stderr(&base(&["--log-level", "debug", "--compact-log"]));
    assert!(
        compact
            .lines()
            .any(|l| l.contains("DEBUG") && l.contains("verifying interaction")),
        "{compact}"
    );

    let pretty = stderr(&base(&["--log-level", "debug", "--pretty-log"]));
    // The pretty format spreads an event over several lines, with its source location.
    assert!(
        pretty.lines().any(|l| l.trim_start().starts_with("at ")),
        "{pretty}"
    );
    assert!(pretty.lines().count() > full.lines().count(), "{pretty}");

    // -l/--loglevel wins over --log-level; none is silent.
    let quiet = stderr(&base(&["--log-level", "debug", "-l", "none"]));
    assert!(!quiet.contains("DEBUG"), "{quiet}");
    let output = base(&["--pretty-log", "--compact-log"]);
    assert_eq!(output.status.code(), Some(2), "the formats exclude each other");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_change_calls_are_retried_as_the_reference_does() {
    let provider = provider_with_user_42();
    let states = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&states)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .with_priority(5)
        .mount(&states)
        .await;
    let mut cmd = verifier();
    cmd.arg("-f")
        .arg(support::fixture("v3-OrderWeb-UserService.json"))
        .args(["-h", "127.0.0.1", "-p", &provider.port.to_string(), "--no-colour"])
        .args([
            "--filter-description",
            "user 42",
            "-s",
            &format!("{}/state", states.uri()),
        ]);
    let output = run(cmd).await;
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let calls = states.received_requests().await.unwrap_or_default().len();
    assert_eq!(calls, 3, "two 503s, then the set-up");
}
