//! The MeshIdentity planner (README "Moving to MeshIdentity"): the migration off `Mesh.mtls` and the rotation
//! of a MeshIdentity's CA through a successor. Each step applies or deletes documents and has its
//! gate; the plan is recomputed from `--current`, so an interrupted move resumes where it stands.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

use crate::diag::Diagnostic;
use crate::diag::codes::Code;
use crate::gate::{Gate, PolicyRef, Requirement};
use crate::input::identity::{Kri, PolicyDoc, PolicyKind, Spec};
use crate::input::manifest::MeshDoc;
use crate::input::mesh::{Mode, Shape};
use crate::input::secret::Material;
use crate::input::time::Moment;
use crate::lint::certificate::legacy_ca_pem;
use crate::rotation::emit::Edit;
use crate::rotation::plan::Plan;
use crate::rotation::step::StepKind;
use crate::rotation::step::{Action, Step};

/// One side of the move: the Mesh and its policies.
#[derive(Clone, Copy)]
pub(crate) struct Side<'a> {
    pub mesh: &'a MeshDoc,
    pub policies: &'a [PolicyDoc],
}

impl<'a> Side<'a> {
    fn identities(&self) -> impl Iterator<Item = &'a PolicyDoc> + 'a {
        self.policies
            .iter()
            .filter(|p| p.kind == PolicyKind::Identity)
    }

    fn find(&self, kind: PolicyKind, name: &str) -> Option<&'a PolicyDoc> {
        self.policies
            .iter()
            .find(|p| p.kind == kind && p.name == name)
    }
}

/// An identity that issues certificates (a provider is set).
fn issuing(policy: &PolicyDoc) -> bool {
    policy.identity().is_some_and(|s| s.issues())
}

fn selection(policy: &PolicyDoc) -> Option<BTreeMap<String, String>> {
    policy.identity().and_then(|s| s.selection())
}

/// Whether the move from `current` to `target` is a MeshIdentity move: `mtls` leaves the Mesh for
/// an issuing identity, or (with the same `mtls` on both sides) the target lists MeshIdentities
/// and the identities or trusts differ. Such a target lists every identity the mesh keeps.
pub(crate) fn applies(current: Side<'_>, target: Side<'_>) -> bool {
    let (c, t) = (&current.mesh.mtls, &target.mesh.mtls);
    let migration =
        c.enabled().is_some() && t.enabled().is_none() && target.identities().any(issuing);
    let differ = current.policies.len() != target.policies.len()
        || target.policies.iter().any(|p| {
            current
                .find(p.kind, &p.name)
                .is_none_or(|q| spec_of(q) != spec_of(p))
        });
    // With `mtls` unchanged (off, or on in the middle of a migration), a change of policies. A
    // target without any MeshIdentity manages none: its absent policies are not deletions.
    let manages = target.identities().next().is_some();
    migration || (manages && crate::rotation::plan::equivalent(c, t) && differ)
}

fn spec_of(policy: &PolicyDoc) -> Option<&Value> {
    policy.value.get("spec")
}

/// The steps from `current` to `target`. `changed_at`: `--changed-at`, when the MeshTrusts'
/// creation times are not in `--current`.
pub(crate) fn plan(
    current: Side<'_>,
    target: Side<'_>,
    secrets: &Material,
    changed_at: Option<Moment>,
) -> Plan {
    let mut plan = Plan::default();
    // `mtls` leaves the Mesh in this move; while it is on, identities need Exclusive MeshServices.
    let migration = current.mesh.mtls.enabled().is_some() && target.mesh.mtls.enabled().is_none();
    if current.mesh.mtls.enabled().is_some()
        && current.mesh.mesh_services.as_deref() != Some("Exclusive")
    {
        plan.findings.push(not_exclusive(current.mesh));
        return plan;
    }
    let generated = if migration {
        temporary(current, target, secrets, &mut plan)
    } else {
        Vec::new()
    };
    let future: Vec<&PolicyDoc> = target.policies.iter().chain(&generated).collect();
    let widened: Vec<&PolicyDoc> = target
        .identities()
        .filter(|i| issuing(i) && selection(i).is_some())
        .filter(|i| {
            current
                .find(PolicyKind::Identity, &i.name)
                .is_none_or(|c| selection(c) != selection(i))
        })
        .collect();
    for identity in &widened {
        selection_findings(identity, current, &future, &mut plan);
    }
    if !plan.is_possible() {
        return plan;
    }
    prepare_step(current, &future, &mut plan);
    add_step(current, target, &future, &mut plan);
    widen_step(current, &future, &widened, changed_at, &mut plan);
    if migration {
        remove_mtls_step(current, target, &mut plan);
    }
    delete_steps(current, target, &generated, &mut plan);
    plan
}

