//! Manifest contents: documents classified (Mesh, Secret, MeshIdentity, MeshTrust, MeshTLS,
//! other), the Mesh picked with `--mesh`, its typed view, and locations of its fields.

use std::rc::Rc;

use serde_yaml::Value;

use crate::diag::error::InputError;
use crate::input::file::deserialize_at;
pub(crate) use crate::input::file::{Format, Location, ManifestFile};
use crate::input::identity::{PolicyDoc, PolicyKind};
use crate::input::mesh::{KubernetesMesh, Mtls, Routing, Shape, UniversalMesh};
use crate::input::path::FieldPath;
use crate::input::secret::SecretDoc;
use crate::input::time::{Moment, parse_moment};

/// The objects of the file, looking inside `List`s, each with its place.
fn objects(file: &ManifestFile) -> Vec<Object<'_>> {
    let mut out = Vec::new();
    for (doc, value) in file.documents.iter().enumerate() {
        collect_objects(value, doc, FieldPath::root(), &mut out);
    }
    out
}

struct Object<'a> {
    doc: usize,
    base: FieldPath,
    value: &'a Value,
    kind: ObjectKind,
}

enum ObjectKind {
    Mesh(Shape),
    Secret(Shape),
    Policy(PolicyKind, Shape),
    Other(String),
}

fn collect_objects<'a>(value: &'a Value, doc: usize, base: FieldPath, out: &mut Vec<Object<'a>>) {
    let field = |name: &str| value.get(name).and_then(Value::as_str);
    let kind = match (field("kind"), field("type")) {
        (Some("Mesh"), _) => ObjectKind::Mesh(Shape::Kubernetes),
        (Some("Secret"), _) => ObjectKind::Secret(Shape::Kubernetes),
        (None, Some("Mesh")) => ObjectKind::Mesh(Shape::Universal),
        (None, Some("Secret")) => ObjectKind::Secret(Shape::Universal),
        (Some(kind), _) if let Some(policy) = PolicyKind::from_kind(kind) => {
            ObjectKind::Policy(policy, Shape::Kubernetes)
        }
        (None, Some(kind)) if let Some(policy) = PolicyKind::from_kind(kind) => {
            ObjectKind::Policy(policy, Shape::Universal)
        }
        _ => {
            // `kubectl get meshes -o yaml` prints a List; `GET /meshes` a page of items.
            if let Some(Value::Sequence(items)) = value.get("items") {
                for (i, item) in items.iter().enumerate() {
                    collect_objects(item, doc, base.key("items").index(i), out);
                }
                return;
            }
            if value.is_null() {
                return;
            }
            let what = match (field("kind"), field("type")) {
                (Some(k), _) => format!("kind {k}"),
                (None, Some(t)) => format!("type {t}"),
                _ if value.is_mapping() => "a mapping without `kind` or `type`".to_string(),
                _ => "a value that is not a mapping".to_string(),
            };
            ObjectKind::Other(what)
        }
    };
    out.push(Object {
        doc,
        base,
        value,
        kind,
    });
}

/// The label Kuma's Kubernetes store adds to every resource it serves (absent: not that store).
const DISPLAY_NAME_LABEL: &str = "kuma.io/display-name";
/// Where a resource comes from; `global` on a zone's copy of a global resource.
const ORIGIN_LABEL: &str = "kuma.io/origin";

/// What a Mesh says of its last change, judged by the store that wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastChange {
    /// The newest Kubernetes `managedFields[].time` (to the second).
    ManagedFields(Moment),
    /// A Universal `modificationTime` from a store that stamps every update (memory, postgres:
    /// `mesh_manager.go` sets it at each Update, release-2.14).
    Modified(Moment),
    /// A `modificationTime` that may be the creation time: the Mesh carries the label Kuma's
    /// Kubernetes store adds, and nothing says which store served it.
    MaybeCreation(Moment),
    /// A `modificationTime` that is the creation time: the control plane stores its resources in
    /// Kubernetes, whose adapter returns `CreationTimestamp` as the modification time
    /// (`pkg/plugins/resources/k8s/store.go`, `GetModificationTime`, release-2.14).
    Creation(Moment),
    Unknown,
}

