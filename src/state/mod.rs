//! Observed proxy state: the census of one mesh's proxies (or its MeshInsight aggregates), and
//! which of them a gate counts.

mod chunked;
mod evidence;
mod few;
mod fold;
mod mask;
pub(crate) mod read;
mod scan;
mod stretch;
mod wire;

use std::collections::HashMap;

pub(crate) use evidence::{Evidence, Incomplete, Listing, ListingKind, paging};

use crate::input::time::{Moment, Timestamp};

/// Up to this many distinct backend names fit the per-proxy bitset.
pub(crate) const MAX_BACKENDS: usize = 64;

/// Interned names (backends, services): an index per distinct name.
#[derive(Debug, Default, Clone)]
pub struct Names {
    names: Vec<String>,
    index: HashMap<String, u32, std::hash::BuildHasherDefault<fold::NameHasher>>,
}

impl Names {
    pub fn intern(&mut self, name: &str) -> u32 {
        // A mesh has a handful of backends: a scan beats hashing every name of every proxy.
        if self.names.len() <= 8 {
            if let Some(i) = self.names.iter().position(|n| n == name) {
                return i as u32;
            }
        } else if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    pub fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        self.names
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u32, n.as_str()))
    }
}

/// What the control plane last reported of one proxy's certificates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyMtls {
    /// The backend that signed its certificate (an index into `Census::backends`).
    pub issued: Option<u32>,
    /// The backends in its trust bundle, as a bitset over `Census::backends`.
    pub supported: u64,
    /// False when the insight has no `supportedBackends` at all (unknown, not "trusts none").
    pub supported_known: bool,
    pub expires: Option<Timestamp>,
    pub regenerated: Option<Timestamp>,
}

impl ProxyMtls {
    pub fn trusts(&self, backend: u32) -> bool {
        backend < 64 && self.supported & (1 << backend) != 0
    }
}

/// One data plane proxy of the mesh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxy {
    /// Further copies of the same proxy read from overlapping files or pages: a gate counts it
    /// as ready only if every copy is.
    pub copies: Copies,
    pub name: String,
    /// Its `kuma.io/service` (an index into `Census::services`): of its first inbound.
    pub service: Option<u32>,
    /// The services of its other inbounds, when they differ (Kuma counts TLS readiness per
    /// inbound).
    pub more_services: Box<[u32]>,
    /// Its `kuma.io/zone` on a global control plane (an index into `Census::zone_names`).
    pub zone: Option<u32>,
    /// Some subscription has a connect time and no disconnect time.
    pub online: bool,
    /// False for a proxy that never connected (no insight at all).
    pub has_insight: bool,
    /// Some subscription has a connect time: it was connected once.
    pub connected_before: bool,
    /// The newest disconnect time of its subscriptions, when it is disconnected.
    pub disconnected: Option<Timestamp>,
    /// None when the insight has no `mTLS` (no certificate issued, or mTLS off).
    pub mtls: Option<ProxyMtls>,
    /// What the newest subscription says of the configuration the proxy acknowledged.
    pub config: Option<ConfigAck>,
    /// What authorization needs of it (an index into `Census::workloads`), read from its
    /// Dataplane; None when the state holds no Dataplane of it (an insight alone). Every copy of
    /// a proxy holds the same one: that of its newest copy with a Dataplane (see
    /// `StateReader::finish`).
    pub workload: Option<u32>,
}

/// A proxy's further copies: none for almost every proxy, so 8 bytes in the census rather than
/// an empty `Vec`'s 24 (the census holds one record per proxy, and its size is the reader's
/// memory).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[expect(
    clippy::box_collection,
    reason = "one pointer in every proxy's record; the rare proxy with copies pays the extra allocation"
)]
pub struct Copies(Option<Box<Vec<Proxy>>>);

impl Copies {
    pub fn push(&mut self, copy: Proxy) {
        self.0.get_or_insert_default().push(copy);
    }

