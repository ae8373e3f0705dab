//! `pact-verifier --openapi`: pacts checked against the provider's OpenAPI document instead of a
//! running provider, with the usual reports and exit codes.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use support::{fixture, openapi_fixture, stdout, verifier};

#[test]
fn a_pact_that_fits_the_document_passes_without_a_provider() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("report.json");
    let junit_path = dir.path().join("report.xml");
    // Port 9 (discard) is never listened on here: a call to the provider would fail.
    let output = verifier()
        .arg("--openapi")
        .arg(openapi_fixture("user-service.yaml"))
        .arg("-f")
        .arg(openapi_fixture("user-service-pact.json"))
        .args(["-h", "127.0.0.1", "-p", "9", "--no-colour"])
        .arg("--json")
        .arg(&json_path)
        .arg("--junit")
        .arg(&junit_path)
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("Verification PASSED"), "{text}");
    assert!(text.contains("checked against the OpenAPI document"), "{text}");
    assert!(text.contains("the provider was not called"), "{text}");
    assert!(
        text.contains("1 message interaction(s) not checked: messages are not described by OpenAPI"),
        "{text}"
    );
    assert!(
        text.contains("Summary: 4 interactions verified for 1 pact: 4 passed, 0 failed"),
        "{text}"
    );

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(report["result"], true);
    assert_eq!(report["pacts"][0]["interactions"].as_array().unwrap().len(), 4);
    let junit = std::fs::read_to_string(&junit_path).unwrap();
    assert!(junit.contains("tests=\"4\""), "{junit}");
    assert!(!junit.contains("<failure"), "{junit}");
}

#[test]
fn a_pact_relying_on_undocumented_things_fails_with_path_schema_location_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("report.json");
    let junit_path = dir.path().join("report.xml");
    let output = verifier()
        .arg("--openapi")
        .arg(openapi_fixture("user-service.yaml"))
        .arg("-f")
        .arg(fixture("openapi-failing-OrderService-UserService.json"))
        .arg("--no-colour")
        .arg("--json")
        .arg(&json_path)
        .arg("--junit")
        .arg(&junit_path)
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("Verification FAILED"), "{text}");
    assert!(
        text.contains("1) Verifying a pact between OrderService and UserService Given user 42 exists - a request for user 42"),
        "{text}"
    );
    assert!(
        text.contains(
            "$.nickname: the consumer expects field 'nickname' but the OpenAPI schema does not declare it \
             (the response body at $.nickname; OpenAPI #/components/schemas/User)"
        ),
        "{text}"
    );
    assert!(text.contains("a request to delete user 42"), "{text}");
    assert!(
        text.contains("sends a request the provider documents (FAILED)"),
        "{text}"
    );
    assert!(text.contains("DELETE"), "{text}");
    assert!(
        text.contains("Summary: 3 interactions verified for 1 pact: 1 passed, 2 failed"),
        "{text}"
    );

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(report["result"], false);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["interaction"], "a request for user 42");
    let mismatch = &errors[0]["mismatch"]["mismatches"][0];
    assert_eq!(mismatch["type"], "BodyMismatch");
    assert_eq!(mismatch["path"], "$.nickname");
    assert_eq!(mismatch["expected"], "#/components/schemas/User");
    assert!(
        mismatch["mismatch"]
            .as_str()
            .unwrap()
            .starts_with("the consumer expects field 'nickname' but the OpenAPI schema does not declare it"),
        "{mismatch}"
    );
    let junit = std::fs::read_to_string(&junit_path).unwrap();
    assert!(junit.contains("<failure"), "{junit}");
    assert!(junit.contains("nickname"), "{junit}");
}

#[test]
fn publishing_with_openapi_is_refused_with_a_reason() {
    let output = verifier()
        .arg("--openapi")
        .arg(openapi_fixture("user-service.yaml"))
        .arg("-f")
        .arg(openapi_fixture("user-service-pact.json"))
        .args(["--publish", "--provider-version", "1.0.0"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("--publish cannot be used with --openapi"), "{err}");
    assert!(err.contains("recorded by the Pact Broker"), "{err}");
}

#[test]
fn an_unreadable_document_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.yaml");
    std::fs::write(&bad, "openapi: 3.0.3\npaths: [\n").unwrap();
    let output = verifier()
        .arg("--openapi")
        .arg(&bad)
        .arg("-f")
        .arg(openapi_fixture("user-service-pact.json"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("the OpenAPI document"), "{err}");
    assert!(err.contains("broken.yaml"), "{err}");
}

#[test]
fn pacts_from_a_directory_are_checked_and_filters_apply() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("openapi-failing-OrderService-UserService.json"),
        dir.path().join("OrderService-UserService.json"),
    )
    .unwrap();
    let output = verifier()
        .arg("--openapi")
        .arg(openapi_fixture("user-service.yaml"))
        .arg("-d")
        .arg(dir.path())
        .args(["--filter-description", "does not exist", "--no-colour"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Summary: 1 interaction verified for 1 pact: 1 passed, 0 failed"),
        "{text}"
    );
}