impl LastChange {
    /// The change time, when the Mesh's text gives one.
    pub fn moment(self) -> Option<Moment> {
        match self {
            LastChange::ManagedFields(m) | LastChange::Modified(m) => Some(m),
            _ => None,
        }
    }

    /// Judged again knowing which store served the Mesh (`GET /config` `store.type`).
    pub fn served_by(self, store: &str) -> Self {
        match self {
            LastChange::Modified(m) | LastChange::MaybeCreation(m) if store == "kubernetes" => {
                LastChange::Creation(m)
            }
            LastChange::MaybeCreation(m) => LastChange::Modified(m),
            other => other,
        }
    }
}

/// One Mesh object with its typed view and the file it came from.
#[derive(Clone)]
pub struct MeshDoc {
    pub file: Rc<ManifestFile>,
    pub doc: usize,
    /// Path of the object inside its document (`items[2]` inside a List, else empty).
    pub base: FieldPath,
    pub shape: Shape,
    pub name: String,
    pub mtls: Mtls,
    pub routing: Routing,
    /// `meshServices.mode` as written (absent: Disabled).
    pub mesh_services: Option<String>,
    /// What the Mesh says of its last change.
    pub last_change: LastChange,
    /// Synced from a global control plane (`kuma.io/origin: global`): a zone's copy, which the
    /// zone refuses to change.
    pub from_global: bool,
    /// The whole object as written, unknown fields included.
    pub value: Value,
}

impl std::fmt::Debug for MeshDoc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MeshDoc")
            .field("file", &self.file.name())
            .field("name", &self.name)
            .field("shape", &self.shape)
            .finish_non_exhaustive()
    }
}

impl MeshDoc {
    /// The full path of a field given relative to the Mesh's spec (`mtls.enabledBackend`).
    pub fn spec_path(&self, rest: &str) -> FieldPath {
        let mut path = self.base.clone();
        path.0.extend(self.shape.prefix().0);
        path.0.extend(FieldPath::parse(rest).0);
        path
    }

    /// The location of a field given relative to the Mesh's spec.
    pub fn locate(&self, rest: &str) -> Location {
        self.file.locate(self.doc, &self.spec_path(rest))
    }

    /// The location of the Mesh's name.
    pub fn locate_name(&self) -> Location {
        let rest = match self.shape {
            Shape::Kubernetes => "metadata.name",
            Shape::Universal => "name",
        };
        let mut path = self.base.clone();
        path.0.extend(FieldPath::parse(rest).0);
        self.file.locate(self.doc, &path)
    }

    /// The raw `mtls` section as written, for diffs.
    pub fn mtls_value(&self) -> Value {
        let mtls = match self.shape {
            Shape::Kubernetes => self.value.get("spec").and_then(|s| s.get("mtls")),
            Shape::Universal => self.value.get("mtls"),
        };
        mtls.cloned().unwrap_or(Value::Null)
    }

