//! `record-deployment`, `record-undeployment`, `record-release` and `record-support-ended`
//! against a fake HAL broker.

mod client_support;

use client_support::{FakeBroker, hal, hal_status, pact_broker, run};
use serde_json::{Value, json};

const PRODUCTION_UUID: &str = "c540ce64-5493-48c5-ab7c-28dae27b166b";

/// Version 1.0.0 of Foo, with record links for the test and production environments.
async fn mount_version(broker: &FakeBroker) {
    let base = broker.uri();
    let record = |kind: &str, env: &str, uuid: &str| {
        json!({
            "href": format!("{base}/pacticipants/Foo/versions/1.0.0/{kind}/environment/{uuid}"),
            "name": env,
            "title": format!("Record {kind} to {env}")
        })
    };
    broker
        .on_get(
            "/pacticipants/Foo/versions/1.0.0",
            hal(json!({
                "number": "1.0.0",
                "_links": {
                    "self": { "href": format!("{base}/pacticipants/Foo/versions/1.0.0") },
                    "pb:record-deployment": [
                        record("deployed-versions", "test", "aaaa"),
                        record("deployed-versions", "production", PRODUCTION_UUID)
                    ],
                    "pb:record-release": [
                        record("released-versions", "test", "aaaa"),
                        record("released-versions", "production", PRODUCTION_UUID)
                    ]
                }
            })),
        )
        .await;
}

/// `/environments` (test, production) and the production environment's resource.
async fn mount_environments(broker: &FakeBroker) {
    let base = broker.uri();
    broker
        .on_get(
            "/environments",
            hal(json!({
                "_embedded": { "environments": [
                    { "uuid": "aaaa", "name": "test", "production": false,
                      "_links": { "self": { "href": format!("{base}/environments/aaaa") } } },
                    { "uuid": PRODUCTION_UUID, "name": "production", "production": true,
                      "_links": { "self": { "href": format!("{base}/environments/{PRODUCTION_UUID}") } } }
                ]}
            })),
        )
        .await;
    broker
        .on_get(
            &format!("/environments/{PRODUCTION_UUID}"),
            hal(json!({
                "uuid": PRODUCTION_UUID,
                "name": "production",
                "_links": {
                    "pb:currently-deployed-deployed-versions": {
                        "href": format!("{base}/environments/{PRODUCTION_UUID}/deployed-versions/currently-deployed")
                    },
                    "pb:currently-supported-released-versions": {
                        "href": format!("{base}/environments/{PRODUCTION_UUID}/released-versions/currently-supported")
                    }
                }
            })),
        )
        .await;
}

