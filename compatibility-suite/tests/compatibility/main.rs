//! Runs every scenario of the vendored Pact compatibility suite (except those tagged `@wip`
//! upstream) against this workspace's crates, prints the counts per feature and fails when a
//! scenario fails that is not a known, documented failure.
//!
//! `cargo test -p compatibility-suite` runs it; set `COMPAT_FEATURE=V3/matching_rules` to run the
//! features whose path contains that text.

// Steps fail by panicking, as test assertions do.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, unreachable_pub)]

mod consumer;
mod dsl;
mod generators;
mod interactions;
mod matching;
mod mismatches;
mod provider;
mod world;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use compatibility_suite::fixtures::features_dir;
use compatibility_suite::tally::{Tally, feature_key};
use cucumber::World as _;

use world::CompatWorld;

fn main() {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let only = std::env::var("COMPAT_FEATURE").ok();
    let skipped: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let noted = Arc::clone(&skipped);
    let mut tally = runtime.block_on(async move {
        CompatWorld::cucumber()
            .with_writer(Tally::default())
            .with_default_cli()
            .max_concurrent_scenarios(8)
            .before(|feature, _rule, _scenario, world| {
                let key = feature_key(feature.path.as_deref(), &feature.name);
                Box::pin(async move { world.set_feature(&key) })
            })
            .filter_run(features_dir(), move |feature, _rule, scenario| {
                let key = feature_key(feature.path.as_deref(), &feature.name);
                if only.as_deref().is_some_and(|only| !key.contains(only)) {
                    return false;
                }
                let wip = scenario.tags.iter().chain(&feature.tags).any(|t| t == "wip");
                if wip {
                    noted
                        .lock()
                        .expect("not poisoned")
                        .push((key, scenario.name.clone()));
                }
                !wip
            })
            .await
    });
    for (feature, scenario) in skipped.lock().expect("not poisoned").drain(..) {
        tally.note_skipped(feature, scenario);
    }
    let verdict = tally.verdict();
    println!("{}", verdict.report);
    println!(
        "scenarios: {} passed, {} failed ({} known failures), {} skipped (@wip); {:.1} s",
        verdict.passed,
        verdict.failed,
        verdict.known,
        verdict.skipped,
        started.elapsed().as_secs_f64()
    );
    if !verdict.ok {
        println!("the compatibility suite FAILED: see the scenarios marked FAILED or NOW PASSES above");
        std::process::exit(1);
    }
}
