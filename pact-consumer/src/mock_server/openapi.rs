//! A mock server answering from an OpenAPI document instead of a pact (feature `openapi`): each
//! request is validated against the document and answered from the operation's examples or
//! values generated from its schemas (see `pact_openapi::mock`); a request that does not fit gets
//! 404, 405, 415 or 422 with a JSON report of the mismatches.
//!
//! ```no_run
//! use pact_consumer::mock_server::openapi::OpenApiMockServer;
//!
//! let api = pact_openapi::OpenApi::parse(&std::fs::read_to_string("openapi.yaml").unwrap()).unwrap();
//! let server = OpenApiMockServer::start(api, "127.0.0.1:0".parse().unwrap()).unwrap();
//! println!("{}", server.url());
//! ```

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use pact_openapi::OpenApi;
use pact_openapi::mock::respond;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::service::to_pact_request;

/// The largest request body read (larger ones get 413).
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// A running OpenAPI mock server; dropping it stops it.
#[derive(Debug)]
pub struct OpenApiMockServer {
    url: String,
    shutdown: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl OpenApiMockServer {
    /// Binds `address` and serves `api` on a thread of its own.
    pub fn start(api: OpenApi, address: SocketAddr) -> std::io::Result<OpenApiMockServer> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
            .enable_all()
            .build()?;
        let listener = runtime.block_on(TcpListener::bind(address))?;
        let url = format!("http://{}", listener.local_addr()?);
        let (shutdown, mut stop) = watch::channel(false);
        let api = Arc::new(api);
        let thread = std::thread::Builder::new()
            .name("pact-openapi-mock".into())
            .spawn(move || {
                runtime.block_on(async move {
                    loop {
                        let stream = tokio::select! {
                            accepted = listener.accept() => match accepted {
                                Ok((stream, _)) => stream,
                                Err(_) => continue,
                            },
                            _ = stop.changed() => break,
                        };
                        let _ = stream.set_nodelay(true);
                        let api = Arc::clone(&api);
                        tokio::spawn(async move {
                            let service = service_fn(move |request| {
                                let api = Arc::clone(&api);
                                async move { Ok::<_, Infallible>(answer(&api, request).await) }
                            });
                            let _ = hyper::server::conn::http1::Builder::new()
                                .keep_alive(true)
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        });
                    }
                });
            })?;
        Ok(OpenApiMockServer {
            url,
            shutdown,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Blocks until the server stops (it never does on its own: for the command line).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for OpenApiMockServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn answer(api: &OpenApi, request: hyper::Request<Incoming>) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let bytes = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return plain(413, "the request body is too large or was cut short"),
    };
    let reply = respond(api, &to_pact_request(&parts, bytes));
    let mut builder = hyper::Response::builder().status(reply.status);
    let body = match reply.body {
        Some(body) => {
            builder = builder.header(
                "Content-Type",
                reply.content_type.unwrap_or_else(|| "application/json".into()),
            );
            Full::new(Bytes::from(body.to_string()))
        }
        None => Full::new(Bytes::new()),
    };
    builder
        .body(body)
        .unwrap_or_else(|_| plain(500, "the document's media type is not a valid header value"))
}

fn plain(status: u16, text: &'static str) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    response
}
