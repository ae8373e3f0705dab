//! `can-i-deploy`: ask the broker's matrix whether versions are compatible with an environment
//! (or a tag, or each other), and exit 0 only when the answer is a definite yes.
//!
//! Selectors are positional like the Pact Broker client's: each `--pacticipant` is followed by
//! the options that pick its version (`--version`, `--latest [TAG]`, `--branch`, `--tag`,
//! `--main-branch`); each `--ignore NAME` may be followed by a `--version`.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command, FromArgMatches};
use serde_json::Value;

use super::output::{OutputFormat, Table};
use super::{BrokerArgs, ClientError};
use pact_broker_client::{HalClient, Notice};
use serde::Deserialize;

/// How one pacticipant's version is chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionSelector {
    /// The pacticipant name.
    pub pacticipant: String,
    /// A version number.
    pub version: Option<String>,
    /// The latest version (with `tag`: the latest with that tag).
    pub latest: bool,
    /// A tag.
    pub tag: Option<String>,
    /// A branch.
    pub branch: Option<String>,
    /// The latest version of the pacticipant's main branch.
    pub main_branch: bool,
}

/// A pacticipant (or one of its versions) whose results should not count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IgnoreSelector {
    /// The pacticipant name.
    pub pacticipant: String,
    /// Only this version of it.
    pub version: Option<String>,
}

/// The order-dependent selector flags of `can-i-deploy`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectorArgs {
    /// One per `--pacticipant`.
    pub selectors: Vec<VersionSelector>,
    /// One per `--ignore`.
    pub ignore: Vec<IgnoreSelector>,
}

const PACTICIPANT: &str = "pacticipant";
const VERSION: &str = "version";
const LATEST: &str = "latest";
const TAG: &str = "tag";
const BRANCH: &str = "branch";
const MAIN_BRANCH: &str = "main_branch";
const IGNORE: &str = "ignore";

impl clap::Args for SelectorArgs {
    fn augment_args(command: Command) -> Command {
        let after = "Must come after the --pacticipant it relates to.";
        command
            .arg(
                Arg::new(PACTICIPANT)
                    .short('a')
                    .long("pacticipant")
                    .action(ArgAction::Append)
                    .required(true)
                    .help("The pacticipant name. Use once for each pacticipant being checked."),
            )
            .arg(
                Arg::new(VERSION)
                    .short('e')
                    .long("version")
                    .action(ArgAction::Append)
                    .help(format!("The pacticipant version. {after}")),
            )
            .arg(
                Arg::new(LATEST)
                    .short('l')
                    .long("latest")
                    .value_name("TAG")
                    .num_args(0..=1)
                    .default_missing_value("")
                    .action(ArgAction::Append)
                    .help(format!(
                        "Use the latest version, optionally the latest with TAG. {after}"
                    )),
            )
            .arg(
                Arg::new(TAG)
                    .long("tag")
                    .action(ArgAction::Append)
                    .help(format!("The tag of the version to check. {after}")),
            )
            .arg(
                Arg::new(BRANCH)
                    .long("branch")
                    .action(ArgAction::Append)
                    .help(format!("The branch of the version to check. {after}")),
            )
            .arg(
                Arg::new(MAIN_BRANCH)
                    .long("main-branch")
                    .num_args(0)
                    .default_missing_value("true")
                    .action(ArgAction::Append)
                    .help(format!(
                        "Use the latest version of the pacticipant's main branch. {after}"
                    )),
            )
            .arg(Arg::new(IGNORE).long("ignore").action(ArgAction::Append).help(
                "A pacticipant to ignore; follow it with --version to ignore one version. \
                         PACT_BROKER_CAN_I_DEPLOY_IGNORE may also list names, comma-separated.",
            ))
    }

    fn augment_args_for_update(command: Command) -> Command {
        Self::augment_args(command)
    }
}

