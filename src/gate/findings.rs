//! The findings of a step's gate: the proxies that block it, zones and zone egresses that hold
//! every gated step, the PERMISSIVE window of a switch, and `gate-unchecked`.

use super::state::state_location;
use super::{Gate, GateOutcome, GateStatus, MAX_EXAMPLES, ScopeSettings};
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, agree};
use crate::input::manifest::{LastChange, MeshDoc};
use crate::input::mesh::Mode;
use crate::input::time::format_rfc3339;
use crate::state::Census;

/// The findings of one evaluated gate: the proxies that block it (its waiting code, with why
/// beyond "not yet"), those whose readiness is unknown (`proxy-state-unknown`), disconnected ones
/// without a certificate record (`offline-certificate-unknown`), and for STRICT the services Kuma
/// does not count as TLS-ready and the readiness lag; nothing when it holds.
pub(crate) fn outcome_findings(
    gate: &Gate,
    outcome: &GateOutcome,
    proposed: &MeshDoc,
    census: &Census,
    settings: ScopeSettings,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if outcome.status != GateStatus::Blocked {
        return out;
    }
    let words = gate.words();
    let counted = super::counted(gate.kind());
    let ready = format!("{}/{} {counted} ready", outcome.ready, outcome.total);
    if outcome.not_ready > 0 {
        let detail = if outcome.per_proxy {
            ""
        } else {
            " (from MeshInsight counts: no proxy names)"
        };
        // The headline counts the proxies whose evidence says "not yet"; the others are told
        // apart by why they cannot be believed.
        let told_apart = outcome.rejected.count + outcome.pending.count + outcome.stale.count;
        let not_yet = outcome.not_ready.saturating_sub(told_apart);
        let tail = if not_yet == 1 {
            &words.tail.0
        } else {
            &words.tail.1
        };
        let (one, many) = words.blocked;
        let headline = if not_yet > 0 {
            format!("{} {tail} ({ready})", agree(not_yet, one, many))
        } else {
            ready.clone()
        };
        let services = unready_services(gate, outcome);
        let message = format!(
            "{}: {headline}{detail}{}{}{}",
            words.doing,
            reasons(outcome, settings),
            by_zone(outcome),
            services
                .as_ref()
                .map_or_else(String::new, |s| format!("; {s}"))
        );
        let help = match services {
            Some(_) => format!("{}; {UNREADY_HELP}", help(words.help, outcome)),
            None => help(words.help, outcome),
        };
        let mut d = Diagnostic::new(words.code, message)
            .at(proposed.locate(words.field))
            .label(words.label)
            .help(help);
        d.proxies = outcome.blocking.clone();
        out.push(d);
    }
    if outcome.unknown > 0 {
        let mut d = Diagnostic::new(
            Code::ProxyStateUnknown,
            format!(
                "{} {}, so the gate cannot be shown to hold ({ready}){}",
                agree(outcome.unknown, "in-scope proxy reports", "in-scope proxies report"),
                words.unknown,
                if outcome.per_proxy {
                    ""
                } else {
                    " (MeshInsight counts proxies without mTLS, and cannot tell registrations that never connected from proxies whose certificate record was cleared)"
                }
            ),
        )
        .at(state_location(census))
        .help("a connected proxy without an mTLS insight has no certificate yet; check it with kumactl inspect dataplanes, or give per-proxy state beside a MeshInsight");
        d.proxies = outcome.unknown_proxies.clone();
        out.push(d);
    }
    out.extend(unrecorded(outcome, census));
    out.extend(strict_conditions(gate, outcome, proposed));
    out
}

/// The gate's advice, and what to do about proxies whose evidence cannot be believed.
fn help(wait: &str, outcome: &GateOutcome) -> String {
    let mut help = wait.to_string();
    if outcome.rejected.count > 0 {
        help.push_str("; a proxy that rejected a response: see why in its Envoy log (kuma-dp); Kuma counts rejections per connection, so one rejected and later accepted holds the gate until the proxy reconnects (restart it)");
    }
    if outcome.stale.count > 0 {
        help.push_str("; evidence older than the change: take the state again (live mode and `meshctl snapshot` record when it was observed; a state observed about 15 s after the change, with Kuma's default intervals, shows what every proxy runs)");
    }
    help
}

