//! The server-side subcommands of `pact-broker`: `serve` (and the hidden `seed` for benchmarks).

use std::process::ExitCode;

use tokio::net::TcpListener;

use crate::config::ServeArgs;
use crate::store::Store;

/// Subcommands that run or administer a broker.
#[derive(Debug, clap::Subcommand)]
pub enum ServerCommand {
    /// Run the broker server.
    Serve(ServeArgs),
    /// Fill an empty broker database with a large synthetic data set (for benchmarks): 200
    /// pacticipants, 20,000 versions, 50,000 pacts, 200,000 verification results.
    Seed(SeedArgs),
    /// Manage API tokens (bearer tokens with a read, write or admin role).
    Token(crate::auth::cli::TokenArgs),
    /// Remove old versions, pacts and verification results that no keep selector selects.
    Clean(crate::ops::clean_cli::CleanArgs),
}

/// Flags of `pact-broker seed`.
#[derive(Debug, Clone, clap::Args)]
pub struct SeedArgs {
    /// `sqlite://PATH` or `postgres://…` (migrated first; must hold no pacticipants yet).
    #[arg(long, env = "PACT_BROKER_DATABASE_URL")]
    pub database_url: String,
    /// Consumers to create (as many providers are created; versions scale with it).
    #[arg(long, default_value_t = 100)]
    pub consumers: i64,
    /// Versions per pacticipant (pact publications = consumers × 5 × this).
    #[arg(long, default_value_t = 100)]
    pub versions_per_pacticipant: i64,
}

/// Runs a server-side subcommand; returns the process exit code.
pub async fn run(command: ServerCommand) -> ExitCode {
    match command {
        ServerCommand::Serve(args) => match serve(args).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("pact-broker serve: {message}");
                ExitCode::FAILURE
            }
        },
        ServerCommand::Clean(args) => crate::ops::clean_cli::run(args).await,
        ServerCommand::Token(args) => crate::auth::cli::run(args).await,
        ServerCommand::Seed(args) => match seed(args).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("pact-broker seed: {message}");
                ExitCode::FAILURE
            }
        },
    }
}

async fn seed(args: SeedArgs) -> Result<(), String> {
    use crate::store::seed::{SeedShape, is_empty, seed};
    let store = Store::connect(&args.database_url)
        .await
        .map_err(|e| e.to_string())?;
    if !is_empty(&store).await.map_err(|e| e.to_string())? {
        return Err("the database already holds pacticipants; seed an empty database".to_string());
    }
    let started = std::time::Instant::now();
    let shape = SeedShape {
        consumers: args.consumers.max(1),
        versions_per_pacticipant: args.versions_per_pacticipant.max(2),
        ..SeedShape::default()
    };
    let counts = seed(&store, shape).await.map_err(|e| e.to_string())?;
    println!(
        "seeded {} pacticipants, {} versions, {} pact publications ({} distinct contents), {} verification results in {:.1}s",
        counts.pacticipants,
        counts.versions,
        counts.publications,
        counts.pact_versions,
        counts.verifications,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Connects, migrates, binds, prints the URL and serves until SIGINT/SIGTERM.
async fn serve(args: ServeArgs) -> Result<(), String> {
    crate::ops::logging::init(&args.log_level, args.log_format);
    let store = Store::connect(&args.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let config = crate::auth::exposure::secured_config(&args, &store).await?;
    let listener = TcpListener::bind((args.host.as_str(), args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.host, args.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let connection_limits = crate::http::connections::ConnectionLimits::from_serve_args(&args);
    let webhook_worker = crate::webhooks::WebhookWorker::start(store.clone(), config.webhooks.clone());
    let app = crate::http::app(store, config);
    let host = if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    println!("Pact Broker listening on http://{host}:{}", addr.port());
    tracing::info!(%addr, "pact broker started");
    crate::http::connections::serve(listener, app, connection_limits, shutdown_signal()).await;
    webhook_worker.stop().await;
    tracing::info!("pact broker stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
