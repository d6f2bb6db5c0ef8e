//! Findings about the observed state as a whole, whatever the step: empty or incomplete evidence,
//! merged copies, disconnected proxies and until when they count, expired certificates, insights
//! older than the Mesh's last change, MeshIdentity KRIs where `Mesh.mtls` is expected.

use super::evaluate::Witness;
use super::{MAX_EXAMPLES, ScopeSettings};
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, agree};
use crate::input::manifest::Location;
use crate::input::time::{Timestamp, format_rfc3339};
use crate::state::{Census, Incomplete, Scope};

/// Where findings about the state itself point: the first state file.
pub(crate) fn state_location(census: &Census) -> Location {
    Location {
        file: census.files.first().cloned().unwrap_or_default(),
        line: 1,
        column: 1,
        span: 0..0,
        path: "items".to_string(),
    }
}

/// Findings about the state as a whole: empty or incomplete, merged copies, offline proxies,
/// expired certificates, KRIs and insights older than the Mesh's last change. `gated`: the step
/// at hand has a gate, so a state without this mesh's proxies refuses it.
pub(crate) fn state_findings(
    census: &Census,
    settings: ScopeSettings,
    gated: bool,
) -> Vec<Diagnostic> {
    let at = state_location(census);
    if census.is_empty() {
        return vec![state_empty(census, gated, at)];
    }
    let mut out = evidence_findings(census, &at, gated);
    let seen = Observed::of(census, settings);
    out.extend(offline_findings(&seen, &at));
    out.extend(proxy_findings(&seen, settings, &at));
    out
}

/// What the state says about its own coverage: incomplete listings (an error only when the step
/// at hand is gated), merged copies.
fn evidence_findings(census: &Census, at: &Location, gated: bool) -> Vec<Diagnostic> {
    // A step without a gate (adding a backend) claims nothing about the proxies.
    let mut out: Vec<Diagnostic> = census
        .incomplete()
        .map(|why| {
            let mut d = state_incomplete(census, &why, at.clone());
            if !gated {
                d.severity = crate::diag::Severity::Warning;
            }
            d
        })
        .into_iter()
        .collect();
    let duplicates = census.evidence.duplicates;
    if duplicates > 0 {
        out.push(
            Diagnostic::new(
                Code::DuplicateProxies,
                format!(
                    "merged {} of proxies read from overlapping files or pages: a proxy counts as ready only if every copy of it is",
                    agree(duplicates, "repeated copy", "repeated copies")
                ),
            )
            .at(at.clone()),
        );
    }
    out
}

