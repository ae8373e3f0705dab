//! The `pact-mock-server` binary sends and accepts what real-world pacts mean: base64 bodies of
//! binary and multipart types in V3 files, generators inside XML bodies, header values as written,
//! and `Content-Length` computed from the body actually sent. Where the reference CLI is installed
//! the reference verifier (`pact verifier`) verifies the same fragments against our mock server.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected errors

mod common;

use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::pact_dir;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_pact-mock-server");

const FORM: &str = "--pactBoundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nholiday\r\n\
--pactBoundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
Content-Type: text/plain\r\n\r\nhello file\r\n--pactBoundary--\r\n";

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe,
];

/// A V3 upload as pact-jvm and pact-php write it: multipart request and PNG response in base64.
fn upload_pact() -> Value {
    json!({
        "consumer": {"name": "UploadWeb"}, "provider": {"name": "UploadService"},
        "interactions": [{
            "description": "an upload of a form with a file",
            "request": {"method": "POST", "path": "/upload",
                "headers": {"Content-Type": "multipart/form-data; boundary=pactBoundary"},
                "body": STANDARD.encode(FORM)},
            "response": {"status": 201, "headers": {"Content-Type": "image/png"}, "body": STANDARD.encode(PNG)}
        }],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

/// A V4 XML response with empty examples under generators; `prefix` is `"aka:"` for namespaced
/// elements as pact-php writes them, or `""`.
fn countries_pact(prefix: &str) -> Value {
    let xmlns = if prefix.is_empty() {
        String::new()
    } else {
        " xmlns:aka=\"http://example.com/aka\"".to_string()
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{prefix}countries{xmlns}><{prefix}argentina {prefix}code=\"\" founded=\"\"></{prefix}argentina></{prefix}countries>"
    );
    let at = |tail: &str| format!("$['{prefix}countries']['{prefix}argentina']{tail}");
    let rules = json!({
        at("['#text']"): {"combine": "AND", "matchers": [{"match": "regex", "regex": "^[A-Z][a-z]{4} [A-Z]{2}$"}]},
        at(&format!("['@{prefix}code']")): {"combine": "AND", "matchers": [{"match": "regex", "regex": "^[A-Za-z0-9]{3}$"}]},
        at("['@founded']"): {"combine": "AND", "matchers": [{"match": "date", "format": "yyyy-MM-dd"}]}
    });
    let generators = json!({
        at("['#text']"): {"type": "Regex", "regex": "[A-Z][a-z]{4} [A-Z]{2}"},
        at(&format!("['@{prefix}code']")): {"type": "RandomString", "size": 3},
        at("['@founded']"): {"type": "Date", "format": "yyyy-MM-dd"}
    });
    json!({
        "consumer": {"name": "XmlWeb"}, "provider": {"name": "XmlService"},
        "interactions": [{
            "type": "Synchronous/HTTP", "description": "countries as XML",
            "request": {"method": "GET", "path": "/countries"},
            "response": {"status": 200, "headers": {"Content-Type": ["application/xml"]},
                "body": {"contentType": "application/xml", "encoded": false, "content": xml},
                "matchingRules": {"body": rules}, "generators": {"body": generators}}
        }],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
}

/// A V3 pact with comma-separated header values and, when `framing`, the `Content-Length`
/// values pact-jvm records (63 and 999 for bodies of 32 and 8 bytes).
fn headers_pact(framing: bool) -> Value {
    let mut pact = json!({
        "consumer": {"name": "HeaderWeb"}, "provider": {"name": "HeaderService"},
        "interactions": [{
            "description": "a request with header lists",
            "request": {"method": "POST", "path": "/items",
                "headers": {"Content-Type": "application/json", "X-Request": "a, b"},
                "body": {"name": "book", "tags": ["x", "y"]}},
            "response": {"status": 201,
                "headers": {"Content-Type": "application/json", "X-Response": "response1, response2"},
                "body": {"id": 7}}
        }],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    if framing {
        pact["interactions"][0]["request"]["headers"]["Content-Length"] = json!("63");
        pact["interactions"][0]["response"]["headers"]["Content-Length"] = json!("999");
    }
    pact
}

/// A running `pact-mock-server`, killed (by its PID) when dropped.
struct MockServer {
    child: Child,
    url: String,
    port: u16,
}

impl MockServer {
    fn serve(pact: &Path) -> MockServer {
        let mut child = Command::new(BIN)
            .arg("-f")
            .arg(pact)
            .args(["--host", "127.0.0.1", "-p", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("pact-mock-server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("a first line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        let port = url.rsplit(':').next().unwrap().parse().unwrap();
        MockServer { child, url, port }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write_pact(dir: &Path, name: &str, pact: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, pact.to_string()).unwrap();
    path
}

fn multipart(boundary: &str, title: &str) -> String {
    format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n{title}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nhello file\r\n--{boundary}--\r\n"
    )
}

#[tokio::test]
async fn a_base64_multipart_upload_in_a_v3_pact_accepts_a_real_multipart_request() {
    let dir = pact_dir();
    let server = MockServer::serve(&write_pact(dir.path(), "upload.json", &upload_pact()));
    let client = reqwest::Client::new();
    let upload = |title: &str| {
        client
            .post(format!("{}/upload", server.url))
            .header("Content-Type", "multipart/form-data; boundary=XyZ42")
            .body(multipart("XyZ42", title))
            .send()
    };
    let answer = upload("holiday").await.unwrap();
    assert_eq!(answer.status(), 201);
    assert_eq!(answer.headers()["content-type"], "image/png");
    assert_eq!(answer.bytes().await.unwrap().as_ref(), PNG);

    let wrong = upload("work").await.unwrap();
    assert_eq!(wrong.status(), 500);
    let report = wrong.text().await.unwrap();
    assert!(report.contains("title"), "{report}");
}

#[tokio::test]
async fn xml_generators_fill_namespaced_element_text_and_attributes() {
    let dir = pact_dir();
    let server = MockServer::serve(&write_pact(dir.path(), "xml.json", &countries_pact("aka:")));
    let xml = reqwest::get(format!("{}/countries", server.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = generated_countries(&xml);
    assert!(
        regex::Regex::new("^[A-Z][a-z]{4} [A-Z]{2}$")
            .unwrap()
            .is_match(&doc.text),
        "{xml}"
    );
    assert_eq!(doc.code.chars().count(), 3, "{xml}");
    assert!(
        regex::Regex::new(r"^\d{4}-\d{2}-\d{2}$")
            .unwrap()
            .is_match(&doc.founded),
        "{xml}"
    );
    assert!(xml.contains("xmlns:aka=\"http://example.com/aka\""), "{xml}");
}

/// The generated values of the countries document, found with regexes (no XML crate needed).
struct Countries {
    text: String,
    code: String,
    founded: String,
}

fn generated_countries(xml: &str) -> Countries {
    let found =
        regex::Regex::new(r#"<aka:argentina aka:code="([^"]*)" founded="([^"]*)">([^<]*)</aka:argentina>"#)
            .unwrap()
            .captures(xml)
            .unwrap_or_else(|| panic!("no generated argentina in {xml}"));
    Countries {
        code: found[1].to_string(),
        founded: found[2].to_string(),
        text: found[3].to_string(),
    }
}

/// Sends `request` over a raw connection and returns the whole answer as text.
fn raw_exchange(port: u16, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = std::io::Read::read_to_end(&mut stream, &mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn header_values_go_out_as_written_and_content_length_is_the_real_one() {
    let dir = pact_dir();
    let server = MockServer::serve(&write_pact(dir.path(), "headers.json", &headers_pact(true)));
    let body = r#"{"name":"book","tags":["x","y"]}"#;
    let answer = raw_exchange(
        server.port,
        &format!(
            "POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             X-Request: a, b\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    let (head, payload) = answer.split_once("\r\n\r\n").unwrap();
    let lines: Vec<String> = head.lines().map(str::to_ascii_lowercase).collect();
    assert!(lines[0].starts_with("http/1.1 201"), "{answer}");
    let named = |name: &str| -> Vec<&String> {
        lines
            .iter()
            .filter(|l| l.starts_with(&format!("{name}:")))
            .collect()
    };
    assert_eq!(
        named("x-response"),
        ["x-response: response1, response2"],
        "{answer}"
    );
    assert_eq!(named("content-length"), ["content-length: 8"], "{answer}");
    assert_eq!(payload, r#"{"id":7}"#);
}

fn reference_cli() -> Option<PathBuf> {
    let path = std::env::var_os("PACT_REFERENCE_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/peers/venv/bin/pact"));
    if path.is_file() {
        return Some(path);
    }
    let required = std::env::var("PACT_INTEROP_REQUIRED").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "PACT_INTEROP_REQUIRED=1 but the reference pact CLI is not at {}",
        path.display()
    );
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!!!! SKIPPED: the reference pact CLI is not at {} (set PACT_REFERENCE_CLI) !!!!!!!!!!\n",
        path.display()
    );
    None
}

/// The reference verifier verifies our mock server serving `pact`: whether it passed, and its output.
fn reference_verifies(cli: &Path, pact: &Path) -> (bool, String) {
    let server = MockServer::serve(pact);
    let output = Command::new(cli)
        .args(["verifier", "-f"])
        .arg(pact)
        .args(["-h", "127.0.0.1", "-p", &server.port.to_string(), "--no-colour"])
        .env("PACT_DO_NOT_TRACK", "true")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// The reference verifier accepts what our mock server answers for each fragment. (Namespaced XML
/// rule paths and recorded `Content-Length` values are left out: the reference verifier reads
/// `aka:` paths as namespace URIs and sends the recorded `Content-Length`, see the README.)
#[test]
fn the_reference_verifier_accepts_our_mock_server_for_these_fragments() {
    let Some(cli) = reference_cli() else { return };
    let dir = pact_dir();
    for (name, pact) in [
        ("upload.json", upload_pact()),
        ("xml.json", countries_pact("")),
        ("headers.json", headers_pact(false)),
    ] {
        let path = write_pact(dir.path(), name, &pact);
        let (passed, output) = reference_verifies(&cli, &path);
        assert!(passed, "the reference verifier rejected {name}:\n{output}");
    }
}
