//! `pact-broker openapi-diff` and `pact-broker field-usage`.

use std::process::ExitCode;

use pact_broker_api::{FieldUsage as WireUsage, InteractionUsage};
use pact_openapi::OpenApi;
use pact_openapi::diff::diff;
use pact_openapi::usage::{FieldUsage, FieldUse, InteractionUse, UsePart};
use serde::Deserialize;
use serde_json::Value;

use super::error::EvolutionError;
use crate::domain::api_evolution::impact_between;
use pact_broker_client::{Auth, HalClient};

/// The API-evolution subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum EvolutionCommand {
    /// Classify every change between two OpenAPI documents as breaking or not for clients; with
    /// --provider and a broker, name the consumers each breaking change breaks.
    OpenapiDiff(Box<OpenapiDiffArgs>),
    /// Show which consumers rely on which fields of a provider, and how.
    FieldUsage(Box<FieldUsageArgs>),
}

/// How to reach a broker, when one is needed.
#[derive(Debug, Clone, clap::Args)]
pub struct OptionalBroker {
    /// The base URL of the Pact Broker.
    #[arg(short = 'b', long, env = "PACT_BROKER_BASE_URL")]
    pub broker_base_url: Option<String>,
    /// Pact Broker basic auth username.
    #[arg(short = 'u', long, env = "PACT_BROKER_USERNAME")]
    pub broker_username: Option<String>,
    /// Pact Broker basic auth password.
    #[arg(short = 'p', long, env = "PACT_BROKER_PASSWORD", hide_env_values = true)]
    pub broker_password: Option<String>,
    /// Pact Broker bearer token.
    #[arg(short = 'k', long, env = "PACT_BROKER_TOKEN", hide_env_values = true)]
    pub broker_token: Option<String>,
}

impl OptionalBroker {
    fn client(&self) -> Result<HalClient, EvolutionError> {
        let Some(url) = &self.broker_base_url else {
            return Err(EvolutionError::Usage(
                "--provider needs a broker: give --broker-base-url (or PACT_BROKER_BASE_URL)".into(),
            ));
        };
        let mut client = HalClient::new(url)?;
        if let Some(token) = &self.broker_token {
            client = client.with_auth(Auth::bearer(token));
        } else if let Some(username) = &self.broker_username {
            client = client.with_auth(Auth::basic_with(username, self.broker_password.clone()));
        }
        Ok(client)
    }
}

/// How to print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// Sentences.
    Text,
    /// JSON.
    Json,
}

/// `pact-broker openapi-diff OLD NEW`.
#[derive(Debug, clap::Args)]
pub struct OpenapiDiffArgs {
    /// The old OpenAPI document: a file or an http(s) URL (JSON or YAML).
    pub old: String,
    /// The new OpenAPI document: a file or an http(s) URL (JSON or YAML).
    pub new: String,
    /// The provider whose consumers' pacts (latest on their main branch, deployed or released)
    /// say who relies on each change.
    #[arg(long)]
    pub provider: Option<String>,
    /// Text or JSON.
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: Output,
    /// The broker (needed with --provider).
    #[command(flatten)]
    pub broker: OptionalBroker,
}

/// `pact-broker field-usage --provider P`.
#[derive(Debug, clap::Args)]
pub struct FieldUsageArgs {
    /// The provider.
    #[arg(long)]
    pub provider: String,
    /// Only the operations on this path (`/users/{id}`, or a concrete `/users/42`).
    #[arg(long)]
    pub path: Option<String>,
    /// Only this field and those beneath it (`$.email`).
    #[arg(long)]
    pub field: Option<String>,
    /// Text or JSON.
    #[arg(short = 'o', long, value_enum, default_value = "text")]
    pub output: Output,
    /// The broker.
    #[command(flatten)]
    pub broker: OptionalBroker,
}

