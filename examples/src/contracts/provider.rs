//! The provider side of the contracts: `user-service` verified against its consumers' pacts.

use pact_verifier::{StateError, Verifier};
use serde_json::Value;

use crate::user_service::{User, UserStore};

use super::{ALICE_EMAIL, ALICE_NAME, MISSING_USER_ID, USER_EXISTS, USER_MISSING};

/// Adds `user-service`'s provider-state hooks to a verifier: they put rows into (and take them
/// out of) the service's real SQLite database.
///
/// | state | set-up | teardown |
/// |---|---|---|
/// | `user 42 exists` with `{"id": N}` | inserts user N (Alice) | deletes user N |
/// | `user 7 does not exist` with `{"id": N}` | deletes user N | — |
///
/// ```no_run
/// # async fn run(store: examples::user_service::UserStore, url: String) {
/// use examples::contracts::with_user_service_states;
/// use pact_verifier::Verifier;
/// let verifier = Verifier::new("UserService").pact_dir("target/pacts").provider_url(url);
/// with_user_service_states(verifier, store).verify().await.assert_passed();
/// # }
/// ```
pub fn with_user_service_states(verifier: Verifier, store: UserStore) -> Verifier {
    let setup_store = store.clone();
    let teardown_store = store.clone();
    let missing_store = store;
    verifier
        .state(USER_EXISTS, move |params| {
            let store = setup_store.clone();
            async move {
                let id = user_id(&params, 42)?;
                let user = User {
                    id,
                    name: ALICE_NAME.to_owned(),
                    email: ALICE_EMAIL.to_owned(),
                };
                store.put(&user).await.map_err(|e| StateError::new(e.to_string()))
            }
        })
        .state_teardown(USER_EXISTS, move |params| {
            let store = teardown_store.clone();
            async move {
                let id = user_id(&params, 42)?;
                store
                    .delete(id)
                    .await
                    .map(|_| ())
                    .map_err(|e| StateError::new(e.to_string()))
            }
        })
        .state(USER_MISSING, move |params| {
            let store = missing_store.clone();
            async move {
                let id = user_id(&params, MISSING_USER_ID)?;
                store
                    .delete(id)
                    .await
                    .map(|_| ())
                    .map_err(|e| StateError::new(e.to_string()))
            }
        })
}

/// The `id` parameter of a provider state, or `default` when the pact gives none.
fn user_id(params: &Value, default: i64) -> Result<i64, StateError> {
    match &params["id"] {
        Value::Null => Ok(default),
        value => value
            .as_i64()
            .ok_or_else(|| StateError::new(format!("state parameter `id` must be an integer, got {value}"))),
    }
}
