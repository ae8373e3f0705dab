//! The `pact-verifier` command line: verify a provider against pacts from files, URLs or a broker.

mod cli;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    cli::run().await
}