/// The proxies worth a word, sorted by what is said of them.
#[derive(Default)]
struct Observed<'c> {
    /// Disconnected, still counted, with the expiry of their certificate.
    offline_valid: Vec<(&'c str, Timestamp)>,
    /// Disconnected without a certificate record, counted until they surely hold none.
    unrecorded: Vec<(&'c str, Timestamp)>,
    expired: Vec<&'c str>,
    ignored: Vec<&'c str>,
    /// Connected with an expired certificate.
    cert_expired: Vec<&'c str>,
    /// Connected, and rejected a response since.
    rejected: Vec<&'c str>,
    /// Connected, with no certificate or configuration written since the Mesh's last change, in
    /// a state observed too soon after it to show what they run.
    stale: Vec<&'c str>,
    kri: Vec<&'c str>,
}

impl<'c> Observed<'c> {
    fn of(census: &'c Census, settings: ScopeSettings) -> Self {
        let mut seen = Self::default();
        let witness = settings
            .changed_at
            .map(|c| Witness::of(c, census.observed(), settings))
            .filter(|w| !w.observed_late);
        for proxy in &census.proxies {
            let name = proxy.name.as_str();
            let scope = settings.of(proxy);
            match scope {
                Scope::OfflineValid(until) => seen.offline_valid.push((name, until)),
                Scope::OfflineUnrecorded(until) => seen.unrecorded.push((name, until)),
                Scope::OfflineExpired => seen.expired.push(name),
                Scope::OfflineIgnored => seen.ignored.push(name),
                Scope::Connected | Scope::NoCertificate => {}
            }
            if scope == Scope::Connected && proxy.config.is_some_and(|c| c.rejected > 0) {
                seen.rejected.push(name);
            }
            let Some(mtls) = &proxy.mtls else { continue };
            if scope == Scope::Connected {
                if mtls.expires.is_some_and(|t| t <= settings.now) {
                    seen.cert_expired.push(name);
                }
                // A certificate from a MeshIdentity is not reissued when the Mesh changes.
                let from_identity = mtls
                    .issued
                    .is_some_and(|i| census.backend_name(i).starts_with("kri_"));
                let written = |w: Witness| {
                    w.written(mtls.regenerated) || w.written(proxy.config.and_then(|c| c.updated))
                };
                if witness.is_some_and(|w| !written(w)) && !from_identity {
                    seen.stale.push(name);
                }
            }
            let uses_kri = mtls
                .issued
                .iter()
                .map(|&i| census.backend_name(i))
                .any(|b| b.starts_with("kri_"))
                || census
                    .backends
                    .iter()
                    .any(|(i, b)| b.starts_with("kri_") && mtls.trusts(i));
            if scope.counts() && uses_kri {
                seen.kri.push(name);
            }
        }
        seen.offline_valid
            .sort_by_key(|(_, until)| std::cmp::Reverse(*until));
        seen
    }
}

/// `proxies-offline`: which disconnected proxies still count, until when, and which do not.
fn offline_findings(seen: &Observed<'_>, at: &Location) -> Option<Diagnostic> {
    let (valid, expired, ignored) = (&seen.offline_valid, &seen.expired, &seen.ignored);
    let unrecorded = &seen.unrecorded;
    if valid.is_empty() && expired.is_empty() && ignored.is_empty() && unrecorded.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !unrecorded.is_empty() {
        parts.push(format!(
            "{} left no certificate record (Kuma clears it when a proxy disconnects) and still count until their last certificate must have expired: {}",
            unrecorded.len(),
            examples(
                unrecorded
                    .iter()
                    .map(|(n, t)| format!("{n} until {}", format_rfc3339(*t)))
            )
        ));
    }
    if let Some((_, last)) = valid.first() {
        let until = if *last == Timestamp::MAX {
            "an unknown time".to_string()
        } else {
            format_rfc3339(*last)
        };
        parts.push(format!(
            "{} still count because their last certificate is valid (the last until {until}): {}",
            valid.len(),
            examples(valid.iter().map(|(n, t)| {
                if *t == Timestamp::MAX {
                    n.to_string()
                } else {
                    format!("{n} until {}", format_rfc3339(*t))
                }
            }))
        ));
    }
    if !expired.is_empty() {
        parts.push(format!(
            "{} left out because their certificate has expired: {}",
            expired.len(),
            examples(expired.iter().map(|n| n.to_string()))
        ));
    }
    if !ignored.is_empty() {
        parts.push(format!(
            "{} left out by --ignore-offline: {}",
            ignored.len(),
            examples(ignored.iter().map(|n| n.to_string()))
        ));
    }
    let total = (valid.len() + unrecorded.len() + expired.len() + ignored.len()) as u64;
    let mut d = Diagnostic::new(
        Code::ProxiesOffline,
        format!(
            "{}: {}",
            agree(total, "disconnected proxy", "disconnected proxies"),
            parts.join("; ")
        ),
    )
    .at(at.clone())
    .help("a disconnected proxy keeps serving with its last configuration until its certificate expires; --ignore-offline leaves them out when they are known to be gone");
    d.proxies = valid
        .iter()
        .map(|(n, _)| n.to_string())
        .take(MAX_EXAMPLES)
        .collect();
    Some(d)
}

/// What connected proxies report: expired certificates, stale insights, MeshIdentity KRIs.
fn proxy_findings(seen: &Observed<'_>, settings: ScopeSettings, at: &Location) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut push = |names: &[&str], code: Code, message: String, help: &str| {
        if names.is_empty() {
            return;
        }
        let mut d = Diagnostic::new(code, message).at(at.clone()).help(help);
        d.proxies = first(names);
        out.push(d);
    };
    push(
        &seen.cert_expired,
        Code::ProxyCertExpired,
        format!(
            "{} an expired certificate (at {})",
            agree(
                seen.cert_expired.len() as u64,
                "connected proxy holds",
                "connected proxies hold"
            ),
            format_rfc3339(settings.now)
        ),
        "the control plane may be failing to issue certificates; check its logs for the enabled backend",
    );
    push(
        &seen.rejected,
        Code::ConfigRejected,
        format!(
            "{} a response from the control plane since connecting: Envoy keeps the previous configuration, certificate or trust bundle, while the insight shows what the control plane sent",
            agree(
                seen.rejected.len() as u64,
                "connected proxy rejected",
                "connected proxies rejected"
            )
        ),
        "see why in the proxy's Envoy log (kuma-dp); the count clears only when the proxy reconnects",
    );
    push(
        &seen.stale,
        Code::InsightStale,
        format!(
            "{} no certificate or configuration since the Mesh last changed ({}), in a state observed soon after: it may predate the last step",
            agree(
                seen.stale.len() as u64,
                "connected proxy has",
                "connected proxies have"
            ),
            settings
                .changed_at
                .map(|m| m.to_string())
                .unwrap_or_default()
        ),
        "take the state again a little after the last change (insights follow about 15 s later with Kuma's default intervals)",
    );
    push(
        &seen.kri,
        Code::MeshIdentityManaged,
        format!(
            "{} MeshIdentity KRIs instead of backend names: Mesh.mtls is not their identity source",
            agree(seen.kri.len() as u64, "proxy reports", "proxies report")
        ),
        "rotate these proxies' CA through MeshIdentity and MeshTrust, not Mesh.mtls",
    );
    out
}

