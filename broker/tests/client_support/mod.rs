//! Shared pieces of the client tests: a fake HAL broker on 127.0.0.1 (wiremock) whose index
//! looks like the Pact Broker's, and a way to run the real `pact-broker` binary against it.

#![allow(dead_code, unreachable_pub)]

use assert_cmd::Command;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A fake Pact Broker: wiremock plus the broker's index at `GET /`.
pub struct FakeBroker {
    pub server: MockServer,
}

impl FakeBroker {
    /// Starts a broker whose index offers the relations of Pact Broker v2.120.
    pub async fn start() -> Self {
        let broker = Self::start_bare().await;
        let base = broker.uri();
        broker.on_get("/", hal(index_links(&base))).await;
        broker
    }

    /// Starts a broker with no index mounted (for brokers of other shapes).
    pub async fn start_bare() -> Self {
        let server = MockServer::builder()
            .listener(std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1"))
            .start()
            .await;
        Self { server }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Answers `GET path` with `response`.
    pub async fn on_get(&self, at: &str, response: ResponseTemplate) -> &Self {
        Mock::given(method("GET"))
            .and(path(at))
            .respond_with(response)
            .mount(&self.server)
            .await;
        self
    }

    /// Answers `verb path` with `response`.
    pub async fn on(&self, verb: &str, at: &str, response: ResponseTemplate) -> &Self {
        Mock::given(method(verb))
            .and(path(at))
            .respond_with(response)
            .mount(&self.server)
            .await;
        self
    }

    /// Every request received, in order.
    pub async fn requests(&self) -> Vec<Request> {
        self.server
            .received_requests()
            .await
            .expect("request recording is on")
    }

    /// `"METHOD /path?query"` of every request, in order.
    pub async fn request_lines(&self) -> Vec<String> {
        self.requests()
            .await
            .iter()
            .map(|request| {
                let query = request.url.query().map(|q| format!("?{q}")).unwrap_or_default();
                format!("{} {}{}", request.method, request.url.path(), query)
            })
            .collect()
    }

    /// The JSON bodies of the requests made with `verb` to `at`.
    pub async fn bodies(&self, verb: &str, at: &str) -> Vec<Value> {
        self.requests()
            .await
            .iter()
            .filter(|r| r.method.as_str() == verb && r.url.path() == at)
            .map(|r| serde_json::from_slice(&r.body).expect("request body is JSON"))
            .collect()
    }
}

/// The `_links` of the Pact Broker's index, pointing at `base`.
pub fn index_links(base: &str) -> Value {
    let link = |href: &str| json!({ "href": format!("{base}{href}"), "templated": href.contains('{') });
    json!({
        "_links": {
            "self": link("/"),
            "pb:publish-pact": link("/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}"),
            "pb:publish-contracts": link("/contracts/publish"),
            "pb:pacticipants": link("/pacticipants"),
            "pb:pacticipant": link("/pacticipants/{pacticipant}"),
            "pb:latest-version": link("/pacticipants/{pacticipant}/latest-version"),
            "pb:latest-tagged-version": link("/pacticipants/{pacticipant}/latest-version/{tag}"),
            "pb:pacticipant-version": link("/pacticipants/{pacticipant}/versions/{version}"),
            "pb:pacticipant-version-tag": link("/pacticipants/{pacticipant}/versions/{version}/tags/{tag}"),
            "pb:pacticipant-branch-version": link("/pacticipants/{pacticipant}/branches/{branch}/versions/{version}"),
            "pb:environments": link("/environments"),
            "pb:environment": link("/environments/{uuid}"),
            "curies": [{ "name": "pb", "href": format!("{base}/doc/{{rel}}?context=index"), "templated": true }]
        }
    })
}

/// A HAL reply.
pub fn hal(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/hal+json;charset=utf-8")
}

/// A HAL reply with another status.
pub fn hal_status(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/hal+json;charset=utf-8")
}

/// The real binary, with no broker settings inherited from the environment, no retries,
/// and `-b` set when given.
pub fn pact_broker(subcommand: &str, broker: Option<&str>) -> Command {
    let mut command = Command::cargo_bin("pact-broker").expect("the pact-broker binary is built");
    for variable in [
        "PACT_BROKER_BASE_URL",
        "PACT_BROKER_USERNAME",
        "PACT_BROKER_PASSWORD",
        "PACT_BROKER_TOKEN",
        "PACT_BROKER_HTTP_RETRIES",
        "PACT_BROKER_CAN_I_DEPLOY_IGNORE",
        "PACT_BROKER_CAN_I_DEPLOY_DRY_RUN",
    ] {
        command.env_remove(variable);
    }
    command.arg(subcommand).args(["--retries", "0"]);
    if let Some(broker) = broker {
        command.args(["-b", broker]);
    }
    command
}

/// What a finished command printed, and how it exited.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Panics with both streams unless the exit code is `code`.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs the command off the async runtime, so the fake broker keeps answering.
pub async fn run(mut command: Command) -> Outcome {
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the command thread finished")
        .expect("the command ran");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A minimal pact file between `consumer` and `provider`.
pub fn pact_json(consumer: &str, provider: &str) -> String {
    serde_json::to_string_pretty(&json!({
        "consumer": { "name": consumer },
        "provider": { "name": provider },
        "interactions": [{
            "description": "a request for user 42",
            "request": { "method": "GET", "path": "/users/42" },
            "response": { "status": 200, "body": { "id": 42 } }
        }],
        "metadata": { "pactSpecification": { "version": "3.0.0" } }
    }))
    .expect("pact JSON serialises")
}

/// A running `pact-broker serve`, killed on drop.
pub struct Server {
    child: std::process::Child,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server on a free port with a fresh SQLite file and waits (up to 60 s) for the
/// line that announces its URL.
pub fn start_server() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("broker.sqlite");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("pact-broker"))
        .args(["serve", "--host", "127.0.0.1", "--port", "0", "--database-url"])
        .arg(format!("sqlite://{}", database.display()))
        .env_remove("PACT_BROKER_BASE_URL")
        .env_remove("PACT_BROKER_BASIC_AUTH_USERNAME")
        .env_remove("PACT_BROKER_BASIC_AUTH_PASSWORD")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)).map_while(Result::ok) {
            if let Some(url) = line
                .split_whitespace()
                .find(|word| word.starts_with("http://127.0.0.1:"))
            {
                let _ = sender.send(url.trim_end_matches(['/', '.', ',']).to_string());
            }
        }
    });
    let url = receiver
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the server printed its http://127.0.0.1:PORT URL within 60 s");
    Server {
        child,
        url,
        _dir: dir,
    }
}
