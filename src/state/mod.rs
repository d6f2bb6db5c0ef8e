//! Observed proxy state: the census of one mesh's proxies (or its MeshInsight aggregates), and
//! which of them a gate counts.

mod chunked;
mod read;
mod wire;

use std::collections::HashMap;

pub use read::{StateReader, read_state};

/// Up to this many distinct backend names fit the per-proxy bitset.
pub const MAX_BACKENDS: usize = 64;

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
    pub name: String,
    /// Its `kuma.io/service` (an index into `Census::services`).
    pub service: Option<u32>,
    /// Some subscription has a connect time and no disconnect time.
    pub online: bool,
    /// False for a proxy that never connected (no insight at all).
    pub has_insight: bool,
    /// None when the insight has no `mTLS` (no certificate issued, or mTLS off).
    pub mtls: Option<ProxyMtls>,
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
}
