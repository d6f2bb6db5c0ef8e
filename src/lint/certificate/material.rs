//! Resolving a DataSource to the bytes it names: a Secret given beside the Mesh or with
//! `--secrets`, a file on this machine (read beforehand by the sources), or inline material.

use serde_yaml::Value;

use crate::input::identity::SecureDataSource;
use crate::input::mesh::DataSource;
use crate::input::secret::{FileProblem, Material, decode_base64};

/// What a DataSource resolved to.
pub(crate) enum Resolved {
    /// The material, and where it came from in words (`Secret ca-2-cert`).
    Found { bytes: Vec<u8>, origin: String },
    /// Not given here: the checks are skipped (`secret-unresolved`).
    Missing(String),
    /// Given, but not decodable (`ca-unreadable`).
    Broken(String),
    /// The DataSource itself is invalid; `invalid-data-source` already says so.
    Invalid,
}

/// Resolves the DataSource `value` of mesh `mesh`.
pub(crate) fn resolve(value: &Value, mesh: &str, secrets: &Material) -> Resolved {
    let Ok(source) = DataSource::from_value(value) else {
        return Resolved::Invalid;
    };
    match source {
        DataSource::Secret(name) => {
            // A Kubernetes Secret without the kuma.io/mesh label belongs to the default mesh.
            let found = secrets
                .secrets
                .iter()
                .find(|s| s.name == name && s.mesh.as_deref().unwrap_or("default") == mesh);
            match found {
                None => Resolved::Missing(format!(
                    "Secret `{name}` of mesh `{mesh}` was not given (pass it with --secrets FILE or in the same input)"
                )),
                Some(secret) => match secret.data.as_deref().map(decode_base64) {
                    Some(Some(bytes)) => Resolved::Found {
                        bytes,
                        origin: format!("Secret `{name}` in {}", secret.file),
                    },
                    Some(None) => Resolved::Broken(format!(
                        "Secret `{name}` in {}: its data is not valid base64",
                        secret.file
                    )),
                    None => {
                        Resolved::Broken(format!("Secret `{name}` in {} has no data", secret.file))
                    }
                },
            }
        }
        DataSource::File(path) => match secrets.files.get(&path) {
            Some(Ok(bytes)) => Resolved::Found {
                bytes: bytes.clone(),
                origin: format!("file `{path}`"),
            },
            Some(Err(FileProblem::Absent(reason))) => Resolved::Missing(format!(
                "file `{path}` is on the control plane, not on this machine ({reason})"
            )),
            Some(Err(FileProblem::Unusable(reason))) => {
                Resolved::Broken(format!("file `{path}` {reason}"))
            }
            None => Resolved::Missing(format!(
                "file `{path}` was not read (it is on the control plane, not given here)"
            )),
        },
        DataSource::Inline(text) => match decode_base64(&text) {
            Some(bytes) => Resolved::Found {
                bytes,
                origin: "inline".to_string(),
            },
            None => Resolved::Invalid,
        },
        DataSource::InlineString(text) => Resolved::Found {
            bytes: text.into_bytes(),
            origin: "inlineString".to_string(),
        },
    }
}

/// Resolves a MeshIdentity's SecureDataSource (`File`, `Secret`, `EnvVar`, `InsecureInline`):
/// unlike `Mesh.mtls` DataSources, an inline value is the material itself, not base64.
pub(crate) fn resolve_secure(
    source: &SecureDataSource,
    mesh: &str,
    secrets: &Material,
) -> Resolved {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match source.kind.as_deref() {
        Some("InsecureInline") => match source.insecure_inline.as_ref().map(|i| text(&i.value)) {
            Some(value) if !value.is_empty() => Resolved::Found {
                bytes: value.into_bytes(),
                origin: "insecureInline".to_string(),
            },
            _ => Resolved::Invalid,
        },
        Some("Secret") => match source.secret_ref.as_ref().map(|s| text(&s.name)) {
            Some(name) if !name.is_empty() => resolve(&secret_value(&name), mesh, secrets),
            _ => Resolved::Invalid,
        },
        Some("File") => match source.file.as_ref().map(|f| text(&f.path)) {
            Some(path) if path.starts_with('/') && !path.contains("..") => {
                resolve(&file_value(&path), mesh, secrets)
            }
            _ => Resolved::Invalid,
        },
        Some("EnvVar") => match source.env_var.as_ref().map(|e| text(&e.name)) {
            Some(name) if !name.is_empty() => Resolved::Missing(format!(
                "environment variable `{name}` is read by the control plane, not given here"
            )),
            _ => Resolved::Invalid,
        },
        _ => Resolved::Invalid,
    }
}

/// `{secret: NAME}`, the `Mesh.mtls` DataSource that names the same Secret.
fn secret_value(name: &str) -> Value {
    let mut map = serde_yaml::Mapping::new();
    map.insert("secret".into(), name.into());
    Value::Mapping(map)
}

fn file_value(path: &str) -> Value {
    let mut map = serde_yaml::Mapping::new();
    map.insert("file".into(), path.into());
    Value::Mapping(map)
}
