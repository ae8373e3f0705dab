//! The matrix and can-i-deploy on scenarios: missing, failed and successful verifications, several
//! provider versions in one environment, ignored pacticipants, branches and tags; deployments.
#![allow(clippy::unwrap_used)]

mod server_support;

use serde_json::{Value, json};
use server_support::{Db, TestBroker};

async fn can_i_deploy(b: &TestBroker, query: &str) -> Value {
    let reply = b.get(&format!("/can-i-deploy?{query}")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

async fn matrix(b: &TestBroker, query: &str) -> Value {
    let reply = b.get(&format!("/matrix?{query}")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

async fn unknown_when_the_pact_was_never_verified(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", Some("main"), &[], &json!({})).await;
    b.put("/pacticipants/Api/versions/10", json!({})).await;
    b.deploy("Api", "10", &prod).await;
    let body = can_i_deploy(&b, "pacticipant=Web&version=1&environment=production").await;
    assert_eq!(body["summary"]["deployable"], Value::Null);
    assert_eq!(body["summary"]["unknown"], 1);
    assert!(
        body["summary"]["reason"]
            .as_str()
            .unwrap()
            .contains("There is no verified pact between version 1 of Web and version 10 of Api")
    );
    assert_eq!(body["matrix"][0]["verificationResult"], Value::Null);
    assert_eq!(body["matrix"][0]["consumer"]["version"]["number"], "1");
    assert_eq!(body["matrix"][0]["consumer"]["version"]["branch"], "main");
}
on_every_database!(
    unknown_when_the_pact_was_never_verified_on_each_database,
    unknown_when_the_pact_was_never_verified
);

async fn unknown_when_the_provider_is_not_in_the_environment(db: Db) {
    let b = TestBroker::start(db).await;
    b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    b.verify("Api", "Web", "1", "10", true).await;
    let body = can_i_deploy(&b, "pacticipant=Web&version=1&environment=production").await;
    assert_eq!(body["summary"]["deployable"], Value::Null);
    assert_eq!(body["matrix"][0]["provider"]["version"], Value::Null);
    let reason = body["summary"]["reason"].as_str().unwrap();
    assert!(reason.contains("There is no verified pact between version 1 of Web and a version of Api currently in production (no version is currently recorded as deployed/released in this environment)"), "{reason}");
}
on_every_database!(
    unknown_when_the_provider_is_not_in_the_environment_on_each_database,
    unknown_when_the_provider_is_not_in_the_environment
);

async fn deployable_when_the_deployed_provider_verified_it(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    b.verify("Api", "Web", "1", "10", true).await;
    b.deploy("Api", "10", &prod).await;
    let body = can_i_deploy(&b, "pacticipant=Web&version=1&environment=production").await;
    assert_eq!(
        body["summary"],
        json!({"deployable": true, "reason": "All required verification results are published and successful", "success": 1, "failed": 0, "unknown": 0})
    );
    assert_eq!(body["notices"][0]["type"], "success");
    let row = &body["matrix"][0];
    assert_eq!(row["provider"]["version"]["number"], "10");
    assert_eq!(
        row["provider"]["version"]["environments"][0]["name"],
        "production"
    );
    assert_eq!(row["verificationResult"]["success"], true);
    assert!(
        row["pact"]["_links"]["self"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/pacts/provider/Api/consumer/Web/version/1")
    );
    // The reference CLI's query form gives the same answer.
    let m = matrix(
        &b,
        "q[][pacticipant]=Web&q[][version]=1&latestby=cvpv&environment=production",
    )
    .await;
    assert_eq!(m["summary"]["deployable"], true);
}
on_every_database!(
    deployable_when_the_deployed_provider_verified_it_on_each_database,
    deployable_when_the_deployed_provider_verified_it
);

async fn not_deployable_when_the_verification_failed(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    b.verify("Api", "Web", "1", "10", false).await;
    b.deploy("Api", "10", &prod).await;
    let body = can_i_deploy(&b, "pacticipant=Web&version=1&environment=production").await;
    assert_eq!(body["summary"]["deployable"], false);
    assert_eq!(body["summary"]["failed"], 1);
    assert!(
        body["summary"]["reason"]
            .as_str()
            .unwrap()
            .contains("The verification for the pact between version 1 of Web and version 10 of Api failed")
    );
}
on_every_database!(
    not_deployable_when_the_verification_failed_on_each_database,
    not_deployable_when_the_verification_failed
);

async fn every_provider_version_deployed_in_the_environment_counts(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    b.verify("Api", "Web", "1", "10", true).await;
    b.verify("Api", "Web", "1", "11", false).await;
    b.post(
        &format!("/pacticipants/Api/versions/10/deployed-versions/environment/{prod}"),
        json!({"applicationInstance": "blue"}),
    )
    .await;
    b.post(
        &format!("/pacticipants/Api/versions/11/deployed-versions/environment/{prod}"),
        json!({"applicationInstance": "green"}),
    )
    .await;
    let body = can_i_deploy(&b, "pacticipant=Web&version=1&environment=production").await;
    assert_eq!(body["summary"]["deployable"], false, "{body}");
    assert_eq!(body["summary"]["success"], 1);
    assert_eq!(body["summary"]["failed"], 1);
    // Undeploying the failing instance makes it deployable.
    let current = b.get(&format!("/environments/{prod}/deployed-versions/currently-deployed?pacticipant=Api&applicationInstance=green")).await;
    let green = current.body["_embedded"]["deployedVersions"][0]["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://broker.test")
        .to_string();
    let undeployed = b.patch(&green, json!({"currentlyDeployed": false})).await;
    assert_eq!(undeployed.status, 200);
    assert_eq!(undeployed.body["currentlyDeployed"], false);
    assert_eq!(
        b.patch(&green, json!({"currentlyDeployed": true})).await.status,
        422
    );
    assert_eq!(
        can_i_deploy(&b, "pacticipant=Web&version=1&environment=production").await["summary"]["deployable"],
        true
    );
}
on_every_database!(
    every_provider_version_deployed_in_the_environment_counts_on_each_database,
    every_provider_version_deployed_in_the_environment_counts
);

async fn a_new_deployment_replaces_the_previous_one_of_the_same_instance(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.put("/pacticipants/Api/versions/1", json!({})).await;
    b.put("/pacticipants/Api/versions/2", json!({})).await;
    assert_eq!(b.deploy("Api", "1", &prod).await.status, 201);
    assert_eq!(b.deploy("Api", "2", &prod).await.status, 201);
    assert_eq!(b.deploy("Api", "2", &prod).await.status, 200, "idempotent");
    let current = b
        .get(&format!(
            "/environments/{prod}/deployed-versions/currently-deployed?pacticipant=Api"
        ))
        .await;
    let list = current.body["_embedded"]["deployedVersions"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["_embedded"]["version"]["number"], "2");
    // Releases accumulate.
    b.post(
        &format!("/pacticipants/Api/versions/1/released-versions/environment/{prod}"),
        json!({}),
    )
    .await;
    b.post(
        &format!("/pacticipants/Api/versions/2/released-versions/environment/{prod}"),
        json!({}),
    )
    .await;
    let supported = b
        .get(&format!(
            "/environments/{prod}/released-versions/currently-supported"
        ))
        .await;
    assert_eq!(
        supported.body["_embedded"]["releasedVersions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
on_every_database!(
    a_new_deployment_replaces_the_previous_one_of_the_same_instance_on_each_database,
    a_new_deployment_replaces_the_previous_one_of_the_same_instance
);

async fn ignored_pacticipants_do_not_count(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    let pact_with_baz = server_support::pact_json("Web", "Baz", &json!({}));
    b.put("/pacts/provider/Baz/consumer/Web/version/1", pact_with_baz)
        .await;
    b.verify("Api", "Web", "1", "10", true).await;
    b.deploy("Api", "10", &prod).await;
    let blocked = can_i_deploy(&b, "pacticipant=Web&version=1&environment=production").await;
    assert_eq!(blocked["summary"]["deployable"], Value::Null);
    let ignored = can_i_deploy(
        &b,
        "pacticipant=Web&version=1&environment=production&ignore[]=Baz",
    )
    .await;
    assert_eq!(ignored["summary"]["deployable"], true, "{ignored}");
    assert_eq!(ignored["summary"]["ignored"], 1);
    let by_selector = matrix(
        &b,
        "q[][pacticipant]=Web&q[][version]=1&latestby=cvpv&environment=production&ignore[][pacticipant]=Baz",
    )
    .await;
    assert_eq!(by_selector["summary"]["deployable"], true);
    assert!(
        by_selector["matrix"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ignored"] == true)
    );
}
on_every_database!(
    ignored_pacticipants_do_not_count_on_each_database,
    ignored_pacticipants_do_not_count
);

async fn a_provider_needs_to_have_verified_its_deployed_consumers(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    b.deploy("Web", "1", &prod).await;
    b.put("/pacticipants/Api/versions/20", json!({})).await;
    let unverified = can_i_deploy(&b, "pacticipant=Api&version=20&environment=production").await;
    assert_eq!(unverified["summary"]["deployable"], Value::Null, "{unverified}");
    b.verify("Api", "Web", "1", "20", true).await;
    assert_eq!(
        can_i_deploy(&b, "pacticipant=Api&version=20&environment=production").await["summary"]["deployable"],
        true
    );
    // A provider with no deployed consumers can always deploy.
    let test_env = b.create_environment("test", false).await;
    let _ = test_env;
    let empty = can_i_deploy(&b, "pacticipant=Api&version=20&environment=test").await;
    assert_eq!(empty["summary"]["deployable"], true);
    assert_eq!(empty["summary"]["reason"], "There are no missing dependencies");
}
on_every_database!(
    a_provider_needs_to_have_verified_its_deployed_consumers_on_each_database,
    a_provider_needs_to_have_verified_its_deployed_consumers
);

async fn branches_and_tags_select_versions(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", Some("main"), &["prod"], &json!({"v": 1}))
        .await;
    b.publish("Web", "2", "Api", Some("main"), &[], &json!({"v": 2}))
        .await;
    b.verify("Api", "Web", "1", "10", true).await;
    b.put("/pacticipants/Api/versions/10/tags/prod", json!({})).await;
    b.branch("Api", "10", "main").await;
    // Latest of Web's main branch (2) against Api's prod tag: not verified.
    let by_branch = matrix(
        &b,
        "q[][pacticipant]=Web&q[][branch]=main&q[][latest]=true&latestby=cvp&tag=prod",
    )
    .await;
    assert_eq!(by_branch["summary"]["deployable"], Value::Null);
    assert_eq!(by_branch["matrix"][0]["consumer"]["version"]["number"], "2");
    // Web's prod-tagged version against Api's prod tag: verified.
    let by_tag = can_i_deploy(&b, "pacticipant=Web&tag=prod&latest=true&to=prod").await;
    assert_eq!(by_tag["summary"]["deployable"], true, "{by_tag}");
    // can-i-merge style: against the provider's main branch head.
    let merge = matrix(
        &b,
        "q[][pacticipant]=Web&q[][version]=1&latestby=cvpv&mainBranch=true",
    )
    .await;
    assert_eq!(merge["summary"]["deployable"], true, "{merge}");
    // Two explicit versions.
    let pair = matrix(
        &b,
        "q[][pacticipant]=Web&q[][version]=1&q[][pacticipant]=Api&q[][version]=10&latestby=cvpv",
    )
    .await;
    assert_eq!(pair["summary"]["deployable"], true);
    assert_eq!(pair["matrix"].as_array().unwrap().len(), 1);
    // No target: every verifying provider version, and a recommendation.
    let loose = matrix(&b, "q[][pacticipant]=Web&q[][version]=1&latestby=cvp&latest=true").await;
    assert_eq!(loose["matrix"].as_array().unwrap().len(), 1);
    let everything = matrix(&b, "q[][pacticipant]=Web&q[][version]=1").await;
    assert!(everything["notices"].as_array().unwrap().iter().any(|n| {
        n["text"]
            .as_str()
            .unwrap()
            .contains("recommended to specify the environment")
    }));
}
on_every_database!(
    branches_and_tags_select_versions_on_each_database,
    branches_and_tags_select_versions
);

async fn bad_matrix_queries(db: Db) {
    let b = TestBroker::start(db).await;
    b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    let missing_version = can_i_deploy(&b, "pacticipant=Web&version=99&environment=production").await;
    assert_eq!(missing_version["summary"]["deployable"], false);
    assert_eq!(
        b.get("/can-i-deploy?pacticipant=Nobody&version=1&environment=production")
            .await
            .status,
        400
    );
    assert_eq!(b.get("/can-i-deploy?pacticipant=Web&version=1").await.status, 400);
    assert_eq!(
        b.get("/can-i-deploy?pacticipant=Web&version=1&environment=nowhere")
            .await
            .status,
        400
    );
    assert_eq!(b.get("/matrix").await.status, 400);
    assert_eq!(
        b.get("/matrix?q[][pacticipant]=Web&latestby=sideways")
            .await
            .status,
        400
    );
    assert_eq!(
        b.get("/matrix?q[][pacticipant]=Web&q[][version]=1&limit=abc")
            .await
            .status,
        400
    );
}
on_every_database!(bad_matrix_queries_on_each_database, bad_matrix_queries);
