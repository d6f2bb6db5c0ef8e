//! A rotation made ready for judging: both Meshes linted, the plan between them (the Mesh.mtls
//! planner or the MeshIdentity one), and what the state says as a whole.

use super::settings::Settings;
use crate::authz::sides::SideDocs;
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, Severity};
use crate::gate::ScopeSettings;
use crate::gate::requirements::requirement_findings;
use crate::gate::state::state_findings;
use crate::input::loaded::Loaded;
use crate::input::manifest::MeshDoc;
use crate::input::mesh::Mode;
use crate::input::secret::Material;
use crate::lint::certificate;
use crate::lint::{Product, identity_rules, static_rules, unknown_fields};
use crate::rotation::emit::Edit;
use crate::rotation::identity::{self, Side};
use crate::rotation::identity_of_ca::SecretSides;
use crate::rotation::plan::{Plan, plan};
use crate::rotation::step::StepKind;
use crate::state::Census;

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
    /// What authorization depends on before the first step and after each step.
    pub authz: Vec<SideDocs>,
}

/// Whether `current` to `target` is a MeshIdentity move (README "Moving to MeshIdentity") rather than a
/// `Mesh.mtls` rotation: the sources read the builtin CA for it, and Kuma 3 runs only these.
pub fn is_identity_move(current: &Loaded, target: &Loaded) -> bool {
    identity::applies(side(current), side(target))
}

/// Whether the move publishes the `Mesh.mtls` CA as a MeshTrust: the sources then read the
/// builtin CA's certificate Secret from a live control plane.
pub fn needs_legacy_ca(current: &Loaded, target: &Loaded) -> bool {
    is_identity_move(current, target) && target.mesh.mtls.enabled().is_none()
}

/// The Secrets beside each Mesh, to tell a Secret that changed under the same name.
pub(crate) fn sides<'a>(current: &'a Loaded, proposed: &'a Loaded) -> SecretSides<'a> {
    SecretSides {
        mesh: &current.mesh.name,
        current: &current.secrets,
        proposed: &proposed.secrets,
    }
}

pub(crate) fn side(loaded: &Loaded) -> Side<'_> {
    Side {
        mesh: &loaded.mesh,
        policies: &loaded.policies,
    }
}

/// The census with every further copy of a proxy dropped (an ablation).
pub(crate) fn first_copies(census: &Census) -> Census {
    let mut census = census.clone();
    for proxy in &mut census.proxies {
        proxy.copies.clear();
    }
    census
}

/// Lints both Meshes, plans between them (nothing when the current Mesh or the target is
/// invalid), and judges the state as a whole.
pub(crate) fn prepare<'a>(
    current: &'a Loaded,
    target: &'a Loaded,
    census: Option<&'a Census>,
    material: &Material,
    settings: &'a Settings,
) -> Prepared<'a> {
    // A current Mesh Kuma would reject is no base for a step (README "Planning"), nor one a zone
    // holds for global.
    let mut findings = lint_mesh(current, settings.product);
    findings.extend(from_global(&current.mesh));
    let current_valid = !has_error(&findings, settings);
    findings.extend(lint_mesh(target, settings.product));
    findings.extend(lint_material(
        target,
        Some(&current.mesh),
        material,
        settings,
    ));
    let identity_move = is_identity_move(current, target);
    let mut plan = match (
        current_valid && !has_error(&findings, settings),
        identity_move,
    ) {
        (false, _) => Plan::default(),
        (true, true) => identity::plan(side(current), side(target), material, settings.changed_at),
        (true, false) => plan(
            &current.mesh,
            &target.mesh,
            settings.product,
            &sides(current, target),
        ),
    };
    if settings.ablation.straight_into_strict {
        enable_at_once(&mut plan);
    }
    if identity_move && plan.is_possible() {
        super::authz::authorize_migration(&mut plan, current, target, census, settings);
    }
    findings.extend(plan.findings.iter().cloned());
    let scope = settings.scope(Some(&current.mesh));
    if let Some(census) = census {
        let gated = plan.steps.first().is_some_and(|s| s.gate.is_some());
        findings.extend(state_of(census, scope, gated, identity_move));
    }
    let authz = super::authz::authz_sides(current, &plan.steps, settings);
    Prepared {
        current,
        target,
        census,
        settings,
        scope,
        plan,
        findings,
        authz,
    }
}

/// `mesh-managed-by-global`: the Mesh is a zone's copy of a global one.
fn from_global(mesh: &MeshDoc) -> Option<Diagnostic> {
    mesh.from_global.then(|| {
        Diagnostic::new(
            Code::MeshManagedByGlobal,
            format!(
                "Mesh `{}` is a zone's copy of a Mesh of the global control plane (label `kuma.io/origin: global`): the zone refuses to change it (405)",
                mesh.name
            ),
        )
        .at(mesh.locate_name())
        .label("synced from global")
        .help("read the Mesh from the global control plane (point --control-plane at global) and apply each step there")
    })
}

/// Kuma's admission rules on a Mesh and its policies.
pub(crate) fn lint_mesh(loaded: &Loaded, product: Product) -> Vec<Diagnostic> {
    let mut out = static_rules::check(&loaded.mesh, product);
    out.extend(identity_rules::check(&loaded.policies));
    out.extend(identity_rules::check(&loaded.permissions));
    out.extend(unknown_fields::check_mesh(&loaded.mesh));
    out.extend(unknown_fields::check_policies(&loaded.policies));
    out.extend(unknown_fields::check_policies(&loaded.permissions));
    out
}

/// The certificate rules on a Mesh's backends and its identities' CAs.
pub(crate) fn lint_material(
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
pub(crate) fn state_of(
    census: &Census,
    scope: ScopeSettings,
    gated: bool,
    identity_move: bool,
) -> Vec<Diagnostic> {
    state_findings(census, scope, gated)
        .into_iter()
        .filter(|d| !(identity_move && d.code == Code::MeshIdentityManaged))
        .collect()
}

/// Whether an error stands once the user's severity overrides apply: an error `--allow`ed or
/// `--warn`ed does not stop planning (it did, and with its finding dropped the empty plan read
/// as "nothing to do", exit 4, for Meshes that differ). A warning `--deny`ed fails the verdict
/// but is nothing Kuma rejects, so it does not stop planning either.
fn has_error(findings: &[Diagnostic], settings: &Settings) -> bool {
    let errors = findings.iter().filter(|d| d.severity == Severity::Error);
    (settings.overrides.apply(errors.cloned().collect()))
        .iter()
        .any(|d| d.severity == Severity::Error)
}

/// The findings of step `index` before it is taken: what the identities' status must say
/// (`identity-not-ready`), then, once that holds, its gate on the observed state.
pub(crate) fn requirements_first(prepared: &Prepared<'_>, index: usize) -> Vec<Diagnostic> {
    let step = &prepared.plan.steps[index];
    requirement_findings(
        &step.requires,
        &super::authz::known_documents(prepared.current, prepared.settings),
        &prepared.current.mesh,
    )
}

/// The planner's rule switched off for a twin: mTLS turned on in the target's mode at once.
fn enable_at_once(plan: &mut Plan) {
    if plan.steps.first().map(|s| s.kind) != Some(StepKind::EnableMtls) {
        return;
    }
    plan.steps.truncate(1);
    let first = &mut plan.steps[0];
    first
        .edits
        .retain(|e| !matches!(e, Edit::SetMode(_, Mode::Permissive)));
}
