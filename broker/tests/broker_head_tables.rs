//! The maintained head tables of migration 0600 (`tag_heads`: newest tagged consumer version with
//! a pact per provider; `integration_heads`: newest publication per integration) follow every
//! write that can move a head — publishing, tagging, removing a tag, deleting a version or a
//! publication — and the reads built on them (latest tagged pact, WIP pacts by tag, the latest
//! pacts) answer what the publications say. On SQLite, and on PostgreSQL when `DATABASE_URL`
//! names a server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod server_support;

use serde_json::json;
use server_support::{Db, TestBroker, postgres_url};

/// The version number each head of `table` points at for provider `Api` (tag heads: by tag).
async fn heads(broker: &TestBroker, table: &str) -> Vec<(String, String)> {
    let label = if table == "tag_heads" { "h.tag_name" } else { "'-'" };
    sqlx::query_as(&format!(
        "SELECT {label}, v.number FROM {table} h JOIN versions v ON v.id = h.version_id \
         JOIN pacticipants p ON p.id = h.provider_id WHERE p.name = 'Api' ORDER BY 1"
    ))
    .fetch_all(broker.store.pool())
    .await
    .expect("read heads")
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

async fn latest_dev_version(broker: &TestBroker) -> Option<String> {
    let reply = broker.get("/pacts/provider/Api/consumer/Web/latest/dev").await;
    if reply.status == 404 {
        return None;
    }
    assert_eq!(reply.status, 200, "{}", reply.text);
    let href = reply.body["_links"]["pb:consumer-version"]["href"]
        .as_str()
        .expect("consumer version link");
    Some(href.rsplit('/').next().unwrap_or_default().to_string())
}

async fn wip_labels(broker: &TestBroker) -> Vec<String> {
    let reply = broker
        .post(
            "/pacts/provider/Api/for-verification",
            json!({"consumerVersionSelectors": [{"branch": "none"}], "includePendingStatus": true,
                   "includeWipPactsSince": "2000-01-01", "providerVersionBranch": "main"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let mut notices: Vec<String> = reply.body["_embedded"]["pacts"]
        .as_array()
        .expect("pacts")
        .iter()
        .map(|p| {
            p["verificationProperties"]["notices"][0]["text"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    notices.sort();
    notices
}

async fn heads_follow_every_write(db: Db) {
    let broker = TestBroker::start(db).await;
    let content = |n: i32| json!({ "n": n });
    assert_eq!(
        broker
            .publish("Web", "1", "Api", None, &["dev"], &content(1))
            .await
            .status,
        200
    );
    assert_eq!(heads(&broker, "tag_heads").await, pairs(&[("dev", "1")]));
    assert_eq!(heads(&broker, "integration_heads").await, pairs(&[("-", "1")]));
    assert_eq!(latest_dev_version(&broker).await.as_deref(), Some("1"));
    assert_eq!(wip_labels(&broker).await.len(), 1, "the dev head is a WIP pact");

    // A newer untagged publication moves the integration head only.
    assert_eq!(
        broker
            .publish("Web", "2", "Api", None, &[], &content(2))
            .await
            .status,
        200
    );
    assert_eq!(heads(&broker, "tag_heads").await, pairs(&[("dev", "1")]));
    assert_eq!(heads(&broker, "integration_heads").await, pairs(&[("-", "2")]));

    // Tagging it afterwards moves the tag head; a tag on a version without pact does nothing.
    let tag = |version: &str, tag: &str| format!("/pacticipants/Web/versions/{version}/tags/{tag}");
    assert!(broker.put(&tag("2", "dev"), json!({})).await.status < 300);
    assert!(broker.put(&tag("2", "prod"), json!({})).await.status < 300);
    assert!(broker.put(&tag("3", "dev"), json!({})).await.status < 300);
    assert_eq!(
        heads(&broker, "tag_heads").await,
        pairs(&[("dev", "2"), ("prod", "2")])
    );
    assert_eq!(latest_dev_version(&broker).await.as_deref(), Some("2"));

    // Removing the tag moves the head back to the older tagged version.
    assert_eq!(broker.delete(&tag("2", "dev")).await.status, 204);
    assert_eq!(
        heads(&broker, "tag_heads").await,
        pairs(&[("dev", "1"), ("prod", "2")])
    );
    assert_eq!(latest_dev_version(&broker).await.as_deref(), Some("1"));

    // Deleting the version (publications and tags go by cascade) removes its heads.
    assert!(broker.delete("/pacticipants/Web/versions/1").await.status < 300);
    assert_eq!(heads(&broker, "tag_heads").await, pairs(&[("prod", "2")]));
    assert_eq!(latest_dev_version(&broker).await, None);
    assert_eq!(heads(&broker, "integration_heads").await, pairs(&[("-", "2")]));

    // Deleting the last publication removes the integration's head; /pacts/latest agrees.
    assert!(
        broker
            .delete("/pacts/provider/Api/consumer/Web/version/2")
            .await
            .status
            < 300
    );
    assert_eq!(heads(&broker, "tag_heads").await, pairs(&[]));
    assert_eq!(heads(&broker, "integration_heads").await, pairs(&[]));
    let latest = broker.get("/pacts/latest").await;
    assert_eq!(
        latest.body["pacts"].as_array().map(Vec::len),
        Some(0),
        "{}",
        latest.text
    );
}

#[tokio::test]
async fn head_tables_follow_every_write_on_sqlite() {
    heads_follow_every_write(Db::Sqlite).await;
}

#[tokio::test]
async fn head_tables_follow_every_write_on_postgres() {
    if postgres_url().is_some() {
        heads_follow_every_write(Db::Postgres).await;
    }
}
