//! Concurrent first writes on a fresh database: many clients publishing (PUT and
//! `/contracts/publish`), tagging, branching, deploying and releasing the same new pacticipants,
//! versions, tags and branches at once. Every request is answered 2xx (never a 500 from a duplicate
//! key) and everything is there afterwards. SQLite, and PostgreSQL when `DATABASE_URL` is set (a
//! fresh database per scenario).
#![allow(clippy::unwrap_used)]

mod server_support;

use std::sync::Arc;

use serde_json::{Value, json};
use server_support::{Db, Reply, TestBroker, pact_json, postgres_url};
use tokio::task::JoinSet;

/// How many requests race in each scenario.
const CLIENTS: usize = 40;
/// How many distinct consumer versions they share.
const VERSIONS: usize = 4;

/// Runs one request per client at once; returns each client's index with its reply.
async fn race<F, Fut>(broker: &Arc<TestBroker>, clients: usize, request: F) -> Vec<(usize, Reply)>
where
    F: Fn(Arc<TestBroker>, usize) -> Fut,
    Fut: std::future::Future<Output = Reply> + Send + 'static,
{
    let mut set = JoinSet::new();
    for i in 0..clients {
        let fut = request(broker.clone(), i);
        set.spawn(async move { (i, fut.await) });
    }
    let mut replies = Vec::new();
    while let Some(done) = set.join_next().await {
        replies.push(done.expect("request task"));
    }
    replies.sort_by_key(|(i, _)| *i);
    replies
}

fn assert_all_2xx(what: &str, db: Db, replies: &[(usize, Reply)]) {
    let failures: Vec<String> = replies
        .iter()
        .filter(|(_, r)| !(200..300).contains(&r.status))
        .map(|(i, r)| format!("client {i}: {} {}", r.status, r.text))
        .collect();
    assert!(
        failures.is_empty(),
        "{what} on {db:?}: {} of {} requests failed:\n{}",
        failures.len(),
        replies.len(),
        failures.join("\n")
    );
}

async fn parallel_puts_of_new_pacts(db: Db) {
    let b = Arc::new(TestBroker::start(db).await);
    let replies = race(&b, CLIENTS, |b, i| async move {
        let pact = pact_json("RaceWeb", "RaceApi", &json!({ "version": i % VERSIONS }));
        let path = format!(
            "/pacts/provider/RaceApi/consumer/RaceWeb/version/1.0.{}",
            i % VERSIONS
        );
        b.put(&path, pact).await
    })
    .await;
    assert_all_2xx("parallel PUT of pacts", db, &replies);
    let created = replies.iter().filter(|(_, r)| r.status == 201).count();
    assert_eq!(
        created, VERSIONS,
        "one PUT per version creates it, the rest find it"
    );
    for v in 0..VERSIONS {
        let reply = b
            .get(&format!(
                "/pacts/provider/RaceApi/consumer/RaceWeb/version/1.0.{v}"
            ))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert_eq!(reply.body["interactions"][0]["response"]["body"]["version"], v);
    }
    let versions = b.get("/pacticipants/RaceWeb/versions").await;
    assert_eq!(versions.status, 200, "{}", versions.text);
    assert_eq!(
        versions.body["_embedded"]["versions"].as_array().unwrap().len(),
        VERSIONS
    );
    let pacticipants = b.get("/pacticipants").await;
    let names: Vec<&str> = pacticipants.body["_embedded"]["pacticipants"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["RaceApi", "RaceWeb"]);
}

async fn parallel_contract_publications(db: Db) {
    let b = Arc::new(TestBroker::start(db).await);
    let replies = race(&b, CLIENTS, |b, i| async move {
        let version = format!("2.0.{}", i % VERSIONS);
        b.publish(
            "PubWeb",
            &version,
            "PubApi",
            Some("main"),
            &["dev", "prod"],
            &json!({ "version": i % VERSIONS }),
        )
        .await
    })
    .await;
    assert_all_2xx("parallel /contracts/publish", db, &replies);
    for v in 0..VERSIONS {
        let number = format!("2.0.{v}");
        let pact = b
            .get(&format!(
                "/pacts/provider/PubApi/consumer/PubWeb/version/{number}"
            ))
            .await;
        assert_eq!(pact.status, 200, "{}", pact.text);
        for tag in ["dev", "prod"] {
            let reply = b
                .get(&format!("/pacticipants/PubWeb/versions/{number}/tags/{tag}"))
                .await;
            assert_eq!(reply.status, 200, "tag {tag} of {number}: {}", reply.text);
        }
        let on_branch = b
            .get(&format!("/pacticipants/PubWeb/branches/main/versions/{number}"))
            .await;
        assert_eq!(on_branch.status, 200, "{number} on main: {}", on_branch.text);
    }
    let latest = b
        .get("/pacts/provider/PubApi/consumer/PubWeb/branch/main/latest")
        .await;
    assert_eq!(latest.status, 200, "{}", latest.text);
    let branches = b.get("/pacticipants/PubWeb/branches").await;
    assert_eq!(branches.status, 200, "{}", branches.text);
    assert_eq!(
        branches.body["_embedded"]["branches"].as_array().unwrap().len(),
        1
    );
    let main = b.get("/pacticipants/PubWeb").await;
    assert_eq!(main.body["mainBranch"], "main");
}

