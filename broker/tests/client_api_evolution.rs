//! `pact-broker openapi-diff` and `pact-broker field-usage` as processes: on files alone, and
//! against `pact-broker serve` on 127.0.0.1 with a temporary SQLite file.
#![allow(clippy::unwrap_used)]

mod client_support;

use assert_cmd::Command;
use client_support::{pact_broker, run, start_server};
use serde_json::{Value, json};

fn spec_path(case: &str, side: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pact-openapi/tests/fixtures/diff")
        .join(case)
        .join(format!("{side}.yaml"))
        .display()
        .to_string()
}

/// The binary with no broker settings from the environment.
fn command(subcommand: &str) -> Command {
    let mut command = Command::cargo_bin("pact-broker").unwrap();
    for variable in [
        "PACT_BROKER_BASE_URL",
        "PACT_BROKER_USERNAME",
        "PACT_BROKER_PASSWORD",
        "PACT_BROKER_TOKEN",
    ] {
        command.env_remove(variable);
    }
    command.arg(subcommand);
    command
}

#[tokio::test]
async fn openapi_diff_prints_each_change_and_exits_1_when_one_breaks() {
    let mut diff = command("openapi-diff");
    diff.arg(spec_path("response-property-renamed", "old"))
        .arg(spec_path("response-property-renamed", "new"));
    let outcome = run(diff).await;
    outcome.assert_code(1);
    assert!(
        outcome.stdout.contains(
            "breaking: GET /users/{id} response 200 application/json $.email: property 'email' was removed (property-removed)\n"
        ),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.ends_with("2 breaking, 2 non-breaking change(s)\n"),
        "{}",
        outcome.stdout
    );

    let mut same = command("openapi-diff");
    same.arg(spec_path("path-added", "old"))
        .arg(spec_path("path-added", "new"));
    let outcome = run(same).await;
    outcome.assert_code(0);
    assert_eq!(
        outcome.stdout,
        "non-breaking: /health: path /health was added (path-added)\n0 breaking, 1 non-breaking change(s)\n"
    );
}

#[tokio::test]
async fn openapi_diff_writes_json_with_output_json() {
    let mut diff = command("openapi-diff");
    diff.arg(spec_path("request-enum-narrowed", "old"))
        .arg(spec_path("request-enum-narrowed", "new"))
        .args(["--output", "json"]);
    let outcome = run(diff).await;
    outcome.assert_code(1);
    let json: Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(json["breaking"], true);
    assert_eq!(json["changes"][0]["rule"], "enum-narrowed");
    assert_eq!(json["changes"][0]["jsonPath"], "$.role");
}

#[tokio::test]
async fn openapi_diff_names_an_unreadable_or_invalid_document() {
    let mut missing = command("openapi-diff");
    missing
        .arg("/nonexistent/old.yaml")
        .arg(spec_path("no-change", "new"));
    let outcome = run(missing).await;
    outcome.assert_code(2);
    assert!(
        outcome
            .stderr
            .starts_with("error: cannot read /nonexistent/old.yaml: "),
        "{}",
        outcome.stderr
    );

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "swagger: '2.0'\n").unwrap();
    let mut invalid = command("openapi-diff");
    invalid.arg(&bad).arg(spec_path("no-change", "new"));
    let outcome = run(invalid).await;
    outcome.assert_code(2);
    assert!(
        outcome.stderr.contains("is not a usable OpenAPI document"),
        "{}",
        outcome.stderr
    );

    let mut no_broker = command("openapi-diff");
    no_broker
        .arg(spec_path("no-change", "old"))
        .arg(spec_path("no-change", "new"))
        .args(["--provider", "UserService"]);
    let outcome = run(no_broker).await;
    outcome.assert_code(2);
    assert!(
        outcome.stderr.contains("--provider needs a broker"),
        "{}",
        outcome.stderr
    );
}

fn order_service_pact() -> String {
    json!({
        "consumer": {"name": "OrderService"}, "provider": {"name": "UserService"},
        "interactions": [{"description": "a request for user 42",
            "request": {"method": "GET", "path": "/users/42"},
            "response": {"status": 200, "body": {"id": 42, "email": "alice@example.com"},
                "matchingRules": {"body": {"$.email": {"matchers": [{"match": "regex", "regex": "^\\S+@\\S+$"}]}}}}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
    .to_string()
}

#[tokio::test]
async fn against_a_broker_the_diff_names_the_consumers_and_field_usage_lists_them() {
    let server = start_server();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("OrderService-UserService.json"),
        order_service_pact(),
    )
    .unwrap();
    let mut publish = pact_broker("publish", Some(&server.url));
    publish.arg(dir.path()).args(["-a", "1.0.0", "--branch", "main"]);
    run(publish).await.assert_code(0);

    let mut diff = command("openapi-diff");
    diff.arg(spec_path("response-property-renamed", "old"))
        .arg(spec_path("response-property-renamed", "new"))
        .args(["--provider", "UserService", "-b", &server.url]);
    let outcome = run(diff).await;
    outcome.assert_code(1);
    assert!(
        outcome.stdout.contains(
            "property 'email' was removed (property-removed)\n  relied on by OrderService 1.0.0: interaction 'a request for user 42', response body $.email (regex '^\\S+@\\S+$')\n"
        ),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.ends_with("breaks OrderService\n"),
        "{}",
        outcome.stdout
    );

    // A breaking change OrderService does not rely on: exit 0, safe for today's consumers.
    let mut safe = command("openapi-diff");
    safe.arg(spec_path("response-enum-widened", "old"))
        .arg(spec_path("response-enum-widened", "new"))
        .args(["--provider", "UserService", "-b", &server.url]);
    let outcome = run(safe).await;
    outcome.assert_code(0);
    assert!(
        outcome
            .stdout
            .contains("  safe for today's consumers: no consumer relies on it\n"),
        "{}",
        outcome.stdout
    );

    let mut usage = command("field-usage");
    usage.args([
        "--provider",
        "UserService",
        "--path",
        "/users/{id}",
        "--field",
        "$.email",
        "-b",
        &server.url,
    ]);
    let outcome = run(usage).await;
    outcome.assert_code(0);
    assert_eq!(
        outcome.stdout,
        "GET /users/42 200 response body $.email\n  OrderService 1.0.0: 'a request for user 42' (regex '^\\S+@\\S+$')\n"
    );

    let mut json_usage = command("field-usage");
    json_usage.args(["--provider", "UserService", "--output", "json", "-b", &server.url]);
    let outcome = run(json_usage).await;
    outcome.assert_code(0);
    let body: Value = serde_json::from_str(&outcome.stdout).unwrap();
    assert_eq!(body["fields"].as_array().unwrap().len(), 2);

    let mut unknown = command("field-usage");
    unknown.args(["--provider", "Nobody", "-b", &server.url]);
    let outcome = run(unknown).await;
    outcome.assert_code(2);
    assert!(outcome.stderr.starts_with("error: "), "{}", outcome.stderr);
}
