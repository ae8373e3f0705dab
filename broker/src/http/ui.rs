//! The web UI over HTTP: pages under `/ui/…`, and the same pages on the API's own paths when a
//! browser asks for HTML (as the Pact Broker does): `/` is the index, `/pacts/provider/{p}/consumer/{c}/latest`
//! (and the other pact paths) the pact page, `/matrix/provider/{p}/consumer/{c}` the matrix,
//! `/groups/{p}` a pacticipant's page (with, for a provider, its field usage at
//! `/ui/pacticipants/{p}/field-usage`, also served to browsers on the API's
//! `/pacticipants/{p}/field-usage`, and the impact of its API changes at `…/api-impact`), and the diff paths (`…/diff/previous-distinct`,
//! `…/diff/version/{v}`, `…/pact-version/{sha}/diff/pact-version/{sha2}`) the diff page. API
//! clients keep the API's answers on all of these paths; the `/ui/…` diff paths give plain text
//! to clients that do not ask for HTML.
//!
//! Every page is a GET, so the read-only role (and public read, when enabled) can see them.

mod evolution;
mod pages;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::Markup;
use tower::ServiceExt;

use super::AppState;
use crate::store::StoreError;
use crate::ui::accept::prefers_html;
use crate::ui::links::Links;
use crate::ui::pages::message_page;
use crate::ui::{SCRIPT, STYLESHEET};

/// The `/ui/…` routes.
pub(super) fn routes() -> Router<AppState> {
    let pact = "/ui/pacts/provider/{provider}/consumer/{consumer}";
    Router::new()
        .route("/ui", get(pages::index))
        .route("/ui/", get(pages::index))
        .route("/ui/assets/style.css", get(stylesheet))
        .route("/ui/assets/app.js", get(script))
        .route(&format!("{pact}/latest"), get(pages::latest_pact))
        .route(&format!("{pact}/latest/{{tag}}"), get(pages::latest_tagged_pact))
        .route(
            &format!("{pact}/version/{{version}}"),
            get(pages::pact_of_version),
        )
        .route(
            &format!("{pact}/versions/{{version}}"),
            get(pages::pact_of_version),
        )
        .route(&format!("{pact}/pact-version/{{sha}}"), get(pages::pact_by_sha))
        .route(
            &format!("{pact}/pact-version/{{sha}}/metadata/{{metadata}}"),
            get(pages::pact_by_sha_with_metadata),
        )
        .route(
            &format!("{pact}/version/{{version}}/diff/previous-distinct"),
            get(pages::diff_previous_distinct),
        )
        .route(
            &format!("{pact}/version/{{version}}/diff/version/{{other}}"),
            get(pages::diff_versions),
        )
        .route(
            &format!("{pact}/pact-version/{{sha}}/diff/pact-version/{{other}}"),
            get(pages::diff_shas),
        )
        .route(
            "/ui/matrix/provider/{provider}/consumer/{consumer}",
            get(pages::matrix),
        )
        .route("/ui/environments", get(pages::environments))
        .route("/ui/network", get(pages::network))
        .route("/ui/pacticipants/{name}", get(pages::pacticipant))
        .route(
            "/ui/pacticipants/{name}/field-usage",
            get(evolution::field_usage_page),
        )
        .route(
            "/ui/pacticipants/{name}/api-impact",
            get(evolution::api_impact_page),
        )
}

/// The UI routes alone, for [`html_for_browsers`] to hand requests to.
pub(super) fn router(state: AppState) -> Router {
    routes()
        .fallback(|| async { NotAPage.into_response() })
        .with_state(state)
}

/// Marks a response of [`router`]'s fallback: no page for this path, let the API answer.
#[derive(Debug, Clone, Copy)]
struct NotAPage;

impl IntoResponse for NotAPage {
    fn into_response(self) -> Response {
        let mut response = StatusCode::NOT_FOUND.into_response();
        response.extensions_mut().insert(NotAPage);
        response
    }
}

