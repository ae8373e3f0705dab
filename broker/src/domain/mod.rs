//! Pure broker logic: content identity, selectors, pending and WIP rules, the matrix and the
//! can-i-deploy decision, badges. Knows neither HTTP nor SQL.

pub mod api_evolution;
pub mod badge;
pub mod bidirectional;
pub mod content;
pub mod duplicate_names;
pub mod matrix;
pub mod matrix_query;
pub mod metadata;
pub mod pact_diff;
pub mod pact_notices;
pub mod pending;
pub mod selectors;
