//! The `pact-verifier` binary: flags, exit codes and report files, against a real provider.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use support::{TestProvider, fixture, stdout, verifier};

#[test]
fn a_matching_provider_exits_0_and_is_really_called() {
    let provider = TestProvider::start();
    let output = verifier()
        .args(["-f"])
        .arg(fixture("v3-OrderWeb-UserService.json"))
        .args(["-h", "127.0.0.1", "-p", &provider.port.to_string(), "--no-colour"])
        .args([
            "-s",
            &format!("{}/_pact/state", provider.url),
            "--state-change-teardown",
        ])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(!text.contains('\x1b'), "no colour with --no-colour");
    assert!(text.contains("Verification PASSED"), "{text}");
    let requests = provider.db.requests();
    assert!(requests.contains(&"GET /health".to_string()), "{requests:?}");
    assert!(requests.contains(&"GET /users/42?".to_string()), "{requests:?}");
    // The state-change URL is called for interactions without state too (empty name), as the reference does.
    let changes = provider.db.state_changes();
    assert!(
        changes.iter().any(|c| c["state"] == "" && c["action"] == "setup"),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c["state"] == "user 42 exists" && c["action"] == "teardown"),
        "{changes:?}"
    );
}

#[test]
fn a_failing_interaction_exits_1_with_the_failure_in_words() {
    let provider = TestProvider::start();
    let output = verifier()
        .arg("-f")
        .arg(fixture("v3-OrderWeb-UserService.json"))
        .args(["-h", "127.0.0.1", "-p", &provider.port.to_string(), "--no-colour"])
        .args(["-s", &format!("{}/_pact/state", provider.url)])
        .args(["--filter-state", "no such state"])
        .output()
        .unwrap();
    // No interaction is selected: that is not a failure.
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    let output = verifier()
        .arg("-f")
        .arg(fixture("v3-OrderWeb-UserService.json"))
        .args(["-h", "127.0.0.1", "-p", &provider.port.to_string(), "--no-colour"])
        .args(["-s", &format!("{}/_pact/state_missing", provider.url)])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("provider state 'user 42 exists' could not be set up"),
        "{text}"
    );
    assert!(text.contains("Verification FAILED"), "{text}");
}

#[test]
fn a_missing_pact_file_exits_1_and_says_which() {
    let output = verifier()
        .args([
            "-f",
            "/definitely/not/here.json",
            "-h",
            "127.0.0.1",
            "-p",
            "9",
            "--no-colour",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("could not read /definitely/not/here.json"));
}

#[test]
fn bad_usage_exits_2() {
    let output = verifier().arg("--no-such-flag").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = verifier().args(["-h", "127.0.0.1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "no pact source");
    let output = verifier()
        .args(["-f", "x.json", "--filter-description", "("])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "invalid regex");
    let output = verifier()
        .args([
            "-b",
            "http://127.0.0.1:9",
            "-n",
            "P",
            "--consumer-version-selectors",
            "[1]",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "selector that is not an object");
    let output = verifier().args(["-f", "x.json", "--publish"]).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "--publish needs --provider-version"
    );
}

#[test]
fn help_is_grouped_and_h_is_the_hostname() {
    let output = verifier().arg("--help").output().unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0));
    for heading in [
        "Loading pacts options:",
        "Authentication options:",
        "Provider options:",
        "Provider state options:",
        "Filtering interactions:",
        "Publishing options:",
        "Pact Broker options:",
    ] {
        assert!(text.contains(heading), "missing {heading}: {text}");
    }
    assert!(text.contains("-h, --hostname <hostname>"), "{text}");
    assert!(text.contains("[env: PACT_BROKER_BASE_URL=]"), "{text}");
}

#[test]
fn json_and_junit_reports_are_written() {
    let provider = TestProvider::start();
    provider.db.insert_user(42, "Alice");
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("report.json");
    let junit_path = dir.path().join("report.xml");
    let output = verifier()
        .arg("-f")
        .arg(fixture("v4-OrderWeb-UserService.json"))
        .args(["-h", "127.0.0.1", "-p", &provider.port.to_string(), "--no-colour"])
        .arg("--json")
        .arg(&json_path)
        .arg("-x")
        .arg(&junit_path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(report["result"], true);
    assert_eq!(report["summary"]["interactions"], 3);
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        report["pendingErrors"][0]["interaction"],
        "a request for the beta endpoint"
    );
    assert!(report["output"].as_array().is_some_and(|lines| !lines.is_empty()));
    assert_eq!(report["pacts"][0]["interactions"][0]["key"], "user-42");

    let junit = std::fs::read_to_string(&junit_path).unwrap();
    assert!(
        junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{junit}"
    );
    assert!(
        junit.contains(
            "<testsuite name=\"OrderWeb - UserService\" tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"1\""
        ),
        "{junit}"
    );
    assert!(junit.contains("<skipped message=\"pending: "), "{junit}");
    assert!(
        junit.contains("name=\"Given user 42 exists - a request for user 42\""),
        "{junit}"
    );
}

#[test]
fn custom_headers_are_added_to_every_request() {
    let provider = TestProvider::start();
    provider.db.insert_user(42, "Alice");
    let output = verifier()
        .arg("-f")
        .arg(fixture("v3-OrderWeb-UserService.json"))
        .args(["-h", "127.0.0.1", "-p", &provider.port.to_string(), "--no-colour"])
        .args([
            "-H",
            "Authorization=Bearer from-ci",
            "--filter-description",
            "^a request for user 42$",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(provider.db.requests(), ["GET /users/42? auth=Bearer from-ci"]);
}

#[test]
fn environment_variables_configure_the_run_like_the_reference_cli() {
    let provider = TestProvider::start();
    let output = verifier()
        .arg("-f")
        .arg(fixture("v3-OrderWeb-UserService.json"))
        .env("PACT_PROVIDER_HOSTNAME", "127.0.0.1")
        .env("PACT_PROVIDER_PORT", provider.port.to_string())
        .env(
            "PACT_PROVIDER_STATE_CHANGE_URL",
            format!("{}/_pact/state", provider.url),
        )
        .env("PACT_DESCRIPTION", "user 42")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("a request for user 42"));
    assert!(
        !text.contains("a health check"),
        "filtered by PACT_DESCRIPTION: {text}"
    );
}

#[test]
fn ignore_no_pacts_error_turns_an_empty_directory_into_success() {
    let dir = tempfile::tempdir().unwrap();
    let output = verifier()
        .arg("-d")
        .arg(dir.path())
        .arg("--no-colour")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let output = verifier()
        .arg("-d")
        .arg(dir.path())
        .args(["--no-colour", "--ignore-no-pacts-error"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
}
