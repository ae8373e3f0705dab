//! Serving connections within bounds: how many at once, how many header lines and how large a
//! request head, how long a connection may sit idle or take to send its request head. (Body size
//! and request time are bounded per request, in `limits`.)

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt as _;

/// Most connections served at once by default.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// Most header lines in a request by default (431 beyond).
pub const DEFAULT_MAX_HEADERS: usize = 100;
/// Largest request head (request line and headers) by default, in bytes (431 beyond).
pub const DEFAULT_MAX_HEADER_BYTES: usize = 64 * 1024;
/// Longest an idle connection, or a client sending its request head, may take by default.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// The smallest head size hyper accepts as its read buffer.
const MIN_HEADER_BYTES: usize = 8 * 1024;

/// Bounds on the connections of a running broker.
///
/// ```
/// use pact_broker::http::connections::ConnectionLimits;
/// let limits = ConnectionLimits::default();
/// assert_eq!(limits.max_connections, 1024);
/// assert_eq!(limits.header_timeout.as_secs(), 30);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Most connections served at once; more wait to be accepted (`PACT_BROKER_MAX_CONNECTIONS`).
    pub max_connections: usize,
    /// Most header lines in a request; more are answered 431 (`PACT_BROKER_MAX_HEADERS`).
    pub max_headers: usize,
    /// Largest request head in bytes (at least 8 KiB); larger is answered 431
    /// (`PACT_BROKER_MAX_HEADER_BYTES`).
    pub max_header_bytes: usize,
    /// Longest a connection may wait for a complete request head: an idle keep-alive connection
    /// or a client sending its headers slowly is closed after it
    /// (`PACT_BROKER_HEADER_TIMEOUT_SECONDS`). A slow body is bounded by the request timeout.
    pub header_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_headers: DEFAULT_MAX_HEADERS,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
        }
    }
}

impl ConnectionLimits {
    /// The limits from `pact-broker serve` flags.
    pub fn from_serve_args(args: &crate::config::ServeArgs) -> ConnectionLimits {
        ConnectionLimits {
            max_connections: args.max_connections,
            max_headers: args.max_headers,
            max_header_bytes: args.max_header_bytes,
            header_timeout: Duration::from_secs(args.header_timeout_seconds),
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes, then lets the open
/// connections finish their requests.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let max_connections = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    let connections = Arc::new(Semaphore::new(
        usize::try_from(max_connections).unwrap_or(usize::MAX),
    ));
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_headers(limits.max_headers)
        .max_buf_size(limits.max_header_bytes.max(MIN_HEADER_BYTES));
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX));
    let builder = Arc::new(builder);
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    let mut stopping = stop_rx.clone();
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = stopping.changed() => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    tracing::debug!(error = %err, "could not accept a connection");
                    continue;
                }
            },
            _ = stopping.changed() => break,
        };
        let service = TowerToHyperService::new(
            app.clone()
                .map_request(|request: hyper::Request<Incoming>| request.map(axum::body::Body::new)),
        );
        let builder = Arc::clone(&builder);
        let mut conn_stop = stop_rx.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                served = conn.as_mut() => {
                    if let Err(err) = served {
                        tracing::debug!(error = %err, "connection ended with an error");
                    }
                    return;
                }
                _ = conn_stop.changed() => conn.as_mut().graceful_shutdown(),
            }
            let _ = conn.await;
        });
    }
    drop(listener);
    // Wait until every connection has finished: each holds a permit until it ends.
    let _ = connections.acquire_many(max_connections).await;
}
