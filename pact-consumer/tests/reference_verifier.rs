//! The pact file a consumer test writes is accepted by the reference verifier (`pact verifier`)
//! against a provider that honours it, and rejected against one that breaks it.
//!
//! The reference CLI is taken from `PACT_REFERENCE_CLI`, else `/tmp/peers/venv/bin/pact`. When it
//! is absent the tests print a loud skip message, and fail if `PACT_INTEROP_REQUIRED=1`.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected errors

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use axum::Json;
use axum::routing::{get, post};
use common::{pact_dir, pact_path};
use pact_consumer::prelude::*;
use serde_json::Value;

fn reference_cli() -> Option<PathBuf> {
    let path = std::env::var_os("PACT_REFERENCE_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/peers/venv/bin/pact"));
    if path.is_file() {
        return Some(path);
    }
    let required = std::env::var("PACT_INTEROP_REQUIRED").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "PACT_INTEROP_REQUIRED=1 but the reference pact CLI is not at {}",
        path.display()
    );
    // Written to the real stderr, past the test harness's output capture, so the skip is seen.
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!!!! SKIPPED: the reference pact CLI is not at {} (set PACT_REFERENCE_CLI, or install it with \
         `python3 -m venv /tmp/peers/venv && /tmp/peers/venv/bin/pip install 'pact-python-cli==1!0.10.9'`) !!!!!!!!!!\n",
        path.display()
    );
    None
}

/// The consumer test: exercises the mock server and writes the pact of `version` into `dir`.
async fn consumer_test_writes_pact(dir: &Path, version: SpecVersion) -> PathBuf {
    let consumer = format!("InteropWeb{version:?}");
    let mock = PactBuilder::new(consumer.clone(), "InteropUsers")
        .specification(version)
        .output_dir(dir)
        .interaction("a request for user 42", |i| {
            i.given_with_params("user 42 exists", json!({ "id": 42 }))
                .request(|r| {
                    r.get(term(r"^/users/\d+$", "/users/42"))
                        .header("Accept", "application/json")
                })
                .response(|r| {
                    r.ok()
                        .header("Content-Type", "application/json")
                        .json_body(pact_json!({
                            "id": integer(42),
                            "name": like("Alice"),
                            "email": term(r"^\S+@\S+$", "alice@example.com"),
                            "balance": decimal(10.5),
                            "active": boolean(true),
                            "roles": each_like("admin"),
                            "joined": date("yyyy-MM-dd", "2024-02-29"),
                            "token": uuid("2f6c2c8e-8a43-4b7e-9f57-0d6f8ad1c7a1"),
                        }))
                })
        })
        .interaction("a search for users", |i| {
            i.request(|r| r.get("/users").query_param("name", like("Al")))
                .response(|r| {
                    r.ok()
                        .json_body(pact_json!({ "users": each_like(pact_json!({ "id": integer(1) })) }))
                })
        })
        .start_mock_server()
        .await;
    let client = reqwest::Client::new();
    let user: Value = client
        .get(mock.path("/users/42"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(user["name"], "Alice");
    let found: Value = client
        .get(mock.path("/users?name=Al"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["users"][0]["id"], 1);
    mock.finish().unwrap();
    pact_path(dir, &consumer, "InteropUsers")
}

/// A small provider on 127.0.0.1: honest, or breaking the contract (`name` becomes a number).
async fn start_provider(broken: bool) -> (String, tokio::task::JoinHandle<()>) {
    let name = if broken { json!(12345) } else { json!("Bob") };
    let app = axum::Router::new()
        .route(
            "/users/{id}",
            get(move |axum::extract::Path(id): axum::extract::Path<i64>| {
                let name = name.clone();
                async move {
                    Json(json!({
                        "id": id, "name": name, "email": "bob@example.com", "balance": 3.25, "active": false,
                        "roles": ["reader", "writer"], "joined": "2023-01-31",
                        "token": "0b8a3b5e-96c1-4f43-bd6d-5d7d04ab9a52",
                    }))
                }
            }),
        )
        .route(
            "/users",
            get(|| async { Json(json!({ "users": [{ "id": 7 }, { "id": 8 }] })) }),
        )
        .route("/_pact/state", post(|| async { Json(json!({})) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (url, handle)
}

async fn verify(cli: &Path, pact: &Path, provider_url: &str) -> (bool, String) {
    let port = provider_url.rsplit(':').next().unwrap().to_string();
    let output = tokio::process::Command::new(cli)
        .args(["verifier", "-f"])
        .arg(pact)
        .args(["-h", "127.0.0.1", "-p", &port, "--no-colour", "-s"])
        .arg(format!("{provider_url}/_pact/state"))
        .env("PACT_DO_NOT_TRACK", "true")
        .kill_on_drop(true)
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

async fn check_version(version: SpecVersion) {
    let Some(cli) = reference_cli() else { return };
    let dir = pact_dir();
    let pact = consumer_test_writes_pact(dir.path(), version).await;

    let (good_url, good) = start_provider(false).await;
    let (passed, output) = verify(&cli, &pact, &good_url).await;
    assert!(
        passed,
        "the reference verifier rejected our {version:?} pact against an honest provider:\n{output}"
    );
    good.abort();

    let (bad_url, bad) = start_provider(true).await;
    let (passed, output) = verify(&cli, &pact, &bad_url).await;
    assert!(
        !passed,
        "the reference verifier accepted a provider that breaks the contract:\n{output}"
    );
    assert!(output.contains("$.name"), "{output}");
    bad.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_verifier_accepts_our_v4_pact_and_catches_a_broken_provider() {
    check_version(SpecVersion::V4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_verifier_accepts_our_v3_pact_and_catches_a_broken_provider() {
    check_version(SpecVersion::V3).await;
}
