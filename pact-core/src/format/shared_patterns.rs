//! The regexes of one pact as it is read, by source: a pattern that many interactions repeat (an
//! email or a date on every response) is one [`Pattern`], so the size-limit check compiles it once
//! and every match reuses that compilation.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::model::Interaction;
use crate::rules::Pattern;

/// The first pattern read for each regex source of one pact.
#[derive(Debug, Default)]
pub(crate) struct SharedPatterns(RefCell<HashMap<String, Pattern>>);

impl SharedPatterns {
    /// Makes every regex rule of `interaction` (nested lists included) share the pattern of an
    /// earlier rule with the same source, and records the others.
    pub(crate) fn share(&self, interaction: &mut Interaction) {
        let seen = &mut *self.0.borrow_mut();
        match interaction {
            Interaction::Http(http) => {
                http.request.matching_rules.share_patterns(seen);
                http.response.matching_rules.share_patterns(seen);
            }
            Interaction::AsyncMessage(message) => message.message.matching_rules.share_patterns(seen),
            Interaction::SyncMessage(sync) => {
                sync.request.matching_rules.share_patterns(seen);
                for response in &mut sync.responses {
                    response.matching_rules.share_patterns(seen);
                }
            }
        }
    }

    /// The shared pattern for `source` (a generator's regex), `None` when no engine reads it.
    pub(crate) fn pattern(&self, source: &str) -> Option<Pattern> {
        if let Some(pattern) = self.0.borrow().get(source) {
            return Some(pattern.clone());
        }
        let pattern = Pattern::new(source).ok()?;
        self.0.borrow_mut().insert(source.to_string(), pattern.clone());
        Some(pattern)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::format::read_pact_value;
    use crate::matching::match_response;
    use crate::rules::regex_compiles;
    use crate::{Body, Response};

    #[test]
    fn a_regex_repeated_across_a_pact_is_compiled_once_by_the_check_and_reused_by_matches() {
        let regexes = [r"^\w+@\w+\.com$", r"^\d{4}-\d{2}-\d{2}$", r"^[0-9a-f]{8}$"];
        let rule = |source: &str| json!({"matchers": [{"match": "regex", "regex": source}]});
        let interaction = |n: usize| {
            json!({
                "description": format!("get user {n}"),
                "request": {"method": "GET", "path": format!("/users/{n}")},
                "response": {
                    "status": 200,
                    "body": {"email": "a@b.com", "born": "2000-01-31", "id": "0123abcd"},
                    "matchingRules": {"body": {
                        "$.email": rule(regexes[0]), "$.born": rule(regexes[1]), "$.id": rule(regexes[2])
                    }},
                    "generators": {"body": {"$.id": {"type": "Regex", "regex": regexes[2]}}}
                }
            })
        };
        let pact = json!({
            "consumer": {"name": "c"}, "provider": {"name": "p"},
            "interactions": (0..20).map(interaction).collect::<Vec<_>>(),
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        });
        let before = regex_compiles();
        let pact = read_pact_value(&pact).unwrap();
        assert_eq!(
            regex_compiles() - before,
            3,
            "one compile per distinct regex while reading"
        );

        let mut actual = Response::new(200);
        actual.body = Body::json(json!({"email": "x@y.com", "born": "1999-12-01", "id": "ffff0000"}));
        for interaction in &pact.interactions {
            let http = interaction.as_http().unwrap();
            assert_eq!(match_response(&http.response, &actual), vec![]);
        }
        assert_eq!(
            regex_compiles() - before,
            3,
            "the matches reuse the check's compilations"
        );
    }
}
