//! The mock servers a control server runs, by id and port, and their JSON as the reference's
//! control server shows them.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use pact_core::{Interaction, Pact, Request};
use serde_json::{Map, Value, json};

use crate::mock_server::{MockServer, MockServerConfig, MockServerError};
use crate::pact_file::PactOutput;

/// One mock server started through the control API.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) id: String,
    pub(crate) server: MockServer,
}

impl Entry {
    /// `{"id", "port", "address", "provider", "scheme", "status", "metrics"}`.
    pub(crate) fn to_json(&self) -> Value {
        let by_path = self.server.requests_by_path();
        let total: usize = by_path.values().sum();
        let address = self.server.address();
        json!({
            "address": address.to_string(),
            "id": self.id,
            "metrics": {"requests": total, "requests_by_path": by_path},
            "port": address.port(),
            "provider": self.server.pact().provider.name,
            "scheme": "http",
            "status": if self.server.verify().is_ok() { "ok" } else { "error" },
        })
    }

    /// The reference's mismatch list: `missing-request`, `request-not-found`, `request-mismatch`.
    pub(crate) fn mismatches(&self) -> Vec<Value> {
        let report = self.server.report();
        let pact = self.server.pact();
        let mut out: Vec<Value> = report
            .problems
            .iter()
            .map(crate::report::Problem::to_json)
            .collect();
        for missing in &report.missing {
            let request = pact
                .interactions
                .iter()
                .filter_map(Interaction::as_http)
                .find(|i| i.description == missing.description)
                .map(|i| request_json(&i.request))
                .unwrap_or_else(|| json!({"method": missing.request.method, "path": missing.request.path}));
            out.push(json!({
                "type": "missing-request",
                "method": missing.request.method,
                "path": missing.request.path,
                "description": missing.description,
                "request": request,
            }));
        }
        out
    }
}

/// A request as pact JSON shows it: method, path, query, headers, body.
fn request_json(request: &Request) -> Value {
    let mut value = Map::new();
    value.insert("method".into(), json!(request.method));
    value.insert("path".into(), json!(request.path));
    if !request.query.is_empty() {
        let query: Map<String, Value> = request
            .query
            .iter()
            .map(|(name, values)| (name.to_string(), json!(values)))
            .collect();
        value.insert("query".into(), Value::Object(query));
    }
    if !request.headers.is_empty() {
        let headers: Map<String, Value> = request
            .headers
            .iter()
            .map(|(name, values)| (name.to_string(), json!(values.join(", "))))
            .collect();
        value.insert("headers".into(), Value::Object(headers));
    }
    if request.body.is_present() {
        let body = request
            .body
            .as_json()
            .unwrap_or_else(|| Value::String(request.body.as_text()));
        value.insert("body".into(), body);
    }
    Value::Object(value)
}

/// Why a mock server could not be created.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CreateError {
    /// No free port from the base port on.
    #[error("no free port in {first}..{last}")]
    NoPort { first: u16, last: u16 },
    /// The server did not start.
    #[error(transparent)]
    Start(#[from] MockServerError),
}

/// Why a pact could not be written by `verify`.
#[derive(Debug, thiserror::Error)]
#[error("Failed to write pact to file - {0}")]
pub(crate) struct WriteError(String);

/// The running mock servers.
#[derive(Debug)]
pub(crate) struct Registry {
    entries: Mutex<Vec<Arc<Entry>>>,
    output: PactOutput,
    base_port: Option<u16>,
    random: RandomState,
}

impl Registry {
    pub(crate) fn new(output_dir: PathBuf, base_port: Option<u16>) -> Self {
        Registry {
            entries: Mutex::new(Vec::new()),
            output: PactOutput::new(output_dir),
            base_port,
            random: RandomState::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Arc<Entry>>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every mock server, oldest first.
    pub(crate) fn all(&self) -> Vec<Arc<Entry>> {
        self.lock().clone()
    }

    /// The mock server with this id, or on this port when `key` is all digits.
    pub(crate) fn find(&self, key: &str) -> Option<Arc<Entry>> {
        let port = (!key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()))
            .then(|| key.parse::<u16>().ok())
            .flatten();
        self.lock()
            .iter()
            .find(|e| match port {
                Some(port) => e.server.address().port() == port,
                None => e.id == key,
            })
            .cloned()
    }

    /// Starts a mock server for `pact` (blocking: call it off the async workers).
    pub(crate) fn create(&self, pact: Pact, cors_preflight: bool) -> Result<Arc<Entry>, CreateError> {
        let server = match self.base_port {
            None | Some(0) => start(pact, 0, cors_preflight)?,
            Some(first) => {
                let last = first.saturating_add(1000);
                let mut started = None;
                for port in first..=last {
                    let in_use = self.lock().iter().any(|e| e.server.address().port() == port);
                    if in_use {
                        continue;
                    }
                    match start(pact.clone(), port, cors_preflight) {
                        Ok(server) => {
                            started = Some(server);
                            break;
                        }
                        Err(MockServerError::Bind { .. }) => continue,
                        Err(other) => return Err(other.into()),
                    }
                }
                started.ok_or(CreateError::NoPort { first, last })?
            }
        };
        let mut entries = self.lock();
        let id = loop {
            let id = format!("{:08X}", self.random_u64() as u32);
            if !entries.iter().any(|e| e.id == id) {
                break id;
            }
        };
        let entry = Arc::new(Entry { id, server });
        entries.push(Arc::clone(&entry));
        Ok(entry)
    }

    /// Stops and forgets the mock server with this id or port; `None` when there is none.
    /// (Blocking: the server's runtime is shut down when the last reference goes.)
    pub(crate) fn remove(&self, key: &str) -> Option<Arc<Entry>> {
        let found = self.find(key)?;
        self.lock().retain(|e| !Arc::ptr_eq(e, &found));
        Some(found)
    }

    /// Writes the pact of a mock server that saw everything it expected (merging into an
    /// existing file); returns where.
    pub(crate) fn write_pact(&self, entry: &Entry) -> Result<PathBuf, WriteError> {
        self.output
            .write(entry.server.pact())
            .map_err(|e| WriteError(e.to_string()))
    }

    /// A random number (for ids and keys): the standard library's randomly keyed hasher.
    pub(crate) fn random_u64(&self) -> u64 {
        random_u64(&self.random, 0)
    }
}

/// A random number from a randomly keyed hasher fed the time and `salt`.
pub(crate) fn random_u64(state: &RandomState, salt: u64) -> u64 {
    let mut hasher = state.build_hasher();
    hasher.write_u64(salt);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    hasher.finish()
}

/// A random key of 16 letters and digits, as the reference's server key.
pub(crate) fn random_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let state = RandomState::new();
    (0..16)
        .map(|i| {
            let n = random_u64(&state, i) as usize;
            char::from(ALPHABET[n % ALPHABET.len()])
        })
        .collect()
}

fn start(pact: Pact, port: u16, cors_preflight: bool) -> Result<MockServer, MockServerError> {
    MockServer::start(
        pact,
        MockServerConfig {
            address: SocketAddr::from(([127, 0, 0, 1], port)),
            cors_preflight,
            pact_output: None,
            check_on_drop: false,
            worker_threads: 1,
            ..MockServerConfig::default()
        },
    )
}
