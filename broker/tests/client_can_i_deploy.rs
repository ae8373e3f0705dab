//! `pact-broker can-i-deploy` against a fake broker's matrix: the query it sends, the verdict
//! it prints, its exit code, and polling while results are unknown.

mod client_support;

use client_support::{FakeBroker, hal, pact_broker, run};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

fn row(provider_version: Option<&str>, success: Option<bool>) -> Value {
    json!({
        "consumer": { "name": "Foo", "version": { "number": "1.0.0" } },
        "provider": {
            "name": "Bar",
            "version": provider_version.map(|number| json!({ "number": number }))
        },
        "pact": { "createdAt": "2026-01-01T00:00:00Z" },
        "verificationResult": success.map(|success| json!({
            "success": success,
            "verifiedAt": "2026-01-01T00:01:00Z",
            "_links": { "self": { "href": "http://broker/verification-results/7" } }
        }))
    })
}

fn matrix(deployable: Option<bool>, reason: &str, rows: Vec<Value>) -> Value {
    json!({
        "summary": {
            "deployable": deployable,
            "reason": reason,
            "success": rows.iter().filter(|r| r["verificationResult"]["success"] == true).count(),
            "failed": rows.iter().filter(|r| r["verificationResult"]["success"] == false).count(),
            "unknown": rows.iter().filter(|r| r["verificationResult"].is_null()).count()
        },
        "notices": [],
        "matrix": rows
    })
}

fn yes() -> Value {
    matrix(
        Some(true),
        "All required verification results are published and successful",
        vec![row(Some("2.0.0"), Some(true))],
    )
}

fn unknown() -> Value {
    matrix(
        None,
        "There is no verified pact between version 1.0.0 of Foo and a version of Bar currently in production",
        vec![row(None, None)],
    )
}

