//! The JSON report, shaped like the reference verifier's (`result`, `notices`, `output`, `errors`,
//! `pendingErrors`) with every pact and interaction under `pacts`.

use pact_core::Mismatch;
use serde_json::{Value, json};

use crate::results::{InteractionOutcome, InteractionResult, PactResult, VerificationReport};

fn outcome_json(outcome: &InteractionOutcome) -> Value {
    match outcome {
        InteractionOutcome::Passed => Value::Null,
        InteractionOutcome::Failed {
            mismatches,
            body_diff,
        } => json!({
            "type": "mismatches",
            "mismatches": mismatches.iter().map(Mismatch::to_reference_json).collect::<Vec<_>>(),
            "bodyDiff": body_diff,
        }),
        InteractionOutcome::Error(error) => json!({"type": "error", "message": error.to_string()}),
    }
}

fn interaction_json(result: &InteractionResult) -> Value {
    json!({
        "description": result.description,
        "providerStates": result.provider_states.iter()
            .map(|s| json!({"name": s.name, "params": s.params}))
            .collect::<Vec<_>>(),
        "type": result.kind.as_v4_type(),
        "key": result.key,
        "interactionId": result.interaction_id,
        "pending": result.pending,
        "success": result.passed(),
        "durationMs": result.duration.as_millis() as u64,
        "failure": outcome_json(&result.outcome),
        "comments": result.comments,
        "warnings": result.warnings,
    })
}

fn pact_json(pact: &PactResult) -> Value {
    json!({
        "consumer": pact.consumer,
        "provider": pact.provider,
        "source": pact.origin,
        "pending": pact.pending,
        "wip": pact.wip,
        "success": pact.all_passed(),
        "published": pact.publication.as_ref().map(|p| match p {
            Ok(()) => json!(true),
            Err(why) => json!({"published": false, "reason": why.to_string()}),
        }),
        "interactions": pact.interactions.iter().map(interaction_json).collect::<Vec<_>>(),
    })
}

/// The JSON report of `report`.
pub(crate) fn render(report: &VerificationReport) -> Value {
    let mut errors = Vec::new();
    let mut pending_errors = Vec::new();
    let mut notices = Vec::new();
    for pact in &report.pacts {
        for notice in &pact.notices {
            notices
                .push(json!({"consumer": pact.consumer, "when": notice.when_to_show(), "text": notice.text}));
        }
        for interaction in pact.interactions.iter().filter(|i| !i.passed()) {
            let entry = json!({
                "consumer": pact.consumer,
                "interaction": interaction.description,
                "mismatch": outcome_json(&interaction.outcome),
            });
            if pact.pending || interaction.pending {
                pending_errors.push(entry);
            } else {
                errors.push(entry);
            }
        }
    }
    // As the reference's report lists them (its `--last-failed` reads this list).
    let interaction_results: Vec<Value> = report
        .pacts
        .iter()
        .flat_map(|pact| &pact.interactions)
        .map(|i| {
            json!({
                "description": i.description,
                "duration": format!("{}ms", i.duration.as_millis()),
                "result": if i.passed() { "OK" } else { "Error" },
            })
        })
        .collect();
    let summary = report.summary();
    json!({
        "result": report.passed(),
        "provider": report.provider,
        "summary": {
            "pacts": summary.pacts,
            "interactions": summary.interactions,
            "passed": summary.passed,
            "failed": summary.failed,
            "pendingFailed": summary.pending_failed,
        },
        "notices": notices,
        "output": report.render(false).lines().collect::<Vec<_>>(),
        "errors": errors,
        "pendingErrors": pending_errors,
        "interactionResults": interaction_results,
        "sourceErrors": report.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "pacts": report.pacts.iter().map(pact_json).collect::<Vec<_>>(),
    })
}
