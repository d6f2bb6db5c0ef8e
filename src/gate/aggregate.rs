//! A gate from MeshInsight counts, when they are all the evidence there is: no proxy names, no
//! certificate expiries, no acknowledged configurations.

use super::{Gate, GateOutcome, GateStatus, ScopeSettings};
use crate::state::{Census, Scope};

/// From MeshInsight counts. Kuma's `offline` includes connected proxies none of whose inbounds
/// is ready (`dataplane_overview_helpers.go`, `Status()`, release-2.14), so the counts cannot
/// tell who is gone: every proxy counts, `--ignore-offline` or not. Proxies with a certificate
/// are those counted under some `issuedBackends` key; the others have no mTLS state: connected
/// without one yet, disconnected with its record cleared, or registrations that never connected,
/// which only per-proxy state beside the counts can tell apart.
pub(super) fn aggregate(gate: &Gate, census: &Census, settings: ScopeSettings) -> GateOutcome {
    let Some(agg) = census.aggregate.as_ref() else {
        return GateOutcome::unchecked();
    };
    let everyone = agg.dataplanes.total;
    let with_mtls: u64 = agg.issued.values().map(|c| c.total).sum();
    let never_connected = census
        .proxies
        .iter()
        .filter(|p| settings.of(p) == Scope::NoCertificate)
        .count() as u64;
    let unknown = everyone
        .saturating_sub(with_mtls)
        .saturating_sub(never_connected);
    let total = with_mtls + unknown;
    let holding = |matches: &dyn Fn(&str) -> bool| -> u64 {
        agg.issued
            .iter()
            .filter(|(k, _)| matches(k))
            .map(|(_, c)| c.total)
            .sum()
    };
    let ready = match gate {
        // Counts say nothing of acknowledged configurations: every proxy is unknown.
        Gate::Converged | Gate::Trusted { .. } | Gate::Authorized { .. } => {
            return GateOutcome {
                status: GateStatus::Blocked,
                total: everyone,
                unknown: everyone,
                ..GateOutcome::unchecked()
            };
        }
        // Proxies without a certificate hold none from the backend or identity: not ready.
        Gate::Strict(backend) => {
            return holding_outcome(holding(&|k| k == backend), everyone.max(total));
        }
        Gate::Issued(identities) => {
            let held = holding(&|k| identities.iter().any(|i| i.named_by(k)));
            return holding_outcome(held, everyone.max(total));
        }
        Gate::Retired(identity) => with_mtls.saturating_sub(holding(&|k| identity.named_by(k))),
        Gate::Switch(to) => agg.supported.get(to).map_or(0, |c| c.total).min(with_mtls),
        Gate::Remove(removed) => {
            with_mtls.saturating_sub(holding(&|k| removed.iter().any(|b| b == k)))
        }
    };
    GateOutcome {
        status: if ready == total {
            GateStatus::Holds
        } else {
            GateStatus::Blocked
        },
        ready,
        total,
        not_ready: with_mtls - ready,
        unknown,
        ..GateOutcome::unchecked()
    }
}

/// From counts: `holding` of `everyone` hold the certificate the gate wants.
fn holding_outcome(holding: u64, everyone: u64) -> GateOutcome {
    GateOutcome {
        status: if holding >= everyone {
            GateStatus::Holds
        } else {
            GateStatus::Blocked
        },
        ready: holding,
        total: everyone,
        not_ready: everyone.saturating_sub(holding),
        ..GateOutcome::unchecked()
    }
}
