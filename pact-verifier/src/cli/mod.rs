//! The `pact-verifier` command line: flags in, a [`pact_verifier::Verifier`] run, reports and an
//! exit code out.

mod args;
mod openapi;

use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser as _;
use pact_verifier::{
    Auth, Broker, LastFailed, ProviderVersion, RetryPolicy, Selector, StateChangeUrl, Verifier,
};

use args::Args;

/// Parses the flags, verifies, writes the reports; the process exit code.
pub(crate) async fn run() -> ExitCode {
    let args = Args::parse();
    init_logging(&args);
    if args.xslt.is_some() {
        eprintln!(
            "error: --xslt is not supported: --html writes a self-contained HTML page without an XSLT step (JUnit XML for other tools is written with --junit)\n\nFor more information, try '--help'."
        );
        return ExitCode::from(2);
    }
    let colour = !args.no_colour
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();

    if args.file.is_empty() && args.dir.is_empty() && args.url.is_empty() && args.broker_url.is_none() {
        eprintln!(
            "error: no pacts to verify; give at least one of -f/--file, -d/--dir, -u/--url or -b/--broker-url\n\nFor more information, try '--help'."
        );
        return ExitCode::from(2);
    }
    if args.broker_url.is_some() && args.provider_name.is_none() && args.webhook_callback_url.is_none() {
        eprintln!(
            "error: -b/--broker-url needs the provider name (-n/--provider-name or PACT_PROVIDER_NAME)\n\nFor more information, try '--help'."
        );
        return ExitCode::from(2);
    }

    let mut verifier = build_verifier(&args);
    if args.last_failed
        && let Some(path) = &args.json
    {
        match LastFailed::read(path) {
            Ok(Some(failed)) if failed.is_empty() => eprintln!(
                "warning: --last-failed: no interaction failed in the previous run ({}); verifying every interaction, as the reference does",
                path.display()
            ),
            Ok(Some(failed)) => {
                tracing::warn!(
                    "--last-failed is set: only the {} interaction(s) that failed last time are verified",
                    failed.len()
                );
                verifier = verifier.only_last_failed(failed);
            }
            Ok(None) => eprintln!(
                "warning: --last-failed: there is no previous JSON report at {}; verifying every interaction",
                path.display()
            ),
            Err(message) => {
                eprintln!("error: --last-failed: {message}");
                return ExitCode::from(1);
            }
        }
    }
    if let Some(path) = &args.openapi {
        if args.publish {
            eprintln!(
                "error: --publish cannot be used with --openapi: bi-directional results are recorded by the Pact Broker when the provider publishes its OpenAPI document (pact-broker publish-provider-contract)\n\nFor more information, try '--help'."
            );
            return ExitCode::from(2);
        }
        match openapi::read(path) {
            Ok(api) => verifier = verifier.check_against_openapi(api, path.display().to_string()),
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(1);
            }
        }
    }
    let report = verifier.verify().await;

    print!("{}", report.render(colour));
    let mut exit = if report.passed() { 0 } else { 1 };
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!(
                "error: could not write the JSON report to {}: {e}",
                path.display()
            );
            exit = 1;
        }
    }
    if let Some(path) = &args.junit
        && let Err(e) = std::fs::write(path, report.to_junit())
    {
        eprintln!(
            "error: could not write the JUnit report to {}: {e}",
            path.display()
        );
        exit = 1;
    }
    if let Some(path) = &args.html
        && let Err(e) = std::fs::write(path, report.to_html())
    {
        eprintln!(
            "error: could not write the HTML report to {}: {e}",
            path.display()
        );
        exit = 1;
    }
    ExitCode::from(exit)
}

fn auth(args: &Args) -> Option<Auth> {
    if let Some(token) = &args.token {
        return Some(Auth::bearer(token));
    }
    args.user.as_ref().map(|user| Auth::Basic {
        username: user.clone(),
        password: args.password.clone(),
    })
}

