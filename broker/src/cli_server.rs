//! The server-side subcommands of `pact-broker`: `serve`, `token` and `clean`.

use std::process::ExitCode;

use tokio::net::TcpListener;

use crate::config::ServeArgs;
use crate::store::Store;

/// Subcommands that run or administer a broker.
#[derive(Debug, clap::Subcommand)]
pub enum ServerCommand {
    /// Run the broker server.
    Serve(Box<ServeArgs>),
    /// Manage API tokens (bearer tokens with a read, write or admin role).
    Token(crate::auth::cli::TokenArgs),
    /// Remove old versions, pacts and verification results that no keep selector selects.
    Clean(crate::ops::clean_cli::CleanArgs),
}

/// Runs a server-side subcommand; returns the process exit code.
pub async fn run(command: ServerCommand) -> ExitCode {
    match command {
        ServerCommand::Serve(args) => match serve(*args).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("pact-broker serve: {message}");
                ExitCode::FAILURE
            }
        },
        ServerCommand::Clean(args) => crate::ops::clean_cli::run(args).await,
        ServerCommand::Token(args) => crate::auth::cli::run(args).await,
    }
}

/// Connects, migrates, binds, prints the URL and serves until SIGINT/SIGTERM.
async fn serve(args: ServeArgs) -> Result<(), String> {
    crate::ops::logging::init(&args.log_level, args.log_format);
    let store = Store::connect(&args.database_url)
        .await
        .map_err(|e| e.to_string())?
        .with_write_concurrency(usize::from(args.database_write_concurrency));
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
