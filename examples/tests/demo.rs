//! The demo binary, run as a user runs it: every step shows in its output, ending with a yes
//! then a no.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use assert_cmd::Command;

#[test]
fn the_demo_runs_the_whole_loop_and_ends_with_a_yes_then_a_no() {
    let output = Command::cargo_bin("demo")
        .unwrap()
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "demo failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );

    let steps = [
        "Pact Broker running at http://127.0.0.1:",
        "Broker web UI: http://127.0.0.1:",
        "== Step 1/6: consumer tests write pacts",
        "pact file: ",
        "OrderService-UserService.json",
        "NotificationService-OrderService.json",
        "== Step 2/6: publish the pacts",
        "$ pact-broker publish ",
        "published OrderService 1.0.0 (branch main)",
        "== Step 3/6: verify the providers from the broker",
        "Verifying a pact between OrderService and UserService",
        "matrix page: http://127.0.0.1:",
        "== Step 4/6: record the provider's deployment",
        "$ pact-broker record-deployment --pacticipant UserService --version 1.0.0 --environment production",
        "can-i-deploy OrderService 1.0.0 to production: YES",
        "== Step 5/6: breaking change",
        "$ pact-broker openapi-diff ",
        "breaking: GET /users/{id} response 200 application/json $.email: property 'email' was removed (property-removed)",
        "relied on by OrderService 1.0.0: interaction ",
        "breaks OrderService",
        "Verifying a pact between OrderService and UserService",
        "$.email",
        "== Step 6/6: ask can-i-deploy for the breaking provider",
        "can-i-deploy UserService 2.0.0 to production: NO",
    ];
    let mut from = 0;
    for expected in steps {
        let found = stdout[from..].find(expected).unwrap_or_else(|| {
            panic!("expected {expected:?} after byte {from} of the demo's output:\n{stdout}")
        });
        from += found + expected.len();
    }
}