fn not_exclusive(mesh: &MeshDoc) -> Diagnostic {
    let mode = mesh.mesh_services.as_deref().unwrap_or("Disabled");
    Diagnostic::new(
        Code::MeshservicesNotExclusive,
        format!("Mesh `{}` runs meshServices.mode {mode}: a MeshIdentity initializes on Kuma 2.x only with Exclusive", mesh.name),
    )
    .at(mesh.locate("meshServices"))
    .label("not Exclusive")
    .help("set `meshServices.mode: Exclusive` first, as a change of its own, and let the proxies converge")
}

/// The migration's temporary documents missing from the target: a SPIFFE-only identity (so
/// MeshService identities list the new SPIFFE IDs before any proxy is issued one), the legacy
/// CA's MeshTrust, and a MeshTLS Permissive when the backend was PERMISSIVE.
fn temporary(
    current: Side<'_>,
    target: Side<'_>,
    secrets: &Material,
    plan: &mut Plan,
) -> Vec<PolicyDoc> {
    let mut out = Vec::new();
    let Some(issuer) = target.identities().find(|i| issuing(i)) else {
        return out;
    };
    let has_spiffe_only = target.identities().any(|i| !issuing(i));
    if !has_spiffe_only && let Some(p) = spiffe_only(issuer, current, target) {
        out.push(p);
    }
    let mesh = current.mesh;
    let backend = mesh
        .mtls
        .enabled()
        .and_then(|b| mesh.mtls.backend(b))
        .map(|(_, b)| b);
    let trusts_mesh_domain = target.policies.iter().chain(current.policies).any(|p| {
        p.trust()
            .is_some_and(|t| t.trust_domain.as_deref() == Some(mesh.name.as_str()))
    });
    if let Some(backend) = backend.filter(|_| !trusts_mesh_domain) {
        match legacy_ca_pem(mesh, backend, secrets) {
            Some(pem) => out.push(generated(issuer, PolicyKind::Trust, &format!("legacy-{}", backend.name()), legacy_trust_spec(&mesh.name, &pem))),
            None => plan.findings.push(
                Diagnostic::new(
                    Code::LegacyCaUnavailable,
                    format!("the CA of backend `{}` is not given, so no MeshTrust for trust domain `{}` is written", backend.name(), mesh.name),
                )
                .at(mesh.locate("mtls.enabledBackend"))
                .help(format!("pass Secret `{}.ca-builtin-cert-{}` with --secrets (builtin), or put a MeshTrust with trustDomain `{}` in the target", mesh.name, backend.name(), mesh.name)),
            ),
        }
    }
    let permissive = backend.is_some_and(|b| b.mode() == Mode::Permissive);
    let has_meshtls = target
        .policies
        .iter()
        .chain(current.policies)
        .any(|p| p.kind == PolicyKind::Tls);
    if permissive && !has_meshtls {
        plan.findings.push(
            Diagnostic::new(
                Code::MeshtlsPermissiveNeeded,
                format!("backend `{}` is PERMISSIVE, and a proxy under a MeshIdentity is Strict without a MeshTLS: the first step adds MeshTLS `permissive` (mode Permissive) for the whole mesh", backend.map_or("", |b| b.name())),
            )
            .at(mesh.locate("mtls.enabledBackend"))
            .help("going Strict later is a change of its own; put a MeshTLS in the target to choose another one"),
        );
        out.push(generated(
            issuer,
            PolicyKind::Tls,
            "permissive",
            permissive_spec(),
        ));
    }
    out
}

