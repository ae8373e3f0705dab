//! Malformed HTTP requests sent over raw TCP (loopback only), for the hostile-input runs against
//! `pact-mock-server` (pact-consumer/tests/hostile_http.rs) and `pact-broker`
//! (broker/tests/hostile_http.rs): bad methods and request lines, too many and too large headers,
//! header junk, huge declared and real bodies, broken chunking, broken JSON, odd encodings and
//! paths, and slow clients. Deterministic: a seed gives the same requests every run.
#![allow(dead_code, unreachable_pub, missing_docs)]
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Mutex;
use std::time::Duration;

/// A small deterministic generator (xorshift64*): no dependency, same requests every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }

    /// Between 1 and `max` random bytes.
    pub fn some_bytes(&mut self, max: usize) -> Vec<u8> {
        let n = 1 + self.below(max);
        self.bytes(n)
    }
}

/// Where the hostile requests go: paths the server really serves, and whether write methods
/// (always with a broken body) are sent to them.
pub struct Target<'a> {
    pub paths: &'a [&'a str],
}

const WRITE_METHODS: &[&str] = &["POST", "PUT", "PATCH"];
const KNOWN_METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
];

/// JSON bodies that are not JSON (each one fails to parse).
fn broken_json(rng: &mut Rng) -> Vec<u8> {
    match rng.below(9) {
        0 => b"{\"consumer\": {\"name\": ".to_vec(),
        1 => vec![b'['; 100_000],
        2 => [b"{\"a\": \"".as_slice(), &[0xff, 0xfe, 0xc0, 0xaf], b"\"}"].concat(),
        3 => [
            &[0xfe, 0xff][..],
            "{\"a\":1}"
                .encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect::<Vec<_>>()
                .as_slice(),
        ]
        .concat(),
        4 => b"{\"a\": 1e999999999999999999, ".to_vec(),
        5 => b"\x00\x00\x00{".to_vec(),
        6 => [b"{\"k\": \"".as_slice(), &vec![b'x'; 200_000], b"".as_slice()].concat(),
        7 => b"{'single': 'quotes'}".to_vec(),
        _ => rng
            .some_bytes(4096)
            .into_iter()
            .map(|b| if b == b'{' { b'}' } else { b })
            .chain([b'{'])
            .collect(),
    }
}

fn head(method: &str, path: &str, headers: &[String]) -> Vec<u8> {
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for header in headers {
        text.push_str(header);
        text.push_str("\r\n");
    }
    text.push_str("\r\n");
    text.into_bytes()
}