/// `state-empty`: no proxy of this mesh. An error when a gated step needs the evidence.
fn state_empty(census: &Census, gated: bool, at: Location) -> Diagnostic {
    let others = &census.evidence.other_meshes;
    let skipped = if census.other_meshes > 0 {
        format!(
            " ({} items of other meshes were skipped)",
            census.other_meshes
        )
    } else {
        String::new()
    };
    let held = if others.is_empty() {
        "it holds no proxy of any mesh (an empty listing?)".to_string()
    } else {
        let names: Vec<String> = others.iter().map(|(m, n)| format!("`{m}` ({n})")).collect();
        format!(
            "it holds proxies of mesh {} (kumactl prints mesh `default` unless given `--mesh`)",
            names.join(", ")
        )
    };
    let mut d = Diagnostic::new(
        Code::StateEmpty,
        format!("the state holds no proxy of mesh `{}`{skipped}", census.mesh),
    )
    .at(at)
    .help(format!(
        "{held}; export the state of mesh `{}`, or pass --warn state-empty if the mesh truly has no proxies",
        census.mesh
    ));
    if !gated {
        d.severity = crate::diag::Severity::Warning;
    }
    d
}

/// `state-incomplete`: the state does not cover every proxy the listing declares.
pub(crate) fn state_incomplete(census: &Census, why: &Incomplete, at: Location) -> Diagnostic {
    let mesh = &census.mesh;
    let message = match why {
        Incomplete::Short { read, declared } => format!(
            "read {} of {} proxies of mesh `{mesh}` (kumactl inspect prints the first page only)",
            thousands(*read),
            thousands(*declared)
        ),
        Incomplete::Changed { totals } => format!(
            "the pages of the listing of mesh `{mesh}` declare different totals ({}): proxies came and went while it was paged, so some may have been skipped",
            totals
                .iter()
                .map(|t| thousands(*t))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Incomplete::Continued => format!(
            "the Kubernetes list of mesh `{mesh}` is one page of a longer one (metadata.continue or remainingItemCount is set)"
        ),
        Incomplete::MeshInsight {
            counted,
            read,
            connected,
        } => {
            let which = if *connected { "connected " } else { "" };
            format!(
                "the MeshInsight of mesh `{mesh}` counts {} {which}proxies, the per-proxy state has {}",
                thousands(*counted),
                thousands(*read)
            )
        }
        Incomplete::Filtered { file, parameter } => format!(
            "{file} lists part of mesh `{mesh}`: its request asked for `{parameter}` (kumactl inspect dataplanes --tag or --gateway), so its total counts only the proxies that match"
        ),
        Incomplete::MorePages { file } => format!(
            "{file} says more proxies of mesh `{mesh}` follow (its `next` link), and the pages beside it do not hold them"
        ),
        Incomplete::Shifted { file } => format!(
            "{file} did not start with the last proxy of the page before it: proxies of mesh `{mesh}` were removed or added while the listing was paged, so one may have been skipped"
        ),
        Incomplete::ZoneOnly { global } => format!(
            "the control plane is a zone of a multizone deployment (its configuration names the global control plane at {global}): it lists only its own zone's proxies of mesh `{mesh}`, and a change of the Mesh reaches every zone"
        ),
    };
    let help = match why {
        Incomplete::ZoneOnly { .. } => {
            "a gate needs every proxy of every zone: point --control-plane at the global control plane (with --current from a zone when a step needs a MeshIdentity's status, which the zones keep)"
        }
        _ => {
            "a gate needs every proxy: use --control-plane URL (live mode reads every page), or `meshctl snapshot` for one complete file"
        }
    };
    Diagnostic::new(Code::StateIncomplete, message)
        .at(at)
        .help(help)
}

/// 5000 as `5,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn examples(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.collect();
    let shown = names
        .iter()
        .take(MAX_EXAMPLES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > MAX_EXAMPLES {
        format!("{shown} and {} more", names.len() - MAX_EXAMPLES)
    } else {
        shown
    }
}

fn first(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .take(MAX_EXAMPLES)
        .map(|n| n.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Proxy, ProxyMtls};

    const NOW: i64 = 1_000_000;

    fn proxy(name: &str, online: bool, mtls: Option<ProxyMtls>) -> Proxy {
        Proxy {
            name: name.to_string(),
            online,
            connected_before: true,
            has_insight: true,
            mtls,
            ..Proxy::default()
        }
    }

    fn expiring(at: Option<i64>) -> Option<ProxyMtls> {
        Some(ProxyMtls {
            issued: Some(0),
            supported: 0b01,
            supported_known: true,
            expires: at.map(Timestamp::from_secs),
            ..ProxyMtls::default()
        })
    }

    fn census(proxies: Vec<Proxy>) -> Census {
        let mut census = Census::default();
        census.backends.intern("old");
        census.proxies = proxies;
        census
    }

    fn finding(census: &Census, code: Code) -> Option<Diagnostic> {
        let settings = ScopeSettings {
            now: Timestamp::from_secs(NOW),
            ..ScopeSettings::default()
        };
        state_findings(census, settings, true)
            .into_iter()
            .find(|d| d.code == code)
    }

    #[test]
    fn a_kri_issued_or_a_kri_trusted_each_marks_a_proxy_identity_managed() {
        let mut census = census(vec![]);
        census
            .backends
            .intern("kri_mid_default__kuma-system_identity_");
        let with = |issued, supported| {
            Some(ProxyMtls {
                issued: Some(issued),
                supported,
                supported_known: true,
                ..ProxyMtls::default()
            })
        };
        census.proxies = vec![
            proxy("issued", true, with(1, 0b01)),
            proxy("trusted", true, with(0, 0b11)),
            proxy("plain", true, with(0, 0b01)),
        ];
        let d = finding(&census, Code::MeshIdentityManaged).unwrap();
        assert!(d.message.starts_with("2 proxies report"), "{}", d.message);
    }

    #[test]
    fn disconnected_proxies_are_counted_in_every_kind_and_their_certificates_told() {
        let census = census(vec![
            proxy("unbounded", false, expiring(None)),
            proxy("valid", false, expiring(Some(NOW + 60))),
            proxy("unrecorded", false, None),
            proxy("expired", false, expiring(Some(NOW - 60))),
        ]);
        let d = finding(&census, Code::ProxiesOffline).unwrap();
        assert!(
            d.message.starts_with("4 disconnected proxies: "),
            "{}",
            d.message
        );
        assert!(
            d.message.contains("2 still count because their last certificate is valid (the last until an unknown time): unbounded, valid until 1970-01-12T13:47:40Z"),
            "{}",
            d.message
        );
        let census = self::census(vec![proxy("valid", false, expiring(Some(NOW + 60)))]);
        let d = finding(&census, Code::ProxiesOffline).unwrap();
        assert!(
            d.message.contains("(the last until 1970-01-12T13:47:40Z)"),
            "{}",
            d.message
        );
    }

    #[test]
    fn an_empty_state_names_other_meshes_only_when_it_skipped_some() {
        let mut census = census(vec![]);
        let d = finding(&census, Code::StateEmpty).unwrap();
        assert!(!d.message.contains("other meshes"), "{}", d.message);
        census.other_meshes = 2;
        let d = finding(&census, Code::StateEmpty).unwrap();
        assert!(
            d.message.contains("(2 items of other meshes were skipped)"),
            "{}",
            d.message
        );
    }

    #[test]
    fn counts_take_thousands_separators_and_examples_say_how_many_more() {
        assert_eq!(thousands(100), "100");
        assert_eq!(thousands(5000), "5,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let names = |n: usize| (0..n).map(|i| format!("p{i}"));
        assert!(!examples(names(MAX_EXAMPLES)).contains("more"));
        assert!(examples(names(MAX_EXAMPLES + 1)).ends_with("p9 and 1 more"));
    }
}