    fn from_object(
        file: &Rc<ManifestFile>,
        object: &Object<'_>,
        shape: Shape,
    ) -> Result<Self, InputError> {
        let origin = |labels: Option<&std::collections::BTreeMap<String, Value>>| {
            labels
                .and_then(|l| l.get(ORIGIN_LABEL))
                .and_then(Value::as_str)
                == Some("global")
        };
        let from_global;
        let (name, spec_mtls, routing, last_change, mesh_services) = match shape {
            Shape::Kubernetes => {
                let mesh: KubernetesMesh =
                    deserialize_at(file, object.doc, &object.base, object.value)?;
                let metadata = mesh.metadata;
                from_global = origin(metadata.as_ref().and_then(|m| m.labels.as_ref()));
                let newest = metadata
                    .as_ref()
                    .and_then(|m| m.managed_fields.as_ref())
                    .and_then(|fields| {
                        fields
                            .iter()
                            .filter_map(|f| f.time.as_deref().and_then(parse_moment))
                            .max_by_key(|m| m.at)
                    });
                let spec = mesh.spec.unwrap_or_default();
                (
                    metadata.and_then(|m| m.name),
                    spec.mtls,
                    spec.routing,
                    newest.map_or(LastChange::Unknown, LastChange::ManagedFields),
                    spec.mesh_services,
                )
            }
            Shape::Universal => {
                let mesh: UniversalMesh =
                    deserialize_at(file, object.doc, &object.base, object.value)?;
                from_global = origin(mesh.labels.as_ref());
                let kubernetes_label = mesh
                    .labels
                    .as_ref()
                    .is_some_and(|l| l.contains_key(DISPLAY_NAME_LABEL));
                let at = mesh.modification_time.as_deref().and_then(parse_moment);
                let last_change = match (at, kubernetes_label) {
                    (None, _) => LastChange::Unknown,
                    (Some(at), false) => LastChange::Modified(at),
                    (Some(at), true) => LastChange::MaybeCreation(at),
                };
                (
                    mesh.name,
                    mesh.mtls,
                    mesh.routing,
                    last_change,
                    mesh.mesh_services,
                )
            }
        };
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            let at = file.locate(object.doc, &object.base);
            let field = match shape {
                Shape::Kubernetes => "metadata.name",
                Shape::Universal => "name",
            };
            return Err(InputError::at(
                file.name(),
                at.line,
                at.column,
                format!("the Mesh has no `{field}`"),
            ));
        };
        Ok(Self {
            file: Rc::clone(file),
            doc: object.doc,
            base: object.base.clone(),
            shape,
            name,
            mtls: spec_mtls.unwrap_or_default(),
            routing: routing.unwrap_or_default(),
            mesh_services: mesh_services.and_then(|m| m.mode),
            last_change,
            from_global,
            value: object.value.clone(),
        })
    }
}

/// What one file holds: its Meshes, Secrets and MeshIdentity, MeshTrust and MeshTLS policies.
pub(crate) struct Contents {
    pub meshes: Vec<MeshDoc>,
    pub secrets: Vec<SecretDoc>,
    pub policies: Vec<PolicyDoc>,
    /// Documents of kinds meshctl does not read.
    pub others: usize,
}

/// Reads the Meshes and Secrets of a parsed file; a Mesh with wrong field types is an input error,
/// and so is a file without a Mesh.
pub(crate) fn contents(file: &Rc<ManifestFile>) -> Result<Contents, InputError> {
    contents_with(file, true)
}

/// The same, a file without a Mesh included (`validate` of a directory skips it).
pub(crate) fn contents_any(file: &Rc<ManifestFile>) -> Result<Contents, InputError> {
    contents_with(file, false)
}

fn contents_with(file: &Rc<ManifestFile>, need_mesh: bool) -> Result<Contents, InputError> {
    let mut meshes = Vec::new();
    let mut secrets = Vec::new();
    let mut others = Vec::new();
    let mut policies = Vec::new();
    for object in objects(file) {
        match object.kind {
            ObjectKind::Mesh(shape) => meshes.push(MeshDoc::from_object(file, &object, shape)?),
            ObjectKind::Secret(shape) => {
                secrets.push(SecretDoc::from_value(object.value, shape, file.name()))
            }
            ObjectKind::Policy(kind, shape) => policies.push(PolicyDoc::read(
                file,
                object.doc,
                &object.base,
                object.value,
                kind,
                shape,
            )?),
            ObjectKind::Other(ref what) => {
                others.push((what.clone(), object.doc, object.base.clone()))
            }
        }
    }
    if meshes.is_empty() && need_mesh {
        let (what, at) = match others.first() {
            Some((what, doc, base)) => (format!("it holds {what}"), file.locate(*doc, base)),
            None if !secrets.is_empty() => (
                "it holds only Secrets".to_string(),
                file.locate(0, &FieldPath::root()),
            ),
            None => (
                "it holds no document".to_string(),
                file.locate(0, &FieldPath::root()),
            ),
        };
        return Err(InputError::at(
            file.name(),
            at.line,
            at.column,
            format!("no Mesh found: {what} (expected `kind: Mesh` or `type: Mesh`)"),
        ));
    }
    Ok(Contents {
        meshes,
        secrets,
        policies,
        others: others.len(),
    })
}

