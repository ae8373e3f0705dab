//! The rules that classify a change between two versions of a document.

use std::fmt;

/// Why a change is breaking or not for clients: one rule per kind of change.
///
/// A rule's verdict depends on which way the changed value travels: a client *sends* request
/// parameters and bodies, so a change that makes the provider accept fewer requests breaks it; it
/// *reads* responses, so a change that lets the provider answer something it did not answer
/// before breaks it.
///
/// ```
/// use pact_openapi::diff::Rule;
/// assert_eq!(Rule::PropertyRemoved.id(), "property-removed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A path (all its operations) is gone.
    PathRemoved,
    /// A new path.
    PathAdded,
    /// An operation (method of a path) is gone.
    OperationRemoved,
    /// A new operation.
    OperationAdded,
    /// A documented response status is gone.
    ResponseStatusRemoved,
    /// A new response status.
    ResponseStatusAdded,
    /// A media type of a request or response body is gone.
    MediaTypeRemoved,
    /// A new media type of a request or response body.
    MediaTypeAdded,
    /// A new parameter the client must send.
    RequiredParameterAdded,
    /// A new optional parameter.
    OptionalParameterAdded,
    /// A parameter is no longer documented.
    ParameterRemoved,
    /// An optional parameter became required.
    ParameterNewlyRequired,
    /// A required parameter became optional.
    ParameterNoLongerRequired,
    /// The operation now requires a request body.
    RequestBodyNewlyRequired,
    /// The operation no longer requires a request body.
    RequestBodyNoLongerRequired,
    /// An object property is gone.
    PropertyRemoved,
    /// A new property the client must send.
    RequiredPropertyAdded,
    /// A new optional property (or a new response property).
    PropertyAdded,
    /// An optional property became required.
    PropertyNewlyRequired,
    /// A required property became optional.
    PropertyNoLongerRequired,
    /// The JSON type changed (`object` to `array`, `integer` to `string`, …).
    TypeChanged,
    /// The type was widened (`integer` to `number`).
    TypeWidened,
    /// The type was narrowed (`number` to `integer`).
    TypeNarrowed,
    /// Values were removed from an `enum`, or an `enum` was added.
    EnumNarrowed,
    /// Values were added to an `enum`, or the `enum` was removed.
    EnumWidened,
    /// A `format` was added (the values are tightened).
    FormatAdded,
    /// A `format` was replaced by another.
    FormatChanged,
    /// A `format` was removed.
    FormatRemoved,
    /// A `pattern` was added (the values are tightened).
    PatternAdded,
    /// A `pattern` was replaced by another.
    PatternChanged,
    /// A `pattern` was removed.
    PatternRemoved,
    /// `null` is no longer allowed.
    NullableRemoved,
    /// `null` is now allowed.
    NullableAdded,
    /// A bound (`minimum`, `maximum`, `minLength`, `maxLength`, `minItems`, `maxItems`) got
    /// stricter or was added.
    BoundTightened,
    /// A bound got looser or was removed.
    BoundLoosened,
    /// `additionalProperties: false` was added: undeclared properties are refused.
    AdditionalPropertiesClosed,
}

/// Which way the changed value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flow {
    /// Sent by the client (parameters, request bodies).
    Request,
    /// Read by the client (responses).
    Response,
    /// Not a value: paths, operations, statuses.
    Structure,
}

