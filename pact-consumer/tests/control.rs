//! `pact-mock-server` control mode (`start`, `create`, `list`, `verify`, `shutdown`,
//! `shutdown-master`) and its REST API, driven as real processes and over real HTTP.

#![allow(clippy::unwrap_used)]

mod control_support;

use std::path::Path;

use control_support::{Cli, Master, PACT, created, err, free_port, out};
use serde_json::{Value, json};

fn write_pact(dir: &Path) -> String {
    let file = dir.join("pact.json");
    std::fs::write(&file, PACT).unwrap();
    file.to_string_lossy().into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_drives_the_control_server_like_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let pacts = dir.path().join("pacts");
    let pact = write_pact(dir.path());
    let cli = Cli::ours();
    let mut master = Master::start(&cli, &pacts, "S3cretKey");
    let port = master.port.to_string();
    let p = ["-p", port.as_str()];

    let create = cli.run(&["create", p[0], p[1], "-f", &pact]);
    assert_eq!(create.status.code(), Some(0), "{}", err(&create));
    let (id, mock_port) = created(&create);
    assert_eq!(id.len(), 8, "{id}");
    assert!(
        id.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase()),
        "{id}"
    );

    let list = cli.run(&["list", p[0], p[1]]);
    assert_eq!(list.status.code(), Some(0));
    let table = out(&list);
    assert!(table.contains("Mock Server Id"), "{table}");
    let row = table
        .lines()
        .find(|l| l.contains(&id))
        .unwrap_or_else(|| panic!("{table}"));
    for cell in [mock_port.to_string().as_str(), "UserService", "error"] {
        assert!(row.contains(cell), "{row}");
    }

    // Only one of the two interactions is exercised: verification fails and says why.
    let mock = format!("http://127.0.0.1:{mock_port}");
    let health = reqwest::get(format!("{mock}/health")).await.unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
    let verify = cli.run(&["verify", p[0], p[1], "-m", &mock_port.to_string()]);
    assert_eq!(verify.status.code(), Some(2), "{}", out(&verify));
    let text = out(&verify);
    assert!(
        text.starts_with(&format!(
            "Mock server {id}/{mock_port} failed verification with 1 errors"
        )),
        "{text}"
    );
    assert!(
        text.contains(r#"0 - Expected request was not received - {"method":"GET","path":"/users/42","headers":{"Accept":"application/json"}}"#),
        "{text}"
    );
    assert!(!pacts.join("OrderWeb-UserService.json").exists());

    let client = reqwest::Client::new();
    let user = client
        .get(format!("{mock}/users/42"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(user.status(), 200);
    let verify = cli.run(&["verify", p[0], p[1], "-i", &id]);
    assert_eq!(verify.status.code(), Some(0), "{}", out(&verify));
    assert_eq!(out(&verify), format!("Mock server with {id} 'id' verified ok\n"));
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(pacts.join("OrderWeb-UserService.json")).unwrap())
            .unwrap();
    assert_eq!(written["interactions"].as_array().unwrap().len(), 2, "{written}");

    let shutdown = cli.run(&["shutdown", p[0], p[1], "-m", &mock_port.to_string()]);
    assert_eq!(shutdown.status.code(), Some(0));
    assert_eq!(
        out(&shutdown),
        format!("Mock server with port '{mock_port}' shutdown ok\n")
    );
    assert!(
        reqwest::get(format!("{mock}/health")).await.is_err(),
        "the mock server is gone"
    );
    let again = cli.run(&["shutdown", p[0], p[1], "-i", &id]);
    assert_eq!(again.status.code(), Some(3));
    assert!(
        out(&again).contains(&format!("No mock server found with id '{id}'")),
        "{}",
        out(&again)
    );
    let verify_gone = cli.run(&["verify", p[0], p[1], "-i", &id]);
    assert_eq!(verify_gone.status.code(), Some(3));

    let wrong_key = cli.run(&["shutdown-master", p[0], p[1], "-k", "not-the-key"]);
    assert_eq!(wrong_key.status.code(), Some(30));
    assert!(
        err(&wrong_key).contains("Invalid server key"),
        "{}",
        err(&wrong_key)
    );
    let stop = cli.run(&["shutdown-master", p[0], p[1], "-k", "S3cretKey", "--period", "50"]);
    assert_eq!(stop.status.code(), Some(0), "{}", err(&stop));
    assert_eq!(out(&stop), "Master server shutting down ok\n");
    assert_eq!(master.wait_for_exit(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rest_api_has_the_reference_endpoints_and_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let master = Master::start(&Cli::ours(), dir.path(), "k");
    let base = master.url();
    let client = reqwest::Client::new();

    let list: Value = client.get(&base).send().await.unwrap().json().await.unwrap();
    assert_eq!(list, json!({"mockServers": []}));

    let created = client
        .post(&base)
        .header("Content-Type", "application/json")
        .body(PACT)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let body: Value = created.json().await.unwrap();
    let id = body["mockServer"]["id"].as_str().unwrap().to_string();
    let port = body["mockServer"]["port"].as_u64().unwrap();
    assert_eq!(location, format!("/mockserver/{id}"));

    for key in [id.clone(), port.to_string()] {
        let server: Value = client
            .get(format!("{base}/mockserver/{key}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(server["id"], id.as_str());
        assert_eq!(server["port"], port);
        assert_eq!(server["provider"], "UserService");
        assert_eq!(server["status"], "error");
        assert_eq!(server["scheme"], "http");
        assert_eq!(server["address"], format!("127.0.0.1:{port}"));
    }

    // One unexpected request and one missing interaction.
    let mock = format!("http://127.0.0.1:{port}");
    client.get(format!("{mock}/health")).send().await.unwrap();
    client.get(format!("{mock}/nope")).send().await.unwrap();
    let verify = client
        .post(format!("{base}/mockserver/{id}/verify"))
        .send()
        .await
        .unwrap();
    assert_eq!(verify.status(), 422);
    let body: Value = verify.json().await.unwrap();
    let kinds: Vec<&str> = body["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["request-not-found", "missing-request"]);
    assert_eq!(body["mismatches"][0]["path"], "/nope");
    assert_eq!(body["mismatches"][1]["request"]["path"], "/users/42");
    assert_eq!(body["mockServer"]["metrics"]["requests"], 2);
    assert_eq!(
        body["mockServer"]["metrics"]["requests_by_path"],
        json!({"/health": 1, "/nope": 1})
    );

    // Bad input is a 422 with the reason, and the server goes on.
    for (payload, reason) in [
        ("", "No pact json was supplied"),
        ("{bad", "Failed to parse json body"),
    ] {
        let answer = client.post(&base).body(payload).send().await.unwrap();
        assert_eq!(answer.status(), 422);
        let error: Value = answer.json().await.unwrap();
        assert!(error["error"].as_str().unwrap().starts_with(reason), "{error}");
    }
    let not_a_pact = client
        .post(&base)
        .body(r#"{"interactions": 7}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(not_a_pact.status(), 422);
    assert_eq!(client.put(&base).send().await.unwrap().status(), 405);
    assert_eq!(
        client
            .get(format!("{base}/mockserver/ABCDEF12"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        client
            .get(format!("{base}/elsewhere"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        client
            .post(format!("{base}/shutdown"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );

    let deleted = client
        .delete(format!("{base}/mockserver/{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(
        client
            .delete(format!("{base}/mockserver/{id}"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let list: Value = client.get(&base).send().await.unwrap().json().await.unwrap();
    assert_eq!(list, json!({"mockServers": []}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn base_port_and_cors_preflight_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(dir.path());
    let base_port = free_port();
    let cli = Cli::ours();
    let control_port = free_port();
    let mut child = cli
        .command()
        .args([
            "start",
            "-p",
            &control_port.to_string(),
            "--base-port",
            &base_port.to_string(),
        ])
        .arg("-o")
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line, format!("Master server started on port {control_port}\n"));

    let create = cli.run(&[
        "create",
        "-p",
        &control_port.to_string(),
        "-f",
        &pact,
        "--cors-preflight",
    ]);
    let (_, port) = created(&create);
    assert!(
        (base_port..base_port + 1000).contains(&port),
        "{port} from {base_port}"
    );
    let preflight = reqwest::Client::new()
        .request(
            reqwest::Method::OPTIONS,
            format!("http://127.0.0.1:{port}/users/42"),
        )
        .header("Origin", "http://127.0.0.1:3000")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "http://127.0.0.1:3000"
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn without_a_control_server_each_command_exits_with_the_reference_code() {
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(dir.path());
    let port = free_port().to_string();
    let cli = Cli::ours();
    for (args, code) in [
        (vec!["list"], 10),
        (vec!["create", "-f", pact.as_str()], 20),
        (vec!["create", "-f", "/no/such/pact.json"], 20),
        (vec!["verify", "-m", "1234"], 40),
        (vec!["shutdown", "-i", "ABCDEF12"], 30),
        (vec!["shutdown-master", "-k", "x"], 30),
    ] {
        let output = cli.run(&[args.as_slice(), &["-p", port.as_str()]].concat());
        assert_eq!(output.status.code(), Some(code), "{args:?}: {}", err(&output));
        assert!(err(&output).starts_with("ERROR: "), "{args:?}: {}", err(&output));
        assert!(err(&output).contains(&format!("Exiting with status {code}")));
    }
    // verify and shutdown need an id or a port, not both.
    assert_eq!(cli.run(&["verify", "-p", &port]).status.code(), Some(2));
    assert_eq!(cli.run(&["verify", "-i", "A", "-m", "1"]).status.code(), Some(2));
}

/// The shell script drives the control server exactly as a shell user would, with curl.
#[test]
fn a_shell_user_drives_the_control_server_with_curl() {
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!("curl is needed for this test (apt-get install -y curl)");
    }
    let dir = tempfile::tempdir().unwrap();
    let pact = write_pact(dir.path());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/control_curl.sh");
    let output = std::process::Command::new("bash")
        .arg(&script)
        .arg(control_support::BIN)
        .arg(&pact)
        .arg(dir.path())
        .output()
        .unwrap();
    let text = format!("{}\n{}", out(&output), err(&output));
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("ALL OK"), "{text}");
}