/// The MeshIdentity, MeshTrust and MeshTLS documents of a file that need not hold a Mesh.
pub(crate) fn policies(file: &Rc<ManifestFile>) -> Result<Vec<PolicyDoc>, InputError> {
    let mut out = Vec::new();
    for object in objects(file) {
        if let ObjectKind::Policy(kind, shape) = object.kind {
            out.push(PolicyDoc::read(
                file,
                object.doc,
                &object.base,
                object.value,
                kind,
                shape,
            )?);
        }
    }
    Ok(out)
}

/// The Secrets of a `--secrets` file, which need not hold a Mesh.
pub(crate) fn secrets_only(file: &Rc<ManifestFile>) -> Result<Vec<SecretDoc>, InputError> {
    let secrets: Vec<SecretDoc> = objects(file)
        .into_iter()
        .filter_map(|o| match o.kind {
            ObjectKind::Secret(shape) => Some(SecretDoc::from_value(o.value, shape, file.name())),
            _ => None,
        })
        .collect();
    if secrets.is_empty() {
        return Err(InputError::io(
            file.name(),
            "holds no Secret (expected `kind: Secret` or `type: Secret` documents)",
        ));
    }
    Ok(secrets)
}

/// Picks the Mesh named `wanted`, or the only one.
pub(crate) fn select_mesh(
    file: &ManifestFile,
    meshes: &[MeshDoc],
    wanted: Option<&str>,
) -> Result<MeshDoc, InputError> {
    let names = || {
        meshes
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match wanted {
        Some(name) => meshes
            .iter()
            .find(|m| m.name == name)
            .cloned()
            .ok_or_else(|| {
                InputError::io(
                    file.name(),
                    format!("has no Mesh named `{name}` (it has: {})", names()),
                )
            }),
        None => match meshes {
            [one] => Ok(one.clone()),
            _ => Err(InputError::io(
                file.name(),
                format!(
                    "holds several Meshes ({}): pick one with --mesh NAME",
                    names()
                ),
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Source;

    fn parse(text: &str) -> Result<Contents, InputError> {
        let file = ManifestFile::parse(Source::new("m.yaml", text))?;
        contents(&file)
    }

    #[test]
    fn reads_both_shapes_and_secrets() {
        let c = parse(
            "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: {name: a}\nspec:\n  mtls: {enabledBackend: ca-1, backends: [{name: ca-1, type: builtin}]}\n---\ntype: Mesh\nname: b\n---\ntype: Secret\nname: s\nmesh: b\ndata: aGk=\n",
        )
        .unwrap();
        assert_eq!(c.meshes.len(), 2);
        assert_eq!(c.meshes[0].shape, Shape::Kubernetes);
        assert_eq!(c.meshes[0].mtls.enabled(), Some("ca-1"));
        assert_eq!(c.meshes[1].shape, Shape::Universal);
        assert_eq!(c.secrets.len(), 1);
        let at = c.meshes[0].locate("mtls.enabledBackend");
        assert_eq!((at.line, at.path.as_str()), (5, "spec.mtls.enabledBackend"));
    }

    #[test]
    fn wrong_types_name_the_field_and_line() {
        let e = parse("type: Mesh\nname: m\nmtls:\n  enabledBackend: 12\n")
            .err()
            .unwrap();
        assert_eq!((e.line, e.column), (Some(4), Some(3)));
        assert!(
            e.message.starts_with("mtls.enabledBackend: invalid type"),
            "{}",
            e.message
        );
        let e = parse("type: Mesh\nname: m\nmtls: yes\n").err().unwrap();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn syntax_errors_and_missing_meshes_are_input_errors() {
        let e = parse("type: Mesh\nname: [\n").err().unwrap();
        assert!(e.line.is_some());
        let e = parse("kind: Deployment\n").err().unwrap();
        assert!(e.message.contains("kind Deployment"), "{}", e.message);
        let e = parse("a: 1\na: 2\n").err().unwrap();
        assert!(e.message.contains("duplicate"), "{}", e.message);
        assert_eq!(e.line, Some(2));
        let e = parse("type: Mesh\nname: m\nmtls:\n  backends:\n  - name: a\n    type: builtin\n    name: b\n").err().unwrap();
        assert_eq!((e.line, e.column), (Some(7), Some(5)), "{}", e.message);
    }
}
