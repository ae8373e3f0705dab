//! Runs `user-service` on a loopback port.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use clap::Parser;
use examples::user_service::{RunningUserService, UserServiceConfig, UserStore};

/// Users in SQLite behind `GET /users/{id}` and `POST /users`.
#[derive(Debug, Parser)]
#[command(name = "user-service")]
struct Args {
    /// The SQLite file (created when missing).
    #[arg(long, default_value = "users.sqlite")]
    database: PathBuf,
    /// The loopback port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8081)]
    port: u16,
    /// Rename `email` to `email_address` in answers (breaks OrderService).
    #[arg(long, env = "USER_SERVICE_BREAKING")]
    breaking_change: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(message) = run(args).await {
        eprintln!("user-service: {message}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let config = UserServiceConfig {
        breaking_change: args.breaking_change,
    };
    let store = UserStore::open(&args.database).await.map_err(|e| e.to_string())?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("could not listen on {addr}: {e} (try --port 0)"))?;
    let service = RunningUserService::serve(listener, store, config).map_err(|e| e.to_string())?;
    println!(
        "user-service listening on {} (database {})",
        service.url(),
        args.database.display()
    );
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    Ok(())
}
