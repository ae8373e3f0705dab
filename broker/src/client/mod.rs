//! The client subcommands of `pact-broker` (`publish`, `can-i-deploy`, `record-deployment`, …).
//!
//! They talk to any Pact Broker the way the reference clients do: start at the index
//! (`GET /`) and follow `pb:*` relations, so they work against this crate's server, the Ruby
//! Pact Broker and PactFlow alike. Flags and environment variables match the Pact Broker
//! client (`-b/--broker-base-url` or `PACT_BROKER_BASE_URL`, `-u`/`-p` for HTTP Basic,
//! `-k/--broker-token` for a Bearer token, …).
//!
//! The HAL client is `pact-broker-client`'s [`HalClient`] (shared with `pact-verifier`); each
//! module is one family of commands, with the broker conversation available as a library call:
//!
//! ```no_run
//! # async fn demo() -> Result<(), pact_broker::client::ClientError> {
//! use pact_broker::client::can_i_deploy::{MatrixQuery, VersionSelector, fetch_matrix};
//! use pact_broker_client::HalClient;
//! use pact_broker::client::publish::{Publication, publish, read_contracts};
//!
//! let broker = HalClient::new("http://127.0.0.1:9292")?;
//! let publication = Publication {
//!     version: "1.0.0".into(),
//!     branch: Some("main".into()),
//!     tags: vec![],
//!     build_url: None,
//!     merge: false,
//!     contracts: read_contracts(&["target/pacts".into()])?,
//! };
//! let reply = publish(&broker, &publication).await?;
//! for notice in &reply.notices {
//!     println!("{}", notice.text);
//! }
//!
//! let matrix = fetch_matrix(
//!     &broker,
//!     &MatrixQuery {
//!         selectors: vec![VersionSelector {
//!             pacticipant: "OrderService".into(),
//!             version: Some("1.0.0".into()),
//!             ..Default::default()
//!         }],
//!         environment: Some("production".into()),
//!         ..Default::default()
//!     },
//! )
//! .await?;
//! assert_eq!(matrix.deployable(), Some(true), "{}", matrix.report());
//! # Ok(())
//! # }
//! ```

pub mod can_i_deploy;
pub mod deployments;
pub mod diff;
pub mod environments;
pub mod error;
pub mod output;
pub mod pacticipants;
pub mod publish;
pub mod version_properties;
pub mod versions;

use std::process::ExitCode;

pub use error::ClientError;
use pact_broker_client::{Auth, BrokerError, HalClient};

/// How to reach the broker; the same flags on every client command.
#[derive(Debug, Clone, clap::Args)]
pub struct BrokerArgs {
    /// The base URL of the Pact Broker.
    #[arg(short = 'b', long, env = "PACT_BROKER_BASE_URL")]
    pub broker_base_url: String,
    /// Pact Broker basic auth username.
    #[arg(short = 'u', long, env = "PACT_BROKER_USERNAME")]
    pub broker_username: Option<String>,
    /// Pact Broker basic auth password.
    #[arg(short = 'p', long, env = "PACT_BROKER_PASSWORD", hide_env_values = true)]
    pub broker_password: Option<String>,
    /// Pact Broker bearer token.
    #[arg(short = 'k', long, env = "PACT_BROKER_TOKEN", hide_env_values = true)]
    pub broker_token: Option<String>,
    /// Custom header(s) to send with requests ('Header-Name: Value'; repeatable).
    #[arg(long = "custom-header", value_name = "HEADER")]
    pub custom_headers: Vec<String>,
    /// How many times to retry requests answered with 5xx, 408 or 429 (back-off 0.5 s, 1 s, 2 s, …).
    #[arg(long, env = "PACT_BROKER_HTTP_RETRIES", default_value_t = 8)]
    pub retries: u32,
}

