//! Interactions: one exchange the consumer relies on.

use serde_json::{Map, Value};

use super::{Message, ProviderState, Request, Response};
use crate::{InteractionProblem, PactError};

/// The three kinds of interaction of specification V4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InteractionKind {
    /// `Synchronous/HTTP`: a request and its response.
    Http,
    /// `Asynchronous/Messages`: a message the provider publishes.
    AsyncMessage,
    /// `Synchronous/Messages`: a request message and its response messages.
    SyncMessage,
}

impl InteractionKind {
    /// The V4 `type` string.
    pub fn as_v4_type(self) -> &'static str {
        match self {
            InteractionKind::Http => "Synchronous/HTTP",
            InteractionKind::AsyncMessage => "Asynchronous/Messages",
            InteractionKind::SyncMessage => "Synchronous/Messages",
        }
    }
}

/// An HTTP request and the response the consumer expects.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpInteraction {
    /// What the interaction is about, unique within the pact together with the provider states.
    pub description: String,
    /// States the provider must be in first.
    pub provider_states: Vec<ProviderState>,
    /// The V4 key; `None` means "compute a stable one when writing".
    pub key: Option<String>,
    /// V4: a pending interaction is verified but its failure does not fail the build.
    pub pending: bool,
    /// V4 comments (`testname`, `text`, …).
    pub comments: Map<String, Value>,
    /// The request.
    pub request: Request,
    /// The expected response.
    pub response: Response,
    /// What could not be read when the pact was loaded; an interaction with problems is never
    /// served or verified as if it were whole.
    pub problems: Vec<InteractionProblem>,
}

/// A message the provider sends and the consumer handles (V3 message pacts, V4 `Asynchronous/Messages`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AsyncMessage {
    /// What the message is about.
    pub description: String,
    /// States the provider must be in first.
    pub provider_states: Vec<ProviderState>,
    /// The V4 key; `None` means "compute a stable one when writing".
    pub key: Option<String>,
    /// V4 pending flag.
    pub pending: bool,
    /// V4 comments.
    pub comments: Map<String, Value>,
    /// The message.
    pub message: Message,
    /// What could not be read when the pact was loaded; an interaction with problems is never
    /// served or verified as if it were whole.
    pub problems: Vec<InteractionProblem>,
}

/// A request message and the response messages expected for it (V4 `Synchronous/Messages`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncMessage {
    /// What the exchange is about.
    pub description: String,
    /// States the provider must be in first.
    pub provider_states: Vec<ProviderState>,
    /// The V4 key; `None` means "compute a stable one when writing".
    pub key: Option<String>,
    /// V4 pending flag.
    pub pending: bool,
    /// V4 comments.
    pub comments: Map<String, Value>,
    /// The request message.
    pub request: Message,
    /// The response messages.
    pub responses: Vec<Message>,
    /// What could not be read when the pact was loaded; an interaction with problems is never
    /// served or verified as if it were whole.
    pub problems: Vec<InteractionProblem>,
}

/// What makes an interaction "the same one" as another (see [`Interaction::identity`]); shown
/// as its description with the provider states' names (`get user (given user 42 exists)`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InteractionIdentity<'a> {
    /// HTTP, asynchronous or synchronous message.
    pub kind: InteractionKind,
    /// The description.
    pub description: &'a str,
    /// The provider states, names and parameters, in order.
    pub provider_states: &'a [ProviderState],
}

