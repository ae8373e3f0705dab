//! Library verification of HTTP interactions against a real provider on 127.0.0.1.

#![allow(clippy::unwrap_used)]

mod support;

use pact_verifier::{InteractionError, InteractionOutcome, RetryPolicy, StateChangeUrl, Verifier};
use regex::Regex;
use serde_json::json;
use support::{TestProvider, fixture};

#[tokio::test]
async fn state_closures_really_change_the_providers_data_and_the_pact_passes() {
    let provider = TestProvider::start();
    let db = provider.db.clone();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state("user 42 exists", move |params| {
            let db = db.clone();
            async move { db.insert_user(params["id"].as_i64().unwrap_or(42), "Alice") }
        })
        .verify()
        .await;

    report.assert_passed();
    assert_eq!(report.summary().passed, 3);
    let requests = provider.db.requests();
    assert!(requests.contains(&"GET /users/42?".to_string()), "{requests:?}");
    assert!(
        requests.contains(&"GET /users/999?verbose=true".to_string()),
        "{requests:?}"
    );
}

#[tokio::test]
async fn without_the_state_hook_the_user_is_missing_and_the_report_says_why() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .filter_description(Regex::new("user 42").unwrap())
        .verify()
        .await;

    assert!(!report.passed());
    let text = report.to_string();
    assert!(text.contains("a request for user 42"), "{text}");
    assert!(text.contains("Given user 42 exists"), "{text}");
    assert!(text.contains("has a matching status code (FAILED)"), "{text}");
    assert!(text.contains("Verification FAILED"), "{text}");
}

#[tokio::test]
async fn a_body_mismatch_is_reported_in_words_with_a_diff() {
    let provider = TestProvider::start();
    provider.db.insert_user(42, "Alice");
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-failing-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .verify()
        .await;

    assert!(!report.passed());
    let result = &report.pacts[0].interactions[0];
    let InteractionOutcome::Failed {
        mismatches,
        body_diff,
    } = &result.outcome
    else {
        panic!("expected a failure, got {:?}", result.outcome);
    };
    assert!(
        mismatches.iter().any(|m| m.location() == "$.name"),
        "{mismatches:?}"
    );
    let diff = body_diff.as_deref().unwrap_or_default();
    assert!(diff.contains("-   \"name\": 12345"), "{diff}");
    assert!(diff.contains("+   \"name\": \"Alice\""), "{diff}");
    let text = report.to_string();
    assert!(text.contains("Failures:"), "{text}");
    assert!(text.contains("1) Verifying a pact between OrderWeb and UserService Given user 42 exists - a request for user 42 as a number"), "{text}");
    assert!(text.contains("1.1) $.name:"), "{text}");
    assert!(text.contains("Body diff (- expected, + actual):"), "{text}");
    let panic = std::panic::catch_unwind(|| report.assert_passed()).unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("1.1) $.name:"), "{message}");
}

#[tokio::test]
async fn v2_and_v4_pacts_verify_too() {
    let provider = TestProvider::start();
    let db = provider.db.clone();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v2-OrderWeb-UserService.json"))
        .pact_file(fixture("v4-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state("user 42 exists", move |_params| {
            let db = db.clone();
            async move { db.insert_user(42, "Alice") }
        })
        .state("an order exists", |_params| async {})
        .verify()
        .await;

    // V4's "beta" interaction is pending and fails (the provider answers 404): reported, not fatal.
    report.assert_passed();
    let summary = report.summary();
    assert_eq!((summary.pacts, summary.interactions), (2, 5), "{report}");
    assert_eq!(summary.pending_failed, 1, "{report}");
    let beta = &report.pacts[1].interactions[1];
    assert!(beta.pending && !beta.passed());
    let text = report.to_string();
    assert!(
        text.contains("a request for the beta endpoint [PENDING]"),
        "{text}"
    );
    assert!(text.contains("Pending failures"), "{text}");
}

