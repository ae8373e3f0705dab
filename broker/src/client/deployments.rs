//! Deployments and releases: `record-deployment`, `record-undeployment`, `record-release`
//! and `record-support-ended`.
//!
//! Recording goes through the version resource's `pb:record-deployment` / `pb:record-release`
//! links, one per environment and named after it. Undeploying and ending support go through
//! the environment's lists of currently deployed / supported versions, `PATCH`ing each match.

use std::process::ExitCode;

use pact_broker_api::{DeployedVersion, DeploymentRequest, ReleasedVersion};
use serde_json::{Value, json};
use url::Url;

use super::environments::find_environment;
use super::output::OutputFormat;
use super::{BrokerArgs, ClientError};
use pact_broker_client::{HalClient, HalResource};

/// Flags of `pact-broker record-deployment`.
#[derive(Debug, Clone, clap::Args)]
pub struct RecordDeploymentArgs {
    /// The name of the pacticipant that was deployed.
    #[arg(short = 'a', long)]
    pub pacticipant: String,
    /// The pacticipant version number that was deployed.
    #[arg(short = 'e', long)]
    pub version: String,
    /// The name of the environment it was deployed to.
    #[arg(long)]
    pub environment: String,
    /// The application instance deployed to, when several run in one environment.
    #[arg(long, alias = "target")]
    pub application_instance: Option<String>,
    /// Output format (text, json or pretty).
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Flags of `pact-broker record-release`.
#[derive(Debug, Clone, clap::Args)]
pub struct RecordReleaseArgs {
    /// The name of the pacticipant that was released.
    #[arg(short = 'a', long)]
    pub pacticipant: String,
    /// The pacticipant version number that was released.
    #[arg(short = 'e', long)]
    pub version: String,
    /// The name of the environment it was released to.
    #[arg(long)]
    pub environment: String,
    /// Output format (text, json or pretty).
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Flags of `pact-broker record-undeployment`.
#[derive(Debug, Clone, clap::Args)]
pub struct RecordUndeploymentArgs {
    /// The name of the pacticipant that was undeployed.
    #[arg(short = 'a', long)]
    pub pacticipant: String,
    /// The name of the environment it was undeployed from.
    #[arg(long)]
    pub environment: String,
    /// The application instance undeployed from, when several run in one environment.
    #[arg(long, alias = "target")]
    pub application_instance: Option<String>,
    /// Output format (text, json or pretty).
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Flags of `pact-broker record-support-ended`.
#[derive(Debug, Clone, clap::Args)]
pub struct RecordSupportEndedArgs {
    /// The name of the pacticipant.
    #[arg(short = 'a', long)]
    pub pacticipant: String,
    /// The released version whose support ended.
    #[arg(short = 'e', long)]
    pub version: String,
    /// The environment in which support ended.
    #[arg(long)]
    pub environment: String,
    /// Output format (text, json or pretty).
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Fetches a pacticipant version through `pb:pacticipant-version`.
pub async fn fetch_version(
    client: &HalClient,
    index: &HalResource,
    pacticipant: &str,
    version: &str,
) -> Result<HalResource, ClientError> {
    client
        .follow(
            index,
            "pb:pacticipant-version",
            &[("pacticipant", pacticipant), ("version", version)],
        )
        .await
        .map_err(|error| {
            if error.is_not_found() {
                ClientError::VersionNotFound {
                    pacticipant: pacticipant.to_string(),
                    version: version.to_string(),
                }
            } else {
                error.into()
            }
        })
}

/// Follows the version's `relation` link named `environment` (`POST` with `body`).
async fn record_on_version(
    client: &HalClient,
    relation: &str,
    pacticipant: &str,
    version: &str,
    environment: &str,
    body: &DeploymentRequest,
) -> Result<HalResource, ClientError> {
    let index = client.index().await?;
    let version_resource = fetch_version(client, &index, pacticipant, version).await?;
    let Some(link) = version_resource.link_named(relation, environment) else {
        // Say which environments exist rather than "no link".
        find_environment(client, &index, environment).await?;
        return Err(pact_broker_client::BrokerError::MissingRelation {
            relation: format!("{relation} (for environment {environment})"),
            url: version_resource.url().to_string(),
        }
        .into());
    };
    let url = link.url(version_resource.url())?;
    Ok(client.post_json(&url, body).await?)
}

fn instance_phrase(instance: Option<&str>) -> String {
    instance
        .map(|instance| format!(" (application instance {instance})"))
        .unwrap_or_default()
}

/// Runs `pact-broker record-deployment`.
pub async fn record_deployment(args: RecordDeploymentArgs) -> Result<ExitCode, ClientError> {
    let client = args.broker.client()?;
    let body = DeploymentRequest {
        application_instance: args.application_instance.clone(),
        ..DeploymentRequest::default()
    };
    let recorded = record_on_version(
        &client,
        "pb:record-deployment",
        &args.pacticipant,
        &args.version,
        &args.environment,
        &body,
    )
    .await?;
    if !args.output.print_json(recorded.body()) {
        println!(
            "Recorded deployment of {} version {} to {} environment{} in the Pact Broker.",
            args.pacticipant,
            args.version,
            args.environment,
            instance_phrase(args.application_instance.as_deref())
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `pact-broker record-release`.
pub async fn record_release(args: RecordReleaseArgs) -> Result<ExitCode, ClientError> {
    let client = args.broker.client()?;
    let recorded = record_on_version(
        &client,
        "pb:record-release",
        &args.pacticipant,
        &args.version,
        &args.environment,
        &DeploymentRequest::default(),
    )
    .await?;
    if !args.output.print_json(recorded.body()) {
        println!(
            "Recorded release of {} version {} to {} environment in the Pact Broker.",
            args.pacticipant, args.version, args.environment
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Which of an environment's lists to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// `pb:currently-deployed-deployed-versions`.
    Deployed,
    /// `pb:currently-supported-released-versions`.
    Released,
}

/// An entry of an environment's currently deployed / supported list, read as the wire type
/// ([`DeployedVersion`] / [`ReleasedVersion`]), with the resource so its links resolve.
#[derive(Debug)]
struct Entry {
    /// The entry, with the list's URL.
    resource: HalResource,
    /// Its version number (empty when the broker did not embed it).
    version: String,
    /// The application instance of a deployment.
    application_instance: Option<String>,
}

impl Entry {
    fn version_number(&self) -> &str {
        if self.version.is_empty() {
            "(unknown version)"
        } else {
            &self.version
        }
    }
}

/// The entries of an environment's currently deployed / supported list for `pacticipant`.
async fn current_entries(
    client: &HalClient,
    environment: &HalResource,
    placement: Placement,
    pacticipant: &str,
) -> Result<Vec<Entry>, ClientError> {
    let relation = match placement {
        Placement::Deployed => "pb:currently-deployed-deployed-versions",
        Placement::Released => "pb:currently-supported-released-versions",
    };
    let mut url: Url = environment.link(relation)?.url(environment.url())?;
    url.query_pairs_mut().append_pair("pacticipant", pacticipant);
    let list = client.get(&url).await?;
    let items: Vec<HalResource> = match placement {
        Placement::Deployed => list.embedded("deployedVersions"),
        Placement::Released => list.embedded("releasedVersions"),
    }
    .iter()
    .map(|entry| HalResource::new(list.url().clone(), entry.clone()))
    .collect();
    let mut entries = Vec::new();
    for resource in items {
        let (embedded, application_instance) = match placement {
            Placement::Deployed => {
                let deployed: DeployedVersion = resource.read()?;
                (deployed.embedded, deployed.application_instance)
            }
            Placement::Released => (resource.read::<ReleasedVersion>()?.embedded, None),
        };
        let name = embedded.pacticipant.name;
        if !name.is_empty() && name != pacticipant {
            continue;
        }
        entries.push(Entry {
            resource,
            version: embedded.version.number,
            application_instance,
        });
    }
    Ok(entries)
}

/// `PATCH`es an entry's `self` link.
async fn patch_entry(client: &HalClient, entry: &Entry, body: &Value) -> Result<Value, ClientError> {
    let url = entry.resource.link("self")?.url(entry.resource.url())?;
    Ok(client.patch(&url, body).await?.into_body())
}

/// Runs `pact-broker record-undeployment`.
pub async fn record_undeployment(args: RecordUndeploymentArgs) -> Result<ExitCode, ClientError> {
    let client = args.broker.client()?;
    let index = client.index().await?;
    let environment = find_environment(&client, &index, &args.environment).await?;
    let deployed = current_entries(&client, &environment, Placement::Deployed, &args.pacticipant).await?;
    let wanted = args.application_instance.as_deref();
    let matching: Vec<&Entry> = deployed
        .iter()
        .filter(|entry| entry.application_instance.as_deref() == wanted)
        .collect();
    if matching.is_empty() {
        let instances: Vec<&str> = deployed
            .iter()
            .filter_map(|entry| entry.application_instance.as_deref())
            .collect();
        let mut message = format!(
            "{} is not currently deployed to {} environment{}. Cannot record undeployment.",
            args.pacticipant,
            args.environment,
            instance_phrase(wanted)
        );
        if !instances.is_empty() {
            message.push_str(&format!(
                " It is deployed to these application instances: {}; pass one with --application-instance.",
                instances.join(", ")
            ));
        }
        return Err(ClientError::NothingToRecord(message));
    }
    let mut replies = Vec::new();
    for entry in matching {
        let reply = patch_entry(&client, entry, &json!({ "currentlyDeployed": false })).await?;
        replies.push(reply);
        if args.output == OutputFormat::Text || args.output == OutputFormat::Table {
            println!(
                "Recorded undeployment of {} version {} from {} environment{} in the Pact Broker.",
                args.pacticipant,
                entry.version_number(),
                args.environment,
                instance_phrase(wanted)
            );
        }
    }
    args.output.print_json(&Value::Array(replies));
    Ok(ExitCode::SUCCESS)
}

/// Runs `pact-broker record-support-ended`.
pub async fn record_support_ended(args: RecordSupportEndedArgs) -> Result<ExitCode, ClientError> {
    let client = args.broker.client()?;
    let index = client.index().await?;
    let environment = find_environment(&client, &index, &args.environment).await?;
    let released = current_entries(&client, &environment, Placement::Released, &args.pacticipant).await?;
    let matching: Vec<&Entry> = released
        .iter()
        .filter(|entry| entry.version_number() == args.version)
        .collect();
    if matching.is_empty() {
        return Err(ClientError::NothingToRecord(format!(
            "{} version {} is not currently released in {} environment. Cannot record support ended.",
            args.pacticipant, args.version, args.environment
        )));
    }
    let mut replies = Vec::new();
    for entry in matching {
        replies.push(patch_entry(&client, entry, &json!({ "currentlySupported": false })).await?);
    }
    if !args.output.print_json(&Value::Array(replies)) {
        println!(
            "Recorded support ended of {} version {} in {} environment in the Pact Broker.",
            args.pacticipant, args.version, args.environment
        );
    }
    Ok(ExitCode::SUCCESS)
}