    pub fn clear(&mut self) {
        self.0 = None;
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Proxy> {
        self.0.as_deref().map_or([].iter(), |c| c.iter())
    }
}

/// What authorization needs of a proxy, from its Dataplane: its labels, and per inbound its
/// port, name and tags; a gateway's tags. Tags and labels sorted by key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Workload {
    /// The Dataplane's labels: the top-level `labels` of a `DataplaneOverview` (REST,
    /// `kumactl`, snapshots; on Kubernetes they include `k8s.kuma.io/namespace` and
    /// `k8s.kuma.io/service-account`), or `metadata.labels` of a Kubernetes object.
    pub labels: Vec<(String, String)>,
    /// `networking.inbound[]`, in the Dataplane's order.
    pub inbounds: Vec<InboundFacts>,
    /// `networking.gateway.tags` of a gateway proxy (builtin or delegated).
    pub gateway: Option<Vec<(String, String)>>,
}

/// One inbound of a Dataplane, as authorization matches it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct InboundFacts {
    /// `port` of the inbound, when it is a number that fits a `uint32`.
    pub port: Option<u32>,
    /// `name` of the inbound (Kuma's sectionName for it), when set.
    pub name: Option<String>,
    /// Its tags (`kuma.io/service` included), sorted by key.
    pub tags: Vec<(String, String)>,
}

/// The configuration a proxy acknowledged, from its newest subscription. Kuma counts responses
/// per subscription, with no record of which one was rejected
/// (`pkg/xds/server/callbacks/dataplane_status_tracker.go`, release-2.14).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConfigAck {
    /// `status.lastUpdateTime`: when the control plane last sent it a configuration or heard an
    /// ACK or a NACK from it.
    pub updated: Option<Timestamp>,
    pub sent: u64,
    pub acknowledged: u64,
    pub rejected: u64,
    /// Of the rejections, those of clusters, endpoints, listeners and routes: the rest are of
    /// Secrets, the certificate and trust bundle.
    pub typed_rejected: u64,
}

impl ConfigAck {
    /// Every response sent acknowledged, none rejected. A NACK (a certificate or trust bundle
    /// Envoy refused, counted only in the totals) leaves Envoy on its previous configuration while
    /// the insight's `mTLS` already shows what the control plane generated
    /// (`dataplane_status_sink.go`, release-2.14). More ACKs than responses happen: Envoy
    /// re-requests with the last nonce.
    pub fn clean(&self) -> bool {
        self.rejected == 0 && !self.pending()
    }

    /// Rejected responses that carried Secrets. A rejected certificate or trust bundle leaves
    /// Envoy on the previous one; a rejected cluster or listener does not, since the
    /// certificates reach them through SDS under names a rotation keeps (`mesh_ca:secret:<mesh>`,
    /// `identity_cert:secret:<mesh>`: `pkg/xds/envoy/secrets.go`, release-2.14). A NACK counts for the
    /// whole subscription: one rejected and later accepted holds until the proxy reconnects.
    pub fn secrets_rejected(&self) -> u64 {
        self.rejected.saturating_sub(self.typed_rejected)
    }

    /// A response sent is neither acknowledged nor rejected yet: Kuma counts a response sent
    /// when it goes out and its ACK or NACK when it comes back.
    pub fn pending(&self) -> bool {
        self.acknowledged.saturating_add(self.rejected) < self.sent
    }

    /// Updated at or after `after` (a change's `Intervals::witnessed_from`).
    pub fn updated_since(&self, after: Timestamp) -> bool {
        self.updated.is_some_and(|t| t >= after)
    }

    /// Converged on a change: updated once configurations were built on it, every response
    /// acknowledged, none rejected.
    pub fn converged_since(&self, after: Timestamp) -> bool {
        self.updated_since(after) && self.clean()
    }
}

/// Why a proxy is or is not counted by the gates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Connected,
    /// Disconnected but still serving with a certificate valid until then.
    OfflineValid(Timestamp),
    /// Disconnected and its certificate expired: it takes part in no mTLS.
    OfflineExpired,
    /// Disconnected and left out by `--ignore-offline`.
    OfflineIgnored,
    /// Disconnected with no record of a certificate, which Kuma clears when a proxy disconnects
    /// (the watchdog drops its certificates before the status sink's last flush:
    /// `dataplane_watchdog.go`, `dataplane_status_sink.go`, release-2.14): it may still serve with
    /// one until its disconnect time plus the longest certificate lifetime.
    OfflineUnrecorded(Timestamp),
    /// Never connected: no certificate.
    NoCertificate,
}

impl Scope {
    pub fn counts(self) -> bool {
        matches!(
            self,
            Scope::Connected | Scope::OfflineValid(_) | Scope::OfflineUnrecorded(_)
        )
    }
}

