//! `unknown-field`: every key meshctl does not know in a Mesh (its spec, `mtls`, backends and the
//! `conf` of every backend type) and in the MeshIdentity, MeshTrust, MeshTLS,
//! MeshTrafficPermission and TrafficPermission specs. Nothing in Kuma refuses an unknown key, so
//! `mdoe: PERMISSIVE` leaves a backend STRICT without a word: a checker must say so. The known
//! keys are those of Kuma's protos and CRD schemas and of Kong Mesh's documented `conf`
//! (`schema.rs` cites each).

use serde_yaml::Value;

use super::schema::{self, Node};
use crate::diag::codes::Code;
use crate::diag::near;
use crate::diag::{Diagnostic, Location};
use crate::input::file::ManifestFile;
use crate::input::identity::PolicyDoc;
use crate::input::kinds::PolicyKind;
use crate::input::manifest::MeshDoc;
use crate::input::mesh::Shape;
use crate::input::path::FieldPath;

pub(crate) fn check_mesh(mesh: &MeshDoc) -> Vec<Diagnostic> {
    let top = match mesh.shape {
        Shape::Kubernetes => schema::KUBERNETES_MESH,
        Shape::Universal => schema::UNIVERSAL_MESH,
    };
    let mut walk = Walk::new(&mesh.file, mesh.doc, "Mesh", Reader::Jsonpb);
    walk.node(&mesh.value, &top, &mesh.base);
    walk.found
}

pub(crate) fn check_policies(policies: &[PolicyDoc]) -> Vec<Diagnostic> {
    policies.iter().flat_map(check_policy).collect()
}

fn check_policy(policy: &PolicyDoc) -> Vec<Diagnostic> {
    let top = schema::policy(policy.shape, policy.kind);
    let reader = match (policy.kind, policy.shape) {
        (PolicyKind::LegacyPermission, _) => Reader::Jsonpb,
        (_, Shape::Kubernetes) => Reader::ApiServer,
        (_, Shape::Universal) => Reader::EncodingJson,
    };
    let mut walk = Walk::new(&policy.file, policy.doc, policy.kind.as_str(), reader);
    walk.node(&policy.value, &top, &policy.base);
    walk.found
}

/// What becomes of an unknown key, by who reads the document (release-2.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// The Mesh and TrafficPermission, on either shape: jsonpb with `AllowUnknownFields`
    /// (`pkg/util/proto/proto.go`), matching each field's exact name.
    Jsonpb,
    /// The newer policies on Kubernetes: their CRDs' structural schemas prune unknown keys, and
    /// kubectl's default `--validate=strict` refuses them.
    ApiServer,
    /// The newer policies on Universal: `encoding/json` after the schema check
    /// (`pkg/core/resources/model/rest/unmarshaller.go`), matching keys case-insensitively.
    EncodingJson,
}

impl Reader {
    /// What Kuma does with `key` where `known` are the fields.
    fn fate(self, key: &str, known: &[&str]) -> String {
        let same_but_case = known.iter().find(|k| k.eq_ignore_ascii_case(key));
        match (self, same_but_case) {
            (Reader::EncodingJson, Some(field)) => format!(
                "Kuma on Universal reads it as `{field}` (keys match case-insensitively) but skips its schema check, and Kubernetes drops it"
            ),
            (Reader::ApiServer, _) => {
                "the Kubernetes API server drops it (kubectl --validate=strict refuses it)".into()
            }
            _ => "Kuma ignores it".into(),
        }
    }
}

/// One document's walk against its schema.
struct Walk<'f> {
    file: &'f ManifestFile,
    doc: usize,
    kind: &'static str,
    reader: Reader,
    found: Vec<Diagnostic>,
}

impl<'f> Walk<'f> {
    fn new(file: &'f ManifestFile, doc: usize, kind: &'static str, reader: Reader) -> Self {
        Self {
            file,
            doc,
            kind,
            reader,
            found: Vec::new(),
        }
    }

    fn node(&mut self, value: &Value, node: &Node, path: &FieldPath) {
        match (node, value) {
            (Node::Object(fields), Value::Mapping(map)) => {
                for (key, child) in map {
                    let Some(key) = key.as_str() else { continue };
                    match fields.iter().find(|(name, _)| *name == key) {
                        Some((_, known)) => self.child(child, known, map, &path.key(key)),
                        None => self.unknown(key, fields, &path.key(key)),
                    }
                }
            }
            (Node::Map(values), Value::Mapping(map)) => {
                for (key, child) in map {
                    if let Some(key) = key.as_str() {
                        self.node(child, values, &path.key(key));
                    }
                }
            }
            (Node::List(items), Value::Sequence(list)) => {
                for (i, item) in list.iter().enumerate() {
                    self.node(item, items, &path.index(i));
                }
            }
            // Anything else is a value of the wrong type, which the typed rules report.
            _ => {}
        }
    }

    /// A known key's value; a backend's `conf` is read by the backend's `type`.
    fn child(
        &mut self,
        value: &Value,
        node: &Node,
        parent: &serde_yaml::Mapping,
        path: &FieldPath,
    ) {
        match node {
            Node::Conf(by_type) => {
                let kind = parent.get("type").and_then(Value::as_str).unwrap_or("");
                if let Some((_, conf)) = by_type.iter().find(|(t, _)| *t == kind) {
                    self.node(value, conf, path);
                }
            }
            _ => self.node(value, node, path),
        }
    }

    fn unknown(&mut self, key: &str, fields: &[(&'static str, Node)], path: &FieldPath) {
        let known: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
        let near = near::closest(key, known.iter().copied(), 1);
        let location: Location = self.file.locate(self.doc, path);
        let mut finding = Diagnostic::new(
            Code::UnknownField,
            format!(
                "`{path}` is not a field of a {}: {}{}",
                self.kind,
                self.reader.fate(key, &known),
                near.first()
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default()
            ),
        )
        .at(location)
        .label("unknown field");
        finding = match near.first() {
            Some(n) => finding.help(format!("rename `{key}` to `{n}`")),
            None => finding.help(format!(
                "remove `{key}`, or check the field names of {} in Kuma's documentation",
                self.kind
            )),
        };
        self.found.push(finding);
    }
}
