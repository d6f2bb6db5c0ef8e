//! Secrets found beside a Mesh (Kubernetes `kind: Secret`, Universal `type: Secret`), set aside
//! for the certificate checks, and the base64 they carry.

use base64::Engine as _;
use serde_yaml::Value;

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

/// Decodes standard base64, ignoring line breaks and spaces as Kubernetes and kumactl allow.
/// Decodes base64 as Go does (Kuma and Kubernetes decode it): line breaks are skipped, any other
/// blank (a space from a folded YAML line, a tab) makes it invalid.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .ok()
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
