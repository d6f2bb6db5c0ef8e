//! Certificate rules: resolve the CA material of every backend (a `provided` backend's cert and
//! key, the `caCert` of acmpca and certmanager, Vault's TLS CA) and check it before it is
//! applied. Each finding names the backend and certificate and points at the DataSource.

mod chain;
pub(crate) mod identity;
mod key;
mod material;

use serde_yaml::Value;

use crate::diag::Diagnostic;
use crate::diag::codes::Code;
use crate::input::manifest::MeshDoc;
use crate::input::mesh::Backend;
use crate::input::secret::Material;

use chain::{ChainFinding, ChainPolicy, Leaf, certificate_ders, check_chain};
use key::{KeyProblem, public_key};
use material::{Resolved, resolve};

pub(crate) use crate::input::mesh::DEFAULT_PROXY_LIFETIME;

/// When the checks run and how long a CA must stay valid.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CaSettings {
    pub now: i64,
    /// `--min-ca-validity`, in seconds.
    pub min_validity: i64,
}

/// Every certificate finding of `mesh`. Backends not in `existing` (the current Mesh, when the
/// change is checked against one) are the new ones compared for `ca-reused`.
pub(crate) fn check(
    mesh: &MeshDoc,
    secrets: &Material,
    settings: CaSettings,
    existing: Option<&MeshDoc>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut leaves: Vec<(usize, &str, Leaf)> = Vec::new();
    for (i, backend) in mesh.mtls.backends().iter().enumerate() {
        let leaf = check_backend(mesh, i, backend, secrets, settings, &mut out);
        // Vault's TLS CA is not a mesh CA: it takes no part in `ca-reused`.
        if let Some(leaf) = leaf.filter(|_| backend.kind() != "vault") {
            leaves.push((i, backend.name(), leaf));
        }
    }
    reuse(mesh, &leaves, existing, secrets, settings, &mut out);
    out
}

/// Checks one backend's CA; returns its first certificate's parts when they could be read.
fn check_backend(
    mesh: &MeshDoc,
    i: usize,
    backend: &Backend,
    secrets: &Material,
    settings: CaSettings,
    out: &mut Vec<Diagnostic>,
) -> Option<Leaf> {
    let conf = backend.conf.as_ref()?;
    // A provided backend without both parts is `missing-ca-source` already; nothing to check.
    if backend.kind() == "provided"
        && (conf.get("cert").is_none_or(Value::is_null)
            || conf.get("key").is_none_or(Value::is_null))
    {
        return None;
    }
    // Vault's `tls.caCert` is the CA of the Vault server rather than of the mesh, but an expired
    // or broken one stops every certificate from being issued, so it is checked the same way.
    let (cert_field, key_field) = match backend.kind() {
        "provided" => ("cert", Some("key")),
        "acmpca" | "certmanager" => ("caCert", None),
        "vault" => ("fromCp.tls.caCert", None),
        _ => return None,
    };
    let name = backend.name();
    let field_path = |field: &str| format!("mtls.backends[{i}].conf.{field}");
    let finding = |code: Code, field: &str, message: String| {
        Diagnostic::new(code, format!("backend `{name}`: {message}"))
            .at(mesh.locate(&field_path(field)))
            .label(format!("conf.{field}"))
    };

    let cert_value = cert_field.split('.').try_fold(conf, |v, k| v.get(k))?;
    let (cert_bytes, origin) = match resolve(cert_value, &mesh.name, secrets) {
        Resolved::Found { bytes, origin } => (bytes, origin),
        Resolved::Missing(why) => {
            out.push(finding(
                Code::SecretUnresolved,
                cert_field,
                format!("{why}; its certificate checks were skipped"),
            ));
            return None;
        }
        Resolved::Broken(why) => {
            out.push(finding(Code::CaUnreadable, cert_field, why));
            return None;
        }
        Resolved::Invalid => return None,
    };
    if holds_private_key(&cert_bytes) {
        // Reported without a byte of the key: only that the block is there.
        out.push(
            finding(
                Code::CaKeyInCert,
                cert_field,
                format!("conf.{cert_field} (from {origin}) holds a private key beside the certificate: Kuma sends this PEM to every proxy as its trusted CA, so the CA's key would reach every pod"),
            )
            .help("keep only CERTIFICATE blocks in the certificate's DataSource; the key belongs in conf.key alone, and a key that was exposed this way should be replaced"),
        );
    }
    let ders = match certificate_ders(&cert_bytes) {
        Ok(ders) => ders,
        Err(why) => {
            out.push(finding(
                Code::CaUnreadable,
                cert_field,
                format!("conf.{cert_field} is {why}"),
            ));
            return None;
        }
    };
    let policy = ChainPolicy {
        now: settings.now,
        min_validity: settings.min_validity,
        proxy_lifetime: proxy_lifetime(backend),
        mesh: &mesh.name,
        kuma_uris: true,
    };
    let (findings, leaf) = check_chain(&ders, &policy);
    out.extend(findings.into_iter().map(|f| {
        let d = finding(f.code, cert_field, format!("{} (from {origin})", f.message));
        placed(d, f)
    }));
    let leaf = leaf?;

    if let Some(key_field) = key_field
        && let Some(key_value) = conf.get(key_field)
    {
        check_key(key_value, &leaf, mesh, secrets, &mut |code, message| {
            out.push(finding(code, key_field, message));
        });
    }
    Some(leaf)
}

