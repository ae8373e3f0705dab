//! Reports of a verification: console text, JSON and JUnit XML.

pub(crate) mod console;
pub(crate) mod diff;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod junit;

use pact_core::MismatchKind;
use pact_core::model::InteractionKind;

use crate::results::{InteractionOutcome, InteractionResult};

/// The aspects checked for an interaction, with whether each passed: `("has a matching body", true)`.
pub(crate) fn checks(result: &InteractionResult) -> Vec<(&'static str, bool)> {
    let failed_kinds: Vec<&MismatchKind> = match &result.outcome {
        InteractionOutcome::Failed { mismatches, .. } => mismatches.iter().map(|m| &m.kind).collect(),
        _ => Vec::new(),
    };
    let ok = |pred: fn(&MismatchKind) -> bool| !failed_kinds.iter().any(|k| pred(k));
    let body = (
        "has a matching body",
        ok(|k| matches!(k, MismatchKind::Body { .. } | MismatchKind::BodyType)),
    );
    match result.kind {
        InteractionKind::Http => {
            // Request mismatches only arise from a static check against an OpenAPI document.
            let request_documented = ok(|k| {
                matches!(
                    k,
                    MismatchKind::Method | MismatchKind::Path | MismatchKind::Query { .. }
                )
            });
            let request = (!request_documented).then_some(("sends a request the provider documents", false));
            request
                .into_iter()
                .chain([
                    (
                        "has a matching status code",
                        ok(|k| matches!(k, MismatchKind::Status)),
                    ),
                    (
                        "has matching headers",
                        ok(|k| matches!(k, MismatchKind::Header { .. })),
                    ),
                    body,
                ])
                .collect()
        }
        InteractionKind::AsyncMessage | InteractionKind::SyncMessage => vec![
            (
                "has matching metadata",
                ok(|k| matches!(k, MismatchKind::Metadata { .. })),
            ),
            body,
        ],
        _ => vec![body],
    }
}
