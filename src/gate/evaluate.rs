//! Evaluating a gate on the census: per proxy (every copy of a proxy that counts must be ready,
//! unknown state is never ready), or from MeshInsight counts when that is all there is; with both,
//! the gate holds only if it holds on both (README "Evidence": unambiguous).

use super::{Gate, GateOutcome, GateStatus, MAX_EXAMPLES, ScopeSettings, ZoneProgress};
use crate::input::identity::Kri;
use crate::state::{Census, Proxy};

/// The gate on the state. With per-proxy state and a MeshInsight together it holds only if it
/// holds on both (README "Evidence": unambiguous).
pub(crate) fn evaluate(gate: &Gate, census: &Census, settings: ScopeSettings) -> GateOutcome {
    if !census.per_proxy() {
        return aggregate(gate, census, settings);
    }
    let outcome = per_proxy(gate, census, settings);
    if census.aggregate.is_none() || outcome.status == GateStatus::Blocked {
        return outcome;
    }
    let counted = aggregate(gate, census, settings);
    if counted.status == GateStatus::Blocked {
        counted
    } else {
        outcome
    }
}

fn per_proxy(gate: &Gate, census: &Census, settings: ScopeSettings) -> GateOutcome {
    // Without the Mesh's last change the convergence gate cannot be judged.
    let Some(test) = Readiness::of(gate, census, settings) else {
        return GateOutcome::unchecked();
    };
    let mut outcome = GateOutcome {
        per_proxy: true,
        ..GateOutcome::unchecked()
    };
    for proxy in &census.proxies {
        // Every copy of a proxy that still counts must be ready: the evidence is the least
        // ready of them, whatever order the files were read in.
        let counting = || {
            proxy
                .all_copies()
                .filter(|p| p.scope(settings.now, settings.ignore_offline).counts())
        };
        if counting().next().is_none() {
            continue;
        }
        outcome.total += 1;
        let zone = proxy.zone.map(|z| census.zone_names.name(z));
        let verdicts = || counting().map(|p| test.ready(p));
        let verdict = if verdicts().any(|v| v == Some(false)) {
            Some(false)
        } else if verdicts().any(|v| v.is_none()) {
            None
        } else {
            Some(true)
        };
        if let Some(zone) = zone {
            tally(&mut outcome.zones, zone, verdict == Some(true), &proxy.name);
        }
        match verdict {
            Some(true) => outcome.ready += 1,
            Some(false) => {
                outcome.not_ready += 1;
                if outcome.blocking.len() < MAX_EXAMPLES {
                    // Going STRICT cuts off a service: say which one each proxy serves.
                    let service = proxy
                        .service
                        .filter(|_| matches!(gate, Gate::Strict(_)))
                        .map(|s| census.services.name(s));
                    outcome.blocking.push(match service {
                        Some(service) => format!("{} ({service})", proxy.name),
                        None => proxy.name.clone(),
                    });
                }
            }
            None => {
                outcome.unknown += 1;
                if outcome.unknown_proxies.len() < MAX_EXAMPLES {
                    outcome.unknown_proxies.push(proxy.name.clone());
                }
            }
        }
    }
    outcome
        .zones
        .sort_by_key(|z| (std::cmp::Reverse(z.total - z.ready), z.zone.clone()));
    outcome.status = if outcome.ready == outcome.total {
        GateStatus::Holds
    } else {
        GateStatus::Blocked
    };
    outcome
}

/// Counts a proxy of `zone`: ready or not.
fn tally(zones: &mut Vec<ZoneProgress>, zone: &str, ready: bool, name: &str) {
    let i = match zones.iter().position(|z| z.zone == zone) {
        Some(i) => i,
        None => {
            zones.push(ZoneProgress {
                zone: zone.to_string(),
                ready: 0,
                total: 0,
                blocking: Vec::new(),
            });
            zones.len() - 1
        }
    };
    let entry = &mut zones[i];
    entry.total += 1;
    if ready {
        entry.ready += 1;
    } else if entry.blocking.len() < MAX_EXAMPLES {
        entry.blocking.push(name.to_string());
    }
}

