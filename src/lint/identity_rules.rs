//! Static rules for MeshIdentity, MeshTrust, MeshTLS (and, through `permission_rules`,
//! MeshTrafficPermission): what Kuma's validators for them (`meshidentity/api/v1alpha1/validator.go`,
//! `meshtrust/…/validator.go`, `meshtls/…`) reject at apply, each violation with Kuma's field path
//! and words.

use crate::diag::Diagnostic;
use crate::diag::codes::Code;
use crate::input::duration::is_go_duration;
use crate::input::identity::{
    Bundled, IdentitySpec, PolicyDoc, Provider, SecureDataSource, Spec, TlsSpec, TrustSpec,
};
use crate::lint::go_template;

/// Kuma's limit on a MeshTrust's trust domain.
const MAX_TRUST_DOMAIN: usize = 253;

/// One violation: the field (from the object's root, as Kuma names it) and Kuma's message.
struct Violation {
    field: String,
    message: String,
}

fn at(field: impl Into<String>, message: impl Into<String>) -> Violation {
    Violation {
        field: field.into(),
        message: message.into(),
    }
}

pub(crate) fn check(policies: &[PolicyDoc]) -> Vec<Diagnostic> {
    policies.iter().flat_map(check_one).collect()
}

/// Whether Kuma's admission accepts `policy` (its other checks only run on what is admitted).
pub(crate) fn admitted(policy: &PolicyDoc) -> bool {
    violations(policy).1.is_empty()
}

fn violations(policy: &PolicyDoc) -> (Code, Vec<Violation>) {
    match &policy.spec {
        Spec::Identity(spec) => (Code::InvalidMeshIdentity, identity(spec)),
        Spec::Trust(spec) => (Code::InvalidMeshTrust, trust(spec)),
        Spec::Tls(spec) => (Code::InvalidMeshTls, tls(spec)),
        Spec::Permission(spec) => (
            Code::InvalidMeshTrafficPermission,
            super::permission_rules::permission(spec)
                .into_iter()
                .map(|(field, message)| at(field, message))
                .collect(),
        ),
        Spec::LegacyPermission(_) => (Code::InvalidMeshTrafficPermission, Vec::new()),
    }
}

fn check_one(policy: &PolicyDoc) -> Vec<Diagnostic> {
    let (code, violations) = violations(policy);
    violations
        .into_iter()
        .map(|v| {
            Diagnostic::new(
                code,
                format!("{}: {}: {}", policy.title(), v.field, v.message),
            )
            .at(policy.locate(&v.field))
            .label(v.message)
            .help(format!(
                "Kuma's admission rejects this {}",
                policy.kind.as_str()
            ))
        })
        .collect()
}

fn identity(spec: &IdentitySpec) -> Vec<Violation> {
    let mut out = Vec::new();
    if let Some(spiffe) = &spec.spiffe_id {
        for (field, template) in [
            ("trustDomain", &spiffe.trust_domain),
            ("path", &spiffe.path),
        ] {
            if let Some(Err(e)) = template
                .as_deref()
                .filter(|t| !t.is_empty())
                .map(go_template::parse)
            {
                out.push(at(
                    format!("spec.spiffeID.{field}"),
                    format!("couldn't parse template: {e}"),
                ));
            }
        }
    }
    if let Some(provider) = &spec.provider {
        provider_rules(provider, &mut out);
    }
    out
}

fn provider_rules(provider: &Provider, out: &mut Vec<Violation>) {
    let base = "spec.provider";
    match provider.kind.as_deref().unwrap_or("") {
        "Bundled" => match &provider.bundled {
            Some(bundled) => bundled_rules(bundled, out),
            None => out.push(at(
                format!("{base}.bundled"),
                "configuration needs to be defined",
            )),
        },
        "Spire" => match &provider.spire {
            Some(spire) if !spire.is_null() => {
                if let Some(timeout) = spire.get("agent").and_then(|a| a.get("timeout")) {
                    duration_rule(&format!("{base}.spire.agent.timeout"), timeout, out);
                }
            }
            _ => out.push(at(
                format!("{base}.spire"),
                "configuration needs to be defined",
            )),
        },
        "Extension" => match &provider.extension {
            Some(extension) => {
                if extension.name.as_deref().unwrap_or("").is_empty() {
                    out.push(at(
                        format!("{base}.extension.name"),
                        "extension name needs to be defined",
                    ));
                }
            }
            None => out.push(at(
                format!("{base}.extension"),
                "configuration needs to be defined",
            )),
        },
        other => out.push(at(
            format!("{base}.type"),
            format!("{other:?} must be one of [\"Bundled\", \"Spire\", \"Extension\"]"),
        )),
    }
}

fn bundled_rules(bundled: &Bundled, out: &mut Vec<Violation>) {
    let base = "spec.provider.bundled";
    if let Some(mode) = &bundled.mesh_trust_creation
        && mode != "Enabled"
        && mode != "Disabled"
    {
        out.push(at(
            format!("{base}.meshTrustCreation"),
            format!("{mode:?} must be one of [\"Enabled\", \"Disabled\"]"),
        ));
    }
    if bundled.autogenerated() {
        if bundled.ca.is_some() {
            out.push(at(
                format!("{base}.ca"),
                "shouldn't be defined once using autogenerated",
            ));
        }
    } else {
        match &bundled.ca {
            None => out.push(at(format!("{base}.ca"), "must be defined")),
            Some(ca) => {
                for (field, source) in [
                    ("certificate", &ca.certificate),
                    ("privateKey", &ca.private_key),
                ] {
                    let path = format!("{base}.ca.{field}");
                    match source {
                        None => out.push(at(path, "must be defined")),
                        Some(source) => data_source_rules(&path, source, out),
                    }
                }
            }
        }
    }
    if let Some(expiry) = bundled
        .certificate_parameters
        .as_ref()
        .and_then(|p| p.expiry.as_ref())
    {
        duration_rule(&format!("{base}.certificateParameters.expiry"), expiry, out);
    }
}

