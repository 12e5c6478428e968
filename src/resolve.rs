//! Which lookalikes exist: names resolved in DNS (cargo feature `dns`).
//!
//! A ranked list says which names could hurt; DNS says which of them
//! someone already holds, and which can take mail. The `.mil` mail went to
//! `.ml` names that answered with a mail exchanger, so a name that can
//! receive mail is the live risk: an MX record, or, without one, an address
//! record, which a sending server uses in its place (RFC 5321 §5.1).
//!
//! Each name is asked for A, AAAA, MX and NS records through
//! `hickory-resolver`, at most [`ResolveOptions::concurrency`] names at a
//! time, each query bounded by [`ResolveOptions::timeout`] and retried
//! [`ResolveOptions::attempts`] times. `NXDOMAIN` means nobody holds the
//! name; an answer, or an empty answer without `NXDOMAIN`, means somebody
//! does.
//!
//! **Wildcards.** A zone can answer every name (a registry that collects
//! mail for unregistered names did, for `.ml`). So for each zone a name sits
//! in (its parent: `ml` for `army.ml`), a label nobody would register is
//! asked too; when it answers, the zone is a wildcard, and a name whose
//! answers are the wildcard's is reported as [`Resolution::wildcard`], not
//! as registered.
//!
//! This is the only part of the crate that talks to the network, and only
//! to the name server it is given (or the system's, from
//! `/etc/resolv.conf`, when none is).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::proto::xfer::Protocol;
use hickory_resolver::proto::{ProtoError, ProtoErrorKind};
use hickory_resolver::{ResolveError, ResolveErrorKind, TokioResolver};
use serde::Serialize;

use crate::error::Error;

/// The label asked under a zone to learn whether it answers every name: no
/// registry sells a label this long and odd, so an answer is a wildcard's.
const WILDCARD_PROBE: &str = "lookalike-wildcard-probe-7f3a9c2e";

/// How to resolve.
#[derive(Debug, Clone)]
pub struct ResolveOptions {
    /// The name server to ask (address and port); `None`: the system's
    /// (`/etc/resolv.conf`).
    pub nameserver: Option<SocketAddr>,
    /// Names resolved at once (each name's four queries go together).
    pub concurrency: usize,
    /// How long one query may take before it is tried again.
    pub timeout: Duration,
    /// Tries of a query that timed out, the first included.
    pub attempts: usize,
}

impl Default for ResolveOptions {
    /// The system's name server, 50 names at a time, 2 s a query, 2 tries.
    fn default() -> Self {
        ResolveOptions {
            nameserver: None,
            concurrency: 50,
            timeout: Duration::from_secs(2),
            attempts: 2,
        }
    }
}

/// What DNS says about one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// The name asked, as given.
    pub name: String,
    /// Someone holds the name: it exists in DNS and is not only a wildcard's
    /// answer.
    pub registered: bool,
    /// The name's zone answers every name, and this name's answers are the
    /// wildcard's: it exists only as the wildcard does.
    pub wildcard: bool,
    /// IPv4 addresses.
    pub a: Vec<Ipv4Addr>,
    /// IPv6 addresses.
    pub aaaa: Vec<Ipv6Addr>,
    /// Mail exchangers, by preference.
    pub mx: Vec<String>,
    /// Name servers.
    pub ns: Vec<String>,
    /// Why the name could not be resolved (a timeout, `SERVFAIL`), if it
    /// could not.
    pub error: Option<String>,
}

impl Resolution {
    /// Mail for the name is delivered somewhere: it has a mail exchanger,
    /// or, without one, an address (RFC 5321 §5.1), and it is registered.
    pub fn receives_mail(&self) -> bool {
        self.registered && (!self.mx.is_empty() || !self.a.is_empty() || !self.aaaa.is_empty())
    }

    /// Its addresses, IPv4 then IPv6.
    pub fn addresses(&self) -> Vec<IpAddr> {
        self.a
            .iter()
            .map(|a| IpAddr::V4(*a))
            .chain(self.aaaa.iter().map(|a| IpAddr::V6(*a)))
            .collect()
    }

    fn failed(name: &str, error: String) -> Resolution {
        Resolution {
            name: name.to_owned(),
            registered: false,
            wildcard: false,
            a: Vec::new(),
            aaaa: Vec::new(),
            mx: Vec::new(),
            ns: Vec::new(),
            error: Some(error),
        }
    }
}

/// Resolves names. Holds only its options: each call runs its own small
/// runtime, so a `Resolver` is `Send + Sync` and cheap to share.
///
/// ```no_run
/// use lookalike::resolve::{ResolveOptions, Resolver};
/// let options = ResolveOptions {
///     nameserver: Some("127.0.0.1:5353".parse()?),
///     ..ResolveOptions::default()
/// };
/// let found = Resolver::new(options)?.resolve_all(&["army.ml", "amy.ml"]);
/// for r in &found {
///     println!("{} registered={} mail={}", r.name, r.registered, r.receives_mail());
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Resolver {
    options: ResolveOptions,
}

