//! `demo`: the whole contract-testing loop on an embedded broker, step by step.
//!
//! ```text
//! cargo run --release -p examples --bin demo [-- --keep-running]
//! ```
//!
//! 1. consumer tests write pacts (order-service's real `UserClient` against the mock provider;
//!    notification-service's real handler fed the `order.created` message);
//! 2. the pacts are published with a consumer version and branch;
//! 3. user-service 1.0.0 is verified from the broker with consumer version selectors, and the
//!    results published (and order-service's message pact too);
//! 4. user-service 1.0.0 is recorded as deployed to production, and `can-i-deploy` says yes for
//!    order-service 1.0.0;
//! 5. user-service 2.0.0 renames `email` to `email_address`: before it is verified, the
//!    OpenAPI diff of its documents (`examples/openapi/`) reports the rename as breaking for
//!    order-service, whose pact reads `email`; then its verification fails and is published as
//!    failed;
//! 6. `can-i-deploy` says no for user-service 2.0.0, with the reason.

mod broker;

use std::path::Path;

use clap::Parser;
use examples::contracts::{
    self, NOTIFICATION_SERVICE, ORDER_SERVICE, USER_SERVICE, with_user_service_states,
};
use examples::order_service::MessageProducer;
use examples::user_service::{RunningUserService, UserServiceConfig};
use pact_verifier::{Broker, ProviderVersion, Selector, VerificationReport, Verifier};

use broker::EmbeddedBroker;

const PRODUCTION: &str = "production";
const CONSUMER_VERSION: &str = "1.0.0";
const BRANCH: &str = "main";

