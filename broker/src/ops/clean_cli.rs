//! `pact-broker clean`: removes old versions, pacts and verification results that no keep selector
//! selects, in batches, printing what it removed.

use std::process::ExitCode;

use super::keep::KeepSelector;
use crate::store::Store;
use crate::store::clean::{CleanError, CleanOptions, RemovedVersion, clean};

/// Flags of `pact-broker clean`.
#[derive(Debug, Clone, clap::Args)]
pub struct CleanArgs {
    /// `sqlite://PATH` or `postgres://…` (the broker's database; it may be serving meanwhile).
    #[arg(long, env = "PACT_BROKER_DATABASE_URL")]
    pub database_url: String,
    /// A keep selector as JSON, e.g. '{"mainBranch":true,"latest":true}', '{"deployedOrReleased":true}',
    /// '{"branch":"main","max":5}', '{"tag":"prod"}', '{"latest":true}', '{"max":10}',
    /// '{"maxAge":90}'. Repeat for several (a version any selector selects is kept). Without any,
    /// the Pact Broker's defaults apply: branch heads, newest per tag, newest per pacticipant,
    /// deployed or released, younger than 90 days.
    #[arg(long = "keep", value_name = "JSON")]
    pub keep: Vec<String>,
    /// Print what would be removed without removing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Versions removed per transaction (short transactions keep a serving broker responsive).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub batch_size: u32,
}

/// Runs the clean; returns the exit code (2 when another clean holds the lock).
pub async fn run(args: CleanArgs) -> ExitCode {
    let keep = if args.keep.is_empty() {
        KeepSelector::defaults()
    } else {
        let mut parsed = Vec::new();
        for text in &args.keep {
            match KeepSelector::parse(text) {
                Ok(s) => parsed.push(s),
                Err(e) => {
                    eprintln!("pact-broker clean: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        parsed
    };
    let store = match Store::connect(&args.database_url).await {
        Ok(store) => store,
        Err(e) => {
            eprintln!("pact-broker clean: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = CleanOptions {
        keep,
        batch_size: args.batch_size as usize,
        dry_run: args.dry_run,
    };
    let verb = if args.dry_run { "would remove" } else { "removed" };
    let print = |batch: &[RemovedVersion]| {
        for v in batch {
            println!(
                "{verb} version {} of {} ({} pacts, {} verification results)",
                v.number, v.pacticipant, v.pacts, v.verifications
            );
        }
    };
    match clean(&store, &options, print).await {
        Ok(report) => {
            let pacts: i64 = report.removed.iter().map(|v| v.pacts).sum();
            let verifications: i64 = report.removed.iter().map(|v| v.verifications).sum();
            println!(
                "{verb} {} versions ({pacts} pacts, {verifications} verification results), {} unused pact contents{}, \
                 {} duplicate verification results; kept {} versions; {} transactions",
                report.removed.len(),
                report.removed_pact_contents,
                if args.dry_run { " (already unused)" } else { "" },
                report.removed_duplicate_verifications,
                report.kept_versions,
                report.batches,
            );
            ExitCode::SUCCESS
        }
        Err(CleanError::AlreadyRunning) => {
            eprintln!("pact-broker clean: {}", CleanError::AlreadyRunning);
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("pact-broker clean: {e}");
            ExitCode::FAILURE
        }
    }
}