impl Resolver {
    /// A resolver with these options; an error when they cannot work (no
    /// concurrency, no attempt, a zero timeout).
    pub fn new(options: ResolveOptions) -> Result<Resolver, Error> {
        if options.concurrency == 0 || options.attempts == 0 || options.timeout.is_zero() {
            return Err(Error::Resolve {
                reason: "concurrency, attempts and timeout must be above 0".into(),
            });
        }
        Ok(Resolver { options })
    }

    /// Each name resolved, in the order given. A name that fails has its
    /// [`Resolution::error`]; the call itself fails only when no resolver
    /// can be set up (no system configuration and no name server given).
    pub fn resolve_all<S: AsRef<str>>(&self, names: &[S]) -> Vec<Resolution> {
        let names: Vec<String> = names.iter().map(|n| n.as_ref().to_owned()).collect();
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => return failed_all(&names, &format!("no runtime: {e}")),
        };
        let resolver = match self.hickory() {
            Ok(r) => Arc::new(r),
            Err(e) => return failed_all(&names, &e.to_string()),
        };
        let budget = self.name_budget();
        let concurrency = self.options.concurrency;
        runtime.block_on(async move {
            let probes = wildcards(&resolver, &names, concurrency, budget).await;
            let limit = Arc::new(tokio::sync::Semaphore::new(concurrency));
            let mut tasks = tokio::task::JoinSet::new();
            for (at, name) in names.iter().enumerate() {
                let (resolver, limit, name) =
                    (Arc::clone(&resolver), Arc::clone(&limit), name.clone());
                tasks.spawn(async move {
                    let _permit = limit.acquire_owned().await;
                    (at, resolve_one(&resolver, &name, budget).await)
                });
            }
            let mut found: Vec<Option<Resolution>> = vec![None; names.len()];
            while let Some(done) = tasks.join_next().await {
                if let Ok((at, r)) = done {
                    found[at] = Some(r);
                }
            }
            names
                .iter()
                .zip(found)
                .map(|(name, r)| {
                    let mut r = r.unwrap_or_else(|| Resolution::failed(name, "lost".into()));
                    if let Some(Some(w)) = parent(name).and_then(|p| probes.get(p)) {
                        mark_wildcard(&mut r, w);
                    }
                    r
                })
                .collect()
        })
    }

    /// The longest one name may take: every try of its queries timing out,
    /// and a second to spare. A dead server costs this, never a hang.
    fn name_budget(&self) -> Duration {
        let tries = u32::try_from(self.options.attempts).unwrap_or(u32::MAX);
        self.options.timeout.saturating_mul(tries) + Duration::from_secs(1)
    }

    fn hickory(&self) -> Result<TokioResolver, ResolveError> {
        let provider = TokioConnectionProvider::default();
        let mut builder = match self.options.nameserver {
            Some(addr) => {
                let mut config = ResolverConfig::new();
                let mut server = NameServerConfig::new(addr, Protocol::Udp);
                server.trust_negative_responses = true;
                config.add_name_server(server);
                config.add_name_server(NameServerConfig::new(addr, Protocol::Tcp));
                TokioResolver::builder_with_config(config, provider)
            }
            None => TokioResolver::builder(provider)?,
        };
        let options: &mut ResolverOpts = builder.options_mut();
        options.timeout = self.options.timeout;
        options.attempts = self.options.attempts.saturating_sub(1);
        // Every name is asked once; a cache would only hold memory.
        options.cache_size = 0;
        options.ndots = 0;
        Ok(builder.build())
    }
}

fn failed_all(names: &[String], why: &str) -> Vec<Resolution> {
    names
        .iter()
        .map(|n| Resolution::failed(n, why.to_owned()))
        .collect()
}

/// The zone a name sits in, as far as wildcards go: the name without its
/// first label.
fn parent(name: &str) -> Option<&str> {
    name.trim_end_matches('.')
        .split_once('.')
        .map(|(_, rest)| rest)
        .filter(|rest| !rest.is_empty())
}

/// What each parent zone answers for a label nobody registered: `Some`
/// when it answers (a wildcard), `None` when it does not.
async fn wildcards(
    resolver: &Arc<TokioResolver>,
    names: &[String],
    concurrency: usize,
    budget: Duration,
) -> HashMap<String, Option<Resolution>> {
    let mut parents: Vec<&str> = names.iter().filter_map(|n| parent(n)).collect();
    parents.sort_unstable();
    parents.dedup();
    let limit = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for zone in parents {
        let (resolver, limit, zone) = (Arc::clone(resolver), Arc::clone(&limit), zone.to_owned());
        tasks.spawn(async move {
            let _permit = limit.acquire_owned().await;
            let probe = resolve_one(&resolver, &format!("{WILDCARD_PROBE}.{zone}"), budget).await;
            let answers = probe.registered.then_some(probe);
            (zone, answers)
        });
    }
    let mut found = HashMap::new();
    while let Some(Ok((zone, answers))) = tasks.join_next().await {
        found.insert(zone, answers);
    }
    found
}

