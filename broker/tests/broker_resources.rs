//! Basic auth, pacticipants, versions (paginated), tags, branches, environments, badges, heartbeat.
#![allow(clippy::unwrap_used)]

mod server_support;

use axum::http::Method;
use pact_broker::config::{AuthConfig, BrokerConfig};
use serde_json::json;
use server_support::{Db, TestBroker};

fn auth_config(public_read: bool) -> BrokerConfig {
    BrokerConfig {
        auth: AuthConfig {
            read_write: Some(("admin".into(), "pw".into())),
            read_only: Some(("reader".into(), "ro".into())),
            allow_public_read: public_read,
            public_badges: true,
        },
        ..Default::default()
    }
}

async fn basic_auth_separates_readers_and_writers(db: Db) {
    let b = TestBroker::with_config(db, auth_config(false)).await;
    let anonymous = b.get("/").await;
    assert_eq!(anonymous.status, 401);
    assert!(
        anonymous.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );
    assert!(anonymous.headers.contains_key("x-pact-broker-version"));
    assert_eq!(
        b.request(Method::GET, "/", None, Some(("admin", "wrong")))
            .await
            .status,
        401
    );
    assert_eq!(
        b.request(Method::GET, "/", None, Some(("reader", "ro")))
            .await
            .status,
        200
    );
    let body = json!({"name": "production", "production": true});
    assert_eq!(
        b.request(
            Method::POST,
            "/environments",
            Some(body.clone()),
            Some(("reader", "ro"))
        )
        .await
        .status,
        403
    );
    assert_eq!(
        b.request(Method::POST, "/environments", Some(body), Some(("admin", "pw")))
            .await
            .status,
        201
    );
    // for-verification is a read even though it is a POST.
    b.request(
        Method::PUT,
        "/pacts/provider/Api/consumer/Web/version/1",
        Some(server_support::pact_json("Web", "Api", &json!({}))),
        Some(("admin", "pw")),
    )
    .await;
    let fv = b
        .request(
            Method::POST,
            "/pacts/provider/Api/for-verification",
            Some(json!({})),
            Some(("reader", "ro")),
        )
        .await;
    assert_eq!(fv.status, 200);
    // The heartbeat and (when enabled) badges are public.
    assert_eq!(b.get("/diagnostic/status/heartbeat").await.status, 200);
    assert_eq!(
        b.get("/pacts/provider/Api/consumer/Web/latest/badge")
            .await
            .status,
        200
    );
    // Public read lets anonymous readers in, but not writers.
    let open = TestBroker::with_config(db, auth_config(true)).await;
    assert_eq!(open.get("/").await.status, 200);
    assert_eq!(
        open.post("/environments", json!({"name": "x", "production": false}))
            .await
            .status,
        401
    );
}
on_every_database!(
    basic_auth_separates_readers_and_writers_on_each_database,
    basic_auth_separates_readers_and_writers
);

