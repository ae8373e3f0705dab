//! The catch-panic layer: a request's matching and generation run on a blocking thread (so a
//! heavy one never holds up the server's other requests), and a panic there answers 500 with a
//! JSON body, is reported on standard error with the route, and leaves the server serving.

use std::any::Any;
use std::sync::Arc;

use http_body_util::Full;
use hyper::StatusCode;
use hyper::body::Bytes;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use tokio::sync::Semaphore;

use super::service::HttpResponse;

/// Runs `work` for the request `route` (`GET /orders`) on a blocking thread once one of
/// `permits` is free; a panic in it becomes a 500 answer.
pub(crate) async fn run_guarded(
    route: String,
    permits: &Arc<Semaphore>,
    work: impl FnOnce() -> HttpResponse + Send + 'static,
) -> HttpResponse {
    let Ok(_permit) = permits.acquire().await else {
        return json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the mock server is shutting down",
        );
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(response) => response,
        Err(err) if err.is_panic() => {
            let message = panic_message(err.into_panic());
            // The one report of this panic (the `pact-mock-server` binary silences the default
            // panic message of its server threads).
            eprintln!("pact-mock-server: the handler of {route} panicked: {message}");
            json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("the mock server failed while answering {route}: {message}"),
            )
        }
        Err(_) => json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the mock server is shutting down",
        ),
    }
}

/// The text of a panic payload (`panic!("...")` gives a `&str` or a `String`).
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(text) => (*text).to_string(),
            Err(_) => "a panic without a message".to_string(),
        },
    }
}

/// `{"error": message}` with `status`.
pub(crate) fn json_error(status: StatusCode, message: &str) -> HttpResponse {
    let body = serde_json::json!({ "error": message }).to_string();
    let mut response = hyper::Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_a_json_500_naming_the_route() {
        let permits = Arc::new(Semaphore::new(1));
        let response = run_guarded("GET /boom".into(), &permits, || panic!("kaboom")).await;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            json["error"],
            "the mock server failed while answering GET /boom: kaboom"
        );
        // The permit came back: the next request runs.
        let ok = run_guarded("GET /fine".into(), &permits, || {
            json_error(StatusCode::OK, "fine")
        })
        .await;
        assert_eq!(ok.status(), StatusCode::OK);
    }
}
