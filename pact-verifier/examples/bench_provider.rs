//! A fast provider for benchmarks: serves each HTTP interaction's example response of a pact by
//! request path, from a hash map, so the verifier being measured dominates the time.
//!
//! `cargo run --release --example bench_provider -- PACT.json [PORT]` prints `listening on PORT`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

type Table = Arc<HashMap<String, (u16, String)>>;

async fn answer(State(table): State<Table>, request: Request) -> Response {
    match table.get(request.uri().path()) {
        Some((status, body)) => (
            StatusCode::from_u16(*status).unwrap_or(StatusCode::OK),
            [(header::CONTENT_TYPE, "application/json")],
            body.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn table(pact: &Value) -> HashMap<String, (u16, String)> {
    let mut table = HashMap::new();
    for interaction in pact["interactions"].as_array().into_iter().flatten() {
        let Some(path) = interaction["request"]["path"].as_str() else {
            continue;
        };
        let status = interaction["response"]["status"].as_u64().unwrap_or(200) as u16;
        let body = &interaction["response"]["body"];
        let body = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        table.insert(path.to_string(), (status, body));
    }
    table
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let pact_path = args.next().ok_or("usage: bench_provider PACT.json [PORT]")?;
    let port: u16 = args.next().map(|p| p.parse()).transpose()?.unwrap_or(0);
    let pact: Value = serde_json::from_str(&std::fs::read_to_string(&pact_path)?)?;
    let app = Router::new().fallback(answer).with_state(Arc::new(table(&pact)));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on {}", listener.local_addr()?.port());
    axum::serve(listener, app).await?;
    Ok(())
}
