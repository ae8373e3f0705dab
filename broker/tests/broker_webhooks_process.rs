//! Webhook deliveries across `pact-broker serve` processes: a delivery queued before a crash is
//! sent by the next process on the same SQLite file, and two processes sharing one PostgreSQL
//! database send each delivery exactly once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod server_support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A running `pact-broker serve`, killed when dropped.
struct BrokerProcess {
    child: Child,
    url: String,
}

impl BrokerProcess {
    fn start(database_url: &str) -> BrokerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pact-broker"))
            .args(["serve", "--port", "0", "--database-url", database_url])
            .env("PACT_BROKER_LOG_LEVEL", "warn")
            .env("PACT_BROKER_WEBHOOK_SCHEME_WHITELIST", "http")
            .env("PACT_BROKER_WEBHOOK_HOST_WHITELIST", "127.0.0.1")
            .env("PACT_BROKER_WEBHOOK_RETRY_MAX_ATTEMPTS", "1000")
            .env("PACT_BROKER_WEBHOOK_RETRY_BASE_DELAY_MS", "50")
            .env("PACT_BROKER_WEBHOOK_RETRY_MAX_DELAY_MS", "200")
            .env("PACT_BROKER_WEBHOOK_REQUEST_TIMEOUT_MS", "2000")
            .env("PACT_BROKER_WEBHOOK_POLL_INTERVAL_MS", "50")
            .env_remove("PACT_BROKER_BASIC_AUTH_USERNAME")
            .env_remove("PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn pact-broker");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the URL line");
        let url = line.trim().rsplit(' ').next().expect("url").to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        BrokerProcess { child, url }
    }

    /// SIGKILL: no graceful shutdown, as in a crash.
    fn crash(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("wait");
    }
}

impl Drop for BrokerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn eventually<T, F, Fut>(what: &str, seconds: u64, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn get_json(url: &str) -> Value {
    reqwest::get(url).await.expect("GET").json().await.expect("JSON")
}

async fn create_webhook(broker: &str, receiver: &str, route: &str) {
    let reply = reqwest::Client::new()
        .post(format!("{broker}/webhooks"))
        .json(&json!({
            "events": [{ "name": "contract_published" }],
            "request": {
                "method": "POST",
                "url": format!("{receiver}{route}"),
                "body": { "id": "${pactbroker.consumerVersionNumber}" }
            }
        }))
        .send()
        .await
        .expect("create webhook");
    assert_eq!(reply.status(), 201, "{}", reply.text().await.unwrap_or_default());
}

async fn publish(broker: &str, version: &str) {
    let pact = server_support::pact_json("Web", "Api", &json!({ "version": version }));
    let reply = reqwest::Client::new()
        .put(format!(
            "{broker}/pacts/provider/Api/consumer/Web/version/{version}"
        ))
        .json(&pact)
        .send()
        .await
        .expect("publish");
    assert!(
        reply.status().is_success(),
        "{}",
        reply.text().await.unwrap_or_default()
    );
}

async fn triggered(broker: &str, version: &str) -> Vec<Value> {
    get_json(&format!(
        "{broker}/pacts/provider/Api/consumer/Web/version/{version}/triggered-webhooks"
    ))
    .await["_embedded"]["triggeredWebhooks"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_pending_delivery_survives_a_broker_crash() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("broker.sqlite").display());
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/restart"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&receiver)
        .await;

    let first = BrokerProcess::start(&database);
    create_webhook(&first.url, &receiver.uri(), "/restart").await;
    publish(&first.url, "1.0.0").await;
    eventually("a failed first attempt", 20, || async {
        let list = triggered(&first.url, "1.0.0").await;
        (list.len() == 1 && list[0]["status"] == "retrying").then_some(())
    })
    .await;
    first.crash();

    // Only now does the receiver come up; nothing can call it until a new broker starts.
    receiver.reset().await;
    Mock::given(method("POST"))
        .and(path("/restart"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let second = BrokerProcess::start(&database);
    let requests = eventually("the delivery after the restart", 30, || async {
        let requests = receiver.received_requests().await.unwrap();
        (!requests.is_empty()).then_some(requests)
    })
    .await;
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body, json!({ "id": "1.0.0" }));
    let done = eventually("the delivery recorded as successful", 20, || async {
        let list = triggered(&second.url, "1.0.0").await;
        (list.len() == 1 && list[0]["status"] == "success").then(|| list[0].clone())
    })
    .await;
    let logs = get_json(done["_links"]["pb:logs"]["href"].as_str().unwrap()).await;
    let statuses: Vec<i64> = logs["executions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["response"]["status"].as_i64().unwrap_or(0))
        .collect();
    assert!(statuses.len() >= 2, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&200));
    assert!(
        statuses[..statuses.len() - 1].iter().all(|s| *s == 503),
        "{statuses:?}"
    );
    assert_eq!(receiver.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn two_brokers_on_one_postgres_deliver_each_webhook_once() {
    if server_support::postgres_url().is_none() {
        eprintln!(
            "SKIPPED two_brokers_on_one_postgres_deliver_each_webhook_once: DATABASE_URL is not a PostgreSQL URL"
        );
        return;
    }
    let database = server_support::TestBroker::start(server_support::Db::Postgres)
        .await
        .database
        .clone();
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/once"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(20)))
        .mount(&receiver)
        .await;
    let brokers = [BrokerProcess::start(&database), BrokerProcess::start(&database)];
    create_webhook(&brokers[0].url, &receiver.uri(), "/once").await;
    const EVENTS: usize = 60;
    // The first publication creates the pacticipants; the rest race each other through both brokers.
    publish(&brokers[0].url, "1.0.0").await;
    let mut publishes = tokio::task::JoinSet::new();
    for i in 1..EVENTS {
        let url = brokers[i % 2].url.clone();
        publishes.spawn(async move { publish(&url, &format!("1.0.{i}")).await });
    }
    while let Some(done) = publishes.join_next().await {
        done.expect("publish task");
    }

    let pool = sqlx::PgPool::connect(&database).await.unwrap();
    eventually("every delivery finished", 60, || async {
        let (open,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM triggered_webhooks WHERE status <> 'success'")
                .fetch_one(&pool)
                .await
                .unwrap();
        let (all,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM triggered_webhooks")
            .fetch_one(&pool)
            .await
            .unwrap();
        (open == 0 && all == EVENTS as i64).then_some(())
    })
    .await;
    let (attempts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM webhook_executions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(attempts, EVENTS as i64, "one attempt per delivery");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for request in receiver.received_requests().await.unwrap() {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        *counts
            .entry(body["id"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(counts.len(), EVENTS, "every event delivered");
    let repeated: Vec<_> = counts.iter().filter(|(_, n)| **n != 1).collect();
    assert!(repeated.is_empty(), "delivered more than once: {repeated:?}");
    pool.close().await;
}
