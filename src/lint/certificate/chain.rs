//! Checks of a CA certificate chain (x509-parser), as Kuma's loader (Go's crypto/x509) reads it and
//! Envoy verifies with it: what Go refuses to parse, CA flags and key usages of every certificate,
//! validity at `--now`, key strength, signatures by another, URI name constraints against the
//! leaves Kuma issues, and each certificate signed by the next up to a self-signed root.

use x509_parser::error::X509Error;
use x509_parser::extensions::{GeneralName, GeneralSubtree};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::SubjectPublicKeyInfo;

use crate::diag::Severity;
use crate::diag::codes::Code;
use crate::input::duration::display;
use crate::input::time::{Timestamp, format_rfc3339};

/// What the checks need to know about the time, the backend and the mesh.
pub(crate) struct ChainPolicy<'a> {
    /// The host of the SPIFFE IDs the CA signs: the mesh for `Mesh.mtls` (`spiffe://<mesh>/…`),
    /// the trust domain for a MeshIdentity.
    pub mesh: &'a str,
    /// Leaves also carry `kuma://` URIs (`Mesh.mtls`); a MeshIdentity's carry the SPIFFE ID alone.
    pub kuma_uris: bool,
    pub now: i64,
    /// `--min-ca-validity`, in seconds.
    pub min_validity: i64,
    /// The lifetime of a proxy certificate issued now (`dpCert.rotation.expiration`), in seconds.
    pub proxy_lifetime: i64,
}

/// A finding about one certificate, before it is placed in the Mesh file.
pub(crate) struct ChainFinding {
    pub code: Code,
    pub message: String,
    /// Another severity than the code's default.
    pub severity: Option<Severity>,
    pub help: Option<String>,
}

impl ChainFinding {
    fn new(code: Code, message: String) -> Self {
        Self {
            code,
            message,
            severity: None,
            help: None,
        }
    }
}

/// The parts of a chain's first certificate other checks need: its key and subject.
#[derive(Clone)]
pub(crate) struct Leaf {
    pub spki: Vec<u8>,
    pub public_key: Vec<u8>,
    pub subject: String,
    /// An RSA key under 2048 bits: ring cannot read its private half (`ca-weak-key` says why).
    pub weak_rsa: bool,
}

/// Splits PEM material into certificate DERs; an error says why none could be read.
pub(crate) fn certificate_ders(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let blocks = ::pem::parse_many(bytes).map_err(|e| format!("not valid PEM: {e}"))?;
    let ders: Vec<Vec<u8>> = blocks
        .into_iter()
        .filter(|b| b.tag() == "CERTIFICATE")
        .map(|b| b.into_contents())
        .collect();
    if ders.is_empty() {
        return Err("no PEM CERTIFICATE block found".to_string());
    }
    Ok(ders)
}

/// Checks every certificate of the chain; returns the findings and the first certificate's parts.
pub(crate) fn check_chain(
    ders: &[Vec<u8>],
    policy: &ChainPolicy,
) -> (Vec<ChainFinding>, Option<Leaf>) {
    let mut out = Vec::new();
    let mut certs = Vec::new();
    for (i, der) in ders.iter().enumerate() {
        match X509Certificate::from_der(der) {
            Ok((_, cert)) => certs.push(cert),
            Err(e) => {
                out.push(ChainFinding::new(
                    Code::CaUnreadable,
                    format!("certificate {i} is not a valid X.509 certificate: {e}"),
                ));
                return (out, None);
            }
        }
    }
    for (i, cert) in certs.iter().enumerate() {
        if go_refuses(i, cert, &mut out) {
            continue;
        }
        check_certificate(i, cert, policy, &mut out);
        check_name_constraints(i, cert, policy, &mut out);
    }
    check_links(&certs, &mut out);
    let leaf = certs.first().map(|cert| Leaf {
        spki: cert.public_key().raw.to_vec(),
        public_key: cert.public_key().subject_public_key.data.to_vec(),
        subject: cert.subject().to_string(),
        weak_rsa: matches!(cert.public_key().parsed(), Ok(PublicKey::RSA(rsa)) if rsa.key_size() < 2048),
    });
    (out, leaf)
}

