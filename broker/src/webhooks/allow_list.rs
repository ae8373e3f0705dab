//! Which URLs a webhook may call: allowed schemes, methods and hosts
//! (`PACT_BROKER_WEBHOOK_{SCHEME,HTTP_METHOD,HOST}_WHITELIST`), and no loopback, private or
//! link-local address unless the allow-list names it.
//!
//! Hosts are checked twice: by name when a webhook is saved ([`AllowList::check_request`]), and by
//! address just before each delivery ([`AllowList::resolve`]); the delivery then connects to the
//! very addresses that were checked, so a DNS answer cannot swap in a private address afterwards.

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;
use url::Url;

/// Why a webhook request may not be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The URL does not parse or has no host.
    #[error("'{url}' is not a valid absolute URL: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The scheme is not allowed.
    #[error(
        "scheme '{scheme}' is not allowed; allowed schemes: {allowed} (PACT_BROKER_WEBHOOK_SCHEME_WHITELIST)"
    )]
    Scheme {
        /// The URL's scheme.
        scheme: String,
        /// The allowed ones.
        allowed: String,
    },
    /// The HTTP method is not allowed.
    #[error(
        "HTTP method '{method}' is not allowed; allowed methods: {allowed} (PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST)"
    )]
    Method {
        /// The method.
        method: String,
        /// The allowed ones.
        allowed: String,
    },
    /// The host is not on a non-empty allow-list.
    #[error("host '{host}' is not in the webhook host whitelist (PACT_BROKER_WEBHOOK_HOST_WHITELIST)")]
    Host {
        /// The host.
        host: String,
    },
    /// The host is (or resolves to) a loopback, private or otherwise internal address.
    #[error(
        "host '{host}' resolves to the internal address {address}, which is not allowed unless listed in PACT_BROKER_WEBHOOK_HOST_WHITELIST"
    )]
    InternalAddress {
        /// The host.
        host: String,
        /// The refused address.
        address: IpAddr,
    },
    /// The host name does not resolve.
    #[error("host '{host}' could not be resolved: {reason}")]
    Unresolvable {
        /// The host.
        host: String,
        /// The resolver's error.
        reason: String,
    },
}

/// One allow-list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum HostRule {
    /// An exact host name (lower case).
    Name(String),
    /// `*.domain`: any host ending in `.domain` (stored with the leading dot).
    Suffix(String),
    /// An address or network.
    Network(IpNet),
}

/// The configured schemes, methods and hosts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowList {
    schemes: Vec<String>,
    methods: Vec<String>,
    hosts: Vec<HostRule>,
}

/// How a host matched the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HostMatch {
    /// By name (or `*.domain`): the operator vouches for the host, whatever it resolves to.
    ByName,
    /// An IP literal inside a listed network.
    ByAddress,
}

fn words(list: &str) -> impl Iterator<Item = &str> {
    list.split([' ', ',', '\n', '\t']).filter(|w| !w.is_empty())
}

impl AllowList {
    /// Builds the list from space-separated schemes, hosts and methods.
    ///
    /// ```
    /// use pact_broker::webhooks::AllowList;
    ///
    /// let list = AllowList::new("https http", "ci.example.com *.corp.example 10.0.0.0/8", "POST");
    /// assert!(list.check_request("POST", "https://ci.example.com/hook").is_ok());
    /// assert!(list.check_request("POST", "https://build.corp.example/hook").is_ok());
    /// assert!(list.check_request("POST", "http://10.1.2.3/hook").is_ok());
    /// assert!(list.check_request("POST", "https://evil.example.org/").is_err());
    /// assert!(list.check_request("GET", "https://ci.example.com/hook").is_err());
    /// ```
    pub fn new(schemes: &str, hosts: &str, methods: &str) -> AllowList {
        AllowList {
            schemes: words(schemes).map(str::to_ascii_lowercase).collect(),
            methods: words(methods).map(str::to_ascii_uppercase).collect(),
            hosts: words(hosts).map(parse_rule).collect(),
        }
    }

