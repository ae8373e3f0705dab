//! The same control-mode command lines against `pact-mock-server` and the reference
//! `pact mock`: same exit codes, same output lines, same REST shapes, and a pact written by each.
//!
//! Runs when `$PACT_REFERENCE_CLI` or `/tmp/peers/venv/bin/pact` exists; otherwise it says loudly
//! that it skipped, and fails when `PACT_INTEROP_REQUIRED=1`.

#![allow(clippy::unwrap_used)]

mod control_support;

use std::collections::BTreeSet;

use control_support::{Cli, Master, PACT, created, err, out, reference_cli};
use serde_json::Value;

/// What one CLI did with the scripted session: exit codes, normalised output, JSON key sets.
#[derive(Debug, PartialEq)]
struct Session {
    codes: Vec<(String, Option<i32>)>,
    lines: Vec<String>,
    server_keys: BTreeSet<String>,
    mismatch_types: Vec<String>,
    pact_written: bool,
    master_exit: Option<i32>,
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

async fn session(cli: Cli) -> Session {
    let dir = tempfile::tempdir().unwrap();
    let pacts = dir.path().join("pacts");
    let pact = dir.path().join("pact.json");
    std::fs::write(&pact, PACT).unwrap();
    let pact = pact.to_string_lossy().into_owned();
    let mut master = Master::start(&cli, &pacts, "Key12345");
    let port = master.port.to_string();
    let mut codes = Vec::new();
    let mut lines = Vec::new();
    let mut step = |name: &str, args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["-p", port.as_str()]);
        let output = cli.run(&all);
        codes.push((name.to_string(), output.status.code()));
        output
    };

    let create = step("create", &["create", "-f", &pact]);
    let (id, mock_port) = created(&create);
    let mock = format!("http://127.0.0.1:{mock_port}");
    let client = reqwest::Client::new();
    let listed: Value = client
        .get(master.url())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let server_keys = keys(&listed["mockServers"][0]);
    step("list", &["list"]);

    client.get(format!("{mock}/unexpected")).send().await.unwrap();
    // The reference records an unexpected request after answering it: ask until it shows (bounded).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut mismatch_types: Vec<String> = loop {
        let failed: Value = client
            .post(format!("{}/mockserver/{id}/verify", master.url()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let types: Vec<String> = failed["mismatches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["type"].as_str().unwrap().to_string())
            .collect();
        if types.len() == 3 || std::time::Instant::now() > deadline {
            break types;
        }
        tokio::task::yield_now().await;
    };
    mismatch_types.sort();
    let verify = step("verify failing", &["verify", "-m", &mock_port.to_string()]);
    let first_line = out(&verify).lines().next().unwrap_or_default().replace(&id, "ID");
    lines.push(first_line.replace(&mock_port.to_string(), "PORT"));
    step("shutdown", &["shutdown", "-i", &id]);

    // A second mock server that sees everything it expects: verify writes the pact.
    let create = step("create again", &["create", "-f", &pact]);
    let (id, mock_port) = created(&create);
    let mock = format!("http://127.0.0.1:{mock_port}");
    client.get(format!("{mock}/health")).send().await.unwrap();
    client
        .get(format!("{mock}/users/42"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    let verify = step("verify passing", &["verify", "-i", &id]);
    lines.push(out(&verify).trim().replace(&id, "ID"));
    let pact_written = pacts.join("OrderWeb-UserService.json").exists();
    let shutdown = step("shutdown by port", &["shutdown", "-m", &mock_port.to_string()]);
    lines.push(out(&shutdown).trim().replace(&mock_port.to_string(), "PORT"));
    let again = step("shutdown again", &["shutdown", "-m", &mock_port.to_string()]);
    lines.push(out(&again).trim().replace(&mock_port.to_string(), "PORT"));
    let wrong = step(
        "shutdown-master wrong key",
        &["shutdown-master", "-k", "WrongKey"],
    );
    lines.push(err(&wrong).lines().next().unwrap_or_default().to_string());
    let stop = step("shutdown-master", &["shutdown-master", "-k", "Key12345"]);
    lines.push(out(&stop).trim().to_string());
    let master_exit = master.wait_for_exit();
    Session {
        codes,
        lines,
        server_keys,
        mismatch_types,
        pact_written,
        master_exit,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_session_gives_the_same_results_with_both() {
    let Some(reference) = reference_cli() else {
        return;
    };
    let theirs = session(Cli::reference(reference)).await;
    let ours = session(Cli::ours()).await;
    assert_eq!(ours, theirs);
    let codes: Vec<Option<i32>> = ours.codes.iter().map(|(_, code)| *code).collect();
    let expected = [0, 0, 2, 0, 0, 0, 0, 3, 30, 0];
    assert_eq!(codes, expected.map(Some), "{:?}", ours.codes);
    assert_eq!(
        ours.mismatch_types,
        ["missing-request", "missing-request", "request-not-found"]
    );
    assert_eq!(
        ours.lines,
        [
            "Mock server ID/PORT failed verification with 3 errors",
            "Mock server with ID 'id' verified ok",
            "Mock server with port 'PORT' shutdown ok",
            "No mock server found with port 'PORT', use the 'list' command to get a list of available mock servers.",
            "ERROR: Invalid server key: got response 403 Forbidden",
            "Master server shutting down ok",
        ]
    );
    assert!(ours.server_keys.contains("metrics"), "{:?}", ours.server_keys);
    assert!(ours.pact_written);
    assert_eq!(ours.master_exit, Some(0));
}