/// Kuma's `ValidateSecureDataSource`.
fn data_source_rules(path: &str, source: &SecureDataSource, out: &mut Vec<Violation>) {
    let empty = |v: &Option<String>| v.as_deref().unwrap_or("").is_empty();
    match source.kind.as_deref().unwrap_or("") {
        "EnvVar" => match &source.env_var {
            None => out.push(at(format!("{path}.envVar"), "must be defined")),
            Some(e) if empty(&e.name) => {
                out.push(at(format!("{path}.envVar.name"), "must be defined"))
            }
            Some(_) => {}
        },
        "InsecureInline" => match &source.insecure_inline {
            None => out.push(at(format!("{path}.insecureInline"), "must be defined")),
            Some(i) if empty(&i.value) => out.push(at(
                format!("{path}.insecureInline.value"),
                "must be defined",
            )),
            Some(_) => {}
        },
        "File" => match source
            .file
            .as_ref()
            .map(|f| f.path.as_deref().unwrap_or(""))
        {
            None => out.push(at(format!("{path}.file"), "must be defined")),
            Some("") => out.push(at(format!("{path}.file.path"), "must be defined")),
            Some(file) if file.contains("..") => out.push(at(
                format!("{path}.file.path"),
                format!("file path contains directory traversal sequence: {file}"),
            )),
            Some(file) if !file.starts_with('/') => out.push(at(
                format!("{path}.file.path"),
                format!("file path must be absolute: {file}"),
            )),
            Some(_) => {}
        },
        "Secret" => match &source.secret_ref {
            None => out.push(at(format!("{path}.secretRef"), "must be defined")),
            Some(secret) => {
                let kind = secret.kind.as_deref().unwrap_or("");
                if kind != "Secret" {
                    out.push(at(
                        format!("{path}.secretRef.kind"),
                        format!("{kind} must be one of: Secret"),
                    ));
                }
                if empty(&secret.name) {
                    out.push(at(format!("{path}.secretRef.name"), "must be defined"));
                }
            }
        },
        other => out.push(at(
            format!("{path}.type"),
            format!("{other} must be one of: EnvVar, InsecureInline, File, Secret"),
        )),
    }
}

/// A Kubernetes duration (Go's grammar) that is not negative.
fn duration_rule(path: &str, value: &serde_yaml::Value, out: &mut Vec<Violation>) {
    match value.as_str() {
        Some(text) if is_go_duration(text) => {
            if text.trim_start().starts_with('-')
                && text
                    .trim_start_matches(['-', '0', '.', 's'])
                    .chars()
                    .any(|c| c.is_ascii_digit())
            {
                out.push(at(path, "must not be negative when defined"));
            }
        }
        _ => out.push(at(path, "must be a valid duration (like 24h or 90m)")),
    }
}

fn trust(spec: &TrustSpec) -> Vec<Violation> {
    let mut out = Vec::new();
    let bundles = spec.ca_bundles.as_deref().unwrap_or_default();
    if bundles.is_empty() {
        out.push(at("spec.caBundles", "must not be empty"));
    }
    for (i, bundle) in bundles.iter().enumerate() {
        let path = format!("spec.caBundles[{i}]");
        match bundle.kind.as_deref().unwrap_or("") {
            "Pem" => match bundle.pem.as_ref() {
                None => out.push(at(format!("{path}.pem"), "must be defined")),
                Some(pem) if !is_pem_certificate(pem.value.as_deref().unwrap_or("")) => {
                    out.push(at(
                        format!("{path}.pem.value"),
                        "provided certificate has incorrect format",
                    ))
                }
                Some(_) => {}
            },
            other => out.push(at(
                format!("{path}.type"),
                format!("{other} must be one of: Pem"),
            )),
        }
    }
    let domain = spec.trust_domain.as_deref().unwrap_or("");
    if domain.is_empty() {
        out.push(at("spec.trustDomain", "trustDomain needs to be defined"));
    }
    if domain.len() > MAX_TRUST_DOMAIN {
        out.push(at(
            "spec.trustDomain",
            format!("must not be longer than {MAX_TRUST_DOMAIN}"),
        ));
    }
    out
}

/// Kuma's check: the first PEM block decodes and is not a private key (what follows it is not
/// read at admission; the certificate rules read every block).
fn is_pem_certificate(text: &str) -> bool {
    match ::pem::parse(text) {
        Ok(block) => !matches!(
            block.tag(),
            "PRIVATE KEY"
                | "RSA PRIVATE KEY"
                | "EC PRIVATE KEY"
                | "DSA PRIVATE KEY"
                | "ENCRYPTED PRIVATE KEY"
        ),
        Err(_) => false,
    }
}

fn tls(spec: &TlsSpec) -> Vec<Violation> {
    let mut out = Vec::new();
    if !spec.rules.as_deref().unwrap_or_default().is_empty()
        && !spec.from.as_deref().unwrap_or_default().is_empty()
    {
        out.push(at(
            "spec",
            "field 'from' must be empty when 'rules' is defined",
        ));
    }
    for (section, rules) in [("rules", &spec.rules), ("from", &spec.from)] {
        for (i, rule) in rules.iter().flatten().enumerate() {
            if let Some(mode) = rule.default.as_ref().and_then(|d| d.mode.as_deref())
                && mode != "Strict"
                && mode != "Permissive"
            {
                out.push(at(
                    format!("spec.{section}[{i}].default.mode"),
                    "mode must be one of: Strict, Permissive",
                ));
            }
        }
    }
    out
}