/// The UI path that serves `path` for a browser, if any.
fn page_path(path: &str, wants_html: bool) -> Option<String> {
    if !wants_html {
        return None;
    }
    if path == "/" {
        Some("/ui".to_string())
    } else if path.starts_with("/pacts/provider/") || path.starts_with("/matrix/provider/") {
        Some(format!("/ui{path}"))
    } else if let Some(name) = path
        .strip_prefix("/pacticipants/")
        .and_then(|rest| rest.strip_suffix("/field-usage"))
        .filter(|name| !name.is_empty() && !name.contains('/'))
    {
        Some(format!("/ui/pacticipants/{name}/field-usage"))
    } else {
        path.strip_prefix("/groups/")
            .filter(|name| !name.is_empty() && !name.contains('/'))
            .map(|name| format!("/ui/pacticipants/{name}"))
    }
}

/// Middleware: answers a browser's GET on an API path with the matching page.
pub(super) async fn html_for_browsers(State(ui): State<Router>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return next.run(request).await;
    }
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    let Some(target) = page_path(request.uri().path(), prefers_html(accept)) else {
        return next.run(request).await;
    };
    let target = match request.uri().query() {
        Some(q) => format!("{target}?{q}"),
        None => target,
    };
    let Ok(uri) = target.parse::<Uri>() else {
        return next.run(request).await;
    };
    // A fresh request (method, headers, new URI) without the outer router's extensions, whose
    // path parameters would otherwise be added to the page route's own.
    let mut page_request = Request::new(Body::empty());
    *page_request.method_mut() = request.method().clone();
    *page_request.uri_mut() = uri;
    *page_request.headers_mut() = request.headers().clone();
    let response = match ui.oneshot(page_request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if response.extensions().get::<NotAPage>().is_some() {
        return next.run(request).await;
    }
    response
}

/// A page as an HTML response with headers that keep the browser to the broker's own assets.
pub(crate) fn html(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup.into_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

async fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", STYLESHEET)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

/// Why a page cannot be shown.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PageError {
    /// The pacticipant, pact or version does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for PageError {
    fn from(e: sqlx::Error) -> Self {
        PageError::Store(StoreError::Database(e))
    }
}

impl PageError {
    /// The error as a page.
    pub(crate) fn page(&self, links: &Links) -> Response {
        match self {
            PageError::NotFound(text) => html(StatusCode::NOT_FOUND, message_page(links, "Not found", text)),
            PageError::Store(e) => {
                tracing::error!(error = %e, "UI page failed");
                html(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    message_page(
                        links,
                        "Something went wrong",
                        "The broker could not read its database.",
                    ),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::page_path;

    #[test]
    fn browsers_get_pages_on_api_paths() {
        assert_eq!(page_path("/", true).as_deref(), Some("/ui"));
        assert_eq!(
            page_path("/pacts/provider/P/consumer/C/latest", true).as_deref(),
            Some("/ui/pacts/provider/P/consumer/C/latest")
        );
        assert_eq!(
            page_path("/groups/Orders", true).as_deref(),
            Some("/ui/pacticipants/Orders")
        );
        assert_eq!(page_path("/pacticipants/Orders", true), None);
        assert_eq!(
            page_path("/pacticipants/Users/field-usage", true).as_deref(),
            Some("/ui/pacticipants/Users/field-usage")
        );
        assert_eq!(page_path("/pacticipants/Users/field-usage", false), None);
        assert_eq!(page_path("/pacticipants//field-usage", true), None);
    }

    #[test]
    fn api_clients_keep_the_api() {
        let diff = "/pacts/provider/P/consumer/C/version/1/diff/previous-distinct";
        assert_eq!(page_path("/", false), None);
        assert_eq!(page_path("/pacts/provider/P/consumer/C/latest", false), None);
        assert_eq!(page_path(diff, false), None);
        assert_eq!(page_path(diff, true), Some(format!("/ui{diff}")));
    }
}
