//! The in-process mock provider: a real HTTP server on loopback that answers with the pact's
//! responses, records what it received, and checks at the end of the test that every
//! interaction happened.

mod guard;
#[cfg(feature = "cli")]
mod limit_args;
mod limits;
mod matcher;
#[cfg(feature = "openapi")]
pub mod openapi;
mod service;
#[cfg(test)]
mod test_hooks;
#[cfg(test)]
mod tests;

use std::net::{SocketAddr, TcpListener as StdTcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use pact_core::{GeneratorContext, Pact};
use tokio::runtime::Runtime;
use tokio::sync::watch;

use crate::pact_file::{PactFileError, PactOutput};
use crate::report::MockServerReport;
#[cfg(feature = "cli")]
pub use limit_args::LimitArgs;
pub use limits::ServerLimits;
use matcher::Ledger;
use service::Shared;

/// How a [`MockServer`] is started.
///
/// ```
/// use pact_consumer::MockServerConfig;
/// let config = MockServerConfig::default();
/// assert_eq!(config.address.to_string(), "127.0.0.1:0");
/// assert!(config.check_on_drop);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
#[must_use = "a configuration does nothing until it is passed to `MockServer::start`"]
pub struct MockServerConfig {
    /// Where to listen; port 0 picks a free port.
    pub address: SocketAddr,
    /// Answer CORS preflight `OPTIONS` requests with 204 and permissive `Access-Control-Allow-*`
    /// headers, and add `Access-Control-Allow-Origin: *` to answers.
    pub cors_preflight: bool,
    /// Where to write the pact when the test passes; `None` writes nothing.
    pub pact_output: Option<PactOutput>,
    /// Verify (and panic on failure, then write the pact) when the server is dropped.
    pub check_on_drop: bool,
    /// Worker threads of the server's own runtime.
    pub worker_threads: usize,
    /// Bounds on what one client may ask: body size, headers, time, connections.
    pub limits: ServerLimits,
    /// Bounds on what the pact's generators may produce in one response (see
    /// [`pact_core::limits`]).
    pub generator_limits: pact_core::limits::Limits,
}

impl Default for MockServerConfig {
    fn default() -> Self {
        MockServerConfig {
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            cors_preflight: false,
            pact_output: None,
            check_on_drop: true,
            worker_threads: 2,
            limits: ServerLimits::default(),
            generator_limits: pact_core::limits::Limits::default(),
        }
    }
}

impl MockServerConfig {
    /// This configuration listening on `address` (port 0 picks a free port).
    ///
    /// ```
    /// use pact_consumer::MockServerConfig;
    /// let config = MockServerConfig::default()
    ///     .with_address("127.0.0.1:0".parse().unwrap())
    ///     .with_cors_preflight(true)
    ///     .with_check_on_drop(false)
    ///     .with_worker_threads(1);
    /// assert!(config.cors_preflight && !config.check_on_drop);
    /// ```
    pub fn with_address(mut self, address: SocketAddr) -> Self {
        self.address = address;
        self
    }

    /// This configuration answering CORS preflights (see [`MockServerConfig::cors_preflight`]).
    pub fn with_cors_preflight(mut self, cors_preflight: bool) -> Self {
        self.cors_preflight = cors_preflight;
        self
    }

    /// This configuration writing the pact to `output` when the test passes (`None`: nowhere).
    pub fn with_pact_output(mut self, output: Option<PactOutput>) -> Self {
        self.pact_output = output;
        self
    }

    /// This configuration verifying (or not) when the server is dropped.
    pub fn with_check_on_drop(mut self, check_on_drop: bool) -> Self {
        self.check_on_drop = check_on_drop;
        self
    }

    /// This configuration with `threads` worker threads.
    pub fn with_worker_threads(mut self, threads: usize) -> Self {
        self.worker_threads = threads;
        self
    }

    /// This configuration with these client limits.
    pub fn with_limits(mut self, limits: ServerLimits) -> Self {
        self.limits = limits;
        self
    }

    /// This configuration with these generator limits.
    pub fn with_generator_limits(mut self, limits: pact_core::limits::Limits) -> Self {
        self.generator_limits = limits;
        self
    }
}

/// Why a mock server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockServerError {
    /// The address could not be bound.
    #[error("could not listen on {address}: {source}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server's runtime could not be created.
    #[error("could not start the mock server's runtime: {0}")]
    Runtime(std::io::Error),
}

/// The mock server found problems: interactions never received, or requests nobody expected.
/// Its `Display` is the readable report.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{report}")]
pub struct MockServerFailure {
    /// What was missing and what was unexpected.
    pub report: MockServerReport,
}

/// A running mock provider. Point your client at [`MockServer::url`].
///
/// The server runs on its own small runtime, so it works the same from `#[tokio::test]` and
/// from a plain `#[test]`. When it is dropped at the end of a passing test it checks that every
/// interaction was received and nothing unexpected arrived (panicking with a readable report
/// otherwise) and writes the pact file.
///
/// ```
/// use pact_consumer::prelude::*;
///
/// let mock = PactBuilder::new("DocConsumer", "DocProvider")
///     .output_dir(std::env::temp_dir().join("pact-consumer-doc"))
///     .start_mock_server_blocking();
/// assert!(mock.url().starts_with("http://127.0.0.1:"));
/// assert!(mock.verify().is_ok()); // no interactions: nothing to receive
/// ```
#[derive(Debug)]
#[must_use = "dropping the mock server stops it at once (and checks its interactions); keep it for the test's duration"]
pub struct MockServer {
    url: String,
    address: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    runtime: Option<Runtime>,
    pact_output: Option<PactOutput>,
    check_on_drop: bool,
}

