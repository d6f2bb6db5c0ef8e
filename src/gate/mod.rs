//! Gates: what must hold in the observed state before a step is taken (switch, removal, STRICT,
//! convergence, and the MeshIdentity gates), what a step needs of the identities' own status
//! (requirements), how a gate stands in the state, and the findings it makes.

use serde::Serialize;

use crate::input::identity::{Kri, PolicyDoc, PolicyKind};
use crate::input::time::{Moment, Timestamp};
use crate::state::Census;
pub(crate) use crate::state::Intervals;

/// Proxies named in a gate's report at most.
pub(crate) const MAX_EXAMPLES: usize = 10;

/// What a gate waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Switching `enabledBackend` to this backend.
    Switch(String),
    /// Removing these backends.
    Remove(Vec<String>),
    /// Going STRICT on this (enabled) backend.
    Strict(String),
    /// Turning mTLS off: every proxy runs the configuration of the Mesh's last change.
    Converged,
    /// Widening a MeshIdentity: every in-scope proxy acknowledged a configuration at or after
    /// `since` (when the MeshTrusts appeared), and one already under a MeshIdentity lists one of
    /// them in `supportedBackends` (a legacy proxy's insight cannot list MeshTrusts).
    Trusted {
        trusts: Vec<PolicyRef>,
        since: Option<Moment>,
    },
    /// Removing `Mesh.mtls`: every in-scope proxy holds a certificate from one of these identities.
    Issued(Vec<PolicyRef>),
    /// Deleting a MeshIdentity (or its MeshTrust): no in-scope proxy holds a certificate from it.
    Retired(PolicyRef),
    /// After `allow-identities`: every in-scope proxy acknowledged a configuration at or after
    /// `since`, when the last of its MeshTrafficPermissions was stored.
    Authorized { since: Option<Moment> },
}

/// The kinds of gate, as reports name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GateKind {
    Switch,
    Remove,
    Strict,
    Converged,
    Trusted,
    Issued,
    Retired,
    Authorized,
}

impl Gate {
    pub(crate) fn kind(&self) -> GateKind {
        match self {
            Gate::Switch(_) => GateKind::Switch,
            Gate::Remove(_) => GateKind::Remove,
            Gate::Strict(_) => GateKind::Strict,
            Gate::Converged => GateKind::Converged,
            Gate::Trusted { .. } => GateKind::Trusted,
            Gate::Issued(_) => GateKind::Issued,
            Gate::Retired(_) => GateKind::Retired,
            Gate::Authorized { .. } => GateKind::Authorized,
        }
    }
}

/// What a step needs of the MeshIdentities and MeshTrusts themselves, read from `--current`
/// (their status is written by each zone's control plane, not reported by the proxies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Requirement {
    /// The identity is `Ready=True` (and `MeshTrustCreated=True` and its MeshTrust stored when
    /// it creates one).
    Ready {
        identity: String,
        creates_trust: bool,
    },
    /// A SPIFFE-only identity provides SPIFFE IDs (`SpiffeIDProvider=True`).
    ProvidesIds(String),
    /// These MeshTrusts are stored (in `--current`).
    Stored(Vec<String>),
    /// These MeshTrafficPermissions are stored (in the policies read).
    Permitted(Vec<String>),
}

/// A MeshIdentity or MeshTrust as the insights' KRIs name it: kind, mesh and name, whatever zone
/// or namespace a copy carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PolicyRef {
    pub kind: PolicyKind,
    pub mesh: String,
    pub name: String,
}

impl PolicyRef {
    pub(crate) fn of(policy: &PolicyDoc) -> Self {
        Self {
            kind: policy.kind,
            mesh: policy.mesh.clone(),
            name: policy.name.clone(),
        }
    }