fn build_verifier(args: &Args) -> Verifier {
    let provider = args.provider_name.clone().unwrap_or_else(|| "provider".into());
    let host = args.hostname.clone().unwrap_or_else(|| "localhost".into());
    let transport_url = |t: &args::Transport| {
        format!(
            "{}://{host}:{}{}",
            t.name,
            t.port,
            t.path.as_deref().unwrap_or("")
        )
    };
    // Without -p, the --transports entry named like --transport is the default.
    let default_transport = args.transports.iter().find(|t| t.name == args.transport);
    let provider_url = match (args.port, default_transport) {
        (Some(port), _) => format!("{}://{host}:{port}", args.transport),
        (None, Some(t)) => transport_url(t),
        (None, None) => format!("{}://{host}", args.transport),
    };
    let mut verifier = Verifier::new(provider)
        .provider_url(provider_url)
        .concurrency(args.concurrency)
        .ignore_no_pacts(args.ignore_no_pacts_error)
        .broker_retries(RetryPolicy::broker(args.retries));
    for transport in &args.transports {
        verifier = verifier.transport(&transport.name, transport_url(transport));
    }
    if args.exit_on_first_error {
        verifier = verifier.exit_on_first_error();
    }
    let credentials = auth(args);
    for file in &args.file {
        verifier = verifier.pact_file(file);
    }
    for dir in &args.dir {
        verifier = verifier.pact_dir(dir);
    }
    for url in &args.url {
        verifier = match &credentials {
            Some(a) => verifier.pact_url_with_auth(url, a.clone()),
            None => verifier.pact_url(url),
        };
    }
    if let Some(url) = &args.webhook_callback_url {
        // The broker's "contract requiring verification published" webhook names one pact:
        // verify it (its links say where to publish the results) instead of the broker's selection.
        verifier = match &credentials {
            Some(a) => verifier.pact_url_with_auth(url, a.clone()),
            None => verifier.pact_url(url),
        };
    } else if let Some(url) = &args.broker_url {
        let mut broker = Broker::new(url)
            .auth(credentials.clone())
            .selectors(args.consumer_version_selectors.iter().cloned())
            .selectors(args.consumer_version_tags.iter().map(Selector::latest_tag))
            .provider_tags(args.provider_tags.iter().cloned());
        if let Some(branch) = &args.provider_branch {
            broker = broker.provider_branch(branch);
        }
        if args.enable_pending {
            broker = broker.enable_pending();
        }
        if let Some(since) = &args.include_wip_pacts_since {
            broker = broker.include_wip_pacts_since(since);
        }
        verifier = verifier.pacts_from_broker(broker);
    }
    if let Some(path) = &args.base_path {
        verifier = verifier.base_path(path);
    }
    if let Some(ms) = args.request_timeout {
        verifier = verifier.request_timeout(Duration::from_millis(ms));
    }
    if args.disable_ssl_verification {
        verifier = verifier.disable_ssl_verification();
    }
    if let Some(url) = &args.state_change_url {
        let mut hook = StateChangeUrl::new(url);
        if args.state_change_as_query {
            hook = hook.as_query();
        }
        if args.state_change_teardown {
            hook = hook.with_teardown();
        }
        verifier = verifier.state_change_url(hook);
    }
    if !args.header.is_empty() {
        let headers = args.header.clone();
        verifier = verifier.request_filter(move |request| {
            for (name, value) in &headers {
                request.headers.insert(name.clone(), vec![value.clone()]);
            }
        });
    }
    if let Some(re) = &args.filter_description {
        verifier = verifier.filter_description(re.clone());
    }
    if let Some(re) = &args.filter_state {
        verifier = verifier.filter_state(re.clone());
    }
    if args.filter_no_state {
        verifier = verifier.filter_no_state();
    }
    for consumer in &args.filter_consumer {
        verifier = verifier.filter_consumer(consumer);
    }
    if args.publish
        && let Some(version) = &args.provider_version
    {
        let mut v = ProviderVersion::new(version).tags(args.provider_tags.iter().cloned());
        if let Some(branch) = &args.provider_branch {
            v = v.branch(branch);
        }
        if let Some(url) = &args.build_url {
            v = v.build_url(url);
        }
        verifier = verifier.publish_results(v);
    }
    verifier
}

fn init_logging(args: &Args) {
    let level = args.loglevel.as_deref().or(args.log_level.as_deref());
    let level = match level {
        Some("none" | "off") => return,
        Some("error") => tracing::Level::ERROR,
        Some("info") => tracing::Level::INFO,
        Some("debug") => tracing::Level::DEBUG,
        Some("trace") => tracing::Level::TRACE,
        _ => tracing::Level::WARN,
    };
    let ansi = !args.no_colour
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    let _ = if args.pretty_log {
        builder.pretty().try_init()
    } else if args.compact_log {
        builder.compact().try_init()
    } else {
        // --full-log is tracing's default format.
        builder.try_init()
    };
}
