//! A control server (`pact-mock-server start` or the reference `pact mock start`) run as a real
//! process for the control-mode tests, killed by its PID when the test ends.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Our binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_pact-mock-server");

/// A pact with three interactions (and a state), as the control tests use it.
pub const PACT: &str = r#"{
  "consumer": {"name": "OrderWeb"}, "provider": {"name": "UserService"},
  "interactions": [
    {"description": "a health check", "request": {"method": "GET", "path": "/health"},
     "response": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "ok"}},
    {"description": "a request for user 42", "providerStates": [{"name": "user 42 exists"}],
     "request": {"method": "GET", "path": "/users/42", "headers": {"Accept": "application/json"}},
     "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": {"id": 42, "name": "Alice"}}}
  ],
  "metadata": {"pactSpecification": {"version": "3.0.0"}}
}"#;

/// The reference CLI, when installed (`$PACT_REFERENCE_CLI` or `/tmp/peers/venv/bin/pact`);
/// `None` says loudly that the test is skipped, and panics under `PACT_INTEROP_REQUIRED=1`.
pub fn reference_cli() -> Option<PathBuf> {
    let path = std::env::var_os("PACT_REFERENCE_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/peers/venv/bin/pact"));
    if path.exists() {
        return Some(path);
    }
    let message = format!(
        "SKIPPED interop test: reference CLI not found at {} (set PACT_REFERENCE_CLI)",
        path.display()
    );
    if std::env::var("PACT_INTEROP_REQUIRED").is_ok_and(|v| v == "1") {
        panic!("{message}, and PACT_INTEROP_REQUIRED=1");
    }
    eprintln!("\n*** {message} ***\n");
    None
}

/// How to run one of the two CLIs: the program and the arguments before the command.
#[derive(Debug, Clone)]
pub struct Cli {
    pub program: PathBuf,
    pub prefix: Vec<String>,
}

impl Cli {
    pub fn ours() -> Cli {
        Cli {
            program: PathBuf::from(BIN),
            prefix: Vec::new(),
        }
    }

    pub fn reference(program: PathBuf) -> Cli {
        Cli {
            program,
            prefix: vec!["mock".into()],
        }
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.prefix).env("PACT_DO_NOT_TRACK", "true");
        command
    }

    /// Runs `args` (a command with its flags) to the end.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }
}

/// A free TCP port on loopback (for the reference, which has no port 0).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running control server.
pub struct Master {
    child: Child,
    pub port: u16,
    pub key: String,
}

impl Master {
    /// Starts `cli start -p PORT -o OUTPUT --server-key KEY` and waits (bounded) for it to say so.
    pub fn start(cli: &Cli, output: &Path, key: &str) -> Master {
        let port = free_port();
        let mut child = cli
            .command()
            .args(["start", "-p", &port.to_string(), "--no-file-log", "--no-term-log"])
            .arg("-o")
            .arg(output)
            .args(["--server-key", key])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("started on port") {
                    let _ = tx.send(());
                }
            }
        });
        rx.recv_timeout(Duration::from_secs(20))
            .expect("the control server says it started within 20 s");
        Master {
            child,
            port,
            key: key.to_string(),
        }
    }

    /// The base URL of its REST API.
    pub fn url(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    /// Waits (bounded) for the process to exit by itself; its exit code.
    pub fn wait_for_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the control server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Master {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard output as text.
pub fn out(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn err(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `(id, port)` from `Mock server ID started on port PORT`.
pub fn created(output: &Output) -> (String, u16) {
    let text = out(output);
    let line = text
        .lines()
        .find(|l| l.starts_with("Mock server ") && l.contains(" started on port "))
        .unwrap_or_else(|| panic!("no 'Mock server … started' line in {text:?} / {}", err(output)));
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[2].to_string(), words[6].parse().unwrap())
}
