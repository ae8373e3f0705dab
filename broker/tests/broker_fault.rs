//! Fault test: 16 clients publish pacts and verification results against a real `pact-broker serve`
//! process while it is killed with SIGKILL and restarted on the same port and database, three
//! times. Afterwards every request that was answered with a 2xx is still visible through the API,
//! and the database is consistent (SQLite `integrity_check` and `foreign_key_check`, every result
//! and publication pointing at stored content, latest-result and branch-head tables matching a
//! recomputation from the base tables, `/metrics` counts matching the rows).
//!
//! Runs on a SQLite file, and on a fresh PostgreSQL database when `DATABASE_URL` is set.
#![allow(clippy::unwrap_used)]

mod server_support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use sqlx::{AnyPool, Row};
use tokio::sync::Mutex;

const CLIENTS: usize = 16;
const KILLS: usize = 3;
/// Successful requests between two kills (so each life of the server does real work).
const WORK_PER_LIFE: usize = 100;

/// The broker process; killed for good when dropped.
struct Broker {
    child: Child,
    port: u16,
    database: String,
}

impl Broker {
    fn start(database: &str, port: u16) -> Broker {
        Broker::try_start(database, port).expect("the broker starts and prints its URL")
    }

    /// Starts `pact-broker serve`; `None` when it exits without printing its URL (port still busy).
    fn try_start(database: &str, port: u16) -> Option<Broker> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pact-broker"))
            .args([
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--database-url",
                database,
            ])
            .env("PACT_BROKER_LOG_LEVEL", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn pact-broker");
        let mut line = String::new();
        let _ = BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line);
        let Some(bound) = line.trim().rsplit(':').next().and_then(|p| p.parse::<u16>().ok()) else {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        };
        Some(Broker {
            child,
            port: bound,
            database: database.to_string(),
        })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// SIGKILL, then a new process on the same port and database.
    async fn kill_and_restart(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
        // The port is free as soon as the process is gone; retry briefly in case the kernel is slow.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(new) = Broker::try_start(&self.database, self.port) {
                *self = new;
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the broker could not restart on port {}",
                self.port
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        wait_until_healthy(&self.url()).await;
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn wait_until_healthy(url: &str) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(r) = client
            .get(format!("{url}/diagnostic/status/dependencies"))
            .send()
            .await
            && r.status().is_success()
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the broker at {url} did not become healthy"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What the server acknowledged with a 2xx.
#[derive(Debug, Default)]
struct Acknowledged {
    /// (consumer, version, provider, interaction marker).
    publications: Vec<(String, String, String, String)>,
    /// (result URL, success).
    verifications: Vec<(String, bool)>,
}

/// One client: publish, fetch, verify; forever until told to stop. Failed requests (the server
/// was killed under them) are simply not acknowledged.
async fn client_loop(
    id: usize,
    url: Arc<Mutex<String>>,
    stop: Arc<AtomicBool>,
    successes: Arc<AtomicUsize>,
    acked: Arc<Mutex<Acknowledged>>,
) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap();
    let consumer = format!("FaultConsumer{id:02}");
    let provider = format!("FaultProvider{}", id % 4);
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let base = url.lock().await.clone();
        let version = format!("{id}.{n}");
        let marker = format!("client {id} publication {n}");
        let pact = json!({
            "consumer": {"name": consumer}, "provider": {"name": provider},
            "interactions": [{"description": marker, "request": {"method": "GET", "path": format!("/items/{n}")},
                              "response": {"status": 200, "body": {"n": n}}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        });
        let body = json!({
            "pacticipantName": consumer, "pacticipantVersionNumber": version,
            "branch": if n % 3 == 0 { "feature" } else { "main" }, "tags": ["fault"],
            "contracts": [{"consumerName": consumer, "providerName": provider, "specification": "pact",
                           "contentType": "application/json",
                           "content": base64::engine::general_purpose::STANDARD.encode(pact.to_string())}]
        });
        let published = http
            .post(format!("{base}/contracts/publish"))
            .json(&body)
            .send()
            .await;
        match published {
            Ok(r) if r.status().is_success() => {
                acked.lock().await.publications.push((
                    consumer.clone(),
                    version.clone(),
                    provider.clone(),
                    marker.clone(),
                ));
                successes.fetch_add(1, Ordering::Relaxed);
            }
            _ => {
                // The server is down or restarting: pace the retry.
                tokio::time::sleep(Duration::from_millis(25)).await;
                continue;
            }
        }
        let Ok(pact) = http
            .get(format!(
                "{base}/pacts/provider/{provider}/consumer/{consumer}/version/{version}"
            ))
            .send()
            .await
        else {
            continue;
        };
        let Ok(pact) = pact.json::<Value>().await else {
            continue;
        };
        let Some(href) = pact["_links"]["pb:publish-verification-results"]["href"].as_str() else {
            continue;
        };
        let success = n % 5 != 0;
        let verified = http
            .post(href)
            .json(&json!({"success": success, "providerApplicationVersion": format!("p{id}.{n}")}))
            .send()
            .await;
        if let Ok(r) = verified
            && r.status().is_success()
            && let Some(location) = r.headers().get("location").and_then(|v| v.to_str().ok())
        {
            acked
                .lock()
                .await
                .verifications
                .push((location.to_string(), success));
            successes.fetch_add(1, Ordering::Relaxed);
        }
    }
}

async fn count(pool: &AnyPool, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get::<i64, _>(0)
        .unwrap()
}

/// Consistency checks straight on the database.
async fn assert_consistent(database: &str, sqlite: bool) {
    sqlx::any::install_default_drivers();
    let pool = AnyPool::connect(database).await.expect("connect for checks");
    if sqlite {
        let row = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(row.try_get::<String, _>(0).unwrap(), "ok");
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(broken.is_empty(), "{} rows break foreign keys", broken.len());
    }
    let checks = [
        (
            "verifications whose pact content is missing",
            "SELECT COUNT(*) FROM verifications v WHERE NOT EXISTS (SELECT 1 FROM pact_versions pv WHERE pv.id = v.pact_version_id)",
        ),
        (
            "verifications of content that no publication uses",
            "SELECT COUNT(*) FROM verifications v WHERE NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.pact_version_id = v.pact_version_id)",
        ),
        (
            "publications whose content is missing",
            "SELECT COUNT(*) FROM pact_publications pp WHERE NOT EXISTS (SELECT 1 FROM pact_versions pv WHERE pv.id = pp.pact_version_id)",
        ),
        (
            "publications whose consumer version is missing",
            "SELECT COUNT(*) FROM pact_publications pp WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.id = pp.consumer_version_id)",
        ),
        (
            "(pact version, provider version) pairs whose latest result is not recorded",
            "SELECT COUNT(*) FROM (SELECT DISTINCT pact_version_id, provider_version_id FROM verifications) d WHERE NOT EXISTS \
             (SELECT 1 FROM latest_verifications l WHERE l.pact_version_id = d.pact_version_id AND l.provider_version_id = d.provider_version_id)",
        ),
        (
            "latest results that are not the newest result of their pair",
            "SELECT COUNT(*) FROM latest_verifications l WHERE l.verification_id <> (SELECT MAX(v.id) FROM verifications v \
             WHERE v.pact_version_id = l.pact_version_id AND v.provider_version_id = l.provider_version_id)",
        ),
        (
            "branch heads that differ from a recomputation",
            "SELECT COUNT(*) FROM (SELECT pp.provider_id, bv.branch_id, MAX(bv.version_id) AS head FROM branch_versions bv \
             JOIN pact_publications pp ON pp.consumer_version_id = bv.version_id GROUP BY pp.provider_id, bv.branch_id) r \
             LEFT JOIN branch_heads h ON h.provider_id = r.provider_id AND h.branch_id = r.branch_id \
             WHERE h.version_id IS NULL OR h.version_id <> r.head",
        ),
        (
            "branch heads without a publication",
            "SELECT COUNT(*) FROM branch_heads h WHERE NOT EXISTS (SELECT 1 FROM pact_publications pp \
             WHERE pp.consumer_version_id = h.version_id AND pp.provider_id = h.provider_id)",
        ),
    ];
    for (what, sql) in checks {
        assert_eq!(count(&pool, sql).await, 0, "{what}");
    }
    pool.close().await;
}

async fn survives_sigkill_under_load(database: String, sqlite: bool) {
    let mut broker = Broker::start(&database, 0);
    wait_until_healthy(&broker.url()).await;
    let url = Arc::new(Mutex::new(broker.url()));
    let stop = Arc::new(AtomicBool::new(false));
    let successes = Arc::new(AtomicUsize::new(0));
    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|id| {
            tokio::spawn(client_loop(
                id,
                url.clone(),
                stop.clone(),
                successes.clone(),
                acked.clone(),
            ))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(240);
    for life in 0..=KILLS {
        let target = (life + 1) * WORK_PER_LIFE;
        while successes.load(Ordering::Relaxed) < target {
            assert!(
                Instant::now() < deadline,
                "only {} acknowledged requests after 240 s (life {life})",
                successes.load(Ordering::Relaxed)
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        if life < KILLS {
            broker.kill_and_restart().await;
        }
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.await.expect("client task");
    }
    let acked = std::mem::take(&mut *acked.lock().await);
    assert!(acked.publications.len() >= WORK_PER_LIFE, "{acked:?}");
    assert!(
        !acked.verifications.is_empty(),
        "some verifications were acknowledged"
    );

    // Every acknowledged write is visible through the API.
    let base = broker.url();
    let http = reqwest::Client::new();
    for (consumer, version, provider, marker) in &acked.publications {
        let r = http
            .get(format!(
                "{base}/pacts/provider/{provider}/consumer/{consumer}/version/{version}"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "acknowledged pact {consumer} {version} is gone");
        let pact: Value = r.json().await.unwrap();
        assert_eq!(pact["interactions"][0]["description"], marker.as_str());
    }
    for (location, success) in &acked.verifications {
        let r = http.get(location).send().await.unwrap();
        assert_eq!(r.status(), 200, "acknowledged verification {location} is gone");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["success"], *success, "{location}");
    }
    // The API's counts are the rows' counts.
    let metrics: Value = http
        .get(format!("{base}/metrics"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let published = metrics["pactPublications"]["count"].as_i64().unwrap();
    assert!(published >= acked.publications.len() as i64, "{metrics}");
    let verified = metrics["verificationResults"]["count"].as_i64().unwrap();
    assert!(verified >= acked.verifications.len() as i64, "{metrics}");
    drop(broker);
    assert_consistent(&database, sqlite).await;
    eprintln!(
        "fault test: {} publications and {} verifications acknowledged across {KILLS} SIGKILLs; {published} publications, {verified} results stored",
        acked.publications.len(),
        acked.verifications.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("fault.sqlite").display());
    survives_sigkill_under_load(database, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill_on_postgres() {
    let Some(server) = server_support::postgres_url() else {
        eprintln!("DATABASE_URL not set to PostgreSQL: fault test ran on SQLite only");
        return;
    };
    // A fresh database of our own (CI shares DATABASE_URL between test binaries).
    let broker = server_support::TestBroker::start(server_support::Db::Postgres).await;
    let database = broker.database.clone();
    drop(broker);
    let _ = server;
    survives_sigkill_under_load(database, false).await;
}
