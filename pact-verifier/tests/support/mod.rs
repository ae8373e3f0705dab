//! A real provider for the tests: an axum "UserService" on 127.0.0.1:0 with an in-memory user
//! table, a Pact state-change endpoint and a message endpoint.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use serde_json::{Value, json};

/// The provider's data and what it saw.
#[derive(Debug, Default)]
pub struct Data {
    pub users: BTreeMap<i64, String>,
    pub orders: BTreeMap<i64, String>,
    /// Every request, as `METHOD /path?query`.
    pub requests: Vec<String>,
    /// Every state-change body received.
    pub state_changes: Vec<Value>,
    pub next_id: i64,
}

/// A handle on the shared data.
#[derive(Debug, Clone, Default)]
pub struct Db(pub Arc<Mutex<Data>>);

impl Db {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Data> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn insert_user(&self, id: i64, name: &str) {
        self.lock().users.insert(id, name.to_string());
    }
    pub fn create_user(&self, name: &str) -> i64 {
        let mut data = self.lock();
        data.next_id += 100;
        let id = data.next_id;
        data.users.insert(id, name.to_string());
        id
    }
    pub fn remove_user(&self, id: i64) {
        self.lock().users.remove(&id);
    }
    pub fn requests(&self) -> Vec<String> {
        self.lock().requests.clone()
    }
    pub fn state_changes(&self) -> Vec<Value> {
        self.lock().state_changes.clone()
    }
}

/// A running provider; stops when dropped.
#[derive(Debug)]
pub struct TestProvider {
    pub url: String,
    pub port: u16,
    pub db: Db,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn record(db: &Db, line: String) {
    db.lock().requests.push(line);
}

async fn health(State(db): State<Db>) -> Response {
    record(&db, "GET /health".into());
    ([(header::CONTENT_TYPE, "text/plain")], "ok").into_response()
}

async fn user(
    State(db): State<Db>,
    Path(id): Path<i64>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(|v| format!(" auth={v}"))
        .unwrap_or_default();
    record(&db, format!("GET /users/{id}?{}{auth}", q.join("&")));
    let name = db.lock().users.get(&id).cloned();
    match name {
        Some(name) => axum::Json(json!({"id": id, "name": name})).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"error": format!("no user {id}")})),
        )
            .into_response(),
    }
}

async fn beta(State(db): State<Db>) -> Response {
    record(&db, "GET /beta".into());
    StatusCode::NOT_FOUND.into_response()
}

/// The Pact state-change convention: `{"state", "params", "action"}` as JSON body or query.
async fn state_change(
    State(db): State<Db>,
    Query(query): Query<BTreeMap<String, String>>,
    body: String,
) -> Response {
    let change: Value = if body.trim().is_empty() {
        json!(query)
    } else {
        serde_json::from_str(&body).unwrap_or(Value::Null)
    };
    db.lock().state_changes.push(change.clone());
    let state = change["state"].as_str().unwrap_or_default();
    let action = change["action"].as_str().unwrap_or("setup");
    let id = change["params"]["id"]
        .as_i64()
        .or_else(|| change["id"].as_str().and_then(|s| s.parse().ok()))
        .unwrap_or(42);
    match (state, action) {
        ("user 42 exists", "setup") => {
            db.insert_user(id, "Alice");
            axum::Json(json!({"id": id})).into_response()
        }
        ("user 42 exists", "teardown") => {
            db.remove_user(id);
            axum::Json(json!({})).into_response()
        }
        ("a user named Bob exists", "setup") => {
            let id = db.create_user("Bob");
            axum::Json(json!({"id": id})).into_response()
        }
        ("a broken state", _) => (StatusCode::INTERNAL_SERVER_ERROR, "database unavailable").into_response(),
        _ => axum::Json(json!({})).into_response(),
    }
}

/// The Pact message convention: `POST {"description", "providerStates"}` answers with the message.
async fn message(State(db): State<Db>, body: String) -> Response {
    let request: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    record(
        &db,
        format!("POST / {}", request["description"].as_str().unwrap_or("")),
    );
    match request["description"].as_str() {
        Some("an order created event") => {
            let metadata = json!({"contentType": "application/json", "topic": "orders"});
            let encoded = base64::engine::general_purpose::STANDARD.encode(metadata.to_string());
            (
                [
                    (header::CONTENT_TYPE, "application/json".to_string()),
                    (header::HeaderName::from_static("pact-message-metadata"), encoded),
                ],
                json!({"orderId": 7, "status": "created"}).to_string(),
            )
                .into_response()
        }
        Some("a user lookup") => {
            let id = request["request"]["contents"]["content"]["id"]
                .as_i64()
                .unwrap_or(0);
            let name = db.lock().users.get(&id).cloned().unwrap_or_default();
            (
                [(header::CONTENT_TYPE, "application/json")],
                json!({"id": id, "name": name}).to_string(),
            )
                .into_response()
        }
        _ => (StatusCode::NOT_FOUND, "unknown message").into_response(),
    }
}

fn app(db: Db) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/users/{id}", get(user))
        .route("/beta", get(beta))
        .route("/_pact/state", post(state_change))
        .route("/", post(message))
        .with_state(db)
}

impl TestProvider {
    /// Starts the provider on its own thread and runtime (usable from sync and async tests).
    pub fn start() -> TestProvider {
        let db = Db::default();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let port = listener.local_addr().expect("local address").port();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = app(db.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                let _ = axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = rx.await;
                    })
                    .await;
            });
        });
        TestProvider {
            url: format!("http://127.0.0.1:{port}"),
            port,
            db,
            shutdown: Some(tx),
        }
    }
}

/// The path of a fixture pact.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// An OpenAPI fixture of pact-core's tests (documents and the pacts written against them).
pub fn openapi_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../pact-openapi/tests/fixtures/openapi")
        .join(name)
}

/// The `pact-verifier` binary with no `PACT_*` or `NO_COLOR` variable from the environment
/// the tests run in.
pub fn verifier() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("pact-verifier").expect("the pact-verifier binary");
    for (name, _) in std::env::vars() {
        if name.starts_with("PACT_") {
            cmd.env_remove(name);
        }
    }
    cmd.env_remove("NO_COLOR");
    cmd
}

/// What a finished process wrote to standard output.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
