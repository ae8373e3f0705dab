#![doc = include_str!("../docs/crate.md")]

pub mod builder;
#[cfg(feature = "cli")]
pub mod control;
pub mod message;
pub mod mock_server;
pub mod pact_file;
pub mod patterns;
pub mod report;

pub use builder::{
    InteractionBuilder, MessageBuilder, MessageContentsBuilder, PactBuilder, RequestBuilder, ResponseBuilder,
    StatusPattern, SyncMessageBuilder, status_code,
};
pub use message::{ConsumerMessage, ConsumerSyncMessage, MessageError};
pub use mock_server::{
    FinishError, MockServer, MockServerConfig, MockServerError, MockServerFailure, ServerLimits,
};
pub use pact_file::{PactFileError, PactOutput, default_output_dir, merge_pacts, same_interaction};
// The matcher functions (`like`, `term`, `string`, `null`, …) live in `prelude` and `patterns`,
// not at the crate root, where names such as `string` or `null` would say nothing.
pub use patterns::{EachLike, Extracted, JsonPattern, Matched, Shape, StringPattern};
pub use report::MockServerReport;

#[doc(hidden)]
pub use serde_json;

/// Everything a consumer test needs: `use pact_consumer::prelude::*;`.
///
/// ```
/// use pact_consumer::prelude::*;
/// let body = pact_json!({ "id": integer(1), "tags": each_like("x") });
/// assert_eq!(body.to_example(), json!({ "id": 1, "tags": ["x"] }));
/// ```
///
/// The matcher functions are here and in [`patterns`], not at the crate root:
///
/// ```compile_fail
/// let name = pact_consumer::string("Alice");
/// ```
pub mod prelude {
    pub use crate::pact_json;
    pub use crate::patterns::*;
    pub use crate::{
        ConsumerMessage, InteractionBuilder, MessageBuilder, MessageContentsBuilder, MockServer, PactBuilder,
        RequestBuilder, ResponseBuilder, StatusPattern, SyncMessageBuilder, status_code,
    };
    pub use pact_core::SpecVersion;
    pub use pact_core::rules::StatusCodeClass;
    pub use serde_json::json;
}
