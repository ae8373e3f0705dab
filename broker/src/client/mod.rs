//! The client subcommands of `pact-broker` (`publish`, `can-i-deploy`, …). Owner: broker client.

/// Subcommands that talk to a broker over HTTP.
#[derive(Debug, clap::Subcommand)]
pub enum ClientCommand {
    /// Publish pacts to a broker.
    Publish,
}

/// Runs a client subcommand; returns the process exit code.
pub async fn run(command: ClientCommand) -> std::process::ExitCode {
    match command {
        ClientCommand::Publish => {
            eprintln!("pact-broker publish: not implemented yet");
            std::process::ExitCode::FAILURE
        }
    }
}