/// The named curve of an EC public key (None for other key types, whose parameters are no OID).
fn named_curve<'a>(cert: &'a X509Certificate<'_>) -> Option<x509_parser::der_parser::oid::Oid<'a>> {
    let algorithm = &cert.public_key().algorithm;
    if algorithm.algorithm.to_id_string() != "1.2.840.10045.2.1" {
        return None;
    }
    algorithm.parameters.as_ref()?.as_oid().ok()
}

/// `certificate 0 (CN=..., not after 2027-01-01T00:00:00Z)`.
pub(crate) fn describe(i: usize, cert: &X509Certificate<'_>) -> String {
    format!(
        "certificate {i} ({}, not after {})",
        cert.subject(),
        format_rfc3339(Timestamp::from_secs(cert.validity().not_after.timestamp()))
    )
}

/// What Go's crypto/x509 refuses to parse, so Kuma cannot load the CA: a negative serial number,
/// duplicate extensions, a critical subject key identifier. True when the certificate is refused.
fn go_refuses(i: usize, cert: &X509Certificate<'_>, out: &mut Vec<ChainFinding>) -> bool {
    let name = describe(i, cert);
    let mut problems = Vec::new();
    if cert
        .tbs_certificate
        .raw_serial()
        .first()
        .is_some_and(|b| b & 0x80 != 0)
    {
        problems.push("a negative serial number".to_string());
    }
    let mut seen = std::collections::HashSet::new();
    for ext in cert.extensions() {
        let oid = ext.oid.to_id_string();
        if !seen.insert(oid.clone()) {
            problems.push(format!("the extension {oid} twice"));
        }
        if oid == "2.5.29.14" && ext.critical {
            problems.push("a critical subject key identifier".to_string());
        }
    }
    let refused = !problems.is_empty();
    if refused {
        out.push(ChainFinding::new(
            Code::CaUnreadable,
            format!(
                "{name} has {}, which Go's certificate parser (what Kuma loads the CA with) refuses",
                problems.join(" and ")
            ),
        ));
    }
    refused
}

/// URI name constraints against the leaves Kuma issues below the CA, as Go and BoringSSL
/// (Envoy) enforce them: each URI's host must fall in a permitted subtree when there are any,
/// and in no excluded one.
fn check_name_constraints(
    i: usize,
    cert: &X509Certificate<'_>,
    policy: &ChainPolicy,
    out: &mut Vec<ChainFinding>,
) {
    let mesh = policy.mesh;
    let Ok(Some(ext)) = cert.name_constraints() else {
        return;
    };
    let uris = |subtrees: &Option<Vec<GeneralSubtree<'_>>>| -> Vec<String> {
        subtrees
            .iter()
            .flatten()
            .filter_map(|t| match t.base {
                GeneralName::URI(uri) => Some(uri.to_string()),
                _ => None,
            })
            .collect()
    };
    let (permitted, excluded) = (
        uris(&ext.value.permitted_subtrees),
        uris(&ext.value.excluded_subtrees),
    );
    let leaves = [
        (format!("spiffe://{mesh}/<service>"), mesh),
        ("kuma://kuma.io/...".to_string(), "kuma.io"),
    ];
    let count = if policy.kuma_uris { 2 } else { 1 };
    for (uri, host) in leaves.into_iter().take(count) {
        let why = if let Some(c) = excluded.iter().find(|c| uri_host_matches(host, c)) {
            format!("excludes `{c}`")
        } else if !permitted.is_empty() && !permitted.iter().any(|c| uri_host_matches(host, c)) {
            format!(
                "permit only {}",
                permitted
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            continue;
        };
        out.push(ChainFinding {
            help: Some(format!("issue the CA without URI name constraints, or permit `{mesh}` and `kuma.io`")),
            ..ChainFinding::new(
                Code::CaNameConstraints,
                format!(
                    "{}: its URI name constraints {why}, so proxy certificates with {uri} would fail every handshake",
                    describe(i, cert)
                ),
            )
        });
    }
}

