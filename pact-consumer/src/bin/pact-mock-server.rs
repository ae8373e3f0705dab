//! `pact-mock-server`: serves the interactions of pact files over HTTP, for consumers in any language.
//!
//! ```text
//! pact-mock-server -f pact.json [-f more.json] [-d pacts/] [--host 127.0.0.1] -p 8080 [--strict-verify]
//! pact-mock-server [-h HOST] [-p PORT] start|list|create|verify|shutdown|shutdown-master …
//! ```
//! A request matching an interaction gets its response; any other gets HTTP 500 with a JSON report
//! of the mismatches. An interaction part of which cannot be read (an unknown matcher, a regex no
//! engine reads) does not stop the others from being served: it is named on stderr at start, and
//! a request for it (same method and path) gets HTTP 500 saying why. SIGINT or SIGTERM stops the server; with `--strict-verify` it then exits 1
//! listing the interactions never received (and the requests nobody expected).
//!
//! With `--openapi FILE` (built with the `openapi` feature) it answers from an OpenAPI document
//! instead: see `pact_consumer::mock_server::openapi`.
//!
//! With a command it is the reference `pact mock`: `start` runs a control server that other tools
//! drive over REST, and the other commands call it (see `pact_consumer::control`).

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgAction, Parser};
use pact_consumer::control::cli::Command;
use pact_consumer::mock_server::LimitArgs;
use pact_consumer::{MockServer, MockServerConfig};
use pact_core::{Pact, SpecVersion};

/// Serve the interactions of pact files over HTTP.
#[derive(Debug, Parser)]
#[command(
    name = "pact-mock-server",
    version,
    about,
    disable_help_flag = true,
    args_conflicts_with_subcommands = true
)]
struct Args {
    /// Print help
    #[arg(long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// A pact file to serve (repeatable).
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// A directory whose `*.json` pact files are served (repeatable).
    #[arg(short = 'd', long = "dir", value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// The address to listen on (default 127.0.0.1); with a command, the control server's host (default localhost).
    #[arg(short = 'h', long, global = true)]
    host: Option<String>,
    /// The port to listen on (default 0: a free one); with a command, the control server's port (default 8080).
    #[arg(short = 'p', long, global = true)]
    port: Option<u16>,
    /// Answer CORS preflight requests and allow any origin.
    #[arg(long)]
    cors: bool,
    /// At shutdown, exit 1 when an interaction was never received or an unexpected request came.
    #[arg(long)]
    strict_verify: bool,
    /// Worker threads (default: one per CPU).
    #[arg(long, value_name = "N")]
    workers: Option<usize>,
    /// Log level (defaults to info)
    #[arg(short = 'l', long, global = true,
          value_parser = ["error", "warn", "info", "debug", "trace", "none"])]
    loglevel: Option<String>,
    /// Turns off using terminal ANSI escape codes in logs
    #[arg(long, global = true)]
    no_term_log: bool,
    /// Do not log to an output file (logs only ever go to the terminal: accepted for compatibility)
    #[arg(long, global = true)]
    no_file_log: bool,
    /// Serve an OpenAPI document instead of pact files: answers from its examples or values
    /// generated from its schemas; requests that do not fit it get 404/405/415/422 with a report.
    #[cfg(feature = "openapi")]
    #[arg(long, value_name = "FILE", conflicts_with_all = ["files", "dirs"])]
    openapi: Option<PathBuf>,
    /// Resource limits of the server and of the pacts it serves.
    #[command(flatten)]
    limits: LimitArgs,
    /// A control-mode command (as the reference `pact mock`); without one, serve the pact files.
    #[command(subcommand)]
    command: Option<Command>,
}