impl Rule {
    /// The rule's stable name, as written in JSON reports (`property-removed`).
    pub fn id(self) -> &'static str {
        match self {
            Rule::PathRemoved => "path-removed",
            Rule::PathAdded => "path-added",
            Rule::OperationRemoved => "operation-removed",
            Rule::OperationAdded => "operation-added",
            Rule::ResponseStatusRemoved => "response-status-removed",
            Rule::ResponseStatusAdded => "response-status-added",
            Rule::MediaTypeRemoved => "media-type-removed",
            Rule::MediaTypeAdded => "media-type-added",
            Rule::RequiredParameterAdded => "required-parameter-added",
            Rule::OptionalParameterAdded => "optional-parameter-added",
            Rule::ParameterRemoved => "parameter-removed",
            Rule::ParameterNewlyRequired => "parameter-newly-required",
            Rule::ParameterNoLongerRequired => "parameter-no-longer-required",
            Rule::RequestBodyNewlyRequired => "request-body-newly-required",
            Rule::RequestBodyNoLongerRequired => "request-body-no-longer-required",
            Rule::PropertyRemoved => "property-removed",
            Rule::RequiredPropertyAdded => "required-property-added",
            Rule::PropertyAdded => "property-added",
            Rule::PropertyNewlyRequired => "property-newly-required",
            Rule::PropertyNoLongerRequired => "property-no-longer-required",
            Rule::TypeChanged => "type-changed",
            Rule::TypeWidened => "type-widened",
            Rule::TypeNarrowed => "type-narrowed",
            Rule::EnumNarrowed => "enum-narrowed",
            Rule::EnumWidened => "enum-widened",
            Rule::FormatAdded => "format-added",
            Rule::FormatChanged => "format-changed",
            Rule::FormatRemoved => "format-removed",
            Rule::PatternAdded => "pattern-added",
            Rule::PatternChanged => "pattern-changed",
            Rule::PatternRemoved => "pattern-removed",
            Rule::NullableRemoved => "nullable-removed",
            Rule::NullableAdded => "nullable-added",
            Rule::BoundTightened => "bound-tightened",
            Rule::BoundLoosened => "bound-loosened",
            Rule::AdditionalPropertiesClosed => "additional-properties-closed",
        }
    }

    /// Whether a change under this rule breaks clients, for a value travelling in `flow`.
    ///
    /// ```
    /// use pact_openapi::diff::{Flow, Rule};
    /// // A client reads responses: a removed response property breaks it…
    /// assert!(Rule::PropertyRemoved.is_breaking(Flow::Response));
    /// // …while the provider ignoring a property the client sends does not.
    /// assert!(!Rule::PropertyRemoved.is_breaking(Flow::Request));
    /// ```
    pub fn is_breaking(self, flow: Flow) -> bool {
        let request = flow == Flow::Request;
        match self {
            Rule::PathRemoved
            | Rule::OperationRemoved
            | Rule::ResponseStatusRemoved
            | Rule::RequiredParameterAdded
            | Rule::ParameterNewlyRequired
            | Rule::RequestBodyNewlyRequired
            | Rule::RequiredPropertyAdded
            | Rule::TypeChanged
            | Rule::FormatChanged
            | Rule::PatternChanged => true,
            Rule::PathAdded
            | Rule::OperationAdded
            | Rule::ResponseStatusAdded
            | Rule::OptionalParameterAdded
            | Rule::ParameterRemoved
            | Rule::ParameterNoLongerRequired
            | Rule::RequestBodyNoLongerRequired
            | Rule::PropertyAdded => false,
            // A client sends one of the request media types; it reads the one it asks for.
            Rule::MediaTypeRemoved => true,
            Rule::MediaTypeAdded => false,
            Rule::PropertyRemoved | Rule::PropertyNoLongerRequired | Rule::NullableAdded => !request,
            Rule::PropertyNewlyRequired | Rule::NullableRemoved | Rule::AdditionalPropertiesClosed => request,
            Rule::TypeWidened | Rule::EnumWidened | Rule::FormatRemoved | Rule::PatternRemoved => !request,
            Rule::BoundLoosened => !request,
            Rule::TypeNarrowed
            | Rule::EnumNarrowed
            | Rule::FormatAdded
            | Rule::PatternAdded
            | Rule::BoundTightened => request,
        }
    }

    /// Every rule, in declaration order (for documentation and exhaustive tests).
    pub const ALL: [Rule; 36] = [
        Rule::PathRemoved,
        Rule::PathAdded,
        Rule::OperationRemoved,
        Rule::OperationAdded,
        Rule::ResponseStatusRemoved,
        Rule::ResponseStatusAdded,
        Rule::MediaTypeRemoved,
        Rule::MediaTypeAdded,
        Rule::RequiredParameterAdded,
        Rule::OptionalParameterAdded,
        Rule::ParameterRemoved,
        Rule::ParameterNewlyRequired,
        Rule::ParameterNoLongerRequired,
        Rule::RequestBodyNewlyRequired,
        Rule::RequestBodyNoLongerRequired,
        Rule::PropertyRemoved,
        Rule::RequiredPropertyAdded,
        Rule::PropertyAdded,
        Rule::PropertyNewlyRequired,
        Rule::PropertyNoLongerRequired,
        Rule::TypeChanged,
        Rule::TypeWidened,
        Rule::TypeNarrowed,
        Rule::EnumNarrowed,
        Rule::EnumWidened,
        Rule::FormatAdded,
        Rule::FormatChanged,
        Rule::FormatRemoved,
        Rule::PatternAdded,
        Rule::PatternChanged,
        Rule::PatternRemoved,
        Rule::NullableRemoved,
        Rule::NullableAdded,
        Rule::BoundTightened,
        Rule::BoundLoosened,
        Rule::AdditionalPropertiesClosed,
    ];
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