impl Proxy {
    /// This copy and every further copy of the same proxy.
    pub fn all_copies(&self) -> impl Iterator<Item = &Proxy> {
        std::iter::once(self).chain(self.copies.iter())
    }

    /// Whether this proxy counts at `now`; `cert_lifetime` (seconds) bounds how long one that
    /// left no certificate record may still serve.
    pub fn scope(&self, now: Timestamp, ignore_offline: bool, cert_lifetime: i64) -> Scope {
        if self.online {
            return Scope::Connected;
        }
        if !self.connected_before {
            return Scope::NoCertificate;
        }
        if ignore_offline {
            return Scope::OfflineIgnored;
        }
        match self.mtls.as_ref().map(|m| m.expires) {
            // A certificate is valid through its `notAfter` (RFC 5280 4.1.2.5): at that instant
            // the proxy still serves.
            Some(Some(until)) if until >= now => Scope::OfflineValid(until),
            Some(Some(_)) => Scope::OfflineExpired,
            // Without an expiry the certificate's life cannot be bounded: count it, to be safe.
            Some(None) => Scope::OfflineValid(Timestamp::MAX),
            None => {
                let until = self
                    .disconnected
                    .map_or(Timestamp::MAX, |t| t.plus_secs(cert_lifetime));
                if until >= now {
                    Scope::OfflineUnrecorded(until)
                } else {
                    Scope::OfflineExpired
                }
            }
        }
    }
}

/// Per-backend counts of a MeshInsight.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: u64,
    pub online: u64,
    pub offline: u64,
    pub partially_degraded: u64,
}

/// A MeshInsight's aggregates: the gates are computed from counts, no proxy names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aggregate {
    pub dataplanes: Counts,
    pub issued: HashMap<String, Counts>,
    pub supported: HashMap<String, Counts>,
    /// Policies by type, when the MeshInsight counts them (an absent type counts none).
    pub policies: Option<std::collections::BTreeMap<String, u64>>,
}

/// Proxies from which `Census::free_aside` frees a census on a thread of its own.
const FREE_ASIDE: usize = 10_000;

/// Everything the state files said about one mesh.
#[derive(Debug, Clone, Default)]
pub struct Census {
    pub mesh: String,
    pub proxies: Vec<Proxy>,
    pub backends: Names,
    pub services: Names,
    /// Present when a MeshInsight was read; used only when there is no per-proxy state.
    pub aggregate: Option<Aggregate>,
    /// Items of other meshes, skipped.
    pub other_meshes: usize,
    pub files: Vec<String>,
    /// What the inputs say about how much of the mesh they cover.
    pub evidence: Evidence,
    /// The zones of a global control plane (`kumactl inspect zones`, `/zones/_overview`).
    pub zones: Vec<Zone>,
    /// Zone egress proxies (`kumactl inspect zoneegresses`, `/zoneegresses/_overview`).
    pub egresses: Vec<Egress>,
    /// Zone names of the proxies' `kuma.io/zone`, interned.
    pub zone_names: Names,
    /// When the state was observed: read live, or a snapshot's `takenAt`.
    pub observed_at: Option<Timestamp>,
    /// Where the control plane stores its resources (`GET /config` `store.type`), when a
    /// snapshot or live mode says.
    pub store: Option<String>,
    /// Kuma's intervals, when a snapshot or live mode read them from `GET /config`.
    pub intervals: Option<Intervals>,
    /// The distinct workloads of the proxies (`Proxy::workload`), interned: proxies with equal
    /// facts share one.
    pub workloads: Vec<Workload>,
}

/// Kuma's intervals that decide how soon what a control plane computed reaches the proxies and
/// shows in their insights. Configurable in Kuma: read from `GET /config` where the token allows,
/// else given as flags; Kuma's defaults otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Intervals {
    /// `xdsServer.dataplaneStatusFlushInterval` (10s, `pkg/config/xds/config.go`): how often a
    /// proxy's insight is written; the sink then backs off a tenth of it
    /// (`pkg/xds/server/v3/components.go`).
    pub status_flush: std::time::Duration,
    /// `metrics.mesh.minResyncInterval` (1s, `pkg/config/app/kuma-cp/config.go`): how soon
    /// ServiceInsight, and with it TLS readiness, follows an insight.
    pub min_resync: std::time::Duration,
    /// `store.cache.expirationTime` (1s, `pkg/config/core/resources/store/config.go`): the age of
    /// the mesh context a configuration is built from.
    pub cache_expiration: std::time::Duration,
    /// `xdsServer.dataplaneConfigurationRefreshInterval` (1s): how often each proxy's
    /// configuration is rebuilt and pushed.
    pub config_refresh: std::time::Duration,
}

