//! `pact-broker serve` secure by default and `pact-broker token …`, as real processes: refuses to
//! listen beyond loopback without credentials (before binding), warns loudly when open on
//! loopback, tokens created on the command line secure the broker and are revoked at once, and no
//! secret reaches the logs. Runs on SQLite, and on PostgreSQL when `DATABASE_URL` is set.
#![allow(clippy::unwrap_used)]

mod server_support;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use server_support::{Db, TestBroker};

const BIN: &str = env!("CARGO_BIN_EXE_pact-broker");

/// Environment variables a developer's shell might set that would change what is tested.
const AMBIENT: [&str; 8] = [
    "PACT_BROKER_BASIC_AUTH_USERNAME",
    "PACT_BROKER_BASIC_AUTH_PASSWORD",
    "PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME",
    "PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD",
    "PACT_BROKER_ALLOW_PUBLIC_READ",
    "PACT_BROKER_NO_AUTH",
    "PACT_BROKER_HOST",
    "PACT_BROKER_DATABASE_URL",
];

fn broker_command(args: &[&str], envs: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args);
    for name in AMBIENT {
        command.env_remove(name);
    }
    for (name, value) in envs {
        command.env(name, value);
    }
    command
}

/// A running `pact-broker serve` whose standard error is collected.
struct Server {
    child: Child,
    url: String,
    stderr: JoinHandle<String>,
}

impl Server {
    fn start(database: &str, extra: &[&str], envs: &[(&str, &str)]) -> Server {
        let mut args = vec![
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--database-url",
            database,
        ];
        args.extend_from_slice(extra);
        let mut child = broker_command(&args, envs)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().rsplit(' ').next().unwrap().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "no URL printed: {line:?}");
        Server { child, url, stderr }
    }

    /// Stops the server with SIGTERM and returns everything it wrote on standard error.
    fn stop(mut self) -> String {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the broker did not stop within 15 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stderr.join().unwrap()
    }
}

