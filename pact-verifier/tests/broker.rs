//! The broker flow against a `wiremock` broker shaped like the Pact Broker: HAL index,
//! pacts-for-verification, pact documents with `_links`, tagging and publishing results.

#![allow(clippy::unwrap_used)]

mod support;

use pact_verifier::{Broker, ProviderVersion, Selector, Verifier};
use serde_json::{Value, json};
use support::{TestProvider, stdout, verifier};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn hal(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/hal+json")
}

fn index(base: &str) -> Value {
    json!({"_links": {
        "self": {"href": base},
        "pb:latest-provider-pacts": {"href": format!("{base}/pacts/provider/{{provider}}/latest"), "templated": true},
        "pb:provider-pacts-for-verification": {"href": format!("{base}/pacts/provider/{{provider}}/for-verification"), "templated": true},
        "pb:pacticipant": {"href": format!("{base}/pacticipants/{{pacticipant}}"), "templated": true},
        "curies": [{"name": "pb", "href": format!("{base}/doc/{{rel}}?context=index"), "templated": true}]
    }})
}

/// A pact document as the broker serves it: the pact plus `_links` and interaction `_id`s.
fn pact_document(base: &str, consumer: &str, sha: &str, interaction: Value) -> Value {
    json!({
        "consumer": {"name": consumer},
        "provider": {"name": "UserService"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
        "createdAt": "2026-01-01T00:00:00+00:00",
        "_links": {
            "self": {"href": format!("{base}/pacts/provider/UserService/consumer/{consumer}/pact-version/{sha}"), "title": "Pact"},
            "pb:consumer": {"href": format!("{base}/pacticipants/{consumer}"), "name": consumer},
            "pb:provider": {"href": format!("{base}/pacticipants/UserService"), "name": "UserService"},
            "pb:publish-verification-results": {
                "title": "Publish verification results",
                "href": format!("{base}/pacts/provider/UserService/consumer/{consumer}/pact-version/{sha}/metadata/c1tdW2xd/verification-results")
            }
        }
    })
}

async fn broker_with_two_pacts() -> MockServer {
    let broker = MockServer::start().await;
    let base = broker.uri();
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(hal(index(&base)))
        .mount(&broker)
        .await;
    Mock::given(method("POST")).and(path("/pacts/provider/UserService/for-verification"))
        .respond_with(hal(json!({
            "_embedded": {"pacts": [
                {"shortDescription": "latest from main of OrderWeb",
                 "verificationProperties": {"pending": false, "notices": [
                    {"when": "before_verification", "text": "The pact at ... is being verified because it matches the following configured selection criterion: latest pact for a consumer version from the main branch"},
                    {"when": "after_verification:success_true_published_true", "text": "This pact is no longer pending."}]},
                 "_links": {"self": {"href": format!("{base}/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa/metadata/c1tdW2xd"), "name": "Pact between OrderWeb (1.0.0) and UserService"}}},
                {"shortDescription": "latest from main of BillingWeb",
                 "verificationProperties": {"pending": true, "notices": [
                    {"when": "before_verification", "text": "This pact is in pending state for this version of UserService because a successful verification result for a version of UserService from branch 'main' has not yet been published."}]},
                 "_links": {"self": {"href": format!("{base}/pacts/provider/UserService/consumer/BillingWeb/pact-version/bbb/metadata/c1tdW2xd"), "name": "Pact between BillingWeb (3.0.0) and UserService"}}}
            ]},
            "_links": {"self": {"href": format!("{base}/pacts/provider/UserService/for-verification")}}
        })))
        .mount(&broker).await;
    Mock::given(method("GET"))
        .and(path(
            "/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa/metadata/c1tdW2xd",
        ))
        .respond_with(hal(pact_document(
            &base,
            "OrderWeb",
            "aaa",
            json!({
                "_id": "id-health", "description": "a health check",
                "request": {"method": "GET", "path": "/health"}, "response": {"status": 200}
            }),
        )))
        .mount(&broker)
        .await;
    Mock::given(method("GET"))
        .and(path(
            "/pacts/provider/UserService/consumer/BillingWeb/pact-version/bbb/metadata/c1tdW2xd",
        ))
        .respond_with(hal(pact_document(
            &base,
            "BillingWeb",
            "bbb",
            json!({
                "_id": "id-broken", "description": "a health check in a broken state",
                "providerStates": [{"name": "a broken state"}],
                "request": {"method": "GET", "path": "/health"}, "response": {"status": 200}
            }),
        )))
        .mount(&broker)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(&broker)
        .await;
    Mock::given(method("POST"))
        .and(path_suffix("/verification-results"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"success": true})))
        .mount(&broker)
        .await;
    broker
}

