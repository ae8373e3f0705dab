//! `user-service`: users in SQLite behind a small JSON API.
//!
//! | route | answer |
//! |---|---|
//! | `GET /users/{id}` | `200 {"id", "name", "email"}`, `404 {"error"}` when missing |
//! | `POST /users` with `{"name", "email"}` | `201` with the stored user, `400 {"error"}` on invalid input |
//!
//! It is the *provider* of the `OrderService` → `UserService` pact. One flag,
//! [`UserServiceConfig::breaking_change`], renames `email` to `email_address` in every answer: the
//! kind of change that breaks a consumer, which provider verification catches.

mod http;
mod model;
mod store;

use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use model::{InvalidUser, NewUser, User};
pub use store::{StoreError, UserStore};

/// The environment variable that turns the breaking change on (`1` or `true`).
pub const BREAKING_CHANGE_ENV: &str = "USER_SERVICE_BREAKING";

/// How the service behaves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UserServiceConfig {
    /// Rename `email` to `email_address` in responses (a change that breaks `OrderService`).
    pub breaking_change: bool,
}

impl UserServiceConfig {
    /// The configuration from the environment: [`BREAKING_CHANGE_ENV`] set to `1` or `true`
    /// turns the breaking change on.
    pub fn from_env() -> Self {
        let breaking_change = std::env::var(BREAKING_CHANGE_ENV)
            .map(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
            .unwrap_or(false);
        Self { breaking_change }
    }

    /// This configuration with the breaking change turned on.
    pub fn with_breaking_change(self) -> Self {
        Self {
            breaking_change: true,
        }
    }
}

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The users table.
    pub store: UserStore,
    /// How to behave.
    pub config: UserServiceConfig,
}

/// The service's routes, ready to serve.
pub fn app(state: AppState) -> Router {
    http::routes(state)
}

/// A user service running on a loopback port, stopped when dropped.
#[derive(Debug)]
pub struct RunningUserService {
    addr: SocketAddr,
    store: UserStore,
    server: JoinHandle<()>,
}

impl RunningUserService {
    /// Opens the SQLite file at `database` and serves on `127.0.0.1` on a free port.
    pub async fn start(database: impl AsRef<Path>, config: UserServiceConfig) -> Result<Self, StartError> {
        let store = UserStore::open(database).await?;
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(StartError::Bind)?;
        Self::serve(listener, store, config)
    }

    /// Serves the service on an already bound listener.
    pub fn serve(
        listener: TcpListener,
        store: UserStore,
        config: UserServiceConfig,
    ) -> Result<Self, StartError> {
        let addr = listener.local_addr().map_err(StartError::Bind)?;
        let router = app(AppState {
            store: store.clone(),
            config,
        });
        let server = tokio::spawn(async move {
            // The server only stops when the task is aborted; an accept error ends it quietly.
            let _ = axum::serve(listener, router).await;
        });
        Ok(Self { addr, store, server })
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The users table behind the service (for provider-state hooks and assertions).
    pub fn store(&self) -> &UserStore {
        &self.store
    }
}

impl Drop for RunningUserService {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or prepared.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No loopback port could be bound.
    #[error("could not listen on a loopback port: {0}")]
    Bind(#[source] std::io::Error),
}
