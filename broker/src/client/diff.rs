//! `pact-broker diff`: what changed in a consumer's pact with a provider, against the previous
//! version with different content or against a named version, in words.
//!
//! The broker computes the diff (`…/version/{v}/diff/previous-distinct`, or the pact's `pb:diff`
//! link for `--against`); this command finds the pact from the index and prints the sentences.

use std::fmt::Write as _;
use std::process::ExitCode;

use pact_broker_api::PactDiff;

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

/// The diff reply of the broker (the wire [`PactDiff`]) in words, as the broker's `text/plain`
/// rendering has it.
///
/// ```
/// let reply: pact_broker_api::PactDiff = serde_json::from_str(
///     r#"{"consumer": "Web", "provider": "Users", "version": "2", "comparedToVersion": "1",
///         "changes": {"sentences": ["interaction 'a' added"]}}"#,
/// ).unwrap();
/// assert_eq!(
///     pact_broker::client::diff::describe(&reply),
///     "Changes to the pact between Web and Users from version 1 to version 2:\ninteraction 'a' added\n"
/// );
/// ```
pub fn describe(reply: &PactDiff) -> String {
    let or_unknown = |text: &str| if text.is_empty() { "?" } else { text }.to_string();
    let (consumer, provider, version) = (
        or_unknown(&reply.consumer),
        or_unknown(&reply.provider),
        or_unknown(&reply.version),
    );
    let Some(other) = &reply.compared_to_version else {
        return format!(
            "No earlier version of the pact between {consumer} and {provider} with different content.\n"
        );
    };
    let mut out = format!(
        "Changes to the pact between {consumer} and {provider} from version {other} to version {version}:\n"
    );
    let sentences = &reply.changes.sentences;
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
        print!("{}", describe(&reply.read::<PactDiff>()?));
    }
    Ok(ExitCode::SUCCESS)
}
