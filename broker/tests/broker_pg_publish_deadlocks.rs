//! Issue 18: concurrent `POST /contracts/publish` on PostgreSQL must never deadlock.
//!
//! 32 publishers send several hundred publications whose consumers, providers, branches and tags
//! overlap in different orders (the same consumer on the same branch with its providers listed
//! in opposite orders, consumers that are each other's providers, tags in rotated orders), on one
//! broker and on two broker instances sharing one database. Afterwards: no 5xx, no deadlock
//! counted by `pg_stat_database.deadlocks` for the test database, and every acknowledged
//! publication readable with its branch and tags. A last scenario forces a deadlock with an
//! outside transaction and checks the broker retries the victim instead of answering 500.
//!
//! These run only when `DATABASE_URL` names a PostgreSQL server (CI sets it); SQLite serialises
//! writers and cannot deadlock.
#![allow(clippy::unwrap_used)]

mod server_support;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};
use server_support::{Db, Reply, TestBroker, pact_json, postgres_url};
use sqlx::{Connection, PgConnection};
use tokio::task::JoinSet;

/// Concurrent publishers.
const PUBLISHERS: usize = 32;
/// Publications each publisher sends, one after the other.
const ROUNDS: usize = 12;
/// The applications that publish to each other.
const APPS: [&str; 6] = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];
/// Providers per publication.
const PROVIDERS_PER_PUBLICATION: usize = 3;

/// One publication of the workload.
#[derive(Debug, Clone)]
struct Publication {
    consumer: &'static str,
    version: String,
    providers: Vec<&'static str>,
    branch: &'static str,
    tags: Vec<&'static str>,
}

/// What publisher `p` sends in round `r`. Consumers rotate so that several publishers publish the
/// same consumer at once; the providers are the other applications rotated by publisher and, for
/// every other pair of publishers, in reverse, independently of the branch; the tags rotate too.
/// Versions repeat across publishers (the same version republished with the same content and
/// more providers) and advance with the round (new versions moving the branch heads).
fn publication(p: usize, r: usize) -> Publication {
    let consumer = APPS[(p + r) % APPS.len()];
    let others: Vec<&'static str> = APPS.iter().copied().filter(|a| *a != consumer).collect();
    let start = p % others.len();
    let mut providers: Vec<&'static str> = (0..PROVIDERS_PER_PUBLICATION)
        .map(|k| others[(start + k) % others.len()])
        .collect();
    if (p / 2) % 2 == 1 {
        providers.reverse();
    }
    let all_tags = ["dev", "test", "prod"];
    let tags = (0..2).map(|k| all_tags[(p + k) % all_tags.len()]).collect();
    Publication {
        consumer,
        version: format!("{r}.{}", p % 4),
        providers,
        branch: if p.is_multiple_of(2) { "main" } else { "feature" },
        tags,
    }
}

/// The pact content for one (consumer version, provider): the same whoever publishes it.
fn content(consumer: &str, version: &str, provider: &str) -> Value {
    pact_json(
        consumer,
        provider,
        &json!({ "consumer": consumer, "version": version, "provider": provider }),
    )
}

async fn send(broker: &TestBroker, publication: &Publication) -> Reply {
    let contracts: Vec<Value> = publication
        .providers
        .iter()
        .map(|provider| {
            let pact = content(publication.consumer, &publication.version, provider);
            json!({
                "consumerName": publication.consumer, "providerName": provider,
                "specification": "pact", "contentType": "application/json",
                "content": base64::engine::general_purpose::STANDARD.encode(pact.to_string()),
            })
        })
        .collect();
    broker
        .post(
            "/contracts/publish",
            json!({
                "pacticipantName": publication.consumer,
                "pacticipantVersionNumber": publication.version,
                "branch": publication.branch,
                "tags": publication.tags,
                "contracts": contracts,
            }),
        )
        .await
}

