//! Issue 13: the Pact Broker routes that were still missing (provider states of an
//! environment, the tag-based matrix badge, deleting an integration), `verificationStatus` on
//! `/integrations`, and the notices of a `PUT` pact; on SQLite and (with `DATABASE_URL`)
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod server_support;

use serde_json::{Value, json};
use server_support::{Db, TestBroker, pact_json};

/// A pact whose one interaction needs the provider state `state`.
fn pact_with_state(consumer: &str, provider: &str, state: &str) -> Value {
    json!({
        "consumer": { "name": consumer },
        "provider": { "name": provider },
        "interactions": [{
            "description": format!("a request needing {state}"),
            "providerStates": [{ "name": state }],
            "request": { "method": "GET", "path": "/data" },
            "response": { "status": 200 }
        }],
        "metadata": { "pactSpecification": { "version": "3.0.0" } }
    })
}

fn state_names(reply: &Value) -> Vec<(String, Vec<String>)> {
    reply["providerStates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let consumers = s["consumers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            (s["name"].as_str().unwrap().to_string(), consumers)
        })
        .collect()
}

/// `GET /pacts/provider/{p}/provider-states/environment/{uuid}`: the states of the pacts of the
/// consumer versions deployed or released there, not of the latest pacts.
async fn provider_states_of_an_environment(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    let put = |c: &str, v: &str, state: &str| {
        (
            format!("/pacts/provider/Orders/consumer/{c}/version/{v}"),
            pact_with_state(c, "Orders", state),
        )
    };
    for (consumer, version, state) in [
        ("Web", "1", "an order exists"),
        ("Web", "2", "an order was paid"),
        ("Mobile", "1", "a cart exists"),
        ("Mobile", "2", "a cart is empty"),
    ] {
        let (path, body) = put(consumer, version, state);
        assert_eq!(b.put(&path, body).await.status, 201);
    }
    assert_eq!(b.deploy("Web", "1", &prod).await.status, 201);
    let released = b
        .post(
            &format!("/pacticipants/Mobile/versions/2/released-versions/environment/{prod}"),
            json!({}),
        )
        .await;
    assert_eq!(released.status, 201, "{}", released.text);

    let in_prod = b
        .get(&format!(
            "/pacts/provider/Orders/provider-states/environment/{prod}"
        ))
        .await;
    assert_eq!(in_prod.status, 200, "{}", in_prod.text);
    // The wire shape, key order included, as `pact broker provider-states list` reads it.
    assert_eq!(
        serde_json::to_string(&in_prod.body).unwrap(),
        r#"{"providerStates":[{"name":"a cart is empty","consumers":["Mobile"]},{"name":"an order exists","consumers":["Web"]}]}"#
    );
    assert_eq!(
        state_names(&in_prod.body),
        vec![
            ("a cart is empty".to_string(), vec!["Mobile".to_string()]),
            ("an order exists".to_string(), vec!["Web".to_string()]),
        ]
    );
    // The latest pacts name the newer states.
    let latest = b.get("/pacts/provider/Orders/provider-states").await;
    let names: Vec<String> = state_names(&latest.body).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, vec!["a cart is empty", "an order was paid"]);

    // The reference client puts the environment's name where the route names a uuid.
    let by_name = b
        .get("/pacts/provider/Orders/provider-states/environment/production")
        .await;
    assert_eq!(by_name.status, 200, "{}", by_name.text);
    assert_eq!(by_name.body, in_prod.body);

    let empty_env = b.create_environment("test", false).await;
    let none = b
        .get(&format!(
            "/pacts/provider/Orders/provider-states/environment/{empty_env}"
        ))
        .await;
    assert_eq!(none.status, 200, "{}", none.text);
    assert_eq!(none.body, json!({ "providerStates": [] }));

    let unknown = b
        .get("/pacts/provider/Orders/provider-states/environment/no-such-uuid")
        .await;
    assert_eq!(unknown.status, 404, "{}", unknown.text);
    assert!(unknown.text.contains("no-such-uuid"), "{}", unknown.text);
}
on_every_database!(
    provider_states_of_an_environment_on_every_database,
    provider_states_of_an_environment
);

fn badge_text(reply: &server_support::Reply) -> String {
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.headers["content-type"], "image/svg+xml");
    reply.text.clone()
}

