//! The server-side subcommands of `pact-broker` (`serve`, …). Owner: broker server.

/// Subcommands that run or administer a broker.
#[derive(Debug, clap::Subcommand)]
pub enum ServerCommand {
    /// Run the broker server.
    Serve,
}

/// Runs a server-side subcommand; returns the process exit code.
pub async fn run(command: ServerCommand) -> std::process::ExitCode {
    match command {
        ServerCommand::Serve => {
            eprintln!("pact-broker serve: not implemented yet");
            std::process::ExitCode::FAILURE
        }
    }
}
