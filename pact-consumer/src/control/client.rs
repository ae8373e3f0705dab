//! The `pact-mock-server` commands that talk to a running control server: `create`, `list`,
//! `verify`, `shutdown` and `shutdown-master`. Output and exit codes are the reference `pact
//! mock`'s: 0 ok, 2 verification failed, 3 no such mock server, 10 `list` failed, 20 `create`
//! failed, 30 `shutdown`/`shutdown-master` failed, 40 `verify` could not ask.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::{Value, json};

/// Talks to the control server at `host:port`.
#[derive(Debug, Clone)]
pub struct ControlClient {
    base: String,
    http: reqwest::Client,
}

/// A mock server to act on: by id or by port.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// The id `create` printed.
    Id(String),
    /// The mock server's port.
    Port(u16),
}

impl Target {
    fn key(&self) -> String {
        match self {
            Target::Id(id) => id.clone(),
            Target::Port(port) => port.to_string(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Target::Id(_) => "id",
            Target::Port(_) => "port",
        }
    }
}

/// Prints the reference's error lines and gives the exit code.
fn fail(message: &str, code: u8) -> u8 {
    eprintln!("ERROR: {message}\nExiting with status {code}");
    code
}

/// Sends `request` to the control server at `url`: the reply's text when it succeeded, else the
/// reference's error line is printed and `code` returned.
async fn successful_text(request: reqwest::RequestBuilder, url: &str, code: u8) -> Result<String, u8> {
    let response = request.send().await.map_err(|err| {
        fail(
            &format!("Failed to connect to the master mock server '{url}': {err}"),
            code,
        )
    })?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(fail(
            &format!("Master mock server returned an error: {status}\n{text}"),
            code,
        ));
    }
    Ok(text)
}

impl ControlClient {
    /// A client for the control server on `host:port`.
    pub fn new(host: &str, port: u16) -> Self {
        let host = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        ControlClient {
            base: format!("http://{host}:{port}"),
            http: reqwest::Client::new(),
        }
    }

    /// `list`: a table of the running mock servers.
    pub async fn list(&self) -> u8 {
        let url = format!("{}/", self.base);
        let text = match successful_text(self.http.get(&url), &url, 10).await {
            Ok(text) => text,
            Err(code) => return code,
        };
        let servers = match serde_json::from_str::<Value>(&text) {
            Ok(value) => match value.get("mockServers").and_then(Value::as_array) {
                Some(servers) => servers.clone(),
                None => {
                    return fail(
                        "Invalid JSON received from master server - no mockServers array",
                        10,
                    );
                }
            },
            Err(err) => return fail(&format!("Failed to parse JSON: {err}"), 10),
        };
        let field = |server: &Value, key: &str| match server.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let mut rows = vec![[
            "Mock Server Id".to_string(),
            "Port".to_string(),
            "Provider".to_string(),
            "Verification State".to_string(),
        ]];
        for server in &servers {
            rows.push([
                field(server, "id"),
                field(server, "port"),
                field(server, "provider"),
                field(server, "status"),
            ]);
        }
        print!("{}", table(&rows));
        0
    }

