//! End to end: our client commands against our own broker server (`pact-broker serve`) on
//! 127.0.0.1 with a temporary SQLite file: publish → describe-version → create-environment →
//! record-deployment → can-i-deploy (unknown, then yes once a verification is published).

mod client_support;

use client_support::{pact_broker, pact_json, run, start_server};
use serde_json::{Value, json};

/// Publishes a successful verification of Foo 1.0.0's pact by Bar 2.0.0, following the
/// broker's links like a verifier does.
async fn publish_verification(broker: &str) {
    let http = reqwest::Client::new();
    let pact: Value = http
        .get(format!("{broker}/pacts/provider/Bar/consumer/Foo/version/1.0.0"))
        .header("Accept", "application/hal+json")
        .send()
        .await
        .expect("GET pact")
        .json()
        .await
        .expect("pact JSON");
    let href = pact["_links"]["pb:publish-verification-results"]["href"]
        .as_str()
        .expect("the pact links to pb:publish-verification-results")
        .to_string();
    let status = http
        .post(href)
        .header("Content-Type", "application/json")
        .body(json!({ "success": true, "providerApplicationVersion": "2.0.0" }).to_string())
        .send()
        .await
        .expect("POST verification")
        .status();
    assert!(status.is_success(), "verification publication got {status}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_drives_our_own_broker_from_publication_to_deployment() {
    let server = tokio::task::spawn_blocking(start_server)
        .await
        .expect("server thread");
    let broker = server.url.clone();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Foo-Bar.json"), pact_json("Foo", "Bar")).expect("write pact");

    let mut publish = pact_broker("publish", Some(&broker));
    publish
        .arg(dir.path())
        .args(["-a", "1.0.0", "--branch", "main", "-t", "dev"]);
    run(publish).await.assert_code(0);

    let mut describe = pact_broker("describe-version", Some(&broker));
    describe.args(["-a", "Foo", "-e", "1.0.0"]);
    let described = run(describe).await;
    described.assert_code(0);
    assert!(
        described.stdout.contains("1.0.0") && described.stdout.contains("main"),
        "{}",
        described.stdout
    );

    let mut environment = pact_broker("create-environment", Some(&broker));
    environment.args(["--name", "production", "--production"]);
    let created = run(environment).await;
    created.assert_code(0);
    assert!(created.stdout.starts_with("Created production environment"));

    let mut provider_version = pact_broker("create-version-tag", Some(&broker));
    provider_version.args(["-a", "Bar", "-e", "2.0.0", "-t", "prod", "--auto-create-version"]);
    run(provider_version).await.assert_code(0);

    let mut deploy_bar = pact_broker("record-deployment", Some(&broker));
    deploy_bar.args(["-a", "Bar", "-e", "2.0.0", "--environment", "production"]);
    run(deploy_bar).await.assert_code(0);

    let can_i_deploy = || {
        let mut command = pact_broker("can-i-deploy", Some(&broker));
        command.args(["-a", "Foo", "-e", "1.0.0", "--to-environment", "production"]);
        command
    };
    let before = run(can_i_deploy()).await;
    before.assert_code(1);
    assert!(before.stdout.starts_with("Computer says no"), "{}", before.stdout);

    publish_verification(&broker).await;

    let after = run(can_i_deploy()).await;
    after.assert_code(0);
    assert!(
        after.stdout.starts_with("Computer says yes \\o/"),
        "{}",
        after.stdout
    );
    assert!(
        after.stdout.contains("| Bar      | 2.0.0     | true"),
        "{}",
        after.stdout
    );

    let mut deploy_foo = pact_broker("record-deployment", Some(&broker));
    deploy_foo.args(["-a", "Foo", "-e", "1.0.0", "--environment", "production"]);
    run(deploy_foo).await.assert_code(0);

    let mut undeploy_foo = pact_broker("record-undeployment", Some(&broker));
    undeploy_foo.args(["-a", "Foo", "--environment", "production"]);
    let undeployed = run(undeploy_foo).await;
    undeployed.assert_code(0);
    assert_eq!(
        undeployed.stdout,
        "Recorded undeployment of Foo version 1.0.0 from production environment in the Pact Broker.\n"
    );
}