impl FromArgMatches for SelectorArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut flags: Vec<(usize, &'static str, String)> = Vec::new();
        for id in [PACTICIPANT, VERSION, LATEST, TAG, BRANCH, MAIN_BRANCH, IGNORE] {
            if let (Some(values), Some(indices)) = (matches.get_many::<String>(id), matches.indices_of(id)) {
                flags.extend(indices.zip(values).map(|(i, v)| (i, id, v.clone())));
            }
        }
        flags.sort_by_key(|(index, _, _)| *index);
        let mut parsed = Self::default();
        // Whether a following --version belongs to the last --ignore.
        let mut in_ignore = false;
        for (_, id, value) in flags {
            if id == PACTICIPANT {
                parsed.selectors.push(VersionSelector {
                    pacticipant: value,
                    ..VersionSelector::default()
                });
                in_ignore = false;
                continue;
            }
            if id == IGNORE {
                parsed.ignore.push(IgnoreSelector {
                    pacticipant: value,
                    version: None,
                });
                in_ignore = true;
                continue;
            }
            if id == VERSION
                && in_ignore
                && let Some(ignore) = parsed.ignore.last_mut()
            {
                ignore.version = Some(value);
                continue;
            }
            let Some(selector) = parsed.selectors.last_mut() else {
                return Err(clap::Error::raw(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!(
                        "--{} must come after the --pacticipant it relates to\n",
                        id.replace('_', "-")
                    ),
                ));
            };
            match id {
                VERSION => selector.version = Some(value),
                LATEST => {
                    selector.latest = true;
                    if !value.is_empty() {
                        selector.tag = Some(value);
                    }
                }
                TAG => selector.tag = Some(value),
                BRANCH => selector.branch = Some(value),
                _ => selector.main_branch = true,
            }
        }
        Ok(parsed)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

/// Flags of `pact-broker can-i-deploy`.
#[derive(Debug, Clone, clap::Args)]
pub struct CanIDeployArgs {
    /// Which versions to check.
    #[command(flatten)]
    pub selectors: SelectorArgs,
    /// The environment into which the pacticipant(s) are to be deployed.
    #[arg(long, value_name = "ENVIRONMENT")]
    pub to_environment: Option<String>,
    /// The tag of the integrated applications' versions to check against.
    #[arg(long, value_name = "TAG")]
    pub to: Option<String>,
    /// Output format (json or table).
    #[arg(short = 'o', long, value_enum, default_value = "table")]
    pub output: OutputFormat,
    /// How many times to ask again while a verification result is unknown.
    #[arg(long, value_name = "TIMES", default_value_t = 0)]
    pub retry_while_unknown: u32,
    /// Seconds between those retries.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub retry_interval: u64,
    /// Always exit 0 (report only).
    #[arg(long, env = "PACT_BROKER_CAN_I_DEPLOY_DRY_RUN")]
    pub dry_run: bool,
    /// How to reach the broker.
    #[command(flatten)]
    pub broker: BrokerArgs,
}

/// A matrix question: these versions, against that environment or tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatrixQuery {
    /// The versions asked about.
    pub selectors: Vec<VersionSelector>,
    /// What not to count.
    pub ignore: Vec<IgnoreSelector>,
    /// Target environment.
    pub environment: Option<String>,
    /// Target tag.
    pub to_tag: Option<String>,
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

impl MatrixQuery {
    /// The query string for `GET /matrix`, as the Pact Broker client builds it.
    ///
    /// ```
    /// use pact_broker::client::can_i_deploy::{MatrixQuery, VersionSelector};
    ///
    /// let query = MatrixQuery {
    ///     selectors: vec![VersionSelector {
    ///         pacticipant: "Foo".into(),
    ///         version: Some("1.0.0".into()),
    ///         ..Default::default()
    ///     }],
    ///     environment: Some("production".into()),
    ///     ..Default::default()
    /// };
    /// assert_eq!(
    ///     query.to_query_string(),
    ///     "q[][pacticipant]=Foo&q[][version]=1.0.0&latestby=cvpv&environment=production"
    /// );
    /// ```
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for selector in &self.selectors {
            parts.push(format!("q[][pacticipant]={}", encode(&selector.pacticipant)));
            if let Some(version) = &selector.version {
                parts.push(format!("q[][version]={}", encode(version)));
            }
            if selector.latest {
                parts.push("q[][latest]=true".into());
            }
            if let Some(tag) = &selector.tag {
                parts.push(format!("q[][tag]={}", encode(tag)));
            }
            if let Some(branch) = &selector.branch {
                parts.push(format!("q[][branch]={}", encode(branch)));
            }
            if selector.main_branch {
                parts.push("q[][mainBranch]=true".into());
            }
        }
        for ignore in &self.ignore {
            parts.push(format!("ignore[][pacticipant]={}", encode(&ignore.pacticipant)));
            if let Some(version) = &ignore.version {
                parts.push(format!("ignore[][version]={}", encode(version)));
            }
        }
        if let Some(tag) = &self.to_tag {
            parts.push(format!("tag={}", encode(tag)));
        }
        let by_version = self.environment.is_some() || self.selectors.len() > 1;
        parts.push(format!("latestby={}", if by_version { "cvpv" } else { "cvp" }));
        match &self.environment {
            Some(environment) => parts.push(format!("environment={}", encode(environment))),
            None if self.selectors.len() == 1 => parts.push("latest=true".into()),
            None => {}
        }
        parts.join("&")
    }
}

/// The broker's answer: the rows, the summary and its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// The reply as sent (what `--output json` prints).
    pub body: Value,
    /// The reply read as the wire type.
    pub reply: pact_broker_api::Matrix,
}

impl Matrix {
    /// Reads a matrix reply.
    pub fn from_body(body: Value) -> Result<Self, serde_json::Error> {
        let reply = pact_broker_api::Matrix::deserialize(&body)?;
        Ok(Matrix { body, reply })
    }

    /// `summary.deployable`: `Some(true)`, `Some(false)`, or `None` while results are missing.
    pub fn deployable(&self) -> Option<bool> {
        self.reply.summary.deployable
    }

