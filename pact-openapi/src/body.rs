//! Request and response bodies: the media type they are sent as, and their JSON checked against
//! that media type's schema. Bodies that are not JSON are matched by media type only.

use serde_json::{Map, Value};

use super::document::OpenApi;
use super::pointer;
use super::reason::{Direction, FailureReason};
use super::reliance::BodyRules;
use super::report::Part;
use super::schema::Validator;
use super::sink::Sink;
use pact_core::Body;
use pact_core::model::media_type::essence;

/// A body of the pact, with where it goes and the matchers it carries.
#[derive(Debug)]
pub(crate) struct PactBody<'a> {
    /// The body.
    pub(crate) body: &'a Body,
    /// Its content type (from the body or the `Content-Type` header).
    pub(crate) content_type: Option<String>,
    /// Request or response.
    pub(crate) direction: Direction,
    /// The matchers of the body (none for requests: their example is what the consumer sends).
    pub(crate) rules: BodyRules<'a>,
}

impl PactBody<'_> {
    fn part(&self) -> Part {
        match self.direction {
            Direction::Request => Part::RequestBody,
            Direction::Response => Part::ResponseBody,
        }
    }

    /// The content type the body is sent as: as declared, else JSON when it parses as JSON.
    fn content_type(&self) -> String {
        match &self.content_type {
            Some(declared) => essence(declared),
            None if self.body.as_json().is_some() => "application/json".into(),
            None => "text/plain".into(),
        }
    }

    /// Checks the body against a `content` map (media type → media type object) at `location`.
    pub(crate) fn check(self, api: &OpenApi, content: &Map<String, Value>, location: &str, sink: &mut Sink) {
        let content_type = self.content_type();
        let Some((media, media_object)) = select(content, &content_type) else {
            let reason = FailureReason::UndocumentedContentType {
                direction: self.direction,
                content_type,
                documented: content.keys().cloned().collect(),
            };
            sink.add(self.part(), "$", location, reason);
            return;
        };
        let Some(schema) = media_object.get("schema") else {
            return;
        };
        if !is_json(&content_type) && !is_json(media) {
            return;
        }
        let Some(value) = self.body.as_json() else {
            sink.add(
                self.part(),
                "$",
                location,
                FailureReason::BodyNotJson { content_type },
            );
            return;
        };
        let schema_location = pointer::join(&pointer::join(location, media), "schema");
        let part = self.part();
        let validator = Validator::new(api, self.rules, self.direction);
        sink.add_found(part, validator.validate(&value, schema, &schema_location));
    }
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`).
fn is_json(media: &str) -> bool {
    let media = essence(media);
    media == "application/json" || media.ends_with("+json")
}

/// The documented media type for `content_type`: exact, then `type/*`, then `*/*`.
fn select<'a>(content: &'a Map<String, Value>, content_type: &str) -> Option<(&'a str, &'a Value)> {
    let main = content_type.split('/').next().unwrap_or("");
    let wildcard = format!("{main}/*");
    [content_type, wildcard.as_str(), "*/*"]
        .into_iter()
        .find_map(|wanted| {
            content
                .iter()
                .find(|(media, _)| essence(media) == wanted)
                .map(|(media, object)| (media.as_str(), object))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn media_types_are_chosen_exact_first() {
        let content = json!({"*/*": {}, "application/json; charset=utf-8": {}, "text/*": {}});
        let content = content.as_object().expect("object");
        assert_eq!(
            select(content, "application/json").map(|m| m.0),
            Some("application/json; charset=utf-8")
        );
        assert_eq!(select(content, "text/plain").map(|m| m.0), Some("text/*"));
        assert_eq!(select(content, "image/png").map(|m| m.0), Some("*/*"));
        assert!(is_json("application/problem+json"));
    }
}
