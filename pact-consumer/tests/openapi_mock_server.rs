//! `pact-mock-server --openapi FILE` as a process (feature `openapi`): the status of valid and
//! invalid requests, and the same statuses as Prism (`@stoplight/prism-cli`, npm test peer found
//! through `$PACT_PRISM_BIN`; the comparison skips loudly without it and fails under
//! `PACT_INTEROP_REQUIRED=1`). Also the library entry point the binary wraps,
//! `OpenApiMockServer::start`, driven directly from Rust.
#![cfg(feature = "openapi")]
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use pact_consumer::mock_server::openapi::OpenApiMockServer;
use serde_json::{Value, json};

fn spec() -> String {
    format!(
        "{}/../pact-openapi/tests/fixtures/mock/users.yaml",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A child process killed on drop, with the URL it announced.
struct Running {
    child: Child,
    url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `command` and reads its stdout until a line holds `http://127.0.0.1:PORT` (Prism
/// prints its operations' URLs: the path is left out).
fn start(mut command: Command) -> Running {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("the server announces its URL").unwrap();
        if let Some(at) = line.find("http://127.0.0.1:") {
            let rest = &line[at + "http://127.0.0.1:".len()..];
            let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
            break format!("http://127.0.0.1:{port}");
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Running { child, url }
}

fn ours() -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pact-mock-server"));
    command.args(["--openapi", &spec(), "-l", "none"]);
    start(command)
}

fn prism() -> Option<Running> {
    let Some(bin) = std::env::var_os("PACT_PRISM_BIN") else {
        let message =
            "SKIPPED Prism comparison: PACT_PRISM_BIN is not set (.ci/run installs @stoplight/prism-cli)";
        if std::env::var("PACT_INTEROP_REQUIRED").is_ok_and(|v| v == "1") {
            panic!("{message}, and PACT_INTEROP_REQUIRED=1");
        }
        eprintln!("\n*** {message} ***\n");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut command = Command::new(bin);
    command.args(["mock", "-h", "127.0.0.1", "-p", &port.to_string(), &spec()]);
    Some(start(command))
}

/// `(name, method, path and query, content type, body, expected status)`.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    u16,
);

const REQUESTS: &[Case] = &[
    ("a user", "GET", "/users/42", None, "", 200),
    ("a non-integer id", "GET", "/users/abc", None, "", 422),
    ("an unknown path", "GET", "/orders", None, "", 404),
    ("an undocumented method", "PUT", "/users/42", None, "", 405),
    (
        "a missing required query parameter",
        "GET",
        "/users",
        None,
        "",
        422,
    ),
    ("a valid query parameter", "GET", "/users?limit=10", None, "", 200),
    (
        "a query parameter above its maximum",
        "GET",
        "/users?limit=500",
        None,
        "",
        422,
    ),
    (
        "a valid body",
        "POST",
        "/users",
        Some("application/json"),
        r#"{"name":"Bob","email":"bob@example.com"}"#,
        201,
    ),
    (
        "a body lacking a required field",
        "POST",
        "/users",
        Some("application/json"),
        r#"{"name":"Bob"}"#,
        400,
    ),
    (
        "an undocumented content type",
        "POST",
        "/users",
        Some("application/xml"),
        "<u/>",
        400,
    ),
    ("no body where one is required", "POST", "/users", None, "", 400),
    ("a delete", "DELETE", "/users/42", None, "", 204),
];

async fn statuses(base: &str) -> Vec<(String, u16)> {
    let client = reqwest::Client::new();
    let mut out = Vec::new();
    for (name, method, path, content_type, body, _) in REQUESTS {
        let mut request = client.request(method.parse().unwrap(), format!("{base}{path}"));
        if let Some(content_type) = content_type {
            request = request
                .header("Content-Type", *content_type)
                .body(body.to_string());
        }
        out.push((name.to_string(), request.send().await.unwrap().status().as_u16()));
    }
    out
}

#[tokio::test]
async fn valid_requests_are_answered_and_invalid_ones_get_4xx_with_a_report() {
    let server = ours();
    let got = statuses(&server.url).await;
    let expected: Vec<(String, u16)> = REQUESTS.iter().map(|r| (r.0.to_string(), r.5)).collect();
    assert_eq!(got, expected);

    let reply = reqwest::get(format!("{}/users/abc", server.url)).await.unwrap();
    assert_eq!(reply.headers()["content-type"], "application/problem+json");
    let report: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(report["title"], "the request does not match the OpenAPI document");
    assert_eq!(report["mismatches"][0]["part"], "path parameter");

    let user: serde_json::Value = reqwest::get(format!("{}/users/42", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(user["id"], 42);
    assert_eq!(user["email"], "user@example.com");
}

#[tokio::test]
async fn the_statuses_are_prisms() {
    let Some(prism) = prism() else {
        return;
    };
    let ours = ours();
    assert_eq!(statuses(&ours.url).await, statuses(&prism.url).await);
}

#[test]
fn an_unreadable_document_is_an_error_naming_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_pact-mock-server"))
        .args(["--openapi", "/nonexistent/openapi.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "pact-mock-server: error: cannot read the OpenAPI document /nonexistent/openapi.yaml"
        ),
        "{stderr}"
    );
}

/// `OpenApiMockServer::start` without the binary: a valid request gets the operation's example
/// or a value generated from its schema, an invalid one the 4xx mismatch report, and dropping
/// the server stops it.
#[test]
fn the_library_server_answers_from_the_document_and_reports_mismatches() {
    let api = pact_openapi::OpenApi::parse(&std::fs::read_to_string(spec()).unwrap()).unwrap();
    let server = OpenApiMockServer::start(api, "127.0.0.1:0".parse().unwrap()).unwrap();
    assert!(server.url().starts_with("http://127.0.0.1:"), "{}", server.url());
    // The server runs its own runtime on its own thread; the client gets another.
    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    client_runtime.block_on(async {
        let client = reqwest::Client::new();

        let user = client
            .get(format!("{}/users/42", server.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(user.status(), 200);
        assert_eq!(user.headers()["content-type"], "application/json");
        let generated: Value = user.json().await.unwrap();
        assert_eq!(generated["id"], 42, "the schema's example: {generated}");
        assert_eq!(generated["name"], "Alice", "{generated}");
        assert_eq!(
            generated["email"], "user@example.com",
            "format email: {generated}"
        );

        let created = client
            .post(format!("{}/users", server.url()))
            .header("Content-Type", "application/json")
            .body(r#"{"name":"Bob","email":"bob@example.com"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        let example: Value = created.json().await.unwrap();
        assert_eq!(
            example,
            json!({"id": 1, "name": "Alice", "email": "alice@example.com"}),
            "the response's first named example"
        );

        let not_an_id = client
            .get(format!("{}/users/abc", server.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(not_an_id.status(), 422);
        assert_eq!(not_an_id.headers()["content-type"], "application/problem+json");
        let report: Value = not_an_id.json().await.unwrap();
        assert_eq!(report["title"], "the request does not match the OpenAPI document");
        assert_eq!(report["status"], 422);
        assert_eq!(report["mismatches"][0]["part"], "path parameter", "{report}");

        let lacking_email = client
            .post(format!("{}/users", server.url()))
            .header("Content-Type", "application/json")
            .body(r#"{"name":"Bob"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(lacking_email.status(), 400, "the operation documents 400");
        let report: Value = lacking_email.json().await.unwrap();
        let mismatches = report["mismatches"].as_array().unwrap();
        assert!(
            mismatches
                .iter()
                .any(|m| m["part"] == "request body" && m["reason"].as_str().unwrap().contains("email")),
            "{report}"
        );

        let unknown = client
            .get(format!("{}/orders", server.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(unknown.status(), 404);
    });

    let url = format!("{}/users/42", server.url());
    drop(server);
    let after = client_runtime.block_on(reqwest::get(url));
    assert!(after.is_err(), "a dropped server answers nothing: {after:?}");
}