/// A gate's test of one proxy, with backend names resolved to census indexes once.
enum Readiness {
    /// Ready when it trusts this backend (None: no proxy knows the backend at all).
    Trusts(Option<u32>),
    /// Ready when its certificate comes from none of these.
    NotIssuedBy(Vec<u32>),
    /// Ready when its certificate comes from this backend and it runs a configuration made once
    /// the control plane could see every certificate (its clients' TLS readiness is then true).
    IssuedBy(Option<u32>, Option<i64>),
    /// Ready when it acknowledged a configuration at or after this instant.
    ConvergedSince(i64),
    /// Ready when it acknowledged a configuration at or after `since` and, holding a certificate
    /// from a MeshIdentity (`kri_mid_…`), lists every one of `trusts` in its supportedBackends.
    Delivered {
        /// Per MeshTrust, the census names (KRIs) that name it: each must be listed.
        trusts: Vec<Vec<u32>>,
        identity_issued: Vec<u32>,
        since: i64,
    },
    /// Ready when its certificate comes from one of these (a proxy without one is not ready).
    IssuedByAny(Vec<u32>),
}

impl Readiness {
    fn of(gate: &Gate, census: &Census, settings: ScopeSettings) -> Option<Self> {
        let changed_at = settings.changed_at;
        Some(match gate {
            Gate::Switch(to) => Readiness::Trusts(census.backends.get(to)),
            Gate::Remove(removed) => Readiness::NotIssuedBy(
                removed
                    .iter()
                    .filter_map(|b| census.backends.get(b))
                    .collect(),
            ),
            Gate::Strict(backend) => {
                Readiness::IssuedBy(census.backends.get(backend), ready_since(census, settings))
            }
            Gate::Converged => Readiness::ConvergedSince(changed_at?),
            Gate::Trusted { trusts, since } => Readiness::Delivered {
                trusts: trusts.iter().map(|t| t.indexes(census)).collect(),
                identity_issued: census
                    .backends
                    .iter()
                    .filter(|(_, name)| Kri::parse(name).is_some_and(|k| k.short == "mid"))
                    .map(|(i, _)| i)
                    .collect(),
                since: (*since)?,
            },
            Gate::Issued(identities) => {
                Readiness::IssuedByAny(identities.iter().flat_map(|i| i.indexes(census)).collect())
            }
            Gate::Retired(identity) => Readiness::NotIssuedBy(identity.indexes(census)),
        })
    }

    /// Some(ready) for a proxy whose mTLS state says, None when it does not: no `mTLS`, or
    /// without the field the gate reads (README "Evidence": known).
    fn ready(&self, proxy: &Proxy) -> Option<bool> {
        match self {
            // A proxy without mTLS state holds no certificate: not ready, rather than unknown.
            Readiness::IssuedBy(backend, since) => {
                let holds = proxy
                    .mtls
                    .as_ref()
                    .is_some_and(|m| m.issued.is_some() && m.issued == *backend);
                if !holds {
                    return Some(false);
                }
                // Unknown when the certificates' times or the proxy's configuration are unknown.
                let since = (*since)?;
                return proxy.config.map(|c| c.updated.is_some_and(|t| t >= since));
            }
            Readiness::ConvergedSince(t) => {
                return proxy.config.map(|c| c.converged_since(*t));
            }
            Readiness::IssuedByAny(indexes) => {
                return Some(
                    proxy
                        .mtls
                        .as_ref()
                        .and_then(|m| m.issued)
                        .is_some_and(|i| indexes.contains(&i)),
                );
            }
            Readiness::Delivered {
                trusts,
                identity_issued,
                since,
            } => {
                let converged = proxy.config.map(|c| c.converged_since(*since))?;
                let under_identity = proxy
                    .mtls
                    .as_ref()
                    .and_then(|m| m.issued)
                    .is_some_and(|i| identity_issued.contains(&i));
                if !converged || !under_identity {
                    return Some(converged);
                }
                let mtls = proxy.mtls.as_ref()?;
                return mtls.supported_known.then(|| {
                    trusts
                        .iter()
                        .all(|names| names.iter().any(|t| mtls.trusts(*t)))
                });
            }
            _ => {}
        }
        let mtls = proxy.mtls.as_ref()?;
        match self {
            Readiness::Trusts(index) => mtls
                .supported_known
                .then(|| index.is_some_and(|i| mtls.trusts(i))),
            Readiness::NotIssuedBy(indexes) => mtls.issued.map(|i| !indexes.contains(&i)),
            Readiness::IssuedBy(..)
            | Readiness::ConvergedSince(_)
            | Readiness::Delivered { .. }
            | Readiness::IssuedByAny(_) => None,
        }
    }
}

