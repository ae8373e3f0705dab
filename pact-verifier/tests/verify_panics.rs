//! A hook supplied by the caller that panics (a provider state set-up, a request filter) is an
//! error on the interaction it ran for: the interaction stays in the report and the pact fails.
//! (Before, a panic in a concurrent run lost the interaction and the pact could pass.)

#![allow(clippy::unwrap_used)]

mod support;

use pact_verifier::{InteractionError, InteractionOutcome, Verifier};
use serde_json::json;
use support::{TestProvider, fixture};

fn panicked_hook(outcome: &InteractionOutcome) -> Option<(&str, &str)> {
    match outcome {
        InteractionOutcome::Error(InteractionError::Panicked { hook, message }) => {
            Some((hook.as_str(), message.as_str()))
        }
        _ => None,
    }
}

#[tokio::test]
async fn a_state_hook_that_panics_fails_its_interaction_and_the_pact() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state("user 42 exists", |_params| async {
            if true {
                panic!("the test database is gone");
            }
        })
        .verify()
        .await;

    assert!(!report.passed(), "{report}");
    let interactions = &report.pacts[0].interactions;
    assert_eq!(interactions.len(), 3, "every interaction stays in the report");
    let with_state = interactions
        .iter()
        .find(|i| i.provider_states.iter().any(|s| s.name == "user 42 exists"))
        .unwrap();
    assert_eq!(
        panicked_hook(&with_state.outcome),
        Some((
            "set-up of provider state 'user 42 exists'",
            "the test database is gone"
        ))
    );
    assert!(
        report
            .to_string()
            .contains("the set-up of provider state 'user 42 exists' panicked: the test database is gone"),
        "{report}"
    );
}

#[tokio::test]
async fn a_request_filter_that_panics_fails_every_interaction_it_ran_for() {
    let provider = TestProvider::start();
    provider.db.insert_user(42, "Alice");
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state("user 42 exists", |_params| async {})
        .request_filter(|_request| panic!("no token today"))
        .verify()
        .await;

    assert!(!report.passed(), "{report}");
    let interactions = &report.pacts[0].interactions;
    assert_eq!(interactions.len(), 3);
    for interaction in interactions {
        assert_eq!(
            panicked_hook(&interaction.outcome),
            Some(("request filter", "no token today")),
            "{}",
            interaction.description
        );
    }
    assert!(
        provider.db.requests().is_empty(),
        "nothing is sent once the filter panicked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_a_concurrent_run_keeps_the_interaction_in_the_report() {
    let provider = TestProvider::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pact.json");
    let pact = json!({
        "consumer": {"name": "OrderWeb"}, "provider": {"name": "UserService"},
        "interactions": [
            {"description": "a health check", "request": {"method": "GET", "path": "/health"},
             "response": {"status": 200}},
            {"description": "another health check", "request": {"method": "GET", "path": "/health"},
             "response": {"status": 200}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    std::fs::write(&file, pact.to_string()).unwrap();
    let report = Verifier::new("UserService")
        .pact_file(&file)
        .provider_url(&provider.url)
        .concurrency(4)
        .request_filter(|request| {
            if request.path == "/health" {
                panic!("filter bug");
            }
        })
        .verify()
        .await;

    assert!(!report.passed(), "{report}");
    let interactions = &report.pacts[0].interactions;
    assert_eq!(interactions.len(), 2, "no interaction is lost: {report}");
    assert!(
        interactions
            .iter()
            .all(|i| panicked_hook(&i.outcome) == Some(("request filter", "filter bug")))
    );
    assert_eq!(report.summary().failed, 2);
}
