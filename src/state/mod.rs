//! Observed proxy state: the census of one mesh's proxies (or its MeshInsight aggregates), and
//! which of them a gate counts.

mod chunked;
pub(crate) mod read;
mod wire;

use std::collections::HashMap;

/// Up to this many distinct backend names fit the per-proxy bitset.
pub(crate) const MAX_BACKENDS: usize = 64;

/// Interned names (backends, services): an index per distinct name.
#[derive(Debug, Default, Clone)]
pub struct Names {
    names: Vec<String>,
    index: HashMap<String, u32>,
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

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
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
    pub expires: Option<i64>,
    pub regenerated: Option<i64>,
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
    pub copies: Vec<Proxy>,
    pub name: String,
    /// Its `kuma.io/service` (an index into `Census::services`).
    pub service: Option<u32>,
    /// Its `kuma.io/zone` on a global control plane (an index into `Census::zone_names`).
    pub zone: Option<u32>,
    /// Some subscription has a connect time and no disconnect time.
    pub online: bool,
    /// False for a proxy that never connected (no insight at all).
    pub has_insight: bool,
    /// None when the insight has no `mTLS` (no certificate issued, or mTLS off).
    pub mtls: Option<ProxyMtls>,
    /// What the newest subscription says of the configuration the proxy acknowledged.
    pub config: Option<ConfigAck>,
}

/// The configuration a proxy acknowledged, from its newest subscription.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConfigAck {
    /// `status.lastUpdateTime`: when the control plane last sent it a configuration.
    pub updated: Option<i64>,
    pub sent: u64,
    pub acknowledged: u64,
}

impl ConfigAck {
    /// Converged on a change made at `changed_at`: updated at or after it, and every response
    /// sent acknowledged. The one predicate for the mode and zone gates.
    pub fn converged_since(&self, changed_at: i64) -> bool {
        self.updated.is_some_and(|t| t >= changed_at) && self.acknowledged == self.sent
    }
}

/// Why a proxy is or is not counted by the gates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Connected,
    /// Disconnected but still serving with a certificate valid until then.
    OfflineValid(i64),
    /// Disconnected and its certificate expired: it takes part in no mTLS.
    OfflineExpired,
    /// Disconnected and left out by `--ignore-offline`.
    OfflineIgnored,
    /// Disconnected with no certificate, or never connected.
    NoCertificate,
}

impl Scope {
    pub fn counts(self) -> bool {
        matches!(self, Scope::Connected | Scope::OfflineValid(_))
    }
}

impl Proxy {
    /// This copy and every further copy of the same proxy.
    pub fn all_copies(&self) -> impl Iterator<Item = &Proxy> {
        std::iter::once(self).chain(&self.copies)
    }

    pub fn scope(&self, now: i64, ignore_offline: bool) -> Scope {
        if self.online {
            return Scope::Connected;
        }
        if !self.has_insight {
            return Scope::NoCertificate;
        }
        if ignore_offline {
            return Scope::OfflineIgnored;
        }
        match self.mtls.as_ref().and_then(|m| m.expires) {
            Some(until) if until > now => Scope::OfflineValid(until),
            Some(_) => Scope::OfflineExpired,
            // Without an expiry the certificate's life cannot be bounded: count it, to be safe.
            None if self.mtls.is_some() => Scope::OfflineValid(i64::MAX),
            None => Scope::NoCertificate,
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
}

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
}

/// A zone as global sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub name: String,
    pub enabled: bool,
    /// Its newest subscription to global is connected.
    pub online: bool,
    /// When its newest subscription disconnected, when it did.
    pub since: Option<i64>,
}

/// A zone egress proxy: connected or not, and the configuration it acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Egress {
    pub name: String,
    pub zone: Option<String>,
    pub online: bool,
    pub config: Option<ConfigAck>,
}

/// What the state says about its own coverage (README "Evidence").
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Every document that declared a `total` and listed items of this mesh (or none at all).
    pub listings: Vec<Listing>,
    /// Distinct items (any mesh) of those listings.
    pub listed: u64,
    /// A Kubernetes list page with `metadata.continue` or `remainingItemCount`.
    pub continued: bool,
    /// Proxies read more than once, merged.
    pub duplicates: u64,
    /// Items of other meshes, by mesh (for `state-empty`'s help).
    pub other_meshes: std::collections::BTreeMap<String, u64>,
    /// Per-proxy state came as dataplane listings, which include proxies that never connected.
    pub lists_dataplanes: bool,
}

/// One listing document: its declared total and what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub file: String,
    pub total: u64,
}

/// Why the state does not cover every proxy of the mesh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incomplete {
    /// Fewer distinct proxies than the listing declares.
    Short { read: u64, declared: u64 },
    /// Pages of the listing declare different totals: it changed while it was paged.
    Changed { totals: Vec<u64> },
    /// A page of a Kubernetes list.
    Continued,
    /// The MeshInsight counts more (connected) proxies than the per-proxy state holds.
    MeshInsight {
        counted: u64,
        read: u64,
        connected: bool,
    },
}

impl Census {
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

    /// Why the state does not cover the whole mesh, if it does not.
    pub fn incomplete(&self) -> Option<Incomplete> {
        let evidence = &self.evidence;
        if evidence.continued {
            return Some(Incomplete::Continued);
        }
        let mut totals: Vec<u64> = evidence.listings.iter().map(|l| l.total).collect();
        totals.sort_unstable();
        totals.dedup();
        match totals.as_slice() {
            [] => {}
            [declared] if evidence.listed < *declared => {
                return Some(Incomplete::Short {
                    read: evidence.listed,
                    declared: *declared,
                });
            }
            [_] => {}
            _ => return Some(Incomplete::Changed { totals }),
        }
        let agg = self
            .aggregate
            .as_ref()
            .filter(|_| !self.proxies.is_empty())?;
        if evidence.lists_dataplanes {
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
