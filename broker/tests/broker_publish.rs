//! Publishing and reading pacts: the index, `PUT` of a pact, `/contracts/publish`, content SHA
//! de-duplication, immutability (409) and errors.
#![allow(clippy::unwrap_used)]

mod server_support;

use serde_json::{Value, json};
use server_support::{Db, TestBroker, pact_json, path_of};

async fn index_lists_every_relation(db: Db) {
    let b = TestBroker::start(db).await;
    let reply = b.get("/").await;
    assert_eq!(reply.status, 200);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/hal+json")
    );
    assert!(reply.headers.contains_key("x-pact-broker-version"));
    let links = &reply.body["_links"];
    for rel in [
        "pb:publish-pact",
        "pb:publish-contracts",
        "pb:latest-pact-versions",
        "pb:pacticipants",
        "pb:pacticipant",
        "pb:latest-provider-pacts",
        "pb:latest-provider-pacts-with-tag",
        "pb:provider-pacts-for-verification",
        "pb:pacticipant-version",
        "pb:pacticipant-version-tag",
        "pb:pacticipant-branch-version",
        "pb:environments",
        "pb:environment",
        "pb:can-i-deploy-pacticipant-version-to-environment",
    ] {
        assert!(
            links[rel]["href"]
                .as_str()
                .is_some_and(|h| h.starts_with("http://broker.test/")),
            "missing {rel}"
        );
    }
    assert_eq!(
        links["pb:publish-contracts"]["href"],
        "http://broker.test/contracts/publish"
    );
    assert_eq!(links["pb:pacticipant"]["templated"], true);
}
on_every_database!(
    index_lists_every_relation_on_each_database,
    index_lists_every_relation
);

async fn put_then_get_a_pact(db: Db) {
    let b = TestBroker::start(db).await;
    let pact = pact_json("Web", "Api", &json!({"id": 1}));
    let created = b
        .put("/pacts/provider/Api/consumer/Web/version/1.0.0", pact.clone())
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let again = b
        .put("/pacts/provider/Api/consumer/Web/version/1.0.0", pact.clone())
        .await;
    assert_eq!(again.status, 200);
    let got = b.get("/pacts/provider/Api/consumer/Web/version/1.0.0").await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["consumer"]["name"], "Web");
    assert_eq!(got.body["interactions"][0]["response"]["body"]["id"], 1);
    assert!(got.body["createdAt"].is_string());
    let sha = got.body["_links"]["pb:pact-version"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(sha.len(), 40);
    let by_sha = b
        .get(&path_of(&got.body["_links"]["pb:pact-version"]["href"]))
        .await;
    assert_eq!(by_sha.status, 200);
    assert_eq!(by_sha.body["interactions"], got.body["interactions"]);
    let latest = b.get("/pacts/provider/Api/consumer/Web/latest").await;
    assert_eq!(latest.body["_links"]["pb:consumer-version"]["name"], "1.0.0");
}
on_every_database!(put_then_get_a_pact_on_each_database, put_then_get_a_pact);

async fn changing_published_content_is_a_conflict(db: Db) {
    let b = TestBroker::start(db).await;
    let path = "/pacts/provider/Api/consumer/Web/version/1.0.0";
    assert_eq!(
        b.put(path, pact_json("Web", "Api", &json!({"id": 1})))
            .await
            .status,
        201
    );
    let conflict = b.put(path, pact_json("Web", "Api", &json!({"id": 2}))).await;
    assert_eq!(conflict.status, 409);
    assert!(
        conflict.body["error"]
            .as_str()
            .unwrap()
            .contains("Cannot change the content of the pact")
    );
    let still = b.get(path).await;
    assert_eq!(still.body["interactions"][0]["response"]["body"]["id"], 1);
}
on_every_database!(
    changing_published_content_is_a_conflict_on_each_database,
    changing_published_content_is_a_conflict
);

async fn modification_is_allowed_when_configured(db: Db) {
    let config = pact_broker::config::BrokerConfig {
        allow_dangerous_contract_modification: true,
        ..Default::default()
    };
    let b = TestBroker::with_config(db, config).await;
    let path = "/pacts/provider/Api/consumer/Web/version/1.0.0";
    assert_eq!(
        b.put(path, pact_json("Web", "Api", &json!({"id": 1})))
            .await
            .status,
        201
    );
    assert_eq!(
        b.put(path, pact_json("Web", "Api", &json!({"id": 2})))
            .await
            .status,
        200
    );
    assert_eq!(
        b.get(path).await.body["interactions"][0]["response"]["body"]["id"],
        2
    );
}
on_every_database!(
    modification_is_allowed_when_configured_on_each_database,
    modification_is_allowed_when_configured
);

