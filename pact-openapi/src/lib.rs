//! # pact-openapi
//!
//! OpenAPI 3.0 and 3.1 on the Pact model, kept out of `pact-core` so that a consumer test's
//! dependency tree does not pull YAML and OpenAPI. Pure like `pact-core`: the caller reads the
//! document (JSON or YAML) and passes its text; no I/O, no async, no HTTP.
//!
//! ## The pact-vs-OpenAPI check
//! Does every interaction the consumer relies on fit what the provider documents? (The consumer
//! half of bi-directional contract testing: no provider is run.)
//!
//! ```
//! use pact_openapi::{check_pact, OpenApi};
//! use pact_core::Pact;
//!
//! // Arrange: the provider's document and the consumer's pact.
//! let api = OpenApi::parse(r#"
//! openapi: 3.0.3
//! info: {title: User service, version: "1.0"}
//! paths:
//!   /users/{id}:
//!     get:
//!       parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
//!       responses:
//!         "200":
//!           description: the user
//!           content:
//!             application/json:
//!               schema:
//!                 type: object
//!                 required: [id, name]
//!                 properties:
//!                   id: {type: integer}
//!                   name: {type: string}
//!                   email: {type: string, format: email}
//! "#).unwrap();
//! let pact = Pact::from_json_str(r#"{
//!   "consumer": {"name": "Web"}, "provider": {"name": "Users"},
//!   "interactions": [{"description": "a request for user 42",
//!     "request": {"method": "GET", "path": "/users/42"},
//!     "response": {"status": 200, "headers": {"Content-Type": "application/json"},
//!       "body": {"id": 42, "name": "Alice", "nickname": "Al"},
//!       "matchingRules": {"body": {"$.name": {"matchers": [{"match": "type"}]}}}}}],
//!   "metadata": {"pactSpecification": {"version": "3.0.0"}}
//! }"#).unwrap();
//!
//! // Act
//! let report = check_pact(&api, &pact);
//!
//! // Assert: the consumer relies on a field the provider never promised.
//! let failure = report.failures().next().unwrap();
//! assert_eq!(failure.json_path, "$.nickname");
//! assert_eq!(
//!     failure.schema_location,
//!     "#/paths/~1users~1{id}/get/responses/200/content/application~1json/schema"
//! );
//! assert_eq!(
//!     failure.reason.to_string(),
//!     "the consumer expects field 'nickname' but the OpenAPI schema does not declare it"
//! );
//! ```
//!
//! ### What is checked, for each HTTP interaction
//! - **The operation.** The request path matches a path template (literal segments win over
//!   parameters: `/users/me` before `/users/{id}`; a server URL's base path such as `/v1` may
//!   lead the path) and its path parameters fit their schemas (`/users/abc` does not fit
//!   `id: integer`); the template documents the method.
//! - **Parameters.** Required query parameters and headers are present; those present fit their
//!   schemas (text is read as the declared type; arrays as repeated or comma-separated values).
//!   `Accept`, `Content-Type` and `Authorization` parameters are ignored, as OpenAPI says.
//!   Query parameters and headers the document does not declare are not failures.
//! - **The request body** is present when required, absent when the operation takes none, of a
//!   documented media type, and (for JSON) valid against its schema, required fields included.
//!   Request matchers do not loosen the check: the example is what the consumer sends.
//! - **Deliberately bad requests.** When the consumer expects a client error (a 4xx status), it
//!   sends a bad request on purpose: its parameter and body values are then not held to their
//!   schemas (missing or invalid parameters, invalid or missing bodies). The operation, the
//!   method and the media types must still be documented.
//! - **The response status** is documented, exactly, as a range (`2XX`) or by `default`.
//! - **The response body** is documented (a body where the response has no `content` fails), of
//!   a documented media type, and (for JSON) valid against its schema **with the matchers taken
//!   into account**: a `type` matcher (`like`) makes its value stand for its type, so the example
//!   is not held to `enum`, `format` or bounds; `each_like`/`min`/`max` arrays stand for arrays
//!   of that shape; `integer`, `decimal`, `number` and `boolean` rules for those types; `regex`,
//!   `date`, `timestamp` and similar rules for strings, whose example must still fit `enum`,
//!   `format` and `pattern`. Required response fields the consumer ignores are fine (tolerant
//!   reader).
//!
//! ### Fields the schema does not declare
//! A field the consumer sends or relies on that the schema does not declare fails when the
//! object schema declares `properties` (itself or through `allOf`) and does not open itself
//! with `additionalProperties: true` or an `additionalProperties` schema (against which the
//! field is then checked). This is stricter than JSON Schema, where undeclared fields are allowed
//! by default: a consumer that depends on a field the provider never promised is at risk
//! whatever the schema's default. A schema without `properties` (a free-form object) accepts any
//! field; `additionalProperties: false` rejects every undeclared one.
//!
//! ### Schemas
//! Local `$ref`s anywhere (schemas, parameters, request bodies, responses, path items) are
//! followed; references are checked when the document is read (dangling, external and circular
//! ones are errors). `allOf` branches must all accept a value; `anyOf`/`oneOf` need one branch
//! that does (a `discriminator` picks it when the value names one). `nullable: true` (3.0) and
//! type arrays with `"null"` (3.1) allow `null`. Formats checked: `date`, `date-time`, `time`,
//! `uuid`, `email`, `ipv4`, `ipv6`, `hostname`, `uri`, `uri-reference`, `byte`, `int32`, `int64`;
//! others accept anything. Bounds checked: `minimum`, `maximum`, the exclusive forms of 3.0 and
//! 3.1, `minLength`, `maxLength`, `minItems`, `maxItems`. Not checked: `not`, `multipleOf`,
//! `uniqueItems`, `minProperties`/`maxProperties`, `patternProperties` (fields matching one are
//! taken as declared), response headers, cookies and security schemes. Bodies that are not JSON
//! are checked by media type only.
//!
//! Message interactions are not described by OpenAPI: they are reported as not applicable.

