//! Issue 13 points 7, 9 and 10: pacticipant labels and label-scoped webhooks that fire, pacts
//! stored as published (with notices for what the model cannot read), and the Pact Broker's
//! potential-duplicate pacticipant name check; on SQLite and (with `DATABASE_URL`) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod server_support;

use std::time::{Duration, Instant};

use axum::http::Method;
use base64::Engine;
use pact_broker::config::BrokerConfig;
use pact_broker::webhooks::{AllowList, Doorbell, RetryPolicy, WebhookConfig, WebhookWorker};
use serde_json::{Value, json};
use server_support::{Db, TestBroker};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Point 7: labels on pacticipants, as the Pact Broker's `Label`, `PacticipantsForLabel` and
/// `PacticipantDecorator` show them.
async fn pacticipant_labels(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Foo", "1", "Bar", None, &[], &json!({ "v": 1 })).await;

    let added = b.put("/pacticipants/Foo/labels/team-a", json!({})).await;
    assert_eq!(added.status, 201, "{}", added.text);
    assert_eq!(
        added.headers["location"],
        "http://broker.test/pacticipants/Foo/labels/team-a"
    );
    assert_eq!(added.body["name"], "team-a");
    assert_eq!(
        added.body["_links"],
        json!({
            "self": { "href": "http://broker.test/pacticipants/Foo/labels/team-a", "title": "Label", "name": "team-a" },
            "pacticipant": { "href": "http://broker.test/pacticipants/Foo", "title": "Pacticipant", "name": "Foo" },
        })
    );
    let again = b.put("/pacticipants/Foo/labels/team-a", json!({})).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert!(again.headers.get("location").is_none());
    assert_eq!(
        b.put("/pacticipants/Bar/labels/team-b", json!({})).await.status,
        201
    );

    let shown = b.get("/pacticipants/Foo/labels/team-a").await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    let labelled = b.get("/pacticipants/Foo").await;
    assert_eq!(
        labelled.body["_embedded"]["labels"],
        json!([{ "name": "team-a", "_links": { "self": {
            "href": "http://broker.test/pacticipants/Foo/labels/team-a", "title": "Label", "name": "team-a" } } }])
    );
    let listed = b.get("/pacticipants").await;
    assert_eq!(
        listed.body["pacticipants"][0]["_embedded"]["labels"][0]["name"],
        "team-b"
    );

    let with_label = b.get("/pacticipants/label/team-a").await;
    assert_eq!(with_label.status, 200, "{}", with_label.text);
    let names: Vec<&str> = with_label.body["_embedded"]["pacticipants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Foo"]);
    assert_eq!(
        with_label.body["_links"]["self"]["href"],
        "http://broker.test/pacticipants/label/team-a"
    );
    let all = b.get("/labels").await;
    assert_eq!(
        all.body["_embedded"]["labels"],
        json!([{ "name": "team-a" }, { "name": "team-b" }])
    );

    assert_eq!(b.delete("/pacticipants/Foo/labels/team-a").await.status, 204);
    assert_eq!(b.get("/pacticipants/Foo/labels/team-a").await.status, 404);
    assert_eq!(b.delete("/pacticipants/Foo/labels/team-a").await.status, 404);
    let emptied = b.get("/pacticipants/label/team-a").await;
    assert_eq!(emptied.body["_embedded"]["pacticipants"], json!([]));
    assert_eq!(b.put("/pacticipants/Nope/labels/x", json!({})).await.status, 404);

    // Deleting a pacticipant takes its labels with it.
    assert_eq!(b.delete("/pacticipants/Bar").await.status, 204);
    assert_eq!(b.get("/labels").await.body["_embedded"]["labels"], json!([]));
}
on_every_database!(pacticipant_labels_on_every_database, pacticipant_labels);

