//! The webhook links of a pact document (`pb:triggered-webhooks`, `pb:pact-webhooks`,
//! `pb:consumer-webhooks`) lead somewhere: following each answers 200 with the pact's
//! deliveries, the pair's webhooks and the consumer's webhooks. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)]

mod server_support;

use std::time::Duration;

use pact_broker::config::BrokerConfig;
use pact_broker::webhooks::{AllowList, Doorbell, RetryPolicy, WebhookConfig};
use serde_json::{Value, json};
use server_support::{Db, TestBroker, path_of};

/// Webhooks to loopback allowed (nothing is delivered: no worker runs in this test).
fn config() -> BrokerConfig {
    BrokerConfig {
        webhooks: WebhookConfig {
            allow_list: AllowList::new("http", "127.0.0.1", "POST"),
            retry: RetryPolicy {
                max_attempts: 1,
                base_delay: Duration::from_millis(20),
                max_delay: Duration::from_millis(20),
            },
            request_timeout: Duration::from_secs(5),
            poll_interval: Duration::from_millis(50),
            doorbell: Doorbell::default(),
        },
        ..Default::default()
    }
}

/// The titles of the webhooks a webhook list links to.
fn webhook_titles(list: &Value) -> Vec<String> {
    list["_links"]["pb:webhooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["title"].as_str().unwrap().to_string())
        .collect()
}

async fn pact_links_to_its_webhooks(db: Db) {
    let b = TestBroker::with_config(db, config()).await;
    let first = b
        .publish("Web", "1.0.0", "Api", Some("main"), &[], &json!({ "id": 1 }))
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let hook = b
        .post(
            "/webhooks",
            json!({
                "description": "web-api-published",
                "consumer": { "name": "Web" },
                "provider": { "name": "Api" },
                "events": [{ "name": "contract_published" }],
                "request": { "method": "POST", "url": "http://127.0.0.1:9/hook" },
                "enabled": true,
            }),
        )
        .await;
    assert_eq!(hook.status, 201, "{}", hook.text);
    let second = b
        .publish("Web", "1.0.1", "Api", Some("main"), &[], &json!({ "id": 2 }))
        .await;
    assert_eq!(second.status, 200, "{}", second.text);

    let pact = b.get("/pacts/provider/Api/consumer/Web/version/1.0.1").await;
    assert_eq!(pact.status, 200, "{}", pact.text);
    let links = &pact.body["_links"];
    assert_eq!(
        links["pb:triggered-webhooks"]["href"],
        "http://broker.test/pacts/provider/Api/consumer/Web/version/1.0.1/triggered-webhooks"
    );
    assert_eq!(
        links["pb:pact-webhooks"]["href"],
        "http://broker.test/pacts/provider/Api/consumer/Web/webhooks"
    );
    assert_eq!(
        links["pb:consumer-webhooks"]["href"],
        "http://broker.test/webhooks/consumer/Web"
    );

    let triggered = b.get(&path_of(&links["pb:triggered-webhooks"]["href"])).await;
    assert_eq!(triggered.status, 200, "{}", triggered.text);
    let deliveries = triggered.body["_embedded"]["triggeredWebhooks"]
        .as_array()
        .unwrap();
    assert_eq!(deliveries.len(), 1, "{}", triggered.text);
    for rel in ["pb:pact-webhooks", "pb:consumer-webhooks"] {
        let list = b.get(&path_of(&links[rel]["href"])).await;
        assert_eq!(list.status, 200, "{rel}: {}", list.text);
        assert_eq!(webhook_titles(&list.body), ["web-api-published"], "{rel}");
    }

    // The first pact was published before the webhook existed: its deliveries list is empty.
    let older = b.get("/pacts/provider/Api/consumer/Web/version/1.0.0").await;
    let triggered = b
        .get(&path_of(&older.body["_links"]["pb:triggered-webhooks"]["href"]))
        .await;
    assert_eq!(triggered.status, 200, "{}", triggered.text);
    assert_eq!(
        triggered.body["_embedded"]["triggeredWebhooks"]
            .as_array()
            .map(Vec::len),
        Some(0),
        "{}",
        triggered.text
    );

    // The same links on the other ways of reading a pact.
    let by_sha_href = path_of(&links["pb:pact-version"]["href"]);
    for path in ["/pacts/provider/Api/consumer/Web/latest", by_sha_href.as_str()] {
        let reply = b.get(path).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
        for rel in [
            "pb:triggered-webhooks",
            "pb:pact-webhooks",
            "pb:consumer-webhooks",
        ] {
            let followed = b.get(&path_of(&reply.body["_links"][rel]["href"])).await;
            assert_eq!(followed.status, 200, "{path} {rel}: {}", followed.text);
        }
    }
}
on_every_database!(
    pact_links_to_its_webhooks_on_each_database,
    pact_links_to_its_webhooks
);