#[tokio::test]
async fn a_failing_state_hook_fails_that_interaction_with_a_clear_message() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state("user 42 exists", |_params| async {
            Err::<(), _>("the database is read-only")
        })
        .verify()
        .await;

    assert!(!report.passed());
    let failed: Vec<_> = report.pacts[0]
        .interactions
        .iter()
        .filter(|i| !i.passed())
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0].outcome,
        InteractionOutcome::Error(InteractionError::StateSetup {
            state: "user 42 exists".into(),
            message: "the database is read-only".into()
        })
    );
    // The request is never sent when the state could not be set up.
    assert!(
        !provider
            .db
            .requests()
            .iter()
            .any(|r| r.starts_with("GET /users/42"))
    );
}

#[tokio::test]
async fn an_unknown_state_fails_when_closures_are_registered() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state("some other state", |_params| async {})
        .verify()
        .await;
    let text = report.to_string();
    assert!(
        text.contains("provider state 'user 42 exists' could not be set up: no handler is registered for this state (known states: 'some other state')"),
        "{text}"
    );
}

#[tokio::test]
async fn teardown_closures_run_after_the_interaction() {
    let provider = TestProvider::start();
    let (db, db2) = (provider.db.clone(), provider.db.clone());
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state("user 42 exists", move |params| {
            let db = db.clone();
            async move { db.insert_user(params["id"].as_i64().unwrap_or(42), "Alice") }
        })
        .state_teardown("user 42 exists", move |params| {
            let db = db2.clone();
            async move { db.remove_user(params["id"].as_i64().unwrap_or(42)) }
        })
        .verify()
        .await;
    report.assert_passed();
    assert!(provider.db.lock().users.is_empty(), "teardown removed the user");
}

#[tokio::test]
async fn the_state_change_url_convention_posts_setup_and_teardown() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state_change_url(StateChangeUrl::new(format!("{}/_pact/state", provider.url)).with_teardown())
        .filter_description(Regex::new("user 42").unwrap())
        .verify()
        .await;
    report.assert_passed();
    assert_eq!(
        provider.db.state_changes(),
        vec![
            json!({"state": "user 42 exists", "params": {"id": 42}, "action": "setup"}),
            json!({"state": "user 42 exists", "params": {"id": 42}, "action": "teardown"}),
        ]
    );
}

#[tokio::test]
async fn state_change_as_query_sends_the_state_in_the_query_string() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state_change_url(StateChangeUrl::new(format!("{}/_pact/state", provider.url)).as_query())
        .filter_description(Regex::new("user 42").unwrap())
        .verify()
        .await;
    report.assert_passed();
    assert_eq!(
        provider.db.state_changes(),
        vec![json!({"state": "user 42 exists", "action": "setup", "id": "42"})]
    );
}

