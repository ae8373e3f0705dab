//! Webhooks end to end, in-process broker plus its delivery worker, a `wiremock` receiver on
//! loopback (allow-listed for the test): CRUD in the Pact Broker's shape, templated delivery,
//! retries with backoff and their logs, scoping by consumer/provider and event, allow-list
//! refusals at creation and at delivery, explicit execution.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod server_support;

use std::future::Future;
use std::time::{Duration, Instant};

use pact_broker::config::BrokerConfig;
use pact_broker::webhooks::{AllowList, Doorbell, RetryPolicy, WebhookConfig, WebhookWorker};
use serde_json::{Value, json};
use server_support::{Db, TestBroker, path_of};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn webhook_config(hosts: &str, max_attempts: u32) -> WebhookConfig {
    WebhookConfig {
        allow_list: AllowList::new("http", hosts, "POST PUT"),
        retry: RetryPolicy {
            max_attempts,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
        },
        request_timeout: Duration::from_secs(5),
        poll_interval: Duration::from_millis(50),
        doorbell: Doorbell::default(),
    }
}

/// A broker whose worker runs, calling loopback receivers.
async fn broker_with_worker(db: Db, webhooks: WebhookConfig) -> (TestBroker, WebhookWorker) {
    let config = BrokerConfig {
        webhooks: webhooks.clone(),
        ..Default::default()
    };
    let broker = TestBroker::with_config(db, config).await;
    let worker = WebhookWorker::start(broker.store.clone(), webhooks);
    (broker, worker)
}

