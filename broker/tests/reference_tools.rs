//! Interoperability with the reference Pact tools: the reference broker client (`pact broker …`)
//! and the reference verifier (`pact verifier --broker-url …`) against our broker binary.
//!
//! Skips loudly when the reference `pact` binary is absent (set `PACT_REFERENCE_CLI` or install
//! `pact-python-cli` into `/tmp/peers/venv`); fails instead when `PACT_INTEROP_REQUIRED=1`.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use axum::Json;
use axum::Router;
use axum::routing::{get, post};
use serde_json::{Value, json};

const USER: &str = "alice";
const PASSWORD: &str = "secret";

fn reference_cli() -> Option<PathBuf> {
    let candidate = std::env::var("PACT_REFERENCE_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/tmp/peers/venv/bin/pact"));
    if candidate.is_file() {
        return Some(candidate);
    }
    let message = format!(
        "reference pact CLI not found at {}: reference-tool interop NOT TESTED",
        candidate.display()
    );
    if std::env::var("PACT_INTEROP_REQUIRED").as_deref() == Ok("1") {
        panic!("{message} (PACT_INTEROP_REQUIRED=1)");
    }
    eprintln!("SKIPPED: {message}");
    None
}

/// Our broker as a child process, killed on drop.
struct BrokerProcess {
    child: Child,
    url: String,
}

impl Drop for BrokerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_broker(dir: &Path) -> BrokerProcess {
    let db = format!("sqlite://{}", dir.join("broker.sqlite").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_pact-broker"))
        .args([
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--database-url",
            &db,
        ])
        .env("PACT_BROKER_BASIC_AUTH_USERNAME", USER)
        .env("PACT_BROKER_BASIC_AUTH_PASSWORD", PASSWORD)
        .env("PACT_BROKER_LOG_LEVEL", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start pact-broker serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the bound URL");
    let url = line.trim().rsplit(' ').next().unwrap_or_default().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "broker printed {line:?}");
    BrokerProcess { child, url }
}

fn run(cli: &Path, args: &[&str]) -> Output {
    let output = Command::new(cli)
        .args(args)
        .env("PACT_DO_NOT_TRACK", "true")
        .output()
        .expect("run the reference CLI");
    eprintln!(
        "$ pact {}\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn broker_args<'a>(broker: &'a BrokerProcess, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["broker"];
    args.extend_from_slice(rest);
    args.extend_from_slice(&["-b", &broker.url, "-u", USER, "-p", PASSWORD, "--retries", "0"]);
    args
}

async fn api(broker: &BrokerProcess, path: &str) -> Value {
    let response = reqwest::Client::new()
        .get(format!("{}{path}", broker.url))
        .basic_auth(USER, Some(PASSWORD))
        .send()
        .await
        .expect("GET");
    response.json().await.expect("JSON")
}

/// The provider under verification: answers the pact's one interaction and accepts state changes.
async fn start_provider() -> u16 {
    let app = Router::new()
        .route(
            "/users/42",
            get(|| async { Json(json!({ "id": 42, "name": "Bob" })) }),
        )
        .route("/_pact/state", post(|| async { Json(json!({})) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind provider");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    port
}

const PACT: &str = r#"{
  "consumer": {"name": "UserWeb"}, "provider": {"name": "UserService"},
  "interactions": [{
    "description": "a request for user 42",
    "providerStates": [{"name": "user 42 exists", "params": {"id": 42}}],
    "request": {"method": "GET", "path": "/users/42"},
    "response": {"status": 200, "headers": {"Content-Type": "application/json"},
      "body": {"id": 42, "name": "Alice"},
      "matchingRules": {"body": {"$.name": {"combine": "AND", "matchers": [{"match": "type"}]}}}}
  }],
  "metadata": {"pactSpecification": {"version": "3.0.0"}}
}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_client_and_verifier_work_against_our_broker() {
    let Some(cli) = reference_cli() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let broker = start_broker(dir.path());
    let pact_file = dir.path().join("UserWeb-UserService.json");
    std::fs::write(&pact_file, PACT).expect("write pact");
    let pact_path = pact_file.to_string_lossy().to_string();

    // Publish with branch, tag and build URL.
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "publish",
                &pact_path,
                "-a",
                "1.0.0",
                "--branch",
                "main",
                "-t",
                "dev",
                "--build-url",
                "http://ci.test/1",
            ],
        ),
    );
    assert!(out.status.success(), "publish failed");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("Failed to process response"),
        "publish response parsed"
    );
    let version = api(&broker, "/pacticipants/UserWeb/versions/1.0.0").await;
    assert_eq!(version["_embedded"]["tags"][0]["name"], "dev");
    assert_eq!(version["_embedded"]["branchVersions"][0]["name"], "main");