/// How long after the newest certificate the control plane may take to see it in the insights
/// and push the configurations in which every service is TLS-ready (insights follow about 10 s).
pub(super) const READINESS_LAG: i64 = 60;

/// When the clients' TLS readiness can be true: the newest certificate of an in-scope proxy,
/// plus the lag of the insights. `None` when a certificate's time is not known.
fn ready_since(census: &Census, settings: ScopeSettings) -> Option<i64> {
    let mut newest = i64::MIN;
    for proxy in &census.proxies {
        for copy in proxy.all_copies() {
            if !copy.scope(settings.now, settings.ignore_offline).counts() {
                continue;
            }
            if let Some(m) = &copy.mtls {
                newest = newest.max(m.regenerated?);
            }
        }
    }
    Some(newest.saturating_add(READINESS_LAG))
}

/// From MeshInsight counts. Proxies with a certificate are those counted under some
/// `issuedBackends` key; connected proxies beyond them have no mTLS state. Disconnected proxies
/// count unless `--ignore-offline`, since their certificate's expiry is not known here.
fn aggregate(gate: &Gate, census: &Census, settings: ScopeSettings) -> GateOutcome {
    let Some(agg) = census.aggregate.as_ref() else {
        return GateOutcome::unchecked();
    };
    // Kuma counts a proxy with some unready inbound as partially degraded: it is connected.
    let pick = |c: &crate::state::Counts| {
        if settings.ignore_offline {
            c.connected()
        } else {
            c.total
        }
    };
    let with_mtls: u64 = agg.issued.values().map(pick).sum();
    let connected_with_mtls: u64 = agg.issued.values().map(|c| c.connected()).sum();
    let unknown = agg
        .dataplanes
        .connected()
        .saturating_sub(connected_with_mtls);
    let total = with_mtls + unknown;
    let ready = match gate {
        // Counts say nothing of acknowledged configurations: every proxy is unknown.
        Gate::Converged | Gate::Trusted { .. } => {
            let everyone = pick(&agg.dataplanes);
            return GateOutcome {
                status: GateStatus::Blocked,
                total: everyone,
                unknown: everyone,
                ..GateOutcome::unchecked()
            };
        }
        // Proxies without a certificate hold none from the backend or identity: not ready.
        Gate::Strict(backend) => {
            let holding = agg.issued.get(backend).map_or(0, pick);
            return holding_outcome(holding, pick(&agg.dataplanes).max(total));
        }
        Gate::Issued(identities) => {
            let holding: u64 = agg
                .issued
                .iter()
                .filter(|(k, _)| identities.iter().any(|i| i.named_by(k)))
                .map(|(_, c)| pick(c))
                .sum();
            return holding_outcome(holding, pick(&agg.dataplanes).max(total));
        }
        Gate::Retired(identity) => {
            let still: u64 = agg
                .issued
                .iter()
                .filter(|(k, _)| identity.named_by(k))
                .map(|(_, c)| pick(c))
                .sum();
            with_mtls.saturating_sub(still)
        }
        Gate::Switch(to) => agg.supported.get(to).map_or(0, pick).min(with_mtls),
        Gate::Remove(removed) => {
            let still: u64 = removed
                .iter()
                .filter_map(|b| agg.issued.get(b))
                .map(pick)
                .sum();
            with_mtls.saturating_sub(still)
        }
    };
    GateOutcome {
        status: if ready == total {
            GateStatus::Holds
        } else {
            GateStatus::Blocked
        },
        ready,
        total,
        not_ready: with_mtls - ready,
        unknown,
        blocking: Vec::new(),
        unknown_proxies: Vec::new(),
        per_proxy: false,
        zones: Vec::new(),
    }
}

/// From counts: `holding` of `everyone` hold the certificate the gate wants.
fn holding_outcome(holding: u64, everyone: u64) -> GateOutcome {
    GateOutcome {
        status: if holding >= everyone {
            GateStatus::Holds
        } else {
            GateStatus::Blocked
        },
        ready: holding,
        total: everyone,
        not_ready: everyone.saturating_sub(holding),
        ..GateOutcome::unchecked()
    }
}