/// Runs consumer tests, publishing, provider verification and can-i-deploy on an embedded broker.
#[derive(Debug, Parser)]
#[command(name = "demo")]
struct Args {
    /// Leave the broker running at the end (browse it) until Ctrl-C.
    #[arg(long)]
    keep_running: bool,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("demo failed: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn step(number: u32, title: &str) {
    println!("\n== Step {number}/6: {title}");
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

async fn run(args: Args) -> Result<(), String> {
    let work = tempfile::Builder::new()
        .prefix("pact-demo-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let broker = EmbeddedBroker::start(work.path()).await?;
    println!(
        "Pact Broker running at {} (database {})",
        broker.url(),
        broker.database_url()
    );
    println!(
        "Broker web UI: {}/ui (integrations, pacts, matrix, network)",
        broker.url()
    );
    println!("Working folder: {}", work.path().display());

    step(1, "consumer tests write pacts");
    let pact_dir = work.path().join("pacts");
    let pacts = contracts::write_all_pacts(&pact_dir)
        .await
        .map_err(|e| e.to_string())?;
    println!("  {ORDER_SERVICE} -> {USER_SERVICE} (HTTP): real UserClient against the mock provider passed");
    println!("    pact file: {}", pacts.order_service.display());
    println!("  {NOTIFICATION_SERVICE} <- {ORDER_SERVICE} (message order.created): real handler passed");
    println!("    pact file: {}", pacts.notification_service.display());

    step(2, "publish the pacts with a consumer version and branch");
    publish(&broker, &pacts.order_service, ORDER_SERVICE).await?;
    publish(&broker, &pacts.notification_service, NOTIFICATION_SERVICE).await?;
    println!(
        "  browse: {}/pacts/provider/{USER_SERVICE}/consumer/{ORDER_SERVICE}/latest",
        broker.url()
    );

    step(3, "verify the providers from the broker and publish the results");
    let report = verify_user_service(&broker, work.path(), "1.0.0", UserServiceConfig::default()).await?;
    print!("{}", indent(&report.render(false)));
    if !report.passed() {
        return Err(format!("{USER_SERVICE} 1.0.0 should honour its pacts"));
    }
    let report = verify_order_service_messages(&broker).await?;
    print!("{}", indent(&report.render(false)));
    if !report.passed() {
        return Err(format!("{ORDER_SERVICE} 1.0.0 should honour its message pact"));
    }
    println!(
        "  browse: {} (matrix page: {})",
        matrix_url(&broker, "1.0.0"),
        matrix_page(&broker)
    );

    step(
        4,
        "record the provider's deployment, then ask can-i-deploy for the consumer",
    );
    broker
        .run(&["create-environment", "--name", PRODUCTION, "--production"])
        .await?;
    broker
        .run(&[
            "record-deployment",
            "--pacticipant",
            USER_SERVICE,
            "--version",
            "1.0.0",
            "--environment",
            PRODUCTION,
        ])
        .await?;
    let yes = can_i_deploy(&broker, ORDER_SERVICE, CONSUMER_VERSION).await?;
    if !yes {
        return Err(format!("{ORDER_SERVICE} {CONSUMER_VERSION} should be deployable"));
    }
    broker
        .run(&[
            "record-deployment",
            "--pacticipant",
            ORDER_SERVICE,
            "--version",
            CONSUMER_VERSION,
            "--environment",
            PRODUCTION,
        ])
        .await?;

    step(
        5,
        "breaking change: UserService 2.0.0 renames `email` to `email_address`",
    );
    openapi_diff(&broker).await?;
    let config = UserServiceConfig::default().with_breaking_change();
    let report = verify_user_service(&broker, work.path(), "2.0.0", config).await?;
    print!("{}", indent(&report.render(false)));
    if report.passed() {
        return Err(format!("{USER_SERVICE} 2.0.0 should fail verification"));
    }
    println!("  the failed verification was published for {USER_SERVICE} 2.0.0");
    println!(
        "  browse: {} (matrix page: {})",
        matrix_url(&broker, "2.0.0"),
        matrix_page(&broker)
    );

    step(6, "ask can-i-deploy for the breaking provider");
    let yes = can_i_deploy(&broker, USER_SERVICE, "2.0.0").await?;
    if yes {
        return Err(format!("{USER_SERVICE} 2.0.0 should not be deployable"));
    }

    println!(
        "\nDone: the broker said yes for {ORDER_SERVICE} {CONSUMER_VERSION}, then no for {USER_SERVICE} 2.0.0."
    );
    if args.keep_running {
        println!("The broker stays up at {} — press Ctrl-C to stop.", broker.url());
        tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The contract-first check, before any provider runs: the OpenAPI diff of user-service 1.0.0 and
/// 2.0.0 with the consumers each breaking change breaks (as `pact-broker openapi-diff` prints it).
async fn openapi_diff(broker: &EmbeddedBroker) -> Result<(), String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi");
    let (old_path, new_path) = (
        dir.join("user-service-1.0.0.yaml"),
        dir.join("user-service-2.0.0.yaml"),
    );
    println!(
        "  $ pact-broker openapi-diff {} {} --provider {USER_SERVICE}",
        old_path.display(),
        new_path.display()
    );
    let read = |path: &Path| {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        pact_openapi::OpenApi::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (old, new) = (read(&old_path)?, read(&new_path)?);
    let client = pact_broker_client::HalClient::new(broker.url()).map_err(|e| e.to_string())?;
    let body = pact_broker::evolution::fetch_field_usage(&client, USER_SERVICE, None, None)
        .await
        .map_err(|e| e.to_string())?;
    let interactions = body["interactions"].as_array().cloned().unwrap_or_default();
    let usage = pact_openapi::usage::FieldUsage {
        interactions: interactions
            .iter()
            .filter_map(pact_openapi::usage::InteractionUse::from_json)
            .collect(),
    };
    let report = pact_openapi::usage::impact(&pact_openapi::diff::diff(&old, &new), &old, &usage);
    print!("{}", indent(&report.to_string()));
    if !report.broken_consumers().iter().any(|c| c == ORDER_SERVICE) {
        return Err(format!(
            "the OpenAPI diff should report the rename as breaking for {ORDER_SERVICE}"
        ));
    }
    Ok(())
}

async fn publish(broker: &EmbeddedBroker, pact: &Path, consumer: &str) -> Result<(), String> {
    let path = pact.display().to_string();
    broker
        .run(&[
            "publish",
            &path,
            "--consumer-app-version",
            CONSUMER_VERSION,
            "--branch",
            BRANCH,
        ])
        .await?;
    println!("  published {consumer} {CONSUMER_VERSION} (branch {BRANCH})");
    Ok(())
}

/// Runs user-service `version` on a fresh SQLite file and verifies it against the pacts the
/// broker selects, publishing the results.
async fn verify_user_service(
    broker: &EmbeddedBroker,
    work: &Path,
    version: &str,
    config: UserServiceConfig,
) -> Result<VerificationReport, String> {
    let database = work.join(format!("user-service-{version}.sqlite"));
    let service = RunningUserService::start(&database, config)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "  {USER_SERVICE} {version} running at {} (database {}), breaking change {}",
        service.url(),
        database.display(),
        if config.breaking_change { "ON" } else { "off" }
    );
    println!(
        "  selectors: {{\"mainBranch\": true}}, {{\"deployedOrReleased\": true}}; publishing results as {version} (branch {BRANCH})"
    );
    let source = Broker::new(broker.url())
        .selectors([Selector::main_branch(), Selector::deployed_or_released()])
        .provider_branch(BRANCH);
    let verifier = Verifier::new(USER_SERVICE)
        .pacts_from_broker(source)
        .provider_url(service.url())
        .publish_results(ProviderVersion::new(version).branch(BRANCH));
    Ok(with_user_service_states(verifier, service.store().clone())
        .verify()
        .await)
}

/// Serves order-service's message producer and verifies it against the broker's message pacts.
async fn verify_order_service_messages(broker: &EmbeddedBroker) -> Result<VerificationReport, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let url = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, MessageProducer::new().router()).await;
    });
    println!("  {ORDER_SERVICE} {CONSUMER_VERSION} message producer at {url}");
    let report = Verifier::new(ORDER_SERVICE)
        .pacts_from_broker(
            Broker::new(broker.url())
                .selectors([Selector::main_branch()])
                .provider_branch(BRANCH),
        )
        .provider_url(url)
        .publish_results(ProviderVersion::new(CONSUMER_VERSION).branch(BRANCH))
        .verify()
        .await;
    server.abort();
    Ok(report)
}

