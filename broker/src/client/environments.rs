//! Environments: `create-environment`, and finding an environment by name for the
//! deployment commands.

use std::process::ExitCode;

use serde_json::json;

use super::output::OutputFormat;
use super::{BrokerArgs, ClientError};
use pact_broker_api::{Environment, EnvironmentRequest};
use pact_broker_client::{HalClient, HalResource, Link};
use serde::Deserialize;

/// Flags of `pact-broker create-environment`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateEnvironmentArgs {
    /// The uniquely identifying name of the environment as used in deployment code.
    #[arg(long)]
    pub name: String,
    /// The display name of the environment.
    #[arg(long)]
    pub display_name: Option<String>,
    /// Whether this environment is a production environment.
    #[arg(long)]
    pub production: bool,
    /// The name of the team or person responsible for this environment.
    #[arg(long)]
    pub contact_name: Option<String>,
    /// Their email address.
    #[arg(long)]
    pub contact_email_address: Option<String>,
    /// Output format (text, json or pretty).
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

impl CreateEnvironmentArgs {
    /// The `POST /environments` body.
    pub fn to_request(&self) -> EnvironmentRequest {
        let contacts = (self.contact_name.is_some() || self.contact_email_address.is_some()).then(|| {
            let mut contact = serde_json::Map::new();
            if let Some(name) = &self.contact_name {
                contact.insert("name".into(), json!(name));
            }
            if let Some(email) = &self.contact_email_address {
                contact.insert("details".into(), json!({ "emailAddress": email }));
            }
            json!([contact])
        });
        EnvironmentRequest {
            name: Some(self.name.clone()),
            production: Some(self.production),
            display_name: self.display_name.clone(),
            contacts,
            ..EnvironmentRequest::default()
        }
    }
}

/// Runs `pact-broker create-environment`.
pub async fn create_environment(args: CreateEnvironmentArgs) -> Result<ExitCode, ClientError> {
    let client = args.broker.client()?;
    let index = client.index().await?;
    let url = index.link("pb:environments")?.url(index.url())?;
    let created = client.post_json(&url, &args.to_request()).await?;
    if !args.output.print_json(created.body()) {
        let created: Environment = created.read()?;
        let uuid = if created.uuid.is_empty() {
            "unknown"
        } else {
            created.uuid.as_str()
        };
        println!(
            "Created {} environment in the Pact Broker with UUID {uuid}",
            args.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Finds the environment called `name` through `pb:environments` and fetches it.
pub async fn find_environment(
    client: &HalClient,
    index: &HalResource,
    name: &str,
) -> Result<HalResource, ClientError> {
    let list = client.follow(index, "pb:environments", &[]).await?;
    let environments: Vec<Environment> = list
        .embedded("environments")
        .iter()
        .filter_map(|environment| Environment::deserialize(environment).ok())
        .collect();
    let Some(found) = environments.iter().find(|environment| environment.name == name) else {
        return Err(ClientError::EnvironmentNotFound {
            name: name.to_string(),
            known: environments
                .into_iter()
                .map(|environment| environment.name)
                .collect(),
        });
    };
    if let Some(link) = found.links.first("self") {
        let url = Link::new("self", link.clone()).url(list.url())?;
        return Ok(client.get(&url).await?);
    }
    let uuid = found.uuid.as_str();
    Ok(client.follow(index, "pb:environment", &[("uuid", uuid)]).await?)
}