impl MockServer {
    /// Starts serving the HTTP interactions of `pact`. The listener is bound before this returns,
    /// so the server accepts connections at once.
    pub fn start(pact: Pact, config: MockServerConfig) -> Result<MockServer, MockServerError> {
        Self::start_serving(pact, config, |shared| shared)
    }

    /// Starts serving with test hooks in place.
    #[cfg(test)]
    fn start_with_hooks(
        pact: Pact,
        config: MockServerConfig,
        hooks: test_hooks::TestHooks,
    ) -> Result<MockServer, MockServerError> {
        Self::start_serving(pact, config, |shared| Shared { hooks, ..shared })
    }

    fn start_serving(
        pact: Pact,
        config: MockServerConfig,
        adjust: impl FnOnce(Shared) -> Shared,
    ) -> Result<MockServer, MockServerError> {
        let address = config.address;
        let listener =
            StdTcpListener::bind(address).map_err(|source| MockServerError::Bind { address, source })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| MockServerError::Bind { address, source })?;
        let bound = listener
            .local_addr()
            .map_err(|source| MockServerError::Bind { address, source })?;
        let url = format!("http://{bound}");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(config.worker_threads.max(1))
            .thread_name("pact-mock-server")
            .max_blocking_threads(config.limits.max_concurrent_work.max(1))
            .enable_io()
            .enable_time()
            .build()
            .map_err(MockServerError::Runtime)?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)
                .map_err(|source| MockServerError::Bind { address, source })?
        };
        let shared = Arc::new(adjust(Shared {
            ledger: Ledger::new(pact),
            context: GeneratorContext {
                mock_server_url: Some(url.clone()),
                limits: config.generator_limits,
                ..GeneratorContext::default()
            },
            cors_preflight: config.cors_preflight,
            limits: config.limits,
            work_permits: Arc::new(tokio::sync::Semaphore::new(
                config.limits.max_concurrent_work.max(1),
            )),
            #[cfg(test)]
            hooks: test_hooks::TestHooks::default(),
        }));
        let (shutdown, shutdown_rx) = watch::channel(false);
        runtime.spawn(service::serve(listener, Arc::clone(&shared), shutdown_rx));
        Ok(MockServer {
            url,
            address: bound,
            shared,
            shutdown,
            runtime: Some(runtime),
            pact_output: config.pact_output,
            check_on_drop: config.check_on_drop,
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The base URL joined with `path` (which should start with `/`).
    ///
    /// ```
    /// # use pact_consumer::prelude::*;
    /// # let mock = PactBuilder::new("C", "P").start_mock_server_blocking();
    /// assert_eq!(mock.path("/users/42"), format!("{}/users/42", mock.url()));
    /// ```
    pub fn path(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The pact it serves.
    pub fn pact(&self) -> &Pact {
        self.shared.ledger.pact()
    }

    /// How many HTTP interactions it serves.
    pub fn interaction_count(&self) -> usize {
        self.shared.ledger.interactions().len()
    }

    /// What has been missing and unexpected so far.
    pub fn report(&self) -> MockServerReport {
        self.shared.ledger.report()
    }

    /// How many requests arrived, by path: those an interaction answered under the interaction's
    /// path, the others under their own (the first thousand of them, as in [`Self::report`]).
    pub fn requests_by_path(&self) -> std::collections::BTreeMap<String, usize> {
        let mut by_path = std::collections::BTreeMap::new();
        let counts = self.shared.ledger.matched_counts();
        for (interaction, count) in self.shared.ledger.interactions().iter().zip(counts) {
            if count > 0 {
                *by_path.entry(interaction.request.path.clone()).or_insert(0) += count;
            }
        }
        for problem in self.report().problems {
            let path = match problem {
                crate::report::Problem::Mismatched { request, .. }
                | crate::report::Problem::Unexpected { request }
                | crate::report::Problem::Unusable { request, .. } => request.path,
            };
            *by_path.entry(path).or_insert(0) += 1;
        }
        by_path
    }

    /// Checks that every interaction was received and nothing unexpected arrived.
    pub fn verify(&self) -> Result<(), MockServerFailure> {
        let report = self.report();
        if report.passed() {
            Ok(())
        } else {
            Err(MockServerFailure { report })
        }
    }

    /// Verifies, then writes the pact file (when an output was configured); returns its path.
    /// After this the server checks nothing more when dropped.
    pub fn finish(mut self) -> Result<Option<PathBuf>, FinishError> {
        self.check_on_drop = false;
        self.verify()?;
        match &self.pact_output {
            Some(output) => Ok(Some(output.write(self.pact())?)),
            None => Ok(None),
        }
    }
}

/// Why [`MockServer::finish`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FinishError {
    /// The interactions did not all happen, or something unexpected did.
    #[error(transparent)]
    Verification(#[from] MockServerFailure),
    /// The pact file could not be written.
    #[error(transparent)]
    PactFile(#[from] PactFileError),
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
        if !self.check_on_drop || std::thread::panicking() {
            return;
        }
        if let Err(failure) = self.verify() {
            panic!("{failure}");
        }
        if let Some(output) = &self.pact_output
            && let Err(err) = output.write(self.pact())
        {
            panic!("the test passed but its pact file could not be written: {err}");
        }
    }
}
