//! What a MeshIdentity step needs of the identities and trusts themselves, judged on their status
//! in `--current`: `identity-not-ready` (a waiting finding) until each holds.

use crate::diag::Diagnostic;
use crate::diag::codes::Code;
use crate::gate::{PolicyRef, Requirement};
use crate::input::identity::{PolicyDoc, PolicyKind};
use crate::input::manifest::MeshDoc;

pub(crate) fn requirement_findings(
    requires: &[Requirement],
    current: &[PolicyDoc],
    mesh: &MeshDoc,
) -> Vec<Diagnostic> {
    let find =
        |kind: PolicyKind, name: &str| current.iter().find(|p| p.kind == kind && p.name == name);
    let mut out = Vec::new();
    let mut push = |message: String, at: Option<&PolicyDoc>| {
        let location = at.map_or_else(|| mesh.locate_name(), |p| p.locate("status"));
        out.push(
            Diagnostic::new(Code::IdentityNotReady, message)
                .at(location)
                .label("not ready yet")
                .help("read the identities and trusts again with their status (`kubectl get meshidentities,meshtrusts -A -o yaml` on each zone, `kumactl get meshidentities -m MESH -o yaml`), then run again"),
        );
    };
    for requirement in requires {
        match requirement {
            Requirement::Ready {
                identity,
                creates_trust,
            } => {
                let Some(doc) = find(PolicyKind::Identity, identity) else {
                    push(
                        format!(
                            "MeshIdentity `{identity}` is not in --current: it has not been applied, or --current was read before it"
                        ),
                        None,
                    );
                    continue;
                };
                if let Some(why) = not_true(doc, "Ready") {
                    push(format!("{} is not Ready: {why}", doc.title()), Some(doc));
                    continue;
                }
                if *creates_trust {
                    if let Some(why) = not_true(doc, "MeshTrustCreated") {
                        push(
                            format!("{} has not created its MeshTrust: {why}", doc.title()),
                            Some(doc),
                        );
                    } else if !current
                        .iter()
                        .any(|t| t.kind == PolicyKind::Trust && created_for(t, doc))
                    {
                        push(
                            format!("the MeshTrust {} created is not in --current", doc.title()),
                            Some(doc),
                        );
                    }
                }
            }
            Requirement::ProvidesIds(identity) => match find(PolicyKind::Identity, identity) {
                None => push(
                    format!("MeshIdentity `{identity}` is not in --current"),
                    None,
                ),
                Some(doc) => {
                    if let Some(why) = not_true(doc, "SpiffeIDProvider") {
                        push(
                            format!("{} provides no SPIFFE IDs yet: {why}", doc.title()),
                            Some(doc),
                        );
                    }
                }
            },
            Requirement::Permitted(names) => {
                let missing: Vec<String> = names
                    .iter()
                    .filter(|n| find(PolicyKind::Permission, n).is_none())
                    .map(|n| format!("`{n}`"))
                    .collect();
                if !missing.is_empty() {
                    push(
                        format!(
                            "MeshTrafficPermission {} not stored yet (apply the allow-identities step, then read the policies again)",
                            missing.join(", ")
                        ),
                        None,
                    );
                }
            }
            Requirement::Stored(trusts) => {
                let missing: Vec<&String> = trusts
                    .iter()
                    .filter(|t| find(PolicyKind::Trust, t).is_none())
                    .collect();
                if !missing.is_empty() {
                    let names: Vec<String> = missing.iter().map(|t| format!("`{t}`")).collect();
                    push(
                        format!("MeshTrust {} not in --current yet", names.join(", ")),
                        None,
                    );
                }
            }
        }
    }
    out
}

/// Why condition `kind` is not `True`, `None` when it is.
fn not_true(doc: &PolicyDoc, kind: &str) -> Option<String> {
    match doc.condition(kind) {
        None if doc.conditions.is_empty() => Some(
            "--current holds no status for it (read it from the zone's control plane)".to_string(),
        ),
        None => Some(format!("its status has no {kind} condition")),
        Some(c) if c.status.as_deref() == Some("True") => None,
        Some(c) => Some(format!(
            "{kind}={} ({}: {})",
            c.status.as_deref().unwrap_or("Unknown"),
            c.reason.as_deref().unwrap_or("no reason"),
            c.message.as_deref().unwrap_or("no message")
        )),
    }
}

/// Whether `trust` is the MeshTrust the control plane created for `identity`.
pub(crate) fn created_for(trust: &PolicyDoc, identity: &PolicyDoc) -> bool {
    let origin = trust
        .trust()
        .and_then(|t| t.origin.as_ref())
        .and_then(|o| o.kri.as_deref());
    match origin {
        Some(kri) => PolicyRef::of(identity).named_by(kri),
        None => trust.name == identity.name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::loaded::Loaded;
    use crate::input::source::Source;

    #[test]
    fn a_trust_the_next_step_needs_must_be_in_current() {
        let text = "type: Mesh\nname: default\n---\ntype: MeshTrust\nname: legacy-ca-1\nmesh: default\nspec:\n  trustDomain: default\n  caBundles: [{type: Pem, pem: {value: x}}]\n";
        let loaded = Loaded::parse(Source::new("current.yaml", text), None).unwrap();
        let stored = |names: &[&str]| {
            let names = names.iter().map(|n| n.to_string()).collect();
            requirement_findings(
                &[Requirement::Stored(names)],
                &loaded.policies,
                &loaded.mesh,
            )
        };
        assert!(stored(&["legacy-ca-1"]).is_empty());
        let found = stored(&["legacy-ca-1", "legacy-ca-2"]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "MeshTrust `legacy-ca-2` not in --current yet"
        );
    }

    #[test]
    fn a_condition_holds_only_when_its_status_is_true() {
        let identity = |status: &str| {
            let text = format!(
                "type: Mesh\nname: default\n---\ntype: MeshIdentity\nname: id\nmesh: default\nspec: {{}}\nstatus:\n  conditions:\n  - type: Ready\n    status: \"{status}\"\n    reason: Waiting\n    message: no issuer yet\n"
            );
            let loaded = Loaded::parse(Source::new("current.yaml", text), None).unwrap();
            loaded.policies.into_iter().next().unwrap()
        };
        assert_eq!(not_true(&identity("True"), "Ready"), None);
        assert_eq!(
            not_true(&identity("False"), "Ready").as_deref(),
            Some("Ready=False (Waiting: no issuer yet)")
        );
        assert_eq!(
            not_true(&identity("True"), "Issued").as_deref(),
            Some("its status has no Issued condition")
        );
        let text = "type: Mesh\nname: default\n---\ntype: MeshIdentity\nname: id\nmesh: default\nspec: {}\n";
        let loaded = Loaded::parse(Source::new("current.yaml", text), None).unwrap();
        assert_eq!(
            not_true(&loaded.policies[0], "Ready").as_deref(),
            Some("--current holds no status for it (read it from the zone's control plane)")
        );
    }
}