fn can_i_deploy_foo(broker: &FakeBroker) -> assert_cmd::Command {
    let mut command = pact_broker("can-i-deploy", Some(&broker.uri()));
    command.args([
        "--pacticipant",
        "Foo",
        "--version",
        "1.0.0",
        "--to-environment",
        "production",
    ]);
    command
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deployable_version_says_yes_with_the_matrix_table_and_exits_0() {
    let broker = FakeBroker::start().await;
    broker.on_get("/matrix", hal(yes())).await;

    let outcome = run(can_i_deploy_foo(&broker)).await;

    outcome.assert_code(0);
    assert_eq!(
        broker.request_lines().await,
        vec!["GET /matrix?q[][pacticipant]=Foo&q[][version]=1.0.0&latestby=cvpv&environment=production"]
    );
    assert_eq!(
        outcome.stdout,
        "Computer says yes \\o/\n\
         \n\
         CONSUMER | C.VERSION | PROVIDER | P.VERSION | SUCCESS? | RESULT#\n\
         ---------|-----------|----------|-----------|----------|--------\n\
         Foo      | 1.0.0     | Bar      | 2.0.0     | true     | 1\n\
         \n\
         VERIFICATION RESULTS\n\
         --------------------\n\
         1. http://broker/verification-results/7 (success)\n\
         \n\
         All required verification results are published and successful\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_verification_says_no_and_exits_1() {
    let broker = FakeBroker::start().await;
    let failed = matrix(
        Some(false),
        "The verification for the pact between version 1.0.0 of Foo and the version of Bar currently in production (2.0.0) failed",
        vec![row(Some("2.0.0"), Some(false))],
    );
    broker.on_get("/matrix", hal(failed)).await;

    let outcome = run(can_i_deploy_foo(&broker)).await;

    outcome.assert_code(1);
    assert!(
        outcome.stdout.starts_with("Computer says no ¯\\_(ツ)_/¯\n"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome
            .stdout
            .contains("Foo      | 1.0.0     | Bar      | 2.0.0     | false    | 1"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome
            .stdout
            .contains("1. http://broker/verification-results/7 (failure)"),
        "{}",
        outcome.stdout
    );
    assert!(outcome.stdout.ends_with("(2.0.0) failed\n"), "{}", outcome.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_result_says_no_and_exits_1() {
    let broker = FakeBroker::start().await;
    broker.on_get("/matrix", hal(unknown())).await;

    let outcome = run(can_i_deploy_foo(&broker)).await;

    outcome.assert_code(1);
    assert!(
        outcome.stdout.starts_with("Computer says no ¯\\_(ツ)_/¯\n"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome
            .stdout
            .contains("Foo      | 1.0.0     | Bar      | ???       | ???      |"),
        "{}",
        outcome.stdout
    );
    assert!(!outcome.stdout.contains("VERIFICATION RESULTS"));
}

#[tokio::test(flavor = "multi_thread")]
async fn notices_are_printed_instead_of_the_reason_when_the_broker_sends_them() {
    let broker = FakeBroker::start().await;
    let mut body = yes();
    body["notices"] = json!([
        { "type": "success", "text": "All required verification results are published and successful" },
        { "type": "warning", "text": "WARN: It is recommended to specify the environment" }
    ]);
    broker.on_get("/matrix", hal(body)).await;

    let outcome = run(can_i_deploy_foo(&broker)).await;

    outcome.assert_code(0);
    assert!(
        outcome.stdout.ends_with(
            "All required verification results are published and successful\n\
             WARN: It is recommended to specify the environment\n"
        ),
        "{}",
        outcome.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn it_polls_while_the_result_is_unknown_and_stops_once_known() {
    let broker = FakeBroker::start().await;
    Mock::given(method("GET"))
        .and(path("/matrix"))
        .respond_with(hal(unknown()))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&broker.server)
        .await;
    broker.on_get("/matrix", hal(yes())).await;

    let mut command = can_i_deploy_foo(&broker);
    command.args(["--retry-while-unknown", "5", "--retry-interval", "0"]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(broker.requests().await.len(), 3);
    assert_eq!(
        outcome
            .stderr
            .matches("Waiting for 1 verification result to be published")
            .count(),
        2,
        "{}",
        outcome.stderr
    );
    assert!(outcome.stdout.starts_with("Computer says yes \\o/"));
}

#[tokio::test(flavor = "multi_thread")]
async fn polling_gives_up_after_the_given_number_of_retries() {
    let broker = FakeBroker::start().await;
    broker.on_get("/matrix", hal(unknown())).await;

    let mut command = can_i_deploy_foo(&broker);
    command.args(["--retry-while-unknown", "2", "--retry-interval", "0"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert_eq!(broker.requests().await.len(), 3);
    assert!(outcome.stdout.starts_with("Computer says no"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_definite_no_is_not_polled() {
    let broker = FakeBroker::start().await;
    broker
        .on_get(
            "/matrix",
            hal(matrix(Some(false), "failed", vec![row(Some("2"), Some(false))])),
        )
        .await;

    let mut command = can_i_deploy_foo(&broker);
    command.args(["--retry-while-unknown", "3", "--retry-interval", "0"]);
    run(command).await.assert_code(1);

    assert_eq!(broker.requests().await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn selectors_follow_their_pacticipant_and_ignores_take_a_version() {
    let broker = FakeBroker::start().await;
    broker.on_get("/matrix", hal(yes())).await;

    let mut command = pact_broker("can-i-deploy", Some(&broker.uri()));
    command.args([
        "-a",
        "Foo Web",
        "-e",
        "1.0.0+build/2",
        "--pacticipant",
        "Bar",
        "--latest",
        "main-line",
        "--pacticipant",
        "Baz",
        "--branch",
        "feat/x",
        "--pacticipant",
        "Qux",
        "--main-branch",
        "--ignore",
        "Quux",
        "--version",
        "3",
        "--ignore",
        "Corge",
        "--to",
        "prod",
    ]);
    run(command).await.assert_code(0);

    assert_eq!(
        broker.request_lines().await,
        vec![
            "GET /matrix?q[][pacticipant]=Foo+Web&q[][version]=1.0.0%2Bbuild%2F2\
             &q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=main-line\
             &q[][pacticipant]=Baz&q[][branch]=feat%2Fx\
             &q[][pacticipant]=Qux&q[][mainBranch]=true\
             &ignore[][pacticipant]=Quux&ignore[][version]=3\
             &ignore[][pacticipant]=Corge\
             &tag=prod&latestby=cvpv"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn one_selector_without_an_environment_asks_for_the_latest_by_provider() {
    let broker = FakeBroker::start().await;
    broker.on_get("/matrix", hal(yes())).await;

    let mut command = pact_broker("can-i-deploy", Some(&broker.uri()));
    command.args(["--pacticipant", "Foo", "--latest"]);
    run(command).await.assert_code(0);

    assert_eq!(
        broker.request_lines().await,
        vec!["GET /matrix?q[][pacticipant]=Foo&q[][latest]=true&latestby=cvp&latest=true"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_prints_the_brokers_reply_and_keeps_the_exit_code() {
    let broker = FakeBroker::start().await;
    broker.on_get("/matrix", hal(unknown())).await;

    let mut command = can_i_deploy_foo(&broker);
    command.args(["-o", "json"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    let printed: Value = serde_json::from_str(&outcome.stdout).expect("stdout is JSON");
    assert_eq!(printed, unknown());
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_reports_no_but_exits_0() {
    let broker = FakeBroker::start().await;
    broker.on_get("/matrix", hal(unknown())).await;

    let mut command = can_i_deploy_foo(&broker);
    command.env("PACT_BROKER_CAN_I_DEPLOY_DRY_RUN", "true");
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert!(outcome.stdout.starts_with("Computer says no"));
    assert!(
        outcome
            .stdout
            .ends_with("Dry run enabled, suppressing failing exit code\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_before_any_pacticipant_is_a_usage_error() {
    let broker = FakeBroker::start().await;

    let mut command = pact_broker("can-i-deploy", Some(&broker.uri()));
    command.args(["--version", "1", "--pacticipant", "Foo"]);
    let outcome = run(command).await;

    outcome.assert_code(2);
    assert!(
        outcome
            .stderr
            .contains("--version must come after the --pacticipant it relates to"),
        "{}",
        outcome.stderr
    );
    assert!(broker.requests().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broker_error_is_reported_and_exits_1() {
    let broker = FakeBroker::start().await;
    broker
        .on_get(
            "/matrix",
            ResponseTemplate::new(400).set_body_raw(
                json!({ "errors": { "q": ["Pacticipant Foo not found"] } }).to_string(),
                "application/hal+json",
            ),
        )
        .await;

    let outcome = run(can_i_deploy_foo(&broker)).await;

    outcome.assert_code(1);
    assert!(
        outcome.stderr.contains("q: Pacticipant Foo not found"),
        "{}",
        outcome.stderr
    );
}
