//! A server process under test that prints the URL it listens on in the first line of its
//! standard output (`pact-mock-server`, `pact-broker serve`): started, its address read from that
//! line, and killed and reaped when dropped, so a failed assertion leaves no process behind.
//! Shared by pact-consumer/tests/hostile_http.rs and broker/tests/hostile_http.rs.
#![allow(dead_code, unreachable_pub, missing_docs)]
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

/// A running server process; killed when dropped.
pub struct ServerProcess {
    pub child: Child,
    /// The first line it printed.
    pub first_line: String,
    /// The `http://` URL in that line.
    pub url: String,
    pub address: SocketAddr,
}

impl ServerProcess {
    /// Starts `command` with its standard output piped here (standard error as the command
    /// says) and reads the URL from the first line it prints.
    pub fn start(command: &mut Command) -> ServerProcess {
        let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first_line)
            .unwrap();
        let Some(url) = first_line.split_whitespace().find(|w| w.starts_with("http://")) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no http:// URL in the server's first line: {first_line:?}");
        };
        let url = url.to_string();
        let address = url.trim_start_matches("http://").parse().unwrap();
        ServerProcess {
            child,
            first_line,
            url,
            address,
        }
    }

    /// Whether the process still runs.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// The peak resident memory of the process (VmHWM), in KiB.
    pub fn peak_memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// Kills the process and waits for it.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.stop();
    }
}
