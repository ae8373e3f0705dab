//! The Pact Broker's potential-duplicate pacticipant name check
//! (`check_for_potential_duplicate_pacticipant_names`, on by default): a pact that would create a
//! pacticipant called `foo-bar` when `FooBar` exists is refused with 409, because the name is
//! probably a typo for the existing one.
//!
//! Names are compared as the Pact Broker's `FindPotentialDuplicatePacticipantNames` compares them:
//! split into words at whitespace, `-`, `_`, `::` and camel-case boundaries, lower-cased, a plural
//! `s` dropped from each word, and the words `api`, `provider` and `service` ignored.

/// The words of a name as the comparison sees them.
///
/// ```
/// use pact_broker::domain::duplicate_names::comparable_words;
///
/// assert_eq!(comparable_words("FooBar Service"), vec!["foo", "bar"]);
/// assert_eq!(comparable_words("HTMLParser"), vec!["html", "parser"]);
/// ```
pub fn comparable_words(name: &str) -> Vec<String> {
    split(name)
        .into_iter()
        .map(|w| w.strip_suffix('s').map(str::to_string).unwrap_or(w))
        .filter(|w| !matches!(w.as_str(), "api" | "provider" | "service"))
        .collect()
}

/// Ruby's `split` of the Pact Broker: `\s` → `_`, `::` → `/`, `_` between an upper-case run and a
/// capitalised word and between a lower-case letter or digit and a capital, `-` → `_`, lower
/// case, split at `_` (trailing empty words dropped, as Ruby's `String#split` drops them).
fn split(name: &str) -> Vec<String> {
    let spaced: String = name
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect::<String>()
        .replace("::", "/");
    let chars: Vec<char> = spaced.chars().collect();
    let mut out = String::with_capacity(chars.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        let acronym_end = c.is_ascii_uppercase()
            && next.is_some_and(|n| n.is_ascii_uppercase())
            && after.is_some_and(|a| a.is_ascii_lowercase());
        let camel =
            (c.is_ascii_lowercase() || c.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_uppercase());
        if acronym_end || camel {
            out.push('_');
        }
    }
    let lowered = out.replace('-', "_").to_lowercase();
    let mut words: Vec<String> = lowered.split('_').map(str::to_string).collect();
    while words.last().is_some_and(String::is_empty) {
        words.pop();
    }
    words
}

/// The existing names that `new_name` probably duplicates (none when it exists exactly).
///
/// ```
/// use pact_broker::domain::duplicate_names::potential_duplicates;
///
/// let existing = vec!["FooBar".to_string(), "Baz".to_string()];
/// assert_eq!(potential_duplicates("foo-bar", &existing), vec!["FooBar"]);
/// assert!(potential_duplicates("FooBar", &existing).is_empty());
/// assert!(potential_duplicates("Qux", &existing).is_empty());
/// ```
pub fn potential_duplicates<'a>(new_name: &str, existing: &'a [String]) -> Vec<&'a str> {
    if existing.iter().any(|e| e == new_name) {
        return Vec::new();
    }
    let wanted = comparable_words(new_name);
    existing
        .iter()
        .filter(|e| comparable_words(e) == wanted)
        .map(String::as_str)
        .collect()
}

/// The Pact Broker's message (`errors.duplicate_pacticipant` in its `en.yml`) for a new name
/// that looks like existing ones; `pacticipants_url` is where `POST /pacticipants` goes.
pub fn message(new_name: &str, duplicates: &[&str], pacticipants_url: &str) -> String {
    let existing_names = duplicates
        .iter()
        .map(|n| format!("* {n}"))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "This is the first time a pact has been published for \"{new_name}\".\n\
         The name \"{new_name}\" is very similar to the following existing consumers/providers:\n\
         {existing_names}\n\
         If you meant to specify one of the above names, please correct the pact configuration, and re-publish the pact.\n\
         If the pact is intended to be for a new consumer or provider, please manually create \"{new_name}\" using the following command, and then re-publish the pact:\n\
         $ curl -v -XPOST -H \"Content-Type: application/json\" -d \"{{\\\"name\\\": \\\"{new_name}\\\"}}\" {pacticipants_url}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn case_spacing_and_separators_make_duplicates() {
        let existing = names(&["Foo Bar", "Other"]);
        for candidate in [
            "foo bar",
            "FooBar",
            "foo-bar",
            "foo_bar",
            "Foo Bars",
            "Foo Bar Service",
            "Foo Bar API",
        ] {
            assert_eq!(
                potential_duplicates(candidate, &existing),
                vec!["Foo Bar"],
                "{candidate}"
            );
        }
    }

    #[test]
    fn different_words_are_not_duplicates() {
        let existing = names(&["Foo Bar"]);
        for candidate in ["Foo", "Foo Baz", "Bar Foo", "Foo  Bar"] {
            assert!(
                potential_duplicates(candidate, &existing).is_empty(),
                "{candidate}"
            );
        }
    }

    #[test]
    fn the_message_names_every_duplicate_and_the_create_command() {
        let text = message("foo-bar", &["FooBar", "Foo Bar"], "http://b.test/pacticipants");
        assert!(text.starts_with("This is the first time a pact has been published for \"foo-bar\".\n"));
        assert!(text.contains("\n* FooBar\n* Foo Bar\n"));
        assert!(text.ends_with(
            "$ curl -v -XPOST -H \"Content-Type: application/json\" -d \"{\\\"name\\\": \\\"foo-bar\\\"}\" http://b.test/pacticipants\n"
        ));
    }
}
