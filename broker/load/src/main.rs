//! `broker-load`: the broker's performance figures on a large history, idle and under load.
//!
//! For each history size (`--sweep`, in pacts; 200 pacticipants, 500 integrations, 4 results
//! per pact) it seeds a database of its own when empty (in process, through the broker's
//! library), starts
//! `--brokers` `pact-broker serve` processes on it (127.0.0.1), then measures:
//! - reads on the idle broker: pacts for verification with pending and WIP pacts, can-i-deploy
//!   to an environment, the latest pact, the UI index and UI pages (p50/p99/max);
//! - the same reads *while* `--writers` clients run CI jobs (publish with branch and tag, tag,
//!   fetch the pact and publish a verification result, record deployments);
//! - publishing throughput from `--publishers` concurrent clients;
//! - 5xx answers and the statements the brokers logged as slow (over 100 ms).
//!
//! It ends with a table of the p99s per history size.
//!
//! ```text
//! cargo build --release -p pact-broker -p pact-broker-load
//! target/release/broker-load --database-url sqlite:///tmp/load.sqlite --sweep 10000,50000,200000
//! target/release/broker-load --database-url postgres://postgres:postgres@127.0.0.1/pact_load --brokers 2
//! ```

mod server;
mod stats;
mod workload;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use clap::Parser;

use server::SlowLog;
use stats::ByKind;
use workload::Shape;

/// Load figures for the broker.
#[derive(Debug, Parser)]
#[command(name = "broker-load")]
struct Args {
    /// Base database URL; each history size gets its own database next to it (`NAME-SIZE.sqlite`,
    /// PostgreSQL database `NAME_SIZE`, created when missing).
    #[arg(long, default_value = "sqlite:///tmp/pact-broker-load.sqlite")]
    database_url: String,
    /// The `pact-broker` binary (default: next to this one).
    #[arg(long)]
    broker_bin: Option<PathBuf>,
    /// History sizes in pacts (multiples of 500), comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "50000")]
    sweep: Vec<usize>,
    /// Broker instances serving one database (clients spread over them).
    #[arg(long, default_value_t = 1)]
    brokers: usize,
    /// Requests per read kind and phase.
    #[arg(long, default_value_t = 200)]
    requests: usize,
    /// Concurrent readers.
    #[arg(long, default_value_t = 2)]
    readers: usize,
    /// Concurrent writing clients during the loaded phase.
    #[arg(long, default_value_t = 16)]
    writers: usize,
    /// Longest a read phase may run, in seconds.
    #[arg(long, default_value_t = 120)]
    phase_seconds: u64,
    /// Concurrent publishing clients in the throughput run.
    #[arg(long, default_value_t = 16)]
    publishers: usize,
    /// Pacts published in the throughput run (0 skips it).
    #[arg(long, default_value_t = 4000)]
    pacts: usize,
    /// Prefix of written version numbers; give each run on one database its own so runs insert
    /// new versions instead of republishing unchanged ones (default: from the clock).
    #[arg(long)]
    version_prefix: Option<String>,
}

/// The figures of one history size.
struct Point {
    size: usize,
    idle: ByKind,
    loaded: ByKind,
    writes: workload::WriteFigures,
    publish: Option<(stats::Samples, Duration)>,
    slow: usize,
}

const CONSUMERS: usize = 100;
const PACTS_PER_VERSION: usize = 5 * CONSUMERS;

