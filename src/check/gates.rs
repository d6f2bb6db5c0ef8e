//! Gate rules: whether the step a change makes has reached every proxy that counts, and what
//! the observed state says about the proxies themselves (offline, unknown, stale, expired).

use crate::check::gate::{Gate, GateOutcome, GateStatus, ScopeSettings};
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, quoted};
use crate::input::manifest::{Location, MeshDoc};
use crate::input::mesh::Mode;
use crate::input::time::format_rfc3339;
use crate::state::{Census, Incomplete, Scope};

/// Where findings about the state itself point: the first state file.
pub fn state_location(census: &Census) -> Location {
    Location {
        file: census.files.first().cloned().unwrap_or_default(),
        line: 1,
        column: 1,
        span: 0..0,
        path: "items".to_string(),
    }
}

/// The diagnostic of one evaluated gate, or nothing when it holds.
pub fn outcome_findings(
    gate: &Gate,
    outcome: &GateOutcome,
    proposed: &MeshDoc,
    census: &Census,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if outcome.status != GateStatus::Blocked {
        return out;
    }
    let ready = format!("{}/{} in-scope proxies ready", outcome.ready, outcome.total);
    let detail = if outcome.per_proxy {
        ""
    } else {
        " (from MeshInsight counts: no proxy names)"
    };
    if outcome.not_ready > 0 {
        let mut d = match gate {
            Gate::Switch(to) => Diagnostic::new(
                Code::NewBackendNotTrusted,
                format!(
                    "switching to `{to}`: {} trust `{to}` yet ({ready}){detail}",
                    agree(
                        outcome.not_ready,
                        "in-scope proxy does not",
                        "in-scope proxies do not"
                    )
                ),
            )
            .at(proposed.locate("mtls.enabledBackend"))
            .label(format!("not every proxy trusts `{to}` yet"))
            .help(
                "wait until every proxy lists the new backend in supportedBackends, then run again",
            ),
            Gate::Remove(removed) => Diagnostic::new(
                Code::OldBackendStillIssued,
                format!(
                    "removing {}: {} certificates from it ({ready}){detail}",
                    quoted(removed),
                    agree(
                        outcome.not_ready,
                        "in-scope proxy still holds",
                        "in-scope proxies still hold"
                    )
                ),
            )
            .at(proposed.locate("mtls.backends"))
            .label("still issued to proxies")
            .help(
                "wait until no proxy reports the removed backend as issuedBackend, then run again",
            ),
            Gate::Strict(backend) => Diagnostic::new(
                Code::StrictNotReady,
                format!(
                    "going STRICT on `{backend}`: {} no certificate from `{backend}` yet, or not the configuration in which every service is TLS-ready ({ready}){detail}",
                    agree(outcome.not_ready, "in-scope proxy holds", "in-scope proxies hold")
                ),
            )
            .at(proposed.locate("mtls.enabledBackend"))
            .label("not every proxy holds a certificate yet")
            .help("wait until every proxy reports the enabled backend as issuedBackend, then run again"),
            Gate::Converged => Diagnostic::new(
                Code::ConfigNotConverged,
                format!(
                    "turning mTLS off: {} not acknowledged the configuration of the Mesh's last change ({ready}){detail}",
                    agree(outcome.not_ready, "in-scope proxy has", "in-scope proxies have")
                ),
            )
            .at(proposed.locate(""))
            .label("not every proxy runs the last configuration")
            .help("wait until every proxy has acknowledged the PERMISSIVE configuration, then run again"),
            Gate::Trusted { trusts, .. } => Diagnostic::new(
                Code::NewBackendNotTrusted,
                format!(
                    "widening the MeshIdentity: {} not acknowledged a configuration made since {} appeared, or {} not list it in supportedBackends ({ready}){detail}",
                    agree(outcome.not_ready, "in-scope proxy has", "in-scope proxies have"),
                    names_of(trusts),
                    if outcome.not_ready == 1 { "does" } else { "do" },
                ),
            )
            .at(proposed.locate(""))
            .label("not every proxy trusts the new CA yet")
            .help("wait until every proxy has received the new MeshTrusts (kumactl inspect dataplanes: lastUpdateTime, supportedBackends), then run again"),
            Gate::Issued(identities) => Diagnostic::new(
                Code::OldBackendStillIssued,
                format!(
                    "removing mtls: {} no certificate from {} yet ({ready}){detail}",
                    agree(outcome.not_ready, "in-scope proxy holds", "in-scope proxies hold"),
                    names_of(identities),
                ),
            )
            .at(proposed.locate(""))
            .label("proxies still rely on Mesh.mtls")
            .help("wait until every proxy reports the identity's KRI as issuedBackend, then run again"),
            Gate::Retired(identity) => Diagnostic::new(
                Code::OldBackendStillIssued,
                format!(
                    "deleting {identity}: {} certificates from it ({ready}){detail}",
                    agree(outcome.not_ready, "in-scope proxy still holds", "in-scope proxies still hold"),
                ),
            )
            .at(proposed.locate(""))
            .label("still issued to proxies")
            .help("wait until no proxy reports the identity's KRI as issuedBackend, then run again"),
        };
        d.message.push_str(&by_zone(outcome));
        d.proxies = outcome.blocking.clone();
        out.push(d);
    }
    if outcome.unknown > 0 {
        let what = match gate {
            Gate::Converged => "no acknowledged configuration",
            Gate::Trusted { .. } => "no acknowledged configuration or trust bundle",
            Gate::Strict(_) => "no certificate time or acknowledged configuration",
            _ => "no mTLS state",
        };
        let mut d = Diagnostic::new(
            Code::ProxyStateUnknown,
            format!(
                "{} {what}, so the gate cannot be shown to hold ({ready})",
                agree(outcome.unknown, "in-scope proxy reports", "in-scope proxies report")
            ),
        )
        .at(state_location(census))
        .help("a connected proxy without an mTLS insight has no certificate yet; check it with kumactl inspect dataplanes");
        d.proxies = outcome.unknown_proxies.clone();
        out.push(d);
    }
    out
}

