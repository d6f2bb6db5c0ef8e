//! Authorization in the plan of a MeshIdentity move (README "Authorization"): the
//! `allow-identities` step that writes the `rules` policies the move needs before any proxy
//! changes identity, the gate that waits for them to reach every proxy, and the `tidy-policies`
//! step that deletes the `from` policies and legacy matchers once no legacy proxy remains.

use super::settings::Settings;
use crate::authz::PolicySet;
use crate::authz::migrate::{Generated, Shaping, allow_identities};
use crate::authz::pairs::Population;
use crate::authz::sides::SideDocs;
use crate::gate::{Gate, Requirement};
use crate::input::identity::{PolicyDoc, PolicyKind};
use crate::input::loaded::Loaded;
use crate::input::time::Moment;
use crate::lint::Product;
use crate::rotation::plan::Plan;
use crate::rotation::step::{Action, Step, StepKind};
use crate::state::Census;

/// Inserts `allow-identities` and `tidy-policies` into the plan of an identity move, when the
/// proxies and the complete policy set are known (else the steps' authorization check says
/// `authorization-unchecked`).
pub(crate) fn authorize_migration(
    plan: &mut Plan,
    current: &Loaded,
    target: &Loaded,
    census: Option<&Census>,
    settings: &Settings,
) {
    if settings.ablation.authz.off {
        return;
    }
    let Some(census) = census.filter(|c| c.workloads_complete()) else {
        return;
    };
    let Some(set) = permissions(current, settings) else {
        return;
    };
    let at = current.mesh.locate("");
    let namespace = match settings.product {
        Product::KongMesh => "kong-mesh-system",
        Product::Kuma => "kuma-system",
    };
    let shaping = Shaping {
        mesh: &current.mesh.name,
        shape: current.mesh.shape,
        namespace,
        at: &at,
        legacy: settings.ablation.authz.legacy,
    };
    let mut legacy: Vec<String> = Vec::new();
    if let Some(widen) = plan
        .steps
        .iter()
        .position(|s| s.kind == StepKind::WidenIdentity)
    {
        let generated = generate(current, target, census, &set.docs, settings, &shaping);
        plan.findings.extend(generated.findings.iter().cloned());
        insert_allow(plan, widen, &generated, &set.docs);
        legacy = generated.legacy;
    }
    insert_tidy(plan, current, &set.docs, &legacy, &shaping);
}

/// meshctl's own policies, by the names `allow-identities` gives them.
fn generated_name(name: &str) -> bool {
    name.starts_with("allow-identities-") || name.starts_with("allow-legacy-")
}

/// The policies the move needs, judged on the mesh without meshctl's own: once stored they
/// would otherwise make themselves look unneeded, and the step after them would stop waiting.
fn generate(
    current: &Loaded,
    target: &Loaded,
    census: &Census,
    stored: &[PolicyDoc],
    settings: &Settings,
    shaping: &Shaping<'_>,
) -> Generated {
    let theirs: Vec<PolicyDoc> = stored
        .iter()
        .filter(|p| !generated_name(&p.name))
        .cloned()
        .collect();
    let today = SideDocs::current(
        &current.mesh.name,
        current.mesh.mtls.enabled().is_some(),
        &current.policies,
        &theirs,
    );
    let identities: Vec<serde_yaml::Value> = target
        .policies
        .iter()
        .filter(|p| p.kind == PolicyKind::Identity)
        .map(|p| p.value.clone())
        .collect();
    let after = today
        .clone()
        .with_documents(&identities, true, &current.file);
    allow_identities(
        &Population::of(census),
        &today.side(),
        &after.side(),
        settings.authz_semantics()[0],
        shaping,
    )
}

/// The `allow-identities` step before the first step that gives a proxy an identity (unless its
/// policies are stored as generated), and what the step after it waits for.
fn insert_allow(plan: &mut Plan, widen: usize, generated: &Generated, stored: &[PolicyDoc]) {
    let names: Vec<String> = generated
        .identities
        .iter()
        .chain(&generated.legacy)
        .cloned()
        .collect();
    if names.is_empty() {
        return;
    }
    let missing: Vec<serde_yaml::Value> = generated
        .documents
        .iter()
        .filter(|d| !stored.iter().any(|s| same_policy(s, d)))
        .cloned()
        .collect();
    let at = plan.steps[..widen]
        .iter()
        .position(|s| s.kind == StepKind::AddIdentity)
        .unwrap_or(widen);
    let since = stored_at(&names, stored);
    let next = &mut plan.steps[at];
    next.requires.push(Requirement::Permitted(names));
    match &mut next.gate {
        Some(Gate::Trusted { since: trusted, .. }) => {
            *trusted = match (*trusted, since) {
                (Some(a), Some(b)) => Some(if a.proven_after() >= b.proven_after() {
                    a
                } else {
                    b
                }),
                _ => None,
            };
        }
        _ => next.gate = Some(Gate::Authorized { since }),
    }
    if missing.is_empty() {
        return;
    }
    let count = missing.len();
    plan.steps.insert(
        at,
        Step {
            kind: StepKind::AllowIdentities,
            gate: None,
            edits: Vec::new(),
            summary: format!(
                "apply {count} MeshTrafficPermission `rules` that allow today's pairs by their legacy SANs and by the SPIFFE IDs proxies will present: no proxy changes identity before they reach every proxy"
            ),
            action: Action::Apply,
            documents: missing,
            requires: Vec::new(),
        },
    );
}

