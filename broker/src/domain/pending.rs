//! Pending and work-in-progress (WIP) pacts.
//!
//! A pact is *pending* for a provider branch until a version of the provider on that branch has
//! verified its content successfully. A branch the provider has never used inherits the results
//! published before it existed (so a new feature branch starts from what is already verified).
//! With tags instead of a branch, results from provider versions with any of the tags count; with
//! neither, any successful result counts. A *WIP* pact is the head of a consumer branch or tag,
//! published since the requested date, not selected explicitly, and pending: it is verified but
//! cannot fail the build.

/// Which provider versions' successful results end a pact's pending state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingBasis {
    /// Provider versions on this branch; results published before the branch existed also count.
    Branch {
        /// Branch name.
        name: String,
        /// When the provider branch was created, `None` if it does not exist yet.
        created_at: Option<String>,
    },
    /// Provider versions with any of these tags.
    Tags(Vec<String>),
    /// Any provider version.
    Any,
}

impl PendingBasis {
    /// Chooses the basis from the request's provider branch and tags (the branch wins).
    ///
    /// ```
    /// use pact_broker::domain::pending::PendingBasis;
    ///
    /// assert_eq!(PendingBasis::choose(None, &[], None), PendingBasis::Any);
    /// assert!(matches!(PendingBasis::choose(Some("main"), &[], None), PendingBasis::Branch { .. }));
    /// ```
    pub fn choose(branch: Option<&str>, tags: &[String], branch_created_at: Option<String>) -> PendingBasis {
        match branch {
            Some(name) => PendingBasis::Branch {
                name: name.to_string(),
                created_at: branch_created_at,
            },
            None if !tags.is_empty() => PendingBasis::Tags(tags.to_vec()),
            None => PendingBasis::Any,
        }
    }

    /// Whether WIP pacts can be computed: the provider must say which branch or tags it verifies for.
    pub fn supports_wip(&self) -> bool {
        !matches!(self, PendingBasis::Any)
    }

    /// "a version of Bar from branch 'main'".
    pub fn describe(&self, provider: &str) -> String {
        match self {
            PendingBasis::Branch { name, .. } => format!("a version of {provider} from branch '{name}'"),
            PendingBasis::Tags(tags) => {
                let list: Vec<String> = tags.iter().map(|t| format!("'{t}'")).collect();
                format!("a version of {provider} with tag {}", list.join(" or "))
            }
            PendingBasis::Any => format!("any version of {provider}"),
        }
    }
}

pub use pact_broker_api::Notice;

fn notice(when: &str, text: String) -> Notice {
    Notice::when(when, text)
}

/// The notices for one pact in the `for-verification` reply.
pub fn verification_notices(
    pact_url: &str,
    provider: &str,
    reasons: &[String],
    pending: Option<bool>,
    wip: bool,
    basis: &PendingBasis,
) -> Vec<Notice> {
    let mut out = Vec::new();
    if wip {
        out.push(notice(
            "before_verification",
            format!(
                "The pact at {pact_url} is being verified because it is a 'work in progress' pact (ie. it is the pact \
                 for {} and is still in pending state).",
                reasons.join(", ")
            ),
        ));
    } else {
        let criteria = if reasons.len() == 1 {
            "version matching the following criterion"
        } else {
            "versions matching the following criteria"
        };
        let list: Vec<String> = reasons.iter().map(|r| format!("    * {r}")).collect();
        out.push(notice(
            "before_verification",
            format!(
                "The pact at {pact_url} is being verified because the pact content belongs to the consumer {criteria}:\n{}",
                list.join("\n")
            ),
        ));
    }
    let who = basis.describe(provider);
    match pending {
        Some(true) => {
            out.push(notice(
                "before_verification",
                format!(
                    "This pact is in pending state for this version of {provider} because a successful verification \
                     result for {who} has not yet been published. If this verification fails, it will not cause the \
                     overall build to fail."
                ),
            ));
            out.push(notice(
                "after_verification:success_true_published_false",
                format!("This pact is still in pending state for {who} as the successful verification results have not yet been published."),
            ));
            out.push(notice(
                "after_verification:success_false_published_false",
                format!("This pact is still in pending state for {who} as the verification failed; the build will not fail."),
            ));
            out.push(notice(
                "after_verification:success_true_published_true",
                format!("This pact is no longer in pending state for {who}, as a successful verification result has been published. If a verification for {who} fails in the future, it will fail the build."),
            ));
            out.push(notice(
                "after_verification:success_false_published_true",
                format!("This pact is still in pending state for {who} as the verification failed; the build will not fail."),
            ));
        }
        Some(false) => out.push(notice(
            "before_verification",
            format!(
                "This pact has previously been successfully verified by {who}. If this verification fails, it will fail the build."
            ),
        )),
        None => {}
    }
    out
}