mod body;
mod constraints;
pub mod diff;
mod document;
mod error;
mod formats;
mod interaction;
pub mod mock;
mod operation;
mod parameter;
mod path_template;
mod pointer;
mod reason;
mod refs;
mod reliance;
mod report;
mod schema;
mod sink;
pub mod usage;

pub use document::{OpenApi, OpenApiVersion};
pub use error::{OpenApiError, Syntax};
pub use reason::{Direction, FailureReason, ParameterLocation};
pub use report::{InteractionResult, OpenApiFailure, OpenApiReport, Part};

use pact_core::{HttpInteraction, Interaction, Pact};

/// Checks every interaction of `pact` against `api`.
///
/// HTTP interactions are checked as the [module documentation](self) describes; message
/// interactions are reported as not applicable.
///
/// ```
/// use pact_openapi::{check_pact, OpenApi};
/// use pact_core::{Body, HttpInteraction, Interaction, Pact, Request, Response, SpecVersion};
///
/// let api = OpenApi::parse(r#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
///   "paths": {"/health": {"get": {"responses": {"200": {"description": "up"}}}}}}"#).unwrap();
/// let mut pact = Pact::new("Web", "Health", SpecVersion::V4);
/// pact.interactions.push(Interaction::Http(HttpInteraction {
///     description: "a health check".into(),
///     request: Request::new("GET", "/health"),
///     response: Response::new(200),
///     ..Default::default()
/// }));
///
/// let report = check_pact(&api, &pact);
/// assert!(report.is_compatible(), "{report}");
/// assert_eq!(report.interactions[0].operation.as_deref(), Some("GET /health"));
/// ```
pub fn check_pact(api: &OpenApi, pact: &Pact) -> OpenApiReport {
    let interactions = pact
        .interactions
        .iter()
        .map(|interaction| match interaction {
            Interaction::Http(http) => check_interaction(api, http),
            other => InteractionResult {
                description: other.description().to_string(),
                kind: other.kind(),
                operation: None,
                failures: Vec::new(),
            },
        })
        .collect();
    OpenApiReport { interactions }
}

/// Checks one HTTP interaction against `api`.
///
/// ```
/// use pact_openapi::{check_interaction, FailureReason, OpenApi};
/// use pact_core::{HttpInteraction, Request, Response};
///
/// let api = OpenApi::parse(r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
///   "paths": {"/health": {"get": {"responses": {"200": {"description": "up"}}}}}}"#).unwrap();
/// let interaction = HttpInteraction {
///     description: "a teapot".into(),
///     request: Request::new("GET", "/health"),
///     response: Response::new(418),
///     ..Default::default()
/// };
///
/// let result = check_interaction(&api, &interaction);
/// assert_eq!(
///     result.failures[0].reason,
///     FailureReason::UndocumentedStatus { status: 418, documented: vec!["200".into()] }
/// );
/// ```
pub fn check_interaction(api: &OpenApi, interaction: &HttpInteraction) -> InteractionResult {
    interaction::check(api, interaction)
}