/// Runs a short-lived `pact-broker` command to completion, killing it after 60 s.
fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut child = broker_command(args, envs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("pact-broker {args:?} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// A port held by listeners on 127.0.0.1 and ::1 for as long as the guard lives: a broker asked
/// to bind the wildcard address on this port could not, even if its own check failed, so the test
/// never listens beyond loopback.
fn port_held_on_loopback() -> (u16, Vec<TcpListener>) {
    for _ in 0..50 {
        let v4 = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = v4.local_addr().unwrap().port();
        if let Ok(v6) = TcpListener::bind(("::1", port)) {
            return (port, vec![v4, v6]);
        }
    }
    panic!("no port free on both 127.0.0.1 and ::1");
}

async fn refuses_to_listen_beyond_loopback_without_credentials(db: Db) {
    let broker = TestBroker::start(db).await;
    let (port, _guard) = port_held_on_loopback();
    let port = port.to_string();
    for host in ["0.0.0.0", "::"] {
        let out = run(
            &[
                "serve",
                "--host",
                host,
                "--port",
                &port,
                "--database-url",
                &broker.database,
            ],
            &[],
        );
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{host}: {stderr}");
        assert!(
            stderr.contains(&format!("refusing to listen on {host} without credentials")),
            "{host}: {stderr}"
        );
        assert!(
            stderr.contains("--no-auth") && stderr.contains("token create"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("cannot listen"),
            "refused before binding: {stderr}"
        );
        assert!(!text(&out.stdout).contains("listening"), "{}", text(&out.stdout));
    }
    // The same holds for the Docker image's environment variable.
    let out = run(
        &["serve", "--port", &port, "--database-url", &broker.database],
        &[("PACT_BROKER_HOST", "0.0.0.0")],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("refusing to listen on 0.0.0.0"),
        "{}",
        text(&out.stderr)
    );
}
on_every_database!(
    refuses_to_listen_beyond_loopback_without_credentials_on_each_database,
    refuses_to_listen_beyond_loopback_without_credentials
);

#[tokio::test]
async fn no_auth_together_with_users_is_refused() {
    let broker = TestBroker::start(Db::Sqlite).await;
    let out = run(
        &[
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-auth",
            "--database-url",
            &broker.database,
        ],
        &[
            ("PACT_BROKER_BASIC_AUTH_USERNAME", "admin"),
            ("PACT_BROKER_BASIC_AUTH_PASSWORD", "pw"),
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--no-auth (PACT_BROKER_NO_AUTH) conflicts"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn open_on_loopback_with_a_loud_warning_until_a_token_exists() {
    let broker = TestBroker::start(Db::Sqlite).await;
    let server = Server::start(&broker.database, &[], &[]);
    let reply = reqwest::get(format!("{}/", server.url)).await.unwrap();
    assert_eq!(
        reply.status(),
        200,
        "no credentials configured: everything is open"
    );
    // The first token closes the open broker at once, without a restart.
    let created = run(
        &[
            "token",
            "create",
            "--name",
            "first",
            "--role",
            "read",
            "--database-url",
            &broker.database,
        ],
        &[],
    );
    let token = text(&created.stdout).trim().to_string();
    let client = reqwest::Client::new();
    let anonymous = client.get(format!("{}/", server.url)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let with_token = client
        .get(format!("{}/", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), 200);
    let stderr = server.stop();
    assert!(
        stderr.contains("WARNING: no credentials are configured"),
        "{stderr}"
    );
    assert!(stderr.contains("loopback"), "{stderr}");
}

async fn tokens_from_the_command_line_secure_the_broker(db: Db) {
    let broker = TestBroker::start(db).await;
    let database = broker.database.as_str();
    let created = run(
        &[
            "token",
            "create",
            "--name",
            "ci",
            "--role",
            "write",
            "--database-url",
            database,
        ],
        &[],
    );
    assert!(created.status.success(), "{}", text(&created.stderr));
    let write_token = text(&created.stdout).trim().to_string();
    assert!(
        write_token.starts_with("pbt_") && !write_token.contains('\n'),
        "{write_token}"
    );
    assert!(text(&created.stderr).contains("cannot be shown again"));
    let created = run(
        &[
            "token",
            "create",
            "--name",
            "boss",
            "--role",
            "admin",
            "--output",
            "json",
            "--database-url",
            database,
        ],
        &[],
    );
    let json: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap();
    assert_eq!(
        (json["name"].as_str(), json["role"].as_str()),
        (Some("boss"), Some("admin"))
    );
    let admin_token = json["token"].as_str().unwrap().to_string();

    let listed = run(&["token", "list", "--database-url", database], &[]);
    let listing = text(&listed.stdout);
    assert!(
        listing.contains("boss") && listing.contains("admin") && listing.contains("ci"),
        "{listing}"
    );
    assert!(
        !listing.contains(&write_token) && !listing.contains(&admin_token),
        "{listing}"
    );

    let duplicate = run(
        &[
            "token",
            "create",
            "--name",
            "ci",
            "--role",
            "read",
            "--database-url",
            database,
        ],
        &[],
    );
    assert!(!duplicate.status.success());
    assert!(text(&duplicate.stderr).contains("a token named 'ci' already exists"));
    let bad_role = run(
        &[
            "token",
            "create",
            "--name",
            "x",
            "--role",
            "owner",
            "--database-url",
            database,
        ],
        &[],
    );
    assert!(!bad_role.status.success());
    assert!(
        text(&bad_role.stderr).contains("unknown role 'owner'"),
        "{}",
        text(&bad_role.stderr)
    );

    // With tokens in its database the broker requires credentials, even with no Basic users.
    let server = Server::start(database, &[], &[]);
    let client = reqwest::Client::new();
    let anonymous = client.get(format!("{}/", server.url)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let with_token = client
        .get(format!("{}/", server.url))
        .bearer_auth(&write_token)
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), 200);

    // The client CLI's --broker-token works with the role's rights.
    let pacticipant = |token: &str| {
        run(
            &[
                "create-or-update-pacticipant",
                "--name",
                "Web",
                "-b",
                &server.url,
                "-k",
                token,
                "--retries",
                "0",
            ],
            &[],
        )
    };
    assert!(pacticipant(&write_token).status.success());
    let delete = client
        .delete(format!("{}/pacticipants/Web", server.url))
        .bearer_auth(&write_token)
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 403);

    // Revoked on the command line, refused by the running broker at once.
    let revoked = run(
        &["token", "revoke", "--name", "ci", "--database-url", database],
        &[],
    );
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    let refused = client
        .get(format!("{}/", server.url))
        .bearer_auth(&write_token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert!(!pacticipant(&write_token).status.success());
    let admin = client
        .get(format!("{}/admin/tokens", server.url))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(admin.status(), 200);
    let again = run(
        &["token", "revoke", "--name", "ci", "--database-url", database],
        &[],
    );
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("no token named 'ci'"));

    let stderr = server.stop();
    assert!(
        !stderr.contains("WARNING"),
        "a broker with tokens is not open: {stderr}"
    );
}
on_every_database!(
    tokens_from_the_command_line_secure_the_broker_on_each_database,
    tokens_from_the_command_line_secure_the_broker
);

async fn secrets_never_reach_the_logs_or_replies(db: Db) {
    let broker = TestBroker::start(db).await;
    let database = broker.database.as_str();
    let created = run(
        &[
            "token",
            "create",
            "--name",
            "reader",
            "--role",
            "read",
            "--database-url",
            database,
        ],
        &[],
    );
    let token = text(&created.stdout).trim().to_string();
    let password = "correct-horse-battery-staple";
    let wrong_password = "Tr0ub4dor-and-3";
    let unknown_token = format!("pbt_{}", "Q".repeat(43));
    let server = Server::start(
        database,
        &["--log-level", "trace,pact_broker=trace"],
        &[
            ("PACT_BROKER_BASIC_AUTH_USERNAME", "admin"),
            ("PACT_BROKER_BASIC_AUTH_PASSWORD", password),
        ],
    );
    let client = reqwest::Client::new();
    let mut bodies = String::new();
    let url = format!("{}/pacticipants", server.url);
    for request in [
        client.get(&url).basic_auth("admin", Some(password)),
        client.get(&url).basic_auth("admin", Some(wrong_password)),
        client.get(&url).bearer_auth(&token),
        client.get(&url).bearer_auth(&unknown_token),
        client.delete(format!("{url}/Web")).bearer_auth(&token),
        client
            .post(&url)
            .basic_auth(wrong_password, Some(wrong_password))
            .body("{}"),
    ] {
        let reply = request.send().await.unwrap();
        bodies.push_str(&format!("{:?}\n", reply.headers()));
        bodies.push_str(&reply.text().await.unwrap());
    }
    let stderr = server.stop();
    assert!(
        stderr.contains("rejected credentials"),
        "the refusals are logged: {stderr}"
    );
    for secret in [password, wrong_password, token.as_str(), unknown_token.as_str()] {
        assert!(!stderr.contains(secret), "{secret} appears in the log:\n{stderr}");
        assert!(!bodies.contains(secret), "{secret} appears in a reply:\n{bodies}");
    }
}
on_every_database!(
    secrets_never_reach_the_logs_or_replies_on_each_database,
    secrets_never_reach_the_logs_or_replies
);