fn path_suffix(suffix: &'static str) -> impl wiremock::Match {
    move |request: &wiremock::Request| request.url.path().ends_with(suffix)
}

async fn received(broker: &MockServer, verb: &str, path_end: &str) -> Vec<(String, Value)> {
    broker
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.method.as_str() == verb && r.url.path().ends_with(path_end))
        .map(|r| {
            (
                r.url.path().to_string(),
                serde_json::from_slice(&r.body).unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// The paths of the PUTs the broker received (branches and tags), in order.
async fn put_paths(broker: &MockServer) -> Vec<String> {
    received(broker, "PUT", "")
        .await
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

#[tokio::test]
async fn pacts_for_verification_are_fetched_verified_and_results_published() {
    let provider = TestProvider::start();
    let broker = broker_with_two_pacts().await;
    let report = Verifier::new("UserService")
        .pacts_from_broker(
            Broker::new(broker.uri())
                .selectors([Selector::main_branch(), Selector::deployed_or_released()])
                .provider_branch("main")
                .enable_pending()
                .include_wip_pacts_since("2026-01-01"),
        )
        .provider_url(&provider.url)
        .state("a broken state", |_params| async { Err::<(), _>("boom") })
        .publish_results(
            ProviderVersion::new("2.0.0")
                .branch("main")
                .tags(["prod"])
                .build_url("http://ci.invalid/builds/7"),
        )
        .verify()
        .await;

    // The BillingWeb pact is pending: its failure is reported but does not fail the run.
    report.assert_passed();
    assert_eq!(report.pacts.len(), 2);
    assert!(report.pacts[1].pending);
    let text = report.to_string();
    assert!(
        text.contains("Notice: The pact at ... is being verified because it matches"),
        "{text}"
    );
    assert!(text.contains("This pact is PENDING"), "{text}");
    assert!(text.contains("Notice: This pact is no longer pending."), "{text}");

    let posted = received(&broker, "POST", "/for-verification").await;
    assert_eq!(
        posted[0].1,
        json!({
            "consumerVersionSelectors": [{"mainBranch": true}, {"deployedOrReleased": true}],
            "includePendingStatus": true,
            "providerVersionBranch": "main",
            "includeWipPactsSince": "2026-01-01"
        })
    );

    let puts = put_paths(&broker).await;
    assert_eq!(
        puts,
        [
            "/pacticipants/UserService/branches/main/versions/2.0.0",
            "/pacticipants/UserService/versions/2.0.0/tags/prod"
        ],
        "the provider version is branched and tagged once, before publishing"
    );

    let results = received(&broker, "POST", "/verification-results").await;
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0].0,
        "/pacts/provider/UserService/consumer/OrderWeb/pact-version/aaa/metadata/c1tdW2xd/verification-results"
    );
    assert_eq!(
        results[0].1,
        json!({
            "success": true,
            "providerApplicationVersion": "2.0.0",
            "verifiedBy": {"implementation": "pact-rs", "version": env!("CARGO_PKG_VERSION")},
            "buildUrl": "http://ci.invalid/builds/7",
            "testResults": [{"interactionId": "id-health", "interactionDescription": "a health check", "success": true}]
        })
    );
    assert_eq!(results[1].1["success"], false);
    assert_eq!(
        results[1].1["testResults"][0]["mismatches"],
        json!([{"attribute": "error", "description": "provider state 'a broken state' could not be set up: boom"}])
    );
    assert_eq!(results[1].1["testResults"][0]["interactionId"], "id-broken");
    assert!(
        text.contains("Verification results published to the Pact Broker."),
        "{text}"
    );
}

#[tokio::test]
async fn selector_errors_from_the_broker_are_shown_in_full() {
    let broker = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(hal(index(&broker.uri())))
        .mount(&broker)
        .await;
    Mock::given(method("POST"))
        .and(path("/pacts/provider/UserService/for-verification"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"errors": {
            "consumerVersionSelectors[0]": ["cannot specify mainBranch=true with branch"]
        }})))
        .mount(&broker)
        .await;
    let report = Verifier::new("UserService")
        .pacts_from_broker(
            Broker::new(broker.uri())
                .selector(Selector::from_json(r#"{"mainBranch": true, "branch": "feat-x"}"#).unwrap()),
        )
        .verify()
        .await;
    assert!(!report.passed());
    let text = report.to_string();
    assert!(text.contains("the Pact Broker rejected the request"), "{text}");
    assert!(text.contains("(HTTP 400)"), "{text}");
    assert!(
        text.contains(
            "\"consumerVersionSelectors[0]\": [\n    \"cannot specify mainBranch=true with branch\""
        ),
        "{text}"
    );
}

#[tokio::test]
async fn without_selectors_the_latest_provider_pacts_are_used_with_bearer_auth() {
    let provider = TestProvider::start();
    let broker = MockServer::start().await;
    let base = broker.uri();
    Mock::given(method("GET"))
        .and(path("/"))
        .and(header("authorization", "Bearer s3cret"))
        .respond_with(hal(index(&base)))
        .mount(&broker)
        .await;
    Mock::given(method("GET")).and(path("/pacts/provider/UserService/latest")).and(header("authorization", "Bearer s3cret"))
        .respond_with(hal(json!({"_links": {
            "self": {"href": format!("{base}/pacts/provider/UserService/latest")},
            "pb:pacts": [{"href": format!("{base}/pacts/provider/UserService/consumer/OrderWeb/version/1.0.0"), "name": "OrderWeb"}]
        }})))
        .mount(&broker).await;
    Mock::given(method("GET")).and(path("/pacts/provider/UserService/consumer/OrderWeb/version/1.0.0"))
        .and(header("authorization", "Bearer s3cret"))
        .respond_with(hal(pact_document(&base, "OrderWeb", "aaa", json!({
            "description": "a health check", "request": {"method": "GET", "path": "/health"}, "response": {"status": 200}
        }))))
        .mount(&broker).await;

    let report = Verifier::new("UserService")
        .pacts_from_broker(Broker::new(&base).token("s3cret"))
        .provider_url(&provider.url)
        .verify()
        .await;
    report.assert_passed();
    assert_eq!(report.pacts[0].consumer, "OrderWeb");
    assert_eq!(provider.db.requests(), ["GET /health"]);
    assert!(
        received(&broker, "POST", "").await.is_empty(),
        "no for-verification call without selectors"
    );
}

#[tokio::test]
async fn a_pact_url_with_basic_auth_is_fetched_and_verified() {
    let provider = TestProvider::start();
    let broker = MockServer::start().await;
    let base = broker.uri();
    // alice:secret
    Mock::given(method("GET")).and(path("/pacts/provider/UserService/consumer/OrderWeb/latest"))
        .and(header("authorization", "Basic YWxpY2U6c2VjcmV0"))
        .respond_with(hal(pact_document(&base, "OrderWeb", "aaa", json!({
            "description": "a health check", "request": {"method": "GET", "path": "/health"}, "response": {"status": 200}
        }))))
        .mount(&broker).await;
    let report = Verifier::new("UserService")
        .pact_url_with_auth(
            format!("{base}/pacts/provider/UserService/consumer/OrderWeb/latest"),
            pact_verifier::Auth::basic("alice", "secret"),
        )
        .provider_url(&provider.url)
        .verify()
        .await;
    report.assert_passed();
}

#[tokio::test]
async fn filtered_runs_are_not_published() {
    let provider = TestProvider::start();
    let broker = broker_with_two_pacts().await;
    let report = Verifier::new("UserService")
        .pacts_from_broker(Broker::new(broker.uri()).selectors([Selector::main_branch()]))
        .provider_url(&provider.url)
        .filter_consumer("OrderWeb")
        .publish_results(ProviderVersion::new("2.0.0"))
        .verify()
        .await;
    report.assert_passed();
    assert_eq!(report.pacts.len(), 1);
    assert!(
        received(&broker, "POST", "/verification-results")
            .await
            .is_empty()
    );
    assert!(
        report
            .to_string()
            .contains("Results not published: results were not published because interactions were filtered")
    );
}

#[tokio::test]
async fn body_of_pacts_for_verification_carries_tags_and_consumer_selectors() {
    let broker = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/"))
        .respond_with(hal(index(&broker.uri())))
        .mount(&broker)
        .await;
    Mock::given(method("POST"))
        .and(path("/pacts/provider/UserService/for-verification"))
        .and(body_json(json!({
            "consumerVersionSelectors": [{"tag": "prod", "latest": true}, {"matchingBranch": true, "consumer": "OrderWeb"}],
            "includePendingStatus": false,
            "providerVersionTags": ["prod"]
        })))
        .respond_with(hal(json!({"_embedded": {"pacts": []}})))
        .mount(&broker).await;
    let report = Verifier::new("UserService")
        .pacts_from_broker(
            Broker::new(broker.uri())
                .selectors([
                    Selector::latest_tag("prod"),
                    Selector::matching_branch().consumer("OrderWeb"),
                ])
                .provider_tags(["prod"]),
        )
        .ignore_no_pacts(true)
        .verify()
        .await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(received(&broker, "POST", "/for-verification").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_takes_broker_selectors_and_publishes_with_branch_and_tags() {
    let provider = TestProvider::start();
    let broker = broker_with_two_pacts().await;
    let mut cmd = verifier();
    cmd.args([
        "-b",
        &broker.uri(),
        "-n",
        "UserService",
        "-h",
        "127.0.0.1",
        "-p",
        &provider.port.to_string(),
    ])
    .args(["--consumer-version-selectors", r#"{"mainBranch": true}"#])
    .args([
        "--consumer-version-selectors",
        r#"{"deployedOrReleased": true, "consumer": "OrderWeb"}"#,
    ])
    .args(["--enable-pending", "--include-wip-pacts-since", "2026-01-01"])
    .args([
        "--publish",
        "--provider-version",
        "2.0.0",
        "--provider-branch",
        "main",
        "--provider-tags",
        "prod,staging",
    ])
    .args([
        "--build-url",
        "http://ci.invalid/1",
        "--no-colour",
        "--user",
        "alice",
        "--password",
        "secret",
    ]);
    let output = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let text = stdout(&output);
    // The BillingWeb pact's state is unknown to the provider's state URL (none given): its
    // interaction passes or fails, but it is pending either way.
    assert_eq!(output.status.code(), Some(0), "{text}");

    let posted = received(&broker, "POST", "/for-verification").await;
    assert_eq!(
        posted[0].1,
        json!({
            "consumerVersionSelectors": [{"mainBranch": true}, {"deployedOrReleased": true, "consumer": "OrderWeb"}],
            "includePendingStatus": true,
            "providerVersionBranch": "main",
            "providerVersionTags": ["prod", "staging"],
            "includeWipPactsSince": "2026-01-01"
        })
    );
    let puts = put_paths(&broker).await;
    assert_eq!(
        puts,
        [
            "/pacticipants/UserService/branches/main/versions/2.0.0",
            "/pacticipants/UserService/versions/2.0.0/tags/prod",
            "/pacticipants/UserService/versions/2.0.0/tags/staging"
        ]
    );
    let results = received(&broker, "POST", "/verification-results").await;
    assert_eq!(results.len(), 2, "{text}");
    assert_eq!(results[0].1["providerApplicationVersion"], "2.0.0");
    assert_eq!(results[0].1["buildUrl"], "http://ci.invalid/1");
    let auth: Vec<String> = broker
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|r| {
            r.headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .collect();
    assert!(auth.iter().all(|a| a == "Basic YWxpY2U6c2VjcmV0"), "{auth:?}");
}
