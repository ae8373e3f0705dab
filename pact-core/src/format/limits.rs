//! The [`Limits`] check of one interaction as read: generator sizes and digit counts, the `min`
//! of `type` rules, compiled regex sizes and the nesting depth of bodies. Each finding names the
//! interaction, the JSON path in the pact file and the limit.

use crate::generators::{Generator, GeneratorError, Generators, limit_excess};
use crate::limits::{LimitError, LimitKind, Limits};
use crate::model::{Body, Interaction, Message, Request, Response, SpecVersion};
use crate::rules::{Category, MatchingRule, MatchingRules, Pattern, RuleList};

use super::body::is_json;
use super::json::{child, index};
use super::shared_patterns::SharedPatterns;

/// Checks one interaction against `limits`; `path` is where it sits in the pact file
/// (`$.interactions[3]`) and `version` the pact's specification version (for the paths of rules
/// and generators). The first value above a limit is the error.
///
/// ```
/// use pact_core::{Category, DocPath, Generator, HttpInteraction, Interaction, SpecVersion};
/// use pact_core::format::check_interaction;
/// use pact_core::limits::Limits;
///
/// let mut http = HttpInteraction { description: "a huge name".into(), ..Default::default() };
/// http.response.generators.add(Category::Body, DocPath::parse("$.name").unwrap(),
///     Generator::RandomString { size: 10_000_000_000 });
/// let err = check_interaction(&Interaction::Http(http), SpecVersion::V4, "$.interactions[0]",
///     &Limits::default()).unwrap_err();
/// assert_eq!(err.path, "$.interactions[0].response.generators.body['$.name']");
/// assert_eq!(err.limit, 1024 * 1024);
/// ```
pub fn check_interaction(
    interaction: &Interaction,
    version: SpecVersion,
    path: &str,
    limits: &Limits,
) -> Result<(), LimitError> {
    check_interaction_in(interaction, version, path, limits, &SharedPatterns::default())
}

/// [`check_interaction`] within one pact's reading: the regex rules are compiled within the size
/// limit by the check (the compiled regex is the one matches use, and a pattern the pact repeats
/// is compiled once, see [`SharedPatterns`]); generators' regexes are looked up in `patterns`.
pub(crate) fn check_interaction_in(
    interaction: &Interaction,
    version: SpecVersion,
    path: &str,
    limits: &Limits,
    patterns: &SharedPatterns,
) -> Result<(), LimitError> {
    let check = Check {
        limits,
        version,
        interaction: interaction.description(),
        patterns,
    };
    match interaction {
        Interaction::Http(http) => {
            check.request(&http.request, &child(path, "request"))?;
            check.response(&http.response, &child(path, "response"))
        }
        Interaction::AsyncMessage(message) => check.message(&message.message, path),
        Interaction::SyncMessage(sync) => {
            check.message(&sync.request, &child(path, "request"))?;
            let responses = child(path, "response");
            for (i, response) in sync.responses.iter().enumerate() {
                check.message(response, &index(&responses, i))?;
            }
            Ok(())
        }
    }
}

/// One interaction's check: the limits, the version (for paths) and the description (for errors).
struct Check<'a> {
    limits: &'a Limits,
    version: SpecVersion,
    interaction: &'a str,
    patterns: &'a SharedPatterns,
}

