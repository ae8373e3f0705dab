//! The order service's typed client for `user-service`.
//!
//! It reads only what the order service needs (`id`, `name`, `email`): a tolerant reader. This
//! client is what the `OrderService` → `UserService` consumer tests exercise against the mock
//! provider, so the pact records exactly what it sends and relies on.

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

/// A user as the order service sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The user's id.
    pub id: i64,
    /// The name to greet.
    pub name: String,
    /// Where to send confirmations.
    pub email: String,
}

/// A user to register (guest checkout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    /// The display name.
    pub name: String,
    /// The email address.
    pub email: String,
}

/// Why a call to `user-service` failed.
#[derive(Debug, thiserror::Error)]
pub enum UserClientError {
    /// `GET /users/{id}` answered 404.
    #[error("user-service has no user with id {id}")]
    NotFound {
        /// The id asked for.
        id: i64,
    },
    /// `user-service` refused the request (4xx other than 404).
    #[error("user-service refused {request} with {status}: {message}")]
    Rejected {
        /// The request, e.g. `POST /users`.
        request: String,
        /// The HTTP status.
        status: StatusCode,
        /// The `error` field of the answer, or its raw body.
        message: String,
    },
    /// `user-service` failed (5xx) or answered an unexpected status.
    #[error("user-service answered {request} with unexpected status {status}")]
    UnexpectedStatus {
        /// The request, e.g. `GET /users/42`.
        request: String,
        /// The HTTP status.
        status: StatusCode,
    },
    /// The answer's body was not the user JSON expected.
    #[error("user-service answered {request} with a body that is not a user: {source}")]
    UnexpectedBody {
        /// The request, e.g. `GET /users/42`.
        request: String,
        /// What did not parse.
        #[source]
        source: reqwest::Error,
    },
    /// `user-service` could not be reached.
    #[error("could not reach user-service for {request}: {source}")]
    Unreachable {
        /// The request, e.g. `GET /users/42`.
        request: String,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
}

/// A client for `user-service` at one base URL.
///
/// ```no_run
/// # async fn demo() -> Result<(), examples::order_service::UserClientError> {
/// use examples::order_service::UserClient;
/// let alice = UserClient::new("http://127.0.0.1:8081").user(42).await?;
/// println!("{} <{}>", alice.name, alice.email);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct UserClient {
    base_url: String,
    http: reqwest::Client,
}

impl UserClient {
    /// A client for the service at `base_url` (e.g. `http://127.0.0.1:8081`).
    pub fn new(base_url: impl Into<String>) -> Self {
        let base_url = base_url.into().trim_end_matches('/').to_owned();
        Self {
            base_url,
            http: reqwest::Client::new(),
        }
    }

    /// The base URL this client calls.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `GET /users/{id}`: the user, or [`UserClientError::NotFound`].
    pub async fn user(&self, id: i64) -> Result<User, UserClientError> {
        let request = format!("GET /users/{id}");
        let response = send(&request, self.http.get(format!("{}/users/{id}", self.base_url))).await?;
        match response.status() {
            StatusCode::OK => read_user(request, response).await,
            StatusCode::NOT_FOUND => Err(UserClientError::NotFound { id }),
            status => Err(refusal(request, status, response).await),
        }
    }

    /// `POST /users`: registers a user and returns it with its new id.
    pub async fn create_user(&self, user: &NewUser) -> Result<User, UserClientError> {
        let request = "POST /users".to_owned();
        let response = send(
            &request,
            self.http.post(format!("{}/users", self.base_url)).json(user),
        )
        .await?;
        match response.status() {
            StatusCode::CREATED => read_user(request, response).await,
            status => Err(refusal(request, status, response).await),
        }
    }
}

/// Sends `call` asking for JSON; `request` (e.g. `GET /users/42`) names it in errors.
async fn send(request: &str, call: reqwest::RequestBuilder) -> Result<reqwest::Response, UserClientError> {
    call.header("Accept", "application/json")
        .send()
        .await
        .map_err(|source| UserClientError::Unreachable {
            request: request.to_owned(),
            source,
        })
}

/// The user in a successful answer's body.
async fn read_user(request: String, response: reqwest::Response) -> Result<User, UserClientError> {
    response
        .json()
        .await
        .map_err(|source| UserClientError::UnexpectedBody { request, source })
}

async fn refusal(request: String, status: StatusCode, response: reqwest::Response) -> UserClientError {
    if !status.is_client_error() {
        return UserClientError::UnexpectedStatus { request, status };
    }
    let body = response.text().await.unwrap_or_default();
    let message = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
        .unwrap_or(body);
    UserClientError::Rejected {
        request,
        status,
        message,
    }
}