    /// Checks a method and URL without resolving the host: what can be refused when a webhook is
    /// saved. Returns the parsed URL.
    pub fn check_request(&self, method: &str, url: &str) -> Result<Url, Refusal> {
        let parsed = parse_url(url)?;
        if !self.methods.iter().any(|m| m.eq_ignore_ascii_case(method)) {
            return Err(Refusal::Method {
                method: method.to_string(),
                allowed: self.methods.join(" "),
            });
        }
        self.check_url(&parsed)?;
        Ok(parsed)
    }

    /// Checks a URL's scheme and host name (and the address, when the host is an IP literal).
    pub fn check_url(&self, url: &Url) -> Result<(), Refusal> {
        let scheme = url.scheme().to_ascii_lowercase();
        if !self.schemes.contains(&scheme) {
            return Err(Refusal::Scheme {
                scheme,
                allowed: self.schemes.join(" "),
            });
        }
        let (host, literal) = host_of(url)?;
        let matched = self.match_host(&host, literal)?;
        if let Some(address) = literal {
            self.check_address(&host, address, matched)?;
        }
        Ok(())
    }

    /// Resolves the URL's host and checks every address; returns the addresses to connect to.
    pub async fn resolve(&self, url: &Url) -> Result<Vec<SocketAddr>, Refusal> {
        self.check_url(url)?;
        let (host, literal) = host_of(url)?;
        let matched = self.match_host(&host, literal)?;
        let port = url.port_or_known_default().unwrap_or(443);
        let addresses: Vec<SocketAddr> = match literal {
            Some(ip) => vec![SocketAddr::new(ip, port)],
            None => tokio::net::lookup_host((host.as_str(), port))
                .await
                .map_err(|e| Refusal::Unresolvable {
                    host: host.clone(),
                    reason: e.to_string(),
                })?
                .collect(),
        };
        if addresses.is_empty() {
            return Err(Refusal::Unresolvable {
                host,
                reason: "no addresses".to_string(),
            });
        }
        for address in &addresses {
            self.check_address(&host, address.ip(), matched)?;
        }
        Ok(addresses)
    }

    /// `None` when the list is empty (any host may be used, subject to the address check).
    fn match_host(&self, host: &str, literal: Option<IpAddr>) -> Result<Option<HostMatch>, Refusal> {
        if self.hosts.is_empty() {
            return Ok(None);
        }
        for rule in &self.hosts {
            match (rule, literal) {
                (HostRule::Name(name), _) if name == host => return Ok(Some(HostMatch::ByName)),
                (HostRule::Suffix(suffix), None) if host.ends_with(suffix.as_str()) => {
                    return Ok(Some(HostMatch::ByName));
                }
                // Networks match IP literals only, as in the Pact Broker.
                (HostRule::Network(net), Some(ip)) if net.contains(&ip) => {
                    return Ok(Some(HostMatch::ByAddress));
                }
                _ => {}
            }
        }
        Err(Refusal::Host {
            host: host.to_string(),
        })
    }

    fn check_address(&self, host: &str, address: IpAddr, matched: Option<HostMatch>) -> Result<(), Refusal> {
        let listed = self.hosts.iter().any(|rule| match rule {
            HostRule::Network(net) => net.contains(&address),
            _ => false,
        });
        let allowed = match matched {
            Some(HostMatch::ByName) => true,
            Some(HostMatch::ByAddress) => listed,
            None => listed || !is_internal(address),
        };
        if allowed {
            Ok(())
        } else {
            Err(Refusal::InternalAddress {
                host: host.to_string(),
                address,
            })
        }
    }
}

fn parse_rule(word: &str) -> HostRule {
    let word = word.trim();
    if let Ok(ip) = word.trim_matches(['[', ']']).parse::<IpAddr>() {
        return HostRule::Network(IpNet::from(ip));
    }
    if let Ok(net) = word.parse::<IpNet>() {
        return HostRule::Network(net.trunc());
    }
    match word.strip_prefix('*') {
        Some(suffix) if suffix.starts_with('.') => HostRule::Suffix(suffix.to_ascii_lowercase()),
        _ => HostRule::Name(word.to_ascii_lowercase()),
    }
}