/// Why proxies that block do: `; 2 rejected a response since they connected: a, b; …`.
fn reasons(outcome: &GateOutcome, settings: ScopeSettings) -> String {
    let change = settings
        .changed_at
        .map_or_else(String::new, |m| format!(" ({m})"));
    let mut parts = Vec::new();
    for (tally, why) in [
        (
            &outcome.rejected,
            "rejected a response since it connected (Envoy keeps its previous configuration)"
                .to_string(),
        ),
        (
            &outcome.pending,
            "not acknowledged the last response sent".to_string(),
        ),
        (
            &outcome.stale,
            format!("report evidence older than the Mesh's last change{change}"),
        ),
    ] {
        if tally.count > 0 {
            parts.push(format!(
                "; {} {why}: {}",
                tally.count,
                tally.names.join(", ")
            ));
        }
    }
    parts.concat()
}

/// `offline-certificate-unknown`: disconnected proxies whose certificate record is gone.
fn unrecorded(outcome: &GateOutcome, census: &Census) -> Option<Diagnostic> {
    let tally = &outcome.unrecorded;
    if tally.count == 0 {
        return None;
    }
    let until = outcome
        .unrecorded_until
        .map_or_else(|| "an unknown time".to_string(), |t| t.to_string());
    let mut d = Diagnostic::new(
        Code::OfflineCertificateUnknown,
        format!(
            "{} without a certificate record (Kuma clears it when a proxy disconnects): {} still serve with its last certificate and trust bundle until at most {until} (its disconnect time plus the longest dpCert lifetime of the Mesh's backends)",
            agree(tally.count, "disconnected proxy is", "disconnected proxies are"),
            if tally.count == 1 { "it may" } else { "they may" }
        ),
    )
    .at(state_location(census))
    .help("wait until then, or reconnect the proxies (they get the current certificates); if they are gone for good, --ignore-offline leaves them out");
    d.proxies = tally.names.clone();
    Some(d)
}

/// Kuma's TLS readiness of the services going STRICT would cut off, in words: None when every
/// service is ready.
fn unready_services(gate: &Gate, outcome: &GateOutcome) -> Option<String> {
    let Gate::Strict(backend) = gate else {
        return None;
    };
    if outcome.unready_services.is_empty() {
        return None;
    }
    let services: Vec<String> = outcome
        .unready_services
        .iter()
        .map(|s| {
            format!(
                "{} ({} of {} registrations; without: {})",
                s.service,
                s.holding,
                s.registrations,
                s.missing.join(", ")
            )
        })
        .collect();
    Some(format!(
        "Kuma counts {} not TLS-ready, because not every registration holds a certificate from `{backend}`, offline and never-connected ones included; PERMISSIVE clients send such a service plaintext: {}",
        agree(outcome.unready_services.len() as u64, "service", "services"),
        services.join("; ")
    ))
}

const UNREADY_HELP: &str = "wait until every registration holds a certificate; remove registrations of proxies that are gone (kumactl delete dataplane, or the pod)";

