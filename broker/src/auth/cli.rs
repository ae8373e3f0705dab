//! `pact-broker token create|list|revoke`: manage API tokens directly in the broker's database.

use std::process::ExitCode;

use serde_json::json;

use super::Role;
use super::tokens::{self, ApiToken};
use crate::store::Store;

/// Flags of `pact-broker token`.
#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: TokenCommand,
}

/// The database the tokens live in (the broker's own).
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseArg {
    /// `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB` (migrated first).
    #[arg(
        long,
        env = "PACT_BROKER_DATABASE_URL",
        default_value = "sqlite://./pact-broker.sqlite",
        hide_env_values = true
    )]
    pub database_url: String,
}

/// How to print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TokenOutput {
    /// Plain text for people (and the bare token for `create`).
    Text,
    /// JSON for scripts.
    Json,
}

/// `token` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it (the only time it can be seen).
    Create {
        /// Unique name, e.g. `ci-publisher` (letters, digits, '.', '_', '-').
        #[arg(long)]
        name: String,
        /// read (GET, for-verification), write (publish, tag, record deployments, verification
        /// results) or admin (also delete, environments, webhooks, tokens).
        #[arg(long)]
        role: Role,
        /// Output format.
        #[arg(long, short = 'o', value_enum, default_value_t = TokenOutput::Text)]
        output: TokenOutput,
        /// The database.
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// List tokens (names and roles; never the tokens themselves).
    List {
        /// Output format.
        #[arg(long, short = 'o', value_enum, default_value_t = TokenOutput::Text)]
        output: TokenOutput,
        /// The database.
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Revoke a token: it is refused from then on.
    Revoke {
        /// The token's name.
        #[arg(long)]
        name: String,
        /// The database.
        #[command(flatten)]
        database: DatabaseArg,
    },
}

/// Runs a `token` subcommand; errors print one line on stderr and exit 1.
pub async fn run(args: TokenArgs) -> ExitCode {
    match execute(args.command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pact-broker token: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn connect(database: &DatabaseArg) -> Result<Store, String> {
    Store::connect(&database.database_url)
        .await
        .map_err(|e| e.to_string())
}

fn token_json(token: &ApiToken) -> serde_json::Value {
    json!({ "name": token.name, "role": token.role.as_str(), "createdAt": token.created_at })
}

async fn execute(command: TokenCommand) -> Result<(), String> {
    match command {
        TokenCommand::Create {
            name,
            role,
            output,
            database,
        } => {
            let store = connect(&database).await?;
            let issued = tokens::issue(&store, &name, role)
                .await
                .map_err(|e| e.to_string())?;
            match output {
                TokenOutput::Text => {
                    println!("{}", issued.secret.expose());
                    eprintln!(
                        "Created token '{name}' with role {role}. Copy it now: it cannot be shown again."
                    );
                }
                TokenOutput::Json => {
                    let mut body = token_json(&issued.token);
                    body["token"] = json!(issued.secret.expose());
                    println!("{body}");
                }
            }
        }
        TokenCommand::List { output, database } => {
            let store = connect(&database).await?;
            let list = tokens::list(&store).await.map_err(|e| e.to_string())?;
            match output {
                TokenOutput::Json => {
                    let items: Vec<_> = list.iter().map(token_json).collect();
                    println!("{}", serde_json::Value::Array(items));
                }
                TokenOutput::Text if list.is_empty() => println!("No API tokens."),
                TokenOutput::Text => {
                    let width = list.iter().map(|t| t.name.len()).max().unwrap_or(4).max(4);
                    println!("{:<width$}  {:<5}  CREATED", "NAME", "ROLE");
                    for t in &list {
                        println!("{:<width$}  {:<5}  {}", t.name, t.role.as_str(), t.created_at);
                    }
                }
            }
        }
        TokenCommand::Revoke { name, database } => {
            let store = connect(&database).await?;
            tokens::revoke(&store, &name).await.map_err(|e| e.to_string())?;
            println!("Revoked token '{name}'.");
        }
    }
    Ok(())
}
