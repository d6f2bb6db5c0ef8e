//! What the engine judges with: typed settings, already resolved, and the ablations a safety
//! model's twin may switch on.

use crate::authz::PolicySet;
pub use crate::authz::migrate::LegacyMatcher;
use crate::authz::version::{KumaVersion, Semantics};
use crate::diag::Overrides;
use crate::diag::codes::Code;
use crate::gate::{GateKind, Intervals, RulesOff, ScopeSettings};
use crate::input::manifest::{LastChange, MeshDoc};
use crate::input::mesh::DEFAULT_PROXY_LIFETIME;
use crate::input::time::{Moment, Timestamp};
use crate::lint::Product;
use crate::lint::certificate::CaSettings;

/// What the engine judges with: typed, already resolved (the instant, the Mesh's last change).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub product: Product,
    /// The instant judged at: `--now`, or the clock when the command asked.
    pub now: Timestamp,
    pub ignore_offline: bool,
    /// `--changed-at`: when the current Mesh last changed, over what the Mesh says of itself.
    pub changed_at: Option<Moment>,
    /// `--min-ca-validity`, in seconds.
    pub min_ca_validity: i64,
    /// Kuma's intervals (`GET /config`, else flags, else Kuma's defaults).
    pub intervals: Intervals,
    pub overrides: Overrides,
    /// What authorization is judged with: the complete policy set and the Kuma version.
    pub authz: AuthzSettings,
    /// Rules switched off, for the safety models' twins only; empty in every command.
    #[doc(hidden)]
    pub ablation: Ablation,
}

/// What authorization is judged with (README "Authorization").
#[derive(Debug, Clone, Default)]
pub struct AuthzSettings {
    /// The mesh's MeshTrafficPermissions and TrafficPermissions as a complete set
    /// (`--policies`, a snapshot, live mode); `None`: only what sits beside the Mesh.
    pub policies: Option<PolicySet>,
    /// The Kuma version of the control plane (`--kuma-version`, `GET /`, a snapshot).
    pub version: Option<KumaVersion>,
}

impl AuthzSettings {
    /// The semantics to judge by: the version's, or every 2.x one when it is not known.
    pub(crate) fn semantics(&self) -> Vec<Semantics> {
        self.version.map_or_else(
            crate::authz::version::unknown_version,
            KumaVersion::semantics,
        )
    }
}

impl Settings {
    /// The semantics authorization is judged and planned by (a twin may force one).
    pub(crate) fn authz_semantics(&self) -> Vec<Semantics> {
        match self.ablation.authz.semantics {
            Some(s) => vec![s],
            None => self.authz.semantics(),
        }
    }

    pub(crate) fn ca(&self) -> CaSettings {
        CaSettings {
            now: self.now.secs(),
            min_validity: self.min_ca_validity,
        }
    }

    /// Which proxies count, and the Mesh's last change: `--changed-at`, else what the current
    /// Mesh says of itself when that is a change time (never a Kubernetes store's
    /// `modificationTime`, which is the creation time).
    pub(crate) fn scope(&self, current: Option<&MeshDoc>) -> ScopeSettings {
        let recorded = current.and_then(|m| match m.last_change {
            LastChange::Creation(at) | LastChange::MaybeCreation(at)
                if self.ablation.creation_is_change =>
            {
                Some(at)
            }
            change => change.moment(),
        });
        let cert_lifetime = current
            .and_then(|m| m.mtls.backends().iter().map(|b| b.proxy_lifetime()).max())
            .unwrap_or(DEFAULT_PROXY_LIFETIME);
        ScopeSettings {
            now: self.now,
            ignore_offline: self.ignore_offline,
            changed_at: self.changed_at.or(recorded),
            cert_lifetime,
            intervals: self.intervals,
            off: self.ablation.evidence,
        }
    }
}

/// Authorization rules a twin switches off.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct AuthzAblation {
    /// No authorization at all: no `allow-identities` step, no pair judged.
    pub off: bool,
    /// Judges and plans by these semantics whatever the version.
    pub semantics: Option<Semantics>,
    /// Writes legacy matchers this way and, believing them, does not judge the step that
    /// applies them.
    pub legacy: LegacyMatcher,
}

/// One rule of the engine switched off, so a safety model's twin can show the rule matters.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct Ablation {
    /// Findings of these codes are dropped before the verdict.
    pub filtered: Vec<Code>,
    /// Gates of these kinds are not evaluated: their steps go ahead as if they held.
    pub skipped: Vec<GateKind>,
    /// The planner turns mTLS on in the target's mode at once, not through PERMISSIVE.
    pub straight_into_strict: bool,
    /// The MeshIdentity trust gate believes `supportedBackends` alone, whatever the
    /// configuration's time.
    pub listed_is_trusted: bool,
    /// A proxy read twice counts by its first copy alone, not by the least ready of them.
    pub first_copy_only: bool,
    /// Evidence rules of the gates switched off.
    pub evidence: RulesOff,
    /// A `modificationTime` that may be the creation time (a Kubernetes store's) counts as the
    /// Mesh's last change.
    pub creation_is_change: bool,
    pub authz: AuthzAblation,
}
