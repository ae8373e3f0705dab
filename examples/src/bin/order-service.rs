//! Runs `order-service` on a loopback port.

use std::net::{Ipv4Addr, SocketAddr};

use clap::Parser;
use examples::order_service::{AppState, RunningOrderService};

/// Takes orders and asks user-service who the customer is.
#[derive(Debug, Parser)]
#[command(name = "order-service")]
struct Args {
    /// Where user-service runs.
    #[arg(long, env = "USER_SERVICE_URL", default_value = "http://127.0.0.1:8081")]
    user_service_url: String,
    /// The loopback port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8082)]
    port: u16,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(message) = run(args).await {
        eprintln!("order-service: {message}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("could not listen on {addr}: {e} (try --port 0)"))?;
    let service = RunningOrderService::serve(listener, AppState::new(&args.user_service_url))
        .map_err(|e| e.to_string())?;
    println!(
        "order-service listening on {} (user-service at {})",
        service.url(),
        args.user_service_url
    );
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    Ok(())
}
