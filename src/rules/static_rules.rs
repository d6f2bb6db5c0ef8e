//! Static rules: what Kuma's admission (MeshResource.Validate and the manager's validator) would
//! reject, caught before the Mesh is applied.

use std::collections::HashMap;

use serde_yaml::Value;

use super::Product;
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::duration::{is_proto_duration, parse_kuma};
use crate::manifest::MeshDoc;
use crate::mesh::{Backend, DataSource};

/// Kuma's limit on Mesh names.
const MAX_MESH_NAME: usize = 63;
/// Kuma's limit on the builtin CA's Secret name, `<mesh>.ca-builtin-cert-<backend>`.
const MAX_BUILTIN_SECRET_NAME: usize = 255;

pub fn check(mesh: &MeshDoc, product: Product) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if mesh.name.chars().count() > MAX_MESH_NAME {
        out.push(
            Diagnostic::new(
                Code::MeshNameTooLong,
                format!(
                    "Mesh name `{}` is {} characters long; Kuma allows at most {MAX_MESH_NAME}",
                    mesh.name,
                    mesh.name.chars().count()
                ),
            )
            .at(mesh.locate_name())
            .label("name too long"),
        );
    }
    let mtls = &mesh.mtls;
    let mut first_index: HashMap<&str, usize> = HashMap::new();
    for (i, backend) in mtls.backends().iter().enumerate() {
        check_backend(mesh, i, backend, product, &mut out);
        let Some(name) = backend.name.as_deref().filter(|n| !n.is_empty()) else {
            continue;
        };
        match first_index.get(name) {
            Some(first) => out.push(
                Diagnostic::new(
                    Code::DuplicateBackendName,
                    format!("backend name `{name}` is already used by backends[{first}]"),
                )
                .at(mesh.locate(&format!("mtls.backends[{i}].name")))
                .label("duplicate name")
                .help("give every backend a unique name"),
            ),
            None => {
                first_index.insert(name, i);
            }
        }
    }
    if product == Product::Kuma && mtls.backends().len() > 1 {
        out.push(
            Diagnostic::new(
                Code::TooManyBackends,
                format!(
                    "Mesh `{}` has {} backends; Kuma allows only one",
                    mesh.name,
                    mtls.backends().len()
                ),
            )
            .at(mesh.locate("mtls.backends[1]"))
            .label("second backend")
            .help("the three-step rotation needs Kong Mesh (--product kong-mesh)"),
        );
    }
    if let Some(enabled) = mtls.enabled()
        && mtls.backend(enabled).is_none()
    {
        let names: Vec<_> = mtls.backend_names().collect();
        let help = if names.is_empty() {
            "add the backend to `mtls.backends` first".to_string()
        } else {
            format!("the backends of this Mesh are: {}", names.join(", "))
        };
        out.push(
            Diagnostic::new(
                Code::UnknownEnabledBackend,
                format!("enabledBackend `{enabled}` is not one of the Mesh's backends"),
            )
            .at(mesh.locate("mtls.enabledBackend"))
            .label("no backend has this name")
            .help(help),
        );
    }
    if mesh.routing.zone_egress == Some(true) && mtls.enabled().is_none() {
        out.push(
            Diagnostic::new(
                Code::ZoneEgressRequiresMtls,
                "routing.zoneEgress is enabled but mTLS is off (no enabledBackend)",
            )
            .at(mesh.locate("routing.zoneEgress"))
            .label("needs mTLS")
            .help("keep mtls.enabledBackend set while zone egress is on"),
        );
    }
    out
}