/// The broker's matrix of order-service 1.0.0 and user-service `provider_version`.
fn matrix_url(broker: &EmbeddedBroker, provider_version: &str) -> String {
    format!(
        "{}/matrix?q[][pacticipant]={ORDER_SERVICE}&q[][version]={CONSUMER_VERSION}\
         &q[][pacticipant]={USER_SERVICE}&q[][version]={provider_version}&latestby=cvpv",
        broker.url()
    )
}

/// The web UI's matrix page of the order-service/user-service pair.
fn matrix_page(broker: &EmbeddedBroker) -> String {
    format!(
        "{}/matrix/provider/{USER_SERVICE}/consumer/{ORDER_SERVICE}",
        broker.url()
    )
}

/// Asks the broker and prints its answer; true for yes.
async fn can_i_deploy(broker: &EmbeddedBroker, pacticipant: &str, version: &str) -> Result<bool, String> {
    let matrix = broker.can_i_deploy(pacticipant, version, PRODUCTION).await?;
    print!("{}", indent(&matrix.report()));
    let reason = matrix.reason().unwrap_or("no reason given");
    match matrix.deployable() {
        Some(true) => {
            println!("  can-i-deploy {pacticipant} {version} to {PRODUCTION}: YES ({reason})");
            Ok(true)
        }
        Some(false) | None => {
            println!("  can-i-deploy {pacticipant} {version} to {PRODUCTION}: NO ({reason})");
            Ok(false)
        }
    }
}
