//! Static rules: what Kuma's admission (MeshResource.Validate and the manager's validator) would
//! reject, caught before the Mesh is applied.

use std::collections::HashMap;

use serde_yaml::Value;

use super::Product;
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, Severity};
use crate::input::duration::{is_go_duration, parse_kuma};
use crate::input::manifest::{Location, MeshDoc};
use crate::input::mesh::{Backend, DataSource};

/// Kuma's limit on Mesh names.
const MAX_MESH_NAME: usize = 63;
/// Kuma's limit on the builtin CA's Secret name, `<mesh>.ca-builtin-cert-<backend>`.
const MAX_BUILTIN_SECRET_NAME: usize = 255;

pub(crate) fn check(mesh: &MeshDoc, product: Product) -> Vec<Diagnostic> {
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
    if !mesh_name_is_valid(&mesh.name) {
        out.push(
            Diagnostic::new(
                Code::InvalidMeshName,
                format!(
                    "Mesh name `{}` has invalid characters: Kuma requires a lowercase RFC 1123 subdomain (lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit)",
                    mesh.name
                ),
            )
            .at(mesh.locate_name())
            .label("not a lowercase RFC 1123 subdomain"),
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
    let label = if name.is_empty() {
        format!("backends[{i}]")
    } else {
        format!("backend `{name}`")
    };
    if name.is_empty() {
        out.push(
            Diagnostic::new(
                Code::InvalidBackendName,
                format!("backends[{i}] has no name"),
            )
            .at(at(""))
            .label("missing name"),
        );
    }
    check_type(backend, product, &label, &at, out);
    check_durations(backend, &label, &at, out);
    // The type's own checks (Kuma's ValidateBackend): skipped by Kuma's admission with
    // `skipValidation`, so then warnings, except where the backend must issue certificates now.
    let mut own = Vec::new();
    if backend.kind() == "builtin" && !name.is_empty() {
        // A Mesh name Kuma refuses is reported once, at the name, not again in the Secret's.
        let mesh_name = Some(mesh.name.as_str())
            .filter(|m| mesh_name_is_valid(m) && m.chars().count() <= MAX_MESH_NAME)
            .unwrap_or("mesh");
        let kubernetes = mesh.shape == crate::input::mesh::Shape::Kubernetes;
        check_builtin_secret_name(mesh_name, name, kubernetes, &at, &mut own);
    }
    check_conf(backend, &label, &at, &mut own);
    let skipped = mesh.mtls.skip_validation == Some(true) && mesh.mtls.enabled() != Some(name);
    for mut d in own {
        if skipped {
            d.severity = Severity::Warning;
            d.help = Some(format!(
                "Kuma's admission accepts it under `mtls.skipValidation: true`, but this backend cannot issue certificates until it is fixed{}",
                d.help.map(|h| format!("; {h}")).unwrap_or_default()
            ));
        }
        out.push(d);
    }
}

fn check_type(
    backend: &Backend,
    product: Product,
    label: &str,
    at: &dyn Fn(&str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
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
}

/// `<mesh>.ca-builtin-cert-<backend>` names the builtin CA's Secret. Kuma's admission requires a
/// lowercase DNS name as govalidator reads one (`_` allowed, labels up to 63 characters) of at
/// most 255 characters (`pkg/plugins/ca/builtin/manager.go`, `ValidateBackend`, release-2.14).
/// On Kubernetes the Secret must also be a valid object name: the Mesh would be stored and its CA
/// never created, so no proxy would get a certificate.
fn check_builtin_secret_name(
    mesh: &str,
    name: &str,
    kubernetes: bool,
    at: &dyn Fn(&str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    let secret = format!("{mesh}.ca-builtin-cert-{name}");
    let problem = if secret.len() > MAX_BUILTIN_SECRET_NAME {
        Some((
            format!(
                "builtin backend name `{name}` makes the CA Secret name {} characters long; Kuma allows {MAX_BUILTIN_SECRET_NAME}",
                secret.len()
            ),
            "name too long",
        ))
    } else if !is_lowercase_dns_name(&secret) {
        Some((
            format!("builtin backend name `{name}` is not a valid lowercase DNS name"),
            "not a DNS name",
        ))
    } else if kubernetes && !is_dns_subdomain(&secret) {
        Some((
            format!(
                "builtin backend name `{name}` makes the CA Secret `{secret}`, which Kubernetes refuses (a lowercase RFC 1123 subdomain): Kuma accepts the Mesh and never creates its CA, so no proxy gets a certificate"
            ),
            "no Kubernetes Secret can have this name",
        ))
    } else {
        None
    };
    if let Some((message, label)) = problem {
        out.push(
            Diagnostic::new(Code::InvalidBackendName, message)
                .at(at(".name"))
                .label(label)
                .help("use lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit"),
        );
    }
}

/// Kuma's Mesh name rule (`ValidateMeta`, `pkg/core/resources/apis/mesh/meta_validator.go`,
/// release-2.14): a lowercase RFC 1123 subdomain of at most 253 characters (the 63-character
/// limit is `mesh-name-too-long`'s).
fn mesh_name_is_valid(name: &str) -> bool {
    name.len() <= 253 && is_dns_subdomain(name)
}

/// govalidator's `IsDNSName` and `IsLowerCase` together, as Kuma applies them to a builtin CA's
/// Secret name: labels of letters, digits, `_` and `-` (not starting with `-`), at most 63 each,
/// dot separated, an optional trailing `.` or `_`; no uppercase letter.
fn is_lowercase_dns_name(name: &str) -> bool {
    let body = name
        .strip_suffix(['.', '_'])
        .filter(|b| !b.is_empty())
        .unwrap_or(name);
    !name.bytes().any(|b| b.is_ascii_uppercase())
        && body.split('.').all(|label| {
            let mut bytes = label.bytes();
            bytes
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
                && label.len() <= 63
                && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
}

fn check_durations(
    backend: &Backend,
    label: &str,
    at: &dyn Fn(&str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
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
                label,
                "dpCert.rotation.expiration",
                at,
                out,
            ),
        }
        if let Some(value) = &dp_cert.request_timeout {
            check_duration(value, Grammar::Go, label, "dpCert.requestTimeout", at, out);
        }
    }
    if let Some(value) = backend
        .root_chain
        .as_ref()
        .and_then(|r| r.request_timeout.as_ref())
    {
        check_duration(
            value,
            Grammar::Go,
            label,
            "rootChain.requestTimeout",
            at,
            out,
        );
    }
    if backend.kind() == "builtin"
        && let Some(value) = conf_field(backend, &["caCert", "expiration"])
        && value.is_string()
    {
        check_duration(
            value,
            Grammar::Kuma,
            label,
            "conf.caCert.expiration",
            at,
            out,
        );
    }
}

fn conf_field<'a>(backend: &'a Backend, path: &[&str]) -> Option<&'a Value> {
    path.iter()
        .try_fold(backend.conf.as_ref()?, |v, k| v.get(*k))
}

/// The type's `conf`: it must convert to the type's typed config, and its DataSources be valid.
fn check_conf(
    backend: &Backend,
    label: &str,
    at: &dyn Fn(&str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    let get = |path: &[&str]| conf_field(backend, path);
    if let Some(problem) = conf_conversion_problem(backend) {
        out.push(
            Diagnostic::new(
                Code::InvalidBackendConf,
                format!("{label}: conf does not convert to the {} configuration: {problem}", backend.kind()),
            )
            .at(at(".conf"))
            .label("not convertible")
            .help("Kuma rejects it with \"could not convert backend config\"; see `meshctl explain invalid-backend-conf`"),
        );
    }
    match backend.kind() {
        "provided" => {
            for part in ["cert", "key"] {
                match get(&[part]).filter(|v| !v.is_null()) {
                    None => out.push(
                        Diagnostic::new(
                            Code::MissingCaSource,
                            format!("provided {label} has no conf.{part}"),
                        )
                        .at(at(if backend.conf.is_some() { ".conf" } else { "" }))
                        .label(format!("conf.{part} missing"))
                        .help(format!(
                            "set conf.{part} to a DataSource, e.g. `{part}: {{secret: <name>}}`"
                        )),
                    ),
                    Some(value) => {
                        check_data_source(value, label, &format!("conf.{part}"), at, out)
                    }
                }
            }
        }
        "vault" => {
            if let Some(value) = get(&["fromCp", "tls", "caCert"]) {
                check_data_source(value, label, "conf.fromCp.tls.caCert", at, out);
            }
        }
        "acmpca" | "certmanager" => {
            if let Some(value) = get(&["caCert"]) {
                check_data_source(value, label, "conf.caCert", at, out);
            }
        }
        _ => {}
    }
}

/// Why `conf` would not convert to the typed config of Kuma's builtin plugin (jsonpb, unknown
/// fields allowed): `caCert` an object, `RSAbits` an unsigned 32-bit integer (a number or a
/// string of digits), `expiration` a string. Other types' configs are checked field by field.
fn conf_conversion_problem(backend: &Backend) -> Option<String> {
    let conf = backend.conf.as_ref().filter(|c| !c.is_null())?;
    if !conf.is_mapping() {
        return Some("it is not an object".to_string());
    }
    if backend.kind() != "builtin" {
        return None;
    }
    let ca_cert = conf.get("caCert").filter(|c| !c.is_null())?;
    if !ca_cert.is_mapping() {
        return Some("caCert is not an object".to_string());
    }
    if let Some(bits) = ca_cert.get("RSAbits").filter(|b| !b.is_null())
        && !is_uint32(bits)
    {
        return Some(format!(
            "caCert.RSAbits {} is not an unsigned 32-bit integer",
            shown(bits)
        ));
    }
    match ca_cert.get("expiration") {
        Some(v) if !v.is_null() && !v.is_string() => {
            Some(format!("caCert.expiration {} is not a string", shown(v)))
        }
        _ => None,
    }
}

fn is_uint32(value: &Value) -> bool {
    match value {
        Value::Number(n) => n
            .as_u64()
            .map(|u| u <= u64::from(u32::MAX))
            .or_else(|| {
                n.as_f64()
                    .map(|f| f >= 0.0 && f.fract() == 0.0 && f <= f64::from(u32::MAX))
            })
            .unwrap_or(false),
        Value::String(s) => s.parse::<u32>().is_ok(),
        _ => false,
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("`{b}`"),
        _ => "a value".to_string(),
    }
}

fn check_data_source(
    value: &Value,
    label: &str,
    field: &str,
    at: &dyn Fn(&str) -> Location,
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
    /// google.protobuf.Duration as Kuma decodes it (jsonpb with Go's `time.ParseDuration`).
    Go,
}

fn check_duration(
    value: &Value,
    grammar: Grammar,
    label: &str,
    field: &str,
    at: &dyn Fn(&str) -> Location,
    out: &mut Vec<Diagnostic>,
) {
    let text = match value {
        Value::String(s) => Some(s.as_str()),
        _ => None,
    };
    let valid = text.is_some_and(|t| match grammar {
        Grammar::Kuma => parse_kuma(t).is_some(),
        Grammar::Go => is_go_duration(t),
    });
    if valid {
        return;
    }
    let shown = shown(value);
    let (what, help) = match grammar {
        Grammar::Kuma => (
            "a Kuma duration",
            "use one integer and one unit of y, w, d, h, m, s, ms as a string (e.g. `24h`; not `1h30m`)",
        ),
        Grammar::Go => (
            "a duration Kuma can decode",
            "write a Go duration as a string: a number and a unit of h, m, s, ms, us or ns, repeated (`10s`, `1m30s`, `500ms`)",
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

/// A lowercase RFC 1123 subdomain as Kubernetes checks Secret names: the label pattern, without
/// the per-label length (a long Mesh name is `mesh-name-too-long`'s to report).
fn is_dns_subdomain(name: &str) -> bool {
    name.split('.').all(|label| {
        !label.is_empty()
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
    fn dns_names_as_kuma_and_kubernetes_read_them() {
        for good in [
            "m.ca-builtin-cert-ca-1",
            "m.ca-builtin-cert-ca_1",
            "m.ca-builtin-cert-ca-",
        ] {
            assert!(is_lowercase_dns_name(good), "{good}");
        }
        for bad in ["m.ca-builtin-cert-CA", "m.-ca", "", "a..b"] {
            assert!(!is_lowercase_dns_name(bad), "{bad}");
        }
        assert!(!is_dns_subdomain("m.ca-builtin-cert-ca_1"));
        for name in ["default", "aa.a", "payments-1"] {
            assert!(mesh_name_is_valid(name), "{name}");
        }
        for name in ["Default", "my_mesh", "mesh-", "-mesh", ""] {
            assert!(!mesh_name_is_valid(name), "{name}");
        }
    }
}
