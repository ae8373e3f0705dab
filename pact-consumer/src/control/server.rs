//! The control server's REST API, as the reference `pact mock start` serves it:
//!
//! | Request | Answer |
//! |---|---|
//! | `GET /` | `{"mockServers": [...]}` |
//! | `POST /` with a pact (`?cors=true`) | `{"mockServer": {"id", "port"}}`, `Location: /mockserver/ID`; 422 for a bad pact |
//! | `GET /mockserver/{id or port}` | the mock server's JSON; 404 |
//! | `POST /mockserver/{id or port}/verify` | 204 and the pact written; 422 with `{"mismatches", "mockServer"}`; 404 |
//! | `DELETE /mockserver/{id or port}` | 204 and the mock server stopped; 404 |
//! | `POST /shutdown` with `Authorization: Bearer KEY`, `{"period": ms}` | 204, then the control server stops; 403 |

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Method, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::registry::Registry;

/// The largest pact the control server accepts in a request body.
const MAX_BODY: usize = 16 * 1024 * 1024;

type HttpResponse = hyper::Response<Full<Bytes>>;

/// What the request handlers share.
#[derive(Debug)]
pub(crate) struct Control {
    pub(crate) registry: Registry,
    pub(crate) server_key: String,
    /// Set to `true` when an authorised shutdown's period has passed.
    pub(crate) shutdown: watch::Sender<bool>,
}

/// Serves the control API on `listener` until a `POST /shutdown` (or `stop`) says so.
pub(crate) async fn serve(listener: TcpListener, control: Arc<Control>, mut stop: watch::Receiver<bool>) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = stop.wait_for(|stopped| *stopped) => break,
        };
        let control = Arc::clone(&control);
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let control = Arc::clone(&control);
                async move { Ok::<_, Infallible>(answer(&control, req).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(control: &Arc<Control>, req: hyper::Request<Incoming>) -> HttpResponse {
    let (parts, body) = req.into_parts();
    let bytes = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("could not read the request body (at most {MAX_BODY} bytes): {err}"),
            );
        }
    };
    let segments: Vec<&str> = parts.uri.path().split('/').filter(|s| !s.is_empty()).collect();
    let query = parts.uri.query().unwrap_or("");
    match (&parts.method, segments.as_slice()) {
        (&Method::GET | &Method::HEAD, []) => list(control),
        (&Method::POST, []) => create(control, &bytes, query).await,
        (_, []) => not_allowed("OPTIONS, GET, HEAD, POST"),
        (&Method::GET | &Method::HEAD, ["mockserver", key]) => match control.registry.find(key) {
            Some(entry) => ok_json(StatusCode::OK, &entry.to_json()),
            None => empty(StatusCode::NOT_FOUND),
        },
        (&Method::DELETE, ["mockserver", key]) => delete(control, key).await,
        (_, ["mockserver", _]) => not_allowed("OPTIONS, GET, HEAD, POST, DELETE"),
        (&Method::POST, ["mockserver", key, "verify"]) => verify(control, key).await,
        (_, ["mockserver", _, "verify"]) => not_allowed("POST"),
        (&Method::POST, ["shutdown"]) => shutdown(control, &parts.headers, &bytes),
        (_, ["shutdown"]) => not_allowed("POST"),
        _ => empty(StatusCode::NOT_FOUND),
    }
}

fn list(control: &Control) -> HttpResponse {
    let servers: Vec<Value> = control.registry.all().iter().map(|e| e.to_json()).collect();
    ok_json(StatusCode::OK, &json!({ "mockServers": servers }))
}

fn query_flag(query: &str, name: &str) -> bool {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .any(|(key, value)| key == name && value == "true")
}