/// `; by zone: zone-2: 14 of 310 not ready: a, b; zone-1: …` for the zones that block.
fn by_zone(outcome: &GateOutcome) -> String {
    let parts: Vec<String> = outcome
        .zones
        .iter()
        .filter(|z| z.ready < z.total)
        .map(|z| {
            format!(
                "{}: {} of {} not ready: {}",
                z.zone,
                z.total - z.ready,
                z.total,
                z.blocking.join(", ")
            )
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("; by zone: {}", parts.join("; "))
    }
}

/// `zone-offline`: an enabled zone disconnected from global, with its proxies in the state.
pub fn zone_findings(census: &Census, settings: ScopeSettings) -> Vec<Diagnostic> {
    census
        .zones
        .iter()
        .filter(|z| z.enabled && !z.online)
        .map(|zone| {
            let in_zone = census
                .proxies
                .iter()
                .filter(|p| p.zone.map(|z| census.zone_names.name(z)) == Some(zone.name.as_str()))
                .filter(|p| p.scope(settings.now, settings.ignore_offline).counts())
                .count() as u64;
            let since = zone.since.map_or_else(
                || "has never connected to global".to_string(),
                |t| format!("is disconnected from global since {}", format_rfc3339(t)),
            );
            Diagnostic::new(
                Code::ZoneOffline,
                format!(
                    "zone `{}` {since}: it does not receive the Mesh's changes, and global shows its proxies' last insights ({} of the state)",
                    zone.name,
                    agree(in_zone, "in-scope proxy", "in-scope proxies")
                ),
            )
            .at(state_location(census))
            .help("wait until the zone's control plane is connected to global again, then run again")
        })
        .collect()
}

/// Zone egress, when the Mesh routes through it: every egress connected and running the
/// configuration of the Mesh's last change, before a switch or a removal.
pub fn egress_findings(
    gate: &Gate,
    current: &MeshDoc,
    census: Option<&Census>,
    settings: ScopeSettings,
) -> Vec<Diagnostic> {
    if current.routing.zone_egress != Some(true)
        || !matches!(gate, Gate::Switch(_) | Gate::Remove(_))
    {
        return Vec::new();
    }
    let at = current.locate("routing.zoneEgress");
    let Some(census) = census.filter(|c| !c.egresses.is_empty()) else {
        return vec![
            Diagnostic::new(
                Code::ZoneEgressUnchecked,
                "the Mesh routes through zone egress, and no zone egress state was given: the egresses' trust and certificates are not checked",
            )
            .at(at)
            .help("pass --zone-egresses FILE (kumactl inspect zoneegresses -o json), or read it live with --control-plane"),
        ];
    };
    let offline: Vec<String> = census
        .egresses
        .iter()
        .filter(|e| !e.online)
        .map(|e| e.name.clone())
        .collect();
    let mut out = Vec::new();
    if !offline.is_empty() {
        let mut d = Diagnostic::new(
            Code::ZoneEgressOffline,
            format!(
                "{} disconnected: it keeps the trust and certificate it had",
                agree(offline.len() as u64, "zone egress is", "zone egresses are")
            ),
        )
        .at(at.clone())
        .help("wait until every zone egress is connected again, then run again");
        d.proxies = offline
            .iter()
            .take(crate::check::gate::MAX_EXAMPLES)
            .cloned()
            .collect();
        out.push(d);
    }
    let behind: Vec<String> = census
        .egresses
        .iter()
        .filter(|e| e.online)
        .filter(|e| match (settings.changed_at, e.config) {
            (Some(t), Some(c)) => !c.converged_since(t),
            _ => true,
        })
        .map(|e| e.name.clone())
        .collect();
    if !behind.is_empty() {
        let when = settings.changed_at.map_or_else(
            || "an unknown time (give --changed-at)".to_string(),
            format_rfc3339,
        );
        let mut d = Diagnostic::new(
            Code::ZoneEgressNotConverged,
            format!(
                "{} not acknowledged the configuration of the Mesh's last change ({when})",
                agree(behind.len() as u64, "zone egress has", "zone egresses have")
            ),
        )
        .at(at)
        .help("wait until every zone egress runs the last configuration, then run again");
        d.proxies = behind
            .iter()
            .take(crate::check::gate::MAX_EXAMPLES)
            .cloned()
            .collect();
        out.push(d);
    }
    out
}

/// Findings about the state as a whole: empty or incomplete, merged copies, offline proxies,
/// expired certificates, KRIs and insights older than the Mesh's last change. `gated`: the step
/// at hand has a gate, so a state without this mesh's proxies refuses it.
pub fn state_findings(
    census: &Census,
    current: &MeshDoc,
    settings: ScopeSettings,
    gated: bool,
) -> Vec<Diagnostic> {
    let at = state_location(census);
    if census.is_empty() {
        return vec![state_empty(census, gated, at)];
    }
    let mut out = evidence_findings(census, &at);
    let seen = Observed::of(census, current, settings);
    out.extend(offline_findings(&seen, &at));
    out.extend(proxy_findings(&seen, current, settings, &at));
    out
}

/// What the state says about its own coverage: incomplete listings, merged copies.
fn evidence_findings(census: &Census, at: &Location) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = census
        .incomplete()
        .map(|why| state_incomplete(census, &why, at.clone()))
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
    offline_valid: Vec<(&'c str, i64)>,
    expired: Vec<&'c str>,
    ignored: Vec<&'c str>,
    /// Connected with an expired certificate.
    cert_expired: Vec<&'c str>,
    /// Connected, last regenerated before the Mesh's last change.
    stale: Vec<&'c str>,
    kri: Vec<&'c str>,
}

impl<'c> Observed<'c> {
    fn of(census: &'c Census, current: &MeshDoc, settings: ScopeSettings) -> Self {
        let mut seen = Self::default();
        let modified = current
            .modified
            .as_deref()
            .and_then(crate::input::time::parse_rfc3339);
        for proxy in &census.proxies {
            let name = proxy.name.as_str();
            let scope = proxy.scope(settings.now, settings.ignore_offline);
            match scope {
                Scope::OfflineValid(until) => seen.offline_valid.push((name, until)),
                Scope::OfflineExpired => seen.expired.push(name),
                Scope::OfflineIgnored => seen.ignored.push(name),
                Scope::Connected | Scope::NoCertificate => {}
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
                if let (Some(changed), Some(regenerated)) = (modified, mtls.regenerated)
                    && regenerated < changed
                    && !from_identity
                {
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
    if valid.is_empty() && expired.is_empty() && ignored.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if let Some((_, last)) = valid.first() {
        let until = if *last == i64::MAX {
            "an unknown time".to_string()
        } else {
            format_rfc3339(*last)
        };
        parts.push(format!(
            "{} still count because their last certificate is valid (the last until {until}): {}",
            valid.len(),
            examples(valid.iter().map(|(n, t)| {
                if *t == i64::MAX {
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
    let total = (valid.len() + expired.len() + ignored.len()) as u64;
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
        .take(crate::check::gate::MAX_EXAMPLES)
        .collect();
    Some(d)
}

/// What connected proxies report: expired certificates, stale insights, MeshIdentity KRIs.
fn proxy_findings(
    seen: &Observed<'_>,
    current: &MeshDoc,
    settings: ScopeSettings,
    at: &Location,
) -> Vec<Diagnostic> {
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
        &seen.stale,
        Code::InsightStale,
        format!(
            "{} last had certificates issued before the Mesh last changed ({}): the state may predate the last step",
            agree(
                seen.stale.len() as u64,
                "connected proxy",
                "connected proxies"
            ),
            current.modified.as_deref().unwrap_or_default()
        ),
        "export the state again a little after the last change (insights follow about 10 s later)",
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
pub fn state_incomplete(census: &Census, why: &Incomplete, at: Location) -> Diagnostic {
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
    };
    Diagnostic::new(Code::StateIncomplete, message)
        .at(at)
        .help("a gate needs every proxy: use --control-plane URL (live mode reads every page), or `meshctl snapshot` for one complete file")
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

/// `permissive-plaintext-window` when a switch lands on a PERMISSIVE backend: clients use TLS
/// to a service only once every instance of it holds a certificate from the new backend.
pub fn permissive_window(
    gate: &Gate,
    _current: &MeshDoc,
    proposed: &MeshDoc,
) -> Option<Diagnostic> {
    let Gate::Switch(to) = gate else { return None };
    let (_, backend) = proposed.mtls.backend(to)?;
    if backend.mode() != Mode::Permissive {
        return None;
    }
    Some(
        Diagnostic::new(
            Code::PermissivePlaintextWindow,
            format!("switching to `{to}`, which is PERMISSIVE: clients of a service may fall back to plaintext until every proxy of it holds a certificate from `{to}`"),
        )
        .at(proposed.locate("mtls.enabledBackend"))
        .label(format!("`{to}` is PERMISSIVE"))
        .help("watch per-service readiness with `meshctl status`, or rotate in STRICT mode"),
    )
}

/// `MeshTrust \`a\`, MeshTrust \`b\``.
pub fn names_of(refs: &[crate::check::gate::PolicyRef]) -> String {
    refs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `n` with the singular or plural phrase: "1 proxy does not", "2 proxies do not".
fn agree(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn examples(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.collect();
    let shown = names
        .iter()
        .take(crate::check::gate::MAX_EXAMPLES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > crate::check::gate::MAX_EXAMPLES {
        format!(
            "{shown} and {} more",
            names.len() - crate::check::gate::MAX_EXAMPLES
        )
    } else {
        shown
    }
}

fn first(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .take(crate::check::gate::MAX_EXAMPLES)
        .map(|n| n.to_string())
        .collect()
}

/// `gate-unchecked`: a gated step and no state to check it, pointing into `mesh`.
pub fn unchecked_gate(gate: &Gate, mesh: &MeshDoc) -> Diagnostic {
    let (what, at) = match gate {
        Gate::Switch(to) => (
            format!("switching enabledBackend to `{to}`"),
            mesh.locate("mtls.enabledBackend"),
        ),
        Gate::Remove(removed) => (
            format!("removing backend {}", quoted(removed)),
            mesh.locate("mtls.backends"),
        ),
        Gate::Strict(backend) => (
            format!("going STRICT on `{backend}`"),
            mesh.locate("mtls.enabledBackend"),
        ),
        Gate::Trusted {
            trusts,
            since: None,
        } => {
            return Diagnostic::new(
                Code::GateUnchecked,
                format!("widening the MeshIdentity is safe only once every proxy runs a configuration made since {} appeared, and when that was is not known", names_of(trusts)),
            )
            .at(mesh.locate(""))
            .label("gate not checked")
            .help("read the MeshTrusts with their creation time (`kubectl get meshtrusts -A -o yaml`, `kumactl get meshtrusts -m MESH -o yaml`) into --current, or give --changed-at RFC3339: when the last of them was created");
        }
        Gate::Trusted { trusts, .. } => (
            format!(
                "widening the MeshIdentity once {} reached every proxy",
                names_of(trusts)
            ),
            mesh.locate(""),
        ),
        Gate::Issued(identities) => (
            format!(
                "removing mtls once every proxy holds a certificate from {}",
                names_of(identities)
            ),
            mesh.locate(""),
        ),
        Gate::Retired(identity) => (format!("deleting {identity}"), mesh.locate("")),
        Gate::Converged => {
            return Diagnostic::new(
                Code::GateUnchecked,
                "turning mTLS off is safe only once every proxy runs the configuration of the Mesh's last change, and when that change was is not known",
            )
            .at(mesh.locate(""))
            .label("gate not checked")
            .help("give --changed-at RFC3339, or read the Mesh with its change time: Universal `modificationTime` (kumactl get mesh, the REST API, meshctl snapshot) or Kubernetes `managedFields` (`kubectl get mesh -o yaml --show-managed-fields`)");
        }
    };
    Diagnostic::new(
        Code::GateUnchecked,
        format!("{what} is safe only once every proxy has caught up, and no proxy state was given"),
    )
    .at(at)
    .label("gate not checked")
    .help("pass the proxies' state (--control-plane, or --state with a meshctl snapshot), or --warn gate-unchecked for an offline check")
}