impl Default for Intervals {
    fn default() -> Self {
        let s = std::time::Duration::from_secs;
        Self {
            status_flush: s(10),
            min_resync: s(1),
            cache_expiration: s(1),
            config_refresh: s(1),
        }
    }
}

impl Intervals {
    /// From a certificate's issue to an insight that shows its clients acknowledged a
    /// configuration built on it: the certificate's insight written (flush plus backoff), TLS
    /// readiness recomputed, the mesh context refreshed, the configuration rebuilt and pushed,
    /// and the acknowledgement written in the client's insight (flush plus backoff again).
    pub fn readiness_lag(&self) -> std::time::Duration {
        self.flush_lag() + self.min_resync + self.generation_lag() + self.flush_lag()
    }

    /// How old a proxy's insight may be: written at every flush, then the sink backs off a tenth
    /// of it (`dataplane_status_sink.go`).
    pub fn flush_lag(&self) -> std::time::Duration {
        self.status_flush + self.status_flush / 10
    }

    /// From a change to the first configuration built on it: the store cache that may still
    /// serve the old resource expires, and the proxy's next refresh tick rebuilds
    /// (`pkg/xds/sync/dataplane_watchdog.go`). A certificate or a configuration exchanged earlier
    /// may come from the mesh context before the change.
    pub fn generation_lag(&self) -> std::time::Duration {
        self.cache_expiration + self.config_refresh
    }

    /// The first time evidence written by the control plane witnesses `change`.
    pub fn witnessed_from(&self, change: Moment) -> Timestamp {
        change.proven_after().plus(self.generation_lag())
    }
}

/// A zone as global sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub name: String,
    pub enabled: bool,
    /// Its newest subscription to global is connected.
    pub online: bool,
    /// When its newest subscription disconnected, when it did.
    pub since: Option<Timestamp>,
}

/// A zone egress proxy: connected or not, and the configuration it acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Egress {
    pub name: String,
    pub zone: Option<String>,
    pub online: bool,
    pub config: Option<ConfigAck>,
}

impl Census {
    /// When the state was observed: recorded by live mode and `meshctl snapshot`; a plain
    /// export was taken no earlier than the newest time it shows.
    pub fn observed(&self) -> Option<Timestamp> {
        self.observed_at.or(self.evidence.newest_time)
    }

    /// True when no proxy of the mesh was found in any form.
    pub fn is_empty(&self) -> bool {
        self.proxies.is_empty()
            && self
                .aggregate
                .as_ref()
                .is_none_or(|a| a.dataplanes.total == 0)
    }

    /// Per-proxy state when there is some; otherwise the aggregate decides.
    pub fn per_proxy(&self) -> bool {
        !self.proxies.is_empty() || self.aggregate.is_none()
    }

    pub fn backend_name(&self, i: u32) -> &str {
        self.backends.name(i)
    }

    /// The workload of `proxy` (of this census), when its Dataplane was read.
    pub fn workload(&self, proxy: &Proxy) -> Option<&Workload> {
        proxy.workload.map(|i| &self.workloads[i as usize])
    }

    /// True when the state holds per-proxy items and every proxy of this mesh read (every copy)
    /// has a `workload`: Dataplanes were read for all of them. Insight listings (flat or
    /// Kubernetes DataplaneInsights), a MeshInsight alone, or no proxy at all: false. Whether the
    /// proxies read are all of the mesh is `incomplete`'s answer, not this one's.
    pub fn workloads_complete(&self) -> bool {
        !self.proxies.is_empty()
            && self
                .proxies
                .iter()
                .flat_map(Proxy::all_copies)
                .all(|p| p.workload.is_some())
    }

    /// Drops the census, on a thread of its own when it is large: freeing 100,000 proxies and
    /// their names takes some milliseconds (callgrind: 22 M instructions) that a command's
    /// answer need not wait for, and the process exits without waiting for that thread.
    pub fn free_aside(self) {
        if self.proxies.len() < FREE_ASIDE {
            return;
        }
        // Should no thread start, the census is dropped here.
        let _ = std::thread::Builder::new()
            .name("meshctl-free".to_string())
            .spawn(move || drop(self));
    }