/// One malformed request (bytes to send as they are).
pub fn hostile_request(rng: &mut Rng, target: &Target<'_>) -> Vec<u8> {
    let path = *rng.pick(target.paths);
    match rng.below(16) {
        // Bad methods: random tokens, never a real method.
        0 => {
            let mut method: String = (0..1 + rng.below(12))
                .map(|_| char::from(b'A' + rng.below(26) as u8))
                .collect();
            if KNOWN_METHODS.contains(&method.as_str()) {
                method.push('X');
            }
            head(&method, path, &[])
        }
        1 => [
            b"G\x00T ".as_slice(),
            path.as_bytes(),
            b" HTTP/1.1\r\nHost: x\r\n\r\n",
        ]
        .concat(),
        2 => head(&"M".repeat(70_000), path, &[]),
        // Bad request lines and plain junk.
        3 => match rng.below(5) {
            0 => format!("GET {path}\r\n\r\n").into_bytes(),
            1 => format!("GET {path} HTTP/9.9\r\nHost: x\r\n\r\n").into_bytes(),
            2 => b"\r\n\r\n\r\n".to_vec(),
            3 => format!("GET  {path}  HTTP/1.1 extra\r\n\r\n").into_bytes(),
            _ => rng.some_bytes(2000),
        },
        // Too many headers, too large ones, and header junk.
        4 => {
            let count = 101 + rng.below(2000);
            head(
                "GET",
                path,
                &(0..count).map(|i| format!("X-H{i}: v")).collect::<Vec<_>>(),
            )
        }
        5 => head(
            "GET",
            path,
            &[format!(
                "X-Big: {}",
                "v".repeat(65 * 1024 + rng.below(1024 * 1024))
            )],
        ),
        6 => {
            let junk: &[&[u8]] = &[
                b"NoColonHere",
                b"X-Nul: a\x00b",
                b"X-Space : v",
                b" folded: continuation",
                b"X-Bin: \xff\xfe\xfd",
                b": empty-name",
                b"X-\x7f: del",
            ];
            let line = *rng.pick(junk);
            [
                format!("GET {path} HTTP/1.1\r\nHost: x\r\n").as_bytes(),
                line,
                b"\r\n\r\n",
            ]
            .concat()
        }
        // Bodies: huge declared, really large, broken chunking, conflicting lengths.
        7 => {
            let method = *rng.pick(WRITE_METHODS);
            [
                head(
                    method,
                    path,
                    &[
                        "Content-Length: 99999999999999".into(),
                        "Content-Type: application/json".into(),
                    ],
                ),
                b"{\"a\"".to_vec(),
            ]
            .concat()
        }
        8 => {
            let chunk: &[&str] = &[
                "zz\r\nab\r\n0\r\n\r\n",
                "FFFFFFFFFFFFFFFFFFFFFF\r\nab\r\n",
                "5\r\nab\r\n",
                "-1\r\n\r\n",
                "3;ext=\x01\r\nabc\r\n0\r\n\r\n",
            ];
            let method = *rng.pick(WRITE_METHODS);
            [
                head(
                    method,
                    path,
                    &[
                        "Transfer-Encoding: chunked".into(),
                        "Content-Type: application/json".into(),
                    ],
                ),
                rng.pick(chunk).as_bytes().to_vec(),
            ]
            .concat()
        }
        9 => {
            let method = *rng.pick(WRITE_METHODS);
            [
                head(
                    method,
                    path,
                    &["Transfer-Encoding: chunked".into(), "Content-Length: 5".into()],
                ),
                b"5\r\n{\"a\":\r\n0\r\n\r\n".to_vec(),
            ]
            .concat()
        }
        // Broken JSON to real routes.
        10 | 11 => {
            let method = *rng.pick(WRITE_METHODS);
            let body = broken_json(rng);
            let content_type = *rng.pick(&[
                "application/json",
                "application/hal+json",
                "application/json; charset=utf-7",
                "text/plain",
            ]);
            [
                head(
                    method,
                    path,
                    &[
                        format!("Content-Type: {content_type}"),
                        format!("Content-Length: {}", body.len()),
                    ],
                ),
                body,
            ]
            .concat()
        }
        // Odd encodings and odd paths.
        12 => {
            let body = broken_json(rng);
            let encoding = *rng.pick(&["gzip", "br", "deflate", "x-unknown", "gzip, gzip, gzip"]);
            let method = *rng.pick(WRITE_METHODS);
            [
                head(
                    method,
                    path,
                    &[
                        format!("Content-Encoding: {encoding}"),
                        "Content-Type: application/json".into(),
                        format!("Content-Length: {}", body.len()),
                    ],
                ),
                body,
            ]
            .concat()
        }
        13 => {
            let odd: &[&str] = &[
                "%zz",
                "%00",
                "%c0%af",
                "%ff%fe",
                "/..%2f..%2fetc/passwd",
                "?a=%",
                "?%00=%00",
                "//",
                "/;jsessionid=1",
            ];
            let suffix = *rng.pick(odd);
            let query: String = if rng.below(4) == 0 {
                (0..5000)
                    .map(|i| format!("&q{i}=v"))
                    .collect::<String>()
                    .replacen('&', "?", 1)
            } else {
                String::new()
            };
            [
                b"GET ".as_slice(),
                path.as_bytes(),
                suffix.as_bytes(),
                query.as_bytes(),
                b"\xc3\x28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            ]
            .concat()
        }
        14 => match rng.below(4) {
            0 => b"GET http://evil.invalid/ HTTP/1.1\r\nHost: evil.invalid\r\nConnection: close\r\n\r\n"
                .to_vec(),
            1 => b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
            2 => b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n".to_vec(),
            _ => format!(
                "GET {} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "/a".repeat(50_000)
            )
            .into_bytes(),
        },
        // Pipelined junk after a request, and 100-continue without a body.
        _ => {
            let method = *rng.pick(WRITE_METHODS);
            [
                head(
                    method,
                    path,
                    &[
                        "Expect: 100-continue".into(),
                        "Content-Length: 10".into(),
                        "Content-Type: application/json".into(),
                    ],
                ),
                b"{\"a\"".to_vec(),
                rng.bytes(64),
            ]
            .concat()
        }
    }
}

/// What the server did with the requests.
#[derive(Debug, Default)]
pub struct Outcome {
    pub sent: usize,
    /// Answers by status.
    pub statuses: BTreeMap<u16, usize>,
    /// Connections the server closed without an answer (fine for junk it cannot parse).
    pub closed_without_answer: usize,
    /// Connections that neither answered nor closed within the read timeout.
    pub hung: usize,
    /// The first bytes of every answer with a 5xx status, for the failure message.
    pub server_errors: Vec<String>,
    /// The requests with a write method that got a 2xx answer (their first bytes).
    pub accepted_writes: Vec<String>,
    /// The slowest exchanges: time taken and the request's first bytes.
    pub slowest: Vec<(Duration, String)>,
}

/// Sends `request` on a new connection and reads until the answer's head has arrived, the
/// server closes, or `timeout` passes.
fn exchange(address: SocketAddr, request: &[u8], timeout: Duration) -> Result<Option<String>, ()> {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(timeout)).unwrap();
    stream.set_write_timeout(Some(timeout)).unwrap();
    // The server may answer and close before reading everything: a failed write is normal.
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buffer[..n]);
                if answer.windows(4).any(|w| w == b"\r\n\r\n") || answer.len() > 64 * 1024 {
                    break;
                }
            }
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return if answer.is_empty() {
                    Err(())
                } else {
                    Ok(Some(String::from_utf8_lossy(&answer).into_owned()))
                };
            }
            Err(_) => break,
        }
    }
    Ok((!answer.is_empty()).then(|| String::from_utf8_lossy(&answer).into_owned()))
}

