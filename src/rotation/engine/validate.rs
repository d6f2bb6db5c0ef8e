//! `validate`'s question: is this one change valid, and, against the current Mesh, safe now? The
//! gates it must pass are those of the steps the planner makes of it, every one at once.

use super::decision::{Decision, Judge, close};
use super::prepare::{is_identity_move, lint_material, lint_mesh, side, sides, state_of};
use super::settings::Settings;
use crate::diag::Diagnostic;
use crate::gate::ScopeSettings;
use crate::gate::evaluate::evaluate;
use crate::gate::findings::gate_findings;
use crate::gate::requirements::requirement_findings;
use crate::input::loaded::Loaded;
use crate::input::secret::Material;
use crate::rotation::diff::DiffSection;
use crate::rotation::identity;
use crate::rotation::plan::steps_of_change;
use crate::rotation::step::Step;
use crate::rotation::transition;
use crate::state::Census;

/// The static and certificate rules on `proposed`; with `current`, the transition rules and the
/// gates of every step the change makes, on the state or `gate-unchecked` without one.
pub fn validate(
    proposed: &Loaded,
    current: Option<&Loaded>,
    census: Option<&Census>,
    material: &Material,
    settings: &Settings,
) -> Decision {
    let mut findings = lint_mesh(proposed, settings.product);
    findings.extend(lint_material(
        proposed,
        current.map(|c| &c.mesh),
        material,
        settings,
    ));
    let identity_move = current.is_some_and(|c| is_identity_move(c, proposed));
    let steps = match current {
        Some(current) if identity_move => {
            let plan = identity::plan(side(current), side(proposed), material, None);
            findings.extend(plan.findings);
            plan.steps
        }
        Some(current) => {
            let sides = sides(current, proposed);
            findings.extend(transition::check(
                &current.mesh,
                &proposed.mesh,
                settings.product,
                &sides,
            ));
            steps_of_change(&current.mesh, &proposed.mesh, settings.product, &sides)
        }
        None => Vec::new(),
    };
    let scope = settings.scope(current.map(|c| &c.mesh));
    if let Some(census) = census {
        let gated = steps.iter().any(|s| s.gate.is_some()) || identity_move;
        findings.extend(state_of(census, scope, gated, identity_move));
    }
    if let Some(current) = current {
        for step in &steps {
            findings.extend(step_findings(
                step, current, proposed, census, settings, scope,
            ));
        }
        findings.extend(authorization(current, proposed, &steps, census, settings));
    }
    let mut decision = close(findings, settings, Judge::Findings);
    decision.diff =
        current.map(|c| DiffSection::between(&c.mesh, &proposed.mesh, &sides(c, proposed)));
    decision
}

/// What the whole change does to who may call whom, each proxy on either side of it.
fn authorization(
    current: &Loaded,
    proposed: &Loaded,
    steps: &[Step],
    census: Option<&Census>,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let sides = super::authz::authz_sides(current, steps, settings);
    let complete = super::authz::permissions(current, settings);
    let ctx = crate::authz::Context {
        census,
        complete: complete.as_ref(),
        semantics: settings.authz_semantics(),
    };
    // The change as proposed, even one the planner makes no steps of (straight from STRICT to
    // off): `mtls` as the proposed Mesh has it.
    let last = sides[sides.len() - 1]
        .clone()
        .with_mtls(proposed.mesh.mtls.enabled().is_some());
    crate::authz::change_findings(&ctx, &sides[0], &last, &proposed.mesh.locate(""))
}

/// A step's requirements, then its gate, as if the change were applied now.
fn step_findings(
    step: &Step,
    current: &Loaded,
    proposed: &Loaded,
    census: Option<&Census>,
    settings: &Settings,
    scope: ScopeSettings,
) -> Vec<Diagnostic> {
    let known = super::authz::known_documents(current, settings);
    let out = requirement_findings(&step.requires, &known, &current.mesh);
    let Some(gate) = step
        .gate
        .as_ref()
        .filter(|g| out.is_empty() && !settings.ablation.skipped.contains(&g.kind()))
    else {
        return out;
    };
    let outcome = census.map(|c| evaluate(gate, c, scope));
    gate_findings(
        gate,
        outcome.as_ref(),
        &current.mesh,
        &proposed.mesh,
        census,
        scope,
        true,
    )
}

/// `validate --upgrade-to`: `kept` linted as it stands, then what upgrading the control plane to
/// `to` does to the proxies and their pairs.
pub fn upgrade(
    kept: &Loaded,
    census: Option<&Census>,
    material: &Material,
    settings: &Settings,
    to: crate::authz::version::KumaVersion,
) -> Decision {
    let mut findings = lint_mesh(kept, settings.product);
    findings.extend(lint_material(kept, None, material, settings));
    let scope = settings.scope(Some(&kept.mesh));
    if let Some(census) = census {
        findings.extend(state_of(census, scope, true, false));
    }
    let side = super::authz::authz_sides(kept, &[], settings).remove(0);
    let complete = super::authz::permissions(kept, settings);
    let ctx = crate::authz::Context {
        census,
        complete: complete.as_ref(),
        semantics: crate::authz::upgrade::before_upgrade(settings.authz.version, to),
    };
    findings.extend(crate::authz::upgrade::upgrade_findings(
        &ctx,
        &side,
        to,
        &kept.mesh.locate(""),
    ));
    close(findings, settings, Judge::Findings)
}
