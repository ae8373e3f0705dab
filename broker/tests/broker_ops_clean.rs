//! `pact-broker clean`: keep selectors decide which versions survive; their pacts, results, tags
//! and branch heads go with the others; dry runs change nothing; the CLI prints what it removed;
//! on PostgreSQL a second clean stops while one holds the advisory lock.
#![allow(clippy::unwrap_used)]

mod server_support;

use assert_cmd::Command;
use pact_broker::ops::keep::KeepSelector;
use pact_broker::store::clean::{CleanError, CleanOptions, clean};
use serde_json::json;
use server_support::{Db, TestBroker};

/// Web 1–5 on main (5 is the head), 2 deployed to production, 3 tagged prod, 6 on branch feat;
/// Api 10–15 each verified one Web version.
async fn history(b: &TestBroker) {
    let prod = b.create_environment("production", true).await;
    for v in 1..=5 {
        let tags: &[&str] = if v == 3 { &["prod"] } else { &[] };
        let r = b
            .publish(
                "Web",
                &v.to_string(),
                "Api",
                Some("main"),
                tags,
                &json!({ "v": v }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    b.publish("Web", "6", "Api", Some("feat"), &[], &json!({ "v": 6 }))
        .await;
    assert_eq!(b.deploy("Web", "2", &prod).await.status, 201);
    for v in 1..=6 {
        let r = b
            .verify("Api", "Web", &v.to_string(), &format!("{}", 9 + v), true)
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
}

fn keep(list: &[&str]) -> Vec<KeepSelector> {
    list.iter().map(|s| KeepSelector::parse(s).unwrap()).collect()
}

const SELECTORS: [&str; 5] = [
    r#"{"mainBranch":true,"latest":true}"#,
    r#"{"deployedOrReleased":true}"#,
    r#"{"tag":"prod"}"#,
    r#"{"branch":"feat","max":5}"#,
    r#"{"pacticipant":"Api","max":2}"#,
];

fn selectors() -> Vec<KeepSelector> {
    keep(&SELECTORS)
}

async fn count(b: &TestBroker, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(b.store.pool()).await.unwrap();
    n
}

async fn clean_removes_what_no_selector_keeps(db: Db) {
    let b = TestBroker::start(db).await;
    history(&b).await;
    let options = CleanOptions {
        keep: selectors(),
        batch_size: 2,
        dry_run: true,
    };
    let dry = clean(&b.store, &options, |_| {}).await.unwrap();
    let mut names: Vec<String> = dry
        .removed
        .iter()
        .map(|v| format!("{} {}", v.pacticipant, v.number))
        .collect();
    names.sort();
    assert_eq!(names, ["Api 10", "Api 11", "Api 12", "Api 13", "Web 1", "Web 4"]);
    assert_eq!(
        count(&b, "SELECT COUNT(*) FROM versions").await,
        12,
        "a dry run removes nothing"
    );

    let mut batches = Vec::new();
    let real = clean(
        &b.store,
        &CleanOptions {
            dry_run: false,
            ..options
        },
        |batch| batches.push(batch.len()),
    )
    .await
    .unwrap();
    assert_eq!(real.removed, dry.removed);
    assert_eq!(batches, [2, 2, 2], "versions are removed two per transaction");
    let web1 = real.removed.iter().find(|v| v.number == "1").unwrap();
    assert_eq!((web1.pacts, web1.verifications), (1, 0));
    let api10 = real.removed.iter().find(|v| v.number == "10").unwrap();
    assert_eq!((api10.pacts, api10.verifications), (0, 1));
    assert_eq!(
        real.removed_pact_contents, 2,
        "the contents only Web 1 and 4 used"
    );

    for gone in [
        "/pacticipants/Web/versions/1",
        "/pacticipants/Web/versions/4",
        "/pacticipants/Api/versions/10",
    ] {
        assert_eq!(b.get(gone).await.status, 404, "{gone}");
    }
    for kept in ["2", "3", "5", "6"] {
        let pact = b
            .get(&format!("/pacts/provider/Api/consumer/Web/version/{kept}"))
            .await;
        assert_eq!(pact.status, 200, "Web {kept}: {}", pact.text);
    }
    assert_eq!(count(&b, "SELECT COUNT(*) FROM verifications").await, 2);
    assert_eq!(count(&b, "SELECT COUNT(*) FROM pact_publications").await, 4);
    // Nothing points at removed rows, and the main branch head is still Web 5.
    assert_eq!(
        count(
            &b,
            "SELECT COUNT(*) FROM branch_heads h WHERE NOT EXISTS (SELECT 1 FROM pact_publications pp \
             WHERE pp.consumer_version_id = h.version_id AND pp.provider_id = h.provider_id)"
        )
        .await,
        0
    );
    let latest = b.get("/pacts/provider/Api/consumer/Web/branch/main/latest").await;
    assert_eq!(latest.status, 200, "{}", latest.text);
    assert!(
        latest.body["_links"]["self"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/version/5")
    );
    // A second run finds nothing more to remove.
    let again = clean(
        &b.store,
        &CleanOptions {
            keep: selectors(),
            batch_size: 2,
            dry_run: false,
        },
        |_| {},
    )
    .await
    .unwrap();
    assert!(again.removed.is_empty());
}
on_every_database!(
    clean_removes_what_no_selector_keeps_on_each_database,
    clean_removes_what_no_selector_keeps
);

async fn duplicate_results_are_collapsed(db: Db) {
    let b = TestBroker::start(db).await;
    b.publish("Web", "1", "Api", Some("main"), &[], &json!({})).await;
    // The same provider version verifying the same content repeatedly (a scheduled build).
    for _ in 0..3 {
        b.verify("Api", "Web", "1", "10", true).await;
    }
    b.verify("Api", "Web", "1", "10", false).await;
    let before = count(&b, "SELECT COUNT(*) FROM verifications").await;
    let report = clean(
        &b.store,
        &CleanOptions {
            keep: keep(&[r#"{"maxAge":90}"#]),
            batch_size: 100,
            dry_run: false,
        },
        |_| {},
    )
    .await
    .unwrap();
    assert!(report.removed.is_empty(), "every version is younger than 90 days");
    let after = count(&b, "SELECT COUNT(*) FROM verifications").await;
    assert_eq!(before - after, report.removed_duplicate_verifications);
    assert_eq!(
        count(
            &b,
            "SELECT COUNT(*) FROM (SELECT DISTINCT provider_version_id, pact_version_id, success FROM verifications) d"
        )
        .await,
        after,
        "one result per (provider version, content, outcome) is left"
    );
    // The latest result (the failure) is still what the matrix sees.
    let body = b
        .get("/matrix?q[][pacticipant]=Web&q[][version]=1&latestby=cvpv")
        .await
        .body;
    assert_eq!(
        body["matrix"][0]["verificationResult"]["success"], false,
        "{body}"
    );
}
on_every_database!(
    duplicate_results_are_collapsed_on_each_database,
    duplicate_results_are_collapsed
);

#[tokio::test]
async fn the_cli_prints_what_it_removed_and_rejects_bad_selectors() {
    let b = TestBroker::start(Db::Sqlite).await;
    history(&b).await;
    let out = Command::cargo_bin("pact-broker")
        .unwrap()
        .args(["clean", "--database-url", &b.database, "--dry-run"])
        .args(SELECTORS.iter().flat_map(|s| ["--keep", s]))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("would remove version 1 of Web (1 pacts, 0 verification results)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("would remove version 10 of Api (0 pacts, 1 verification results)"),
        "{stdout}"
    );
    assert!(stdout.contains("would remove 6 versions"), "{stdout}");

    let out = Command::cargo_bin("pact-broker")
        .unwrap()
        .args([
            "clean",
            "--database-url",
            &b.database,
            "--keep",
            r#"{"latest":true}"#,
            "--batch-size",
            "3",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("removed version 1 of Web"), "{stdout}");
    assert!(!stdout.contains("removed version 6 of Web"), "{stdout}");
    assert_eq!(b.get("/pacticipants/Web/versions/6").await.status, 200);
    assert_eq!(b.get("/pacticipants/Web/versions/5").await.status, 404);

    Command::cargo_bin("pact-broker")
        .unwrap()
        .args([
            "clean",
            "--database-url",
            &b.database,
            "--keep",
            r#"{"colour":"red"}"#,
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("unknown key 'colour'"));
}

#[tokio::test]
async fn a_second_clean_stops_while_the_first_holds_the_lock_on_postgres() {
    use sqlx::Connection;
    if server_support::postgres_url().is_none() {
        eprintln!("DATABASE_URL not set to PostgreSQL: advisory lock test skipped");
        return;
    }
    let b = TestBroker::start(Db::Postgres).await;
    history(&b).await;
    let mut holder = sqlx::PgConnection::connect(&b.database).await.unwrap();
    let (got,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
        .bind(pact_broker::store::clean::CLEAN_LOCK_KEY)
        .fetch_one(&mut holder)
        .await
        .unwrap();
    assert!(got);
    let options = CleanOptions {
        keep: selectors(),
        batch_size: 10,
        dry_run: false,
    };
    let blocked = clean(&b.store, &options, |_| {}).await;
    assert!(matches!(blocked, Err(CleanError::AlreadyRunning)), "{blocked:?}");
    Command::cargo_bin("pact-broker")
        .unwrap()
        .args([
            "clean",
            "--database-url",
            &b.database,
            "--keep",
            r#"{"latest":true}"#,
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("another clean is running"));
    let _: (bool,) = sqlx::query_as("SELECT pg_advisory_unlock($1)")
        .bind(pact_broker::store::clean::CLEAN_LOCK_KEY)
        .fetch_one(&mut holder)
        .await
        .unwrap();
    holder.close().await.unwrap();
    let report = clean(&b.store, &options, |_| {}).await.unwrap();
    assert_eq!(report.removed.len(), 6);
}

/// Publishes through a real server while `pact-broker clean` runs against the same database:
/// no publish fails, and nothing newer than the clean's start is removed.
async fn clean_while_serving(database: String) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    /// The server process, killed even when an assertion fails.
    struct KillOnDrop(std::process::Child);
    impl Drop for KillOnDrop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_pact-broker"))
        .args(["serve", "--port", "0", "--database-url", &database])
        .env("PACT_BROKER_LOG_LEVEL", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    let _server = KillOnDrop(server);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let url = url.clone();
            let stop = stop.clone();
            tokio::spawn(async move {
                let http = reqwest::Client::new();
                let (mut ok, mut failed) = (0, Vec::new());
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) || n < 20 {
                    n += 1;
                    let pact = server_support::pact_json("Busy", &format!("Api{c}"), &json!({ "n": n }));
                    let body = json!({
                        "pacticipantName": "Busy", "pacticipantVersionNumber": format!("{c}.{n}"), "branch": "main",
                        "contracts": [{"consumerName": "Busy", "providerName": format!("Api{c}"), "specification": "pact",
                                       "contentType": "application/json",
                                       "content": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pact.to_string())}]
                    });
                    let r = http.post(format!("{url}/contracts/publish")).json(&body).send().await.unwrap();
                    if r.status().is_success() {
                        ok += 1;
                    } else {
                        failed.push(format!("{} {}", r.status(), r.text().await.unwrap_or_default()));
                    }
                }
                (ok, failed)
            })
        })
        .collect();
    for _ in 0..3 {
        let out = tokio::task::spawn_blocking({
            let database = database.clone();
            move || {
                std::process::Command::new(env!("CARGO_BIN_EXE_pact-broker"))
                    .args([
                        "clean",
                        "--database-url",
                        &database,
                        "--keep",
                        r#"{"latest":true}"#,
                        "--batch-size",
                        "5",
                    ])
                    .output()
                    .unwrap()
            }
        })
        .await
        .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut total = 0;
    for client in clients {
        let (ok, failed) = client.await.unwrap();
        assert!(failed.is_empty(), "publishes failed while clean ran: {failed:?}");
        total += ok;
    }
    assert!(total >= 80);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clean_while_serving_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    clean_while_serving(format!("sqlite://{}", dir.path().join("busy.sqlite").display())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clean_while_serving_on_postgres() {
    if server_support::postgres_url().is_none() {
        eprintln!("DATABASE_URL not set to PostgreSQL: clean-while-serving ran on SQLite only");
        return;
    }
    let b = TestBroker::start(Db::Postgres).await;
    let database = b.database.clone();
    drop(b);
    clean_while_serving(database).await;
}
