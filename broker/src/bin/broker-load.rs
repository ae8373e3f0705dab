//! `broker-load`: prints the broker's performance figures on a large data set.
//!
//! Seeds the database when it is empty (`pact-broker seed`: 200 pacticipants, 20,000 versions,
//! 50,000 pacts, 200,000 verification results), starts `pact-broker serve` on 127.0.0.1, then
//! measures `for-verification` and `can-i-deploy` latency (p50/p99 over sequential requests),
//! publishing throughput from concurrent clients, and the server's resident memory when idle.
//!
//! ```text
//! cargo build --release -p pact-broker --bins
//! target/release/broker-load --database-url sqlite:///tmp/load.sqlite
//! target/release/broker-load --database-url postgres://postgres:postgres@127.0.0.1/pact_load
//! ```

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use clap::Parser;
use serde_json::json;

/// Load figures for the broker.
#[derive(Debug, Parser)]
#[command(name = "broker-load")]
struct Args {
    /// Database to seed (when empty) and serve from.
    #[arg(long, default_value = "sqlite:///tmp/pact-broker-load.sqlite")]
    database_url: String,
    /// The `pact-broker` binary (default: next to this one).
    #[arg(long)]
    broker_bin: Option<PathBuf>,
    /// Sequential requests per latency figure.
    #[arg(long, default_value_t = 500)]
    requests: usize,
    /// Concurrent publishing clients.
    #[arg(long, default_value_t = 16)]
    publishers: usize,
    /// Pacts published in the throughput run.
    #[arg(long, default_value_t = 4000)]
    pacts: usize,
    /// Prefix of the published version numbers; give each run on one database its own so the
    /// throughput run inserts new versions instead of republishing unchanged ones.
    #[arg(long, default_value = "load")]
    version_prefix: String,
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn report(name: &str, mut times: Vec<Duration>, errors: usize) {
    times.sort();
    println!(
        "{name:<34} n={:<5} p50={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms  errors={errors}",
        times.len(),
        percentile(&times, 0.50),
        percentile(&times, 0.99),
        percentile(&times, 1.0)
    );
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let bin = args.broker_bin.clone().unwrap_or_else(|| {
        std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|d| d.join("pact-broker")))
            .unwrap_or_else(|| PathBuf::from("pact-broker"))
    });
    let started = Instant::now();
    let seed = Command::new(&bin)
        .args(["seed", "--database-url", &args.database_url])
        .output();
    match seed {
        Ok(out) if out.status.success() => print!("seed: {}", String::from_utf8_lossy(&out.stdout)),
        Ok(out) => println!("seed skipped: {}", String::from_utf8_lossy(&out.stderr).trim()),
        Err(e) => {
            eprintln!("cannot run {}: {e}", bin.display());
            return ExitCode::FAILURE;
        }
    }
    println!("seed step took {:.1}s", started.elapsed().as_secs_f64());
    let mut child = match Command::new(&bin)
        .args([
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--database-url",
            &args.database_url,
            "--log-level",
            "warn",
        ])
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            eprintln!("cannot start the broker: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut line = String::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = BufReader::new(stdout).read_line(&mut line);
    }
    let pid = child.id();
    let _server = Server(child);
    let url = line.trim().rsplit(' ').next().unwrap_or_default().to_string();
    if !url.starts_with("http://") {
        eprintln!("the broker did not print its URL: {line:?}");
        return ExitCode::FAILURE;
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap_or_default();
    println!(
        "broker at {url} (pid {pid}); idle RSS after start: {} MiB",
        rss_kib(pid).unwrap_or(0) / 1024
    );

    // for-verification for providers round-robin.
    let mut times = Vec::new();
    let mut errors = 0;
    for i in 0..args.requests {
        let provider = format!("Provider{:03}", 1 + i % 100);
        let body = json!({
            "consumerVersionSelectors": [{"mainBranch": true}, {"deployedOrReleased": true}],
            "providerVersionBranch": "main", "includePendingStatus": true, "includeWipPactsSince": "2020-01-01"
        });
        let t = Instant::now();
        let ok = client
            .post(format!("{url}/pacts/provider/{provider}/for-verification"))
            .json(&body)
            .send()
            .await;
        let good = matches!(&ok, Ok(r) if r.status().is_success());
        if let Ok(r) = ok {
            let _ = r.bytes().await;
        }
        times.push(t.elapsed());
        errors += usize::from(!good);
    }
    report("for-verification (POST)", times, errors);

    // can-i-deploy for consumers (version 98 is the deployed one in the seed) and providers.
    let mut times = Vec::new();
    let mut errors = 0;
    for i in 0..args.requests {
        let (name, id) = if i % 2 == 0 {
            (format!("Consumer{:03}", 1 + i % 100), 1 + i % 100)
        } else {
            (format!("Provider{:03}", 1 + i % 100), 101 + i % 100)
        };
        let version = format!("{id}.0.{}", 90 + i % 10);
        let t = Instant::now();
        let ok = client
            .get(format!(
                "{url}/can-i-deploy?pacticipant={name}&version={version}&environment=production"
            ))
            .send()
            .await;
        let good = matches!(&ok, Ok(r) if r.status().is_success());
        if let Ok(r) = ok {
            let _ = r.bytes().await;
        }
        times.push(t.elapsed());
        errors += usize::from(!good);
    }
    report("can-i-deploy (GET)", times, errors);

    // Publishing throughput from concurrent clients.
    let per_client = args.pacts.div_ceil(args.publishers.max(1));
    let t = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..args.publishers {
        let client = client.clone();
        let url = url.clone();
        let prefix = args.version_prefix.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut errors = 0;
            for i in 0..per_client {
                let consumer = format!("Consumer{:03}", 1 + (c * per_client + i) % 100);
                let provider = format!("Provider{:03}", 1 + (c + i) % 100);
                let pact = json!({
                    "consumer": {"name": consumer}, "provider": {"name": provider},
                    "interactions": [{"description": format!("load {c} {i}"), "request": {"method": "GET", "path": format!("/load/{i}")},
                                      "response": {"status": 200, "body": {"client": c, "n": i}}}],
                    "metadata": {"pactSpecification": {"version": "3.0.0"}}
                });
                let body = json!({
                    "pacticipantName": consumer, "pacticipantVersionNumber": format!("{prefix}-{c}-{i}"), "branch": "load", "tags": ["load"],
                    "contracts": [{"consumerName": consumer, "providerName": provider, "specification": "pact", "contentType": "application/json",
                                   "content": base64::engine::general_purpose::STANDARD.encode(pact.to_string())}]
                });
                let started = Instant::now();
                let ok = client.post(format!("{url}/contracts/publish")).json(&body).send().await;
                let good = matches!(&ok, Ok(r) if r.status().is_success());
                if let Ok(r) = ok {
                    let _ = r.bytes().await;
                }
                times.push(started.elapsed());
                errors += usize::from(!good);
            }
            (times, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        if let Ok((times, e)) = task.await {
            all.extend(times);
            errors += e;
        }
    }
    let elapsed = t.elapsed().as_secs_f64();
    let count = all.len();
    report(
        &format!("publish ({} concurrent clients)", args.publishers),
        all,
        errors,
    );
    println!(
        "publish throughput: {:.0} pacts/s ({count} pacts in {elapsed:.2}s)",
        count as f64 / elapsed
    );
    println!("RSS after the load: {} MiB", rss_kib(pid).unwrap_or(0) / 1024);
    ExitCode::SUCCESS
}