/// `pg_stat_database.deadlocks` of the database at `url`, once every other session on it has
/// ended (a backend reports its counters when it goes idle or exits, so the count is complete
/// only after the brokers' sessions are gone; one a closed pool still holds is terminated, which
/// also makes it report).
async fn deadlocks(url: &str) -> i64 {
    let mut conn = PgConnection::connect(url)
        .await
        .expect("connect to the test database");
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    loop {
        let others: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        if others == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    sqlx::query_scalar("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

/// Runs the workload against `brokers` (publisher `p` uses broker `p % brokers.len()`) and checks
/// every promise of the issue.
async fn publish_concurrently(brokers: Vec<Arc<TestBroker>>) {
    let url = brokers[0].database.clone();
    let before = deadlocks_while_open(&url).await;
    let mut set = JoinSet::new();
    for p in 0..PUBLISHERS {
        let broker = brokers[p % brokers.len()].clone();
        set.spawn(async move {
            let mut replies = Vec::new();
            for r in 0..ROUNDS {
                let publication = publication(p, r);
                let reply = send(&broker, &publication).await;
                replies.push((publication, reply));
            }
            replies
        });
    }
    let mut acknowledged = Vec::new();
    let mut failures = Vec::new();
    while let Some(done) = set.join_next().await {
        for (publication, reply) in done.expect("publisher task") {
            if (200..300).contains(&reply.status) {
                acknowledged.push(publication);
            } else {
                failures.push(format!("{publication:?}: {} {}", reply.status, reply.text));
            }
        }
    }
    let server_errors = failures.iter().filter(|f| f.contains(": 5")).count();
    assert!(
        failures.is_empty(),
        "{} of {} publications failed ({server_errors} with 5xx):\n{}",
        failures.len(),
        PUBLISHERS * ROUNDS,
        failures.join("\n")
    );
    for (i, publication) in acknowledged.iter().enumerate() {
        let reader = &brokers[i % brokers.len()];
        let (consumer, version) = (publication.consumer, &publication.version);
        for provider in &publication.providers {
            let pact = reader
                .get(&format!(
                    "/pacts/provider/{provider}/consumer/{consumer}/version/{version}"
                ))
                .await;
            assert_eq!(pact.status, 200, "{publication:?} → {provider}: {}", pact.text);
            assert_eq!(
                pact.body["interactions"][0]["response"]["body"],
                content(consumer, version, provider)["interactions"][0]["response"]["body"],
                "{publication:?} → {provider}"
            );
        }
        for tag in &publication.tags {
            let reply = reader
                .get(&format!("/pacticipants/{consumer}/versions/{version}/tags/{tag}"))
                .await;
            assert_eq!(reply.status, 200, "{publication:?} tag {tag}: {}", reply.text);
        }
        let on_branch = reader
            .get(&format!(
                "/pacticipants/{consumer}/branches/{}/versions/{version}",
                publication.branch
            ))
            .await;
        assert_eq!(on_branch.status, 200, "{publication:?}: {}", on_branch.text);
    }
    // The branch heads (kept by triggers on every publication) name a version that was published
    // on that branch for that provider.
    for consumer in APPS {
        for provider in APPS {
            for branch in ["main", "feature"] {
                let published: Vec<&str> = acknowledged
                    .iter()
                    .filter(|p| {
                        p.consumer == consumer && p.branch == branch && p.providers.contains(&provider)
                    })
                    .map(|p| p.version.as_str())
                    .collect();
                if published.is_empty() {
                    continue;
                }
                let latest = brokers[0]
                    .get(&format!(
                        "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest"
                    ))
                    .await;
                assert_eq!(
                    latest.status, 200,
                    "{consumer} {branch} → {provider}: {}",
                    latest.text
                );
                let version = latest.body["interactions"][0]["response"]["body"]["version"]
                    .as_str()
                    .unwrap_or_default();
                assert!(
                    published.contains(&version),
                    "head of {consumer} {branch} → {provider} is {version}, not one of {published:?}"
                );
            }
        }
    }
    for broker in &brokers {
        broker.store.pool().close().await;
    }
    let after = deadlocks(&url).await;
    assert_eq!(
        after - before,
        0,
        "PostgreSQL detected {} deadlocks during {} publications",
        after - before,
        PUBLISHERS * ROUNDS
    );
}

/// The deadlock count before the run (nothing has run on the fresh database yet, so no session
/// has unreported counters).
async fn deadlocks_while_open(url: &str) -> i64 {
    let mut conn = PgConnection::connect(url)
        .await
        .expect("connect to the test database");
    sqlx::query_scalar("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_overlapping_publications_never_deadlock_on_one_broker() {
    if postgres_url().is_none() {
        eprintln!("DATABASE_URL not set to PostgreSQL: skipped (SQLite serialises writers)");
        return;
    }
    let broker = Arc::new(TestBroker::start(Db::Postgres).await);
    publish_concurrently(vec![broker]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_overlapping_publications_never_deadlock_on_two_brokers_sharing_postgres() {
    if postgres_url().is_none() {
        eprintln!("DATABASE_URL not set to PostgreSQL: skipped (SQLite serialises writers)");
        return;
    }
    let first = Arc::new(TestBroker::start(Db::Postgres).await);
    let second = Arc::new(TestBroker::sharing_database(&first).await);
    publish_concurrently(vec![first, second]).await;
}

/// Waits until a session on the test database other than `except` waits for a lock.
async fn until_a_broker_session_waits_for_a_lock(url: &str, except: i32) {
    let mut watcher = PgConnection::connect(url)
        .await
        .expect("connect to the test database");
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND wait_event_type = 'Lock' AND pid <> $1 AND pid <> pg_backend_pid()",
        )
        .bind(except)
        .fetch_one(&mut watcher)
        .await
        .unwrap();
        if waiting > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// An outside transaction and a publication wait for each other: the outside one holds the row of
/// the consumer `Zulu` (whose main branch the publication sets) and then inserts the pacticipant
/// `Alpha` the publication has just created. PostgreSQL aborts the publication's transaction
/// (its session detects the deadlock first: the outside session's `deadlock_timeout` is a minute);
/// the broker runs the publication again and answers 200, not 500.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forced_deadlock_is_retried_instead_of_answered_500() {
    if postgres_url().is_none() {
        eprintln!("DATABASE_URL not set to PostgreSQL: skipped");
        return;
    }
    let broker = Arc::new(TestBroker::start(Db::Postgres).await);
    let url = broker.database.clone();
    let first = broker
        .publish("Zulu", "0.1", "Yankee", None, &[], &json!({ "n": 0 }))
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let before = deadlocks_while_open(&url).await;

    let mut outside = PgConnection::connect(&url).await.unwrap();
    let outside_pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut outside)
        .await
        .unwrap();
    for sql in [
        "SET deadlock_timeout = '60s'",
        "BEGIN",
        "UPDATE pacticipants SET display_name = 'Held' WHERE name = 'Zulu'",
    ] {
        sqlx::query(sql).execute(&mut outside).await.unwrap();
    }
    let publishing = {
        let broker = broker.clone();
        tokio::spawn(async move {
            broker
                .publish("Zulu", "1.0", "Alpha", Some("main"), &[], &json!({ "n": 1 }))
                .await
        })
    };
    until_a_broker_session_waits_for_a_lock(&url, outside_pid).await;
    sqlx::query(
        "INSERT INTO pacticipants (name, created_at, updated_at) VALUES ('Alpha', '2026-01-01', '2026-01-01') \
         ON CONFLICT (name) DO NOTHING",
    )
    .execute(&mut outside)
    .await
    .expect("the broker's transaction is the deadlock victim");
    sqlx::query("ROLLBACK").execute(&mut outside).await.unwrap();
    let reply = publishing.await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text);

    let zulu = broker.get("/pacticipants/Zulu").await;
    assert_eq!(zulu.body["mainBranch"], "main", "{}", zulu.text);
    let pact = broker
        .get("/pacts/provider/Alpha/consumer/Zulu/version/1.0")
        .await;
    assert_eq!(pact.status, 200, "{}", pact.text);
    drop(outside);
    broker.store.pool().close().await;
    assert_eq!(
        deadlocks(&url).await - before,
        1,
        "the scenario forced exactly one deadlock"
    );
}

/// Under `REPEATABLE READ` (set here on the database, as an operator might), a publication whose
/// snapshot predates an outside commit to the consumer's row fails with a serialization failure
/// (40001) when it sets the main branch; the broker runs it again and answers 200.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forced_serialization_failure_is_retried_instead_of_answered_500() {
    if postgres_url().is_none() {
        eprintln!("DATABASE_URL not set to PostgreSQL: skipped");
        return;
    }
    let setup = TestBroker::start(Db::Postgres).await;
    let url = setup.database.clone();
    let first = setup
        .publish("Zulu", "0.1", "Yankee", None, &[], &json!({ "n": 0 }))
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let name = url.rsplit('/').next().unwrap().to_string();
    let mut outside = PgConnection::connect(&url).await.unwrap();
    sqlx::query(&format!(
        "ALTER DATABASE {name} SET default_transaction_isolation TO 'repeatable read'"
    ))
    .execute(&mut outside)
    .await
    .unwrap();
    // A broker whose sessions start after the change.
    let broker = Arc::new(TestBroker::sharing_database(&setup).await);
    setup.store.pool().close().await;

    let outside_pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut outside)
        .await
        .unwrap();
    for sql in [
        "BEGIN",
        "UPDATE pacticipants SET display_name = 'Held' WHERE name = 'Zulu'",
    ] {
        sqlx::query(sql).execute(&mut outside).await.unwrap();
    }
    let publishing = {
        let broker = broker.clone();
        tokio::spawn(async move {
            broker
                .publish("Zulu", "1.0", "Alpha", Some("main"), &[], &json!({ "n": 1 }))
                .await
        })
    };
    until_a_broker_session_waits_for_a_lock(&url, outside_pid).await;
    sqlx::query("COMMIT").execute(&mut outside).await.unwrap();
    let reply = publishing.await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text);
    let zulu = broker.get("/pacticipants/Zulu").await;
    assert_eq!(zulu.body["mainBranch"], "main", "{}", zulu.text);
    assert_eq!(zulu.body["displayName"], "Held", "{}", zulu.text);
}