/// Point 7: webhooks scoped by a consumer or provider label fire for labelled pacticipants only.
async fn label_scoped_webhooks_fire(db: Db) {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let webhooks = WebhookConfig {
        allow_list: AllowList::new("http", "127.0.0.1", "POST"),
        retry: RetryPolicy {
            max_attempts: 1,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(10),
        },
        request_timeout: Duration::from_secs(5),
        poll_interval: Duration::from_millis(50),
        doorbell: Doorbell::default(),
    };
    let config = BrokerConfig {
        webhooks: webhooks.clone(),
        ..Default::default()
    };
    let b = TestBroker::with_config(db, config).await;
    let worker = WebhookWorker::start(b.store.clone(), webhooks);

    b.publish("Web", "0", "Orders", None, &[], &json!({ "v": 0 }))
        .await;
    b.publish("Mobile", "0", "Orders", None, &[], &json!({ "v": 0 }))
        .await;
    assert_eq!(
        b.put("/pacticipants/Web/labels/frontend", json!({})).await.status,
        201
    );
    assert_eq!(
        b.put("/pacticipants/Orders/labels/backend", json!({}))
            .await
            .status,
        201
    );
    for (scope, label) in [("consumer", "frontend"), ("provider", "backend")] {
        let created = b
            .post(
                "/webhooks",
                json!({
                    "description": format!("{scope} label {label}"),
                    scope: { "label": label },
                    "events": [{ "name": "contract_published" }],
                    "request": { "method": "POST", "url": format!("{}/hook?{scope}=${{pactbroker.{scope}Labels}}", receiver.uri()) },
                }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        assert_eq!(created.body[scope]["label"], label);
    }

    // Web carries `frontend` and publishes to Orders (`backend`): both webhooks fire.
    let web = b
        .publish("Web", "1", "Orders", None, &[], &json!({ "v": 1 }))
        .await;
    assert_eq!(web.status, 200, "{}", web.text);
    let triggered = b
        .get("/pacts/provider/Orders/consumer/Web/version/1/triggered-webhooks")
        .await;
    assert_eq!(
        triggered.body["_embedded"]["triggeredWebhooks"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "{}",
        triggered.text
    );
    // Mobile has no label: only the provider-label webhook fires.
    b.publish("Mobile", "1", "Orders", None, &[], &json!({ "v": 1 }))
        .await;
    let mobile = b
        .get("/pacts/provider/Orders/consumer/Mobile/version/1/triggered-webhooks")
        .await;
    assert_eq!(
        mobile.body["_embedded"]["triggeredWebhooks"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{}",
        mobile.text
    );
    // A pact to an unlabelled provider from an unlabelled consumer: nothing.
    b.publish("Mobile", "2", "Billing", None, &[], &json!({ "v": 1 }))
        .await;
    let none = b
        .get("/pacts/provider/Billing/consumer/Mobile/version/2/triggered-webhooks")
        .await;
    assert_eq!(
        none.body["_embedded"]["triggeredWebhooks"],
        json!([]),
        "{}",
        none.text
    );

    // The three deliveries really reach the receiver, with the label template values.
    let deadline = Instant::now() + Duration::from_secs(20);
    let received = loop {
        let received = receiver.received_requests().await.unwrap_or_default();
        if received.len() >= 3 || Instant::now() > deadline {
            break received;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(received.len(), 3, "deliveries: {received:?}");
    let mut queries: Vec<String> = received
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect();
    queries.sort();
    assert_eq!(
        queries,
        vec!["consumer=frontend", "provider=backend", "provider=backend"]
    );
    worker.stop().await;
}
on_every_database!(
    label_scoped_webhooks_fire_on_every_database,
    label_scoped_webhooks_fire
);

/// A `/contracts/publish` body carrying `text` as the pact, byte for byte.
fn publish_body(consumer: &str, version: &str, text: &str) -> Value {
    json!({
        "pacticipantName": consumer,
        "pacticipantVersionNumber": version,
        "contracts": [{
            "consumerName": consumer, "providerName": "Bar", "specification": "pact",
            "contentType": "application/json",
            "content": base64::engine::general_purpose::STANDARD.encode(text),
        }]
    })
}

async fn stored_contents(b: &TestBroker) -> Vec<String> {
    sqlx::query_scalar::<_, String>("SELECT content FROM pact_versions ORDER BY id")
        .fetch_all(b.store.pool())
        .await
        .unwrap()
}

/// Point 9: any pact JSON with a consumer and a provider name is stored as published, and what
/// the model cannot read becomes a notice, never a 400.
async fn pacts_are_stored_as_published(db: Db) {
    let b = TestBroker::start(db).await;
    // An invalid regex, a matcher type nobody knows, odd spacing and number formatting.
    let odd = r#"{
  "consumer": { "name": "Foo" },  "provider": { "name": "Bar" },
  "interactions": [ {
    "description": "a request", "request": { "method": "GET", "path": "/items",
      "matchingRules": { "path": { "matchers": [ { "match": "regex", "regex": "([unclosed" } ] } } },
    "response": { "status": 200, "body": { "price": 1.50, "big": 12345678901234567890123 },
      "matchingRules": { "body": { "$.price": { "matchers": [ { "match": "fancy-new-matcher" } ] } } } }
  } ],
  "metadata": { "pactSpecification": { "version": "3.0.0" }, "x-custom": [1, 2, 3] }
}"#;
    // pact-core reads it interaction by interaction: the unreadable parts are problems of the
    // interaction, each of which becomes a warning notice.
    let problems = pact_core::format::read_pact(odd)
        .expect("the document loads")
        .interactions[0]
        .problems()
        .to_vec();
    assert_eq!(problems.len(), 2, "{problems:?}");
    let published = b.post("/contracts/publish", publish_body("Foo", "1", odd)).await;
    assert_eq!(published.status, 200, "{}", published.text);
    assert_eq!(
        stored_contents(&b).await,
        vec![odd.to_string()],
        "stored byte for byte"
    );
    let warnings: Vec<&str> = published.body["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "warning")
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), problems.len(), "{}", published.text);
    for (warning, problem) in warnings.iter().zip(&problems) {
        assert!(warning.contains("stored as published"), "{warning}");
        assert!(warning.contains("\"a request\""), "{warning}");
        assert!(warning.contains(&problem.path), "{warning}");
    }
    // Reading it back gives the document (plus the broker's links).
    let got = b.get("/pacts/provider/Bar/consumer/Foo/version/1").await;
    assert_eq!(got.status, 200, "{}", got.text);
    assert_eq!(got.body["metadata"]["x-custom"], json!([1, 2, 3]));
    assert_eq!(
        got.body["interactions"][0]["response"]["matchingRules"]["body"]["$.price"]["matchers"][0]["match"],
        "fancy-new-matcher"
    );

    // A second version: comparing with an unreadable previous pact is not a 400 either.
    let second = odd.replace("1.50", "2.50");
    let republished = b
        .post("/contracts/publish", publish_body("Foo", "2", &second))
        .await;
    assert_eq!(republished.status, 200, "{}", republished.text);
    assert_eq!(stored_contents(&b).await, vec![odd.to_string(), second.clone()]);

    // The PUT path stores it as published too.
    let third = odd.replace("1.50", "3.50");
    let put = b
        .raw(Method::PUT, "/pacts/provider/Bar/consumer/Foo/version/3", &third)
        .await;
    assert_eq!(put.status, 201, "{}", put.text);
    assert_eq!(stored_contents(&b).await.last().unwrap(), &third);

    // Only a document without both names is refused.
    let refused = b
        .post(
            "/contracts/publish",
            publish_body("Foo", "4", r#"{"consumer":{"name":"Foo"},"interactions":[]}"#),
        )
        .await;
    assert_eq!(refused.status, 400, "{}", refused.text);
}
on_every_database!(
    pacts_are_stored_as_published_on_every_database,
    pacts_are_stored_as_published
);

/// Point 10: a new pacticipant whose name only differs from an existing one by case, spacing
/// and the like is refused with the Pact Broker's 409 and message, unless the check is off.
async fn potential_duplicate_names_are_refused(db: Db) {
    let b = TestBroker::start(db).await;
    assert_eq!(
        b.publish("Foo Bar", "1", "Orders", None, &[], &json!({ "v": 1 }))
            .await
            .status,
        200
    );

    let pact =
        json!({ "consumer": { "name": "foo-bar" }, "provider": { "name": "Orders" }, "interactions": [] });
    let put = b
        .put("/pacts/provider/Orders/consumer/foo-bar/version/1", pact.clone())
        .await;
    assert_eq!(put.status, 409, "{}", put.text);
    assert!(
        put.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(
        put.text,
        "This is the first time a pact has been published for \"foo-bar\".\n\
         The name \"foo-bar\" is very similar to the following existing consumers/providers:\n\
         * Foo Bar\n\
         If you meant to specify one of the above names, please correct the pact configuration, and re-publish the pact.\n\
         If the pact is intended to be for a new consumer or provider, please manually create \"foo-bar\" using the following command, and then re-publish the pact:\n\
         $ curl -v -XPOST -H \"Content-Type: application/json\" -d \"{\\\"name\\\": \\\"foo-bar\\\"}\" http://broker.test/pacticipants\n"
    );
    assert_eq!(
        b.get("/pacticipants/foo-bar").await.status,
        404,
        "nothing was created"
    );

    // Through /contracts/publish: 409 with the message as an error notice, for the provider too.
    let publish = b
        .publish("Foo Bar", "2", "orders service", None, &[], &json!({ "v": 2 }))
        .await;
    assert_eq!(publish.status, 409, "{}", publish.text);
    let text = publish.body["notices"][0]["text"].as_str().unwrap();
    assert_eq!(publish.body["notices"][0]["type"], "error");
    assert!(
        text.contains("\"orders service\" is very similar") && text.contains("* Orders"),
        "{text}"
    );
    assert_eq!(publish.body["errors"]["contracts"][0], text);

    // Exact names and unrelated names are fine; creating the name explicitly lifts the check.
    assert_eq!(
        b.publish("Foo Bar", "3", "Orders", None, &[], &json!({ "v": 3 }))
            .await
            .status,
        200
    );
    assert_eq!(
        b.publish("Payments", "1", "Orders", None, &[], &json!({ "v": 1 }))
            .await
            .status,
        200
    );
    assert_eq!(
        b.post("/pacticipants", json!({ "name": "foo-bar" })).await.status,
        201
    );
    assert_eq!(
        b.put("/pacts/provider/Orders/consumer/foo-bar/version/1", pact.clone())
            .await
            .status,
        201
    );

    // With PACT_BROKER_CHECK_FOR_POTENTIAL_DUPLICATE_PACTICIPANT_NAMES=false there is no check.
    let config = BrokerConfig {
        allow_potential_duplicate_pacticipant_names: true,
        ..Default::default()
    };
    let relaxed = TestBroker::with_config(db, config).await;
    relaxed
        .publish("Foo Bar", "1", "Orders", None, &[], &json!({ "v": 1 }))
        .await;
    let put = relaxed
        .put("/pacts/provider/Orders/consumer/foo-bar/version/1", pact)
        .await;
    assert_eq!(put.status, 201, "{}", put.text);
}
on_every_database!(
    potential_duplicate_names_are_refused_on_every_database,
    potential_duplicate_names_are_refused
);
