//! Checking pacts against the provider's OpenAPI document instead of calling the provider (the
//! consumer half of bi-directional contract testing).
//!
//! The check itself is `pact-core`'s [`check_pact`]; this module turns its findings into the
//! verifier's own results, so the console, JSON and JUnit reports and the exit code work as for a
//! replayed verification. Each [`OpenApiFailure`] becomes a [`Mismatch`] whose location is the
//! part and JSON path it is about and whose sentence is the reason, with the schema location.

use std::time::Duration;

use pact_core::{Interaction, Mismatch, MismatchKind};
use pact_openapi::{OpenApi, OpenApiFailure, Part, check_interaction};

use crate::filter::InteractionFilter;
use crate::results::{InteractionOutcome, InteractionResult, PactResult};
use crate::sources::{LoadedPact, Notice};

/// The provider's OpenAPI document, with where it was read from (for the report).
#[derive(Debug, Clone)]
pub(crate) struct OpenApiContract {
    pub(crate) api: OpenApi,
    pub(crate) origin: String,
}

/// Checks the selected interactions of `loaded` against the document.
pub(crate) fn check(
    contract: &OpenApiContract,
    loaded: &LoadedPact,
    filter: &InteractionFilter,
) -> PactResult {
    let mut notices = vec![Notice::when(
        "before_verification",
        format!(
            "checked against the OpenAPI document {}; the provider was not called",
            contract.origin
        ),
    )];
    let mut interactions = Vec::new();
    let mut messages = 0;
    for (index, interaction) in loaded.pact.interactions.iter().enumerate() {
        if !filter.selects(interaction) {
            continue;
        }
        let Interaction::Http(http) = interaction else {
            messages += 1;
            continue;
        };
        let checked = check_interaction(&contract.api, http);
        let outcome = if let Some(unusable) = crate::engine::unusable(interaction) {
            unusable
        } else if checked.passed() {
            InteractionOutcome::Passed
        } else {
            InteractionOutcome::Failed {
                mismatches: checked.failures.iter().map(mismatch).collect(),
                body_diff: None,
            }
        };
        interactions.push(InteractionResult {
            description: interaction.description().to_string(),
            provider_states: interaction.provider_states().to_vec(),
            kind: interaction.kind(),
            pending: interaction.is_pending(),
            key: interaction.key().map(str::to_string),
            interaction_id: loaded.interaction_ids.get(index).cloned().flatten(),
            outcome,
            duration: Duration::ZERO,
            comments: interaction.comments().clone(),
            warnings: Vec::new(),
        });
    }
    if messages > 0 {
        notices.push(Notice::when(
            "before_verification",
            format!("{messages} message interaction(s) not checked: messages are not described by OpenAPI"),
        ));
    }
    loaded.result(interactions, notices)
}

/// One OpenAPI failure as a mismatch of the verifier's report: the location says which part and
/// where, the sentence says why and which schema element was not satisfied. `expected` holds the
/// schema location and `actual` the JSON path, so the JSON report carries both as data.
pub(crate) fn mismatch(failure: &OpenApiFailure) -> Mismatch {
    let name = || {
        failure
            .json_path
            .strip_prefix("$.")
            .or_else(|| failure.json_path.strip_prefix("$"))
            .unwrap_or(&failure.json_path)
            .trim_start_matches("['")
            .trim_end_matches("']")
            .to_string()
    };
    let kind = match failure.part {
        Part::Path | Part::PathParameter => MismatchKind::Path,
        Part::Method => MismatchKind::Method,
        Part::Query => MismatchKind::Query { parameter: name() },
        Part::RequestHeader => MismatchKind::Header { name: name() },
        Part::Status => MismatchKind::Status,
        Part::RequestBody | Part::ResponseBody => MismatchKind::Body {
            path: failure.json_path.clone(),
        },
    };
    let message = format!(
        "{} (the {} at {}; OpenAPI {})",
        failure.reason, failure.part, failure.json_path, failure.schema_location
    );
    Mismatch::new(
        kind,
        failure.schema_location.clone(),
        failure.json_path.clone(),
        message,
    )
}

#[cfg(test)]
mod tests {
    use pact_openapi::{Direction, FailureReason};

    use super::*;

    #[test]
    fn a_failure_keeps_its_path_schema_location_and_reason_in_words() {
        let failure = OpenApiFailure {
            interaction: "a request for user 42".into(),
            part: Part::ResponseBody,
            json_path: "$.nickname".into(),
            schema_location: "#/components/schemas/User".into(),
            reason: FailureReason::UndeclaredField {
                field: "nickname".into(),
                direction: Direction::Response,
            },
        };
        let m = mismatch(&failure);
        assert_eq!(
            m.to_string(),
            "$.nickname: the consumer expects field 'nickname' but the OpenAPI schema does not declare it \
             (the response body at $.nickname; OpenAPI #/components/schemas/User)"
        );
        assert_eq!(m.expected, "#/components/schemas/User");
    }

    #[test]
    fn query_failures_name_the_parameter() {
        let failure = OpenApiFailure {
            interaction: "a search".into(),
            part: Part::Query,
            json_path: "$.page".into(),
            schema_location: "#/paths/~1users/get/parameters/0".into(),
            reason: FailureReason::UndeclaredField {
                field: "page".into(),
                direction: Direction::Request,
            },
        };
        assert_eq!(
            mismatch(&failure).kind,
            MismatchKind::Query {
                parameter: "page".into()
            }
        );
    }
}