/// Two publication routes, several providers per request and verifications, all at once.
async fn mixed_publications_and_verifications(db: Db) {
    let b = Arc::new(TestBroker::start(db).await);
    let replies = race(&b, CLIENTS, |b, i| async move {
        let version = format!("3.0.{}", i % VERSIONS);
        match i % 3 {
            0 => {
                let pact = pact_json("MixWeb", "MixApi", &json!({ "version": i % VERSIONS }));
                b.put(
                    &format!("/pacts/provider/MixApi/consumer/MixWeb/version/{version}"),
                    pact,
                )
                .await
            }
            1 => {
                use base64::Engine;
                let encode = |provider: &str| {
                    let pact = pact_json("MixWeb", provider, &json!({ "version": i % VERSIONS }));
                    base64::engine::general_purpose::STANDARD.encode(pact.to_string())
                };
                let contract = |provider: &str| {
                    json!({
                        "consumerName": "MixWeb", "providerName": provider, "specification": "pact",
                        "contentType": "application/json", "content": encode(provider),
                    })
                };
                b.post(
                    "/contracts/publish",
                    json!({
                        "pacticipantName": "MixWeb",
                        "pacticipantVersionNumber": version,
                        "branch": "feat/x",
                        "tags": ["dev"],
                        "contracts": [contract("MixApi"), contract("MixOther")],
                    }),
                )
                .await
            }
            _ => {
                b.put(
                    &format!("/pacticipants/MixApi/versions/{version}"),
                    json!({ "buildUrl": "http://ci.test/1" }),
                )
                .await
            }
        }
    })
    .await;
    assert_all_2xx("mixed publications", db, &replies);
    let replies = race(&b, CLIENTS, |b, i| async move {
        let consumer_version = format!("3.0.{}", i % VERSIONS);
        b.verify("MixApi", "MixWeb", &consumer_version, "9.9.9", true)
            .await
    })
    .await;
    assert_all_2xx("parallel verifications by one new provider version", db, &replies);
    for v in 0..VERSIONS {
        for provider in ["MixApi", "MixOther"] {
            let pact = b
                .get(&format!(
                    "/pacts/provider/{provider}/consumer/MixWeb/version/3.0.{v}"
                ))
                .await;
            assert_eq!(pact.status, 200, "{provider} 3.0.{v}: {}", pact.text);
        }
        let matrix = b
            .get(&format!(
                "/matrix?q[][pacticipant]=MixWeb&q[][version]=3.0.{v}&q[][pacticipant]=MixApi&q[][version]=9.9.9&latestby=cvpv"
            ))
            .await;
        assert_eq!(matrix.status, 200, "{}", matrix.text);
        let rows: Vec<&Value> = matrix.body["matrix"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| row["provider"]["name"] == "MixApi")
            .collect();
        assert_eq!(rows.len(), 1, "{}", matrix.text);
        assert_eq!(rows[0]["verificationResult"]["success"], true);
    }
}

