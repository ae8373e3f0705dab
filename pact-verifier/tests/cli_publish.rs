//! `pact-verifier --publish` talks to the broker through the shared broker client, so it rides
//! out a broker that is briefly unavailable exactly as `pact-broker publish` does.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{Value, json};
use support::{TestProvider, stdout, verifier};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PACT_PATH: &str = "/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa";

fn hal(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/hal+json")
}

async fn run(mut cmd: assert_cmd::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

/// A broker serving one pact whose `pb:publish-verification-results` answers 503 `failures`
/// times before it takes the result.
async fn broker_failing_to_take_results(failures: u64) -> MockServer {
    let broker = MockServer::start().await;
    let base = broker.uri();
    Mock::given(method("GET"))
        .and(path(PACT_PATH))
        .respond_with(hal(json!({
            "consumer": {"name": "OrderWeb"}, "provider": {"name": "UserService"},
            "interactions": [{"description": "a health check", "request": {"method": "GET", "path": "/health"},
                              "response": {"status": 200}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}},
            "_links": {
                "pb:publish-verification-results": {"href": format!("{base}{PACT_PATH}/verification-results")}
            }
        })))
        .mount(&broker)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{PACT_PATH}/verification-results")))
        .respond_with(ResponseTemplate::new(503).set_body_string("restarting"))
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(&broker)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{PACT_PATH}/verification-results")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"success": true})))
        .with_priority(5)
        .mount(&broker)
        .await;
    broker
}

async fn posts(broker: &MockServer) -> usize {
    broker
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count()
}

fn publish_command(broker: &MockServer, provider: &TestProvider) -> assert_cmd::Command {
    let mut cmd = verifier();
    cmd.args(["--url", &format!("{}{PACT_PATH}", broker.uri())])
        .args(["-n", "UserService", "-h", "127.0.0.1"])
        .args(["-p", &provider.port.to_string(), "--no-colour"])
        .args(["--publish", "--provider-version", "1.2.3"]);
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_results_retries_a_broker_answering_503_then_201() {
    let provider = TestProvider::start();
    let broker = broker_failing_to_take_results(1).await;
    let output = run(publish_command(&broker, &provider)).await;
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Verification results published to the Pact Broker."),
        "{text}"
    );
    assert_eq!(posts(&broker).await, 2, "one 503, then the result is taken");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_gives_up_after_the_configured_retries_and_says_why() {
    let provider = TestProvider::start();
    let broker = broker_failing_to_take_results(10).await;
    let mut cmd = publish_command(&broker, &provider);
    cmd.args(["--retries", "1"]);
    let output = run(cmd).await;
    let text = stdout(&output);
    assert!(text.contains("Results not published:"), "{text}");
    assert!(text.contains("answered HTTP 503: restarting"), "{text}");
    assert_eq!(posts(&broker).await, 2, "the first try and one retry");
}