/// Polls `check` until it yields a value, failing after 20 s.
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn create_webhook(b: &TestBroker, body: Value) -> String {
    let reply = b.post("/webhooks", body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let location = reply.headers["location"].to_str().unwrap().to_string();
    assert_eq!(location, reply.body["_links"]["self"]["href"]);
    reply.body["uuid"].as_str().unwrap().to_string()
}

/// The deliveries listed at a `…/triggered-webhooks` path.
async fn triggered(b: &TestBroker, list_path: &str) -> Vec<Value> {
    let reply = b.get(list_path).await;
    assert_eq!(reply.status, 200, "{list_path}: {}", reply.text);
    reply.body["_embedded"]["triggeredWebhooks"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Waits until every delivery listed at `list_path` has finished, then returns them.
async fn settled(b: &TestBroker, list_path: &str, expected: usize) -> Vec<Value> {
    eventually(
        &format!("{expected} finished deliveries at {list_path}"),
        || async {
            let list = triggered(b, list_path).await;
            let done = list
                .iter()
                .all(|t| t["status"] == "success" || t["status"] == "failure");
            (list.len() == expected && done).then_some(list)
        },
    )
    .await
}

async fn logs_of(b: &TestBroker, delivery: &Value) -> Value {
    let reply = b.get(&path_of(&delivery["_links"]["pb:logs"]["href"])).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

async fn templated_delivery_reaches_the_receiver(db: Db) {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hooks/Web/1.0.0"))
        .respond_with(ResponseTemplate::new(202).set_body_string("queued build 7"))
        .mount(&receiver)
        .await;
    let (b, worker) = broker_with_worker(db, webhook_config("127.0.0.1", 3)).await;
    b.publish("Web", "0.0.1", "Api", None, &[], &json!({ "v": 0 }))
        .await;
    let uuid = create_webhook(
        &b,
        json!({
            "description": "Trigger the Api build",
            "consumer": { "name": "Web" },
            "provider": { "name": "Api" },
            "events": [{ "name": "contract_published" }],
            "request": {
                "method": "POST",
                "url": format!("{}/hooks/${{pactbroker.consumerName}}/${{pactbroker.consumerVersionNumber}}?pact=${{pactbroker.pactUrl}}", receiver.uri()),
                "headers": { "X-Consumer": "${pactbroker.consumerName}", "X-Api-Token": "secret-token" },
                "body": {
                    "pactUrl": "${pactbroker.pactUrl}",
                    "branch": "${pactbroker.consumerVersionBranch}",
                    "tags": "${pactbroker.consumerVersionTags}",
                    "status": "${pactbroker.githubVerificationStatus}",
                    "event": "${pactbroker.eventName}",
                    "provider": "${pactbroker.providerName}",
                    "build": "${pactbroker.buildUrl}"
                },
                "username": "bot",
                "password": "pw"
            }
        }),
    )
    .await;

    // The password is never shown; sending the shown body back keeps it.
    let shown = b.get(&format!("/webhooks/{uuid}")).await;
    assert_eq!(shown.status, 200);
    assert_eq!(shown.body["request"]["password"], "**********");
    assert!(!shown.text.contains("\"pw\""), "{}", shown.text);
    assert_eq!(shown.body["consumer"], json!({ "name": "Web" }));
    assert_eq!(shown.body["events"], json!([{ "name": "contract_published" }]));
    assert_eq!(
        shown.body["_links"]["pb:pact-webhooks"]["href"],
        "http://broker.test/pacts/provider/Api/consumer/Web/webhooks"
    );
    let put_back = b.put(&format!("/webhooks/{uuid}"), shown.body.clone()).await;
    assert_eq!(put_back.status, 200, "{}", put_back.text);

    let published = b
        .publish(
            "Web",
            "1.0.0",
            "Api",
            Some("main"),
            &["dev", "prod"],
            &json!({ "v": 1 }),
        )
        .await;
    assert_eq!(published.status, 200, "{}", published.text);
    let list = settled(
        &b,
        "/pacts/provider/Api/consumer/Web/version/1.0.0/triggered-webhooks",
        1,
    )
    .await;
    assert_eq!(list[0]["status"], "success", "{list:?}");
    assert_eq!(list[0]["eventName"], "contract_published");
    assert_eq!(list[0]["attemptsMade"], 1);

    let requests = receiver.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    let pact = b.get("/pacts/provider/Api/consumer/Web/version/1.0.0").await;
    let pact_url = pact.body["_links"]["pb:pact-version"]["href"]
        .as_str()
        .unwrap()
        .to_string();
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(query, [("pact".to_string(), pact_url.clone())]);
    assert_eq!(request.headers["x-consumer"], "Web");
    assert_eq!(request.headers["x-api-token"], "secret-token");
    assert_eq!(request.headers["content-type"], "application/json");
    // Basic auth from username and the stored password ("bot:pw").
    assert_eq!(request.headers["authorization"], "Basic Ym90OnB3");
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({
            "pactUrl": pact_url, "branch": "main", "tags": "dev, prod", "status": "pending",
            "event": "contract_published", "provider": "Api", "build": "http://ci.test/build/1"
        })
    );

    // The attempt log: request with secrets redacted, response status and body.
    let logs = logs_of(&b, &list[0]).await;
    assert_eq!(logs["consumerName"], "Web");
    let execution = &logs["executions"][0];
    assert_eq!(execution["success"], true);
    assert_eq!(execution["response"]["status"], 202);
    assert_eq!(execution["response"]["body"], "queued build 7");
    assert_eq!(execution["request"]["headers"]["X-Api-Token"], "**********");
    assert_eq!(execution["request"]["headers"]["Authorization"], "**********");
    assert!(!logs.to_string().contains("secret-token"));
    assert!(!logs.to_string().contains("Ym90OnB3"));
    worker.stop().await;
}
on_every_database!(
    templated_delivery_reaches_the_receiver_on_each_database,
    templated_delivery_reaches_the_receiver
);

async fn failed_deliveries_are_retried_with_backoff(db: Db) {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/flaky"))
        .respond_with(ResponseTemplate::new(500).set_body_string("try later"))
        .up_to_n_times(2)
        .mount(&receiver)
        .await;
    Mock::given(method("POST"))
        .and(path("/flaky"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    Mock::given(method("POST"))
        .and(path("/down"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&receiver)
        .await;
    let (b, worker) = broker_with_worker(db, webhook_config("127.0.0.0/8", 3)).await;
    for target in ["flaky", "down"] {
        create_webhook(
            &b,
            json!({
                "events": [{ "name": "contract_published" }],
                "request": { "method": "POST", "url": format!("{}/{target}", receiver.uri()), "body": "published" }
            }),
        )
        .await;
    }
    b.publish("Web", "1.0.0", "Api", None, &[], &json!({ "v": 1 }))
        .await;
    let list = settled(
        &b,
        "/pacts/provider/Api/consumer/Web/version/1.0.0/triggered-webhooks",
        2,
    )
    .await;
    let flaky = list
        .iter()
        .find(|t| t["status"] == "success")
        .expect("flaky one succeeded");
    assert_eq!(flaky["attemptsMade"], 3);
    let logs = logs_of(&b, flaky).await;
    let statuses: Vec<&Value> = logs["executions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["response"]["status"])
        .collect();
    assert_eq!(statuses, [&json!(500), &json!(500), &json!(200)]);
    assert_eq!(logs["executions"][0]["response"]["body"], "try later");
    let attempts: Vec<i64> = logs["executions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["attempt"].as_i64().unwrap())
        .collect();
    assert_eq!(attempts, [1, 2, 3]);

    let down = list
        .iter()
        .find(|t| t["status"] == "failure")
        .expect("the down one failed");
    assert_eq!(down["attemptsMade"], 3, "bounded by max attempts");
    assert_eq!(down["attemptsRemaining"], 0);
    assert_eq!(logs_of(&b, down).await["executions"].as_array().unwrap().len(), 3);

    let status = b.get("/pacts/provider/Api/consumer/Web/webhooks/status").await;
    assert_eq!(
        status.body["summary"],
        json!({ "successful": 1, "failed": 1, "retrying": 0, "notRun": 0 })
    );
    assert_eq!(
        status.body["_links"]["pb:error-logs"].as_array().unwrap().len(),
        1
    );
    worker.stop().await;
}
on_every_database!(
    failed_deliveries_are_retried_with_backoff_on_each_database,
    failed_deliveries_are_retried_with_backoff
);

async fn webhooks_fire_only_for_their_pacticipants_and_events(db: Db) {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let (b, worker) = broker_with_worker(db, webhook_config("127.0.0.1", 2)).await;
    b.publish("Other", "1", "Api", None, &[], &json!({ "o": 1 }))
        .await;
    b.publish("Web", "0.1", "Api", None, &[], &json!({ "v": 1 }))
        .await;
    let hook = |name: &str, scope: Value, events: &[&str], enabled: bool| {
        let mut body = json!({
            "description": name,
            "events": events.iter().map(|e| json!({ "name": e })).collect::<Vec<_>>(),
            "request": { "method": "POST", "url": format!("{}/{name}", receiver.uri()),
                         "body": { "provider": "${pactbroker.providerVersionNumber}" } },
            "enabled": enabled,
        });
        for (k, v) in scope.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let api = json!({ "provider": { "name": "Api" } });
    let other_api = json!({ "consumer": { "name": "Other" }, "provider": { "name": "Api" } });
    let web_api = json!({ "consumer": { "name": "Web" }, "provider": { "name": "Api" } });
    create_webhook(&b, hook("provider-published", api, &["contract_published"], true)).await;
    create_webhook(
        &b,
        hook("other-consumer", other_api, &["contract_published"], true),
    )
    .await;
    create_webhook(
        &b,
        hook("any-failed", json!({}), &["provider_verification_failed"], true),
    )
    .await;
    create_webhook(
        &b,
        hook(
            "web-succeeded",
            web_api,
            &["provider_verification_succeeded"],
            true,
        ),
    )
    .await;
    create_webhook(&b, hook("disabled", json!({}), &["contract_published"], false)).await;
    create_webhook(
        &b,
        hook("changed", json!({}), &["contract_content_changed"], true),
    )
    .await;
    let env = b.create_environment("production", true).await;
    assert!(b.branch("Api", "3.0.0", "feature").await.status < 300);
    assert_eq!(b.deploy("Api", "3.0.0", &env).await.status, 201);
    create_webhook(
        &b,
        hook(
            "requiring",
            json!({}),
            &["contract_requiring_verification_published"],
            true,
        ),
    )
    .await;

    // Scoped lists.
    let names = |reply: server_support::Reply| -> Vec<String> {
        reply.body["_links"]["pb:webhooks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        b.get("/webhooks").await.body["_links"]["pb:webhooks"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    assert_eq!(
        names(b.get("/webhooks/provider/Api").await),
        ["provider-published", "other-consumer", "web-succeeded"]
    );
    assert_eq!(names(b.get("/webhooks/consumer/Web").await), ["web-succeeded"]);
    assert_eq!(
        names(b.get("/webhooks/provider/Api/consumer/Other").await),
        ["other-consumer"]
    );
    assert_eq!(
        names(b.get("/pacts/provider/Api/consumer/Web/webhooks").await),
        ["web-succeeded"]
    );
    assert_eq!(b.get("/webhooks/consumer/Nobody").await.status, 404);

    // Publish: content changed compared with 0.1, Api 3.0.0 (deployed) has not verified it.
    b.publish("Web", "1.0", "Api", None, &[], &json!({ "v": 2 }))
        .await;
    let published = settled(
        &b,
        "/pacts/provider/Api/consumer/Web/version/1.0/triggered-webhooks",
        3,
    )
    .await;
    let mut events: Vec<&str> = published
        .iter()
        .map(|t| t["eventName"].as_str().unwrap())
        .collect();
    events.sort_unstable();
    assert_eq!(
        events,
        [
            "contract_content_changed",
            "contract_published",
            "contract_requiring_verification_published"
        ]
    );
    // Same content again: published, but not changed.
    b.publish("Web", "1.1", "Api", None, &[], &json!({ "v": 2 }))
        .await;
    let again = settled(
        &b,
        "/pacts/provider/Api/consumer/Web/version/1.1/triggered-webhooks",
        2,
    )
    .await;
    assert!(
        again.iter().all(|t| t["eventName"] != "contract_content_changed"),
        "{again:?}"
    );

    // A successful verification by 3.0.0.
    let verified = b.verify("Api", "Web", "1.1", "3.0.0", true).await;
    assert_eq!(verified.status, 201, "{}", verified.text);
    let on_success = settled(
        &b,
        &path_of(&verified.body["_links"]["pb:triggered-webhooks"]["href"]),
        1,
    )
    .await;
    assert_eq!(on_success[0]["eventName"], "provider_verification_succeeded");
    // A failed one by 3.0.1.
    let failed = b.verify("Api", "Web", "1.1", "3.0.1", false).await;
    let on_failure = settled(
        &b,
        &path_of(&failed.body["_links"]["pb:triggered-webhooks"]["href"]),
        1,
    )
    .await;
    assert_eq!(on_failure[0]["eventName"], "provider_verification_failed");

    let mut hits: Vec<(String, Value)> = receiver
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| (r.url.path().to_string(), serde_json::from_slice(&r.body).unwrap()))
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        hits,
        [
            ("/any-failed".to_string(), json!({ "provider": "3.0.1" })),
            ("/changed".to_string(), json!({ "provider": "" })),
            ("/provider-published".to_string(), json!({ "provider": "" })),
            ("/provider-published".to_string(), json!({ "provider": "" })),
            ("/requiring".to_string(), json!({ "provider": "3.0.0" })),
            ("/requiring".to_string(), json!({ "provider": "3.0.0" })),
            ("/web-succeeded".to_string(), json!({ "provider": "3.0.0" })),
        ]
    );
    worker.stop().await;
}
on_every_database!(
    webhooks_fire_only_for_their_pacticipants_and_events_on_each_database,
    webhooks_fire_only_for_their_pacticipants_and_events
);

async fn hosts_outside_the_allow_list_are_refused(db: Db) {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    // No host allow-list: public hosts only.
    let (b, worker) = broker_with_worker(db, webhook_config("", 3)).await;
    let port = receiver.address().port();
    let refused = b
        .post(
            "/webhooks",
            json!({ "request": { "method": "POST", "url": format!("http://127.0.0.1:{port}/x") } }),
        )
        .await;
    assert_eq!(refused.status, 400, "{}", refused.text);
    let message = refused.body["errors"]["request.url"][0].as_str().unwrap();
    assert!(message.contains("internal address 127.0.0.1"), "{message}");
    let scheme = b
        .post(
            "/webhooks",
            json!({ "request": { "method": "POST", "url": "ftp://ci.example.com/x" } }),
        )
        .await;
    assert_eq!(scheme.status, 400);
    assert!(
        scheme.body["errors"]["request.url"][0]
            .as_str()
            .unwrap()
            .contains("scheme 'ftp'")
    );
    let verb = b
        .post(
            "/webhooks",
            json!({ "request": { "method": "DELETE", "url": "http://ci.example.com/x" } }),
        )
        .await;
    assert_eq!(verb.status, 400);
    assert!(verb.body["errors"]["request.method"].is_array(), "{}", verb.text);
    let templated_host = b
        .post(
            "/webhooks",
            json!({ "request": { "method": "POST", "url": "http://${pactbroker.consumerName}.example.com/x" } }),
        )
        .await;
    assert_eq!(templated_host.status, 400);

    // A name that resolves to loopback passes the name check but is refused at delivery.
    create_webhook(
        &b,
        json!({
            "events": [{ "name": "contract_published" }],
            "request": { "method": "POST", "url": format!("http://localhost:{port}/x") }
        }),
    )
    .await;
    b.publish("Web", "1", "Api", None, &[], &json!({})).await;
    let list = settled(
        &b,
        "/pacts/provider/Api/consumer/Web/version/1/triggered-webhooks",
        1,
    )
    .await;
    assert_eq!(list[0]["status"], "failure");
    assert_eq!(list[0]["attemptsMade"], 1, "a refusal is not retried");
    let logs = logs_of(&b, &list[0]).await;
    let error = logs["executions"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("host 'localhost' resolves to the internal address"),
        "{error}"
    );
    assert!(receiver.received_requests().await.unwrap().is_empty());
    worker.stop().await;
}
on_every_database!(
    hosts_outside_the_allow_list_are_refused_on_each_database,
    hosts_outside_the_allow_list_are_refused
);

async fn webhooks_are_created_replaced_and_deleted(db: Db) {
    let (b, worker) = broker_with_worker(db, webhook_config("127.0.0.1", 1)).await;
    let uuid = "client-chosen-uuid-0001";
    let body = json!({
        "description": "first",
        "events": [{ "name": "provider_verification_published" }],
        "request": { "method": "POST", "url": "http://127.0.0.1:9/x" }
    });
    let created = b.put(&format!("/webhooks/{uuid}"), body.clone()).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["_links"]["self"]["title"], "first");
    assert_eq!(created.body["enabled"], true);
    let mut changed = body.clone();
    changed["description"] = json!("second");
    let replaced = b.put(&format!("/webhooks/{uuid}"), changed).await;
    assert_eq!(replaced.status, 200);
    assert_eq!(
        b.get(&format!("/webhooks/{uuid}")).await.body["description"],
        "second"
    );
    assert_eq!(b.put("/webhooks/short", body.clone()).await.status, 400);
    let unknown = b
        .post(
            "/webhooks",
            json!({ "consumer": { "name": "Ghost" }, "request": { "method": "POST", "url": "http://127.0.0.1:9/x" } }),
        )
        .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(
        unknown.body["errors"]["consumer.name"][0],
        "No consumer with name 'Ghost' found"
    );
    let bad_event = b
        .post(
            "/webhooks",
            json!({ "events": [{ "name": "pact_changed" }], "request": { "method": "POST", "url": "http://127.0.0.1:9/x" } }),
        )
        .await;
    assert_eq!(bad_event.status, 400);
    assert!(bad_event.body["errors"]["events[0].name"].is_array());
    assert_eq!(b.delete(&format!("/webhooks/{uuid}")).await.status, 204);
    assert_eq!(b.get(&format!("/webhooks/{uuid}")).await.status, 404);
    assert_eq!(b.delete(&format!("/webhooks/{uuid}")).await.status, 404);
    let index = b.get("/").await;
    assert_eq!(
        index.body["_links"]["pb:webhooks"]["href"],
        "http://broker.test/webhooks"
    );
    assert_eq!(b.get("/webhooks").await.status, 200);
    worker.stop().await;
}
on_every_database!(
    webhooks_are_created_replaced_and_deleted_on_each_database,
    webhooks_are_created_replaced_and_deleted
);

async fn a_webhook_can_be_executed_on_demand(db: Db) {
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/run"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": true })))
        .expect(1)
        .mount(&receiver)
        .await;
    let (b, worker) = broker_with_worker(db, webhook_config("127.0.0.1", 3)).await;
    b.publish("Web", "2.0", "Api", None, &[], &json!({})).await;
    let uuid = create_webhook(
        &b,
        json!({
            "provider": { "name": "Api" },
            "events": [{ "name": "provider_verification_published" }],
            "request": { "method": "POST", "url": format!("{}/run", receiver.uri()),
                         "body": "${pactbroker.consumerName} ${pactbroker.consumerVersionNumber}" }
        }),
    )
    .await;
    let executed = b.post(&format!("/webhooks/{uuid}/execute"), json!({})).await;
    assert_eq!(executed.status, 200, "{}", executed.text);
    assert_eq!(executed.body["success"], true);
    assert_eq!(executed.body["response"]["body"], json!({ "ok": true }));
    assert_eq!(executed.body["request"]["body"], "Web 2.0");
    let logs = b.get(&path_of(&executed.body["_links"]["pb:logs"]["href"])).await;
    assert_eq!(logs.body["status"], "success");
    assert_eq!(logs.body["executions"].as_array().unwrap().len(), 1);

    // An unsaved webhook can be tried out too; nothing is recorded.
    Mock::given(method("POST"))
        .and(path("/unsaved"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&receiver)
        .await;
    let tried = b
        .post(
            "/webhooks/execute",
            json!({
                "consumer": { "name": "Web" },
                "request": { "method": "POST", "url": format!("{}/unsaved", receiver.uri()),
                             "body": "${pactbroker.consumerVersionNumber}" }
            }),
        )
        .await;
    assert_eq!(
        tried.status, 500,
        "a failed execution answers 500, as the Pact Broker does"
    );
    assert_eq!(tried.body["success"], false);
    assert_eq!(tried.body["response"]["status"], 404);
    assert_eq!(tried.body["request"]["body"], "2.0");
    let refused = b
        .post(
            "/webhooks/execute",
            json!({ "request": { "method": "POST", "url": "http://10.0.0.1/x" } }),
        )
        .await;
    assert_eq!(refused.status, 400);
    assert!(refused.body["errors"]["request.url"].is_array());
    worker.stop().await;
}
on_every_database!(
    a_webhook_can_be_executed_on_demand_on_each_database,
    a_webhook_can_be_executed_on_demand
);