    // Pacticipant and environment.
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "create-or-update-pacticipant",
                "--name",
                "UserService",
                "--main-branch",
                "main",
                "--repository-url",
                "http://git.test/us",
            ],
        ),
    );
    assert!(out.status.success(), "create-or-update-pacticipant failed");
    assert_eq!(
        api(&broker, "/pacticipants/UserService").await["mainBranch"],
        "main"
    );
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &["create-environment", "--name", "production", "--production"],
        ),
    );
    assert!(out.status.success(), "create-environment failed");

    // Not verified yet: can-i-deploy says no.
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "can-i-deploy",
                "-a",
                "UserWeb",
                "-e",
                "1.0.0",
                "--to-environment",
                "production",
            ],
        ),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "can-i-deploy must fail before verification"
    );

    // The reference verifier fetches pacts for verification, verifies and publishes results.
    let port = start_provider().await.to_string();
    let state_url = format!("http://127.0.0.1:{port}/_pact/state");
    let verifier = cli.clone();
    let broker_url = broker.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        run(
            &verifier,
            &[
                "verifier",
                "--broker-url",
                &broker_url,
                "--user",
                USER,
                "--password",
                PASSWORD,
                "-n",
                "UserService",
                "--consumer-version-selectors",
                r#"{"mainBranch":true}"#,
                "--enable-pending",
                "--publish",
                "--provider-version",
                "2.0.0",
                "--provider-branch",
                "main",
                "--provider-tags",
                "prod",
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-s",
                &state_url,
                "--no-colour",
            ],
        )
    })
    .await
    .expect("verifier ran");
    assert!(out.status.success(), "verifier failed");
    let pact = api(&broker, "/pacts/provider/UserService/consumer/UserWeb/latest").await;
    let latest_href = pact["_links"]["pb:latest-verification-results"]["href"]
        .as_str()
        .expect("link")
        .to_string();
    let result = api(&broker, latest_href.trim_start_matches(&broker.url)).await;
    assert_eq!(result["success"], true, "{result}");
    assert_eq!(result["providerApplicationVersion"], "2.0.0");
    let provider_version = api(&broker, "/pacticipants/UserService/versions/2.0.0").await;
    assert_eq!(provider_version["_embedded"]["branchVersions"][0]["name"], "main");
    assert_eq!(provider_version["_embedded"]["tags"][0]["name"], "prod");

    // Record the provider's deployment; now the consumer can deploy.
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "record-deployment",
                "-a",
                "UserService",
                "-e",
                "2.0.0",
                "--environment",
                "production",
            ],
        ),
    );
    assert!(out.status.success(), "record-deployment failed");
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "can-i-deploy",
                "-a",
                "UserWeb",
                "-e",
                "1.0.0",
                "--to-environment",
                "production",
            ],
        ),
    );
    assert!(
        out.status.success(),
        "can-i-deploy must pass after verification and deployment"
    );
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "can-i-deploy",
                "-a",
                "UserWeb",
                "-e",
                "1.0.0",
                "--to-environment",
                "production",
                "-o",
                "json",
            ],
        ),
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(
        parsed["summary"]["deployable"],
        true,
        "json output: {}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Describe the version; undeploy; release.
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &["describe-version", "-a", "UserWeb", "--version", "1.0.0"],
        ),
    );
    assert!(out.status.success(), "describe-version failed");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1.0.0"));
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "record-undeployment",
                "-a",
                "UserService",
                "--environment",
                "production",
            ],
        ),
    );
    assert!(out.status.success(), "record-undeployment failed");
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "can-i-deploy",
                "-a",
                "UserWeb",
                "-e",
                "1.0.0",
                "--to-environment",
                "production",
            ],
        ),
    );
    assert_eq!(out.status.code(), Some(1), "provider no longer deployed");
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "record-release",
                "-a",
                "UserService",
                "-e",
                "2.0.0",
                "--environment",
                "production",
            ],
        ),
    );
    assert!(out.status.success(), "record-release failed");
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "can-i-deploy",
                "-a",
                "UserWeb",
                "-e",
                "1.0.0",
                "--to-environment",
                "production",
            ],
        ),
    );
    assert!(out.status.success(), "released provider counts");
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "record-support-ended",
                "-a",
                "UserService",
                "-e",
                "2.0.0",
                "--environment",
                "production",
            ],
        ),
    );
    assert!(out.status.success(), "record-support-ended failed");
    let out = run(&cli, &broker_args(&broker, &["list-latest-pact-versions"]));
    assert!(out.status.success(), "list-latest-pact-versions failed");
    assert!(String::from_utf8_lossy(&out.stdout).contains("UserWeb"));
}

