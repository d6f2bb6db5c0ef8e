//! The planner: the steps from the current Mesh to the target, in order, each with its gate and
//! its edits. Recomputed from the current config at every call, so reruns are idempotent and an
//! interrupted rotation resumes where it stands.

use super::diff::MtlsDiff;
use super::identity_of_ca::SecretSides;
use super::step::{Action, Step, StepKind};
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, quoted};
use crate::gate::Gate;
use crate::input::manifest::MeshDoc;
use crate::input::mesh::{Mode, Mtls, Shape};
use crate::lint::Product;
use crate::rotation::emit::Edit;
use crate::rotation::transition;

/// The plan from current to target, or the findings that make it impossible.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub steps: Vec<Step>,
    /// Errors refuse the plan (no steps); warnings ride along.
    pub findings: Vec<Diagnostic>,
}

impl Plan {
    /// The plan is possible: no error among its findings.
    pub(crate) fn is_possible(&self) -> bool {
        !self
            .findings
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
    }
}

pub(crate) fn plan(
    current: &MeshDoc,
    target: &MeshDoc,
    product: Product,
    sides: &SecretSides<'_>,
) -> Plan {
    let mut plan = Plan::default();
    let (c, t) = (&current.mtls, &target.mtls);
    let diff = MtlsDiff::between(c, t, sides);

    plan.findings.extend(
        diff.ca_changed
            .iter()
            .map(|name| transition::in_place_ca_change(current, target, name)),
    );
    plan.findings
        .extend(transition::builtin_ca_settings(current, target, &diff));
    if let Some(d) = unrelated_changes(current, target) {
        plan.findings.push(d);
    }
    if product == Product::Kuma
        && let (Some(a), Some(b)) = (c.enabled(), t.enabled())
        && a != b
    {
        plan.findings
            .push(transition::switch_forbidden_on_kuma(target, a, b));
    }
    if !plan.is_possible() || equivalent(c, t) {
        return plan;
    }

    match (c.enabled(), t.enabled()) {
        (None, Some(b)) => enable_steps(&mut plan, t, b),
        (Some(a), None) => {
            plan.findings.push(transition::mtls_disabled(target, a));
            disable_steps(&mut plan, c, a);
        }
        (None, None) => plan.steps.push(Step {
            action: Action::Apply,
            kind: StepKind::UpdateMtls,
            gate: None,
            edits: vec![Edit::ReplaceMtls],
            summary: "update the mtls section while mTLS is off".to_string(),
            documents: Vec::new(),
            requires: Vec::new(),
        }),
        (Some(a), Some(b)) => {
            if a != b
                && let (Some((_, from)), Some((i, to))) = (c.backend(a), t.backend(b))
                && from.mode() != to.mode()
            {
                let at = target.locate(&format!("mtls.backends[{i}]"));
                plan.findings
                    .push(transition::mode_mismatch(a, from.mode(), b, to.mode(), at));
            }
            rotation_steps(&mut plan, &diff, c, t, a, b);
        }
    }
    plan
}

/// The steps one change makes when applied at once, for `validate`: the plan's steps, each gate
/// to hold now. A change that turns mTLS on into STRICT or off from STRICT skips the PERMISSIVE
/// state the planner passes through; the transition rules refuse it (`enable-into-strict`,
/// `disable-from-strict`) whatever the proxies say, so it makes no gated step of its own.
pub(crate) fn steps_of_change(
    current: &MeshDoc,
    proposed: &MeshDoc,
    product: Product,
    sides: &SecretSides<'_>,
) -> Vec<Step> {
    let strict = |m: &Mtls, b: &str| m.backend(b).is_some_and(|(_, x)| x.mode() == Mode::Strict);
    let (c, p) = (&current.mtls, &proposed.mtls);
    let skips_permissive = match (c.enabled(), p.enabled()) {
        (None, Some(to)) => strict(p, to),
        (Some(from), None) => strict(c, from),
        _ => false,
    };
    if skips_permissive {
        return Vec::new();
    }
    plan(current, proposed, product, sides).steps
}