fn check_backend(
    mesh: &MeshDoc,
    i: usize,
    backend: &Backend,
    product: Product,
    out: &mut Vec<Diagnostic>,
) {
    let at = |rest: &str| mesh.locate(&format!("mtls.backends[{i}]{rest}"));
    let name = backend.name();
    if name.is_empty() {
        out.push(
            Diagnostic::new(
                Code::InvalidBackendName,
                format!("backends[{i}] has no name"),
            )
            .at(at(""))
            .label("missing name"),
        );
    } else if backend.kind() == "builtin" {
        let secret = format!("{}.ca-builtin-cert-{name}", mesh.name);
        if !is_dns_name(name) {
            out.push(
                Diagnostic::new(
                    Code::InvalidBackendName,
                    format!("builtin backend name `{name}` is not a valid lowercase DNS name"),
                )
                .at(at(".name"))
                .label("not a DNS name")
                .help("use lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit"),
            );
        } else if secret.len() > MAX_BUILTIN_SECRET_NAME {
            out.push(
                Diagnostic::new(
                    Code::InvalidBackendName,
                    format!("builtin backend name `{name}` makes the CA Secret name {} characters long; Kuma allows {MAX_BUILTIN_SECRET_NAME}", secret.len()),
                )
                .at(at(".name"))
                .label("name too long"),
            );
        }
    }

    let label = if name.is_empty() {
        format!("backends[{i}]")
    } else {
        format!("backend `{name}`")
    };
    match backend.kind.as_deref() {
        None | Some("") => out.push(
            Diagnostic::new(Code::UnknownBackendType, format!("{label} has no type"))
                .at(at(""))
                .label("missing type")
                .help(format!(
                    "set `type` to one of: {}",
                    product.backend_types().join(", ")
                )),
        ),
        Some(kind) if !product.backend_types().contains(&kind) => {
            let help = if Product::KongMesh.backend_types().contains(&kind) {
                format!(
                    "`{kind}` is a Kong Mesh backend; open-source Kuma has only builtin and provided"
                )
            } else {
                format!("known types: {}", product.backend_types().join(", "))
            };
            out.push(
                Diagnostic::new(
                    Code::UnknownBackendType,
                    format!("{label} has unknown type `{kind}`"),
                )
                .at(at(".type"))
                .label("no CA plugin for this type")
                .help(help),
            );
        }
        Some(_) => {}
    }

    if let Some(dp_cert) = &backend.dp_cert {
        match dp_cert
            .rotation
            .as_ref()
            .and_then(|r| r.expiration.as_ref())
            .filter(|v| !v.is_null())
        {
            None => out.push(
                Diagnostic::new(
                    Code::InvalidDuration,
                    format!("{label} has dpCert without rotation.expiration, which Kuma rejects"),
                )
                .at(at(".dpCert"))
                .label("rotation.expiration missing")
                .help(
                    "add `rotation: {expiration: 24h}` (Kuma's default lifetime) or remove dpCert",
                ),
            ),
            Some(value) => check_duration(
                value,
                Grammar::Kuma,
                &label,
                "dpCert.rotation.expiration",
                &at,
                out,
            ),
        }
        if let Some(value) = &dp_cert.request_timeout {
            check_duration(
                value,
                Grammar::Proto,
                &label,
                "dpCert.requestTimeout",
                &at,
                out,
            );
        }
    }
    if let Some(value) = backend
        .root_chain
        .as_ref()
        .and_then(|r| r.request_timeout.as_ref())
    {
        check_duration(
            value,
            Grammar::Proto,
            &label,
            "rootChain.requestTimeout",
            &at,
            out,
        );
    }

    let conf = backend.conf.as_ref();
    let get = |path: &[&str]| path.iter().try_fold(conf?, |v, k| v.get(*k));
    match backend.kind() {
        "builtin" => {
            if let Some(value) = get(&["caCert", "expiration"]) {
                check_duration(
                    value,
                    Grammar::Kuma,
                    &label,
                    "conf.caCert.expiration",
                    &at,
                    out,
                );
            }
        }
        "provided" => {
            for part in ["cert", "key"] {
                match get(&[part]).filter(|v| !v.is_null()) {
                    None => out.push(
                        Diagnostic::new(
                            Code::MissingCaSource,
                            format!("provided {label} has no conf.{part}"),
                        )
                        .at(at(if conf.is_some() { ".conf" } else { "" }))
                        .label(format!("conf.{part} missing"))
                        .help(format!(
                            "set conf.{part} to a DataSource, e.g. `{part}: {{secret: <name>}}`"
                        )),
                    ),
                    Some(value) => {
                        check_data_source(value, &label, &format!("conf.{part}"), &at, out)
                    }
                }
            }
        }
        "vault" => {
            if let Some(value) = get(&["fromCp", "tls", "caCert"]) {
                check_data_source(value, &label, "conf.fromCp.tls.caCert", &at, out);
            }
        }
        "acmpca" | "certmanager" => {
            if let Some(value) = get(&["caCert"]) {
                check_data_source(value, &label, "conf.caCert", &at, out);
            }
        }
        _ => {}
    }
}

fn check_data_source(
    value: &Value,
    label: &str,
    field: &str,
    at: &dyn Fn(&str) -> crate::manifest::Location,
    out: &mut Vec<Diagnostic>,
) {
    if let Err(problem) = DataSource::from_value(value) {
        out.push(
            Diagnostic::new(
                Code::InvalidDataSource,
                format!("{label}: {field}: {problem}"),
            )
            .at(at(&format!(".{field}")))
            .label("invalid data source"),
        );
    }
}

#[derive(Clone, Copy)]
enum Grammar {
    /// Kuma's `ParseDuration`: one integer and one unit.
    Kuma,
    /// google.protobuf.Duration in JSON: seconds with an `s`.
    Proto,
}

fn check_duration(
    value: &Value,
    grammar: Grammar,
    label: &str,
    field: &str,
    at: &dyn Fn(&str) -> crate::manifest::Location,
    out: &mut Vec<Diagnostic>,
) {
    let text = match value {
        Value::String(s) => Some(s.as_str()),
        _ => None,
    };
    let valid = text.is_some_and(|t| match grammar {
        Grammar::Kuma => parse_kuma(t).is_some(),
        Grammar::Proto => is_proto_duration(t),
    });
    if valid {
        return;
    }
    let shown = match value {
        Value::String(s) => format!("`{s}`"),
        Value::Number(n) => format!("the number {n}"),
        _ => "a value".to_string(),
    };
    let (what, help) = match grammar {
        Grammar::Kuma => (
            "a Kuma duration",
            "use one integer and one unit of y, w, d, h, m, s, ms as a string (e.g. `24h`; not `1h30m`)",
        ),
        Grammar::Proto => (
            "a protobuf duration",
            "write seconds with an `s` suffix as a string, e.g. `10s` or `0.5s`",
        ),
    };
    out.push(
        Diagnostic::new(
            Code::InvalidDuration,
            format!("{label}: {field} {shown} is not {what}"),
        )
        .at(at(&format!(".{field}")))
        .label("invalid duration")
        .help(help),
    );
}

/// A lowercase DNS name (RFC 1123 labels of at most 63 characters, dot separated).
fn is_dns_name(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names() {
        assert!(is_dns_name("ca-1"));
        assert!(is_dns_name("ca.v2"));
        for bad in ["CA-1", "ca_1", "-ca", "ca-", "", "a..b"] {
            assert!(!is_dns_name(bad), "{bad}");
        }
    }
}
