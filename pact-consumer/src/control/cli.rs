//! The control-mode subcommands of `pact-mock-server`, spelled as the reference `pact mock`'s.

use std::net::ToSocketAddrs;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::client::{ControlClient, Target};
use super::{ControlServer, ControlServerConfig};

/// The control-mode commands.
#[derive(Debug, Subcommand)]
#[non_exhaustive]
pub enum Command {
    /// Starts the master mock server
    Start {
        /// the directory where to write files to (defaults to current directory)
        #[arg(short = 'o', long, value_name = "output")]
        output: Option<PathBuf>,
        /// the base port number that mock server ports will be allocated from. If not specified, ports will be randomly assigned by the OS.
        #[arg(long, value_name = "base-port")]
        base_port: Option<u16>,
        /// the server key to use to authenticate shutdown requests (defaults to a random generated one)
        #[arg(long, value_name = "server-key")]
        server_key: Option<String>,
    },
    /// Lists all the running mock servers
    List,
    /// Creates a new mock server from a pact file
    Create {
        /// the pact file to define the mock server
        #[arg(short = 'f', long, value_name = "file")]
        file: PathBuf,
        /// Handle CORS pre-flight requests
        #[arg(short = 'c', long = "cors-preflight")]
        cors: bool,
        /// The Pact specification version to use (defaults to V4); accepted for compatibility, the pact is written in its own version
        #[arg(long, value_name = "specification")]
        specification: Option<String>,
        /// Enable TLS with the mock server: accepted for compatibility, the mock server serves plain HTTP (as the reference's does)
        #[arg(long)]
        tls: bool,
    },
    /// Verify the mock server by id or port number, and generate a pact file if all ok
    Verify(TargetArgs),
    /// Shutdown the mock server by id or port number, releasing all its resources
    Shutdown(TargetArgs),
    /// Performs a graceful shutdown of the master server (displayed when it started)
    ShutdownMaster {
        /// the server key of the master server
        #[arg(short = 'k', long, value_name = "server-key")]
        server_key: String,
        /// the period of time in milliseconds to allow the server to shutdown (defaults to 100ms)
        #[arg(long, value_name = "period", default_value_t = 100)]
        period: u64,
    },
}

/// Which mock server: `-i ID` or `-m PORT`.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct TargetArgs {
    /// the ID of the mock server
    #[arg(short = 'i', long, value_name = "mock-server-id")]
    mock_server_id: Option<String>,
    /// the port number of the mock server
    #[arg(short = 'm', long, value_name = "mock-server-port")]
    mock_server_port: Option<u16>,
}

impl TargetArgs {
    fn target(&self) -> Target {
        match (&self.mock_server_id, self.mock_server_port) {
            (Some(id), _) => Target::Id(id.clone()),
            (None, Some(port)) => Target::Port(port),
            // clap's group makes one of them required.
            (None, None) => Target::Port(0),
        }
    }
}

/// Runs `command` against (or, for `start`, as) the control server on `host:port`
/// (defaults: `localhost:8080`, as the reference's); the process exit code.
pub fn run(command: Command, host: Option<&str>, port: Option<u16>) -> u8 {
    let host = host.unwrap_or("localhost");
    let port = port.unwrap_or(8080);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("ERROR: cannot start the runtime: {err}");
            return 1;
        }
    };
    let client = ControlClient::new(host, port);
    runtime.block_on(async move {
        match command {
            Command::Start {
                output,
                base_port,
                server_key,
            } => start(host, port, output, base_port, server_key).await,
            Command::List => client.list().await,
            Command::Create { file, cors, tls, .. } => client.create(&file, cors, tls).await,
            Command::Verify(target) => client.verify(&target.target()).await,
            Command::Shutdown(target) => client.shutdown(&target.target()).await,
            Command::ShutdownMaster { server_key, period } => {
                client.shutdown_master(&server_key, period).await
            }
        }
    })
}

async fn start(
    host: &str,
    port: u16,
    output: Option<PathBuf>,
    base_port: Option<u16>,
    server_key: Option<String>,
) -> u8 {
    let address = match (host, port).to_socket_addrs().map(|mut a| a.next()) {
        Ok(Some(address)) => address,
        Ok(None) | Err(_) => {
            eprintln!("ERROR: cannot resolve the host {host}");
            return 1;
        }
    };
    let config = ControlServerConfig {
        address,
        output_dir: output.unwrap_or_else(|| PathBuf::from(".")),
        base_port,
        server_key,
    };
    #[cfg(unix)]
    let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(signal) => signal,
        Err(err) => {
            eprintln!("ERROR: cannot listen for SIGTERM: {err}");
            return 1;
        }
    };
    let server = match ControlServer::start(config).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("ERROR: Failed to bind {address}: {err}");
            return 1;
        }
    };
    say(&format!(
        "Master server started on port {}",
        server.address().port()
    ));
    say(&format!("Server key: '{}'", server.server_key()));
    let stop = server.stop.clone();
    #[cfg(unix)]
    let signalled = async move {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    };
    #[cfg(not(unix))]
    let signalled = async move {
        let _ = tokio::signal::ctrl_c().await;
    };
    tokio::select! {
        () = server.stopped() => say("Master server shut down"),
        () = signalled => {
            let _ = stop.send(true);
            say("Master server shut down (signal)");
        }
    }
    0
}

/// Prints a line on standard output; a closed stdout (whoever started us stopped reading) is no
/// reason to stop serving.
fn say(line: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}