async fn create(control: &Arc<Control>, body: &Bytes, query: &str) -> HttpResponse {
    if body.iter().all(u8::is_ascii_whitespace) {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "No pact json was supplied");
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(err) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("Failed to parse json body - {err}"),
            );
        }
    };
    let pact = match pact_core::format::read_pact_value(&value) {
        Ok(pact) => pact,
        Err(err) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("Failed to parse Pact JSON - {err}"),
            );
        }
    };
    if query_flag(query, "tls") {
        tracing::warn!(
            "tls=true asked: this mock server serves plain HTTP (as the reference's control server does)"
        );
    }
    let cors = query_flag(query, "cors");
    let owner = Arc::clone(control);
    let created = tokio::task::spawn_blocking(move || owner.registry.create(pact, cors)).await;
    match created {
        Ok(Ok(entry)) => {
            tracing::info!(id = %entry.id, port = entry.server.address().port(), "mock server started");
            let mut response = ok_json(
                StatusCode::OK,
                &json!({"mockServer": {"id": entry.id, "port": entry.server.address().port()}}),
            );
            if let Ok(location) = hyper::header::HeaderValue::from_str(&format!("/mockserver/{}", entry.id)) {
                response.headers_mut().insert(hyper::header::LOCATION, location);
            }
            response
        }
        Ok(Err(err)) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("Failed to start mock server - {err}"),
        ),
        Err(err) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("Failed to start mock server - {err}"),
        ),
    }
}

async fn delete(control: &Arc<Control>, key: &str) -> HttpResponse {
    let Some(entry) = control.registry.remove(key) else {
        return empty(StatusCode::NOT_FOUND);
    };
    tracing::info!(id = %entry.id, "mock server shut down");
    // The last reference drops here, off the async workers: that stops the server's runtime.
    let _ = tokio::task::spawn_blocking(move || drop(entry)).await;
    empty(StatusCode::NO_CONTENT)
}

async fn verify(control: &Arc<Control>, key: &str) -> HttpResponse {
    let Some(entry) = control.registry.find(key) else {
        return empty(StatusCode::NOT_FOUND);
    };
    let mismatches = entry.mismatches();
    if !mismatches.is_empty() {
        return ok_json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({"mismatches": mismatches, "mockServer": entry.to_json()}),
        );
    }
    let owner = Arc::clone(control);
    let written =
        tokio::task::spawn_blocking(move || owner.registry.write_pact(&entry).map_err(|e| (e, entry))).await;
    match written {
        Ok(Ok(path)) => {
            tracing::info!(path = %path.display(), "pact written");
            empty(StatusCode::NO_CONTENT)
        }
        Ok(Err((err, entry))) => ok_json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({"error": err.to_string(), "mockServer": entry.to_json()}),
        ),
        Err(err) => error(StatusCode::INTERNAL_SERVER_ERROR, &err.to_string()),
    }
}

fn shutdown(control: &Arc<Control>, headers: &hyper::HeaderMap, body: &Bytes) -> HttpResponse {
    let expected = format!("Bearer {}", control.server_key);
    let authorised = headers
        .get_all(hyper::header::AUTHORIZATION)
        .iter()
        .any(|v| v.as_bytes() == expected.as_bytes());
    if !authorised {
        return empty(StatusCode::FORBIDDEN);
    }
    let period = if body.iter().all(u8::is_ascii_whitespace) {
        100
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(value) => value.get("period").and_then(Value::as_u64).unwrap_or(100),
            Err(err) => {
                return error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &format!("Failed to parse json body - {err}"),
                );
            }
        }
    };
    tracing::info!("Scheduling master server to shutdown in {period}ms");
    let sender = control.shutdown.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(period.min(60_000))).await;
        let _ = sender.send(true);
    });
    empty(StatusCode::NO_CONTENT)
}

fn ok_json(status: StatusCode, value: &Value) -> HttpResponse {
    let mut response = hyper::Response::new(Full::new(Bytes::from(value.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

fn error(status: StatusCode, message: &str) -> HttpResponse {
    ok_json(status, &json!({ "error": message }))
}

fn empty(status: StatusCode) -> HttpResponse {
    let mut response = hyper::Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

fn not_allowed(allow: &'static str) -> HttpResponse {
    let mut response = empty(StatusCode::METHOD_NOT_ALLOWED);
    response.headers_mut().insert(
        hyper::header::ALLOW,
        hyper::header::HeaderValue::from_static(allow),
    );
    response
}