async fn key_order_and_whitespace_do_not_make_a_new_pact_version(db: Db) {
    let b = TestBroker::start(db).await;
    let a = r#"{"consumer":{"name":"Web"},"provider":{"name":"Api"},"interactions":[{"description":"x","request":{"method":"GET","path":"/"},"response":{"status":200}}]}"#;
    let reordered = "{\n  \"provider\": {\"name\": \"Api\"},\n  \"interactions\": [{\"response\": {\"status\": 200}, \"request\": {\"path\": \"/\", \"method\": \"GET\"}, \"description\": \"x\"}],\n  \"consumer\": {\"name\": \"Web\"}\n}";
    assert_eq!(
        b.raw(
            axum::http::Method::PUT,
            "/pacts/provider/Api/consumer/Web/version/1",
            a
        )
        .await
        .status,
        201
    );
    assert_eq!(
        b.raw(
            axum::http::Method::PUT,
            "/pacts/provider/Api/consumer/Web/version/2",
            reordered
        )
        .await
        .status,
        201
    );
    let one = b.get("/pacts/provider/Api/consumer/Web/version/1").await;
    let two = b.get("/pacts/provider/Api/consumer/Web/version/2").await;
    assert_eq!(
        one.body["_links"]["pb:pact-version"]["name"],
        two.body["_links"]["pb:pact-version"]["name"]
    );
    // Republishing version 1 reordered is the same content, not a conflict.
    assert_eq!(
        b.raw(
            axum::http::Method::PUT,
            "/pacts/provider/Api/consumer/Web/version/1",
            reordered
        )
        .await
        .status,
        200
    );
}
on_every_database!(
    key_order_and_whitespace_do_not_make_a_new_pact_version_on_each_database,
    key_order_and_whitespace_do_not_make_a_new_pact_version
);