#[tokio::test]
async fn a_failing_state_change_url_names_the_state_and_the_status() {
    let provider = TestProvider::start();
    let pact: pact_core::Pact = pact_core::Pact::from_json_str(
        &json!({
            "consumer": {"name": "OrderWeb"}, "provider": {"name": "UserService"},
            "interactions": [{"description": "a health check", "providerStates": [{"name": "a broken state"}],
                "request": {"method": "GET", "path": "/health"}, "response": {"status": 200}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        })
        .to_string(),
    )
    .unwrap();
    let report = Verifier::new("UserService")
        .pact(pact)
        .provider_url(&provider.url)
        // A 500 is retried 8 times by default: fail at once here.
        .state_change_url(
            StateChangeUrl::new(format!("{}/_pact/state", provider.url)).retry(RetryPolicy::none()),
        )
        .verify()
        .await;
    let text = report.to_string();
    assert!(!report.passed());
    assert!(
        text.contains("provider state 'a broken state' could not be set up"),
        "{text}"
    );
    assert!(
        text.contains("answered HTTP 500 to setup of 'a broken state': database unavailable"),
        "{text}"
    );
}

#[tokio::test]
async fn request_filters_change_each_request_before_it_is_sent() {
    let provider = TestProvider::start();
    provider.db.insert_user(42, "Alice");
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .filter_description(Regex::new("^a request for user 42$").unwrap())
        .request_filter(|request| {
            request
                .headers
                .insert("Authorization", vec!["Bearer fresh-token".into()]);
        })
        .verify()
        .await;
    report.assert_passed();
    assert_eq!(
        provider.db.requests(),
        vec!["GET /users/42? auth=Bearer fresh-token".to_string()]
    );
}

#[tokio::test]
async fn filters_select_interactions_by_description_state_and_consumer() {
    let provider = TestProvider::start();
    let verifier = || {
        Verifier::new("UserService")
            .pact_file(fixture("v3-OrderWeb-UserService.json"))
            .provider_url(&provider.url)
            .state("user 42 exists", |_p| async {})
    };
    let only_no_state = verifier().filter_no_state().verify().await;
    let names: Vec<_> = only_no_state.pacts[0]
        .interactions
        .iter()
        .map(|i| i.description.as_str())
        .collect();
    assert_eq!(names, ["a health check", "a request for a missing user"]);

    let by_state = verifier().filter_state(Regex::new("42").unwrap()).verify().await;
    let names: Vec<_> = by_state.pacts[0]
        .interactions
        .iter()
        .map(|i| i.description.as_str())
        .collect();
    assert_eq!(names, ["a request for user 42"]);

    let by_description = verifier()
        .filter_description(Regex::new("^a health").unwrap())
        .verify()
        .await;
    assert_eq!(by_description.summary().interactions, 1);

    let other_consumer = verifier()
        .filter_consumer("SomeoneElse")
        .ignore_no_pacts(true)
        .verify()
        .await;
    assert!(other_consumer.pacts.is_empty());
}

#[tokio::test]
async fn base_path_prefixes_every_request() {
    let provider = TestProvider::start();
    // With base path "/users" the pact's "/42"-style path would be needed; use the health check
    // through a base path that the provider does not serve, so the request shows the prefix.
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .base_path("/api")
        .filter_description(Regex::new("health").unwrap())
        .verify()
        .await;
    assert!(!report.passed(), "/api/health does not exist on the provider");
    assert!(
        provider.db.requests().is_empty(),
        "the unprefixed /health was not called"
    );
}

#[tokio::test]
async fn an_unreachable_provider_is_an_error_naming_the_url() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(format!("http://127.0.0.1:{port}"))
        .filter_description(Regex::new("health").unwrap())
        .verify()
        .await;
    let text = report.to_string();
    assert!(!report.passed());
    assert!(
        text.contains(&format!(
            "request to the provider (GET http://127.0.0.1:{port}/health) failed"
        )),
        "{text}"
    );
}

#[tokio::test]
async fn concurrency_verifies_stateless_pacts_with_the_same_results() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .filter_no_state()
        .concurrency(4)
        .verify()
        .await;
    report.assert_passed();
    let names: Vec<_> = report.pacts[0]
        .interactions
        .iter()
        .map(|i| i.description.as_str())
        .collect();
    assert_eq!(
        names,
        ["a health check", "a request for a missing user"],
        "results keep pact order"
    );
}

#[tokio::test]
async fn no_pacts_is_a_failure_unless_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let report = Verifier::new("UserService").pact_dir(dir.path()).verify().await;
    assert!(!report.passed());
    assert!(
        report
            .to_string()
            .contains("no pacts were found to verify for provider 'UserService'")
    );
    let report = Verifier::new("UserService")
        .pact_dir(dir.path())
        .ignore_no_pacts(true)
        .verify()
        .await;
    assert!(report.passed());
}

