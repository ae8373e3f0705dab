//! A panic in a handler (or a layer inside this one) answers 500 with a JSON body and is logged
//! once with its route, instead of dropping the connection; the server keeps serving.

use std::any::Any;
use std::panic::AssertUnwindSafe;

use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use futures_util::FutureExt;

/// Runs the rest of the stack, turning a panic into a logged 500.
pub(super) async fn catch_panic(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(payload) => {
            tracing::error!(%method, %route, panic = %message_of(payload.as_ref()), "request handler panicked");
            super::hal::hal_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &pact_broker_api::ErrorBody::message("An internal error occurred; see the broker log"),
            )
        }
    }
}

/// The text of a panic's payload (`panic!("…")` carries a `&str` or a `String`).
fn message_of(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::routing::get;

    use crate::config::BrokerConfig;
    use crate::store::Store;

    /// Collects log lines in memory.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::ErrorKind::Other)?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().expect("log buffer")).to_string()
        }
    }

    /// A real server on loopback with a test-only route that panics: the panicking request gets a
    /// JSON 500, the panic is logged once with its route, and the server answers the next
    /// requests (on the same connection too).
    #[tokio::test(flavor = "current_thread")]
    async fn a_panicking_handler_answers_500_and_the_server_keeps_serving() {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);

        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("broker.sqlite").display());
        let store = Store::connect(&url).await.expect("store");
        let panicking: Router<super::super::AppState> = Router::new().route(
            "/test-only/panic/{what}",
            get(|| async {
                if true {
                    panic!("provoked by the test");
                }
                "unreachable"
            }),
        );
        let app = super::super::app_with_routes(store, BrokerConfig::default(), panicking);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await });

        let client = reqwest::Client::new();
        let base = format!("http://{address}");
        let panicked = client
            .get(format!("{base}/test-only/panic/now"))
            .send()
            .await
            .expect("a response, not a dropped connection");
        assert_eq!(panicked.status().as_u16(), 500);
        let body: serde_json::Value = panicked.json().await.expect("JSON body");
        assert_eq!(body["error"], "An internal error occurred; see the broker log");

        for _ in 0..2 {
            let after = client
                .get(format!("{base}/"))
                .send()
                .await
                .expect("still serving");
            assert_eq!(after.status().as_u16(), 200);
        }
        let text = log.text();
        assert_eq!(text.matches("request handler panicked").count(), 1, "{text}");
        let line = text
            .lines()
            .find(|l| l.contains("request handler panicked"))
            .unwrap_or_default();
        assert!(line.contains("/test-only/panic/{what}"), "{line}");
        assert!(line.contains("provoked by the test"), "{line}");
    }
}
