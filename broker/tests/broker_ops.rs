//! Operations, in-process on SQLite (and PostgreSQL when `DATABASE_URL` is set): `/metrics` in both
//! shapes, the dependencies check, the maintained branch heads behind for-verification, and the
//! matrix answers for pacticipants named without versions or versions without pacts.
#![allow(clippy::unwrap_used)]

mod server_support;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use server_support::{Db, TestBroker};
use tower::ServiceExt;

/// GET with a chosen `Accept`; returns (status, content type, body text).
async fn get_accepting(b: &TestBroker, path: &str, accept: &str) -> (u16, String, String) {
    let request = Request::builder()
        .uri(path)
        .header("Host", "broker.test")
        .header("Accept", accept)
        .body(Body::empty())
        .unwrap();
    let response = b.app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, String::from_utf8_lossy(&bytes).to_string())
}

async fn metrics_text_counts_requests_by_route_and_reads_the_database(db: Db) {
    let b = TestBroker::start(db).await;
    assert_eq!(b.get("/pacticipants/Nobody").await.status, 404);
    assert_eq!(b.get("/pacticipants/Nobody%20Else").await.status, 404);
    let published = b.publish("Web", "1", "Api", Some("main"), &[], &json!({})).await;
    assert_eq!(published.status, 200, "{}", published.text);
    assert_eq!(b.verify("Api", "Web", "1", "10", false).await.status, 201);
    let (status, content_type, text) = get_accepting(&b, "/metrics", "text/plain").await;
    assert_eq!(status, 200);
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    // One series for both unknown names: the route pattern, not the path, is the label.
    assert!(
        text.contains(
            r#"pact_broker_http_requests_total{route="/pacticipants/{pacticipant}",method="GET",status="404"} 2"#
        ),
        "{text}"
    );
    assert!(text.contains("pact_broker_publications_total 1"), "{text}");
    assert!(text.contains("pact_broker_verifications_total 1"), "{text}");
    assert!(
        text.contains(
            r#"pact_broker_http_request_duration_seconds_count{route="/contracts/publish",method="POST"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains("pact_broker_db_up 1"), "{text}");
    assert!(text.contains("pact_broker_db_pact_publications 1"), "{text}");
    assert!(
        text.contains(r#"pact_broker_db_verification_results{result="failure"} 1"#),
        "{text}"
    );
    assert!(text.ends_with("# EOF\n"));
    // The default (no Accept, or */*) is the text too.
    let (_, default_type, _) = get_accepting(&b, "/metrics", "*/*").await;
    assert!(
        default_type.starts_with("application/openmetrics-text"),
        "{default_type}"
    );
}
on_every_database!(
    metrics_text_counts_requests_by_route_and_reads_the_database_on_each_database,
    metrics_text_counts_requests_by_route_and_reads_the_database
);

async fn metrics_json_has_the_pact_broker_shape(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", Some("main"), &["prod"], &json!({"a": 1}))
        .await;
    b.publish("Web", "2", "Api", Some("main"), &[], &json!({"a": 1}))
        .await;
    b.verify("Api", "Web", "1", "10", true).await;
    b.verify("Api", "Web", "1", "11", true).await;
    let reply = b.get("/metrics").await; // Accept: application/hal+json
    assert_eq!(reply.status, 200, "{}", reply.text);
    let m = &reply.body;
    assert_eq!(m["pacticipants"]["count"], 2);
    assert_eq!(m["integrations"]["count"], 1);
    assert_eq!(m["pactPublications"]["count"], 2);
    assert_eq!(m["pactVersions"]["count"], 1);
    assert_eq!(m["verificationResults"]["count"], 2);
    assert_eq!(m["verificationResults"]["successCount"], 2);
    assert_eq!(m["verificationResults"]["distinctCount"], 2);
    assert_eq!(
        m["verificationResultsPerPactVersion"]["distribution"],
        json!({"2": 1})
    );
    assert_eq!(m["pacticipantVersions"]["count"], 4);
    assert_eq!(m["tags"]["count"], 1);
    assert!(m["pactPublications"]["last"].is_string());
}
on_every_database!(
    metrics_json_has_the_pact_broker_shape_on_each_database,
    metrics_json_has_the_pact_broker_shape
);

#[tokio::test]
async fn dependencies_fail_when_the_database_is_gone_but_the_heartbeat_does_not() {
    let b = TestBroker::start(Db::Sqlite).await;
    assert_eq!(b.get("/diagnostic/status/dependencies").await.status, 200);
    b.store.pool().close().await;
    let deps = b.get("/diagnostic/status/dependencies").await;
    assert_eq!(deps.status, 500, "{}", deps.text);
    assert_eq!(deps.body["database"]["ok"], false);
    assert_eq!(b.get("/diagnostic/status/heartbeat").await.status, 200);
    // The metrics text still answers, saying the database is down.
    let (status, _, text) = get_accepting(&b, "/metrics", "text/plain").await;
    assert_eq!(status, 200);
    assert!(text.contains("pact_broker_db_up 0"), "{text}");
}

async fn for_verification(b: &TestBroker, selectors: Value) -> Vec<String> {
    let reply = b
        .post(
            "/pacts/provider/Api/for-verification",
            json!({ "consumerVersionSelectors": selectors }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["_embedded"]["pacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["_links"]["self"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

async fn branch_heads_follow_publications_branches_and_deletions(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", Some("feat"), &[], &json!({"v": 1}))
        .await;
    b.publish("Web", "2", "Api", Some("feat"), &[], &json!({"v": 2}))
        .await;
    // A newer version on the branch with a pact for another provider only is not a head for Api.
    b.publish("Web", "3", "Other", Some("feat"), &[], &json!({"v": 3}))
        .await;
    let chosen = for_verification(&b, json!([{ "branch": "feat" }])).await;
    assert_eq!(chosen.len(), 1);
    assert!(chosen[0].contains("Web (2)"), "{chosen:?}");
    // A version added to the branch after its pact was published becomes the head.
    b.publish("Web", "4", "Api", None, &[], &json!({"v": 4})).await;
    assert_eq!(b.branch("Web", "4", "feat").await.status, 201);
    let chosen = for_verification(&b, json!([{ "branch": "feat" }])).await;
    assert!(chosen[0].contains("Web (4)"), "{chosen:?}");
    // Deleting the head version falls back to the one before it.
    assert_eq!(b.delete("/pacticipants/Web/versions/4").await.status, 204);
    let chosen = for_verification(&b, json!([{ "branch": "feat" }])).await;
    assert!(chosen[0].contains("Web (2)"), "{chosen:?}");
    // Deleting the branch leaves nothing on it.
    let deleted = b.delete("/pacticipants/Web/branches/feat").await;
    assert!(deleted.status == 204 || deleted.status == 200, "{}", deleted.text);
    assert!(
        for_verification(&b, json!([{ "branch": "feat" }]))
            .await
            .is_empty()
    );
}
on_every_database!(
    branch_heads_follow_publications_branches_and_deletions_on_each_database,
    branch_heads_follow_publications_branches_and_deletions
);

async fn two_pacticipants_without_versions_list_every_row_between_them(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("OrderService", "1", "UserService", None, &[], &json!({"v": 1}))
        .await;
    b.publish("OrderService", "2", "UserService", None, &[], &json!({"v": 2}))
        .await;
    b.publish("OrderService", "2", "Unrelated", None, &[], &json!({"v": 2}))
        .await;
    b.verify("UserService", "OrderService", "1", "10", true).await;
    b.verify("UserService", "OrderService", "2", "11", false).await;
    let reply = b
        .get("/matrix?q[][pacticipant]=OrderService&q[][pacticipant]=UserService")
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let rows = reply.body["matrix"].as_array().unwrap();
    let pairs: Vec<(String, String, Value)> = rows
        .iter()
        .map(|r| {
            (
                r["consumer"]["version"]["number"].as_str().unwrap().to_string(),
                r["provider"]["name"].as_str().unwrap().to_string(),
                r["verificationResult"]["success"].clone(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("2".to_string(), "UserService".to_string(), json!(false)),
            ("1".to_string(), "UserService".to_string(), json!(true)),
        ]
    );
    assert_eq!(reply.body["summary"]["deployable"], false, "{}", reply.body);
    assert_eq!(reply.body["summary"]["success"], 1);
    assert_eq!(reply.body["summary"]["failed"], 1);
}
on_every_database!(
    two_pacticipants_without_versions_list_every_row_between_them_on_each_database,
    two_pacticipants_without_versions_list_every_row_between_them
);

async fn a_version_without_pacts_is_not_deployable_when_its_pacticipant_has_providers(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    b.verify("Api", "Web", "1", "10", true).await;
    b.deploy("Api", "10", &prod).await;
    assert_eq!(b.put("/pacticipants/Web/versions/2", json!({})).await.status, 201);
    let body = b
        .get("/can-i-deploy?pacticipant=Web&version=2&environment=production")
        .await
        .body;
    assert_eq!(body["summary"]["deployable"], Value::Null, "{body}");
    assert_eq!(body["matrix"], json!([]));
    let reason = body["summary"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("There is no pact from version 2 of Web, although Web has pacts with Api"),
        "{reason}"
    );
    // The version that published its pact is still deployable.
    let body = b
        .get("/can-i-deploy?pacticipant=Web&version=1&environment=production")
        .await
        .body;
    assert_eq!(body["summary"]["deployable"], true, "{body}");
    // A pacticipant with no providers at all has no missing dependencies.
    b.put("/pacticipants/Lonely/versions/1", json!({})).await;
    let body = b
        .get("/can-i-deploy?pacticipant=Lonely&version=1&environment=production")
        .await
        .body;
    assert_eq!(body["summary"]["deployable"], true, "{body}");
}
on_every_database!(
    a_version_without_pacts_is_not_deployable_when_its_pacticipant_has_providers_on_each_database,
    a_version_without_pacts_is_not_deployable_when_its_pacticipant_has_providers
);
