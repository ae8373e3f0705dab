//! `pact-broker` processes under test: seeding, serving, and counting the slow statements they log.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Slow statements logged by the brokers (sqlx's "slow statement" warning, over 100 ms).
#[derive(Debug, Default)]
pub(crate) struct SlowLog {
    count: AtomicUsize,
    examples: Mutex<Vec<String>>,
}

impl SlowLog {
    /// How many were logged.
    pub(crate) fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    /// The first few log lines.
    pub(crate) fn examples(&self) -> Vec<String> {
        self.examples.lock().map(|e| e.clone()).unwrap_or_default()
    }

    fn record(&self, line: &str) {
        self.count.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut examples) = self.examples.lock()
            && examples.len() < 5
        {
            examples.push(line.chars().take(600).collect());
        }
    }
}

/// One running broker; killed when dropped.
pub(crate) struct Server {
    child: Child,
    /// Its base URL.
    pub(crate) url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Its process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

/// Seeds `database_url` (when empty) with `versions_per_pacticipant` versions for each of 200
/// pacticipants (500 × that many pacts), in this process through the broker's library; returns a
/// line saying what was written (or why nothing was).
pub(crate) async fn seed(database_url: &str, versions_per_pacticipant: i64) -> Result<String, String> {
    use pact_broker::store::Store;
    use pact_broker::store::seed::{SeedShape, is_empty, seed};
    let store = Store::connect(database_url).await.map_err(|e| e.to_string())?;
    if !is_empty(&store).await.map_err(|e| e.to_string())? {
        return Ok("seed skipped: the database already holds pacticipants".to_string());
    }
    let started = std::time::Instant::now();
    let shape = SeedShape {
        versions_per_pacticipant: versions_per_pacticipant.max(2),
        ..SeedShape::default()
    };
    let counts = seed(&store, shape).await.map_err(|e| e.to_string())?;
    Ok(format!(
        "seeded {} pacticipants, {} versions, {} pact publications ({} distinct contents), {} verification results in {:.1}s",
        counts.pacticipants,
        counts.versions,
        counts.publications,
        counts.pact_versions,
        counts.verifications,
        started.elapsed().as_secs_f64()
    ))
}

/// Starts `pact-broker serve` on 127.0.0.1 (any port) and waits for its URL; its warnings are
/// scanned for slow statements.
pub(crate) fn start(bin: &Path, database_url: &str, slow: &Arc<SlowLog>) -> Result<Server, String> {
    let mut child = Command::new(bin)
        .args([
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--database-url",
            database_url,
            "--log-level",
            "warn",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the broker: {e}"))?;
    if let Some(stderr) = child.stderr.take() {
        let slow = Arc::clone(slow);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("slow statement") {
                    slow.record(&line);
                }
            }
        });
    }
    let mut line = String::new();
    if let Some(stdout) = child.stdout.take() {
        let mut reader = BufReader::new(stdout);
        let _ = reader.read_line(&mut line);
        // Keep draining so the broker never blocks on a full pipe.
        std::thread::spawn(move || for _ in reader.lines().map_while(Result::ok) {});
    }
    let url = line.trim().rsplit(' ').next().unwrap_or_default().to_string();
    let server = Server { child, url };
    if !server.url.starts_with("http://") {
        return Err(format!("the broker did not print its URL: {line:?}"));
    }
    Ok(server)
}

/// Resident memory of a process in KiB.
pub(crate) fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The database URL for one history size: `…/NAME.sqlite` → `…/NAME-SIZE.sqlite`, and
/// `postgres://…/NAME` → `postgres://…/NAME_SIZE` (created when missing).
pub(crate) async fn database_for_size(base: &str, size: usize) -> Result<String, String> {
    if base.starts_with("postgres") {
        let (server, name) = base
            .rsplit_once('/')
            .ok_or_else(|| format!("no database name in {base}"))?;
        let name = format!("{name}_{size}");
        create_postgres_database(&format!("{server}/postgres"), &name).await?;
        Ok(format!("{server}/{name}"))
    } else {
        Ok(match base.strip_suffix(".sqlite") {
            Some(stem) => format!("{stem}-{size}.sqlite"),
            None => format!("{base}-{size}"),
        })
    }
}

/// Creates `name` on the server unless it exists.
pub(crate) async fn create_postgres_database(admin_url: &str, name: &str) -> Result<(), String> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .map_err(|e| format!("connect to {admin_url}: {e}"))?;
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&mut conn)
        .await
        .map_err(|e| e.to_string())?;
    if exists.is_none() {
        sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
            .await
            .map_err(|e| format!("create database {name}: {e}"))?;
    }
    Ok(())
}