    /// `create -f FILE`: a new mock server from the pact in `file`.
    pub async fn create(&self, file: &Path, cors: bool, tls: bool) -> u8 {
        let display = file.display();
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(err) => return fail(&format!("Failed to load pact file '{display}': {err}"), 20),
        };
        let value: Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
            Ok(value) => value,
            Err(err) => return fail(&format!("Failed to load pact file '{display}': {err}"), 20),
        };
        if let Err(err) = pact_core::format::read_pact_value(&value) {
            return fail(&format!("Failed to load pact file '{display}': {err}"), 20);
        }
        let mut flags = Vec::new();
        if cors {
            flags.push("cors=true");
        }
        if tls {
            flags.push("tls=true");
        }
        let url = if flags.is_empty() {
            format!("{}/", self.base)
        } else {
            format!("{}/?{}", self.base, flags.join("&"))
        };
        let request = self
            .http
            .post(&url)
            .header("Content-Type", "application/json")
            .body(value.to_string());
        let text = match successful_text(request, &url, 20).await {
            Ok(text) => text,
            Err(code) => return code,
        };
        let created = serde_json::from_str::<Value>(&text).ok();
        let server = created.as_ref().and_then(|v| v.get("mockServer"));
        let id = server.and_then(|s| s.get("id")).and_then(Value::as_str);
        let port = server.and_then(|s| s.get("port")).and_then(Value::as_u64);
        match (id, port) {
            (Some(id), Some(port)) => {
                println!("Mock server {id} started on port {port}");
                0
            }
            _ => fail(&format!("Invalid JSON received from master server: {text}"), 20),
        }
    }

    /// `verify`: whether the mock server saw what its pact expects (then the pact is written).
    pub async fn verify(&self, target: &Target) -> u8 {
        let (key, kind) = (target.key(), target.kind());
        let url = format!("{}/mockserver/{key}/verify", self.base);
        let response = match self.http.post(&url).send().await {
            Ok(response) => response,
            Err(err) => {
                return fail(
                    &format!("Failed to connect to the master mock server '{url}': {err}"),
                    40,
                );
            }
        };
        let status = response.status();
        if status.is_success() {
            // The reference's wording, word for word (scripts match it).
            println!("Mock server with {key} '{kind}' verified ok");
            return 0;
        }
        if status == StatusCode::NOT_FOUND {
            println!(
                "No mock server found with {kind} '{key}', use the 'list' command to get a list of available mock servers."
            );
            return 3;
        }
        let text = response.text().await.unwrap_or_default();
        if status != StatusCode::UNPROCESSABLE_ENTITY {
            return fail(
                &format!("Unexpected response from master mock server '{url}': {status}"),
                40,
            );
        }
        let Ok(body) = serde_json::from_str::<Value>(&text) else {
            return fail(&format!("Failed to parse JSON: {text}"), 40);
        };
        print!("{}", describe_failures(&body));
        2
    }

    /// `shutdown`: stops one mock server.
    pub async fn shutdown(&self, target: &Target) -> u8 {
        let (key, kind) = (target.key(), target.kind());
        let url = format!("{}/mockserver/{key}", self.base);
        match self.http.delete(&url).send().await {
            Ok(response) if response.status().is_success() => {
                println!("Mock server with {kind} '{key}' shutdown ok");
                0
            }
            Ok(response) if response.status() == StatusCode::NOT_FOUND => {
                println!(
                    "No mock server found with {kind} '{key}', use the 'list' command to get a list of available mock servers."
                );
                3
            }
            Ok(response) => fail(
                &format!(
                    "Unexpected response from master mock server '{url}': {}",
                    response.status()
                ),
                30,
            ),
            Err(err) => fail(
                &format!("Failed to connect to the master mock server '{url}': {err}"),
                30,
            ),
        }
    }

    /// `shutdown-master`: stops the control server after `period_ms`.
    pub async fn shutdown_master(&self, server_key: &str, period_ms: u64) -> u8 {
        let url = format!("{}/shutdown", self.base);
        let sent = self
            .http
            .post(&url)
            .bearer_auth(server_key)
            .header("Content-Type", "application/json")
            .body(json!({ "period": period_ms }).to_string())
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => {
                println!("Master server shutting down ok");
                0
            }
            Ok(response) if response.status() == StatusCode::FORBIDDEN => fail(
                &format!("Invalid server key: got response {}", response.status()),
                30,
            ),
            Ok(response) => fail(
                &format!(
                    "Unexpected response from master mock server '{url}': {}",
                    response.status()
                ),
                30,
            ),
            Err(err) => fail(
                &format!("Failed to connect to the master mock server '{url}': {err}"),
                30,
            ),
        }
    }
}