/// The `tidy-policies` step once `Mesh.mtls` is gone (after `remove-mtls`, or first when a
/// migration meshctl planned is past it): the `from` policies (no proxy takes them under an identity) and meshctl's legacy
/// matchers. Its own authorization check refuses it while a legacy client still needs them.
fn insert_tidy(
    plan: &mut Plan,
    current: &Loaded,
    stored: &[PolicyDoc],
    planned: &[String],
    shaping: &Shaping<'_>,
) {
    let at = match plan
        .steps
        .iter()
        .position(|s| s.kind == StepKind::RemoveMtls)
    {
        Some(remove) => remove + 1,
        // A migration meshctl planned, past `remove-mtls`: its legacy matchers are still there.
        None if current.mesh.mtls.enabled().is_none()
            && stored.iter().any(|p| p.name.starts_with("allow-legacy-")) =>
        {
            0
        }
        None => return,
    };
    let mut documents: Vec<serde_yaml::Value> = stored
        .iter()
        .filter(|p| p.kind == PolicyKind::Permission)
        .filter(|p| {
            let from = p
                .permission()
                .is_some_and(|s| !s.from.as_deref().unwrap_or_default().is_empty());
            from || p.name.starts_with("allow-legacy-")
        })
        .map(|p| {
            deleted(
                p.kind.as_str(),
                &p.name,
                p.namespace.as_deref(),
                &p.mesh,
                p.shape,
            )
        })
        .collect();
    // The legacy matchers this plan writes itself, not stored yet.
    documents.extend(
        planned
            .iter()
            .filter(|name| !stored.iter().any(|p| &p.name == *name))
            .map(|name| crate::authz::migrate::document(shaping, name, None)),
    );
    if documents.is_empty() {
        return;
    }
    plan.steps.insert(
        at,
        Step {
            kind: StepKind::TidyPolicies,
            gate: None,
            edits: Vec::new(),
            summary: "delete the `from` MeshTrafficPermissions and the legacy matchers: no legacy proxy remains".to_string(),
            action: Action::Delete,
            documents,
            requires: Vec::new(),
        },
    );
}

/// Whether `stored` is the policy `generated` writes, spec and all.
fn same_policy(stored: &PolicyDoc, generated: &serde_yaml::Value) -> bool {
    let name = generated
        .get("name")
        .or_else(|| generated.get("metadata").and_then(|m| m.get("name")))
        .and_then(|n| n.as_str());
    stored.kind == PolicyKind::Permission
        && name == Some(stored.name.as_str())
        && stored.value.get("spec") == generated.get("spec")
}

/// When the last of `names` was stored; `None` when one of them is not, or has no time.
fn stored_at(names: &[String], stored: &[PolicyDoc]) -> Option<Moment> {
    let mut newest: Option<Moment> = None;
    for name in names {
        let doc = stored
            .iter()
            .find(|p| p.kind == PolicyKind::Permission && &p.name == name)?;
        let created = doc.created?;
        if newest.is_none_or(|n| created.proven_after() > n.proven_after()) {
            newest = Some(created);
        }
    }
    newest
}

/// The document that names a resource to delete (`kubectl delete -f` reads kind and name).
fn deleted(
    kind: &str,
    name: &str,
    namespace: Option<&str>,
    mesh: &str,
    shape: crate::input::mesh::Shape,
) -> serde_yaml::Value {
    use serde_yaml::{Mapping, Value};
    let mut map = Mapping::new();
    match shape {
        crate::input::mesh::Shape::Kubernetes => {
            map.insert("apiVersion".into(), "kuma.io/v1alpha1".into());
            map.insert("kind".into(), kind.into());
            let mut metadata = Mapping::new();
            metadata.insert("name".into(), name.into());
            if let Some(ns) = namespace {
                metadata.insert("namespace".into(), ns.into());
            }
            map.insert("metadata".into(), Value::Mapping(metadata));
        }
        crate::input::mesh::Shape::Universal => {
            map.insert("type".into(), kind.into());
            map.insert("name".into(), name.into());
            map.insert("mesh".into(), mesh.into());
        }
    }
    Value::Mapping(map)
}

/// The policies authorization is judged with: the complete set when one was given, else the
/// current file's own (complete when it is a snapshot that says so).
pub(crate) fn permissions<'a>(current: &'a Loaded, settings: &'a Settings) -> Option<PolicySet> {
    match &settings.authz.policies {
        Some(set) => Some(set.clone()),
        None => current.permissions_complete.then(|| PolicySet {
            docs: current.permissions.clone(),
            source: current.name().to_string(),
        }),
    }
}

/// The authorization sides: the current one, then after each step.
pub(crate) fn authz_sides(current: &Loaded, steps: &[Step], settings: &Settings) -> Vec<SideDocs> {
    let policies =
        permissions(current, settings).map_or_else(|| current.permissions.clone(), |set| set.docs);
    let mut sides = vec![SideDocs::current(
        &current.mesh.name,
        current.mesh.mtls.enabled().is_some(),
        &current.policies,
        &policies,
    )];
    for step in steps {
        let mut next = sides[sides.len() - 1].clone();
        match step.kind {
            StepKind::EnableMtls => next = next.with_mtls(true),
            StepKind::DisableMtls | StepKind::RemoveMtls => next = next.with_mtls(false),
            _ => {}
        }
        let apply = step.action == crate::rotation::step::Action::Apply;
        sides.push(next.with_documents(&step.documents, apply, &current.file));
    }
    sides
}

/// The identity documents of the current side and its authorization policies (the complete set
/// when one was given), for the requirements of a step.
pub(crate) fn known_documents(current: &Loaded, settings: &Settings) -> Vec<PolicyDoc> {
    let permissions =
        permissions(current, settings).map_or_else(|| current.permissions.clone(), |set| set.docs);
    current
        .policies
        .iter()
        .cloned()
        .chain(permissions)
        .collect()
}