/// Runs a command. Exit codes: `openapi-diff` 0 when nothing breaks (with --provider: no
/// consumer relies on a breaking change), 1 when something does; `field-usage` 0; 2 on errors.
pub async fn run(command: EvolutionCommand) -> ExitCode {
    let result = match command {
        EvolutionCommand::OpenapiDiff(args) => openapi_diff(*args).await,
        EvolutionCommand::FieldUsage(args) => field_usage(*args).await,
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

async fn read_document(source: &str) -> Result<OpenApi, EvolutionError> {
    let text = if source.starts_with("http://") || source.starts_with("https://") {
        let fetch_error = |message: String| EvolutionError::Fetch {
            url: source.to_string(),
            message,
        };
        let response = reqwest::get(source)
            .await
            .map_err(|e| fetch_error(e.to_string()))?;
        if !response.status().is_success() {
            return Err(fetch_error(format!("HTTP {}", response.status())));
        }
        response.text().await.map_err(|e| fetch_error(e.to_string()))?
    } else {
        std::fs::read_to_string(source).map_err(|source_error| EvolutionError::ReadFile {
            path: source.to_string(),
            source: source_error,
        })?
    };
    OpenApi::parse(&text).map_err(|e| EvolutionError::OpenApi {
        what: source.to_string(),
        source: e,
    })
}

/// The field usage of `provider` as the broker reports it (`pb:pacticipant` → `pb:field-usage`).
pub async fn fetch_field_usage(
    broker: &HalClient,
    provider: &str,
    path: Option<&str>,
    field: Option<&str>,
) -> Result<Value, EvolutionError> {
    let index = broker.index().await?;
    let pacticipant = broker
        .follow(&index, "pb:pacticipant", &[("pacticipant", provider)])
        .await?;
    let mut url = pacticipant.link("pb:field-usage")?.url(pacticipant.url())?;
    {
        let mut query = url.query_pairs_mut();
        if let Some(path) = path {
            query.append_pair("path", path);
        }
        if let Some(field) = field {
            query.append_pair("field", field);
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    Ok(broker.get(&url).await?.into_body())
}

/// The field-usage resource read as the wire [`WireUsage`]; its fields' parts must be ones this
/// version knows.
fn wire_usage(body: &Value) -> Result<WireUsage, EvolutionError> {
    WireUsage::deserialize(body).map_err(|e| EvolutionError::FieldUsageShape {
        url: "pb:field-usage".into(),
        message: e.to_string(),
    })
}

fn usage_from(body: &Value) -> Result<FieldUsage, EvolutionError> {
    if body.get("interactions").is_none_or(Value::is_null) {
        return Err(EvolutionError::FieldUsageShape {
            url: "pb:field-usage".into(),
            message: "it has no 'interactions' list".into(),
        });
    }
    let interactions = wire_usage(body)?
        .interactions
        .into_iter()
        .map(interaction_use)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(FieldUsage { interactions })
}

/// A wire interaction as the impact report places it.
fn interaction_use(wire: InteractionUsage) -> Result<InteractionUse, EvolutionError> {
    let fields = wire
        .fields
        .into_iter()
        .map(|f| {
            let part = UsePart::parse(&f.part).ok_or_else(|| EvolutionError::FieldUsageShape {
                url: "pb:field-usage".into(),
                message: format!(
                    "a field of interaction '{}' is in an unknown part '{}'",
                    wire.interaction, f.part
                ),
            })?;
            Ok(FieldUse {
                part,
                path: f.path,
                matcher: f.matcher,
            })
        })
        .collect::<Result<Vec<_>, EvolutionError>>()?;
    Ok(InteractionUse {
        consumer: wire.consumer,
        consumer_version: wire.consumer_version,
        interaction: wire.interaction,
        method: wire.method,
        request_path: wire.request_path,
        operation: wire.operation,
        status: wire.status,
        fields,
    })
}

async fn openapi_diff(args: OpenapiDiffArgs) -> Result<ExitCode, EvolutionError> {
    let old = read_document(&args.old).await?;
    let new = read_document(&args.new).await?;
    let Some(provider) = &args.provider else {
        let changes = diff(&old, &new);
        match args.output {
            Output::Text => print!("{changes}"),
            Output::Json => println!("{:#}", changes.to_json()),
        }
        return Ok(if changes.is_breaking() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    };
    let broker = args.broker.client()?;
    let usage = usage_from(&fetch_field_usage(&broker, provider, None, None).await?)?;
    let report = impact_between(&old, &new, &usage);
    match args.output {
        Output::Text => print!("{report}"),
        Output::Json => println!("{:#}", report.to_json()),
    }
    Ok(if report.breaks_consumers() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

async fn field_usage(args: FieldUsageArgs) -> Result<ExitCode, EvolutionError> {
    let broker = args.broker.client()?;
    let body = fetch_field_usage(
        &broker,
        &args.provider,
        args.path.as_deref(),
        args.field.as_deref(),
    )
    .await?;
    if args.output == Output::Json {
        println!("{body:#}");
        return Ok(ExitCode::SUCCESS);
    }
    let fields = wire_usage(&body)?.fields;
    if fields.is_empty() {
        println!("no consumer relies on a field of {} that matches", args.provider);
    }
    for field in &fields {
        println!(
            "{} {} {} {}",
            field.operation, field.status, field.part, field.path
        );
        for user in &field.used_by {
            let version = user
                .consumer_version
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default();
            println!(
                "  {}{version}: '{}' ({})",
                user.consumer, user.interaction, user.matcher
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