/// A SPIFFE-only copy of `issuer` that selects every dataplane and loses Kuma's selection to it.
fn spiffe_only(issuer: &PolicyDoc, current: Side<'_>, target: Side<'_>) -> Option<PolicyDoc> {
    let name = ["spiffe-only", "zz-spiffe-only"].into_iter().find(|n| {
        target.find(PolicyKind::Identity, n).is_none()
            && (current.find(PolicyKind::Identity, n).is_some() || wins_tie(issuer, n))
    })?;
    let mut spec = issuer.value.get("spec").cloned().unwrap_or_default();
    if let Value::Mapping(map) = &mut spec {
        map.remove("provider");
        map.insert("selector".into(), select_all());
    }
    Some(generated(issuer, PolicyKind::Identity, name, spec))
}

fn select_all() -> Value {
    let mut dataplane = Mapping::new();
    dataplane.insert("matchLabels".into(), Value::Mapping(Mapping::new()));
    let mut selector = Mapping::new();
    selector.insert("dataplane".into(), Value::Mapping(dataplane));
    Value::Mapping(selector)
}

fn legacy_trust_spec(mesh: &str, pem: &str) -> Value {
    let mut pem_map = Mapping::new();
    pem_map.insert("value".into(), pem.into());
    let mut bundle = Mapping::new();
    bundle.insert("type".into(), "Pem".into());
    bundle.insert("pem".into(), Value::Mapping(pem_map));
    let mut spec = Mapping::new();
    spec.insert("trustDomain".into(), mesh.into());
    spec.insert(
        "caBundles".into(),
        Value::Sequence(vec![Value::Mapping(bundle)]),
    );
    Value::Mapping(spec)
}

fn permissive_spec() -> Value {
    serde_yaml::from_str("targetRef:\n  kind: Mesh\nrules:\n  - default:\n      mode: Permissive\n")
        .unwrap_or_default()
}

/// A new document of `kind` beside `like` (same shape, mesh and namespace), read as a policy.
fn generated(like: &PolicyDoc, kind: PolicyKind, name: &str, spec: Value) -> PolicyDoc {
    let mut map = Mapping::new();
    match like.shape {
        Shape::Kubernetes => {
            map.insert("apiVersion".into(), "kuma.io/v1alpha1".into());
            map.insert("kind".into(), kind.as_str().into());
            let mut metadata = Mapping::new();
            metadata.insert("name".into(), name.into());
            if let Some(ns) = &like.namespace {
                metadata.insert("namespace".into(), ns.as_str().into());
            }
            let mut labels = Mapping::new();
            labels.insert(
                crate::input::identity::MESH_LABEL.into(),
                like.mesh.as_str().into(),
            );
            metadata.insert("labels".into(), Value::Mapping(labels));
            map.insert("metadata".into(), Value::Mapping(metadata));
        }
        Shape::Universal => {
            map.insert("type".into(), kind.as_str().into());
            map.insert("name".into(), name.into());
            map.insert("mesh".into(), like.mesh.as_str().into());
        }
    }
    map.insert("spec".into(), spec.clone());
    let mut doc = like.clone();
    doc.labels = BTreeMap::from([(
        crate::input::identity::MESH_LABEL.to_string(),
        like.mesh.clone(),
    )]);
    doc.kind = kind;
    doc.name = name.to_string();
    doc.conditions = Vec::new();
    doc.printed_kri = None;
    doc.created = None;
    doc.spec = match kind {
        PolicyKind::Identity => {
            Spec::Identity(Box::new(serde_yaml::from_value(spec).unwrap_or_default()))
        }
        PolicyKind::Trust => Spec::Trust(serde_yaml::from_value(spec).unwrap_or_default()),
        PolicyKind::Tls => Spec::Tls(serde_yaml::from_value(spec).unwrap_or_default()),
        PolicyKind::Permission => {
            Spec::Permission(serde_yaml::from_value(spec).unwrap_or_default())
        }
        PolicyKind::LegacyPermission => {
            Spec::LegacyPermission(serde_yaml::from_value(spec).unwrap_or_default())
        }
    };
    doc.value = Value::Mapping(map);
    doc
}