/// Go's URI constraint match: a constraint starting with `.` matches subdomains, otherwise the
/// host itself (letters compared without case).
fn uri_host_matches(host: &str, constraint: &str) -> bool {
    let (host, constraint) = (host.to_ascii_lowercase(), constraint.to_ascii_lowercase());
    match constraint.strip_prefix('.') {
        Some(_) => host.ends_with(&constraint),
        None => host == constraint,
    }
}

fn check_certificate(
    i: usize,
    cert: &X509Certificate<'_>,
    policy: &ChainPolicy,
    out: &mut Vec<ChainFinding>,
) {
    let name = describe(i, cert);
    let mut push = |code, message: String| out.push(ChainFinding::new(code, message));
    check_ca_flags(&name, cert, &mut push);
    check_validity(&name, cert, policy, &mut push);
    check_key_strength(&name, cert, &mut push);
    check_signature(&name, cert, &mut push);
}

/// CA true, keyCertSign set and keyAgreement not (X509-SVID).
fn check_ca_flags(name: &str, cert: &X509Certificate<'_>, push: &mut dyn FnMut(Code, String)) {
    let is_ca = matches!(cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca);
    if !is_ca {
        push(
            Code::CaNotCa,
            format!("{name} is not a CA: basic constraint CA must be true"),
        );
    }
    match cert.key_usage() {
        Ok(Some(ku)) => {
            if !ku.value.key_cert_sign() {
                push(
                    Code::CaMissingKeyCertSign,
                    format!("{name} lacks the keyCertSign key usage"),
                );
            }
            if ku.value.key_agreement() {
                push(
                    Code::CaKeyAgreementSet,
                    format!("{name} has the keyAgreement key usage, which Kuma rejects"),
                );
            }
        }
        _ => push(
            Code::CaMissingKeyCertSign,
            format!("{name} has no key usage extension, so no keyCertSign"),
        ),
    }
}

/// Valid at `--now`, beyond a proxy certificate issued now, and for `--min-ca-validity`.
fn check_validity(
    name: &str,
    cert: &X509Certificate<'_>,
    policy: &ChainPolicy,
    push: &mut dyn FnMut(Code, String),
) {
    let (not_before, not_after) = (
        cert.validity().not_before.timestamp(),
        cert.validity().not_after.timestamp(),
    );
    let now = policy.now;
    if not_before > now {
        push(
            Code::CaNotYetValid,
            format!(
                "{name} is not valid before {}",
                format_rfc3339(Timestamp::from_secs(not_before))
            ),
        );
    } else if not_after <= now {
        push(
            Code::CaExpired,
            format!(
                "{name} expired on {}",
                format_rfc3339(Timestamp::from_secs(not_after))
            ),
        );
    } else if not_after < now.saturating_add(policy.proxy_lifetime) {
        push(
            Code::CaOutlivedByProxyCerts,
            format!(
                "{name} expires before a proxy certificate issued now would ({} from now)",
                span(policy.proxy_lifetime)
            ),
        );
    } else if not_after < now.saturating_add(policy.min_validity) {
        push(
            Code::CaExpiresSoon,
            format!(
                "{name} expires within {} (--min-ca-validity)",
                span(policy.min_validity)
            ),
        );
    }
}