impl BrokerArgs {
    /// A HAL client configured from these flags. A token wins over a username.
    pub fn client(&self) -> Result<HalClient, ClientError> {
        let mut client = HalClient::new(&self.broker_base_url)?.with_retries(self.retries);
        if let Some(token) = &self.broker_token {
            client = client.with_auth(Auth::bearer(token));
        } else if let Some(username) = &self.broker_username {
            client = client.with_auth(Auth::basic_with(username, self.broker_password.clone()));
        }
        for header in &self.custom_headers {
            let (name, value) = header
                .split_once(':')
                .filter(|(name, _)| !name.trim().is_empty())
                .ok_or_else(|| ClientError::InvalidHeader(header.clone()))?;
            client = client.with_header(name.trim(), value.trim());
        }
        Ok(client)
    }
}

/// Subcommands that talk to a broker over HTTP.
#[derive(Debug, clap::Subcommand)]
pub enum ClientCommand {
    /// Publish pacts to a broker.
    Publish(Box<publish::PublishArgs>),
    /// Check whether a pacticipant version is compatible with what is in an environment.
    CanIDeploy(Box<can_i_deploy::CanIDeployArgs>),
    /// Record the deployment of a pacticipant version to an environment.
    RecordDeployment(Box<deployments::RecordDeploymentArgs>),
    /// Record the undeployment of a pacticipant from an environment.
    RecordUndeployment(Box<deployments::RecordUndeploymentArgs>),
    /// Record the release of a pacticipant version to an environment.
    RecordRelease(Box<deployments::RecordReleaseArgs>),
    /// Record the end of support of a released pacticipant version in an environment.
    RecordSupportEnded(Box<deployments::RecordSupportEndedArgs>),
    /// Create an environment (e.g. test, production) in the broker.
    CreateEnvironment(Box<environments::CreateEnvironmentArgs>),
    /// Describe a pacticipant version (the latest one by default).
    DescribeVersion(Box<versions::DescribeVersionArgs>),
    /// Add tags to a pacticipant version.
    CreateVersionTag(Box<versions::CreateVersionTagArgs>),
    /// Create a pacticipant, or update its main branch, repository URL or display name.
    CreateOrUpdatePacticipant(Box<pacticipants::CreateOrUpdatePacticipantArgs>),
    /// Show what changed in a consumer's pact with a provider since an earlier version.
    Diff(Box<diff::DiffArgs>),
}

/// Runs a client subcommand; returns the process exit code (0 success, 1 failure or
/// "not deployable").
pub async fn run(command: ClientCommand) -> ExitCode {
    let result = match command {
        ClientCommand::Publish(args) => publish::execute(*args).await,
        ClientCommand::CanIDeploy(args) => can_i_deploy::execute(*args).await,
        ClientCommand::RecordDeployment(args) => deployments::record_deployment(*args).await,
        ClientCommand::RecordUndeployment(args) => deployments::record_undeployment(*args).await,
        ClientCommand::RecordRelease(args) => deployments::record_release(*args).await,
        ClientCommand::RecordSupportEnded(args) => deployments::record_support_ended(*args).await,
        ClientCommand::CreateEnvironment(args) => environments::create_environment(*args).await,
        ClientCommand::DescribeVersion(args) => versions::describe_version(*args).await,
        ClientCommand::CreateVersionTag(args) => versions::create_version_tag(*args).await,
        ClientCommand::CreateOrUpdatePacticipant(args) => {
            pacticipants::create_or_update_pacticipant(*args).await
        }
        ClientCommand::Diff(args) => diff::execute(*args).await,
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

/// One clear line, then whatever the broker explained (a 409's diff, its other notices).
fn report(error: &ClientError) {
    eprintln!("error: {error}");
    for notice in error.notices().iter().filter(|n| !n.is_error()) {
        eprintln!("{}", notice.text);
    }
    if let ClientError::Broker(BrokerError::Transport { .. }) = error {
        eprintln!("hint: check --broker-base-url (or PACT_BROKER_BASE_URL) and that the broker is running");
    }
}
