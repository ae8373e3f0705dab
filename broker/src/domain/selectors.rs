//! Consumer version selectors: which consumer versions' pacts a provider should verify.
//!
//! The selector and the request types are the wire model's (`pact-broker-api`); this module
//! adds the checks only the broker makes (a `matchingBranch` needs the provider branch, a WIP
//! date must be a date).

pub use pact_broker_api::{ConsumerVersionSelector, PactsForVerificationRequest, Selection};

/// Validates a whole `for-verification` request, returning what each selector selects or
/// `{field: [messages]}`-style errors.
///
/// ```
/// use pact_broker::domain::selectors::{PactsForVerificationRequest, validate};
/// use pact_broker_api::ConsumerVersionSelector;
///
/// let request = PactsForVerificationRequest {
///     consumer_version_selectors: vec![ConsumerVersionSelector::matching_branch()],
///     ..Default::default()
/// };
/// assert!(validate(&request).is_err(), "matchingBranch needs providerVersionBranch");
/// ```
pub fn validate(request: &PactsForVerificationRequest) -> Result<Vec<Selection>, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut selections = Vec::new();
    for (i, selector) in request.consumer_version_selectors.iter().enumerate() {
        match selector.selection() {
            Ok(Selection::MatchingBranch { .. }) if request.provider_version_branch.is_none() => {
                errors.push((
                    "consumerVersionSelectors".to_string(),
                    format!("matchingBranch at index {i} requires providerVersionBranch to be set"),
                ))
            }
            Ok(selection) => selections.push(selection),
            Err(messages) => errors.extend(messages.into_iter().map(|m| {
                (
                    "consumerVersionSelectors".to_string(),
                    format!("{m} (at index {i})"),
                )
            })),
        }
    }
    if let Some(since) = request
        .include_wip_pacts_since
        .as_ref()
        .filter(|s| wip_since_timestamp(s).is_none())
    {
        errors.push((
            "includeWipPactsSince".to_string(),
            format!("'{since}' is not a date (YYYY-MM-DD)"),
        ));
    }
    if errors.is_empty() {
        Ok(selections)
    } else {
        Err(errors)
    }
}

/// Turns `includeWipPactsSince` (`YYYY-MM-DD` or RFC 3339) into the broker's timestamp text.
pub fn wip_since_timestamp(since: &str) -> Option<String> {
    if let Ok(date) = chrono::NaiveDate::parse_from_str(since.trim(), "%Y-%m-%d") {
        return Some(format!("{}T00:00:00.000000+00:00", date.format("%Y-%m-%d")));
    }
    chrono::DateTime::parse_from_rfc3339(since.trim()).ok().map(|t| {
        t.with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%S%.6f+00:00")
            .to_string()
    })
}
