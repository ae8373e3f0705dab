//! The `page` object of a paginated list.

use serde::{Deserialize, Serialize};

/// Where a page sits in a list: `{"number", "size", "totalElements", "totalPages"}`.
///
/// ```
/// use pact_broker_api::Page;
/// let page = Page::of(2, 10, 25);
/// assert_eq!(page.total_pages, 3);
/// assert_eq!(
///     serde_json::to_string(&page).unwrap(),
///     r#"{"number":2,"size":10,"totalElements":25,"totalPages":3}"#
/// );
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    /// The page number, from 1.
    #[serde(default)]
    pub number: i64,
    /// Items per page.
    #[serde(default)]
    pub size: i64,
    /// Items in the whole list.
    #[serde(default)]
    pub total_elements: i64,
    /// Pages in the whole list.
    #[serde(default)]
    pub total_pages: i64,
}

impl Page {
    /// Page `number` of `size` items in a list of `total` (a `size` below 1 counts no pages).
    pub fn of(number: i64, size: i64, total: i64) -> Self {
        let pages = total
            .checked_div(size)
            .unwrap_or(0)
            .saturating_add(i64::from(total.checked_rem(size).unwrap_or(0) != 0));
        Page {
            number,
            size,
            total_elements: total,
            total_pages: pages,
        }
    }
}
