//! `create-environment`, `describe-version`, `create-version-tag` and
//! `create-or-update-pacticipant` against a fake HAL broker.

mod client_support;

use client_support::{FakeBroker, hal, hal_status, pact_broker, run};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn create_environment_posts_to_the_environments_relation() {
    let broker = FakeBroker::start().await;
    broker
        .on(
            "POST",
            "/environments",
            hal_status(
                201,
                json!({ "uuid": "1234", "name": "uat", "displayName": "UAT", "production": false }),
            ),
        )
        .await;

    let mut command = pact_broker("create-environment", Some(&broker.uri()));
    command.args([
        "--name",
        "uat",
        "--display-name",
        "UAT",
        "--contact-name",
        "Team A",
        "--contact-email-address",
        "a@example.com",
    ]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(broker.request_lines().await, vec!["GET /", "POST /environments"]);
    assert_eq!(
        broker.bodies("POST", "/environments").await,
        vec![json!({
            "name": "uat",
            "displayName": "UAT",
            "production": false,
            "contacts": [{ "name": "Team A", "details": { "emailAddress": "a@example.com" } }]
        })]
    );
    assert_eq!(
        outcome.stdout,
        "Created uat environment in the Pact Broker with UUID 1234\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_duplicate_environment_shows_the_brokers_validation_error() {
    let broker = FakeBroker::start().await;
    broker
        .on(
            "POST",
            "/environments",
            hal_status(
                400,
                json!({ "errors": { "name": ["Another environment with name 'production' already exists."] } }),
            ),
        )
        .await;

    let mut command = pact_broker("create-environment", Some(&broker.uri()));
    command.args(["--name", "production", "--production"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert_eq!(
        broker.bodies("POST", "/environments").await,
        vec![json!({ "name": "production", "production": true })]
    );
    assert!(
        outcome
            .stderr
            .contains("name: Another environment with name 'production' already exists."),
        "{}",
        outcome.stderr
    );
}

fn version_body() -> serde_json::Value {
    json!({
        "number": "1.3.0",
        "_embedded": {
            "branchVersions": [{ "name": "main", "latest": true }],
            "tags": [{ "name": "prod" }, { "name": "dev" }]
        }
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn describe_version_shows_a_version_table() {
    let broker = FakeBroker::start().await;
    broker
        .on_get("/pacticipants/Condor/versions/1.3.0", hal(version_body()))
        .await;

    let mut command = pact_broker("describe-version", Some(&broker.uri()));
    command.args(["--pacticipant", "Condor", "--version", "1.3.0"]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(
        outcome.stdout,
        "VERSION | BRANCHES | TAGS\n\
         --------|----------|----------\n\
         1.3.0   | main     | prod, dev\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn describe_version_follows_the_latest_and_latest_tagged_relations() {
    let broker = FakeBroker::start().await;
    broker
        .on_get("/pacticipants/Condor/latest-version", hal(version_body()))
        .await;
    broker
        .on_get("/pacticipants/Condor/latest-version/prod", hal(version_body()))
        .await;

    let mut latest = pact_broker("describe-version", Some(&broker.uri()));
    latest.args(["-a", "Condor", "-o", "json"]);
    let outcome = run(latest).await;
    outcome.assert_code(0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&outcome.stdout).expect("JSON"),
        version_body()
    );

    let mut tagged = pact_broker("describe-version", Some(&broker.uri()));
    tagged.args(["-a", "Condor", "--latest", "prod"]);
    run(tagged).await.assert_code(0);

    assert_eq!(
        broker.request_lines().await,
        vec![
            "GET /",
            "GET /pacticipants/Condor/latest-version",
            "GET /",
            "GET /pacticipants/Condor/latest-version/prod"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn describing_a_missing_version_exits_1() {
    let broker = FakeBroker::start().await;
    broker
        .on_get("/pacticipants/Condor/latest-version", hal_status(404, json!({})))
        .await;

    let mut command = pact_broker("describe-version", Some(&broker.uri()));
    command.args(["-a", "Condor"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert_eq!(
        outcome.stderr,
        "error: version latest of Condor does not exist in the broker\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn create_version_tag_checks_the_version_then_puts_each_tag() {
    let broker = FakeBroker::start().await;
    broker
        .on_get("/pacticipants/Foo/versions/1.0.0", hal(version_body()))
        .await;
    broker
        .on(
            "PUT",
            "/pacticipants/Foo/versions/1.0.0/tags/prod",
            hal_status(201, json!({ "name": "prod" })),
        )
        .await;
    broker
        .on(
            "PUT",
            "/pacticipants/Foo/versions/1.0.0/tags/release%201",
            hal_status(201, json!({ "name": "release 1" })),
        )
        .await;

    let mut command = pact_broker("create-version-tag", Some(&broker.uri()));
    command.args(["-a", "Foo", "-e", "1.0.0", "-t", "prod", "--tag", "release 1"]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(
        broker.request_lines().await,
        vec![
            "GET /",
            "GET /pacticipants/Foo/versions/1.0.0",
            "PUT /pacticipants/Foo/versions/1.0.0/tags/prod",
            "PUT /pacticipants/Foo/versions/1.0.0/tags/release%201",
        ]
    );
    assert_eq!(
        broker
            .bodies("PUT", "/pacticipants/Foo/versions/1.0.0/tags/prod")
            .await,
        vec![json!({})]
    );
    assert_eq!(
        outcome.stdout,
        "Tagged Foo version 1.0.0 with 'prod' in the Pact Broker.\n\
         Tagged Foo version 1.0.0 with 'release 1' in the Pact Broker.\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_pacticipant_is_posted_and_an_existing_one_patched() {
    let broker = FakeBroker::start().await;
    let base = broker.uri();
    broker
        .on_get("/pacticipants/New", hal_status(404, json!({})))
        .await;
    broker
        .on("POST", "/pacticipants", hal_status(201, json!({ "name": "New" })))
        .await;
    broker
        .on_get(
            "/pacticipants/Old",
            hal(json!({ "name": "Old", "_links": { "self": { "href": format!("{base}/pacticipants/Old") } } })),
        )
        .await;
    broker
        .on("PATCH", "/pacticipants/Old", hal(json!({ "name": "Old" })))
        .await;

    let mut create = pact_broker("create-or-update-pacticipant", Some(&base));
    create.args([
        "--name",
        "New",
        "--main-branch",
        "main",
        "--repository-url",
        "https://git.example/new",
    ]);
    let created = run(create).await;
    let mut update = pact_broker("create-or-update-pacticipant", Some(&base));
    update.args(["--name", "Old", "--display-name", "The Old One"]);
    let updated = run(update).await;

    created.assert_code(0);
    updated.assert_code(0);
    assert_eq!(created.stdout, "Pacticipant \"New\" created\n");
    assert_eq!(updated.stdout, "Pacticipant \"Old\" updated\n");
    assert_eq!(
        broker.bodies("POST", "/pacticipants").await,
        vec![json!({ "name": "New", "mainBranch": "main", "repositoryUrl": "https://git.example/new" })]
    );
    assert_eq!(
        broker.bodies("PATCH", "/pacticipants/Old").await,
        vec![json!({ "name": "Old", "displayName": "The Old One" })]
    );
}