    /// Whether the KRI `text` names this resource. A zone's copy of a global resource is stored
    /// as `<name>-<16-character hash>`, and the MeshTrust a zone creates for it takes that name.
    pub(crate) fn named_by(&self, text: &str) -> bool {
        let Some(kri) = Kri::parse(text) else {
            return false;
        };
        let hashed = kri
            .name
            .strip_prefix(self.name.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|hash| {
                hash.len() == 16 && hash.chars().all(|c| c.is_ascii_alphanumeric())
            });
        kri.short == self.kind.short_name()
            && kri.mesh == self.mesh
            && (kri.name == self.name || hashed)
    }

    /// The census indexes of the backend names (KRIs) that name this resource.
    fn indexes(&self, census: &Census) -> Vec<u32> {
        census
            .backends
            .iter()
            .filter(|(_, name)| self.named_by(name))
            .map(|(i, _)| i)
            .collect()
    }
}

impl std::fmt::Display for PolicyRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} `{}`", self.kind.as_str(), self.name)
    }
}

/// How the gate stands in the observed state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GateStatus {
    Holds,
    Blocked,
    /// No state was given.
    #[default]
    Unchecked,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct GateOutcome {
    pub status: GateStatus,
    /// In-scope proxies that are ready, out of `total`.
    pub ready: u64,
    pub total: u64,
    /// In-scope proxies with known state that are not ready (for whatever reason below).
    pub not_ready: u64,
    /// In-scope proxies that report no mTLS state (never ready).
    pub unknown: u64,
    /// Up to ten proxies that block, known state first; empty with aggregates only.
    pub blocking: Vec<String>,
    /// Up to ten in-scope proxies without mTLS state.
    pub unknown_proxies: Vec<String>,
    /// Not ready because the newest subscription rejected a response (a NACK).
    pub rejected: Tally,
    /// Not ready because a response sent is not acknowledged yet.
    pub pending: Tally,
    /// Not ready because the evidence predates the Mesh's last change.
    pub stale: Tally,
    /// Disconnected proxies that left no certificate record (Kuma clears it on disconnect), and
    /// the last instant one of them may still serve with a certificate.
    pub unrecorded: Tally,
    pub unrecorded_until: Option<Timestamp>,
    /// STRICT: services that are not TLS-ready as Kuma counts them.
    pub unready_services: Vec<ServiceReadiness>,
    /// STRICT: the clients' TLS readiness is surely current only from this instant on, and the
    /// state was observed before it.
    pub readiness_wait: Option<ReadinessWait>,
    /// False when computed from MeshInsight counts, without proxy names.
    pub per_proxy: bool,
    /// Per zone of a global control plane (proxies labelled `kuma.io/zone`), slowest first.
    pub zones: Vec<ZoneProgress>,
}

/// How many proxies, and up to ten of their names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Tally {
    pub count: u64,
    pub names: Vec<String>,
}

impl Tally {
    pub(crate) fn add(&mut self, name: &str) {
        self.count += 1;
        if self.names.len() < MAX_EXAMPLES {
            self.names.push(name.to_string());
        }
    }
}

/// A service Kuma does not count as TLS-ready: its registrations, and those without a
/// certificate from the enabled backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ServiceReadiness {
    pub service: String,
    pub holding: u64,
    pub registrations: u64,
    /// Registrations without one that no gate counts (never connected, offline and expired or
    /// left out): Kuma still counts them.
    pub out_of_scope: u64,
    /// Up to ten of those, with why (`never connected`, `offline`).
    pub missing: Vec<String>,
}

/// When clients surely run a configuration in which every service is TLS-ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct ReadinessWait {
    /// The newest certificate of the enabled backend.
    pub newest_certificate: Timestamp,
    /// `newest_certificate` plus Kuma's readiness lag.
    pub until: Timestamp,
    /// When the state was observed (or the newest instant it shows, when that is unknown).
    pub observed: Timestamp,
    pub lag: std::time::Duration,
}

