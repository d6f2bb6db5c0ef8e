//! The engine: the one place a verdict is decided. From loaded inputs (Meshes, policies, CA
//! material, the census) and typed settings it lints, plans, checks each step's requirements,
//! evaluates each gate once, collects the findings, applies the severity overrides and computes
//! the verdict. It reads nothing: the sources did. `validate`, `plan`, `next-step`, `wait` and
//! `status` ask it, and so do the safety models, through the same calls.

mod steps;
mod validate;

use crate::diag::codes::Code;
use crate::diag::{Diagnostic, Overrides, Severity, Verdict};
use crate::gate::requirements::requirement_findings;
use crate::gate::state::{state_findings, state_incomplete, state_location};
use crate::gate::{GateKind, ScopeSettings};
use crate::input::loaded::Loaded;
use crate::input::manifest::MeshDoc;
use crate::input::secret::Material;
use crate::lint::certificate::{self, CaSettings};
use crate::lint::{Product, identity_rules, static_rules};
use crate::rotation::diff::DiffSection;
use crate::rotation::identity::{self, Side};
use crate::rotation::plan::{Plan, plan};
use crate::rotation::status::StatusReport;
use crate::state::Census;

pub use steps::StepReport;
pub use validate::validate;

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
    fn ca(&self) -> CaSettings {
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

/// The engine's answer: the findings (overrides applied, sorted), the verdict, and what the
/// report shows beside them.
#[derive(Debug, Clone)]
pub struct Decision {
    pub findings: Vec<Diagnostic>,
    pub verdict: Verdict,
    /// `plan`: every step; `next-step` and `wait`: the next one.
    pub steps: Vec<StepReport>,
    pub diff: Option<DiffSection>,
    pub status: Option<StatusReport>,
    /// Things noticed beside the findings (manifests printed without the user's layout).
    pub notes: Vec<String>,
}

impl Decision {
    fn new(findings: Vec<Diagnostic>, verdict: Verdict) -> Self {
        Self {
            findings,
            verdict,
            steps: Vec::new(),
            diff: None,
            status: None,
            notes: Vec::new(),
        }
    }
}

/// The current and target Meshes of one rotation, linted and planned.
pub(crate) struct Prepared<'a> {
    pub current: &'a Loaded,
    pub target: &'a Loaded,
    pub census: Option<&'a Census>,
    pub settings: &'a Settings,
    /// Which proxies count, and the current Mesh's last change.
    pub scope: ScopeSettings,
    pub plan: Plan,
    /// Static findings on the current and the target, state findings and the plan's own.
    pub findings: Vec<Diagnostic>,
}

/// Whether `current` to `target` is a MeshIdentity move (DESIGN.md section 9) rather than a
/// `Mesh.mtls` rotation: the sources read the builtin CA for it, and Kuma 3 runs only these.
pub fn is_identity_move(current: &Loaded, target: &Loaded) -> bool {
    identity::applies(side(current), side(target))
}

/// Whether the move publishes the `Mesh.mtls` CA as a MeshTrust: the sources then read the
/// builtin CA's certificate Secret from a live control plane.
pub fn needs_legacy_ca(current: &Loaded, target: &Loaded) -> bool {
    is_identity_move(current, target) && target.mesh.mtls.enabled().is_none()
}

fn side(loaded: &Loaded) -> Side<'_> {
    Side {
        mesh: &loaded.mesh,
        policies: &loaded.policies,
    }
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
        decision.diff = Some(DiffSection::between(&current.mesh, &target.mesh));
    }
    Ok(decision)
}

/// The census with every further copy of a proxy dropped (an ablation).
fn first_copies(census: &Census) -> Census {
    let mut census = census.clone();
    for proxy in &mut census.proxies {
        proxy.copies.clear();
    }
    census
}