    /// Why the state does not cover the whole mesh, if it does not.
    pub fn incomplete(&self) -> Option<Incomplete> {
        if let Some(why) = self.evidence.incomplete() {
            return Some(why);
        }
        let agg = self
            .aggregate
            .as_ref()
            .filter(|_| !self.proxies.is_empty())?;
        if self.evidence.lists_dataplanes {
            let read = self.proxies.len() as u64;
            (agg.dataplanes.total > read).then_some(Incomplete::MeshInsight {
                counted: agg.dataplanes.total,
                read,
                connected: false,
            })
        } else {
            // Insight listings leave out proxies that never connected: compare connected ones.
            let read = self
                .proxies
                .iter()
                .filter(|p| p.all_copies().any(|c| c.online))
                .count() as u64;
            let counted = agg.dataplanes.connected();
            (counted > read).then_some(Incomplete::MeshInsight {
                counted,
                read,
                connected: true,
            })
        }
    }
}

impl Counts {
    /// Connected as Kuma counts them: online, and online with some inbound not ready.
    pub fn connected(&self) -> u64 {
        self.online + self.partially_degraded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::time::Timestamp;

    #[test]
    fn a_configuration_is_clean_with_nothing_rejected_and_nothing_pending() {
        let ack = |sent, acknowledged, rejected| ConfigAck {
            sent,
            acknowledged,
            rejected,
            ..ConfigAck::default()
        };
        assert!(ack(3, 3, 0).clean());
        // Envoy re-requests with the last nonce: more ACKs than responses.
        assert!(ack(3, 4, 0).clean());
        assert!(!ack(3, 2, 1).clean(), "rejected, none pending");
        assert!(!ack(3, 2, 0).clean(), "pending, none rejected");
        assert!(!ack(3, 1, 1).clean());
    }

    #[test]
    fn a_disconnected_proxy_counts_through_the_last_instant_it_may_serve() {
        let now = Timestamp::from_secs(1_000);
        let gone = |mtls: Option<ProxyMtls>| Proxy {
            connected_before: true,
            disconnected: Some(Timestamp::from_secs(400)),
            mtls,
            ..Proxy::default()
        };
        let expiring = |secs| {
            gone(Some(ProxyMtls {
                expires: Some(Timestamp::from_secs(secs)),
                ..ProxyMtls::default()
            }))
        };
        let at = now;
        assert_eq!(
            expiring(1_000).scope(now, false, 0),
            Scope::OfflineValid(at)
        );
        assert_eq!(expiring(999).scope(now, false, 0), Scope::OfflineExpired);
        assert_eq!(expiring(1_001).scope(now, true, 0), Scope::OfflineIgnored);
        // No record: it may serve until its disconnect time plus the longest lifetime.
        assert_eq!(
            gone(None).scope(now, false, 600),
            Scope::OfflineUnrecorded(at)
        );
        assert_eq!(gone(None).scope(now, false, 599), Scope::OfflineExpired);
        let never = Proxy::default();
        assert_eq!(never.scope(now, false, 600), Scope::NoCertificate);
    }

    #[test]
    fn workloads_are_complete_when_every_copy_of_every_proxy_has_one() {
        let with = |workload| Proxy {
            workload,
            ..Proxy::default()
        };
        let mut census = Census {
            workloads: vec![Workload::default()],
            ..Census::default()
        };
        // No proxy at all (a MeshInsight alone, say).
        census.aggregate = Some(Aggregate::default());
        assert!(!census.workloads_complete());
        census.proxies = vec![with(Some(0)), with(Some(0))];
        assert!(census.workloads_complete());
        assert_eq!(
            census.workload(&census.proxies[0]),
            Some(&Workload::default())
        );
        census.proxies[1].copies.push(with(None));
        assert!(!census.workloads_complete());
        assert_eq!(census.proxies[1].all_copies().count(), 2);
        census.proxies[1].copies.clear();
        assert_eq!(census.proxies[1].all_copies().count(), 1);
        assert!(census.workloads_complete());
        census.proxies.push(with(None));
        assert!(!census.workloads_complete());
        assert_eq!(census.workload(&census.proxies[2]), None);
    }
}
