//! A backend's CA identity: everything that decides which CA signs proxy certificates and which
//! roots proxies trust, per type (README "Planning"). Two backends of one name with different
//! identities are a CA swapped in place, which Kuma does not re-issue certificates or bundles for.
//! DataSources compare by what they hold (decoded bytes), never by how it is written.

use serde_yaml::Value;

use crate::input::encoding::decode_base64;
use crate::input::mesh::{Backend, DataSource};
use crate::input::secret::SecretDoc;

/// The Secrets each side of a change gives beside its Mesh: Kuma re-issues nothing when a Secret
/// changes under the same name, so the same name with other bytes is another CA.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SecretSides<'a> {
    pub mesh: &'a str,
    pub current: &'a [SecretDoc],
    pub proposed: &'a [SecretDoc],
}

impl SecretSides<'_> {
    /// Whether both sides give Secret `name` of this mesh, with different bytes.
    fn changed(&self, name: &str) -> bool {
        let bytes = |secrets: &[SecretDoc]| {
            secrets
                .iter()
                .find(|s| s.name == name && s.mesh.as_deref().unwrap_or("default") == self.mesh)
                .and_then(|s| s.data.as_deref())
                .map(|d| decode_base64(d).unwrap_or_else(|| d.as_bytes().to_vec()))
        };
        matches!((bytes(self.current), bytes(self.proposed)), (Some(a), Some(b)) if a != b)
    }
}

/// Paths into a backend's `conf`.
type Paths = &'static [&'static [&'static str]];

/// The fields of `conf` that are a type's identity: values compared as written, DataSources by
/// what they hold.
fn identity_fields(kind: &str) -> Option<(Paths, Paths)> {
    Some(match kind {
        "provided" => (&[], &[&["cert"], &["key"]]),
        // Kong Mesh's Vault backend: the server (through an agent or not), namespace, PKI mount
        // and role, and the root that verifies the server.
        "vault" => (
            &[
                &["fromCp", "address"],
                &["fromCp", "agentAddress"],
                &["fromCp", "namespace"],
                &["fromCp", "pki"],
                &["fromCp", "role"],
            ],
            &[&["fromCp", "tls", "caCert"]],
        ),
        // ACM PCA and cert-manager: the CA, and the root chain proxies are given to trust.
        "acmpca" => (&[&["arn"]], &[&["caCert"]]),
        "certmanager" => (&[&["issuerRef"]], &[&["caCert"]]),
        _ => return None,
    })
}

/// True when `old` and `new` name the same CA.
pub(crate) fn same_ca(old: &Backend, new: &Backend, sides: &SecretSides<'_>) -> bool {
    if old.kind() != new.kind() {
        return false;
    }
    // Kuma creates a builtin CA once, under the backend's name, and never regenerates it.
    if old.kind() == "builtin" {
        return true;
    }
    let Some((values, sources)) = identity_fields(old.kind()) else {
        return old.same_conf(new);
    };
    values
        .iter()
        .all(|path| old.conf_field(path) == new.conf_field(path))
        && sources
            .iter()
            .all(|path| same_source(old.conf_field(path), new.conf_field(path), sides))
}

/// Two DataSources hold the same material: inline base64 by its decoded bytes (however wrapped),
/// inline text and base64 alike, a Secret by name unless the two sides give it other bytes, a
/// file by path.
fn same_source(a: Option<&Value>, b: Option<&Value>, sides: &SecretSides<'_>) -> bool {
    let (a, b) = match (a, b) {
        (None, None) => return true,
        (Some(a), Some(b)) => (a, b),
        _ => return false,
    };
    let (Ok(x), Ok(y)) = (DataSource::from_value(a), DataSource::from_value(b)) else {
        return a == b;
    };
    match (held(&x), held(&y)) {
        (Held::Bytes(p), Held::Bytes(q)) => p == q,
        (Held::Secret(p), Held::Secret(q)) => p == q && !sides.changed(&p),
        (Held::File(p), Held::File(q)) => p == q,
        _ => false,
    }
}

enum Held {
    Bytes(Vec<u8>),
    Secret(String),
    File(String),
}

fn held(source: &DataSource) -> Held {
    match source {
        DataSource::Inline(text) => Held::Bytes(decode_base64(text).unwrap_or_default()),
        DataSource::InlineString(text) => Held::Bytes(text.as_bytes().to_vec()),
        DataSource::Secret(name) => Held::Secret(name.clone()),
        DataSource::File(path) => Held::File(path.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backend(yaml: &str) -> Backend {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn identity_is_every_field_that_decides_the_ca() {
        let sides = SecretSides::default();
        let vault = |agent: &str| {
            backend(&format!(
                "{{name: v, type: vault, conf: {{fromCp: {{address: https://v:8200, agentAddress: '{agent}', pki: p, role: r}}}}}}"
            ))
        };
        assert!(same_ca(&vault("a"), &vault("a"), &sides));
        assert!(!same_ca(&vault("a"), &vault("b"), &sides));
        let pca = |ca: &str| {
            backend(&format!(
                "{{name: p, type: acmpca, conf: {{arn: x, caCert: {{inlineString: '{ca}'}}}}}}"
            ))
        };
        assert!(!same_ca(&pca("root-1"), &pca("root-2"), &sides));
        // Base64 wrapped differently, or the same text inline: the same CA.
        let provided = |cert: &str| {
            backend(&format!(
                "{{name: c, type: provided, conf: {{cert: {cert}, key: {{secret: k}}}}}}"
            ))
        };
        assert!(same_ca(
            &provided("{inline: \"aGVsbG8g\\nd29ybGQ=\"}"),
            &provided("{inline: aGVsbG8gd29ybGQ=}"),
            &sides
        ));
        assert!(same_ca(
            &provided("{inline: aGVsbG8gd29ybGQ=}"),
            &provided("{inlineString: hello world}"),
            &sides
        ));
    }
}
