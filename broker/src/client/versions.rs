//! Pacticipant versions: `describe-version` and `create-version-tag`.

use std::process::ExitCode;

use pact_broker_api::Version;
use serde_json::{Value, json};

use super::deployments::fetch_version;
use super::output::{OutputFormat, Table};
use super::{BrokerArgs, ClientError};
use pact_broker_client::HalResource;

/// Flags of `pact-broker describe-version`.
#[derive(Debug, Clone, clap::Args)]
pub struct DescribeVersionArgs {
    /// The name of the pacticipant that the version belongs to.
    #[arg(short = 'a', long)]
    pub pacticipant: String,
    /// The pacticipant version number.
    #[arg(short = 'e', long, conflicts_with = "latest")]
    pub version: Option<String>,
    /// Describe the latest version, optionally the latest with TAG (the default).
    #[arg(short = 'l', long, value_name = "TAG", num_args = 0..=1, default_missing_value = "")]
    pub latest: Option<String>,
    /// Output format (table or json).
    #[arg(short = 'o', long, value_enum, default_value = "table")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// The non-empty names, comma-separated.
fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.filter(|n| !n.is_empty()).collect::<Vec<_>>().join(", ")
}

/// A version as a one-row table: number, branches and tags.
///
/// ```
/// use pact_broker::client::versions::version_table;
/// let version: pact_broker_api::Version = serde_json::from_str(
///     r#"{"number": "1.0.0", "branch": "main", "_embedded": {"tags": [{"name": "dev"}, {"name": "prod"}]}}"#,
/// ).unwrap();
/// let table = version_table(&version).to_string();
/// assert!(table.contains("1.0.0") && table.contains("main") && table.contains("dev, prod"));
/// ```
pub fn version_table(version: &Version) -> Table {
    let branches = match names(version.embedded.branch_versions.iter().map(|b| b.name.as_str())) {
        none if none.is_empty() => version.branch.clone().unwrap_or_default(),
        some => some,
    };
    let number = if version.number.is_empty() {
        "???"
    } else {
        &version.number
    };
    Table::new(["VERSION", "BRANCHES", "TAGS"]).row([
        number.to_string(),
        branches,
        names(version.embedded.tags.iter().map(|t| t.name.as_str())),
    ])
}

/// Runs `pact-broker describe-version`.
pub async fn describe_version(args: DescribeVersionArgs) -> Result<ExitCode, ClientError> {
    let client = args.broker.client()?;
    let index = client.index().await?;
    let pacticipant = args.pacticipant.as_str();
    let found: HalResource = match (&args.version, args.latest.as_deref()) {
        (Some(version), _) => fetch_version(&client, &index, pacticipant, version).await?,
        (None, Some(tag)) if !tag.is_empty() => client
            .follow(
                &index,
                "pb:latest-tagged-version",
                &[("pacticipant", pacticipant), ("tag", tag)],
            )
            .await
            .map_err(|error| not_found_as(error, pacticipant, &format!("latest '{tag}'")))?,
        (None, _) => client
            .follow(&index, "pb:latest-version", &[("pacticipant", pacticipant)])
            .await
            .map_err(|error| not_found_as(error, pacticipant, "latest"))?,
    };
    if !args.output.print_json(found.body()) {
        print!("{}", version_table(&found.read::<Version>()?));
    }
    Ok(ExitCode::SUCCESS)
}

fn not_found_as(error: pact_broker_client::BrokerError, pacticipant: &str, version: &str) -> ClientError {
    if error.is_not_found() {
        ClientError::VersionNotFound {
            pacticipant: pacticipant.to_string(),
            version: version.to_string(),
        }
    } else {
        error.into()
    }
}

/// Flags of `pact-broker create-version-tag`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateVersionTagArgs {
    /// The pacticipant name.
    #[arg(short = 'a', long)]
    pub pacticipant: String,
    /// The pacticipant version.
    #[arg(short = 'e', long)]
    pub version: String,
    /// Tag name for the pacticipant version (repeatable).
    #[arg(short = 't', long = "tag", required = true)]
    pub tags: Vec<String>,
    /// Create the pacticipant version if it does not exist.
    #[arg(long)]
    pub auto_create_version: bool,
    /// Output format (text, json or pretty).
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// Runs `pact-broker create-version-tag`.
pub async fn create_version_tag(args: CreateVersionTagArgs) -> Result<ExitCode, ClientError> {
    let client = args.broker.client()?;
    let index = client.index().await?;
    if !args.auto_create_version {
        fetch_version(&client, &index, &args.pacticipant, &args.version).await?;
    }
    let link = index.link("pb:pacticipant-version-tag")?;
    let mut replies = Vec::new();
    for tag in &args.tags {
        let url = link.expand(
            index.url(),
            &[
                ("pacticipant", args.pacticipant.as_str()),
                ("version", args.version.as_str()),
                ("tag", tag.as_str()),
            ],
        )?;
        replies.push(client.put(&url, &json!({})).await?.into_body());
        if matches!(args.output, OutputFormat::Text | OutputFormat::Table) {
            println!(
                "Tagged {} version {} with '{tag}' in the Pact Broker.",
                args.pacticipant, args.version
            );
        }
    }
    args.output.print_json(&Value::Array(replies));
    Ok(ExitCode::SUCCESS)
}
