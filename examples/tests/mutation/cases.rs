//! Where the interactions under mutation come from: the specification's cases that must match
//! (vendored in `spec-cases/`), the workspace's test pacts, and the examples' own pacts.

use std::path::{Path, PathBuf};

use pact_core::format::{read_message, read_pact, read_request, read_response};
use pact_core::{AsyncMessage, HttpInteraction, Interaction, Message, Pact, Request, Response, SpecVersion};
use serde_json::Value;

/// One HTTP interaction, and a request and a response that match it.
#[derive(Debug, Clone)]
pub struct HttpCase {
    pub name: String,
    pub version: SpecVersion,
    pub interaction: HttpInteraction,
    /// A request the interaction's request matches (the pact's example, or a spec case's actual).
    pub request: Request,
    /// A response the interaction's response matches.
    pub response: Response,
}

impl HttpCase {
    /// A pact holding only this interaction.
    pub fn pact(&self) -> Pact {
        let mut pact = Pact::new("MutationConsumer", "MutationProvider", self.version);
        pact.interactions
            .push(Interaction::Http(self.interaction.clone()));
        pact
    }
}

/// One asynchronous message interaction, and a message that matches it.
#[derive(Debug, Clone)]
pub struct MessageCase {
    pub name: String,
    pub version: SpecVersion,
    pub interaction: AsyncMessage,
    /// A message the interaction's message matches.
    pub message: Message,
}

impl MessageCase {
    /// A pact holding only this interaction, described as `description` (the verifier sends the
    /// description to the provider, which answers the message scripted under it).
    pub fn pact(&self, description: &str) -> Pact {
        let mut pact = Pact::new("MutationConsumer", "MutationProvider", self.version);
        let mut interaction = self.interaction.clone();
        interaction.description = description.to_string();
        pact.interactions.push(Interaction::AsyncMessage(interaction));
        pact
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `.json` files below `dir`, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn version_of(folder: &str) -> Option<SpecVersion> {
    Some(match folder {
        "v1" => SpecVersion::V1,
        "v1_1" => SpecVersion::V1_1,
        "v2" => SpecVersion::V2,
        "v3" => SpecVersion::V3,
        "v4" => SpecVersion::V4,
        _ => return None,
    })
}

/// The specification's `match: true` cases of `kind` (`request`, `response` or `message`), as
/// (name, version, case JSON).
fn matching_spec_cases(kind: &str) -> Vec<(String, SpecVersion, Value)> {
    let root = workspace().join("spec-cases");
    let files = json_files(&root);
    assert!(!files.is_empty(), "no spec cases in {}", root.display());
    let mut out = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&root).unwrap_or(&file).to_path_buf();
        let mut parts = relative.iter().map(|p| p.to_string_lossy().into_owned());
        let (Some(version), Some(case_kind)) = (parts.next().and_then(|v| version_of(&v)), parts.next())
        else {
            continue;
        };
        if case_kind != kind {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("spec case readable");
        let case: Value =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("spec case is JSON");
        if case["match"] == Value::Bool(true) {
            out.push((
                relative.with_extension("").to_string_lossy().into_owned(),
                version,
                case,
            ));
        }
    }
    out
}

/// The specification's `match: true` message cases.
pub fn spec_message_cases() -> Vec<MessageCase> {
    matching_spec_cases("message")
        .into_iter()
        .map(|(name, version, case)| {
            let expected =
                read_message(&case["expected"], version, "$.expected").expect("expected message reads");
            let message = read_message(&case["actual"], version, "$.actual").expect("actual message reads");
            MessageCase {
                interaction: AsyncMessage {
                    description: name.clone(),
                    message: expected,
                    ..AsyncMessage::default()
                },
                name,
                version: version.max(SpecVersion::V3),
                message,
            }
        })
        .collect()
}

/// The specification's `match: true` cases of one kind (`request` or `response`), as interactions
/// whose other half is a plain `GET /` answered `200`.
pub fn spec_cases(kind: &str) -> Vec<HttpCase> {
    let mut out = Vec::new();
    for (name, version, case) in matching_spec_cases(kind) {
        let mut interaction = HttpInteraction {
            description: name.clone(),
            ..HttpInteraction::default()
        };
        let (request, response) = if kind == "request" {
            let expected =
                read_request(&case["expected"], version, "$.expected").expect("expected request reads");
            let actual = read_request(&case["actual"], version, "$.actual").expect("actual request reads");
            interaction.request = expected;
            interaction.response = Response::new(200);
            (actual, Response::new(200))
        } else {
            let expected =
                read_response(&case["expected"], version, "$.expected").expect("expected response reads");
            let actual = read_response(&case["actual"], version, "$.actual").expect("actual response reads");
            interaction.request = Request::new("GET", "/");
            interaction.response = expected;
            (Request::new("GET", "/"), actual)
        };
        out.push(HttpCase {
            name,
            version: version.max(SpecVersion::V2),
            interaction,
            request,
            response,
        });
    }
    out
}

/// Fixture interactions written to exercise the reader, whose examples break their own rules, so
/// no request or response both matches them and is sent as written: (file, description, why).
pub const NOT_SELF_CONSISTENT: &[(&str, &str, &str)] = &[(
    "v3-http-and-messages.json",
    "a request for user 42",
    "its request header example `X-Ids: 1, 2` breaks its own `integer` rule, which applies to the whole value",
)];

/// Every interaction of the pacts in the workspace's test fixtures and of `extra` pact files,
/// each with its own examples as the matching request, response or message.
pub fn pact_interactions(extra: &[PathBuf]) -> Vec<(String, SpecVersion, Interaction)> {
    let mut files = Vec::new();
    for dir in ["pact-core/tests/fixtures", "pact-verifier/tests/fixtures"] {
        files.extend(json_files(&workspace().join(dir)));
    }
    files.extend(extra.iter().cloned());
    let mut out = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Ok(pact) = read_pact(&text) else { continue }; // OpenAPI documents live there too
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for interaction in pact.interactions {
            let description = interaction.description().to_string();
            if NOT_SELF_CONSISTENT
                .iter()
                .any(|(f, d, _)| *f == file_name && *d == description)
            {
                continue;
            }
            out.push((
                format!("{file_name}: {description}"),
                pact.specification,
                interaction,
            ));
        }
    }
    out
}

/// The HTTP interactions of [`pact_interactions`], each with its own examples.
pub fn pact_cases(extra: &[PathBuf]) -> Vec<HttpCase> {
    pact_interactions(extra)
        .into_iter()
        .filter_map(|(name, version, interaction)| match interaction {
            Interaction::Http(http) => Some(HttpCase {
                name,
                version: version.max(SpecVersion::V2),
                request: http.request.clone(),
                response: http.response.clone(),
                interaction: http,
            }),
            _ => None,
        })
        .collect()
}

/// The asynchronous message interactions of [`pact_interactions`], each with its own example.
pub fn pact_message_cases(extra: &[PathBuf]) -> Vec<MessageCase> {
    pact_interactions(extra)
        .into_iter()
        .filter_map(|(name, version, interaction)| match interaction {
            Interaction::AsyncMessage(message) => Some(MessageCase {
                name,
                version: version.max(SpecVersion::V3),
                message: message.message.clone(),
                interaction: message,
            }),
            _ => None,
        })
        .collect()
}