async fn run_point(args: &Args, bin: &std::path::Path, size: usize, prefix: &str) -> Result<Point, String> {
    let versions = (size / PACTS_PER_VERSION).max(2);
    let database = server::database_for_size(&args.database_url, size).await?;
    println!("\n=== history {size} pacts: {database} ===");
    let started = Instant::now();
    println!("{}", server::seed(&database, versions as i64).await?);
    println!("seed step took {:.1}s", started.elapsed().as_secs_f64());
    let slow = Arc::new(SlowLog::default());
    let mut servers = Vec::new();
    for _ in 0..args.brokers.max(1) {
        servers.push(server::start(bin, &database, &slow)?);
    }
    let urls: Vec<String> = servers.iter().map(|s| s.url.clone()).collect();
    for s in &servers {
        println!(
            "broker at {} (pid {}); RSS after start: {} MiB",
            s.url,
            s.pid(),
            server::rss_kib(s.pid()).unwrap_or(0) / 1024
        );
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let shape = Shape {
        consumers: CONSUMERS,
        versions,
    };
    let limit = Duration::from_secs(args.phase_seconds);
    // Warm every pooled connection, then measure idle reads. The pool hands connections out in
    // turn, and PostgreSQL plans each prepared statement on its first run on each connection
    // (4-8 ms for the broker's joins on this machine): with 5 warm-up reads per kind, the p99 of
    // 200 idle reads measured those first runs on 16 connections, not a running broker.
    let warm_up = 2 * pact_broker::store::POSTGRES_POOL_SIZE as usize;
    workload::read_phase(&client, &urls, shape, args.readers, warm_up, limit).await;
    let idle = workload::read_phase(&client, &urls, shape, args.readers, args.requests, limit).await;
    stats::print_table(&format!("idle reads ({} readers)", args.readers), &idle);
    // Reads while the writers run.
    let stop = Arc::new(AtomicBool::new(false));
    let writers = {
        let (client, urls, stop) = (client.clone(), urls.clone(), Arc::clone(&stop));
        let (count, prefix) = (args.writers, format!("{prefix}-w{size}"));
        tokio::spawn(async move { workload::write_until(&client, &urls, shape, count, &prefix, stop).await })
    };
    // Let the writers get going before measuring.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let loaded = workload::read_phase(&client, &urls, shape, args.readers, args.requests, limit).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes = writers.await.map_err(|e| e.to_string())?;
    stats::print_table(
        &format!(
            "reads while {} writers run ({} readers)",
            args.writers, args.readers
        ),
        &loaded,
    );
    let jobs = writes.by_kind.get("publish").map_or(0, |s| s.times.len());
    stats::print_table(
        &format!(
            "writes during the loaded phase ({jobs} CI jobs in {:.1}s: {:.0} jobs/s)",
            writes.elapsed.as_secs_f64(),
            jobs as f64 / writes.elapsed.as_secs_f64().max(0.001)
        ),
        &writes.by_kind,
    );
    let publish = if args.pacts > 0 {
        let (samples, elapsed) = workload::publish_burst(
            &client,
            &urls,
            shape,
            args.publishers,
            args.pacts,
            &format!("{prefix}-b{size}"),
        )
        .await;
        let mut table = ByKind::new();
        table.insert("publish", samples.clone());
        stats::print_table(
            &format!(
                "publishing from {} clients over {} broker(s): {:.0} pacts/s",
                args.publishers,
                urls.len(),
                samples.times.len() as f64 / elapsed.as_secs_f64().max(0.001)
            ),
            &table,
        );
        Some((samples, elapsed))
    } else {
        None
    };
    for s in &servers {
        println!(
            "RSS of {} after the load: {} MiB",
            s.pid(),
            server::rss_kib(s.pid()).unwrap_or(0) / 1024
        );
    }
    println!("slow statements (over 100 ms) logged: {}", slow.count());
    for example in slow.examples() {
        println!("  {example}");
    }
    Ok(Point {
        size,
        idle,
        loaded,
        writes,
        publish,
        slow: slow.count(),
    })
}

fn print_summary(args: &Args, points: &[Point]) {
    println!(
        "\n=== summary: p99 in ms ({} broker(s), {} writers, {}) ===",
        args.brokers, args.writers, args.database_url
    );
    print!("  {:<34}", "request");
    for p in points {
        print!(
            " {:>10} {:>10}",
            format!("idle@{}k", p.size / 1000),
            format!("load@{}k", p.size / 1000)
        );
    }
    println!();
    for kind in workload::READ_KINDS {
        print!("  {kind:<34}");
        for p in points {
            let idle = p.idle.get(kind).map_or(0.0, |s| s.percentile_ms(0.99));
            let loaded = p.loaded.get(kind).map_or(0.0, |s| s.percentile_ms(0.99));
            print!(" {idle:>10.2} {loaded:>10.2}");
        }
        println!();
    }
    for p in points {
        let server_errors: usize = [&p.idle, &p.loaded, &p.writes.by_kind]
            .iter()
            .flat_map(|k| k.values())
            .map(|s| s.server_errors)
            .sum::<usize>()
            + p.publish.as_ref().map_or(0, |(s, _)| s.server_errors);
        let throughput = p
            .publish
            .as_ref()
            .map_or(0.0, |(s, e)| s.times.len() as f64 / e.as_secs_f64().max(0.001));
        println!(
            "  {}k pacts: 5xx {server_errors}, slow statements {}, publish {throughput:.0} pacts/s",
            p.size / 1000,
            p.slow
        );
    }
    if let (Some(first), Some(last)) = (points.first(), points.last())
        && points.len() > 1
    {
        println!(
            "  growth of the loaded p99 from {}k to {}k pacts:",
            first.size / 1000,
            last.size / 1000
        );
        for kind in workload::READ_KINDS {
            let a = first.loaded.get(kind).map_or(0.0, |s| s.percentile_ms(0.99));
            let b = last.loaded.get(kind).map_or(0.0, |s| s.percentile_ms(0.99));
            println!("    {kind:<32} ×{:.2}", b / a.max(0.001));
        }
    }
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
    let prefix = args.version_prefix.clone().unwrap_or_else(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        format!("load{secs}")
    });
    let mut points = Vec::new();
    for &size in &args.sweep {
        match run_point(&args, &bin, size, &prefix).await {
            Ok(point) => points.push(point),
            Err(message) => {
                eprintln!("broker-load: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    print_summary(&args, &points);
    ExitCode::SUCCESS
}
