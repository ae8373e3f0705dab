//! The base64 metadata in `…/pact-version/{sha}/metadata/{b64}` URLs, which ties a verification
//! result back to the selectors, consumer versions, pending and WIP status that chose the pact.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};

/// One selector that chose the pact, in the short keys the Pact Broker uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectedBy {
    /// `b`: branch.
    pub branch: Option<String>,
    /// `t`: tag.
    pub tag: Option<String>,
    /// `l`: latest.
    pub latest: bool,
    /// `e`: environment.
    pub environment: Option<String>,
    /// `cv`: consumer version number.
    pub consumer_version: String,
}

/// Decoded pact metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PactMetadata {
    /// `s[]`: the selectors.
    pub selectors: Vec<SelectedBy>,
    /// `p`: pending.
    pub pending: bool,
    /// `w`: work in progress.
    pub wip: bool,
}

impl PactMetadata {
    /// Encodes as base64url of a nested query string (`s[][b]=main&s[][l]=true&s[][cv]=1&p=true`).
    ///
    /// ```
    /// use pact_broker::domain::metadata::{PactMetadata, SelectedBy};
    ///
    /// let m = PactMetadata { selectors: vec![SelectedBy { branch: Some("main".into()), latest: true, consumer_version: "1".into(), ..Default::default() }], pending: true, wip: false };
    /// assert_eq!(PactMetadata::decode(&m.encode()), Some(m));
    /// ```
    pub fn encode(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for s in &self.selectors {
            if let Some(b) = &s.branch {
                q.append_pair("s[][b]", b);
            }
            if let Some(t) = &s.tag {
                q.append_pair("s[][t]", t);
            }
            if s.latest {
                q.append_pair("s[][l]", "true");
            }
            if let Some(e) = &s.environment {
                q.append_pair("s[][e]", e);
            }
            q.append_pair("s[][cv]", &s.consumer_version);
        }
        if self.pending {
            q.append_pair("p", "true");
        }
        if self.wip {
            q.append_pair("w", "true");
        }
        URL_SAFE_NO_PAD.encode(q.finish())
    }

    /// Decodes metadata; `None` when it is not base64 of a query string.
    pub fn decode(text: &str) -> Option<PactMetadata> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim_end_matches('='))
            .or_else(|_| URL_SAFE.decode(text))
            .or_else(|_| STANDARD.decode(text))
            .ok()?;
        let mut out = PactMetadata::default();
        let mut current: Option<SelectedBy> = None;
        for (key, value) in form_urlencoded::parse(&bytes) {
            let value = value.into_owned();
            match key.as_ref() {
                "p" => out.pending = value == "true",
                "w" => out.wip = value == "true",
                "s[][cv]" => {
                    let mut s = current.take().unwrap_or_default();
                    s.consumer_version = value;
                    out.selectors.push(s);
                }
                "s[][b]" => current.get_or_insert_with(SelectedBy::default).branch = Some(value),
                "s[][t]" => current.get_or_insert_with(SelectedBy::default).tag = Some(value),
                "s[][e]" => current.get_or_insert_with(SelectedBy::default).environment = Some(value),
                "s[][l]" => current.get_or_insert_with(SelectedBy::default).latest = value == "true",
                _ => {}
            }
        }
        if let Some(s) = current {
            out.selectors.push(s);
        }
        Some(out)
    }
}