    /// `summary.reason`.
    pub fn reason(&self) -> Option<&str> {
        self.reply.summary.reason.as_deref()
    }

    /// `summary.unknown`: how many results are missing.
    pub fn unknown_count(&self) -> u64 {
        self.reply.summary.unknown
    }

    /// The broker's notices.
    pub fn notices(&self) -> Vec<Notice> {
        self.reply.notices.clone()
    }

    /// The rows as a table, and the verification results they point to.
    pub fn table(&self) -> (Table, Vec<String>) {
        let mut table = Table::new([
            "CONSUMER",
            "C.VERSION",
            "PROVIDER",
            "P.VERSION",
            "SUCCESS?",
            "RESULT#",
        ]);
        let mut results = Vec::new();
        for row in &self.reply.matrix {
            let text = |value: &str| if value.is_empty() { "???" } else { value }.to_string();
            let version = |side: &pact_broker_api::MatrixPacticipant| {
                side.version
                    .as_ref()
                    .map_or_else(|| "???".to_string(), |v| text(&v.number))
            };
            let verification = row.verification_result.as_ref();
            let verified = verification.and_then(|v| v.success);
            let mut success = match verified {
                Some(true) => "true".to_string(),
                Some(false) => "false".to_string(),
                None => "???".to_string(),
            };
            if row.ignored == Some(true) {
                success.push_str(" [ignored]");
            }
            let result_number = match verification.and_then(|v| v.links.first("self")) {
                Some(link) => {
                    let status = match verified {
                        Some(true) => "success",
                        Some(false) => "failure",
                        None => "unknown",
                    };
                    results.push(format!("{} ({status})", link.href));
                    results.len().to_string()
                }
                None => String::new(),
            };
            table = table.row([
                text(&row.consumer.name),
                version(&row.consumer),
                text(&row.provider.name),
                version(&row.provider),
                success,
                result_number,
            ]);
        }
        (table, results)
    }

    /// The report `can-i-deploy` prints in table mode.
    pub fn report(&self) -> String {
        let mut out = String::new();
        if self.deployable() == Some(true) {
            out.push_str("Computer says yes \\o/\n");
        } else {
            out.push_str("Computer says no ¯\\_(ツ)_/¯\n");
        }
        let (table, results) = self.table();
        if !table.is_empty() {
            out.push('\n');
            out.push_str(&table.to_string());
        }
        if !results.is_empty() {
            out.push_str("\nVERIFICATION RESULTS\n--------------------\n");
            for (number, result) in results.iter().enumerate() {
                out.push_str(&format!("{}. {result}\n", number + 1));
            }
        }
        let notices = self.notices();
        let explanation: Vec<String> = if notices.is_empty() {
            self.reason().map(str::to_string).into_iter().collect()
        } else {
            notices.into_iter().map(|notice| notice.text).collect()
        };
        if !explanation.is_empty() {
            out.push('\n');
            for line in explanation {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }
}

/// `GET /matrix?…` once.
pub async fn fetch_matrix(client: &HalClient, query: &MatrixQuery) -> Result<Matrix, ClientError> {
    let url = client.url_for(&format!("matrix?{}", query.to_query_string()))?;
    let reply = client.get(&url).await?;
    let matrix: pact_broker_api::Matrix = reply.read()?;
    Ok(Matrix {
        body: reply.into_body(),
        reply: matrix,
    })
}

/// Runs `pact-broker can-i-deploy`.
pub async fn execute(args: CanIDeployArgs) -> Result<ExitCode, ClientError> {
    let mut ignore = args.selectors.ignore.clone();
    if let Ok(names) = std::env::var("PACT_BROKER_CAN_I_DEPLOY_IGNORE") {
        ignore.extend(
            names
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(|name| IgnoreSelector {
                    pacticipant: name.to_string(),
                    version: None,
                }),
        );
    }
    let query = MatrixQuery {
        selectors: args.selectors.selectors.clone(),
        ignore,
        environment: args.to_environment.clone(),
        to_tag: args.to.clone(),
    };
    let client = args.broker.client()?;
    let mut matrix = fetch_matrix(&client, &query).await?;
    let mut retry = 0;
    while matrix.deployable().is_none() && retry < args.retry_while_unknown {
        retry += 1;
        let missing = matrix.unknown_count();
        eprintln!(
            "Waiting for {missing} verification result{} to be published (retry {retry} of {}, every {} s)...",
            if missing == 1 { "" } else { "s" },
            args.retry_while_unknown,
            args.retry_interval
        );
        tokio::time::sleep(Duration::from_secs(args.retry_interval)).await;
        matrix = fetch_matrix(&client, &query).await?;
    }
    if !args.output.print_json(&matrix.body) {
        print!("{}", matrix.report());
    }
    if matrix.deployable() == Some(true) {
        Ok(ExitCode::SUCCESS)
    } else if args.dry_run {
        println!("Dry run enabled, suppressing failing exit code");
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}