fn parse_url(url: &str) -> Result<Url, Refusal> {
    let parsed = Url::parse(url).map_err(|e| Refusal::InvalidUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Refusal::InvalidUrl {
            url: url.to_string(),
            reason: "it has no host".to_string(),
        });
    }
    Ok(parsed)
}

/// The lower-case host and, for IP literals, the address.
fn host_of(url: &Url) -> Result<(String, Option<IpAddr>), Refusal> {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            // Some resolvers accept odd spellings of addresses ("127.1", "0x7f.1"): treat any
            // name that parses as an address as that address.
            Ok((name.clone(), name.parse::<IpAddr>().ok()))
        }
        Some(url::Host::Ipv4(ip)) => Ok((ip.to_string(), Some(IpAddr::V4(ip)))),
        Some(url::Host::Ipv6(ip)) => Ok((ip.to_string(), Some(IpAddr::V6(ip)))),
        None => Err(Refusal::InvalidUrl {
            url: url.to_string(),
            reason: "it has no host".to_string(),
        }),
    }
}

/// Loopback, private, link-local, shared, multicast, reserved or unspecified: not the public
/// internet.
///
/// ```
/// use pact_broker::webhooks::allow_list::is_internal;
///
/// assert!(is_internal("127.0.0.1".parse().unwrap()));
/// assert!(is_internal("10.0.0.7".parse().unwrap()));
/// assert!(is_internal("169.254.169.254".parse().unwrap()));
/// assert!(is_internal("::ffff:192.168.1.1".parse().unwrap()));
/// assert!(!is_internal("93.184.216.34".parse().unwrap()));
/// ```
pub fn is_internal(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x64 && v6.segments()[1] == 0xff9b)
                || (first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_host_list_allows_public_hosts_and_refuses_internal_literals() {
        let list = AllowList::new("https", "", "POST");
        assert!(list.check_request("POST", "https://ci.example.com/x").is_ok());
        assert!(matches!(
            list.check_request("POST", "https://127.0.0.1/x"),
            Err(Refusal::InternalAddress { .. })
        ));
        assert!(matches!(
            list.check_request("POST", "https://[::1]/x"),
            Err(Refusal::InternalAddress { .. })
        ));
        assert!(matches!(
            list.check_request("POST", "http://ci.example.com/x"),
            Err(Refusal::Scheme { .. })
        ));
    }

    #[test]
    fn listed_networks_allow_internal_addresses() {
        let list = AllowList::new("http", "127.0.0.1", "POST GET");
        assert!(list.check_request("GET", "http://127.0.0.1:8080/x").is_ok());
        assert!(matches!(
            list.check_request("POST", "http://127.0.0.2/x"),
            Err(Refusal::Host { .. })
        ));
        assert!(matches!(
            list.check_request("POST", "http://other.example/x"),
            Err(Refusal::Host { .. })
        ));
    }

    #[tokio::test]
    async fn a_name_resolving_to_loopback_is_refused_at_delivery() {
        let list = AllowList::new("http", "", "POST");
        let url = Url::parse("http://localhost:9/x").unwrap();
        assert!(list.check_url(&url).is_ok(), "the name alone is fine");
        assert!(matches!(
            list.resolve(&url).await,
            Err(Refusal::InternalAddress { .. })
        ));
    }

    #[tokio::test]
    async fn a_name_listed_by_name_may_resolve_anywhere() {
        let list = AllowList::new("http", "localhost", "POST");
        let url = Url::parse("http://localhost:9/x").unwrap();
        let addresses = list.resolve(&url).await.unwrap();
        assert!(addresses.iter().all(|a| a.ip().is_loopback()));
        let by_network = AllowList::new("http", "127.0.0.0/8", "POST");
        assert!(matches!(by_network.check_url(&url), Err(Refusal::Host { .. })));
    }

    #[test]
    fn odd_spellings_of_addresses_are_addresses() {
        let list = AllowList::new("http", "", "POST");
        assert!(list.check_request("POST", "http://2130706433/").is_err());
        assert!(list.check_request("POST", "http://0x7f.1/").is_err());
    }
}