/// Lints both Meshes, plans between them (nothing when the current Mesh or the target is
/// invalid), and judges the state as a whole.
fn prepare<'a>(
    current: &'a Loaded,
    target: &'a Loaded,
    census: Option<&'a Census>,
    material: &Material,
    settings: &'a Settings,
) -> Prepared<'a> {
    // A current Mesh Kuma would reject is no base for a step (DESIGN.md "Planning rules").
    let mut findings = lint_mesh(current, settings.product);
    let current_valid = !has_error(&findings);
    findings.extend(lint_mesh(target, settings.product));
    findings.extend(lint_material(
        target,
        Some(&current.mesh),
        material,
        settings,
    ));
    let identity_move = is_identity_move(current, target);
    let mut plan = match (current_valid && !has_error(&findings), identity_move) {
        (false, _) => Plan::default(),
        (true, true) => identity::plan(side(current), side(target), material, settings.changed_at),
        (true, false) => plan(&current.mesh, &target.mesh, settings.product),
    };
    if settings.ablation.straight_into_strict {
        steps::enable_at_once(&mut plan);
    }
    findings.extend(plan.findings.iter().cloned());
    let scope = settings.scope(Some(&current.mesh));
    if let Some(census) = census {
        let gated = plan.steps.first().is_some_and(|s| s.gate.is_some());
        findings.extend(state_of(census, &current.mesh, scope, gated, identity_move));
    }
    Prepared {
        current,
        target,
        census,
        settings,
        scope,
        plan,
        findings,
    }
}

/// Kuma's admission rules on a Mesh and its policies.
fn lint_mesh(loaded: &Loaded, product: Product) -> Vec<Diagnostic> {
    let mut out = static_rules::check(&loaded.mesh, product);
    out.extend(identity_rules::check(&loaded.policies));
    out
}

/// The certificate rules on a Mesh's backends and its identities' CAs.
fn lint_material(
    loaded: &Loaded,
    current: Option<&MeshDoc>,
    material: &Material,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let mut out = certificate::check(&loaded.mesh, material, settings.ca(), current);
    out.extend(certificate::identity::check(
        &loaded.policies,
        material,
        settings.ca(),
    ));
    out
}

/// What the state says as a whole. KRIs in the insights are what a MeshIdentity move expects.
fn state_of(
    census: &Census,
    reference: &MeshDoc,
    scope: ScopeSettings,
    gated: bool,
    identity_move: bool,
) -> Vec<Diagnostic> {
    state_findings(census, reference, scope, gated)
        .into_iter()
        .filter(|d| !(identity_move && d.code == Code::MeshIdentityManaged))
        .collect()
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
    let findings = state_findings(census, &current.mesh, scope, false);
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

fn has_error(findings: &[Diagnostic]) -> bool {
    findings.iter().any(|d| d.severity == Severity::Error)
}

/// How findings become a verdict.
#[derive(Debug, Clone, Copy)]
enum Judge {
    /// Pass or fail: a waiting gate fails like any error (`validate`, `status`).
    Findings,
    /// `plan`, `next-step`, `wait`: an error other than a waiting one fails; a waiting one
    /// waits; with neither, `done` (no step left) is nothing to do.
    Rotation { done: bool },
}

/// The closing sequence, in one place: the ablation's filter, the severity overrides, the
/// stable order, the verdict.
fn close(findings: Vec<Diagnostic>, settings: &Settings, judge: Judge) -> Decision {
    let filtered = &settings.ablation.filtered;
    let kept = findings
        .into_iter()
        .filter(|d| !filtered.contains(&d.code))
        .collect();
    let mut findings = settings.overrides.apply(kept);
    crate::diag::sort(&mut findings);
    let verdict = verdict(&findings, judge);
    Decision::new(findings, verdict)
}

fn verdict(findings: &[Diagnostic], judge: Judge) -> Verdict {
    let errors = || findings.iter().filter(|d| d.severity == Severity::Error);
    match judge {
        Judge::Findings if errors().next().is_some() => Verdict::Fail,
        Judge::Findings => Verdict::Pass,
        Judge::Rotation { .. } if errors().any(|d| !d.code.waits()) => Verdict::Fail,
        Judge::Rotation { .. } if errors().next().is_some() => Verdict::Waiting,
        Judge::Rotation { done: true } => Verdict::NothingToDo,
        Judge::Rotation { done: false } => Verdict::Pass,
    }
}

/// The findings of step `index` before it is taken: what the identities' status must say
/// (`identity-not-ready`), then, once that holds, its gate on the observed state.
fn requirements_first(prepared: &Prepared<'_>, index: usize) -> Vec<Diagnostic> {
    let step = &prepared.plan.steps[index];
    requirement_findings(
        &step.requires,
        &prepared.current.policies,
        &prepared.current.mesh,
    )
}
