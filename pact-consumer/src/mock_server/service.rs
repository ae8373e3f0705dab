//! The HTTP side: turns a hyper request into a pact request, answers it, and serves connections.

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::StatusCode;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use pact_core::generators::generate_response;
use pact_core::model::percent;
use pact_core::{Body, GeneratorContext, GeneratorMode, Headers, HttpInteraction, Query, Request};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use super::ServerLimits;
use super::guard::{json_error, run_guarded};
use super::matcher::{Ledger, Outcome};
use crate::report::Problem;

/// What every connection shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) ledger: Ledger,
    pub(crate) context: GeneratorContext,
    pub(crate) cors_preflight: bool,
    pub(crate) limits: ServerLimits,
    /// Requests whose matching and generation may run at once.
    pub(crate) work_permits: Arc<Semaphore>,
    /// Test-only ways to make a handler panic or wait.
    #[cfg(test)]
    pub(crate) hooks: super::test_hooks::TestHooks,
}

pub(crate) type HttpResponse = hyper::Response<Full<Bytes>>;

/// Accepts connections until `shutdown` changes, serving each on its own task, at most
/// [`ServerLimits::max_connections`] at once.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    let connections = Arc::new(Semaphore::new(shared.limits.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.keep_alive(true)
        .timer(TokioTimer::new())
        .header_read_timeout(shared.limits.header_timeout)
        .max_headers(shared.limits.max_headers)
        .max_header_size(shared.limits.max_header_bytes);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = shutdown.changed() => break,
        };
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
        let http = http.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = service_fn(move |req| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(answer(shared, req).await) }
            });
            let conn = http.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = conn_shutdown.changed() => conn.as_mut().graceful_shutdown(),
            }
        });
    }
}

async fn answer(shared: Arc<Shared>, req: hyper::Request<Incoming>) -> HttpResponse {
    let (parts, body) = req.into_parts();
    let bytes = match read_body(&shared.limits, &parts, body).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let route = format!("{} {}", parts.method, parts.uri.path());
    let permits = Arc::clone(&shared.work_permits);
    run_guarded(route, &permits, move || answer_read(&shared, &parts, bytes)).await
}

/// The body, within [`ServerLimits::max_body_bytes`] (413) and [`ServerLimits::body_timeout`] (408).
async fn read_body(
    limits: &ServerLimits,
    parts: &hyper::http::request::Parts,
    body: Incoming,
) -> Result<Bytes, HttpResponse> {
    let max = limits.max_body_bytes;
    let too_large = || {
        json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("the request body is larger than the mock server's limit of {max} bytes"),
        )
    };
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > max as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(limits.body_timeout, Limited::new(body, max).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(err)) if err.is::<LengthLimitError>() => Err(too_large()),
        Ok(Err(err)) => Err(plain(
            StatusCode::BAD_REQUEST,
            format!("could not read the request body: {err}"),
        )),
        Err(_) => Err(json_error(
            StatusCode::REQUEST_TIMEOUT,
            &format!(
                "the request body did not arrive within {} s",
                limits.body_timeout.as_secs_f64()
            ),
        )),
    }
}

/// Matches the request and answers it (on a blocking thread: see [`run_guarded`]).
fn answer_read(shared: &Shared, parts: &hyper::http::request::Parts, bytes: Bytes) -> HttpResponse {
    #[cfg(test)]
    shared.hooks.on_request(parts.uri.path());
    let actual = to_pact_request(parts, bytes);
    match shared.ledger.decide(&actual, shared.cors_preflight) {
        Outcome::Matched(interaction) => respond(shared, interaction),
        Outcome::Preflight => preflight(parts),
        Outcome::Problem(problem) => mismatch_response(&problem),
    }
}

pub(crate) fn to_pact_request(parts: &hyper::http::request::Parts, bytes: Bytes) -> Request {
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