fn main() -> ExitCode {
    let mut args = Args::parse();
    init_logging(args.loglevel.as_deref(), !args.no_term_log);
    silence_server_thread_panics();
    if let Some(command) = args.command.take() {
        return ExitCode::from(pact_consumer::control::cli::run(
            command,
            args.host.as_deref(),
            args.port,
        ));
    }
    match run(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("pact-mock-server: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<ExitCode, String> {
    #[cfg(feature = "openapi")]
    if let Some(path) = &args.openapi {
        return run_openapi(path, &args);
    }
    let files = pact_files(&args)?;
    if files.is_empty() {
        return Err("no pact files given; pass -f FILE or -d DIR".into());
    }
    let options = pact_core::format::ReadOptions::default().with_limits(args.limits.pact_limits());
    let pacts = files
        .iter()
        .map(|file| load(file, &options))
        .collect::<Result<Vec<_>, _>>()?;
    let pact = combine(pacts);
    for interaction in pact.interactions.iter().filter(|i| !i.is_usable()) {
        for problem in interaction.problems() {
            eprintln!("pact-mock-server: warning: {problem}; requests for it are answered with this error");
        }
    }
    let address = resolve(
        args.host.as_deref().unwrap_or("127.0.0.1"),
        args.port.unwrap_or(0),
    )?;
    let workers = args
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let config = MockServerConfig::default()
        .with_address(address)
        .with_cors_preflight(args.cors)
        .with_pact_output(None)
        .with_check_on_drop(false)
        .with_worker_threads(workers)
        .with_limits(args.limits.server_limits())
        .with_generator_limits(args.limits.pact_limits());
    // Signal handlers go in before the URL is printed: whoever reads it may stop us at once.
    let shutdown = ShutdownSignal::install()?;
    let server = MockServer::start(pact, config).map_err(|err| err.to_string())?;
    println!(
        "pact-mock-server listening on {} ({} interactions from {} pact files)",
        server.url(),
        server.interaction_count(),
        files.len()
    );
    shutdown.wait();
    if args.strict_verify {
        if let Err(failure) = server.verify() {
            eprintln!("{failure}");
            return Ok(ExitCode::from(1));
        }
        println!("pact-mock-server: every interaction was received");
    }
    Ok(ExitCode::SUCCESS)
}

/// `--openapi FILE`: serves the document until SIGINT or SIGTERM.
#[cfg(feature = "openapi")]
fn run_openapi(path: &Path, args: &Args) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read the OpenAPI document {}: {err}", path.display()))?;
    let api = pact_openapi::OpenApi::parse(&text)
        .map_err(|err| format!("{} is not a usable OpenAPI document: {err}", path.display()))?;
    let address = resolve(
        args.host.as_deref().unwrap_or("127.0.0.1"),
        args.port.unwrap_or(0),
    )?;
    let shutdown = ShutdownSignal::install()?;
    let server = pact_consumer::mock_server::openapi::OpenApiMockServer::start(api, address)
        .map_err(|err| err.to_string())?;
    println!(
        "pact-mock-server listening on {} (OpenAPI document {})",
        server.url(),
        path.display()
    );
    shutdown.wait();
    drop(server);
    Ok(ExitCode::SUCCESS)
}

/// Logs go to standard error at `level` (default info; `none` for none).
fn init_logging(level: Option<&str>, ansi: bool) {
    let level = match level {
        Some("none") => return,
        Some("error") => tracing::Level::ERROR,
        Some("warn") => tracing::Level::WARN,
        Some("debug") => tracing::Level::DEBUG,
        Some("trace") => tracing::Level::TRACE,
        _ => tracing::Level::INFO,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(ansi && std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

fn pact_files(args: &Args) -> Result<Vec<PathBuf>, String> {
    let mut files = args.files.clone();
    for dir in &args.dirs {
        let entries = std::fs::read_dir(dir)
            .map_err(|err| format!("cannot read the directory {}: {err}", dir.display()))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// Panics of the server's threads are reported once, with their route, by the server's
/// catch-panic layer: the default panic message is left out for them (kept for any other thread).
fn silence_server_thread_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("pact-mock-server") {
            default(info);
        }
    }));
}

fn load(file: &Path, options: &pact_core::format::ReadOptions) -> Result<Pact, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|err| format!("cannot read the pact file {}: {err}", file.display()))?;
    pact_core::format::read_pact_with(&text, options)
        .map_err(|err| format!("{} is not a pact file this tool can read: {err}", file.display()))
}

/// One pact holding every interaction of `pacts` (named after the first).
fn combine(pacts: Vec<Pact>) -> Pact {
    let mut iter = pacts.into_iter();
    let mut combined = iter
        .next()
        .unwrap_or_else(|| Pact::new("consumer", "provider", SpecVersion::V4));
    for pact in iter {
        combined.interactions.extend(pact.interactions);
    }
    combined
}

fn resolve(host: &str, port: u16) -> Result<SocketAddr, String> {
    (host, port)
        .to_socket_addrs()
        .map_err(|err| format!("cannot resolve the host {host}: {err}"))?
        .next()
        .ok_or_else(|| format!("the host {host} has no address"))
}

/// SIGINT and SIGTERM, listened for from the moment of [`ShutdownSignal::install`].
struct ShutdownSignal {
    runtime: tokio::runtime::Runtime,
    #[cfg(unix)]
    signals: (tokio::signal::unix::Signal, tokio::signal::unix::Signal),
}

impl ShutdownSignal {
    fn install() -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|err| format!("cannot start the signal handler: {err}"))?;
        #[cfg(unix)]
        let signals = {
            use tokio::signal::unix::{SignalKind, signal};
            let _entered = runtime.enter();
            let listen = |kind: SignalKind, name: &str| {
                signal(kind).map_err(|err| format!("cannot listen for {name}: {err}"))
            };
            (
                listen(SignalKind::interrupt(), "SIGINT")?,
                listen(SignalKind::terminate(), "SIGTERM")?,
            )
        };
        Ok(ShutdownSignal {
            runtime,
            #[cfg(unix)]
            signals,
        })
    }

    /// Blocks until SIGINT or SIGTERM arrives.
    fn wait(self) {
        #[cfg(unix)]
        {
            let (mut interrupt, mut terminate) = self.signals;
            self.runtime.block_on(async {
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
            });
        }
        #[cfg(not(unix))]
        {
            let _ = self.runtime.block_on(tokio::signal::ctrl_c());
        }
    }
}