/// `strict-not-ready` for what going STRICT needs beyond each proxy's certificate, when no
/// proxy's own finding already says it.
fn strict_conditions(gate: &Gate, outcome: &GateOutcome, proposed: &MeshDoc) -> Vec<Diagnostic> {
    let Gate::Strict(backend) = gate else {
        return Vec::new();
    };
    let at = proposed.locate("mtls.enabledBackend");
    let mut out = Vec::new();
    if let Some(services) = unready_services(gate, outcome).filter(|_| outcome.not_ready == 0) {
        out.push(
            Diagnostic::new(
                Code::StrictNotReady,
                format!("going STRICT on `{backend}`: {services}"),
            )
            .at(at.clone())
            .label("not every service is TLS-ready")
            .help(UNREADY_HELP),
        );
    }
    if let Some(wait) = &outcome.readiness_wait {
        out.push(
            Diagnostic::new(
                Code::StrictNotReady,
                format!(
                    "going STRICT on `{backend}`: clients learn that every service is TLS-ready up to {}s after the newest certificate (issued {}; Kuma's insight flush, readiness, cache, refresh and acknowledgement intervals), and the state was observed at {}: wait until {}",
                    wait.lag.as_secs(),
                    wait.newest_certificate,
                    wait.observed,
                    wait.until
                ),
            )
            .at(at)
            .label("clients may not know yet")
            .help("run again after that time (live mode and `meshctl snapshot` record when the state was observed; a plain export counts as observed at the newest time it shows)"),
        );
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
pub(crate) fn zone_findings(census: &Census, settings: ScopeSettings) -> Vec<Diagnostic> {
    census
        .zones
        .iter()
        .filter(|z| z.enabled && !z.online)
        .map(|zone| {
            let in_zone = census
                .proxies
                .iter()
                .filter(|p| p.zone.map(|z| census.zone_names.name(z)) == Some(zone.name.as_str()))
                .filter(|p| settings.of(p).counts())
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
pub(crate) fn egress_findings(
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
        d.proxies = offline.iter().take(MAX_EXAMPLES).cloned().collect();
        out.push(d);
    }
    let Some(change) = settings.changed_at else {
        // Without the Mesh's last change the egresses cannot be shown to run it.
        out.push(
            Diagnostic::new(
                Code::GateUnchecked,
                format!(
                    "the zone egresses run the configuration of the Mesh's last change only if they acknowledged one after it, and when that change was is not known{}",
                    untimed_why(current)
                ),
            )
            .at(at)
            .label("gate not checked")
            .help(CHANGE_TIME_HELP),
        );
        return out;
    };
    let behind: Vec<String> = census
        .egresses
        .iter()
        .filter(|e| e.online)
        .filter(|e| {
            // As `converged` in evaluate.rs: built on the change, or the last exchange after it in
            // a state observed late enough.
            let after = settings.intervals.witnessed_from(change);
            let late = census
                .observed()
                .is_some_and(|o| o >= after.plus(settings.intervals.flush_lag()));
            let last = |c: &crate::state::ConfigAck| {
                late && c.clean() && c.updated.is_some_and(|t| t >= change.proven_after())
            };
            e.config
                .is_none_or(|c| !c.converged_since(after) && !last(&c))
        })
        .map(|e| e.name.clone())
        .collect();
    if !behind.is_empty() {
        let mut d = Diagnostic::new(
            Code::ZoneEgressNotConverged,
            format!(
                "{} not acknowledged the configuration of the Mesh's last change ({change})",
                agree(behind.len() as u64, "zone egress has", "zone egresses have")
            ),
        )
        .at(at)
        .help("wait until every zone egress runs the last configuration, then run again");
        d.proxies = behind.iter().take(MAX_EXAMPLES).cloned().collect();
        out.push(d);
    }
    out
}

/// Where the time of the Mesh's last change can come from.
const CHANGE_TIME_HELP: &str = "give --changed-at RFC3339, or read the Mesh with its change time: Universal `modificationTime` (kumactl get mesh, the REST API, meshctl snapshot of a Universal control plane) or Kubernetes `managedFields` (`kubectl get mesh -o yaml --show-managed-fields`)";

/// Why the Mesh's own time is not its last change, when it carries one that is not.
fn untimed_why(mesh: &MeshDoc) -> String {
    match mesh.last_change {
        LastChange::Creation(at) => format!(
            ": the Mesh comes from a control plane that stores it in Kubernetes, whose `modificationTime` ({at}) is the creation time"
        ),
        LastChange::MaybeCreation(at) => format!(
            ": the Mesh carries the label Kuma's Kubernetes store adds (`kuma.io/display-name`), so its `modificationTime` ({at}) may be the creation time, and nothing says which store served it (a snapshot records it; live mode reads GET /config)"
        ),
        _ => String::new(),
    }
}

/// `permissive-plaintext-window` when a switch lands on a PERMISSIVE backend: clients use TLS
/// to a service only once every instance of it holds a certificate from the new backend.
pub(crate) fn permissive_window(gate: &Gate, proposed: &MeshDoc) -> Option<Diagnostic> {
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

/// `gate-unchecked`: a gated step and no state to check it, or a state that cannot date the
/// change the gate waits for; pointing into `mesh`.
pub(crate) fn unchecked_gate(gate: &Gate, mesh: &MeshDoc, state_given: bool) -> Diagnostic {
    let words = gate.words();
    if let (true, Some((message, help))) = (state_given, words.untimed.clone()) {
        return Diagnostic::new(
            Code::GateUnchecked,
            format!("{message}{}", untimed_why(mesh)),
        )
        .at(mesh.locate(""))
        .label("gate not checked")
        .help(help);
    }
    Diagnostic::new(
        Code::GateUnchecked,
        format!(
            "{} is safe only once every proxy has caught up, and no proxy state was given",
            words.unchecked
        ),
    )
    .at(mesh.locate(words.field))
    .label("gate not checked")
    .help("pass the proxies' state (--control-plane, or --state with a meshctl snapshot), or --warn gate-unchecked for an offline check")
}

/// The findings of a gate on the observed state: blocking proxies, unknown state, zones and zone
/// egresses, and the PERMISSIVE window. Without state, `gate-unchecked` when `require_state`
/// (validate, next-step), and nothing otherwise (plan shows the gate as unchecked).
pub(crate) fn gate_findings(
    gate: &Gate,
    outcome: Option<&GateOutcome>,
    current: &MeshDoc,
    target: &MeshDoc,
    census: Option<&Census>,
    settings: ScopeSettings,
    require_state: bool,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = permissive_window(gate, target).into_iter().collect();
    match (census, outcome) {
        (Some(census), Some(outcome)) => {
            if outcome.status == GateStatus::Unchecked {
                out.push(unchecked_gate(gate, current, true));
            }
            out.extend(outcome_findings(gate, outcome, target, census, settings));
            out.extend(zone_findings(census, settings));
            out.extend(egress_findings(gate, current, Some(census), settings));
        }
        _ if require_state => {
            out.push(unchecked_gate(gate, target, false));
            out.extend(egress_findings(gate, current, None, settings));
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::loaded::Loaded;
    use crate::input::source::Source;

    #[test]
    fn the_help_adds_what_to_do_about_rejected_and_stale_evidence_only_when_there_is_some() {
        let mut outcome = GateOutcome::default();
        assert_eq!(help("wait", &outcome), "wait");
        outcome.rejected.count = 1;
        let rejected = help("wait", &outcome);
        assert!(
            rejected.starts_with("wait; a proxy that rejected a response")
                && !rejected.contains("older"),
            "{rejected}"
        );
        outcome.rejected.count = 0;
        outcome.stale.count = 1;
        let stale = help("wait", &outcome);
        assert!(
            stale.starts_with("wait; evidence older than the change")
                && !stale.contains("rejected"),
            "{stale}"
        );
    }

    #[test]
    fn an_offline_zone_counts_its_own_in_scope_proxies() {
        let mut census = Census::default();
        let (west, east) = (
            census.zone_names.intern("west"),
            census.zone_names.intern("east"),
        );
        let proxy = |name: &str, zone| crate::state::Proxy {
            name: name.to_string(),
            zone: Some(zone),
            online: true,
            has_insight: true,
            connected_before: true,
            ..crate::state::Proxy::default()
        };
        census.proxies = vec![proxy("a", west), proxy("b", west), proxy("c", east)];
        census.zones = vec![crate::state::Zone {
            name: "west".to_string(),
            enabled: true,
            online: false,
            since: None,
        }];
        let found = zone_findings(&census, ScopeSettings::default());
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("zone `west` has never connected to global")
                && found[0]
                    .message
                    .contains("(2 in-scope proxies of the state)"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn the_headline_agrees_with_the_number_of_proxies_not_ready_yet() {
        let text = "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: builtin\n";
        let proposed = Loaded::parse(Source::new("proposed.yaml", text), None)
            .unwrap()
            .mesh;
        let gate = Gate::Trusted {
            trusts: Vec::new(),
            since: None,
        };
        let headline = |not_ready: u64| {
            let outcome = GateOutcome {
                status: GateStatus::Blocked,
                per_proxy: true,
                not_ready,
                total: 3,
                ready: 3 - not_ready,
                ..GateOutcome::default()
            };
            let found = outcome_findings(
                &gate,
                &outcome,
                &proposed,
                &Census::default(),
                ScopeSettings::default(),
            );
            found[0].message.clone()
        };
        let one = headline(1);
        assert!(
            one.contains("1 in-scope proxy has not acknowledged")
                && one.contains("or does not list it"),
            "{one}"
        );
        let two = headline(2);
        assert!(
            two.contains("2 in-scope proxies have not acknowledged")
                && two.contains("or do not list it"),
            "{two}"
        );
    }
}