impl Check<'_> {
    fn error(&self, path: String, what: String, kind: LimitKind) -> LimitError {
        LimitError {
            interaction: self.interaction.to_string(),
            path,
            what,
            kind,
            limit: self.limits.of(kind),
        }
    }

    fn request(&self, request: &Request, path: &str) -> Result<(), LimitError> {
        self.body(&request.body, &child(path, "body"))?;
        self.rules(&request.matching_rules, path, "body")?;
        self.generators(&request.generators, path, "body")
    }

    fn response(&self, response: &Response, path: &str) -> Result<(), LimitError> {
        self.body(&response.body, &child(path, "body"))?;
        self.rules(&response.matching_rules, path, "body")?;
        self.generators(&response.generators, path, "body")
    }

    fn message(&self, message: &Message, path: &str) -> Result<(), LimitError> {
        let (contents, body_name) = if self.version >= SpecVersion::V4 {
            ("contents", "content")
        } else {
            ("contents", "body")
        };
        self.body(&message.contents, &child(path, contents))?;
        self.rules(&message.matching_rules, path, body_name)?;
        self.generators(&message.generators, path, body_name)
    }

    fn body(&self, body: &Body, path: &str) -> Result<(), LimitError> {
        let bytes = body.as_bytes();
        let json = match body.content_type() {
            Some(content_type) => is_json(content_type),
            None => bytes
                .trim_ascii_start()
                .first()
                .is_some_and(|b| matches!(b, b'{' | b'[')),
        };
        if !json {
            return Ok(());
        }
        let depth = json_depth(bytes);
        if depth > self.limits.max_body_depth {
            return Err(self.error(
                path.to_string(),
                format!("the body's nesting depth {depth}"),
                LimitKind::BodyDepth,
            ));
        }
        Ok(())
    }

    /// The path of the entry at `key` of `category` in `section` (`matchingRules`, `generators`)
    /// of the part at `path`, as the pact's version writes it.
    fn entry_path(
        &self,
        path: &str,
        section: &str,
        category: Category,
        body_name: &str,
        key: &str,
    ) -> String {
        let name = match category {
            Category::Body => body_name,
            other => other.as_str(),
        };
        let section = child(path, section);
        if self.version < SpecVersion::V3 && section.ends_with("matchingRules") {
            let rest = key.strip_prefix('$').unwrap_or(key);
            return child(&section, &format!("$.{name}{rest}"));
        }
        child(&child(&section, name), key)
    }

    fn rules(&self, rules: &MatchingRules, path: &str, body_name: &str) -> Result<(), LimitError> {
        for (category, entries) in rules.iter() {
            for (doc_path, list) in entries {
                let key = doc_path.to_string();
                let at = self.entry_path(path, "matchingRules", category, body_name, &key);
                self.rule_list(list, &at)?;
            }
        }
        Ok(())
    }

    fn rule_list(&self, list: &RuleList, path: &str) -> Result<(), LimitError> {
        let matchers = child(path, "matchers");
        for (i, rule) in list.rules.iter().enumerate() {
            self.rule(rule, &index(&matchers, i))?;
        }
        Ok(())
    }

    fn rule(&self, rule: &MatchingRule, path: &str) -> Result<(), LimitError> {
        match rule {
            MatchingRule::MinType(min) | MatchingRule::MinMaxType(min, _)
                if *min > self.limits.max_min_elements =>
            {
                Err(self.error(
                    child(path, "min"),
                    format!("the type rule's min {min}"),
                    LimitKind::MinElements,
                ))
            }
            MatchingRule::Regex(pattern) => self.regex(pattern, &child(path, "regex")),
            MatchingRule::EachKey(list) | MatchingRule::EachValue(list) => {
                self.rule_list(list, &child(path, "rules"))
            }
            MatchingRule::ArrayContains(variants) => {
                let variants_path = child(path, "variants");
                for (i, variant) in variants.iter().enumerate() {
                    let at = index(&variants_path, i);
                    for (_, entries) in variant.rules.iter() {
                        for (doc_path, list) in entries {
                            self.rule_list(list, &child(&child(&at, "rules"), &doc_path.to_string()))?;
                        }
                    }
                    for (_, entries) in variant.generators.iter() {
                        for (doc_path, generator) in entries {
                            self.generator(
                                generator,
                                &child(&child(&at, "generators"), &doc_path.to_string()),
                            )?;
                        }
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Whether `pattern` compiles within [`Limits::max_regex_size`] (compiling it, if it is not
    /// yet, for the matches to come).
    fn regex(&self, pattern: &Pattern, path: &str) -> Result<(), LimitError> {
        pattern
            .compile_within(self.limits.max_regex_size)
            .map_err(|too_big| LimitError {
                interaction: self.interaction.to_string(),
                path: path.to_string(),
                what: "the compiled size of the regex".to_string(),
                kind: LimitKind::RegexSize,
                limit: too_big.size_limit,
            })
    }

    fn generators(&self, generators: &Generators, path: &str, body_name: &str) -> Result<(), LimitError> {
        for (category, entries) in generators.iter() {
            for (doc_path, generator) in entries {
                let key = doc_path.to_string();
                self.generator(
                    generator,
                    &self.entry_path(path, "generators", category, body_name, &key),
                )?;
            }
        }
        Ok(())
    }

    fn generator(&self, generator: &Generator, path: &str) -> Result<(), LimitError> {
        if let Some(GeneratorError::LimitExceeded { what, kind, .. }) = limit_excess(generator, self.limits) {
            return Err(self.error(path.to_string(), what, kind));
        }
        match generator {
            // Syntax errors are the reader's business, not a limit.
            Generator::Regex { regex } | Generator::MockServerUrl { regex, .. } => {
                match self.patterns.pattern(regex) {
                    Some(pattern) => self.regex(&pattern, &child(path, "regex")),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }
}

/// The deepest nesting of `[` and `{` in `bytes` read as JSON (brackets inside strings do not
/// count), found in one pass without parsing.
fn json_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &byte in bytes {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::json_depth;

    #[test]
    fn json_depth_counts_arrays_and_objects_outside_strings() {
        assert_eq!(json_depth(b"42"), 0);
        assert_eq!(json_depth(br#"{"a": [1, {"b": "[[[["}]}"#), 3);
        assert_eq!(json_depth(br#"["\"[", []]"#), 2);
    }
}
