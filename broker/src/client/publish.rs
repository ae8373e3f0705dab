//! `publish`: send a consumer version's pacts to the broker.
//!
//! Brokers since v2.86 offer `pb:publish-contracts` (`POST /contracts/publish`): one request
//! carrying the consumer version, its branch, tags, build URL and every pact base64-encoded.
//! Older brokers only have `pb:publish-pact`; there the client tags the version, sets its
//! branch and `PUT`s each pact, as the Pact Broker client did before.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use pact_broker_api::{PublishContractsRequest, PublishContractsResponse};
use pact_broker_client::{HalClient, HalResource, Notice};

use super::output::{OutputFormat, print_notices};
use super::version_properties::VersionProperties;
use super::{BrokerArgs, ClientError};

/// Flags of `pact-broker publish`.
#[derive(Debug, Clone, clap::Args)]
pub struct PublishArgs {
    /// Pact files, or folders whose `*.json` files are pacts.
    #[arg(value_name = "PACT_FILES_OR_DIRS", required = true)]
    pub paths: Vec<PathBuf>,
    /// The consumer application version.
    #[arg(short = 'a', long)]
    pub consumer_app_version: Option<String>,
    /// Repository branch of the consumer version.
    #[arg(long)]
    pub branch: Option<String>,
    /// Detect the commit, branch and build URL from CI environment variables or git.
    #[arg(short = 'r', long)]
    pub auto_detect_version_properties: bool,
    /// Tag name for the consumer version (repeatable, or comma-separated).
    #[arg(short = 't', long = "tag", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// The build URL that created the pact.
    #[arg(long)]
    pub build_url: Option<String>,
    /// Merge with a pact already published for this consumer version and provider.
    #[arg(long)]
    pub merge: bool,
    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// One pact file to publish.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// Where it was read from.
    pub path: PathBuf,
    /// `consumer.name`.
    pub consumer: String,
    /// `provider.name`.
    pub provider: String,
    /// The file's bytes, sent as they are.
    pub content: Vec<u8>,
}

impl Contract {
    /// Reads a pact file and its consumer and provider names.
    pub fn read(path: &Path) -> Result<Self, ClientError> {
        let content = std::fs::read(path).map_err(|source| ClientError::ReadPact {
            path: path.to_path_buf(),
            source,
        })?;
        let pact: Value = serde_json::from_slice(&content).map_err(|source| ClientError::InvalidPact {
            path: path.to_path_buf(),
            source,
        })?;
        let name = |role: &str, field: &'static str| {
            pact[role]["name"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| ClientError::MissingPacticipant {
                    path: path.to_path_buf(),
                    field,
                })
        };
        Ok(Self {
            consumer: name("consumer", "consumer.name")?,
            provider: name("provider", "provider.name")?,
            path: path.to_path_buf(),
            content,
        })
    }
}

/// Reads every pact named: files as given, folders' `*.json` files in name order.
pub fn read_contracts(paths: &[PathBuf]) -> Result<Vec<Contract>, ClientError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|source| ClientError::ReadPact {
                path: path.clone(),
                source,
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|file| file.is_file() && file.extension().is_some_and(|e| e == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        return Err(ClientError::NoPactFiles {
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
        });
    }
    files.iter().map(|file| Contract::read(file)).collect()
}

/// A consumer version and its pacts, as `POST /contracts/publish` takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    /// The consumer version number.
    pub version: String,
    /// Its branch.
    pub branch: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// The CI build that produced it.
    pub build_url: Option<String>,
    /// Merge into an existing pact for the same version instead of replacing it.
    pub merge: bool,
    /// The pacts, all from one consumer.
    pub contracts: Vec<Contract>,
}