fn check_key(
    value: &Value,
    leaf: &Leaf,
    mesh: &MeshDoc,
    secrets: &Material,
    push: &mut dyn FnMut(Code, String),
) {
    judge_key(resolve(value, &mesh.name, secrets), "conf.key", leaf, push);
}

/// The key check on resolved key material named `field`: it must be a PEM private key that
/// matches certificate 0.
pub(crate) fn judge_key(
    resolved: Resolved,
    field: &str,
    leaf: &Leaf,
    push: &mut dyn FnMut(Code, String),
) {
    let (bytes, origin) = match resolved {
        Resolved::Found { bytes, origin } => (bytes, origin),
        Resolved::Missing(why) => {
            return push(
                Code::SecretUnresolved,
                format!("{why}; the key check was skipped"),
            );
        }
        Resolved::Broken(why) => return push(Code::CaUnreadable, why),
        Resolved::Invalid => return,
    };
    match public_key(&bytes) {
        Ok(public) if public == leaf.public_key => {}
        Ok(_) => push(
            Code::CaKeyMismatch,
            format!(
                "the private key (from {origin}) does not match certificate 0 ({})",
                leaf.subject
            ),
        ),
        Err(KeyProblem::NotPem) => push(
            Code::CaUnreadable,
            format!("{field} (from {origin}) holds no PEM private key"),
        ),
        // ring reads no RSA key under 2048 bits; ca-weak-key already refuses that CA.
        Err(KeyProblem::Unreadable(_)) if leaf.weak_rsa => {}
        Err(KeyProblem::Unreadable(why)) => push(
            Code::CaUnreadable,
            format!("the private key (from {origin}) cannot be read: {why}"),
        ),
    }
}

/// A chain finding placed as `d`, with the severity and help the chain check chose.
pub(crate) fn placed(mut d: Diagnostic, f: ChainFinding) -> Diagnostic {
    if let Some(severity) = f.severity {
        d.severity = severity;
    }
    if let Some(help) = f.help {
        d.help = Some(help);
    }
    d
}

/// A PEM private key block among the certificate material.
pub(crate) fn holds_private_key(bytes: &[u8]) -> bool {
    ::pem::parse_many(bytes)
        .is_ok_and(|blocks| blocks.iter().any(|b| b.tag().ends_with("PRIVATE KEY")))
}

fn proxy_lifetime(backend: &Backend) -> i64 {
    backend.proxy_lifetime()
}

/// `ca-reused`: a new backend whose key or subject equals an existing backend's.
fn reuse(
    mesh: &MeshDoc,
    leaves: &[(usize, &str, Leaf)],
    existing: Option<&MeshDoc>,
    secrets: &Material,
    settings: CaSettings,
    out: &mut Vec<Diagnostic>,
) {
    let is_new = |name: &str| existing.is_none_or(|e| e.mtls.backend(name).is_none());
    // The backends to compare against: the current Mesh's, or the earlier ones in this Mesh.
    let mut older: Vec<(String, Leaf)> = Vec::new();
    if let Some(current) = existing {
        let mut ignored = Vec::new();
        for (i, backend) in current.mtls.backends().iter().enumerate() {
            if let Some(leaf) = check_backend(current, i, backend, secrets, settings, &mut ignored)
            {
                older.push((backend.name().to_string(), leaf));
            }
        }
    }
    for (i, name, leaf) in leaves {
        if is_new(name) {
            let same = older.iter().find(|(other, o)| {
                other != name && (o.spki == leaf.spki || o.subject == leaf.subject)
            });
            if let Some((other, o)) = same {
                let what = if o.spki == leaf.spki {
                    "the same key"
                } else {
                    "the same subject"
                };
                out.push(
                    Diagnostic::new(
                        Code::CaReused,
                        format!(
                            "backend `{name}`: its CA has {what} as backend `{other}` ({})",
                            leaf.subject
                        ),
                    )
                    .at(mesh.locate(&format!("mtls.backends[{i}].conf")))
                    .label("CA reused")
                    .help("rotate to a CA with a new key and a distinct subject"),
                );
            }
        }
        if existing.is_none() {
            older.push((name.to_string(), leaf.clone()));
        }
    }
}

/// The PEM of a legacy backend's CA certificate, when it is given: a builtin backend's from its
/// Secret `<mesh>.ca-builtin-cert-<backend>`, a provided one's from `conf.cert`.
pub(crate) fn legacy_ca_pem(
    mesh: &MeshDoc,
    backend: &Backend,
    secrets: &Material,
) -> Option<String> {
    let value = match backend.kind() {
        "builtin" => {
            let mut map = serde_yaml::Mapping::new();
            let name = format!("{}.ca-builtin-cert-{}", mesh.name, backend.name());
            map.insert("secret".into(), name.into());
            Value::Mapping(map)
        }
        "provided" => backend.conf.as_ref()?.get("cert")?.clone(),
        _ => return None,
    };
    match resolve(&value, &mesh.name, secrets) {
        Resolved::Found { bytes, .. } => {
            let text = String::from_utf8(bytes).ok()?;
            (certificate_ders(text.as_bytes()).is_ok() && !holds_private_key(text.as_bytes()))
                .then_some(text)
        }
        _ => None,
    }
}
