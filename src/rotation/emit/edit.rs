//! The edits a step makes to the current Mesh, and what both emitters (YAML and JSON) must know
//! of them: the server-managed fields to drop and how a mode is written.

use crate::input::manifest::MeshDoc;
use crate::input::mesh::Mode;

/// One change a rotation step makes to the current Mesh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Edit {
    SetEnabled(String),
    /// Appends the target's backend of this name, as written there.
    AddBackend(String),
    RemoveBackend(String),
    /// Replaces the backend with the target's (settings that ride along).
    ReplaceBackend(String),
    /// Replaces the whole `mtls` section with the target's (turning mTLS on or off).
    ReplaceMtls,
    /// Sets `skipValidation` to the target's value.
    SetSkipValidation(bool),
    /// Sets a backend's mode: PERMISSIVE written out; STRICT (the default) written as the target
    /// writes it, or left out.
    SetMode(String, Mode),
}

pub(crate) const K8S_SERVER_FIELDS: [&str; 5] = [
    "resourceVersion",
    "uid",
    "generation",
    "creationTimestamp",
    "managedFields",
];
pub(crate) const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub(crate) const UNIVERSAL_SERVER_FIELDS: [&str; 3] = ["creationTime", "modificationTime", "kri"];

/// How `mode` is written for backend `name`: PERMISSIVE always; STRICT as the target writes it
/// (`None`: left out, STRICT being the default).
pub(crate) fn mode_value(target: &MeshDoc, name: &str, mode: Mode) -> Option<String> {
    match mode {
        Mode::Permissive => Some("PERMISSIVE".to_string()),
        Mode::Strict => target
            .mtls
            .backend(name)
            .and_then(|(_, b)| b.mode)
            .map(|m| m.to_string()),
    }
}