/// RSA of 2048 bits or more, ECDSA on P-256/P-384/P-521, or Ed25519/Ed448.
fn check_key_strength(name: &str, cert: &X509Certificate<'_>, push: &mut dyn FnMut(Code, String)) {
    match cert.public_key().parsed() {
        Ok(PublicKey::RSA(rsa)) if rsa.key_size() < 2048 => {
            push(
                Code::CaWeakKey,
                format!(
                    "{name} has a {}-bit RSA key; use 2048 bits or more",
                    rsa.key_size()
                ),
            );
        }
        Ok(PublicKey::RSA(_)) => {}
        Ok(PublicKey::EC(_)) => {
            let curve = named_curve(cert).map(|o| o.to_id_string());
            if !matches!(
                curve.as_deref(),
                Some("1.2.840.10045.3.1.7" | "1.3.132.0.34" | "1.3.132.0.35")
            ) {
                push(
                    Code::CaWeakKey,
                    format!(
                        "{name} uses the curve {}; use P-256, P-384 or P-521",
                        curve.unwrap_or_else(|| "(unnamed)".into())
                    ),
                );
            }
        }
        _ => {
            let oid = cert.public_key().algorithm.algorithm.to_id_string();
            // Ed25519 and Ed448 are strong; DSA and anything unknown are not accepted by Kuma's proxies.
            if !matches!(oid.as_str(), "1.3.101.112" | "1.3.101.113") {
                push(
                    Code::CaWeakKey,
                    format!("{name} has a key of algorithm {oid}, which is not RSA or ECDSA"),
                );
            }
        }
    }
}

/// No SHA-1 or MD5 signature by another certificate.
fn check_signature(name: &str, cert: &X509Certificate<'_>, push: &mut dyn FnMut(Code, String)) {
    let algorithm = cert.signature_algorithm.algorithm.to_id_string();
    let weak = match algorithm.as_str() {
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => Some("SHA-1 with RSA"),
        "1.2.840.10045.4.1" => Some("ECDSA with SHA-1"),
        "1.2.840.10040.4.3" => Some("DSA with SHA-1"),
        "1.2.840.113549.1.1.4" => Some("MD5 with RSA"),
        "1.2.840.113549.1.1.2" => Some("MD2 with RSA"),
        _ => None,
    };
    // Nobody verifies a self-signed root's signature on itself: the root is trusted as it is.
    if let Some(weak) = weak.filter(|_| !self_signed(cert)) {
        push(
            Code::CaWeakSignature,
            format!("{name} is signed with {weak}"),
        );
    }
}

/// Seconds as a Kuma duration for messages (`24h`, `60d`).
fn span(seconds: i64) -> String {
    display(std::time::Duration::from_secs(seconds.max(0) as u64))
}

/// Issued by itself, with a signature that verifies or cannot be checked here.
fn self_signed(cert: &X509Certificate<'_>) -> bool {
    cert.issuer() == cert.subject() && verified(cert, cert.public_key()) != Some(false)
}

/// Each certificate signed by the next, and a self-signed root at the end.
fn check_links(certs: &[X509Certificate<'_>], out: &mut Vec<ChainFinding>) {
    for (i, pair) in certs.windows(2).enumerate() {
        let (child, parent) = (&pair[0], &pair[1]);
        let signed = verified(child, parent.public_key());
        if child.issuer() != parent.subject() || signed == Some(false) {
            out.push(ChainFinding::new(
                Code::CaChainIncomplete,
                format!(
                    "{} is not signed by {}",
                    describe(i, child),
                    describe(i + 1, parent)
                ),
            ));
        }
    }
    if let Some(root) = certs.last()
        && !self_signed(root)
    {
        out.push(ChainFinding {
            severity: Some(Severity::Warning),
            help: Some("add the root after the intermediate, so every verifier (and a later rotation of the root) has it".to_string()),
            ..ChainFinding::new(
                Code::CaChainIncomplete,
                format!(
                    "{} is issued by `{}`, which is not in the chain: Envoy trusts this partial chain, but it does not end with a self-signed root",
                    describe(certs.len() - 1, root),
                    root.issuer()
                ),
            )
        });
    }
}

/// Some(true/false) when `cert`'s signature by `key` could be checked; None for what ring cannot
/// verify (P-521, RSA under 2048 bits: `ca-weak-key` speaks for those).
fn verified(cert: &X509Certificate<'_>, key: &SubjectPublicKeyInfo<'_>) -> Option<bool> {
    if matches!(key.parsed(), Ok(PublicKey::RSA(rsa)) if rsa.key_size() < 2048) {
        return None;
    }
    match cert.verify_signature(Some(key)) {
        Ok(()) => Some(true),
        Err(X509Error::SignatureUnsupportedAlgorithm) => None,
        Err(_) => Some(false),
    }
}
