//! The run of a [`Verifier`]: load the pacts, verify every selected interaction, publish the
//! results and report.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use pact_broker_client::HalClient;

use super::Verifier;
use crate::engine::Replayer;
use crate::error::{PublishError, VerifyError};
use crate::publish::{ProviderVersion, Publisher};
use crate::replay::ProviderClient;
use crate::results::{PactResult, VerificationReport};
use crate::sources::LoadedPact;

impl Verifier {
    /// Loads the pacts, verifies every selected interaction, publishes results if asked, and
    /// reports.
    ///
    /// ```
    /// use std::io::{Read, Write};
    /// use pact_verifier::Verifier;
    ///
    /// // Arrange: a provider on a free loopback port answering `{"status": "up"}` to anything.
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    /// let provider_url = format!("http://{}", listener.local_addr().unwrap());
    /// std::thread::spawn(move || {
    ///     for mut stream in listener.incoming().flatten() {
    ///         let (mut head, mut buf) = (Vec::<u8>::new(), [0u8; 1024]);
    ///         while !head.windows(4).any(|w| w == b"\r\n\r\n") {
    ///             match stream.read(&mut buf) { Ok(0) | Err(_) => break, Ok(n) => head.extend(&buf[..n]) }
    ///         }
    ///         let body = r#"{"status": "up"}"#;
    ///         let _ = write!(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
    ///             Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
    ///     }
    /// });
    /// let pact = pact_core::format::read_pact(r#"{"consumer": {"name": "Dashboard"}, "provider": {"name": "Health"},
    ///     "interactions": [{"description": "a health check", "request": {"method": "GET", "path": "/health"},
    ///       "response": {"status": 200, "body": {"status": "ok"},
    ///         "matchingRules": {"body": {"$.status": {"matchers": [{"match": "regex", "regex": "^(ok|up)$"}]}}}}}],
    ///     "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#).unwrap();
    ///
    /// // Act
    /// let runtime = tokio::runtime::Runtime::new().unwrap();
    /// let report = runtime.block_on(Verifier::new("Health").pact(pact).provider_url(&provider_url).verify());
    ///
    /// // Assert
    /// assert!(report.passed(), "{report}");
    /// assert_eq!(report.summary().passed, 1);
    /// ```
    #[must_use = "the report says whether verification passed"]
    pub async fn verify(self) -> VerificationReport {
        let mut report = VerificationReport {
            provider: self.provider.clone(),
            ignore_no_pacts: self.ignore_no_pacts,
            ..VerificationReport::default()
        };
        let client = match reqwest::Client::builder()
            .timeout(self.timeout)
            .danger_accept_invalid_certs(self.accept_invalid_certs)
            .build()
        {
            Ok(client) => client,
            Err(e) => {
                report.errors.push(VerifyError::HttpClient {
                    message: e.to_string(),
                });
                return report;
            }
        };

        let mut loaded = Vec::new();
        for source in &self.sources {
            match source.load(&client, &self.provider, self.retry).await {
                Ok(pacts) => {
                    tracing::info!(?source, pacts = pacts.len(), "loaded pacts");
                    loaded.extend(pacts);
                }
                Err(e) => {
                    tracing::error!(?source, error = %e, "could not load pacts");
                    report.errors.push(e.into());
                }
            }
        }
        if loaded.is_empty() && report.errors.is_empty() && !self.ignore_no_pacts {
            report.errors.push(VerifyError::NoPacts {
                provider: self.provider.clone(),
            });
        }

        let mut states = self.states.clone();
        if let Some(url) = &self.state_change_url {
            states.fallback = Some(Arc::new(url.clone().client(client.clone())));
        }
        let transports: HashMap<String, ProviderClient> = self
            .transports
            .iter()
            .map(|(name, url)| {
                let provider = ProviderClient::new(client.clone(), url, self.base_path.as_deref());
                (name.clone(), provider)
            })
            .collect();
        let replayer = Arc::new(Replayer {
            provider: ProviderClient::new(client.clone(), &self.provider_url, self.base_path.as_deref()),
            transports,
            states,
            request_filters: self.request_filters.clone(),
        });

        let mut tagged = HashSet::new();
        for pact in loaded {
            if !self.filter.selects_consumer(&pact.pact.consumer.name) {
                continue;
            }
            if let Some(contract) = &self.openapi {
                report
                    .pacts
                    .push(crate::openapi::check(contract, &pact, &self.filter));
                continue;
            }
            let mut result = self.verify_pact(&replayer, &pact).await;
            if let Some(version) = &self.publish {
                result.publication = Some(self.publish(&client, &pact, &result, version, &mut tagged).await);
            }
            let stop = self.exit_on_first_error && !result.all_passed();
            report.pacts.push(result);
            if stop {
                tracing::warn!("stopping at the first failure (exit on first error)");
                break;
            }
        }
        report
    }

