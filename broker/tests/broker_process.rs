//! The `pact-broker serve` process: prints its bound URL, answers over a real socket, creates and
//! migrates its SQLite file, stops cleanly on SIGTERM; concurrent start-up migrations are safe.

mod server_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pact_broker::store::Store;

#[tokio::test]
async fn serve_prints_its_url_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("fresh.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pact-broker"))
        .args([
            "serve",
            "--port",
            "0",
            "--database-url",
            &format!("sqlite://{}", db_path.display()),
        ])
        .env("PACT_BROKER_LOG_LEVEL", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read URL");
    let url = line.trim().rsplit(' ').next().expect("url").to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{line}"
    );
    assert!(db_path.exists(), "the SQLite file is created on start");
    let reply = reqwest::get(format!("{url}/diagnostic/status/heartbeat"))
        .await
        .expect("heartbeat");
    assert_eq!(reply.status(), 200);
    assert!(reply.headers().contains_key("x-pact-broker-version"));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the broker did not stop within 10 s of SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(exit.success(), "graceful shutdown exits 0, got {exit:?}");
}

#[tokio::test]
async fn an_unsupported_database_url_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_pact-broker"))
        .args(["serve", "--port", "0", "--database-url", "mysql://nope"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

#[tokio::test]
async fn several_instances_can_migrate_one_postgres_database_at_once() {
    if server_support::postgres_url().is_none() {
        eprintln!("DATABASE_URL not set to PostgreSQL: concurrent migration test skipped");
        return;
    }
    // A fresh database, migrated by four connections racing each other.
    let broker = server_support::TestBroker::start(server_support::Db::Postgres).await;
    let url = broker.database.clone();
    drop(broker);
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&url).await.expect("connect");
    sqlx::Executor::execute(&mut conn, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        .await
        .expect("reset schema");
    let starts = (0..4).map(|_| {
        let url = url.clone();
        tokio::spawn(async move { Store::connect(&url).await.map(|_| ()) })
    });
    for start in starts {
        start
            .await
            .expect("task")
            .expect("every instance starts and migrates");
    }
}