#[tokio::test]
async fn a_directory_source_reads_every_json_pact() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("v2-OrderWeb-UserService.json"), dir.path().join("a.json")).unwrap();
    std::fs::copy(fixture("v3-OrderWeb-UserService.json"), dir.path().join("b.json")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a pact").unwrap();
    let provider = TestProvider::start();
    let db = provider.db.clone();
    let report = Verifier::new("UserService")
        .pact_dir(dir.path())
        .provider_url(&provider.url)
        .state("user 42 exists", move |_p| {
            let db = db.clone();
            async move { db.insert_user(42, "Alice") }
        })
        .verify()
        .await;
    report.assert_passed();
    assert_eq!(report.pacts.len(), 2);
}

#[tokio::test]
async fn an_invalid_pact_file_is_reported_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{ not json").unwrap();
    let report = Verifier::new("UserService").pact_file(&path).verify().await;
    assert!(!report.passed());
    assert!(
        report.errors[0].contains("broken.json is not a valid pact"),
        "{:?}",
        report.errors
    );
}

#[tokio::test]
async fn values_returned_by_a_state_hook_feed_provider_state_generators() {
    let provider = TestProvider::start();
    let db = provider.db.clone();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-generators-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state("a user named Bob exists", move |params| {
            let db = db.clone();
            async move {
                let id = db.create_user(params["name"].as_str().unwrap_or("Bob"));
                json!({ "id": id })
            }
        })
        .verify()
        .await;
    report.assert_passed();
    // The pact's example path is /users/1; the generator put the created user's id in it.
    assert_eq!(provider.db.requests(), ["GET /users/100?"]);
}

#[tokio::test]
async fn the_state_change_urls_answer_feeds_provider_state_generators() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-generators-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .state_change_url(StateChangeUrl::new(format!("{}/_pact/state", provider.url)))
        .verify()
        .await;
    report.assert_passed();
    assert_eq!(provider.db.requests(), ["GET /users/100?"]);
}

#[tokio::test]
async fn the_console_report_is_coloured_only_when_asked() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-OrderWeb-UserService.json"))
        .provider_url(&provider.url)
        .filter_description(Regex::new("health").unwrap())
        .verify()
        .await;
    assert!(report.render(true).contains("\x1b[32m(OK)\x1b[0m"));
    assert!(!report.render(false).contains('\x1b'));
    assert!(
        report
            .render(false)
            .contains("Summary: 1 interaction verified for 1 pact: 1 passed, 0 failed, 0 pending failed")
    );
}

#[tokio::test]
async fn an_unusable_interaction_is_an_error_naming_its_part_and_is_not_replayed() {
    let provider = TestProvider::start();
    let pact = pact_core::format::read_pact_value(&json!({
        "consumer": {"name": "Web"}, "provider": {"name": "UserService"},
        "interactions": [
            {"description": "a health check", "request": {"method": "GET", "path": "/health"},
             "response": {"status": 200, "body": "ok", "headers": {"Content-Type": "text/plain"}}},
            {"description": "an odd health check", "request": {"method": "GET", "path": "/health",
                "headers": {"X-Odd": "1"}},
             "response": {"status": 200,
                "generators": {"body": {"$.id": {"type": "Snowflake"}}}}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    }))
    .unwrap();
    let report = Verifier::new("UserService")
        .pact(pact)
        .provider_url(&provider.url)
        .verify()
        .await;
    assert!(!report.passed());
    let results = &report.pacts[0].interactions;
    assert!(results[0].passed(), "{:?}", results[0].outcome);
    let InteractionOutcome::Error(error) = &results[1].outcome else {
        panic!("expected an error, got {:?}", results[1].outcome);
    };
    assert_eq!(
        error.to_string(),
        "the interaction cannot be verified, part of it could not be read from the pact: \
         $.interactions[1].response.generators.body['$.id']: the generator \"Snowflake\" is not supported"
    );
    assert_eq!(
        provider.db.requests(),
        vec!["GET /health".to_string()],
        "only the usable interaction is replayed"
    );
}