/// Tags, branches, pacticipants, environments, deployments and releases created by racing requests.
async fn parallel_labels_and_placements(db: Db) {
    let b = Arc::new(TestBroker::start(db).await);
    let replies = race(&b, CLIENTS, |b, i| async move {
        let version = format!("4.0.{}", (i / 4) % VERSIONS);
        match i % 4 {
            0 => {
                b.put(
                    &format!("/pacticipants/LabelApp/versions/{version}/tags/prod"),
                    json!({}),
                )
                .await
            }
            1 => b.branch("LabelApp", &version, "main").await,
            2 => {
                b.put("/pacticipants/LabelApp", json!({ "displayName": "Label app" }))
                    .await
            }
            _ => {
                b.put(
                    "/environments/8b1c1f6e-3a57-4c3f-9d1e-5d2f7c0a9e11",
                    json!({ "name": "staging", "production": false }),
                )
                .await
            }
        }
    })
    .await;
    assert_all_2xx(
        "parallel tags, branches, pacticipant and environment PUTs",
        db,
        &replies,
    );
    let env = "8b1c1f6e-3a57-4c3f-9d1e-5d2f7c0a9e11";
    for kind in ["deployed-versions", "released-versions"] {
        let replies = race(&b, CLIENTS, |b, _| async move {
            b.post(
                &format!("/pacticipants/LabelApp/versions/4.0.0/{kind}/environment/{env}"),
                json!({}),
            )
            .await
        })
        .await;
        assert_all_2xx(kind, db, &replies);
        let uuids: std::collections::BTreeSet<&str> = replies
            .iter()
            .filter_map(|(_, r)| r.body["uuid"].as_str())
            .collect();
        assert_eq!(
            uuids.len(),
            1,
            "{kind}: every racing request names the same record"
        );
    }
    let deployed = b
        .get(&format!(
            "/environments/{env}/deployed-versions/currently-deployed"
        ))
        .await;
    assert_eq!(deployed.status, 200, "{}", deployed.text);
    let deployed: Vec<&Value> = deployed.body["_embedded"]["deployedVersions"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(deployed.len(), 1, "one current deployment: {deployed:?}");
    for v in 0..VERSIONS {
        let number = format!("4.0.{v}");
        let tag = b
            .get(&format!("/pacticipants/LabelApp/versions/{number}/tags/prod"))
            .await;
        let on_main = b
            .get(&format!("/pacticipants/LabelApp/branches/main/versions/{number}"))
            .await;
        assert_eq!(tag.status, 200, "{number} tagged: {}", tag.text);
        assert_eq!(on_main.status, 200, "{number} on main: {}", on_main.text);
    }
    let app = b.get("/pacticipants/LabelApp").await;
    assert_eq!(app.body["displayName"], "Label app");
}

/// Different content for one new consumer version at once: one publication wins, the others are
/// refused with 409 (pacts are immutable), none fails with 500.
async fn racing_different_content_is_refused_not_failed(db: Db) {
    let b = Arc::new(TestBroker::start(db).await);
    let replies = race(&b, CLIENTS, |b, i| async move {
        let pact = pact_json("DiffWeb", "DiffApi", &json!({ "client": i }));
        b.put("/pacts/provider/DiffApi/consumer/DiffWeb/version/5.0.0", pact)
            .await
    })
    .await;
    let statuses: Vec<u16> = replies.iter().map(|(_, r)| r.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{db:?}: {statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        CLIENTS - 1,
        "{db:?}: {statuses:?}"
    );
    let winner = replies.iter().find(|(_, r)| r.status == 201).unwrap();
    let stored = b
        .get("/pacts/provider/DiffApi/consumer/DiffWeb/version/5.0.0")
        .await;
    assert_eq!(
        stored.body["interactions"][0]["response"]["body"]["client"],
        winner.0
    );
}

macro_rules! racing {
    ($name:ident, $scenario:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $name() {
            $scenario(Db::Sqlite).await;
            if postgres_url().is_some() {
                $scenario(Db::Postgres).await;
            } else {
                eprintln!(
                    "DATABASE_URL not set to PostgreSQL: {} ran on SQLite only",
                    stringify!($name)
                );
            }
        }
    };
}

racing!(parallel_puts_of_new_pacts_all_succeed, parallel_puts_of_new_pacts);
racing!(
    parallel_contract_publications_all_succeed,
    parallel_contract_publications
);
racing!(
    mixed_publications_and_verifications_all_succeed,
    mixed_publications_and_verifications
);
racing!(
    parallel_labels_and_placements_all_succeed,
    parallel_labels_and_placements
);
racing!(
    racing_different_content_is_refused_not_failed_on_each_database,
    racing_different_content_is_refused_not_failed
);

/// The write gate: with room for two writers, a third `begin_write` waits (without touching the
/// database) until one of the two finishes; on SQLite the gate admits one writer whatever is asked.
async fn write_gate_admits_the_configured_number_of_writers(db: Db) {
    use futures_util::FutureExt;
    use pact_broker::store::{Store, WriteTx};

    /// A writer that must get in (the timeout only turns a hang into a failure).
    async fn admitted(store: &Store) -> WriteTx<'_> {
        tokio::time::timeout(std::time::Duration::from_secs(30), store.begin_write())
            .await
            .expect("the writer is admitted")
            .unwrap()
    }
    /// Whether a writer is turned back at the gate: waiting for a permit is decided on the first
    /// poll, before any database I/O.
    fn waits_at_gate(store: &Store) -> bool {
        store.begin_write().now_or_never().is_none()
    }

    let broker = TestBroker::start(db).await;
    let store = broker.store.clone().with_write_concurrency(2);
    let room = match db {
        Db::Sqlite => 1,
        Db::Postgres => 2,
    };
    assert_eq!(store.free_write_slots(), room);
    let mut open = Vec::new();
    for left in (0..room).rev() {
        open.push(admitted(&store).await);
        assert_eq!(store.free_write_slots(), left);
    }
    assert!(
        waits_at_gate(&store),
        "one writer more than the gate admits waits"
    );
    open.remove(0).commit().await.unwrap();
    assert_eq!(store.free_write_slots(), 1, "a committed writer frees its slot");
    open.push(admitted(&store).await);
    drop(open);
    assert_eq!(store.free_write_slots(), room);
}
racing!(
    write_gate_admits_the_configured_number_of_writers_on_each_database,
    write_gate_admits_the_configured_number_of_writers
);