/// `PUT`s or `POST`s JSON to our broker with the test credentials; the status.
async fn send(broker: &BrokerProcess, method: reqwest::Method, path: &str, body: Value) -> u16 {
    reqwest::Client::new()
        .request(method, format!("{}{path}", broker.url))
        .basic_auth(USER, Some(PASSWORD))
        .json(&body)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

fn pact_between(consumer: &str, provider: &str, state: &str) -> String {
    json!({
        "consumer": { "name": consumer }, "provider": { "name": provider },
        "interactions": [{
            "description": format!("a request to {provider}"),
            "providerState": state,
            "request": { "method": "GET", "path": "/" },
            "response": { "status": 200 }
        }],
        "metadata": { "pactSpecification": { "version": "2.0.0" } }
    })
    .to_string()
}

/// Issue 13: the reference client's pacticipant commands read our pacticipant shapes (with
/// labels and the deprecated names), `provider-states list` reads our provider states, and
/// `can-i-deploy --ignore` reads a matrix with ignored rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_client_reads_pacticipants_labels_provider_states_and_ignores() {
    let Some(cli) = reference_cli() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let broker = start_broker(dir.path());

    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "create-or-update-pacticipant",
                "--name",
                "Web",
                "--main-branch",
                "main",
                "--repository-url",
                "https://git.example/web",
            ],
        ),
    );
    assert!(out.status.success(), "create-or-update-pacticipant failed");
    assert_eq!(
        send(
            &broker,
            reqwest::Method::PUT,
            "/pacticipants/Web/labels/frontend",
            json!({})
        )
        .await,
        201
    );
    for (provider, state) in [("Api", "an item exists"), ("Audit", "auditing is on")] {
        let body = json!({
            "pacticipantName": "Web", "pacticipantVersionNumber": "1", "branch": "main",
            "contracts": [{ "consumerName": "Web", "providerName": provider, "specification": "pact",
                "contentType": "application/json",
                "content": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pact_between("Web", provider, state)) }]
        });
        assert_eq!(
            send(&broker, reqwest::Method::POST, "/contracts/publish", body).await,
            200
        );
    }
    let pact = api(&broker, "/pacts/provider/Api/consumer/Web/version/1").await;
    let results = pact["_links"]["pb:publish-verification-results"]["href"]
        .as_str()
        .expect("link")
        .to_string();
    let path = results.trim_start_matches(&broker.url).to_string();
    let verified = send(
        &broker,
        reqwest::Method::POST,
        &path,
        json!({ "success": true, "providerApplicationVersion": "5" }),
    )
    .await;
    assert_eq!(verified, 201);

    let out = run(
        &cli,
        &broker_args(&broker, &["describe-pacticipant", "--name", "Web", "-o", "json"]),
    );
    assert!(out.status.success(), "describe-pacticipant failed");
    let described: Value = serde_json::from_slice(&out.stdout).expect("describe-pacticipant JSON");
    assert_eq!(described["name"], "Web", "{described}");
    assert_eq!(described["mainBranch"], "main");
    assert_eq!(
        described["_embedded"]["labels"][0]["name"], "frontend",
        "{described}"
    );
    assert_eq!(
        described["_embedded"]["latest-version"]["number"], "1",
        "{described}"
    );

    let out = run(&cli, &broker_args(&broker, &["list-pacticipants", "-o", "json"]));
    assert!(out.status.success(), "list-pacticipants failed");
    let listed = String::from_utf8_lossy(&out.stdout);
    for name in ["Web", "Api", "Audit"] {
        assert!(
            listed.contains(&format!("\"{name}\"")),
            "list-pacticipants shows {name}: {listed}"
        );
    }

    let out = run(
        &cli,
        &broker_args(
            &broker,
            &["provider-states", "list", "--provider", "Api", "--json"],
        ),
    );
    assert!(out.status.success(), "provider-states list failed");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("an item exists"),
        "provider states listed"
    );

    // `--environment`: the states of the pacts deployed there, not of the latest ones.
    assert_eq!(
        send(
            &broker,
            reqwest::Method::POST,
            "/environments",
            json!({ "name": "production", "production": true })
        )
        .await,
        201
    );
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "record-deployment",
                "--pacticipant",
                "Web",
                "--version",
                "1",
                "--environment",
                "production",
            ],
        ),
    );
    assert!(out.status.success(), "record-deployment failed");
    let newer = json!({
        "pacticipantName": "Web", "pacticipantVersionNumber": "2", "branch": "main",
        "contracts": [{ "consumerName": "Web", "providerName": "Api", "specification": "pact",
            "contentType": "application/json",
            "content": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pact_between("Web", "Api", "a newer state")) }]
    });
    assert_eq!(
        send(&broker, reqwest::Method::POST, "/contracts/publish", newer).await,
        200
    );
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "provider-states",
                "list",
                "--provider",
                "Api",
                "--environment",
                "production",
                "--json",
            ],
        ),
    );
    let in_production = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "provider-states list --environment failed: {in_production}"
    );
    assert!(in_production.contains("an item exists"), "{in_production}");
    assert!(!in_production.contains("a newer state"), "{in_production}");

    // Audit never verified: can-i-deploy is unknown until Audit is ignored.
    let out = run(
        &cli,
        &broker_args(&broker, &["can-i-deploy", "-a", "Web", "-e", "1"]),
    );
    assert!(
        !out.status.success(),
        "can-i-deploy must not pass with Audit unverified"
    );
    let out = run(
        &cli,
        &broker_args(
            &broker,
            &[
                "can-i-deploy",
                "-a",
                "Web",
                "-e",
                "1",
                "--ignore",
                "Audit",
                "-o",
                "json",
            ],
        ),
    );
    assert!(out.status.success(), "can-i-deploy --ignore Audit must pass");
    let answer: Value = serde_json::from_slice(&out.stdout).expect("can-i-deploy JSON");
    assert_eq!(answer["summary"]["deployable"], true, "{answer}");
    assert_eq!(answer["summary"]["ignored"], 1, "{answer}");
    let rows = answer["matrix"].as_array().expect("rows");
    assert_eq!(rows.last().expect("a row")["provider"]["name"], "Audit");
    assert_eq!(rows.last().expect("a row")["ignored"], true);
}