/// `GET /matrix/provider/{p}/latest/{pt}/consumer/{c}/latest/{t}/badge`: the verification of
/// the latest `t` consumer version by the latest `pt` provider version.
async fn matrix_tag_badge(db: Db) {
    let b = TestBroker::start(db).await;
    let url = "/matrix/provider/Orders/latest/prod/consumer/Web/latest/main/badge";
    // Nothing known yet: unknown, not an error.
    assert!(badge_text(&b.get(url).await).contains("unknown"));

    b.publish("Web", "1", "Orders", None, &["main"], &json!({ "v": 1 }))
        .await;
    assert_eq!(b.verify("Orders", "Web", "1", "10", true).await.status, 201);
    assert_eq!(
        b.put("/pacticipants/Orders/versions/10/tags/prod", json!({}))
            .await
            .status,
        201
    );
    let verified = badge_text(&b.get(url).await);
    assert!(verified.contains("verified"), "{verified}");
    assert!(verified.contains("Web/Orders pact"), "{verified}");
    // The `.svg` form reaches the same resource.
    assert!(badge_text(&b.get(&format!("{url}.svg")).await).contains("verified"));

    // A newer prod provider version fails the same pact.
    assert_eq!(b.verify("Orders", "Web", "1", "11", false).await.status, 201);
    assert_eq!(
        b.put("/pacticipants/Orders/versions/11/tags/prod", json!({}))
            .await
            .status,
        201
    );
    assert!(badge_text(&b.get(url).await).contains("failed"));

    // A newer main consumer version that prod has not verified: unknown.
    b.publish("Web", "2", "Orders", None, &["main"], &json!({ "v": 2 }))
        .await;
    assert!(badge_text(&b.get(url).await).contains("unknown"));
    // Other tags keep their own answer.
    assert!(
        badge_text(
            &b.get("/matrix/provider/Orders/latest/none/consumer/Web/latest/main/badge")
                .await
        )
        .contains("unknown")
    );
}
on_every_database!(matrix_tag_badge_on_every_database, matrix_tag_badge);

/// `DELETE /integrations/provider/{p}/consumer/{c}`: the pair's pacts, results and webhooks go;
/// other integrations, deployed versions and pacticipants still in use stay.
async fn deleting_an_integration(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Orders", None, &[], &json!({ "v": 1 }))
        .await;
    b.publish("Web", "2", "Orders", None, &[], &json!({ "v": 2 }))
        .await;
    b.publish("Web", "2", "Users", None, &[], &json!({ "u": 1 }))
        .await;
    b.publish("Lonely", "1", "Orders", None, &[], &json!({ "l": 1 }))
        .await;
    assert_eq!(b.verify("Orders", "Web", "2", "5", true).await.status, 201);
    assert_eq!(b.deploy("Web", "1", &prod).await.status, 201);
    let hook = b
        .post(
            "/webhooks/provider/Orders/consumer/Web",
            json!({ "events": [{ "name": "contract_published" }],
                    "request": { "method": "POST", "url": "https://hooks.example/build" } }),
        )
        .await;
    assert_eq!(hook.status, 201, "{}", hook.text);

    let listed = b.get("/integrations").await;
    let link = listed.body["_embedded"]["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["consumer"]["name"] == "Web" && i["provider"]["name"] == "Orders")
        .map(|i| server_support::path_of(&i["_links"]["pb:delete_integration"]["href"]))
        .unwrap();
    assert_eq!(link, "/integrations/provider/Orders/consumer/Web");

    let deleted = b.delete(&link).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);

    assert_eq!(
        b.get("/pacts/provider/Orders/consumer/Web/latest").await.status,
        404
    );
    for version in ["1", "2"] {
        let path = format!("/pacts/provider/Orders/consumer/Web/version/{version}");
        assert_eq!(b.get(&path).await.status, 404, "{path}");
    }
    assert_eq!(b.get(&path_of_hook(&hook.body)).await.status, 404);
    // Web still consumes Users, so Web and its version 2 stay; version 1 is deployed and stays.
    assert_eq!(
        b.get("/pacts/provider/Users/consumer/Web/latest").await.status,
        200
    );
    assert_eq!(b.get("/pacticipants/Web/versions/2").await.status, 200);
    assert_eq!(b.get("/pacticipants/Web/versions/1").await.status, 200);
    // Orders still has Lonely's pact, so it stays; its version 5 only verified Web: it goes.
    assert_eq!(b.get("/pacticipants/Orders").await.status, 200);
    assert_eq!(b.get("/pacticipants/Orders/versions/5").await.status, 404);
    let pairs: Vec<(String, String)> = b.get("/integrations").await.body["_embedded"]["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["consumer"]["name"].as_str().unwrap().to_string(),
                i["provider"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("Lonely".to_string(), "Orders".to_string()),
            ("Web".to_string(), "Users".to_string())
        ]
    );

    // Deleting the last integration of a pacticipant with nothing else removes it.
    assert_eq!(
        b.delete("/integrations/provider/Orders/consumer/Lonely")
            .await
            .status,
        204
    );
    assert_eq!(b.get("/pacticipants/Lonely").await.status, 404);
    assert_eq!(b.get("/pacticipants/Orders").await.status, 404);
    // Unknown pacticipants: 404 naming them.
    let unknown = b.delete("/integrations/provider/Nope/consumer/Web").await;
    assert_eq!(unknown.status, 404, "{}", unknown.text);
    assert!(unknown.text.contains("Nope"), "{}", unknown.text);
}
on_every_database!(deleting_an_integration_on_every_database, deleting_an_integration);

