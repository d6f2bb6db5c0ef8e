//! The Secrets a step's manifest names: they must exist before it is applied (Kuma refuses a
//! Mesh whose backend's DataSource names a Secret it cannot read, and a MeshIdentity whose CA
//! Secret is missing never becomes Ready). Legacy DataSources (`{secret: NAME}`) anywhere in a
//! Mesh backend's `conf` (provided `cert`/`key`, Vault's `caCert`, token and client certificate,
//! ACM PCA's `caCert` and AWS credentials, cert-manager's `caCert`), and a MeshIdentity's
//! `secretRef` (its bundled CA's certificate and private key).

use serde::Deserialize;
use serde_yaml::Value;

/// Every Secret the documents of `text` name, in order of appearance, each once.
pub(crate) fn named(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    // JSON first: YAML cannot read everything JSON writers write (a surrogate pair), and
    // serde_yaml's document iterator repeats a document it cannot read: stop at the first.
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        object(&value, &mut names);
        return names;
    }
    for document in serde_yaml::Deserializer::from_str(text) {
        let Ok(value) = Value::deserialize(document) else {
            break;
        };
        object(&value, &mut names);
    }
    names
}

fn object(value: &Value, names: &mut Vec<String>) {
    if let Some(items) = value.get("items").and_then(Value::as_sequence) {
        for item in items {
            object(item, names);
        }
        return;
    }
    let kind = value
        .get("kind")
        .or_else(|| value.get("type"))
        .and_then(Value::as_str);
    let spec = value.get("spec").unwrap_or(value);
    match kind {
        Some("Mesh") => {
            let backends = spec
                .get("mtls")
                .and_then(|m| m.get("backends"))
                .and_then(Value::as_sequence);
            for backend in backends.into_iter().flatten() {
                if let Some(conf) = backend.get("conf") {
                    legacy_sources(conf, names);
                }
            }
        }
        Some("MeshIdentity") => {
            let ca = spec
                .get("provider")
                .and_then(|p| p.get("bundled"))
                .and_then(|b| b.get("ca"));
            for key in ["certificate", "privateKey"] {
                let name = ca
                    .and_then(|c| c.get(key))
                    .and_then(|s| s.get("secretRef"))
                    .and_then(|r| r.get("name"))
                    .and_then(Value::as_str);
                push(name, names);
            }
        }
        _ => {}
    }
}

/// Every `{secret: NAME}` inside a backend's `conf`.
fn legacy_sources(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    (Some("secret"), Value::String(name)) => push(Some(name), names),
                    _ => legacy_sources(child, names),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| legacy_sources(i, names)),
        _ => {}
    }
}

fn push(name: Option<&str>, names: &mut Vec<String>) {
    if let Some(name) = name.filter(|n| !n.is_empty())
        && !names.iter().any(|n| n == name)
    {
        names.push(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_of_every_backend_type_and_of_an_identity() {
        let text = r#"
type: Mesh
name: default
mtls:
  backends:
  - name: p
    type: provided
    conf: {cert: {secret: p-cert}, key: {secret: p-key}}
  - name: v
    type: vault
    conf: {fromCp: {tls: {caCert: {secret: v-ca}}, auth: {token: {secret: v-token}}}}
  - name: b
    type: builtin
---
apiVersion: kuma.io/v1alpha1
kind: MeshIdentity
spec:
  provider:
    bundled:
      ca:
        certificate: {type: Secret, secretRef: {kind: Secret, name: id-cert}}
        privateKey: {type: Secret, secretRef: {kind: Secret, name: id-key}}
---
kind: List
items:
- {kind: Mesh, spec: {mtls: {backends: [{conf: {caCert: {secret: p-cert}}}]}}}
"#;
        assert_eq!(
            named(text),
            ["p-cert", "p-key", "v-ca", "v-token", "id-cert", "id-key"]
        );
        assert!(named("type: Mesh\nname: m\n").is_empty());
        // JSON as Python writes it (an emoji as a surrogate pair), and text no parser reads.
        let json = r#"{"type": "Mesh", "name": "m\ud83d\ude00", "mtls": {"backends": [{"conf": {"key": {"secret": "k"}}}]}}"#;
        assert_eq!(named(json), ["k"]);
        assert!(named("a: [\n").is_empty());
    }
}
