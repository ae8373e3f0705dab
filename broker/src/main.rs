//! `pact-broker`: run a Pact Broker–compatible server, or talk to one.

use clap::Parser;

/// A Pact Broker–compatible server and client.
#[derive(Debug, Parser)]
#[command(name = "pact-broker", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    #[command(flatten)]
    Server(Box<pact_broker::cli_server::ServerCommand>),
    #[command(flatten)]
    Client(pact_broker::client::ClientCommand),
    #[command(flatten)]
    Evolution(pact_broker::evolution::EvolutionCommand),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match Cli::parse().command {
        Command::Server(command) => pact_broker::cli_server::run(*command).await,
        Command::Client(command) => pact_broker::client::run(command).await,
        Command::Evolution(command) => pact_broker::evolution::run(command).await,
    }
}
