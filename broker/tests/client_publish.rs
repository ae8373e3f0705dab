//! `pact-broker publish` against a fake HAL broker: the requests it makes, what it prints,
//! how it exits.

mod client_support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use client_support::{FakeBroker, hal, hal_status, pact_broker, pact_json, run};
use serde_json::json;

fn publish_reply() -> serde_json::Value {
    json!({
        "notices": [
            { "type": "success", "text": "Created Foo version 1.0.0 with branch main and tags dev, rc" },
            { "type": "info", "text": "Pact published for Foo version 1.0.0 and provider Bar." },
            { "type": "prompt", "text": "Next steps: configure a webhook" }
        ],
        "_embedded": { "pacticipant": { "name": "Foo" }, "version": { "number": "1.0.0" } },
        "_links": { "pb:pacticipant-version": { "href": "http://x/pacticipants/Foo/versions/1.0.0" } }
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn publishing_a_folder_posts_every_pact_base64_encoded_with_the_version_properties() {
    let broker = FakeBroker::start().await;
    broker
        .on("POST", "/contracts/publish", hal(publish_reply()))
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let bar = pact_json("Foo", "Bar");
    let baz = pact_json("Foo", "Baz");
    std::fs::write(dir.path().join("Foo-Bar.json"), &bar).expect("write pact");
    std::fs::write(dir.path().join("Foo-Baz.json"), &baz).expect("write pact");
    std::fs::write(dir.path().join("notes.txt"), "not a pact").expect("write note");

    let mut command = pact_broker("publish", Some(&broker.uri()));
    command.arg(dir.path()).args([
        "-a",
        "1.0.0",
        "--branch",
        "main",
        "-t",
        "dev",
        "--tag",
        "rc",
        "--build-url",
        "http://ci/builds/1",
        "-u",
        "alice",
        "-p",
        "secret",
    ]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(
        broker.request_lines().await,
        vec!["GET /", "POST /contracts/publish"]
    );
    let requests = broker.requests().await;
    for request in &requests {
        assert_eq!(
            request.headers.get("accept").map(|v| v.to_str().unwrap_or("")),
            Some("application/hal+json, application/json")
        );
        assert_eq!(
            request
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap_or("")),
            Some(format!("Basic {}", BASE64.encode("alice:secret")).as_str())
        );
    }
    let contract = |provider: &str, content: &str| {
        json!({
            "consumerName": "Foo",
            "providerName": provider,
            "specification": "pact",
            "contentType": "application/json",
            "content": BASE64.encode(content),
            "onConflict": "overwrite"
        })
    };
    assert_eq!(
        broker.bodies("POST", "/contracts/publish").await,
        vec![json!({
            "pacticipantName": "Foo",
            "pacticipantVersionNumber": "1.0.0",
            "branch": "main",
            "tags": ["dev", "rc"],
            "buildUrl": "http://ci/builds/1",
            "contracts": [contract("Bar", &bar), contract("Baz", &baz)]
        })]
    );
    assert_eq!(
        outcome.stdout,
        "Created Foo version 1.0.0 with branch main and tags dev, rc\n\
         Pact published for Foo version 1.0.0 and provider Bar.\n\
         Next steps: configure a webhook\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_broker_url_and_bearer_token_come_from_the_environment() {
    let broker = FakeBroker::start().await;
    broker
        .on("POST", "/contracts/publish", hal(publish_reply()))
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("Foo-Bar.json");
    std::fs::write(&file, pact_json("Foo", "Bar")).expect("write pact");

    let mut command = pact_broker("publish", None);
    command
        .arg(&file)
        .args(["--consumer-app-version", "2.0.0", "--merge"])
        .env("PACT_BROKER_BASE_URL", broker.uri())
        .env("PACT_BROKER_TOKEN", "t0ken");
    run(command).await.assert_code(0);

    for request in broker.requests().await {
        assert_eq!(
            request
                .headers
                .get("authorization")
                .map(|v| v.to_str().unwrap_or("")),
            Some("Bearer t0ken")
        );
    }
    let body = &broker.bodies("POST", "/contracts/publish").await[0];
    assert_eq!(body["pacticipantVersionNumber"], "2.0.0");
    assert_eq!(body["contracts"][0]["onConflict"], "merge");
    assert!(body.get("branch").is_none() && body.get("tags").is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_409_shows_the_brokers_error_and_diff_and_exits_1() {
    let broker = FakeBroker::start().await;
    broker
        .on(
            "POST",
            "/contracts/publish",
            hal_status(
                409,
                json!({ "notices": [
                    { "type": "error", "text": "Cannot change the content of the pact for Foo version 1.0.0 and provider Bar" },
                    { "type": "info", "text": "-  \"status\": 200\n+  \"status\": 201" }
                ]}),
            ),
        )
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.json"), pact_json("Foo", "Bar")).expect("write pact");

    let mut command = pact_broker("publish", Some(&broker.uri()));
    command.arg(dir.path()).args(["-a", "1.0.0"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert!(
        outcome.stderr.contains(
            "409 Conflict: Cannot change the content of the pact for Foo version 1.0.0 and provider Bar"
        ),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("+  \"status\": 201"),
        "{}",
        outcome.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn validation_errors_are_listed_by_field_and_exit_1() {
    let broker = FakeBroker::start().await;
    broker
        .on(
            "POST",
            "/contracts/publish",
            hal_status(
                400,
                json!({ "errors": { "pacticipantVersionNumber": ["can't be blank"] } }),
            ),
        )
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.json"), pact_json("Foo", "Bar")).expect("write pact");

    let mut command = pact_broker("publish", Some(&broker.uri()));
    command.arg(dir.path()).args(["-a", " "]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert!(
        outcome
            .stderr
            .contains("(HTTP 400): pacticipantVersionNumber: can't be blank"),
        "{}",
        outcome.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn pacts_of_several_consumers_are_refused_before_anything_is_sent() {
    let broker = FakeBroker::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.json"), pact_json("Foo", "Bar")).expect("write pact");
    std::fs::write(dir.path().join("b.json"), pact_json("Qux", "Bar")).expect("write pact");

    let mut command = pact_broker("publish", Some(&broker.uri()));
    command.arg(dir.path()).args(["-a", "1"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert!(
        outcome
            .stderr
            .contains("the pact files belong to several consumers (Foo, Qux)"),
        "{}",
        outcome.stderr
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
async fn a_file_that_is_not_a_pact_is_named_in_the_error() {
    let broker = FakeBroker::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("broken.json");
    std::fs::write(&file, "{ not json").expect("write file");

    let mut command = pact_broker("publish", Some(&broker.uri()));
    command.arg(&file).args(["-a", "1"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert!(
        outcome.stderr.contains("broken.json is not valid JSON"),
        "{}",
        outcome.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_version_branch_and_build_url_are_detected_from_ci_variables() {
    let broker = FakeBroker::start().await;
    broker
        .on("POST", "/contracts/publish", hal(publish_reply()))
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.json"), pact_json("Foo", "Bar")).expect("write pact");

    let mut command = pact_broker("publish", Some(&broker.uri()));
    command
        .arg(dir.path())
        .arg("--auto-detect-version-properties")
        .env_remove("GITHUB_HEAD_REF")
        .env("GITHUB_SHA", "0123abc")
        .env("GITHUB_REF_NAME", "feature/login")
        .env("GITHUB_SERVER_URL", "https://github.example")
        .env("GITHUB_REPOSITORY", "acme/foo")
        .env("GITHUB_RUN_ID", "77");
    run(command).await.assert_code(0);

    let body = &broker.bodies("POST", "/contracts/publish").await[0];
    assert_eq!(body["pacticipantVersionNumber"], "0123abc");
    assert_eq!(body["branch"], "feature/login");
    assert_eq!(
        body["buildUrl"],
        "https://github.example/acme/foo/actions/runs/77"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broker_without_publish_contracts_gets_branch_tags_and_each_pact_put() {
    let broker = FakeBroker::start_bare().await;
    let base = broker.uri();
    let mut index = client_support::index_links(&base);
    index["_links"]
        .as_object_mut()
        .expect("links object")
        .remove("pb:publish-contracts");
    broker.on_get("/", hal(index)).await;
    broker
        .on(
            "PUT",
            "/pacticipants/Foo/branches/main/versions/1.0.0",
            hal(json!({})),
        )
        .await;
    broker
        .on(
            "PUT",
            "/pacticipants/Foo/versions/1.0.0/tags/dev",
            hal_status(201, json!({})),
        )
        .await;
    broker
        .on(
            "PUT",
            "/pacts/provider/Bar%20Service/consumer/Foo/version/1.0.0",
            hal_status(201, json!({})),
        )
        .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let pact = pact_json("Foo", "Bar Service");
    std::fs::write(dir.path().join("p.json"), &pact).expect("write pact");

    let mut command = pact_broker("publish", Some(&base));
    command
        .arg(dir.path())
        .args(["-a", "1.0.0", "--branch", "main", "-t", "dev"]);
    let outcome = run(command).await;

    outcome.assert_code(0);
    assert_eq!(
        broker.request_lines().await,
        vec![
            "GET /",
            "PUT /pacticipants/Foo/branches/main/versions/1.0.0",
            "PUT /pacticipants/Foo/versions/1.0.0/tags/dev",
            "PUT /pacts/provider/Bar%20Service/consumer/Foo/version/1.0.0",
        ]
    );
    let published = broker
        .bodies("PUT", "/pacts/provider/Bar%20Service/consumer/Foo/version/1.0.0")
        .await;
    assert_eq!(
        published,
        vec![serde_json::from_str::<serde_json::Value>(&pact).expect("pact JSON")]
    );
    assert!(
        outcome
            .stdout
            .contains("Published pact between Foo and Bar Service (version 1.0.0)"),
        "{}",
        outcome.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_broker_is_one_clear_error_with_a_hint() {
    // Bind then drop a listener so the port is (almost certainly) closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.json"), pact_json("Foo", "Bar")).expect("write pact");

    let mut command = pact_broker("publish", Some(&format!("http://127.0.0.1:{port}")));
    command.arg(dir.path()).args(["-a", "1"]);
    let outcome = run(command).await;

    outcome.assert_code(1);
    assert!(
        outcome
            .stderr
            .starts_with("error: could not GET http://127.0.0.1:"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("hint: check --broker-base-url"),
        "{}",
        outcome.stderr
    );
}
