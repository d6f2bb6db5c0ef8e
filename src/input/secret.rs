//! Secrets found beside a Mesh (Kubernetes `kind: Secret`, Universal `type: Secret`), set aside
//! for the certificate checks, and the base64 they carry.

use serde_yaml::Value;

pub(crate) use crate::input::encoding::decode_base64;
use crate::input::mesh::Shape;

/// A Secret document: its name, mesh and base64 payload, never printed.
#[derive(Clone)]
pub struct SecretDoc {
    pub name: String,
    /// Kubernetes: the `kuma.io/mesh` label; Universal: `mesh`.
    pub mesh: Option<String>,
    /// Base64 as written (`data.value` on Kubernetes, `data` on Universal).
    pub data: Option<String>,
    pub shape: Shape,
    pub file: String,
}

// Hand-written so that a stray `{:?}` can never print key material.
impl std::fmt::Debug for SecretDoc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretDoc")
            .field("name", &self.name)
            .field("mesh", &self.mesh)
            .field("data", &self.data.as_ref().map(|_| "<redacted>"))
            .field("shape", &self.shape)
            .field("file", &self.file)
            .finish()
    }
}

impl SecretDoc {
    pub(crate) fn from_value(value: &Value, shape: Shape, file: &str) -> Self {
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let (name, mesh, data) = match shape {
            Shape::Kubernetes => (
                text(value.get("metadata").and_then(|m| m.get("name"))),
                text(
                    value
                        .get("metadata")
                        .and_then(|m| m.get("labels"))
                        .and_then(|l| l.get("kuma.io/mesh")),
                ),
                text(value.get("data").and_then(|d| d.get("value"))),
            ),
            Shape::Universal => (
                text(value.get("name")),
                text(value.get("mesh")),
                text(value.get("data")),
            ),
        };
        Self {
            name: name.unwrap_or_default(),
            mesh,
            data,
            shape,
            file: file.to_string(),
        }
    }
}

/// Why a regular file could not be read (see [`read_regular_file`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// No such file here (it may exist on another machine, such as the control plane's).
    Absent(String),
    /// It exists but is no regular file, is too large, or reading it failed.
    Unusable(String),
}

/// The CA material checks may need: Secrets given beside the Mesh or with `--secrets`, and the
/// local files that `file` DataSources name, read by the sources before any check runs.
#[derive(Clone, Default)]
pub struct Material {
    pub secrets: Vec<SecretDoc>,
    pub files: std::collections::BTreeMap<String, Result<Vec<u8>, FileProblem>>,
}

// Hand-written so that a stray `{:?}` can never print key material.
impl std::fmt::Debug for Material {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Material")
            .field("secrets", &self.secrets)
            .field("files", &self.files.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Material {
    /// The paths every `file` DataSource of `values` names: `file: PATH` in `Mesh.mtls`, and
    /// `file: {path: PATH}` in a MeshIdentity's SecureDataSources.
    pub fn file_paths<'v>(values: impl IntoIterator<Item = &'v Value>) -> Vec<String> {
        fn walk(value: &Value, out: &mut Vec<String>) {
            match value {
                Value::Mapping(map) => {
                    for (key, v) in map {
                        match (key.as_str(), v) {
                            (Some("file"), Value::String(path)) => out.push(path.clone()),
                            (Some("file"), Value::Mapping(m)) => {
                                if let Some(Value::String(path)) = m.get("path") {
                                    out.push(path.clone());
                                }
                            }
                            _ => walk(v, out),
                        }
                    }
                }
                Value::Sequence(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for value in values {
            walk(value, &mut out);
        }
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_secret_shapes_without_printing_data() {
        let k8s: Value = serde_yaml::from_str(
            "kind: Secret\nmetadata: {name: ca-key, labels: {kuma.io/mesh: default}}\ndata: {value: aGk=}",
        )
        .unwrap();
        let s = SecretDoc::from_value(&k8s, Shape::Kubernetes, "f.yaml");
        assert_eq!(
            (s.name.as_str(), s.mesh.as_deref()),
            ("ca-key", Some("default"))
        );
        assert_eq!(decode_base64(s.data.as_deref().unwrap()).unwrap(), b"hi");
        assert!(!format!("{s:?}").contains("aGk="));

        let uni: Value =
            serde_yaml::from_str("type: Secret\nname: k\nmesh: m\ndata: aGk=").unwrap();
        let s = SecretDoc::from_value(&uni, Shape::Universal, "f.yaml");
        assert_eq!((s.name.as_str(), s.mesh.as_deref()), ("k", Some("m")));
        assert_eq!(decode_base64("aG\nk=").unwrap(), b"hi");
        assert!(decode_base64("!!").is_none());
    }
}
