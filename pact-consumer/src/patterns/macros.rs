//! `pact_json!`: JSON syntax whose values may be matchers.

/// Builds a [`JsonPattern`](crate::JsonPattern) with JSON syntax; any value may be a Rust
/// expression that converts into a pattern: a matcher call (`like("Alice")`), a number, a string,
/// a `serde_json::Value`, or another `pact_json!`.
///
/// ```
/// use pact_consumer::prelude::*;
/// let user_id = 42;
/// let body = pact_json!({
///     "id": integer(user_id),
///     "name": like("Alice"),
///     "roles": each_like("admin"),
///     "address": { "city": string("Paris"), "zip": null },
///     "active": true,
///     "scores": [1, decimal(2.5), -3],
/// });
/// assert_eq!(body.to_example(), json!({
///     "id": 42, "name": "Alice", "roles": ["admin"],
///     "address": {"city": "Paris", "zip": null}, "active": true, "scores": [1, 2.5, -3],
/// }));
/// ```
#[macro_export]
macro_rules! pact_json {
    (null) => {
        $crate::JsonPattern::Json($crate::serde_json::Value::Null)
    };
    ([ $($tt:tt)* ]) => {
        $crate::JsonPattern::Array($crate::__pact_json_array!([] () $($tt)*))
    };
    ({ $($tt:tt)* }) => {
        $crate::JsonPattern::Object($crate::__pact_json_object!([] $($tt)*))
    };
    ($value:expr) => {
        $crate::JsonPattern::from($value)
    };
}

/// Array elements of [`pact_json!`]: collects the tokens of one element up to a comma.
#[doc(hidden)]
#[macro_export]
macro_rules! __pact_json_array {
    ([$($done:expr,)*] ()) => {
        ::std::vec![$($done,)*]
    };
    ([$($done:expr,)*] ($($cur:tt)+)) => {
        ::std::vec![$($done,)* $crate::pact_json!($($cur)+),]
    };
    ([$($done:expr,)*] ($($cur:tt)+) , $($rest:tt)*) => {
        $crate::__pact_json_array!([$($done,)* $crate::pact_json!($($cur)+),] () $($rest)*)
    };
    ([$($done:expr,)*] ($($cur:tt)*) $next:tt $($rest:tt)*) => {
        $crate::__pact_json_array!([$($done,)*] ($($cur)* $next) $($rest)*)
    };
}

/// Object members of [`pact_json!`]: a key, a colon, then the tokens of the value up to a comma.
#[doc(hidden)]
#[macro_export]
macro_rules! __pact_json_object {
    ([$($done:expr,)*]) => {
        ::std::vec![$($done,)*]
    };
    ([$($done:expr,)*] $key:tt : $($rest:tt)+) => {
        $crate::__pact_json_member!([$($done,)*] ($key) () $($rest)+)
    };
}

/// One object member's value of [`pact_json!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __pact_json_member {
    ([$($done:expr,)*] ($key:tt) ($($cur:tt)+)) => {
        ::std::vec![$($done,)* (::std::string::String::from($key), $crate::pact_json!($($cur)+)),]
    };
    ([$($done:expr,)*] ($key:tt) ($($cur:tt)+) , $($rest:tt)*) => {
        $crate::__pact_json_object!(
            [$($done,)* (::std::string::String::from($key), $crate::pact_json!($($cur)+)),] $($rest)*
        )
    };
    ([$($done:expr,)*] ($key:tt) ($($cur:tt)*) $next:tt $($rest:tt)*) => {
        $crate::__pact_json_member!([$($done,)*] ($key) ($($cur)* $next) $($rest)*)
    };
}