async fn pacticipants_are_created_updated_listed_and_deleted(db: Db) {
    let b = TestBroker::start(db).await;
    let created = b
        .post(
            "/pacticipants",
            json!({"name": "Web", "displayName": "Web UI", "repositoryUrl": "http://git.test/web"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["displayName"], "Web UI");
    assert_eq!(b.post("/pacticipants", json!({"name": "Web"})).await.status, 409);
    assert_eq!(b.post("/pacticipants", json!({})).await.status, 400);
    let patched = b.patch("/pacticipants/Web", json!({"mainBranch": "trunk"})).await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.body["mainBranch"], "trunk");
    assert_eq!(
        patched.body["repositoryUrl"], "http://git.test/web",
        "PATCH keeps other fields"
    );
    let put = b.put("/pacticipants/Web", json!({"mainBranch": "main"})).await;
    assert_eq!(put.body["repositoryUrl"], serde_json::Value::Null, "PUT replaces");
    assert_eq!(b.put("/pacticipants/Api", json!({})).await.status, 201);
    for name in ["A1", "A2", "A3"] {
        b.post("/pacticipants", json!({"name": name})).await;
    }
    let page = b.get("/pacticipants?pageNumber=2&pageSize=2").await;
    assert_eq!(page.body["page"]["totalElements"], 5);
    assert_eq!(
        page.body["_embedded"]["pacticipants"].as_array().unwrap().len(),
        2
    );
    assert!(page.body["_links"]["next"].is_object());
    assert!(page.body["_links"]["previous"].is_object());
    assert_eq!(b.get("/pacticipants?pageSize=0").await.status, 400);
    assert_eq!(b.delete("/pacticipants/A1").await.status, 204);
    assert_eq!(b.get("/pacticipants/A1").await.status, 404);
    let links = &b.get("/pacticipants/Web").await.body["_links"];
    assert_eq!(
        links["pb:branch-version"]["href"],
        "http://broker.test/pacticipants/Web/branches/{branch}/versions/{version}"
    );
    assert_eq!(
        links["pb:version-tag"]["href"],
        "http://broker.test/pacticipants/Web/versions/{version}/tags/{tag}"
    );
}
on_every_database!(
    pacticipants_are_created_updated_listed_and_deleted_on_each_database,
    pacticipants_are_created_updated_listed_and_deleted
);

async fn versions_tags_and_branches(db: Db) {
    let b = TestBroker::start(db).await;
    for n in 1..=5 {
        assert_eq!(
            b.put(
                &format!("/pacticipants/Web/versions/{n}"),
                json!({"buildUrl": format!("http://ci.test/{n}")})
            )
            .await
            .status,
            201
        );
    }
    let page = b.get("/pacticipants/Web/versions?pageSize=2").await;
    let numbers: Vec<&str> = page.body["_embedded"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["5", "4"], "newest first");
    let tag = b.put("/pacticipants/Web/versions/3/tags/prod", json!({})).await;
    assert_eq!(tag.status, 201);
    assert!(
        tag.headers["location"]
            .to_str()
            .unwrap()
            .ends_with("/pacticipants/Web/versions/3/tags/prod")
    );
    assert_eq!(
        b.put("/pacticipants/Web/versions/3/tags/prod", json!({}))
            .await
            .status,
        200
    );
    assert_eq!(b.get("/pacticipants/Web/versions/3/tags/prod").await.status, 200);
    assert_eq!(
        b.get("/pacticipants/Web/latest-version/prod").await.body["number"],
        "3"
    );
    assert_eq!(
        b.get("/pacticipants/Web/latest-version").await.body["number"],
        "5"
    );
    assert_eq!(
        b.delete("/pacticipants/Web/versions/3/tags/prod").await.status,
        204
    );
    assert_eq!(b.get("/pacticipants/Web/latest-version/prod").await.status, 404);
    // Tagging creates the pacticipant and version.
    assert_eq!(
        b.put("/pacticipants/New/versions/9/tags/dev", json!({}))
            .await
            .status,
        201
    );
    assert_eq!(b.get("/pacticipants/New/versions/9").await.status, 200);
    // Branches.
    assert_eq!(b.branch("Web", "2", "feat").await.status, 201);
    assert_eq!(b.branch("Web", "2", "feat").await.status, 200);
    b.branch("Web", "4", "feat").await;
    assert_eq!(
        b.get("/pacticipants/Web/branches/feat/latest-version").await.body["number"],
        "4"
    );
    assert_eq!(
        b.get("/pacticipants/Web/branches").await.body["_embedded"]["branches"][0]["name"],
        "feat"
    );
    assert_eq!(
        b.get("/pacticipants/Web/branches/feat/versions/2").await.status,
        200
    );
    assert_eq!(b.delete("/pacticipants/Web/branches/feat").await.status, 204);
    assert_eq!(b.get("/pacticipants/Web/branches/feat").await.status, 404);
    assert_eq!(
        b.get("/pacticipants/Web/versions/2").await.status,
        200,
        "deleting a branch keeps its versions"
    );
    // Versions link to record-deployment per environment.
    let prod = b.create_environment("production", true).await;
    let version = b.get("/pacticipants/Web/versions/2").await;
    let record = &version.body["_links"]["pb:record-deployment"][0];
    assert_eq!(record["name"], "production");
    assert_eq!(
        record["href"],
        format!("http://broker.test/pacticipants/Web/versions/2/deployed-versions/environment/{prod}")
    );
    assert_eq!(b.delete("/pacticipants/Web/versions/2").await.status, 204);
    assert_eq!(b.get("/pacticipants/Web/versions/2").await.status, 404);
}
on_every_database!(
    versions_tags_and_branches_on_each_database,
    versions_tags_and_branches
);

async fn environments_are_validated_and_editable(db: Db) {
    let b = TestBroker::start(db).await;
    let uuid = b.create_environment("production", true).await;
    assert_eq!(
        b.post("/environments", json!({"name": "production", "production": true}))
            .await
            .status,
        400
    );
    assert_eq!(
        b.post("/environments", json!({"name": "has space", "production": true}))
            .await
            .status,
        400
    );
    assert_eq!(b.post("/environments", json!({"name": "x"})).await.status, 400);
    let env = b.get(&format!("/environments/{uuid}")).await;
    assert_eq!(env.body["production"], true);
    let updated = b
        .put(
            &format!("/environments/{uuid}"),
            json!({"name": "prod", "displayName": "Prod", "production": true}),
        )
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(
        b.get("/environments?name=prod").await.body["_embedded"]["environments"][0]["uuid"],
        uuid.as_str()
    );
    assert_eq!(b.delete(&format!("/environments/{uuid}")).await.status, 204);
    assert_eq!(b.get(&format!("/environments/{uuid}")).await.status, 404);
}
on_every_database!(
    environments_are_validated_and_editable_on_each_database,
    environments_are_validated_and_editable
);

async fn badges_show_the_verification_status(db: Db) {
    let b = TestBroker::start(db).await;
    let unknown = b.get("/pacts/provider/Api/consumer/Web/latest/badge.svg").await;
    assert_eq!(unknown.status, 200);
    assert_eq!(unknown.headers["content-type"], "image/svg+xml");
    assert!(unknown.text.contains("unknown"));
    b.publish("Web", "1", "Api", Some("main"), &[], &json!({})).await;
    b.verify("Api", "Web", "1", "9", true).await;
    assert!(
        b.get("/pacts/provider/Api/consumer/Web/latest/badge")
            .await
            .text
            .contains("verified")
    );
    b.verify("Api", "Web", "1", "10", false).await;
    assert!(
        b.get("/pacts/provider/Api/consumer/Web/latest/badge")
            .await
            .text
            .contains("failed")
    );
    let prod = b.create_environment("production", true).await;
    b.deploy("Api", "9", &prod).await;
    let badge = b
        .get("/pacticipants/Web/branches/main/latest-version/can-i-deploy/to-environment/production/badge")
        .await;
    assert!(badge.text.contains("verified"), "{}", badge.text);
}
on_every_database!(
    badges_show_the_verification_status_on_each_database,
    badges_show_the_verification_status
);

async fn health_endpoints(db: Db) {
    let b = TestBroker::start(db).await;
    assert_eq!(b.get("/diagnostic/status/heartbeat").await.body["ok"], true);
    assert_eq!(
        b.get("/diagnostic/status/dependencies").await.body["database"]["ok"],
        true
    );
}
on_every_database!(health_endpoints_on_each_database, health_endpoints);
