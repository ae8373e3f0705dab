//! Pacticipants: `create-or-update-pacticipant`.

use std::process::ExitCode;

use super::output::OutputFormat;
use super::{BrokerArgs, ClientError};
use pact_broker_api::PacticipantRequest;

/// Flags of `pact-broker create-or-update-pacticipant`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateOrUpdatePacticipantArgs {
    /// Pacticipant name.
    #[arg(long)]
    pub name: String,
    /// Display name.
    #[arg(long)]
    pub display_name: Option<String>,
    /// The main development branch of the pacticipant's repository.
    #[arg(long)]
    pub main_branch: Option<String>,
    /// The repository URL of the pacticipant.
    #[arg(long)]
    pub repository_url: Option<String>,
    /// Output format (text, json or pretty).
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

impl CreateOrUpdatePacticipantArgs {
    /// The body for `POST /pacticipants` or `PATCH /pacticipants/{name}`: only the fields given.
    pub fn to_request(&self) -> PacticipantRequest {
        PacticipantRequest {
            name: Some(self.name.clone()),
            display_name: self.display_name.clone(),
            main_branch: self.main_branch.clone(),
            repository_url: self.repository_url.clone(),
            ..PacticipantRequest::default()
        }
    }
}

/// Runs `pact-broker create-or-update-pacticipant`: `PATCH` it when it exists, else `POST`
/// it to `pb:pacticipants`.
pub async fn create_or_update_pacticipant(
    args: CreateOrUpdatePacticipantArgs,
) -> Result<ExitCode, ClientError> {
    let client = args.broker.client()?;
    let index = client.index().await?;
    let url = index
        .link("pb:pacticipant")?
        .expand(index.url(), &[("pacticipant", args.name.as_str())])?;
    let (reply, verb) = match client.get_optional(&url).await? {
        Some(existing) => {
            let target = match existing.link("self") {
                Ok(link) => link.url(existing.url())?,
                Err(_) => url,
            };
            (client.patch_json(&target, &args.to_request()).await?, "updated")
        }
        None => {
            let list = index.link("pb:pacticipants")?.url(index.url())?;
            (client.post_json(&list, &args.to_request()).await?, "created")
        }
    };
    if !args.output.print_json(reply.body()) {
        println!("Pacticipant \"{}\" {verb}", args.name);
    }
    Ok(ExitCode::SUCCESS)
}
