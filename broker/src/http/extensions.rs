//! File-extension paths: the Pact Broker turns a `.json`, `.svg`, `.csv` or `.yaml` suffix on the
//! path into the matching `Accept` header and drops it (its `ConvertFileExtensionToAcceptHeader`
//! middleware), so `…/badge.svg` and `/pacticipants/Foo.json` reach the same resources as
//! `…/badge` and `/pacticipants/Foo`. Here a middleware right after routing sends such a request
//! through the routes once more without its suffix (a route that itself ends in `.svg` wins).

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use tower::ServiceExt;

/// Suffixes the Pact Broker converts, with the media type each stands for. (`.css` and `.js`,
/// which it also converts, are left alone: they are this broker's own UI assets.)
const EXTENSIONS: [(&str, &str); 4] = [
    (".json", "application/hal+json"),
    (".svg", "image/svg+xml"),
    (".csv", "text/csv"),
    (".yaml", "application/yaml"),
];

/// The path without its suffix and the media type the suffix stands for, when it has one.
///
/// ```
/// use pact_broker::http::extensions::split_extension;
///
/// assert_eq!(split_extension("/pacticipants/Foo.json"), Some(("/pacticipants/Foo", "application/hal+json")));
/// assert_eq!(split_extension("/pacts/provider/P/consumer/C/latest/badge.svg"),
///            Some(("/pacts/provider/P/consumer/C/latest/badge", "image/svg+xml")));
/// assert_eq!(split_extension("/pacticipants/Foo/versions/1.2.3"), None);
/// assert_eq!(split_extension("/ui/assets/app.js"), None);
/// ```
pub fn split_extension(path: &str) -> Option<(&str, &'static str)> {
    let last = path.rsplit('/').next()?;
    let dot = last.rfind('.')?;
    let suffix = &last[dot..];
    // Ruby's /\.\w+$/: the suffix is word characters only.
    if suffix.len() < 2 || !suffix[1..].chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let (_, media_type) = EXTENSIONS.iter().find(|(ext, _)| *ext == suffix)?;
    let stem = path.strip_suffix(suffix)?;
    if stem.ends_with('/') {
        return None;
    }
    Some((stem, media_type))
}

/// Middleware (right after routing): a request whose path ends in a known suffix is routed again
/// on `unsuffixed` (the same routes) without it, with `Accept` set from it; unless the route it
/// matched itself ends in that suffix (`…/badge.svg`).
pub(super) async fn strip_suffix(State(unsuffixed): State<Router>, request: Request, next: Next) -> Response {
    let Some((stem, media_type)) = split_extension(request.uri().path()) else {
        return next.run(request).await;
    };
    let suffix = &request.uri().path()[stem.len()..];
    let literal_route = request
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|m| m.as_str().ends_with(suffix));
    let rebuilt = match request.uri().query() {
        Some(query) => format!("{stem}?{query}"),
        None => stem.to_string(),
    };
    let Ok(uri) = rebuilt.parse::<Uri>() else {
        return next.run(request).await;
    };
    if literal_route {
        return next.run(request).await;
    }
    // A fresh request: the first routing left its path parameters in the extensions.
    let (parts, body) = request.into_parts();
    let mut fresh = Request::new(body);
    *fresh.method_mut() = parts.method;
    *fresh.uri_mut() = uri;
    *fresh.version_mut() = parts.version;
    *fresh.headers_mut() = parts.headers;
    fresh
        .headers_mut()
        .insert(header::ACCEPT, HeaderValue::from_static(media_type));
    match unsuffixed.oneshot(fresh).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}