impl Publication {
    /// The consumer every contract belongs to, or [`ClientError::SeveralConsumers`].
    pub fn consumer(&self) -> Result<&str, ClientError> {
        let mut names: Vec<&str> = self.contracts.iter().map(|c| c.consumer.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        match names.as_slice() {
            [one] => Ok(one),
            [] => Err(ClientError::NoPactFiles { paths: Vec::new() }),
            many => Err(ClientError::SeveralConsumers {
                names: many.iter().map(|n| n.to_string()).collect(),
            }),
        }
    }

    /// The `POST /contracts/publish` body.
    pub fn to_request(&self) -> Result<PublishContractsRequest, ClientError> {
        Ok(PublishContractsRequest {
            pacticipant_name: Some(self.consumer()?.to_string()),
            pacticipant_version_number: Some(self.version.clone()),
            branch: self.branch.clone(),
            tags: self.tags.clone(),
            build_url: self.build_url.clone(),
            contracts: self
                .contracts
                .iter()
                .map(|contract| {
                    pact_broker_api::Contract::pact(
                        &contract.consumer,
                        &contract.provider,
                        BASE64.encode(&contract.content),
                        self.merge,
                    )
                })
                .collect(),
        })
    }

    /// The `POST /contracts/publish` body as JSON.
    pub fn to_json(&self) -> Result<Value, ClientError> {
        Ok(serde_json::to_value(self.to_request()?).unwrap_or_default())
    }
}

/// The broker's answer to a publication.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishReply {
    /// What the broker said happened (and what to do next).
    pub notices: Vec<Notice>,
    /// The full reply (`_embedded`, `_links`, …); for old brokers, the pacts as published.
    pub body: Value,
}

/// Publishes through `pb:publish-contracts`, or pact by pact on brokers older than v2.86.
pub async fn publish(client: &HalClient, publication: &Publication) -> Result<PublishReply, ClientError> {
    let index = client.index().await?;
    if let Ok(link) = index.link("pb:publish-contracts") {
        let url = link.url(index.url())?;
        let reply = client.post_json(&url, &publication.to_request()?).await?;
        let typed: PublishContractsResponse = reply.read()?;
        return Ok(PublishReply {
            notices: typed.notices,
            body: reply.into_body(),
        });
    }
    publish_pact_by_pact(client, &index, publication).await
}

async fn publish_pact_by_pact(
    client: &HalClient,
    index: &HalResource,
    publication: &Publication,
) -> Result<PublishReply, ClientError> {
    let consumer = publication.consumer()?;
    let version = publication.version.as_str();
    let mut notices = Vec::new();
    let empty = json!({});
    if let Some(branch) = &publication.branch {
        let link = index.link("pb:pacticipant-branch-version")?;
        let url = link.expand(
            index.url(),
            &[
                ("pacticipant", consumer),
                ("branch", branch),
                ("version", version),
            ],
        )?;
        client.put(&url, &empty).await?;
    }
    for tag in &publication.tags {
        let link = index.link("pb:pacticipant-version-tag")?;
        let url = link.expand(
            index.url(),
            &[("pacticipant", consumer), ("version", version), ("tag", tag)],
        )?;
        client.put(&url, &empty).await?;
        notices.push(Notice::of_type(
            "info",
            format!("Tagged version {version} of {consumer} with '{tag}'"),
        ));
    }
    let mut published = Vec::new();
    for contract in &publication.contracts {
        let link = index.link("pb:publish-pact")?;
        let url = link.expand(
            index.url(),
            &[
                ("provider", &contract.provider),
                ("consumer", &contract.consumer),
                ("consumerApplicationVersion", version),
            ],
        )?;
        let pact: Value =
            serde_json::from_slice(&contract.content).map_err(|source| ClientError::InvalidPact {
                path: contract.path.clone(),
                source,
            })?;
        let reply = client.put(&url, &pact).await?;
        notices.push(Notice::of_type(
            "success",
            format!(
                "Published pact between {} and {} (version {version}) to {url}",
                contract.consumer, contract.provider
            ),
        ));
        published.push(reply.into_body());
    }
    Ok(PublishReply {
        notices,
        body: json!({ "pacts": published }),
    })
}

/// Runs `pact-broker publish`.
pub async fn execute(args: PublishArgs) -> Result<ExitCode, ClientError> {
    let detected = if args.auto_detect_version_properties {
        VersionProperties::detect()
    } else {
        VersionProperties::default()
    };
    let version = args
        .consumer_app_version
        .clone()
        .or(detected.commit)
        .ok_or(ClientError::MissingConsumerVersion)?;
    let publication = Publication {
        version,
        branch: args.branch.clone().or(detected.branch),
        tags: args.tags.clone(),
        build_url: args.build_url.clone().or(detected.build_url),
        merge: args.merge,
        contracts: read_contracts(&args.paths)?,
    };
    let client = args.broker.client()?;
    let reply = publish(&client, &publication).await?;
    if !args.output.print_json(&reply.body) {
        print_notices(&reply.notices);
    }
    let failed = reply.notices.iter().any(Notice::is_error);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
