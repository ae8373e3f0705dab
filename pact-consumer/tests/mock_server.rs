//! The in-process mock server over real HTTP: matched answers, mismatch reports, end-of-test checks.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected errors

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use common::{pact_dir, pact_path, panic_message, read_pact_json};
use pact_consumer::prelude::*;

fn user_pact(dir: &std::path::Path) -> PactBuilder {
    PactBuilder::new("OrderService", "UserService")
        .output_dir(dir)
        .interaction("a request for user 42", |i| {
            i.given_with_params("user 42 exists", json!({ "id": 42 }))
                .request(|r| r.get("/users/42").header("Accept", "application/json"))
                .response(|r| {
                    r.ok().json_body(pact_json!({
                        "id": integer(42),
                        "name": like("Alice"),
                        "email": term(r"^\S+@\S+$", "alice@example.com"),
                    }))
                })
        })
}

#[tokio::test]
async fn a_matching_request_gets_the_interactions_response_and_the_pact_is_written() {
    let dir = pact_dir();
    let mock = user_pact(dir.path()).start_mock_server().await;

    let response = reqwest::Client::new()
        .get(mock.path("/users/42"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let user: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        user,
        json!({ "id": 42, "name": "Alice", "email": "alice@example.com" })
    );

    drop(mock);
    let pact = read_pact_json(dir.path(), "OrderService", "UserService");
    assert_eq!(pact["metadata"]["pactSpecification"]["version"], "4.0");
    let interaction = &pact["interactions"][0];
    assert_eq!(interaction["description"], "a request for user 42");
    assert_eq!(interaction["providerStates"][0]["params"]["id"], 42);
    assert_eq!(
        interaction["response"]["matchingRules"]["body"]["$.name"]["matchers"][0]["match"],
        "type"
    );
}

#[tokio::test]
async fn a_percent_encoded_request_path_is_decoded_before_matching() {
    let dir = pact_dir();
    let mock = PactBuilder::new("OrderService", "UserService")
        .output_dir(dir.path())
        .interaction("a request for a file with spaces and a plus", |i| {
            i.request(|r| r.get("/files/a b+c/%zz"))
                .response(|r| r.ok().json_body(json!({ "found": true })))
        })
        .start_mock_server()
        .await;

    let response = reqwest::Client::new()
        .get(mock.path("/files/a%20b+c/%zz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    mock.verify().unwrap();
}

#[test]
fn a_plain_test_without_a_runtime_can_use_the_mock_server() {
    let dir = pact_dir();
    let mock = user_pact(dir.path()).start_mock_server_blocking();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = runtime.block_on(async {
        reqwest::Client::new()
            .get(mock.path("/users/42"))
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status, 200);
    mock.finish().unwrap();
    assert!(pact_path(dir.path(), "OrderService", "UserService").exists());
}

#[tokio::test]
async fn an_unexpected_request_is_answered_500_with_a_request_not_found_report() {
    let dir = pact_dir();
    let mock = user_pact(dir.path()).start_mock_server().await;

    let response = reqwest::Client::new()
        .delete(mock.path("/orders/1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["x-pact-mismatch"], "request-not-found");
    let report: serde_json::Value = response.json().await.unwrap();
    assert_eq!(report["type"], "request-not-found");
    assert_eq!(report["method"], "DELETE");
    assert_eq!(report["path"], "/orders/1");

    let failure = mock.verify().unwrap_err().to_string();
    assert!(
        failure.contains("Received a request that no interaction expects: DELETE /orders/1"),
        "{failure}"
    );
    assert!(
        failure.contains("Expected request was not received: 'a request for user 42'"),
        "{failure}"
    );
    mock.finish().unwrap_err();
    assert!(!pact_path(dir.path(), "OrderService", "UserService").exists());
}

#[tokio::test]
async fn a_request_with_the_wrong_body_gets_each_mismatch_in_words_and_a_diff_at_the_end() {
    let dir = pact_dir();
    let mock = PactBuilder::new("OrderService", "UserService")
        .output_dir(dir.path())
        .interaction("create user", |i| {
            i.request(|r| {
                r.post("/users")
                    .json_body(pact_json!({ "name": like("Alice"), "age": integer(30) }))
            })
            .response(|r| r.created())
        })
        .start_mock_server()
        .await;

    let response = reqwest::Client::new()
        .post(mock.path("/users"))
        .json(&json!({ "name": 12345, "age": 30 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["x-pact-mismatch"], "request-mismatch");
    let report: serde_json::Value = response.json().await.unwrap();
    assert_eq!(report["type"], "request-mismatch");
    assert_eq!(report["method"], "POST");
    assert_eq!(report["path"], "/users");
    let mismatch = &report["mismatches"][0];
    assert_eq!(mismatch["type"], "BodyMismatch");
    assert_eq!(mismatch["path"], "$.name");
    assert!(
        mismatch["mismatch"].as_str().is_some_and(|m| !m.is_empty()),
        "{mismatch}"
    );

    let failure = mock.verify().unwrap_err().to_string();
    assert!(
        failure.contains("Request POST /users did not match the interaction 'create user'"),
        "{failure}"
    );
    assert!(failure.contains("$.name"), "{failure}");
    assert!(failure.contains("body diff (- expected, + actual)"), "{failure}");
    assert!(failure.contains("-   \"name\": \"Alice\""), "{failure}");
    assert!(failure.contains("+   \"name\": 12345"), "{failure}");
    drop(catch_unwind(AssertUnwindSafe(|| mock.finish())));
}

#[test]
fn dropping_a_mock_server_with_a_missing_interaction_panics_with_a_readable_report() {
    let dir = pact_dir();
    let mock = user_pact(dir.path()).start_mock_server_blocking();
    let payload = catch_unwind(AssertUnwindSafe(move || drop(mock))).unwrap_err();
    let message = panic_message(payload);
    assert!(
        message
            .starts_with("The mock server for the pact between OrderService and UserService saw problems:"),
        "{message}"
    );
    assert!(
        message.contains("1) Expected request was not received: 'a request for user 42'"),
        "{message}"
    );
    assert!(message.contains("expected: GET /users/42"), "{message}");
    assert!(
        !message.contains("HttpInteraction {"),
        "a Debug dump leaked into the report: {message}"
    );
    assert!(!pact_path(dir.path(), "OrderService", "UserService").exists());
}

#[test]
fn a_test_that_already_panics_does_not_panic_again_in_drop() {
    let dir = pact_dir();
    let mock = user_pact(dir.path()).start_mock_server_blocking();
    let payload = catch_unwind(AssertUnwindSafe(move || {
        let _mock = mock;
        panic!("the consumer's own assertion failed");
    }))
    .unwrap_err();
    assert_eq!(panic_message(payload), "the consumer's own assertion failed");
}

#[tokio::test]
async fn two_interactions_with_identical_requests_are_each_counted() {
    let dir = pact_dir();
    let mock = PactBuilder::new("Twice", "UserService")
        .output_dir(dir.path())
        .interaction("first ping", |i| i.given("state one").request(|r| r.get("/ping")))
        .interaction("second ping", |i| {
            i.given("state two").request(|r| r.get("/ping"))
        })
        .start_mock_server()
        .await;
    let client = reqwest::Client::new();
    assert_eq!(client.get(mock.path("/ping")).send().await.unwrap().status(), 200);
    let after_one = mock.verify().unwrap_err().to_string();
    assert!(
        after_one.contains("Expected request was not received: 'second ping'"),
        "{after_one}"
    );
    assert_eq!(client.get(mock.path("/ping")).send().await.unwrap().status(), 200);
    mock.finish().unwrap();
    let pact = read_pact_json(dir.path(), "Twice", "UserService");
    assert_eq!(pact["interactions"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn many_concurrent_requests_are_all_answered_and_counted() {
    let dir = pact_dir();
    let mut builder = PactBuilder::new("Concurrent", "UserService").output_dir(dir.path());
    for n in 0..20 {
        builder = builder.interaction(format!("item {n}"), move |i| {
            i.request(|r| r.get(format!("/items/{n}")))
                .response(|r| r.ok().json_body(pact_json!({ "id": n })))
        });
    }
    let mock = builder.start_mock_server().await;
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for round in 0..5 {
        for n in 0..20 {
            let (client, url) = (client.clone(), mock.path(&format!("/items/{n}")));
            tasks.push(tokio::spawn(async move {
                let response = client.get(url).send().await.unwrap();
                (
                    round,
                    n,
                    response.status(),
                    response.json::<serde_json::Value>().await.unwrap(),
                )
            }));
        }
    }
    for task in tasks {
        let (_, n, status, body) = task.await.unwrap();
        assert_eq!(status, 200);
        assert_eq!(body, json!({ "id": n }));
    }
    mock.finish().unwrap();
}

#[tokio::test]
async fn cors_preflight_is_answered_when_asked_for() {
    let dir = pact_dir();
    let mock = user_pact(dir.path())
        .with_cors_preflight()
        .start_mock_server()
        .await;
    let client = reqwest::Client::new();
    let preflight = client
        .request(reqwest::Method::OPTIONS, mock.path("/users/42"))
        .header("Origin", "http://127.0.0.1:3000")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "accept")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "http://127.0.0.1:3000"
    );
    assert!(
        preflight.headers()["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("GET")
    );
    assert_eq!(preflight.headers()["access-control-allow-headers"], "accept");

    let response = client
        .get(mock.path("/users/42"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    mock.finish().unwrap();
}

#[tokio::test]
async fn without_cors_preflight_an_options_request_is_unexpected() {
    let dir = pact_dir();
    let mock = user_pact(dir.path()).start_mock_server().await;
    let response = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, mock.path("/users/42"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert!(mock.verify().is_err());
    drop(catch_unwind(AssertUnwindSafe(|| mock.finish())));
}

#[tokio::test]
async fn response_generators_run_in_consumer_mode() {
    let dir = pact_dir();
    let mock = PactBuilder::new("Generators", "UserService")
        .output_dir(dir.path())
        .interaction("create an order", |i| {
            i.request(|r| r.post("/orders")).response(|r| {
                r.created()
                    .header(
                        "Location",
                        mock_server_url(r"^.*(/orders/\d+)$", "http://example.invalid/orders/1"),
                    )
                    .json_body(pact_json!({
                        "id": random_int(1000, 9999),
                        "token": random_uuid(),
                        "self": mock_server_url(r"^.*(/orders/\d+)$", "http://example.invalid/orders/1"),
                    }))
            })
        })
        .start_mock_server()
        .await;
    let response = reqwest::Client::new()
        .post(mock.path("/orders"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, mock.path("/orders/1"));
    let body: serde_json::Value = response.json().await.unwrap();
    let id = body["id"].as_i64().unwrap();
    assert!((1000..=9999).contains(&id), "{body}");
    assert_ne!(
        body["token"], "e2490de5-5bd3-43d5-b7c4-526e33f71304",
        "the UUID was not generated"
    );
    assert_eq!(body["self"], mock.path("/orders/1"));
    mock.finish().unwrap();

    let pact = read_pact_json(dir.path(), "Generators", "UserService");
    let generators = &pact["interactions"][0]["response"]["generators"];
    assert_eq!(generators["body"]["$.id"]["type"], "RandomInt");
    assert_eq!(generators["body"]["$.token"]["type"], "Uuid");
    assert_eq!(generators["body"]["$.self"]["type"], "MockServerURL");
    assert_eq!(generators["header"]["Location"]["type"], "MockServerURL");
}

#[tokio::test]
async fn an_unusable_interaction_is_answered_with_its_problem_while_the_others_are_served() {
    let pact = pact_core::format::read_pact_value(&json!({
        "consumer": {"name": "Web"}, "provider": {"name": "Things"},
        "interactions": [
            {"description": "a good one", "request": {"method": "GET", "path": "/good"},
             "response": {"status": 204}},
            {"description": "an odd one", "request": {"method": "GET", "path": "/odd"},
             "response": {"status": 200, "body": {"id": 1},
                "matchingRules": {"body": {"$.id": {"matchers": [{"match": "somethingNew"}]}}}}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    }))
    .unwrap();
    let config = pact_consumer::MockServerConfig::default().with_check_on_drop(false);
    let mock = pact_consumer::MockServer::start(pact, config).unwrap();
    let client = reqwest::Client::new();
    assert_eq!(client.get(mock.path("/good")).send().await.unwrap().status(), 204);

    let odd = client.get(mock.path("/odd")).send().await.unwrap();
    assert_eq!(odd.status(), 500);
    assert_eq!(odd.headers()["x-pact-mismatch"], "interaction-unusable");
    let body: serde_json::Value = odd.json().await.unwrap();
    assert_eq!(body["interaction"], "an odd one");
    assert_eq!(
        body["problems"][0]["path"],
        "$.interactions[1].response.matchingRules.body['$.id'].matchers[0].match"
    );
    assert_eq!(
        body["problems"][0]["reason"],
        "the matcher \"somethingNew\" is not supported"
    );
    let report = mock.verify().unwrap_err().to_string();
    assert!(
        report.contains("Request GET /odd asks for the interaction 'an odd one', which cannot be used:"),
        "{report}"
    );
    // A request no interaction resembles is still just unexpected.
    let other = client.get(mock.path("/other")).send().await.unwrap();
    assert_eq!(other.headers()["x-pact-mismatch"], "request-not-found");
}
