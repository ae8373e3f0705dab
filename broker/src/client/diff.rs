//! `pact-broker diff`: what changed in a consumer's pact with a provider, against the previous
//! version with different content or against a named version, in words.
//!
//! The broker computes the diff (`…/version/{v}/diff/previous-distinct`, or the pact's `pb:diff`
//! link for `--against`); this command finds the pact from the index and prints the sentences.

use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::Value;

use super::output::OutputFormat;
use super::{BrokerArgs, ClientError};

/// Flags of `pact-broker diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The consumer whose pact changed.
    #[arg(short = 'a', long)]
    pub pacticipant: String,
    /// The provider the pact is with.
    #[arg(long)]
    pub provider: String,
    /// The consumer version whose pact to show the changes of.
    #[arg(short = 'e', long)]
    pub version: String,
    /// Compare with the pact of this consumer version instead of the previous distinct one.
    #[arg(long, value_name = "VERSION")]
    pub against: Option<String>,
    /// Output format (text or json).
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: OutputFormat,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// The diff reply of the broker in words, as the broker's `text/plain` rendering has it.
///
/// ```
/// use serde_json::json;
/// let reply = json!({
///     "consumer": "Web", "provider": "Users", "version": "2", "comparedToVersion": "1",
///     "changes": {"sentences": ["interaction 'a' added"]}
/// });
/// assert_eq!(
///     pact_broker::client::diff::describe(&reply),
///     "Changes to the pact between Web and Users from version 1 to version 2:\ninteraction 'a' added\n"
/// );
/// ```
pub fn describe(reply: &Value) -> String {
    let text = |key: &str| reply[key].as_str().unwrap_or("?").to_string();
    let (consumer, provider, version) = (text("consumer"), text("provider"), text("version"));
    let Some(other) = reply["comparedToVersion"].as_str() else {
        return format!(
            "No earlier version of the pact between {consumer} and {provider} with different content.\n"
        );
    };
    let mut out = format!(
        "Changes to the pact between {consumer} and {provider} from version {other} to version {version}:\n"
    );
    let sentences: Vec<&str> = reply["changes"]["sentences"]
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if sentences.is_empty() {
        out.push_str("No changes.\n");
    }
    for sentence in sentences {
        let _ = writeln!(out, "{sentence}");
    }
    out
}

/// Runs `pact-broker diff`.
pub async fn execute(args: DiffArgs) -> Result<ExitCode, ClientError> {
    let client = args.broker.client()?;
    let index = client.index().await?;
    let pact = client
        .follow(
            &index,
            "pb:publish-pact",
            &[
                ("provider", args.provider.as_str()),
                ("consumer", args.pacticipant.as_str()),
                ("consumerApplicationVersion", args.version.as_str()),
            ],
        )
        .await?;
    let reply = match &args.against {
        Some(other) => {
            client
                .follow(&pact, "pb:diff", &[("version", other.as_str())])
                .await?
        }
        None => {
            let mut url = pact.url().clone();
            let path = format!("{}/diff/previous-distinct", url.path().trim_end_matches('/'));
            url.set_path(&path);
            client.get(&url).await?
        }
    };
    if !args.output.print_json(reply.body()) {
        print!("{}", describe(reply.body()));
    }
    Ok(ExitCode::SUCCESS)
}
