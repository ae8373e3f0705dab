//! `pact-broker diff` and the change notices of `pact-broker publish`, end to end against
//! `pact-broker serve` on 127.0.0.1 with a temporary SQLite file.

mod client_support;

use client_support::{pact_broker, run, start_server};
use serde_json::{Value, json};

fn pact(status: u16, body: Value, extra_interaction: bool) -> String {
    let mut interactions = vec![json!({
        "description": "a request for user 42",
        "request": { "method": "GET", "path": "/users/42" },
        "response": {
            "status": status, "body": body,
            "matchingRules": { "body": { "$.id": { "matchers": [{ "match": "integer" }] } } }
        }
    })];
    if extra_interaction {
        interactions.push(json!({
            "description": "a request for a missing user",
            "request": { "method": "GET", "path": "/users/7" },
            "response": { "status": 404 }
        }));
    }
    json!({
        "consumer": { "name": "OrderService" },
        "provider": { "name": "UserService" },
        "interactions": interactions,
        "metadata": { "pactSpecification": { "version": "3.0.0" } }
    })
    .to_string()
}

async fn publish(broker: &str, version: &str, content: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("OrderService-UserService.json"), content).expect("write pact");
    let mut command = pact_broker("publish", Some(broker));
    command.arg(dir.path()).args(["-a", version]);
    let outcome = run(command).await;
    outcome.assert_code(0);
    outcome.stdout
}

#[tokio::test]
async fn publish_notices_and_diff_describe_changes_in_words() {
    let server = start_server();
    let broker = server.url.clone();
    publish(
        &broker,
        "1",
        &pact(200, json!({ "id": 42, "email": "a@b.c" }), true),
    )
    .await;
    let printed = publish(
        &broker,
        "2",
        &pact(201, json!({ "id": 42, "nickname": "Al" }), false),
    )
    .await;
    assert!(
        printed.contains("Changes to the pact with UserService since version 1 of OrderService:"),
        "{printed}"
    );
    assert!(
        printed.contains(
            "- interaction 'a request for user 42' changed: response.status 200 → 201; \
             response.body $.email removed; response.body $.nickname added"
        ),
        "{printed}"
    );

    let mut diff = pact_broker("diff", Some(&broker));
    diff.args([
        "--pacticipant",
        "OrderService",
        "--provider",
        "UserService",
        "--version",
        "2",
    ]);
    let outcome = run(diff).await;
    outcome.assert_code(0);
    assert_eq!(
        outcome.stdout,
        "Changes to the pact between OrderService and UserService from version 1 to version 2:\n\
         interaction 'a request for user 42' changed: response.status 200 → 201; response.body $.email removed; \
         response.body $.nickname added\n\
         interaction 'a request for a missing user' removed\n"
    );

    // Against a named version, as JSON.
    publish(
        &broker,
        "3",
        &pact(201, json!({ "id": 42, "nickname": "Al" }), true),
    )
    .await;
    let mut diff = pact_broker("diff", Some(&broker));
    diff.args([
        "-a",
        "OrderService",
        "--provider",
        "UserService",
        "-e",
        "3",
        "--against",
        "2",
        "-o",
        "json",
    ]);
    let outcome = run(diff).await;
    outcome.assert_code(0);
    let reply: Value = serde_json::from_str(&outcome.stdout).expect("JSON output");
    assert_eq!(reply["comparedToVersion"], "2");
    assert_eq!(reply["changes"]["added"], json!(["a request for a missing user"]));

    // The first version has nothing to compare with; an unknown version is an error.
    let mut diff = pact_broker("diff", Some(&broker));
    diff.args(["-a", "OrderService", "--provider", "UserService", "-e", "1"]);
    let outcome = run(diff).await;
    outcome.assert_code(0);
    assert_eq!(
        outcome.stdout,
        "No earlier version of the pact between OrderService and UserService with different content.\n"
    );
    let mut diff = pact_broker("diff", Some(&broker));
    diff.args(["-a", "OrderService", "--provider", "UserService", "-e", "9"]);
    let outcome = run(diff).await;
    outcome.assert_code(1);
    assert!(
        outcome
            .stderr
            .contains("No pact found for version 9 of OrderService"),
        "{}",
        outcome.stderr
    );
}
