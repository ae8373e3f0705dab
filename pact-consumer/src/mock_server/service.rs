//! The HTTP side: turns a hyper request into a pact request, answers it, and serves connections.

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::StatusCode;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use pact_core::generators::generate_response;
use pact_core::model::percent;
use pact_core::{Body, GeneratorContext, GeneratorMode, Headers, HttpInteraction, Query, Request};
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::matcher::{Ledger, Outcome};
use crate::report::Problem;

/// What every connection shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) ledger: Ledger,
    pub(crate) context: GeneratorContext,
    pub(crate) cors_preflight: bool,
}

type HttpResponse = hyper::Response<Full<Bytes>>;

/// Accepts connections until `shutdown` changes, serving each on its own task.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = shutdown.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let mut conn_shutdown = shutdown.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(answer(&shared, req).await) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = conn_shutdown.changed() => conn.as_mut().graceful_shutdown(),
            }
        });
    }
}

async fn answer(shared: &Shared, req: hyper::Request<Incoming>) -> HttpResponse {
    let (parts, body) = req.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) => {
            return plain(
                StatusCode::BAD_REQUEST,
                format!("could not read the request body: {err}"),
            );
        }
    };
    let actual = to_pact_request(&parts, bytes);
    match shared.ledger.decide(&actual, shared.cors_preflight) {
        Outcome::Matched(interaction) => respond(shared, interaction),
        Outcome::Preflight => preflight(&parts),
        Outcome::Problem(problem) => mismatch_response(&problem),
    }
}

fn to_pact_request(parts: &hyper::http::request::Parts, bytes: Bytes) -> Request {
    let mut headers = Headers::new();
    for (name, value) in &parts.headers {
        headers.append(name.as_str(), String::from_utf8_lossy(value.as_bytes()));
    }
    let content_type = headers.first("content-type").map(str::to_string);
    let body = if !bytes.is_empty() {
        Body::bytes(bytes.to_vec(), content_type)
    } else if content_type.is_some() {
        Body::Empty
    } else {
        Body::Missing
    };
    let mut request = Request::new(parts.method.as_str(), percent::decode(parts.uri.path()));
    request.query = Query::parse(parts.uri.query().unwrap_or(""));
    request.headers = headers;
    request.body = body;
    request
}

fn respond(shared: &Shared, interaction: &HttpInteraction) -> HttpResponse {
    let response = generate_response(&interaction.response, GeneratorMode::Consumer, &shared.context);
    let mut builder = hyper::Response::builder().status(response.status);
    for (name, value) in response.headers.wire_lines() {
        builder = builder.header(name, value);
    }
    if !response.headers.contains("content-type") && response.body.is_present() {
        let content_type = response
            .body
            .content_type()
            .map(str::to_string)
            .unwrap_or_else(|| {
                if response.body.as_json().is_some() {
                    "application/json"
                } else {
                    "text/plain"
                }
                .to_string()
            });
        builder = builder.header("content-type", content_type);
    }
    if shared.cors_preflight && !response.headers.contains("access-control-allow-origin") {
        builder = builder.header("access-control-allow-origin", "*");
    }
    let body = Bytes::copy_from_slice(response.body.as_bytes());
    builder.body(Full::new(body)).unwrap_or_else(|err| {
        plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the pact's response is not valid HTTP: {err}"),
        )
    })
}

fn mismatch_response(problem: &Problem) -> HttpResponse {
    let mut response = hyper::Response::new(Full::new(Bytes::from(problem.to_json().to_string())));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        HeaderName::from_static("x-pact-mismatch"),
        HeaderValue::from_static(problem.kind()),
    );
    response
}

fn preflight(parts: &hyper::http::request::Parts) -> HttpResponse {
    let origin = parts
        .headers
        .get("origin")
        .cloned()
        .unwrap_or(HeaderValue::from_static("*"));
    let allow_headers = parts
        .headers
        .get("access-control-request-headers")
        .cloned()
        .unwrap_or(HeaderValue::from_static("*"));
    let mut response = hyper::Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert("access-control-allow-origin", origin);
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    headers.insert("access-control-allow-headers", allow_headers);
    headers.insert(
        "access-control-allow-credentials",
        HeaderValue::from_static("true"),
    );
    response
}

fn plain(status: StatusCode, text: String) -> HttpResponse {
    let mut response = hyper::Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response
}
