//! What the engine judges with: typed settings, already resolved, and the ablations a safety
//! model's twin may switch on.

use crate::diag::Overrides;
use crate::diag::codes::Code;
use crate::gate::{GateKind, ScopeSettings};
use crate::input::manifest::MeshDoc;
use crate::lint::Product;
use crate::lint::certificate::CaSettings;

/// What the engine judges with: typed, already resolved (the instant, the Mesh's last change).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub product: Product,
    /// The instant judged at (Unix seconds): `--now`, or the clock when the command asked.
    pub now: i64,
    pub ignore_offline: bool,
    /// `--changed-at`: when the current Mesh last changed, over what the Mesh says of itself.
    pub changed_at: Option<i64>,
    /// `--min-ca-validity`, in seconds.
    pub min_ca_validity: i64,
    pub overrides: Overrides,
    /// Rules switched off, for the safety models' twins only; empty in every command.
    #[doc(hidden)]
    pub ablation: Ablation,
}

impl Settings {
    pub(crate) fn ca(&self) -> CaSettings {
        CaSettings {
            now: self.now,
            min_validity: self.min_ca_validity,
        }
    }

    /// Which proxies count, and the Mesh's last change: `--changed-at`, else the current Mesh's
    /// Universal `modificationTime` or newest Kubernetes `managedFields` time.
    pub(crate) fn scope(&self, current: Option<&MeshDoc>) -> ScopeSettings {
        let recorded = current
            .and_then(|m| m.modified.as_deref())
            .and_then(crate::input::time::parse_rfc3339);
        ScopeSettings {
            now: self.now,
            ignore_offline: self.ignore_offline,
            changed_at: self.changed_at.or(recorded),
        }
    }
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
}