async fn publish_contracts_creates_version_branch_tags_and_pacts(db: Db) {
    let b = TestBroker::start(db).await;
    let reply = b
        .publish(
            "Web",
            "1.0.0",
            "Api",
            Some("main"),
            &["dev", "prod"],
            &json!({"id": 1}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let notices: Vec<&str> = reply.body["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert!(
        notices[0].contains("Created Web version 1.0.0 with branch main and tags dev, prod"),
        "{notices:?}"
    );
    assert!(
        notices
            .iter()
            .any(|n| n.contains("Pact successfully published for Web version 1.0.0 and provider Api"))
    );
    assert_eq!(
        reply.body["_links"]["pb:contracts"][0]["href"],
        "http://broker.test/pacts/provider/Api/consumer/Web/version/1.0.0"
    );
    let version = b.get("/pacticipants/Web/versions/1.0.0").await;
    assert_eq!(version.status, 200);
    assert_eq!(version.body["buildUrl"], "http://ci.test/build/1");
    assert_eq!(version.body["_embedded"]["branchVersions"][0]["name"], "main");
    let tags: Vec<&Value> = version.body["_embedded"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["name"])
        .collect();
    assert_eq!(tags, [&json!("dev"), &json!("prod")]);
    // main is detected as the main branch.
    assert_eq!(b.get("/pacticipants/Web").await.body["mainBranch"], "main");
    assert_eq!(
        b.get("/pacts/provider/Api/consumer/Web/latest/prod").await.status,
        200
    );
    assert_eq!(
        b.get("/pacts/provider/Api/consumer/Web/branch/main/latest")
            .await
            .status,
        200
    );
    let latest = b.get("/pacts/provider/Api/latest").await;
    assert_eq!(latest.body["_links"]["pb:pacts"][0]["name"], "Web");
}
on_every_database!(
    publish_contracts_creates_version_branch_tags_and_pacts_on_each_database,
    publish_contracts_creates_version_branch_tags_and_pacts
);

/// The publish reply embeds the version as `GET` of the version shows it, whether the publish
/// created the version (rendered from what the request wrote) or added to an existing one
/// (rendered from the database).
async fn the_published_version_in_the_reply_is_the_version_resource(db: Db) {
    use base64::Engine;
    let b = TestBroker::start(db).await;
    let contract = |provider: &str, id: i64| {
        let pact = pact_json("Web", provider, &json!({"id": id}));
        json!({"consumerName": "Web", "providerName": provider, "specification": "pact",
               "contentType": "application/json",
               "content": base64::engine::general_purpose::STANDARD.encode(pact.to_string())})
    };
    // Environments exist, so the version links to record deployments and releases.
    assert_eq!(
        b.post("/environments", json!({"name": "production", "production": true}))
            .await
            .status,
        201
    );
    let embedded_matches_resource = async |body: Value| {
        let reply = b.post("/contracts/publish", body).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let resource = b.get("/pacticipants/Web/versions/2.0.0").await;
        assert_eq!(resource.status, 200);
        assert_eq!(reply.body["_embedded"]["version"], resource.body);
        resource.body
    };
    // A new version: a branch, tags out of order and repeated, two providers, one of them twice
    // with the same content.
    let created = embedded_matches_resource(json!({
        "pacticipantName": "Web", "pacticipantVersionNumber": "2.0.0", "branch": "feat-x",
        "tags": ["qa", "dev", "qa"], "buildUrl": "http://ci.test/build/2",
        "contracts": [contract("Api", 1), contract("Search", 2), contract("Api", 1)]
    }))
    .await;
    let tags: Vec<&Value> = created["_embedded"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["name"])
        .collect();
    assert_eq!(tags, [&json!("dev"), &json!("qa")]);
    assert_eq!(created["_links"]["pb:pact-versions"].as_array().unwrap().len(), 2);
    // The same version again, with one more tag, a second branch and a third provider.
    let again = embedded_matches_resource(json!({
        "pacticipantName": "Web", "pacticipantVersionNumber": "2.0.0", "branch": "main",
        "tags": ["prod"], "contracts": [contract("Billing", 3)]
    }))
    .await;
    assert_eq!(again["_embedded"]["tags"].as_array().unwrap().len(), 3);
    assert_eq!(again["_embedded"]["branchVersions"].as_array().unwrap().len(), 2);
    assert_eq!(again["_links"]["pb:pact-versions"].as_array().unwrap().len(), 3);
}
on_every_database!(
    the_published_version_in_the_reply_is_the_version_resource_on_each_database,
    the_published_version_in_the_reply_is_the_version_resource
);

async fn publish_conflict_is_409_with_an_error_notice(db: Db) {
    let b = TestBroker::start(db).await;
    assert_eq!(
        b.publish("Web", "1", "Api", None, &[], &json!({"id": 1}))
            .await
            .status,
        200
    );
    let conflict = b.publish("Web", "1", "Api", None, &[], &json!({"id": 2})).await;
    assert_eq!(conflict.status, 409);
    assert_eq!(conflict.body["notices"][0]["type"], "error");
}
on_every_database!(
    publish_conflict_is_409_with_an_error_notice_on_each_database,
    publish_conflict_is_409_with_an_error_notice
);

async fn bad_input_is_a_400_with_field_errors(db: Db) {
    let b = TestBroker::start(db).await;
    let missing = b.post("/contracts/publish", json!({"contracts": []})).await;
    assert_eq!(missing.status, 400);
    assert!(missing.body["errors"]["pacticipantName"].is_array());
    assert!(missing.body["errors"]["pacticipantVersionNumber"].is_array());
    let not_base64 = b
        .post(
            "/contracts/publish",
            json!({"pacticipantName": "Web", "pacticipantVersionNumber": "1",
                   "contracts": [{"consumerName": "Web", "providerName": "Api", "specification": "pact", "contentType": "application/json", "content": "%%%"}]}),
        )
        .await;
    assert_eq!(not_base64.status, 400);
    assert!(not_base64.body["errors"]["contracts.0.content"].is_array());
    let not_json = b
        .raw(
            axum::http::Method::PUT,
            "/pacts/provider/Api/consumer/Web/version/1",
            "{not json",
        )
        .await;
    assert_eq!(not_json.status, 400);
    let wrong_names = b
        .put(
            "/pacts/provider/Other/consumer/Web/version/1",
            pact_json("Web", "Api", &json!({})),
        )
        .await;
    assert_eq!(wrong_names.status, 400);
    assert!(wrong_names.body["errors"]["provider"].is_array());
    let garbage = b
        .raw(axum::http::Method::POST, "/contracts/publish", "[1,2,3]")
        .await;
    assert_eq!(garbage.status, 400);
}
on_every_database!(
    bad_input_is_a_400_with_field_errors_on_each_database,
    bad_input_is_a_400_with_field_errors
);

async fn unknown_things_are_404_with_an_error(db: Db) {
    let b = TestBroker::start(db).await;
    let reply = b.get("/pacts/provider/Api/consumer/Web/latest").await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.body["error"], "No provider with name 'Api' found");
    assert_eq!(b.get("/pacticipants/Nobody").await.status, 404);
    assert_eq!(b.get("/no/such/route").await.status, 404);
    assert!(
        b.get("/no/such/route")
            .await
            .headers
            .contains_key("x-pact-broker-version")
    );
}
on_every_database!(
    unknown_things_are_404_with_an_error_on_each_database,
    unknown_things_are_404_with_an_error
);

async fn deleting_a_pact_removes_it(db: Db) {
    let b = TestBroker::start(db).await;
    let path = "/pacts/provider/Api/consumer/Web/version/1";
    assert_eq!(b.put(path, pact_json("Web", "Api", &json!({}))).await.status, 201);
    assert_eq!(b.delete(path).await.status, 204);
    assert_eq!(b.get(path).await.status, 404);
}
on_every_database!(
    deleting_a_pact_removes_it_on_each_database,
    deleting_a_pact_removes_it
);