/// Kuma's tie-break on stored names: `identity` beats `other` when its name is smaller both as
/// written and as stored (`<name>.<namespace>` on Kubernetes); a name that is the other's prefix
/// followed by `-` is undecidable (a zone stores a global copy as `<name>-<hash>`).
fn wins_tie(identity: &PolicyDoc, other: &str) -> bool {
    let mine = identity.name.as_str();
    if other.starts_with(&format!("{mine}-")) || mine.starts_with(&format!("{other}-")) {
        return false;
    }
    let ns = identity.namespace.as_deref().unwrap_or("kuma-system");
    mine < other && format!("{mine}.{ns}") < format!("{other}.{ns}")
}

/// `identity-loses-selection` against an identity that stays behind (deleted later, or one
/// that issues nothing) and would keep some of the proxies `identity` should take.
fn selection_findings(
    identity: &PolicyDoc,
    current: Side<'_>,
    future: &[&PolicyDoc],
    plan: &mut Plan,
) {
    let Some(wanted) = selection(identity) else {
        return;
    };
    // Identities that stay behind: stored ones no issuing identity of the future replaces, and
    // the SPIFFE-only ones of the future.
    let mut behind: Vec<&PolicyDoc> = current
        .identities()
        .filter(|c| {
            !future
                .iter()
                .any(|f| f.kind == PolicyKind::Identity && f.name == c.name && issuing(f))
        })
        .collect();
    for f in future
        .iter()
        .copied()
        .filter(|f| f.kind == PolicyKind::Identity && !issuing(f))
    {
        if !behind.iter().any(|b| b.name == f.name) {
            behind.push(f);
        }
    }
    for other in behind.into_iter().filter(|o| o.name != identity.name) {
        let Some(theirs) = selection(other) else {
            continue;
        };
        let overlap = theirs
            .iter()
            .all(|(k, v)| wanted.get(k).is_none_or(|w| w == v));
        let beaten = theirs.len() > wanted.len()
            || (theirs.len() == wanted.len() && !wins_tie(identity, &other.name));
        if overlap && beaten {
            plan.findings.push(
                Diagnostic::new(
                    Code::IdentityLosesSelection,
                    format!(
                        "{} would not take the proxies {} selects: Kuma picks the identity with more matchLabels keys ({} against {}), then the smaller stored name",
                        identity.title(),
                        other.title(),
                        wanted.len(),
                        theirs.len()
                    ),
                )
                .at(identity.locate("spec.selector"))
                .label("loses Kuma's selection")
                .help(format!("rename {} so that its name sorts before `{}` (as `<name>.<namespace>` too), or select with more labels", identity.title(), other.name)),
            );
        }
    }
    if let Some(old) = current
        .identities()
        .find(|c| issuing(c) && future.iter().all(|f| f.name != c.name))
        && spiffe_id(old) != spiffe_id(identity)
    {
        plan.findings.push(
            Diagnostic::new(
                Code::IdentitySpiffeIdChanged,
                format!(
                    "{} succeeds {} with other SPIFFE IDs",
                    identity.title(),
                    old.title()
                ),
            )
            .at(identity.locate("spec.spiffeID"))
            .label("spiffeID differs")
            .help(format!(
                "copy the spiffeID of {} verbatim; change SPIFFE IDs as a change of its own",
                old.title()
            )),
        );
    }
}

fn spiffe_id(policy: &PolicyDoc) -> Option<Value> {
    policy
        .value
        .get("spec")
        .and_then(|s| s.get("spiffeID"))
        .cloned()
}

