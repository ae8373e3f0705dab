//! The control ("master") server of `pact-mock-server start`: a REST API that starts, lists,
//! verifies and stops mock servers, compatible with the reference `pact mock` so other tools and
//! languages can drive it. Compiled with the `cli` feature only (the `pact-mock-server` binary). See [`server`]'s table for the endpoints; [`client`] holds the
//! `create`, `list`, `verify`, `shutdown` and `shutdown-master` commands that call them.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use pact_consumer::control::{ControlServer, ControlServerConfig};
//! let dir = std::env::temp_dir().join("pact-control-doc");
//! let server = ControlServer::start(ControlServerConfig::new("127.0.0.1:0".parse().unwrap(), dir)).await?;
//! assert!(server.url().starts_with("http://127.0.0.1:"));
//! assert_eq!(server.server_key().len(), 16);
//! server.stop();
//! server.stopped().await;
//! # Ok(())
//! # }
//! ```

pub mod cli;
pub mod client;
mod registry;
pub mod server;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::watch;

use registry::Registry;
use server::Control;

/// How a [`ControlServer`] is started.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ControlServerConfig {
    /// Where the control API listens (port 0 picks a free one).
    pub address: SocketAddr,
    /// Where `verify` writes pact files (merging into existing ones).
    pub output_dir: PathBuf,
    /// Mock servers get the first free port from this one on; `None` lets the system choose.
    pub base_port: Option<u16>,
    /// The key `POST /shutdown` must present as a bearer token; `None` picks a random one.
    pub server_key: Option<String>,
}

impl ControlServerConfig {
    /// Listens on `address`, writes pacts to `output_dir`, random ports and key.
    pub fn new(address: SocketAddr, output_dir: impl Into<PathBuf>) -> Self {
        ControlServerConfig {
            address,
            output_dir: output_dir.into(),
            base_port: None,
            server_key: None,
        }
    }
}

/// A running control server.
#[derive(Debug)]
#[must_use = "dropping the control server stops it; keep it while it should serve"]
pub struct ControlServer {
    address: SocketAddr,
    server_key: String,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl ControlServer {
    /// Binds `config.address` and serves the control API on the current tokio runtime.
    pub async fn start(config: ControlServerConfig) -> std::io::Result<ControlServer> {
        let listener = tokio::net::TcpListener::bind(config.address).await?;
        let address = listener.local_addr()?;
        let server_key = config.server_key.unwrap_or_else(registry::random_key);
        let (stop, stop_rx) = watch::channel(false);
        let control = Arc::new(Control {
            registry: Registry::new(config.output_dir, config.base_port),
            server_key: server_key.clone(),
            shutdown: stop.clone(),
        });
        let task = tokio::spawn(server::serve(listener, control, stop_rx));
        Ok(ControlServer {
            address,
            server_key,
            stop,
            task,
        })
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://host:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The key that authorises `POST /shutdown`.
    pub fn server_key(&self) -> &str {
        &self.server_key
    }

    /// Asks the server to stop accepting connections.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Waits until the server stopped: after [`Self::stop`] or an authorised `POST /shutdown`.
    pub async fn stopped(self) {
        let _ = self.task.await;
    }
}