/// Turning mTLS on: in PERMISSIVE first when the target wants STRICT (clients then send mTLS to
/// a service only once every instance of it holds a certificate), STRICT once every proxy does.
fn enable_steps(plan: &mut Plan, t: &Mtls, b: &str) {
    let strict = t.backend(b).is_some_and(|(_, x)| x.mode() == Mode::Strict);
    if !strict {
        plan.steps.push(step(
            StepKind::EnableMtls,
            None,
            vec![Edit::ReplaceMtls],
            format!("turn mTLS on with `{b}`"),
        ));
        return;
    }
    plan.steps.push(step(
        StepKind::EnableMtls,
        None,
        vec![Edit::ReplaceMtls, Edit::SetMode(b.to_string(), Mode::Permissive)],
        format!("turn mTLS on with `{b}` in PERMISSIVE mode; STRICT comes once every proxy holds a certificate"),
    ));
    plan.steps.push(strict_step(b));
}

/// Turning mTLS off: from STRICT through PERMISSIVE, and only once every proxy runs that
/// configuration (so it accepts the plaintext of clients that turn mTLS off first).
fn disable_steps(plan: &mut Plan, c: &Mtls, a: &str) {
    if c.backend(a).is_some_and(|(_, x)| x.mode() == Mode::Strict) {
        plan.steps.push(step(
            StepKind::SetMode,
            None,
            vec![Edit::SetMode(a.to_string(), Mode::Permissive)],
            format!("switch `{a}` to PERMISSIVE before mTLS goes off"),
        ));
    }
    plan.steps.push(step(
        StepKind::DisableMtls,
        Some(Gate::Converged),
        vec![Edit::ReplaceMtls],
        format!("turn mTLS off (was `{a}`)"),
    ));
}

/// Going STRICT on `b`, once every in-scope proxy holds a certificate from it.
fn strict_step(b: &str) -> Step {
    step(
        StepKind::SetMode,
        Some(Gate::Strict(b.to_string())),
        vec![Edit::SetMode(b.to_string(), Mode::Strict)],
        format!("switch `{b}` to STRICT"),
    )
}

fn step(kind: StepKind, gate: Option<Gate>, edits: Vec<Edit>, summary: String) -> Step {
    Step {
        action: Action::Apply,
        kind,
        gate,
        edits,
        summary,
        documents: Vec::new(),
        requires: Vec::new(),
    }
}

fn rotation_steps(plan: &mut Plan, diff: &MtlsDiff, c: &Mtls, t: &Mtls, from: &str, to: &str) {
    let into_strict = backend_steps(plan, diff, c, t, from, to);
    // The enabled backend's mode is a step of its own (going STRICT is gated); its other
    // settings ride along with the first step, keeping the mode it has now.
    let mode_change = (from == to)
        .then(|| Some((c.backend(to)?.1.mode(), t.backend(to)?.1.mode())))
        .flatten()
        .filter(|(now, wanted)| now != wanted);
    ride_settings(plan, diff, c, t, to, mode_change);
    if into_strict {
        plan.steps.push(strict_step(to));
    }
    match mode_change {
        Some((_, Mode::Strict)) => plan.steps.push(strict_step(to)),
        Some((_, Mode::Permissive)) => plan.steps.push(step(
            StepKind::SetMode,
            None,
            vec![Edit::SetMode(to.to_string(), Mode::Permissive)],
            format!("switch `{to}` to PERMISSIVE"),
        )),
        None => {}
    }
}

/// Add, switch and remove, as they apply. Returns whether the switch lands in PERMISSIVE on the
/// way to STRICT: a switch from a PERMISSIVE backend to a STRICT one would go STRICT ungated, so
/// it lands on the new backend in PERMISSIVE and STRICT comes as a gated step of its own.
fn backend_steps(
    plan: &mut Plan,
    diff: &MtlsDiff,
    c: &Mtls,
    t: &Mtls,
    from: &str,
    to: &str,
) -> bool {
    if !diff.added.is_empty() {
        plan.steps.push(step(
            StepKind::AddBackend,
            None,
            diff.added.iter().cloned().map(Edit::AddBackend).collect(),
            format!("add {}; `{from}` still signs", quoted(&diff.added)),
        ));
    }
    let into_strict = from != to
        && c.backend(from)
            .is_some_and(|(_, x)| x.mode() == Mode::Permissive)
        && t.backend(to).is_some_and(|(_, x)| x.mode() == Mode::Strict);
    if from != to {
        let mut edits = vec![Edit::SetEnabled(to.to_string())];
        let mut summary = format!("switch enabledBackend from `{from}` to `{to}`");
        if into_strict {
            edits.push(Edit::SetMode(to.to_string(), Mode::Permissive));
            summary.push_str(&format!(
                ", in PERMISSIVE mode; STRICT comes once every proxy holds a certificate from `{to}`"
            ));
        }
        plan.steps.push(step(
            StepKind::SwitchBackend,
            Some(Gate::Switch(to.to_string())),
            edits,
            summary,
        ));
    }
    if !diff.removed.is_empty() {
        plan.steps.push(step(
            StepKind::RemoveBackend,
            Some(Gate::Remove(diff.removed.clone())),
            diff.removed
                .iter()
                .cloned()
                .map(Edit::RemoveBackend)
                .collect(),
            format!("remove {}", quoted(&diff.removed)),
        ));
    }
    into_strict
}