impl std::fmt::Display for InteractionIdentity<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.description)?;
        let mut states = self.provider_states.iter();
        if let Some(first) = states.next() {
            write!(f, " (given {}", first.name)?;
            for state in states {
                write!(f, ", {}", state.name)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// Any interaction of a pact.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Interaction {
    /// HTTP request/response.
    Http(HttpInteraction),
    /// Asynchronous message.
    AsyncMessage(AsyncMessage),
    /// Synchronous message exchange.
    SyncMessage(SyncMessage),
}

macro_rules! common_field {
    ($self:ident, $field:ident) => {
        match $self {
            Interaction::Http(i) => &i.$field,
            Interaction::AsyncMessage(i) => &i.$field,
            Interaction::SyncMessage(i) => &i.$field,
        }
    };
}

impl Interaction {
    /// The kind of interaction.
    pub fn kind(&self) -> InteractionKind {
        match self {
            Interaction::Http(_) => InteractionKind::Http,
            Interaction::AsyncMessage(_) => InteractionKind::AsyncMessage,
            Interaction::SyncMessage(_) => InteractionKind::SyncMessage,
        }
    }

    /// The description.
    pub fn description(&self) -> &str {
        common_field!(self, description)
    }

    /// The provider states.
    pub fn provider_states(&self) -> &[ProviderState] {
        common_field!(self, provider_states)
    }

    /// The explicit V4 key, if one was given or read.
    pub fn key(&self) -> Option<&str> {
        common_field!(self, key).as_deref()
    }

    /// Whether the interaction is pending (V4).
    pub fn is_pending(&self) -> bool {
        *common_field!(self, pending)
    }

    /// The V4 comments.
    pub fn comments(&self) -> &Map<String, Value> {
        common_field!(self, comments)
    }

    /// What could not be read when the pact was loaded (empty for a usable interaction).
    pub fn problems(&self) -> &[InteractionProblem] {
        common_field!(self, problems)
    }

    /// Whether the interaction was read whole and can be served and verified.
    pub fn is_usable(&self) -> bool {
        self.problems().is_empty()
    }

    /// Records `error` (naming the JSON path of the part it is about) as a problem of this
    /// interaction, e.g. from a check run after reading.
    ///
    /// ```
    /// use pact_core::{HttpInteraction, Interaction, PactError};
    /// let mut interaction = Interaction::Http(HttpInteraction { description: "big".into(), ..Default::default() });
    /// interaction.add_problem(&PactError::invalid("$.interactions[0].response.body", "too deep"));
    /// assert!(!interaction.is_usable());
    /// assert_eq!(interaction.problems()[0].to_string(), "interaction 'big': $.interactions[0].response.body: too deep");
    /// ```
    pub fn add_problem(&mut self, error: &PactError) {
        let problem = InteractionProblem::from_error(self.description(), error);
        match self {
            Interaction::Http(i) => i.problems.push(problem),
            Interaction::AsyncMessage(i) => i.problems.push(problem),
            Interaction::SyncMessage(i) => i.problems.push(problem),
        }
    }

    /// What makes this interaction "the same one" as another: its kind, description and provider
    /// states (names and parameters). The one rule the workspace uses for it: merging a test's
    /// pact into the file on disk, the broker's merge of a published pact into the stored one, and
    /// the pairing of interactions when two versions of a pact are compared.
    ///
    /// As in the Pact specification and its reference implementations, description and provider
    /// states name an interaction uniquely within a pact; two interactions with the same identity
    /// but other requests or responses are a conflict (pact-jvm refuses such a merge; the
    /// consumer's merge here lets the newer one replace the older). The V4 `key` is not part of
    /// it: it is a hash of the content and changes whenever the content does.
    ///
    /// ```
    /// use pact_core::{HttpInteraction, Interaction, ProviderState};
    /// let get = |state: &str, status: u16| {
    ///     let mut i = HttpInteraction { description: "get user".into(), ..Default::default() };
    ///     i.provider_states.push(ProviderState::new(state));
    ///     i.response.status = status;
    ///     Interaction::Http(i)
    /// };
    /// assert_eq!(get("exists", 200).identity(), get("exists", 404).identity());
    /// assert_ne!(get("exists", 200).identity(), get("missing", 404).identity());
    /// assert_eq!(get("exists", 200).identity().to_string(), "get user (given exists)");
    /// ```
    pub fn identity(&self) -> InteractionIdentity<'_> {
        InteractionIdentity {
            kind: self.kind(),
            description: self.description(),
            provider_states: self.provider_states(),
        }
    }

    /// The HTTP interaction, if this is one.
    pub fn as_http(&self) -> Option<&HttpInteraction> {
        match self {
            Interaction::Http(i) => Some(i),
            _ => None,
        }
    }
}