/// A name whose answers are its zone's wildcard answers exists only as the
/// wildcard does.
fn mark_wildcard(r: &mut Resolution, wildcard: &Resolution) {
    let same = r.registered
        && r.a == wildcard.a
        && r.aaaa == wildcard.aaaa
        && r.mx == wildcard.mx
        && r.ns.is_empty();
    if same {
        r.wildcard = true;
        r.registered = false;
    }
}

/// One name's four queries, together, within `budget`.
async fn resolve_one(resolver: &TokioResolver, name: &str, budget: Duration) -> Resolution {
    // The name in its ASCII form as it is: read as UTF-8, hickory would
    // put an `xn--` label through IDNA again.
    let fqdn = match Name::from_ascii(format!("{}.", name.trim_end_matches('.'))) {
        Ok(n) => n,
        Err(e) => return Resolution::failed(name, e.to_string()),
    };
    let asked = async {
        tokio::join!(
            resolver.lookup(fqdn.clone(), RecordType::A),
            resolver.lookup(fqdn.clone(), RecordType::AAAA),
            resolver.lookup(fqdn.clone(), RecordType::MX),
            resolver.lookup(fqdn.clone(), RecordType::NS),
        )
    };
    let Ok((a, aaaa, mx, ns)) = tokio::time::timeout(budget, asked).await else {
        return Resolution::failed(name, format!("no answer within {} ms", budget.as_millis()));
    };
    let mut r = Resolution::failed(name, String::new());
    r.error = None;
    let mut exists = false;
    let mut problem = None;
    for answer in [a, aaaa, mx, ns] {
        match answer {
            Ok(lookup) => {
                exists = true;
                for record in lookup.record_iter() {
                    match record.data() {
                        RData::A(a) => r.a.push(a.0),
                        RData::AAAA(a) => r.aaaa.push(a.0),
                        RData::MX(mx) => r.mx.push(host(&mx.exchange().to_utf8())),
                        RData::NS(ns) => r.ns.push(host(&ns.0.to_utf8())),
                        _ => {}
                    }
                }
            }
            Err(e) => match Outcome::of(&e) {
                Outcome::NoSuchName => {}
                Outcome::NoRecords => exists = true,
                Outcome::Failed(why) => problem = problem.or(Some(why)),
            },
        }
    }
    r.a.sort_unstable();
    r.a.dedup();
    r.aaaa.sort_unstable();
    r.aaaa.dedup();
    r.ns.sort_unstable();
    r.ns.dedup();
    r.mx.dedup();
    match problem {
        // A failure on one type and an answer on another: the name exists,
        // and what failed is said.
        Some(why) if !exists => Resolution::failed(name, why),
        Some(why) => {
            r.registered = true;
            r.error = Some(why);
            r
        }
        None => {
            r.registered = exists;
            r
        }
    }
}

/// A host name as DNS gives it, without its final dot.
fn host(name: &str) -> String {
    name.trim_end_matches('.').to_owned()
}

/// What a failed query means.
enum Outcome {
    /// `NXDOMAIN`: no such name.
    NoSuchName,
    /// The name exists but has no record of the type asked.
    NoRecords,
    /// The query failed: a timeout, `SERVFAIL`, a refusal.
    Failed(String),
}

impl Outcome {
    fn of(e: &ResolveError) -> Outcome {
        let proto: Option<&ProtoError> = match e.kind() {
            ResolveErrorKind::Proto(p) => Some(p),
            _ => e.proto(),
        };
        match proto.map(ProtoError::kind) {
            Some(ProtoErrorKind::NoRecordsFound { response_code, .. }) => match *response_code {
                ResponseCode::NXDomain => Outcome::NoSuchName,
                ResponseCode::NoError => Outcome::NoRecords,
                code => Outcome::Failed(format!("{code}")),
            },
            Some(ProtoErrorKind::Timeout) => Outcome::Failed("timeout".into()),
            _ => Outcome::Failed(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_and_mail() {
        assert_eq!(parent("army.ml"), Some("ml"));
        assert_eq!(parent("a.b.co.uk."), Some("b.co.uk"));
        assert_eq!(parent("ml"), None);
        let mut r = Resolution::failed("army.ml", String::new());
        r.error = None;
        assert!(!r.receives_mail());
        r.registered = true;
        r.a.push(Ipv4Addr::LOCALHOST);
        assert!(r.receives_mail(), "an address stands in for a missing MX");
    }

    #[test]
    fn options_that_cannot_work_are_refused() {
        let zero = ResolveOptions {
            concurrency: 0,
            ..ResolveOptions::default()
        };
        assert!(Resolver::new(zero).is_err());
        let no_time = ResolveOptions {
            timeout: Duration::ZERO,
            ..ResolveOptions::default()
        };
        assert!(Resolver::new(no_time).is_err());
    }
}