/// The reference's report of a failed verification: a count, then one line per mismatch.
fn describe_failures(body: &Value) -> String {
    let server = body.get("mockServer");
    let id = server
        .and_then(|s| s.get("id"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    let port = server
        .and_then(|s| s.get("port"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let empty = Vec::new();
    let mismatches = body.get("mismatches").and_then(Value::as_array).unwrap_or(&empty);
    let mut out = format!(
        "Mock server {id}/{port} failed verification with {} errors\n\n",
        mismatches.len()
    );
    for (i, mismatch) in mismatches.iter().enumerate() {
        let request = mismatch.get("request").cloned().unwrap_or(Value::Null);
        match mismatch.get("type").and_then(Value::as_str).unwrap_or("") {
            "missing-request" => {
                out.push_str(&format!("{i} - Expected request was not received - {request}\n"))
            }
            "request-not-found" => {
                out.push_str(&format!(
                    "{i} - Received a request that was not expected - {request}\n"
                ));
            }
            "request-mismatch" => {
                let method = mismatch.get("method").cloned().unwrap_or(Value::Null);
                let path = mismatch.get("path").cloned().unwrap_or(Value::Null);
                out.push_str(&format!(
                    "{i} - Received a request that did not match with expected - {method} {path}\n"
                ));
                for detail in mismatch
                    .get("mismatches")
                    .and_then(Value::as_array)
                    .unwrap_or(&empty)
                {
                    let text = detail.get("mismatch").cloned().unwrap_or(Value::Null);
                    out.push_str(&format!("        {text}\n"));
                }
            }
            _ => out.push_str(&format!("{i} - Unknown failure - {mismatch}\n")),
        }
    }
    out
}

/// A box-drawn table, first row as the header.
fn table(rows: &[[String; 4]]) -> String {
    let mut widths = [0usize; 4];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let rule = |left: &str, fill: &str, mid: &str, right: &str| {
        let parts: Vec<String> = widths.iter().map(|w| fill.repeat(w + 2)).collect();
        format!("{left}{}{right}\n", parts.join(mid))
    };
    let line = |row: &[String; 4]| {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!(" {cell:<w$} "))
            .collect();
        format!("│{}│\n", cells.join("┆"))
    };
    let mut out = rule("┌", "─", "┬", "┐");
    if let Some((header, body)) = rows.split_first() {
        out.push_str(&line(header));
        out.push_str(&rule("╞", "═", "╪", "╡"));
        for (index, row) in body.iter().enumerate() {
            if index > 0 {
                out.push_str(&rule("├", "╌", "┼", "┤"));
            }
            out.push_str(&line(row));
        }
    }
    out.push_str(&rule("└", "─", "┴", "┘"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lines_up() {
        let rows = vec![
            [
                "Mock Server Id".into(),
                "Port".into(),
                "Provider".into(),
                "Verification State".into(),
            ],
            [
                "0DB845E7".into(),
                "40369".into(),
                "UserService".into(),
                "ok".into(),
            ],
        ];
        let text = table(&rows);
        let widths: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{text}");
        assert!(
            text.contains("│ 0DB845E7       ┆ 40369 ┆ UserService ┆ ok                 │"),
            "{text}"
        );
    }

    #[test]
    fn failures_are_described_like_the_reference() {
        let body = json!({"mockServer": {"id": "AB12CD34", "port": 1234}, "mismatches": [
            {"type": "missing-request", "request": {"method": "GET", "path": "/a"}},
            {"type": "request-not-found", "request": {"method": "GET", "path": "/b"}}
        ]});
        let text = describe_failures(&body);
        assert!(text.starts_with("Mock server AB12CD34/1234 failed verification with 2 errors\n\n"));
        assert!(text.contains(r#"0 - Expected request was not received - {"method":"GET","path":"/a"}"#));
        assert!(
            text.contains(r#"1 - Received a request that was not expected - {"method":"GET","path":"/b"}"#)
        );
    }
}
