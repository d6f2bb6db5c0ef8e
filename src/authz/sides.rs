//! What authorization depends on on one side of a step: whether `Mesh.mtls` is on, the
//! MeshIdentities, and the MeshTrafficPermissions and TrafficPermissions; the engine replays
//! them from the current side through each step's documents.

use std::rc::Rc;

use serde_yaml::Value;

use super::pairs::Side;
use super::policy::Policies;
use crate::input::file::ManifestFile;
use crate::input::identity::{PolicyDoc, PolicyKind};
use crate::input::mesh::Shape;
use crate::input::path::FieldPath;

/// The documents authorization reads, on one side of a step.
#[derive(Debug, Clone)]
pub(crate) struct SideDocs {
    pub mesh: String,
    pub mtls: bool,
    /// Identities and authorization policies, with whether each counts as Ready.
    pub docs: Vec<(PolicyDoc, bool)>,
}

impl SideDocs {
    /// The current side: the Mesh's identities (Ready when their status says so, or when they
    /// carry no status at all) and the given policies.
    pub(crate) fn current(
        mesh: &str,
        mtls: bool,
        identities: &[PolicyDoc],
        policies: &[PolicyDoc],
    ) -> Self {
        let docs = identities
            .iter()
            .filter(|p| p.kind == PolicyKind::Identity)
            .chain(policies.iter().filter(|p| p.kind.authorizes()))
            .filter(|p| p.mesh == mesh)
            .map(|p| {
                (
                    p.clone(),
                    p.conditions.is_empty() || p.condition_true("Ready"),
                )
            })
            .collect();
        Self {
            mesh: mesh.to_string(),
            mtls,
            docs,
        }
    }

    /// This side with `Mesh.mtls` turned on or off.
    pub(crate) fn with_mtls(mut self, on: bool) -> Self {
        self.mtls = on;
        self
    }

    /// This side with a step's documents applied (an applied identity counts as Ready: the step
    /// that gives it a selector waits for that) or deleted.
    pub(crate) fn with_documents(
        mut self,
        documents: &[Value],
        apply: bool,
        file: &Rc<ManifestFile>,
    ) -> Self {
        for value in documents {
            let Some((kind, name)) = identify(value) else {
                continue;
            };
            self.docs
                .retain(|(d, _)| !(d.kind == kind && d.name == name));
            if apply
                && (kind == PolicyKind::Identity || kind.authorizes())
                && let Some(doc) = read(file, value, kind)
            {
                self.docs.push((doc, true));
            }
        }
        self
    }

    pub(crate) fn side(&self) -> Side<'_> {
        let policies: Vec<PolicyDoc> = self
            .docs
            .iter()
            .filter(|(d, _)| d.kind.authorizes())
            .map(|(d, _)| d.clone())
            .collect();
        Side {
            mtls: self.mtls,
            identities: self
                .docs
                .iter()
                .filter(|(d, ready)| *ready && d.kind == PolicyKind::Identity)
                .map(|(d, _)| d)
                .collect(),
            policies: Policies::compile(&policies, &self.mesh),
        }
    }

    /// Whether no issuing identity selects anything on this side.
    pub(crate) fn identities_empty(&self) -> bool {
        !self.docs.iter().any(|(d, ready)| {
            *ready
                && d.identity()
                    .is_some_and(|s| s.issues() && s.selection().is_some())
        })
    }

    /// Whether who may call whom can differ between the two sides.
    pub(crate) fn differs_for_authorization(&self, other: &SideDocs) -> bool {
        // A SPIFFE-only identity, or one not Ready, issues nothing: it changes no one's SANs.
        let key = |s: &SideDocs| {
            let mut docs: Vec<(PolicyKind, String, bool, String)> = s
                .docs
                .iter()
                .filter(|(d, ready)| {
                    d.kind.authorizes() || (*ready && d.identity().is_some_and(|i| i.issues()))
                })
                .map(|(d, ready)| {
                    let spec = serde_yaml::to_string(d.value.get("spec").unwrap_or(&d.value))
                        .unwrap_or_default();
                    (d.kind, d.name.clone(), *ready, spec)
                })
                .collect();
            docs.sort();
            (s.mtls, docs)
        };
        key(self) != key(other)
    }
}

/// The kind and name a step's document names.
fn identify(value: &Value) -> Option<(PolicyKind, String)> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let kind = text(value.get("kind")).or_else(|| text(value.get("type")))?;
    let kind = PolicyKind::from_kind(&kind)?;
    let name = text(value.get("metadata").and_then(|m| m.get("name")))
        .or_else(|| text(value.get("name")))?;
    Some((kind, name))
}

fn read(file: &Rc<ManifestFile>, value: &Value, kind: PolicyKind) -> Option<PolicyDoc> {
    let shape = if value.get("kind").is_some() {
        Shape::Kubernetes
    } else {
        Shape::Universal
    };
    PolicyDoc::read(file, 0, &FieldPath::root(), value, kind, shape).ok()
}