fn current(base: &str, kind: &str, uuid: &str, version: &str, instance: Option<&str>) -> Value {
    json!({
        "uuid": uuid,
        "applicationInstance": instance,
        "_embedded": {
            "pacticipant": { "name": "Foo" },
            "version": { "number": version }
        },
        "_links": { "self": { "href": format!("{base}/{kind}/{uuid}") } }
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn record_deployment_posts_to_the_versions_link_named_after_the_environment() {
    let broker = FakeBroker::start().await;
    mount_version(&broker).await;
    let target = format!("/pacticipants/Foo/versions/1.0.0/deployed-versions/environment/{PRODUCTION_UUID}");
    broker
        .on(
            "POST",
            &target,
            hal_status(201, json!({ "uuid": "d1", "currentlyDeployed": true })),
        )
        .await;

    let mut command = pact_broker("record-deployment", Some(&broker.uri()));
    command.args([
        "--pacticipant",
        "Foo",
        "--version",
        "1.0.0",
        "--environment",
        "production",
        "--application-instance",
        "blue",
    ]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(
        broker.request_lines().await,
        vec![
            "GET /".to_string(),
            "GET /pacticipants/Foo/versions/1.0.0".to_string(),
            format!("POST {target}"),
        ]
    );
    assert_eq!(
        broker.bodies("POST", &target).await,
        vec![json!({ "applicationInstance": "blue" })]
    );
    assert_eq!(
        outcome.stdout,
        "Recorded deployment of Foo version 1.0.0 to production environment (application instance blue) in the Pact Broker.\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn recording_a_deployment_to_an_unknown_environment_names_the_known_ones() {
    let broker = FakeBroker::start().await;
    mount_version(&broker).await;
    mount_environments(&broker).await;

    let mut command = pact_broker("record-deployment", Some(&broker.uri()));
    command.args(["-a", "Foo", "-e", "1.0.0", "--environment", "staging"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert_eq!(
        outcome.stderr,
        "error: no environment named 'staging' exists in the broker (known environments: test, production)\n"
    );
    assert!(
        broker
            .request_lines()
            .await
            .iter()
            .all(|line| !line.starts_with("POST"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn recording_a_deployment_of_a_missing_version_says_so() {
    let broker = FakeBroker::start().await;
    broker
        .on_get(
            "/pacticipants/Foo/versions/9.9.9",
            hal_status(404, json!({ "error": "No version 9.9.9 of Foo" })),
        )
        .await;

    let mut command = pact_broker("record-deployment", Some(&broker.uri()));
    command.args(["-a", "Foo", "-e", "9.9.9", "--environment", "production"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert_eq!(
        outcome.stderr,
        "error: version 9.9.9 of Foo does not exist in the broker\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn record_release_posts_an_empty_body_to_the_record_release_link() {
    let broker = FakeBroker::start().await;
    mount_version(&broker).await;
    let target = format!("/pacticipants/Foo/versions/1.0.0/released-versions/environment/{PRODUCTION_UUID}");
    broker
        .on("POST", &target, hal_status(201, json!({ "uuid": "r1" })))
        .await;

    let mut command = pact_broker("record-release", Some(&broker.uri()));
    command.args(["-a", "Foo", "-e", "1.0.0", "--environment", "production"]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(broker.bodies("POST", &target).await, vec![json!({})]);
    assert_eq!(
        outcome.stdout,
        "Recorded release of Foo version 1.0.0 to production environment in the Pact Broker.\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn record_undeployment_patches_the_current_deployment_of_that_instance() {
    let broker = FakeBroker::start().await;
    mount_environments(&broker).await;
    let base = broker.uri();
    broker
        .on_get(
            &format!("/environments/{PRODUCTION_UUID}/deployed-versions/currently-deployed"),
            hal(json!({ "_embedded": { "deployedVersions": [
                current(&base, "deployed-versions", "d-blue", "1.0.0", Some("blue")),
                current(&base, "deployed-versions", "d-green", "0.9.0", Some("green"))
            ]}})),
        )
        .await;
    broker
        .on(
            "PATCH",
            "/deployed-versions/d-blue",
            hal(json!({ "currentlyDeployed": false })),
        )
        .await;

    let mut command = pact_broker("record-undeployment", Some(&broker.uri()));
    command.args([
        "--pacticipant",
        "Foo",
        "--environment",
        "production",
        "--application-instance",
        "blue",
    ]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(
        broker.request_lines().await,
        vec![
            "GET /".to_string(),
            "GET /environments".to_string(),
            format!("GET /environments/{PRODUCTION_UUID}"),
            format!(
                "GET /environments/{PRODUCTION_UUID}/deployed-versions/currently-deployed?pacticipant=Foo"
            ),
            "PATCH /deployed-versions/d-blue".to_string(),
        ]
    );
    assert_eq!(
        broker.bodies("PATCH", "/deployed-versions/d-blue").await,
        vec![json!({ "currentlyDeployed": false })]
    );
    let patch = broker
        .requests()
        .await
        .into_iter()
        .find(|r| r.method.as_str() == "PATCH")
        .expect("a PATCH was sent");
    assert_eq!(
        patch
            .headers
            .get("content-type")
            .map(|v| v.to_str().unwrap_or("")),
        Some("application/merge-patch+json")
    );
    assert_eq!(
        outcome.stdout,
        "Recorded undeployment of Foo version 1.0.0 from production environment (application instance blue) in the Pact Broker.\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn undeploying_something_not_deployed_lists_the_instances_and_exits_1() {
    let broker = FakeBroker::start().await;
    mount_environments(&broker).await;
    let base = broker.uri();
    broker
        .on_get(
            &format!("/environments/{PRODUCTION_UUID}/deployed-versions/currently-deployed"),
            hal(json!({ "_embedded": { "deployedVersions": [
                current(&base, "deployed-versions", "d-blue", "1.0.0", Some("blue"))
            ]}})),
        )
        .await;

    let mut command = pact_broker("record-undeployment", Some(&broker.uri()));
    command.args(["-a", "Foo", "--environment", "production"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert_eq!(
        outcome.stderr,
        "error: Foo is not currently deployed to production environment. Cannot record undeployment. \
         It is deployed to these application instances: blue; pass one with --application-instance.\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn record_support_ended_patches_the_released_version() {
    let broker = FakeBroker::start().await;
    mount_environments(&broker).await;
    let base = broker.uri();
    broker
        .on_get(
            &format!("/environments/{PRODUCTION_UUID}/released-versions/currently-supported"),
            hal(json!({ "_embedded": { "releasedVersions": [
                current(&base, "released-versions", "r-1", "1.0.0", None),
                current(&base, "released-versions", "r-2", "2.0.0", None)
            ]}})),
        )
        .await;
    broker
        .on(
            "PATCH",
            "/released-versions/r-2",
            hal(json!({ "currentlySupported": false })),
        )
        .await;

    let mut command = pact_broker("record-support-ended", Some(&broker.uri()));
    command.args(["-a", "Foo", "-e", "2.0.0", "--environment", "production"]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(
        broker.bodies("PATCH", "/released-versions/r-2").await,
        vec![json!({ "currentlySupported": false })]
    );
    assert!(broker.bodies("PATCH", "/released-versions/r-1").await.is_empty());
    assert_eq!(
        outcome.stdout,
        "Recorded support ended of Foo version 2.0.0 in production environment in the Pact Broker.\n"
    );
}