    async fn verify_pact(&self, replayer: &Arc<Replayer>, loaded: &LoadedPact) -> PactResult {
        let selected: Vec<(usize, &pact_core::Interaction)> = loaded
            .pact
            .interactions
            .iter()
            .enumerate()
            .filter(|(_, i)| self.filter.selects_of(&loaded.pact.consumer.name, i))
            .collect();
        let concurrent = self.concurrency > 1
            && !self.exit_on_first_error
            && !replayer.states.announces_stateless()
            && selected.iter().all(|(_, i)| i.provider_states().is_empty());
        let id_of = |index: usize| loaded.interaction_ids.get(index).cloned().flatten();
        let transport_of = |index: usize| loaded.interaction_transports.get(index).cloned().flatten();

        let mut interactions = Vec::with_capacity(selected.len());
        if concurrent {
            let limit = Arc::new(tokio::sync::Semaphore::new(self.concurrency));
            let mut tasks = tokio::task::JoinSet::new();
            for (order, (index, interaction)) in selected.iter().enumerate() {
                let replayer = Arc::clone(replayer);
                let interaction = (*interaction).clone();
                let id = id_of(*index);
                let transport = transport_of(*index);
                let limit = Arc::clone(&limit);
                tasks.spawn(async move {
                    let _permit = limit.acquire_owned().await;
                    (
                        order,
                        replayer
                            .verify_caught(&interaction, id, transport.as_deref())
                            .await,
                    )
                });
            }
            let mut done = Vec::with_capacity(selected.len());
            while let Some(joined) = tasks.join_next().await {
                if let Ok(item) = joined {
                    done.push(item);
                }
            }
            done.sort_by_key(|(order, _)| *order);
            interactions.extend(done.into_iter().map(|(_, r)| r));
        } else {
            for (index, interaction) in selected {
                let transport = transport_of(index);
                let result = replayer
                    .verify_caught(interaction, id_of(index), transport.as_deref())
                    .await;
                let failed = !result.passed();
                interactions.push(result);
                if failed && self.exit_on_first_error {
                    break;
                }
            }
        }

        loaded.result(interactions, Vec::new())
    }

    async fn publish(
        &self,
        client: &reqwest::Client,
        loaded: &LoadedPact,
        result: &PactResult,
        version: &ProviderVersion,
        tagged: &mut HashSet<String>,
    ) -> Result<(), PublishError> {
        if self.filter.is_active() {
            return Err(PublishError::Filtered);
        }
        let Some(broker) = &loaded.broker else {
            return Err(PublishError::NoPublishLink);
        };
        let Some(publish_url) = &broker.publish_url else {
            return Err(PublishError::NoPublishLink);
        };
        let hal = HalClient::new(publish_url)?
            .with_http_client(client.clone())
            .with_optional_auth(broker.auth.clone())
            .with_retry_policy(self.retry);
        let publisher = Publisher { client: &hal };
        if let Some(provider_url) = &broker.provider_url
            && tagged.insert(provider_url.clone())
        {
            publisher.tag_provider_version(provider_url, version).await?;
        }
        publisher.publish_result(publish_url, result, version).await
    }
}