/// How far one zone's proxies are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZoneProgress {
    pub zone: String,
    pub ready: u64,
    pub total: u64,
    /// Up to ten proxies of the zone that are not ready.
    pub blocking: Vec<String>,
}

impl GateOutcome {
    pub(crate) fn unchecked() -> Self {
        Self::default()
    }
}

/// A step's gate and how it stands in the observed state, as reports show it.
#[derive(Debug, Clone, Serialize)]
pub struct GateReport {
    pub kind: GateKind,
    /// What must hold, in words.
    pub condition: String,
    pub status: GateStatus,
    pub ready: u64,
    pub total: u64,
    pub unknown: u64,
    /// Up to ten proxies that block it, known state first.
    pub blocking: Vec<String>,
    /// Per zone of a global control plane, slowest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<ZoneProgress>,
}

impl GateReport {
    /// What `ready` and `total` count: going STRICT, every registration of a service counts as
    /// Kuma's TLS readiness does, in scope or not.
    pub fn counted(&self) -> &'static str {
        counted(self.kind)
    }

    pub(crate) fn new(gate: &Gate, outcome: &GateOutcome) -> Self {
        let mut blocking = outcome.blocking.clone();
        blocking.extend(outcome.unknown_proxies.iter().cloned());
        blocking.truncate(MAX_EXAMPLES);
        Self {
            kind: gate.kind(),
            condition: gate.words().condition,
            status: outcome.status,
            ready: outcome.ready,
            total: outcome.total,
            unknown: outcome.unknown,
            blocking,
            zones: outcome.zones.clone(),
        }
    }
}

/// Which proxies count and what their evidence must postdate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScopeSettings {
    pub now: Timestamp,
    pub ignore_offline: bool,
    /// When the current Mesh last changed (`--changed-at`, Universal `modificationTime` from a
    /// store that writes it, the newest Kubernetes `managedFields` time), at its resolution; the
    /// convergence gates cannot be judged without it.
    pub changed_at: Option<Moment>,
    /// The longest proxy certificate lifetime of the Mesh's backends (seconds): how long a
    /// disconnected proxy whose certificate record is gone may still serve.
    pub cert_lifetime: i64,
    pub intervals: Intervals,
    /// Evidence rules a safety model's twin switches off; none in any command.
    pub off: RulesOff,
}

/// The evidence rules a twin of a safety model may switch off, one at a time, to show that each
/// matters (never set by a command).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RulesOff {
    /// Rejected and unacknowledged responses do not hold a gate.
    pub rejections: bool,
    /// Evidence older than the Mesh's last change witnesses it.
    pub stale_evidence: bool,
    /// A disconnected proxy without a certificate record counts as one that never connected.
    pub unrecorded: bool,
    /// Going STRICT does not wait for clients to learn that every service is TLS-ready.
    pub readiness_lag: bool,
    /// Going STRICT counts TLS readiness over in-scope proxies only, not every registration.
    pub registrations: bool,
}

impl ScopeSettings {
    /// Why `proxy` counts, or not.
    pub(crate) fn of(&self, proxy: &crate::state::Proxy) -> crate::state::Scope {
        match proxy.scope(self.now, self.ignore_offline, self.cert_lifetime) {
            crate::state::Scope::OfflineUnrecorded(_) if self.off.unrecorded => {
                crate::state::Scope::NoCertificate
            }
            scope => scope,
        }
    }
}

mod aggregate;
pub(crate) mod evaluate;
pub(crate) mod findings;
pub(crate) mod requirements;
pub(crate) mod state;
#[cfg(test)]
mod tests;
mod words;

/// `MeshTrust \`a\`, MeshTrust \`b\``.
pub(crate) fn names_of(refs: &[PolicyRef]) -> String {
    refs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The proxies a gate of `kind` counts, in words.
pub(crate) fn counted(kind: GateKind) -> &'static str {
    match kind {
        GateKind::Strict => "registrations",
        _ => "in-scope proxies",
    }
}
