//! The demo's broker: the workspace's own Pact Broker, in this process, on a free loopback port,
//! with its SQLite database in the demo's temporary folder; and the broker client commands, run
//! through the `pact-broker` CLI's own argument parser and code.

use std::path::Path;

use clap::Parser;
use pact_broker::client::ClientCommand;
use pact_broker::client::can_i_deploy::{Matrix, MatrixQuery, VersionSelector, fetch_matrix};
use pact_broker_client::HalClient;
use tokio::task::JoinHandle;

/// A broker serving on loopback until dropped.
pub(crate) struct EmbeddedBroker {
    url: String,
    database_url: String,
    server: JoinHandle<()>,
}

impl EmbeddedBroker {
    /// Creates and migrates `broker.sqlite` in `dir` and serves the broker on `127.0.0.1:0`.
    pub(crate) async fn start(dir: &Path) -> Result<Self, String> {
        let database_url = format!("sqlite://{}", dir.join("broker.sqlite").display());
        let store = pact_broker::store::Store::connect(&database_url)
            .await
            .map_err(|e| format!("the broker could not open {database_url}: {e}"))?;
        let app = pact_broker::http::app(store, pact_broker::config::BrokerConfig::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("the broker could not listen on a loopback port: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            url: format!("http://{addr}"),
            database_url,
            server,
        })
    }

    /// The broker's base URL (its index and UI).
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// Where its data lives.
    pub(crate) fn database_url(&self) -> &str {
        &self.database_url
    }

    /// Runs a `pact-broker` client command (`publish …`, `record-deployment …`) against this
    /// broker, echoing it as a command line first; fails unless it exits successfully.
    pub(crate) async fn run(&self, args: &[&str]) -> Result<(), String> {
        println!("  $ pact-broker {}", args.join(" "));
        let argv = std::iter::once("pact-broker")
            .chain(args.iter().copied())
            .chain(["--broker-base-url", self.url.as_str()]);
        let cli = ClientCli::try_parse_from(argv).map_err(|e| e.to_string())?;
        let outcome = match cli.command {
            ClientCommand::Publish(args) => pact_broker::client::publish::execute(*args).await,
            ClientCommand::CreateEnvironment(args) => {
                pact_broker::client::environments::create_environment(*args).await
            }
            ClientCommand::RecordDeployment(args) => {
                pact_broker::client::deployments::record_deployment(*args).await
            }
            other => return Err(format!("the demo does not run {other:?}")),
        };
        match outcome {
            Ok(code) if code == std::process::ExitCode::SUCCESS => Ok(()),
            Ok(_) => Err(format!("pact-broker {} failed", args.join(" "))),
            Err(e) => Err(format!("pact-broker {} failed: {e}", args.join(" "))),
        }
    }

    /// `can-i-deploy --pacticipant P --version V --to-environment E`: the broker's matrix.
    pub(crate) async fn can_i_deploy(
        &self,
        pacticipant: &str,
        version: &str,
        environment: &str,
    ) -> Result<Matrix, String> {
        println!(
            "  $ pact-broker can-i-deploy --pacticipant {pacticipant} --version {version} --to-environment {environment}"
        );
        let client = HalClient::new(&self.url).map_err(|e| e.to_string())?;
        let query = MatrixQuery {
            selectors: vec![VersionSelector {
                pacticipant: pacticipant.to_owned(),
                version: Some(version.to_owned()),
                ..VersionSelector::default()
            }],
            environment: Some(environment.to_owned()),
            ..MatrixQuery::default()
        };
        fetch_matrix(&client, &query)
            .await
            .map_err(|e| format!("can-i-deploy failed: {e}"))
    }
}

impl Drop for EmbeddedBroker {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The client half of the `pact-broker` command line.
#[derive(Debug, Parser)]
#[command(name = "pact-broker")]
struct ClientCli {
    #[command(subcommand)]
    command: ClientCommand,
}