/// Settings that ride along with the first step (the enabled backend keeping its mode, when the
/// mode is a step of its own), or make an `update-mtls` step when there is no other.
fn ride_settings(
    plan: &mut Plan,
    diff: &MtlsDiff,
    c: &Mtls,
    t: &Mtls,
    to: &str,
    mode_change: Option<(Mode, Mode)>,
) {
    let changed: Vec<String> = diff
        .settings_changed
        .iter()
        .filter(|name| {
            mode_change.is_none()
                || name.as_str() != to
                || !c
                    .backend(to)
                    .zip(t.backend(to))
                    .is_some_and(|((_, x), (_, y))| x.same_settings_but_mode(y))
        })
        .cloned()
        .collect();
    let mut settings: Vec<Edit> = Vec::new();
    for name in &changed {
        settings.push(Edit::ReplaceBackend(name.clone()));
        if let Some((now, _)) = mode_change.filter(|_| name == to) {
            settings.push(Edit::SetMode(name.clone(), now));
        }
    }
    let mut what: Vec<String> = Vec::new();
    if !changed.is_empty() {
        what.push(format!("settings of {}", quoted(&changed)));
    }
    if let Some(skip) = diff.skip_validation {
        settings.push(Edit::SetSkipValidation(skip));
        what.push("skipValidation".to_string());
    }
    if settings.is_empty() {
        return;
    }
    let what = what.join(" and ");
    match plan.steps.first_mut() {
        Some(first) => {
            first.edits.splice(0..0, settings);
            first.summary.push_str(&format!(" (with new {what})"));
        }
        None => plan.steps.push(step(
            StepKind::UpdateMtls,
            None,
            settings,
            format!("update the {what}"),
        )),
    }
}

/// Same enabled backend and the same backends, in any order, defaults normalized: a target that
/// spells a default (`mode: STRICT`, `skipValidation: false`) is not a change.
pub(crate) fn equivalent(a: &Mtls, b: &Mtls) -> bool {
    a.enabled() == b.enabled()
        && a.skip_validation.unwrap_or(false) == b.skip_validation.unwrap_or(false)
        && a.backends().len() == b.backends().len()
        && a.backends()
            .iter()
            .all(|x| b.backend(x.name()).is_some_and(|(_, y)| x.same_settings(y)))
}

/// `unrelated-changes`: the target differs from current outside `mtls`.
fn unrelated_changes(current: &MeshDoc, target: &MeshDoc) -> Option<Diagnostic> {
    let (a, b) = (outside_mtls(current), outside_mtls(target));
    if a == b {
        return None;
    }
    let mut keys: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect();
    keys.sort();
    keys.dedup();
    Some(
        Diagnostic::new(
            Code::UnrelatedChanges,
            format!("the target also changes {} outside mtls; rotation steps do not carry those changes", keys.join(", ")),
        )
        .at(target.locate(""))
        .label("differs outside mtls")
        .help("apply the other changes in a separate change"),
    )
}

/// The Mesh's spec fields other than `mtls` (Universal: minus identity and server fields).
fn outside_mtls(mesh: &MeshDoc) -> serde_yaml::Mapping {
    let spec = match mesh.shape {
        Shape::Kubernetes => mesh.value.get("spec"),
        Shape::Universal => Some(&mesh.value),
    };
    let mut map = spec
        .and_then(|s| s.as_mapping())
        .cloned()
        .unwrap_or_default();
    for key in [
        "mtls",
        "type",
        "name",
        "mesh",
        "creationTime",
        "modificationTime",
        "kri",
    ] {
        if mesh.shape == Shape::Universal || key == "mtls" {
            map.remove(key);
        }
    }
    map
}