/// Sends every request (on `threads` threads, one connection each) and sums up the answers.
pub fn run(address: SocketAddr, requests: Vec<Vec<u8>>, threads: usize) -> Outcome {
    let outcome = Mutex::new(Outcome::default());
    let queue = Mutex::new(requests);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let Some(request) = queue.lock().unwrap().pop() else {
                        return;
                    };
                    let started = std::time::Instant::now();
                    let result = exchange(address, &request, Duration::from_secs(15));
                    let took = started.elapsed();
                    let mut outcome = outcome.lock().unwrap();
                    outcome.sent += 1;
                    outcome.slowest.push((
                        took,
                        String::from_utf8_lossy(&request[..request.len().min(80)]).into_owned(),
                    ));
                    outcome
                        .slowest
                        .sort_by_key(|exchange| std::cmp::Reverse(exchange.0));
                    outcome.slowest.truncate(5);
                    match result {
                        Err(()) => outcome.hung += 1,
                        Ok(None) => outcome.closed_without_answer += 1,
                        Ok(Some(answer)) => {
                            let status = answer.get(9..12).and_then(|s| s.parse::<u16>().ok()).unwrap_or(0);
                            *outcome.statuses.entry(status).or_default() += 1;
                            let write = WRITE_METHODS.iter().any(|m| request.starts_with(m.as_bytes()));
                            if write && (200..300).contains(&status) {
                                outcome.accepted_writes.push(
                                    String::from_utf8_lossy(&request[..request.len().min(400)]).into_owned(),
                                );
                            }
                            if status >= 500 || status == 0 {
                                outcome.server_errors.push(answer.chars().take(300).collect());
                            }
                        }
                    }
                }
            });
        }
    });
    outcome.into_inner().unwrap()
}

/// `count` hostile requests from `seed`.
pub fn requests(seed: u64, count: usize, target: &Target<'_>) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(seed);
    (0..count).map(|_| hostile_request(&mut rng, target)).collect()
}

/// Connections that start a request and never finish it: half a head, or a head and part of
/// the body. They stay open while the other requests run.
pub fn slow_clients(address: SocketAddr, path: &str, count: usize) -> Vec<TcpStream> {
    (0..count)
        .map(|i| {
            let mut stream = TcpStream::connect(address).unwrap();
            let partial = if i % 2 == 0 {
                format!("GET {path} HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            } else {
                format!("POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"a\":")
            };
            stream.write_all(partial.as_bytes()).unwrap();
            stream
        })
        .collect()
}

/// Whether the server has let `stream` go (closed it, or answered and closed) within `timeout`.
pub fn let_go(mut stream: TcpStream, timeout: Duration) -> bool {
    stream.set_read_timeout(Some(timeout)).unwrap();
    let mut sink = Vec::new();
    match stream.read_to_end(&mut sink) {
        Ok(_) => true,
        Err(err) => !matches!(
            err.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}