fn path_of_hook(body: &Value) -> String {
    server_support::path_of(&body["_links"]["self"]["href"])
}

/// `/integrations` entries carry `verificationStatus` (success, failed, never) and the date of
/// the latest pact or result, as the Pact Broker's integrations list does.
async fn integrations_have_a_verification_status(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("A", "1", "Good", None, &[], &json!({ "g": 1 })).await;
    b.publish("A", "1", "Bad", None, &[], &json!({ "b": 1 })).await;
    b.publish("A", "1", "New", None, &[], &json!({ "n": 1 })).await;
    assert_eq!(b.verify("Good", "A", "1", "1", true).await.status, 201);
    assert_eq!(b.verify("Bad", "A", "1", "1", false).await.status, 201);
    let listed = b.get("/integrations").await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let statuses: Vec<(String, String)> = listed.body["_embedded"]["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert!(
                i["latestPactOrVerificationPublishedAt"]
                    .as_str()
                    .is_some_and(|d| d.len() >= 19),
                "{i}"
            );
            (
                i["provider"]["name"].as_str().unwrap().to_string(),
                i["verificationStatus"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("Bad".to_string(), "failed".to_string()),
            ("Good".to_string(), "success".to_string()),
            ("New".to_string(), "never".to_string()),
        ]
    );
    // A new pact content for Good has not been verified yet.
    b.publish("A", "2", "Good", None, &[], &json!({ "g": 2 })).await;
    let after = b.get("/integrations").await;
    let good = after.body["_embedded"]["integrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["provider"]["name"] == "Good")
        .cloned()
        .unwrap();
    assert_eq!(good["verificationStatus"], "never");
}
on_every_database!(
    integrations_have_a_verification_status_on_every_database,
    integrations_have_a_verification_status
);

/// A `PUT` pact whose parts the model cannot read is stored and answered with a `Warning`
/// header per unusable part (the body is the pact, as the Pact Broker's).
async fn put_pact_warns_about_unusable_parts(db: Db) {
    let b = TestBroker::start(db).await;
    let mut pact = pact_json("Web", "Orders", &json!({ "id": 1 }));
    pact["interactions"][0]["response"]["matchingRules"] =
        json!({ "body": { "$.id": { "matchers": [{ "match": "regex", "regex": "([a-z" }] } } });
    let stored = b
        .put("/pacts/provider/Orders/consumer/Web/version/1", pact.clone())
        .await;
    assert_eq!(stored.status, 201, "{}", stored.text);
    let warnings: Vec<&str> = stored
        .headers
        .get_all("warning")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("199 pact-broker \""), "{}", warnings[0]);
    assert!(warnings[0].contains("a request for data"), "{}", warnings[0]);
    assert_eq!(stored.body["interactions"], pact["interactions"]);

    let fine = b
        .put(
            "/pacts/provider/Orders/consumer/Web/version/2",
            pact_json("Web", "Orders", &json!({ "id": 2 })),
        )
        .await;
    assert_eq!(fine.status, 201, "{}", fine.text);
    assert!(fine.headers.get("warning").is_none());
}
on_every_database!(
    put_pact_warns_about_unusable_parts_on_every_database,
    put_pact_warns_about_unusable_parts
);
