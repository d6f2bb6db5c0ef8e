//! The next-step decision, one place for next-step, plan, wait and the safety model test: the
//! findings of the next step's gate, and the verdict the findings make.

use crate::check::gate::{Gate, ScopeSettings, evaluate};
use crate::check::gates;
use crate::check::identity_status::requirement_findings;
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, Severity, Verdict};
use crate::input::identity::PolicyDoc;
use crate::input::manifest::MeshDoc;
use crate::rotation::plan::Step;
use crate::state::Census;

/// Findings that mean "not yet" rather than "unsafe": a gate that does not hold now.
pub const WAITING: [Code; 9] = [
    Code::IdentityNotReady,
    Code::NewBackendNotTrusted,
    Code::OldBackendStillIssued,
    Code::ProxyStateUnknown,
    Code::StrictNotReady,
    Code::ConfigNotConverged,
    Code::ZoneOffline,
    Code::ZoneEgressOffline,
    Code::ZoneEgressNotConverged,
];

/// The findings of a gate on the observed state: blocking proxies, unknown state and the
/// PERMISSIVE window. Without state, `gate-unchecked` when `require_state` (validate, next-step),
/// and nothing otherwise (plan shows the gate as unchecked).
pub fn gate_findings(
    gate: &Gate,
    current: &MeshDoc,
    target: &MeshDoc,
    census: Option<&Census>,
    settings: ScopeSettings,
    require_state: bool,
) -> Vec<Diagnostic> {
    let mut out = vec![];
    out.extend(gates::permissive_window(gate, current, target));
    match census {
        Some(census) => {
            let outcome = evaluate(gate, census, settings);
            if outcome.status == crate::check::gate::GateStatus::Unchecked {
                // State, but not what the gate needs: the time of the Mesh's last change.
                out.push(gates::unchecked_gate(gate, current));
            }
            out.extend(gates::outcome_findings(gate, &outcome, target, census));
            out.extend(gates::zone_findings(census, settings));
            out.extend(gates::egress_findings(
                gate,
                current,
                Some(census),
                settings,
            ));
        }
        None if require_state => {
            out.push(gates::unchecked_gate(gate, target));
            out.extend(gates::egress_findings(gate, current, None, settings));
        }
        None => {}
    }
    out
}

/// The findings of a step before it is taken: what the identities' status in `--current` must say
/// (`identity-not-ready`), then, once that holds, its gate on the observed state. A gate on the
/// proxies means nothing while the identity it waits for is not Ready or its MeshTrust not stored.
pub fn step_findings(
    step: &Step,
    current: &MeshDoc,
    current_policies: &[PolicyDoc],
    target: &MeshDoc,
    census: Option<&Census>,
    settings: ScopeSettings,
    require_state: bool,
) -> Vec<Diagnostic> {
    let out = requirement_findings(&step.requires, current_policies, current);
    if !out.is_empty() {
        return out;
    }
    match &step.gate {
        Some(gate) => gate_findings(gate, current, target, census, settings, require_state),
        None => out,
    }
}

/// The verdict of plan, next-step and wait: an error other than a waiting gate fails; a waiting
/// gate waits; with neither, `done` (no step left) is nothing to do.
pub fn verdict(diagnostics: &[Diagnostic], done: bool) -> Verdict {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error);
    let (waiting, failing): (Vec<_>, Vec<_>) = errors.partition(|d| WAITING.contains(&d.code));
    if !failing.is_empty() {
        Verdict::Fail
    } else if !waiting.is_empty() {
        Verdict::Waiting
    } else if done {
        Verdict::NothingToDo
    } else {
        Verdict::Pass
    }
}
