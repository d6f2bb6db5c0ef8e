//! The engine: the one place a verdict is decided. From loaded inputs (Meshes, policies, CA
//! material, the census) and typed settings it lints, plans, checks each step's requirements,
//! evaluates each gate once, collects the findings, applies the severity overrides and computes
//! the verdict. It reads nothing: the sources did. `validate`, `plan`, `next-step`, `wait` and
//! `status` ask it, and so do the safety models, through the same calls.

mod authz;
mod decision;
mod prepare;
mod settings;
mod steps;
mod validate;

pub use decision::Decision;
use decision::{Judge, close};
use prepare::{first_copies, prepare};
pub use prepare::{is_identity_move, needs_legacy_ca};
pub use settings::{Ablation, AuthzAblation, AuthzSettings, LegacyMatcher, Settings};
pub use steps::StepReport;
pub use validate::{upgrade, validate};

use crate::gate::state::{state_findings, state_incomplete, state_location};
use crate::input::loaded::Loaded;
use crate::input::secret::Material;
use crate::rotation::diff::DiffSection;
use crate::state::Census;

/// What the command asks of a rotation from current to target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Every step with its gate as it stands; only the next step's gate decides the verdict.
    Plan,
    /// The next step, if its gate holds; without state its gate is `gate-unchecked`.
    NextStep,
    /// The next step's gate, polled: without state it is shown as unchecked.
    Wait,
}

/// The rotation from `current` to `target` as `ask` wants it. `Err` only when a step's manifest
/// cannot be printed as a document that reads back as the step's.
pub fn rotation(
    current: &Loaded,
    target: &Loaded,
    census: Option<&Census>,
    material: &Material,
    settings: &Settings,
    ask: Ask,
) -> Result<Decision, crate::diag::error::InputError> {
    let first_copies = census
        .filter(|_| settings.ablation.first_copy_only)
        .map(first_copies);
    let census = first_copies.as_ref().or(census);
    let prepared = prepare(current, target, census, material, settings);
    let mut notes = Vec::new();
    let shown = match ask {
        Ask::Plan => prepared.plan.steps.len(),
        Ask::NextStep | Ask::Wait => prepared.plan.steps.len().min(1),
    };
    let mut findings = prepared.findings.clone();
    let mut reports = Vec::new();
    for index in 0..shown {
        let judged = steps::judge(&prepared, index, ask == Ask::NextStep)?;
        if index == 0 {
            findings.extend(judged.findings);
        }
        findings.extend(judged.report.lint.iter().cloned());
        notes.extend(judged.note);
        reports.push(judged.report);
    }
    let done = ask != Ask::Plan && prepared.plan.is_possible() && prepared.plan.steps.is_empty();
    let mut decision = close(findings, settings, Judge::Rotation { done });
    decision.steps = reports;
    decision.notes = notes;
    if ask == Ask::Plan {
        decision.diff = Some(DiffSection::between(
            &current.mesh,
            &target.mesh,
            &prepare::sides(current, target),
        ));
    }
    Ok(decision)
}

/// Where a rotation stands (`status`): per backend, zone and service, and what the state says.
pub fn status(
    current: &Loaded,
    target: Option<&Loaded>,
    census: &Census,
    settings: &Settings,
) -> Decision {
    let target_enabled = target.and_then(|t| t.mesh.mtls.enabled());
    let scope = settings.scope(Some(&current.mesh));
    let report = crate::rotation::status::status(&current.mesh, census, scope, target_enabled);
    let findings = state_findings(census, scope, false);
    let mut decision = close(findings, settings, Judge::Findings);
    decision.status = Some(report);
    decision
}

/// Whether a listing read for a snapshot covers the mesh (`state-incomplete` otherwise).
pub fn evidence(census: &Census, settings: &Settings) -> Decision {
    let findings = census
        .incomplete()
        .map(|why| state_incomplete(census, &why, state_location(census)));
    close(findings.into_iter().collect(), settings, Judge::Findings)
}