/// Documents of the target (and the migration's temporary ones) not stored yet, other than the
/// issuing identities: SPIFFE-only identities, MeshTrusts, MeshTLS.
fn prepare_step(current: Side<'_>, future: &[&PolicyDoc], plan: &mut Plan) {
    let missing: Vec<&PolicyDoc> = future
        .iter()
        .copied()
        .filter(|p| !issuing(p))
        .filter(|p| {
            current
                .find(p.kind, &p.name)
                .is_none_or(|c| spec_of(c) != spec_of(p))
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    plan.steps.push(document_step(
        StepKind::PrepareIdentity,
        Action::Apply,
        None,
        Vec::new(),
        missing.iter().map(|p| applied(p, None)).collect(),
        format!(
            "apply {}: the new trust and SPIFFE IDs before any proxy changes identity",
            titles(&missing)
        ),
    ));
}

/// Issuing identities not stored yet, created selecting nothing (`selector: {}`).
fn add_step(current: Side<'_>, target: Side<'_>, future: &[&PolicyDoc], plan: &mut Plan) {
    let new: Vec<&PolicyDoc> = target
        .identities()
        .filter(|i| issuing(i) && current.find(PolicyKind::Identity, &i.name).is_none())
        .collect();
    if new.is_empty() {
        return;
    }
    // Kuma's procedure waits for the SPIFFE-only identities before an issuing one appears.
    let requires = future
        .iter()
        .filter(|p| p.kind == PolicyKind::Identity && !issuing(p))
        .map(|p| Requirement::ProvidesIds(p.name.clone()))
        .collect();
    plan.steps.push(document_step(
        StepKind::AddIdentity,
        Action::Apply,
        None,
        requires,
        new.iter()
            .map(|p| applied(p, Some(Value::Mapping(Mapping::new()))))
            .collect(),
        format!(
            "create {} selecting no dataplane (`selector: {{}}`) until it is Ready and trusted",
            titles(&new)
        ),
    ));
}

/// Issuing identities given their target selector, once Ready and their MeshTrusts reached every
/// proxy of the mesh (every peer must trust the new CA before the first certificate from it).
fn widen_step(
    current: Side<'_>,
    future: &[&PolicyDoc],
    widened: &[&PolicyDoc],
    changed_at: Option<Moment>,
    plan: &mut Plan,
) {
    if widened.is_empty() {
        return;
    }
    let mesh = &current.mesh.name;
    let mut trusts: Vec<PolicyRef> = Vec::new();
    let mut stored: Vec<String> = Vec::new();
    let mut requires = Vec::new();
    for identity in widened {
        let creates = identity
            .identity()
            .and_then(|s| s.bundled())
            .is_some_and(|b| b.mesh_trust_creation.as_deref() != Some("Disabled"));
        requires.push(Requirement::Ready {
            identity: identity.name.clone(),
            creates_trust: creates,
        });
        if creates {
            trusts.push(PolicyRef {
                kind: PolicyKind::Trust,
                mesh: mesh.clone(),
                name: identity.name.clone(),
            });
        }
    }
    // Every proxy's bundle holds every MeshTrust of the mesh: the stored ones and the new ones.
    for trust in future
        .iter()
        .copied()
        .filter(|p| p.kind == PolicyKind::Trust)
    {
        trusts.push(PolicyRef::of(trust));
        stored.push(trust.name.clone());
    }
    for trust in current
        .policies
        .iter()
        .filter(|p| p.kind == PolicyKind::Trust)
    {
        if !trusts.iter().any(|t| t.name == trust.name) {
            trusts.push(PolicyRef::of(trust));
        }
    }
    if !stored.is_empty() {
        requires.push(Requirement::Stored(stored));
    }
    let since = trust_time(current).or(changed_at);
    plan.steps.push(document_step(
        StepKind::WidenIdentity,
        Action::Apply,
        Some(Gate::Trusted { trusts, since }),
        requires,
        widened.iter().map(|p| applied(p, None)).collect(),
        format!(
            "give {} its selector: proxies get certificates from it",
            titles(widened)
        ),
    ));
}

/// When the newest stored MeshTrust was stored (every proxy's bundle holds them all), `None`
/// when one of them has no creation time.
fn trust_time(current: Side<'_>) -> Option<Moment> {
    let mut newest: Option<Moment> = None;
    for trust in current
        .policies
        .iter()
        .filter(|p| p.kind == PolicyKind::Trust)
    {
        let created = trust.created?;
        // The latest instant any of them may have appeared at.
        if newest.is_none_or(|n| created.proven_after() > n.proven_after()) {
            newest = Some(created);
        }
    }
    newest
}

fn remove_mtls_step(current: Side<'_>, target: Side<'_>, plan: &mut Plan) {
    let issuers: Vec<&PolicyDoc> = target.identities().filter(|i| issuing(i)).collect();
    let backend = current.mesh.mtls.enabled().unwrap_or_default().to_string();
    plan.steps.push(Step {
        kind: StepKind::RemoveMtls,
        gate: Some(Gate::Issued(issuers.iter().map(|i| PolicyRef::of(i)).collect())),
        edits: vec![Edit::ReplaceMtls],
        summary: format!("remove `mtls` (backend `{backend}`) from the Mesh: every proxy holds a certificate from {}", titles(&issuers)),
        action: Action::Apply,
        documents: Vec::new(),
        requires: issuers
            .iter()
            .map(|i| Requirement::Ready { identity: i.name.clone(), creates_trust: false })
            .collect(),
    });
}

/// Identities of the current side the target drops: SPIFFE-only ones at once, issuing ones once
/// no proxy holds a certificate from them, and then the MeshTrusts created for them.
fn delete_steps(current: Side<'_>, target: Side<'_>, generated: &[PolicyDoc], plan: &mut Plan) {
    let dropped: Vec<&PolicyDoc> = current
        .identities()
        .filter(|c| target.find(PolicyKind::Identity, &c.name).is_none())
        .collect();
    let (old, mut temporary): (Vec<&PolicyDoc>, Vec<&PolicyDoc>) =
        dropped.into_iter().partition(|c| issuing(c));
    // The SPIFFE-only identity this migration adds goes once `mtls` is gone.
    temporary.extend(generated.iter().filter(|g| {
        g.kind == PolicyKind::Identity && current.find(PolicyKind::Identity, &g.name).is_none()
    }));
    let successors: Vec<String> = target
        .identities()
        .filter(|i| issuing(i))
        .map(|i| i.name.clone())
        .collect();
    for identity in &old {
        let autogenerated = identity
            .identity()
            .and_then(|s| s.bundled())
            .is_some_and(|b| b.autogenerated());
        if autogenerated {
            plan.findings.push(
                Diagnostic::new(
                    Code::IdentityCaDeleted,
                    format!(
                        "deleting {} deletes its autogenerated CA (Secrets `{name}-root-ca`, `{name}-private-key`): this step cannot be undone",
                        identity.title(),
                        name = identity.name
                    ),
                )
                .at(identity.locate("spec.provider"))
                .help("the step waits until no proxy holds a certificate from it; keep a copy of the Secrets if you may need the CA again"),
            );
        }
        let retired = Gate::Retired(PolicyRef::of(identity));
        let requires: Vec<Requirement> = successors
            .iter()
            .map(|s| Requirement::Ready {
                identity: s.clone(),
                creates_trust: false,
            })
            .collect();
        plan.steps.push(document_step(
            StepKind::DeleteIdentity,
            Action::Delete,
            Some(retired.clone()),
            requires,
            vec![deleted(identity)],
            format!(
                "delete {}: no proxy holds a certificate from it",
                identity.title()
            ),
        ));
    }
    orphan_trust_steps(current, target, plan);
    if !temporary.is_empty() {
        plan.steps.push(document_step(
            StepKind::DeleteTemporary,
            Action::Delete,
            None,
            Vec::new(),
            temporary.iter().map(|p| deleted(p)).collect(),
            format!("delete {}, needed only during the move", titles(&temporary)),
        ));
    }
}

/// MeshTrusts the control plane created for identities the target no longer has (their
/// `status.origin.kri` names them), deleted once no proxy holds a certificate from those.
fn orphan_trust_steps(current: Side<'_>, target: Side<'_>, plan: &mut Plan) {
    let mut by_origin: BTreeMap<String, Vec<&PolicyDoc>> = BTreeMap::new();
    for trust in current
        .policies
        .iter()
        .filter(|p| p.kind == PolicyKind::Trust)
    {
        if target.find(PolicyKind::Trust, &trust.name).is_some() {
            continue;
        }
        let origin = trust
            .trust()
            .and_then(|t| t.origin.as_ref())
            .and_then(|o| o.kri.as_deref());
        let Some(kri) = origin.and_then(Kri::parse).filter(|k| k.short == "mid") else {
            continue;
        };
        if target
            .identities()
            .any(|i| issuing(i) && PolicyRef::of(i).named_by(origin.unwrap_or("")))
        {
            continue;
        }
        by_origin
            .entry(kri.name.to_string())
            .or_default()
            .push(trust);
    }
    for (identity, trusts) in by_origin {
        let retired = PolicyRef {
            kind: PolicyKind::Identity,
            mesh: current.mesh.name.clone(),
            name: identity,
        };
        plan.steps.push(document_step(
            StepKind::DeleteTrust,
            Action::Delete,
            Some(Gate::Retired(retired.clone())),
            Vec::new(),
            trusts.iter().map(|p| deleted(p)).collect(),
            format!("delete {}, created for {retired}", titles(&trusts)),
        ));
    }
}

fn document_step(
    kind: StepKind,
    action: Action,
    gate: Option<Gate>,
    requires: Vec<Requirement>,
    documents: Vec<Value>,
    summary: String,
) -> Step {
    Step {
        kind,
        gate,
        edits: Vec::new(),
        summary,
        action,
        documents,
        requires,
    }
}

fn titles(policies: &[&PolicyDoc]) -> String {
    policies
        .iter()
        .map(|p| p.title())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The document to apply: as the target writes it (server fields and status dropped), with
/// `selector` replaced when given.
fn applied(policy: &PolicyDoc, selector: Option<Value>) -> Value {
    let mut value = policy.value.clone();
    let Value::Mapping(map) = &mut value else {
        return value;
    };
    for key in ["status", "kri", "creationTime", "modificationTime"] {
        map.remove(key);
    }
    if let Some(Value::Mapping(metadata)) = map.get_mut("metadata") {
        for key in crate::rotation::emit::edit::K8S_SERVER_FIELDS {
            metadata.remove(key);
        }
        if let Some(Value::Mapping(annotations)) = metadata.get_mut("annotations") {
            annotations.remove(crate::rotation::emit::edit::LAST_APPLIED);
        }
    }
    if let (Some(selector), Some(Value::Mapping(spec))) = (selector, map.get_mut("spec")) {
        spec.insert("selector".into(), selector);
    }
    value
}

/// The document that names a resource to delete (`kubectl delete -f` reads kind and name).
fn deleted(policy: &PolicyDoc) -> Value {
    let mut map = Mapping::new();
    match policy.shape {
        Shape::Kubernetes => {
            map.insert("apiVersion".into(), "kuma.io/v1alpha1".into());
            map.insert("kind".into(), policy.kind.as_str().into());
            let mut metadata = Mapping::new();
            metadata.insert("name".into(), policy.name.as_str().into());
            if let Some(ns) = &policy.namespace {
                metadata.insert("namespace".into(), ns.as_str().into());
            }
            map.insert("metadata".into(), Value::Mapping(metadata));
        }
        Shape::Universal => {
            map.insert("type".into(), policy.kind.as_str().into());
            map.insert("name".into(), policy.name.as_str().into());
            map.insert("mesh".into(), policy.mesh.as_str().into());
        }
    }
    Value::Mapping(map)
}
