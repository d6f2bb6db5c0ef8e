//! Evaluating a gate on the census: per proxy (every copy of a proxy that counts must be ready,
//! unknown state is never ready), or from MeshInsight counts when that is all there is; with both,
//! the gate holds only if it holds on both (README "Evidence": unambiguous). Each field is read
//! for what Kuma's code makes of it (ARCHITECTURE.md "Evidence means what Kuma means").

use super::{
    Gate, GateOutcome, GateStatus, MAX_EXAMPLES, ReadinessWait, ScopeSettings, ServiceReadiness,
    ZoneProgress,
};
use crate::input::identity::Kri;
use crate::input::time::{Moment, Timestamp};
use crate::state::{Census, Proxy, ProxyMtls, Scope};

/// The gate on the state. With per-proxy state and a MeshInsight together it holds only if it
/// holds on both (README "Evidence": unambiguous).
pub(crate) fn evaluate(gate: &Gate, census: &Census, settings: ScopeSettings) -> GateOutcome {
    if !census.per_proxy() {
        return super::aggregate::aggregate(gate, census, settings);
    }
    let outcome = per_proxy(gate, census, settings);
    if census.aggregate.is_none() || outcome.status == GateStatus::Blocked {
        return outcome;
    }
    let counted = super::aggregate::aggregate(gate, census, settings);
    if counted.status == GateStatus::Blocked {
        counted
    } else {
        outcome
    }
}

/// What one proxy's evidence says of a gate, best first: the copies of a proxy count by the
/// worst of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Judged {
    Ready,
    /// No `mTLS`, or without the field the gate reads (README "Evidence": known).
    Unknown,
    /// Disconnected, its certificate record cleared; it may serve until then.
    Unrecorded(Timestamp),
    /// The evidence predates the Mesh's last change: it cannot witness it.
    Stale,
    /// A response sent to it is not acknowledged yet.
    Pending,
    /// It rejected a response: Envoy may run its previous certificate and trust bundle.
    Rejected,
    NotYet,
}

fn per_proxy(gate: &Gate, census: &Census, settings: ScopeSettings) -> GateOutcome {
    // Without the time it waits on, a convergence gate cannot be judged.
    let Some(test) = Readiness::of(gate, census, settings) else {
        return GateOutcome::unchecked();
    };
    let mut outcome = GateOutcome {
        per_proxy: true,
        ..GateOutcome::unchecked()
    };
    let observed = census.observed();
    for proxy in &census.proxies {
        // Every copy of a proxy that still counts must be ready: the evidence is the least
        // ready of them, whatever order the files were read in.
        let judged = proxy
            .all_copies()
            .filter_map(|p| {
                let scope = settings.of(p);
                scope
                    .counts()
                    .then(|| test.judge(p, scope, settings, observed))
            })
            .max()
            .or_else(|| registration(gate, proxy, census, settings));
        let Some(judged) = judged else { continue };
        outcome.total += 1;
        if let Some(zone) = proxy.zone.map(|z| census.zone_names.name(z)) {
            tally(
                &mut outcome.zones,
                zone,
                judged == Judged::Ready,
                &proxy.name,
            );
        }
        record(&mut outcome, gate, census, proxy, judged, settings);
    }
    if let Gate::Strict(backend) = gate {
        strict_conditions(&mut outcome, census, settings, backend);
    }
    outcome
        .zones
        .sort_by_key(|z| (std::cmp::Reverse(z.total - z.ready), z.zone.clone()));
    let extra = !outcome.unready_services.is_empty() || outcome.readiness_wait.is_some();
    outcome.status = if outcome.ready == outcome.total && !extra {
        GateStatus::Holds
    } else {
        GateStatus::Blocked
    };
    outcome
}

/// Going STRICT, a registration outside the scope (never connected, disconnected with its
/// certificate expired or left out) still counts: Kuma's TLS readiness of its services waits for
/// it (`unready_services`).
fn registration(
    gate: &Gate,
    proxy: &Proxy,
    census: &Census,
    settings: ScopeSettings,
) -> Option<Judged> {
    let Gate::Strict(backend) = gate else {
        return None;
    };
    if settings.off.registrations || proxy.service.is_none() {
        return None;
    }
    let index = census.backends.get(backend);
    Some(
        if proxy.all_copies().all(|p| holds(p.mtls.as_ref(), index)) {
            Judged::Ready
        } else {
            Judged::NotYet
        },
    )
}

/// Counts one proxy's verdict in the outcome.
fn record(
    outcome: &mut GateOutcome,
    gate: &Gate,
    census: &Census,
    proxy: &Proxy,
    judged: Judged,
    settings: ScopeSettings,
) {
    let name = proxy.name.as_str();
    match judged {
        Judged::Ready => outcome.ready += 1,
        Judged::Unknown => {
            outcome.unknown += 1;
            if outcome.unknown_proxies.len() < MAX_EXAMPLES {
                outcome.unknown_proxies.push(name.to_string());
            }
        }
        Judged::Unrecorded(until) => {
            outcome.unrecorded.add(name);
            outcome.unrecorded_until = outcome.unrecorded_until.max(Some(until));
        }
        Judged::Stale | Judged::Pending | Judged::Rejected | Judged::NotYet => {
            outcome.not_ready += 1;
            match judged {
                Judged::Stale => outcome.stale.add(name),
                Judged::Pending => outcome.pending.add(name),
                Judged::Rejected => outcome.rejected.add(name),
                _ => {}
            }
            if outcome.blocking.len() < MAX_EXAMPLES {
                // Going STRICT cuts off a service: say which one each proxy serves, and why a
                // registration outside the scope counts.
                let service = proxy
                    .service
                    .filter(|_| matches!(gate, Gate::Strict(_)))
                    .map(|s| census.services.name(s));
                let why = match settings.of(proxy) {
                    Scope::NoCertificate => ", never connected",
                    Scope::OfflineExpired | Scope::OfflineIgnored => ", offline",
                    _ => "",
                };
                outcome.blocking.push(match service {
                    Some(service) => format!("{name} ({service}{why})"),
                    None => name.to_string(),
                });
            }
        }
    }
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

/// When the control plane's evidence witnesses a change: written once configurations were built
/// on it (`Intervals::witnessed_from`), or read from a state observed late enough that every
/// connected proxy's insight was flushed since then. A quiet proxy gets no new certificate or
/// configuration when a change leaves its own unchanged (a Mesh applied again as it was), so
/// waiting for one would never end; a state observed late enough shows what it runs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Witness {
    /// The change itself, at its precision.
    change: Timestamp,
    after: Timestamp,
    pub(super) observed_late: bool,
}

impl Witness {
    /// `observed`: when the state was observed (`Census::observed`).
    pub(super) fn of(change: Moment, observed: Option<Timestamp>, settings: ScopeSettings) -> Self {
        let after = settings.intervals.witnessed_from(change);
        let flushed = after.plus(settings.intervals.flush_lag());
        Witness {
            change: change.proven_after(),
            after,
            observed_late: observed.is_some_and(|o| o >= flushed),
        }
    }

    pub(super) fn written(self, at: Option<Timestamp>) -> bool {
        at.is_some_and(|t| t >= self.after)
    }

    /// An exchange after the change that is the last one a state observed late enough shows: if
    /// it was built on a mesh context older than the change, the proxy's next refresh tick would
    /// have pushed again before the state was observed (unless the change left its configuration
    /// as it was). Against kuma-cp 2.14 proxies acknowledged new policies 0 to 1.7 s after they
    /// were stored and nothing afterwards: waiting for an exchange 2 s later never ended.
    fn last_exchange_after(self, at: Option<Timestamp>) -> bool {
        self.observed_late && at.is_some_and(|t| t >= self.change)
    }
}

/// A gate's test of one proxy, with backend names resolved to census indexes once.
enum Readiness {
    /// Ready when it trusts this backend (None: no proxy knows the backend at all).
    Trusts(Option<u32>),
    /// Ready when its certificate comes from none of these.
    NotIssuedBy(Vec<u32>),
    /// The same for a MeshIdentity that is retired.
    NotIssuedByIdentity(Vec<u32>),
    /// Ready when its certificate comes from this backend (the service-wide conditions of going
    /// STRICT are judged beside, in `strict_conditions`).
    IssuedBy(Option<u32>),
    /// Ready when it acknowledged a configuration after this change.
    ConvergedSince(Moment),
    /// Ready when it acknowledged a configuration after `since` and, holding a certificate
    /// from a MeshIdentity (`kri_mid_…`), lists every one of `trusts` in its supportedBackends.
    Delivered {
        /// Per MeshTrust, the census names (KRIs) that name it: each must be listed.
        trusts: Vec<Vec<u32>>,
        identity_issued: Vec<u32>,
        since: Moment,
    },
    /// Ready when its certificate comes from one of these (a proxy without one is not ready).
    IssuedByAny(Vec<u32>),
}

impl Readiness {
    fn of(gate: &Gate, census: &Census, settings: ScopeSettings) -> Option<Self> {
        Some(match gate {
            Gate::Switch(to) => Readiness::Trusts(census.backends.get(to)),
            Gate::Remove(removed) => Readiness::NotIssuedBy(
                removed
                    .iter()
                    .filter_map(|b| census.backends.get(b))
                    .collect(),
            ),
            Gate::Strict(backend) => Readiness::IssuedBy(census.backends.get(backend)),
            Gate::Converged => Readiness::ConvergedSince(settings.changed_at?),
            Gate::Authorized { since } => Readiness::ConvergedSince((*since)?),
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
            Gate::Retired(identity) => Readiness::NotIssuedByIdentity(identity.indexes(census)),
        })
    }

    /// One counting copy of a proxy, judged.
    fn judge(
        &self,
        proxy: &Proxy,
        scope: Scope,
        settings: ScopeSettings,
        observed: Option<Timestamp>,
    ) -> Judged {
        let witness = |change: Moment| Witness::of(change, observed, settings);
        match self {
            Readiness::ConvergedSince(change) => converged(proxy, witness(*change)),
            Readiness::Delivered {
                trusts,
                identity_issued,
                since,
            } => delivered(proxy, trusts, identity_issued, witness(*since)),
            _ => {
                if let (Scope::OfflineUnrecorded(until), None) = (scope, &proxy.mtls) {
                    return Judged::Unrecorded(until);
                }
                let judged = self.certificate(proxy);
                if judged != Judged::Ready {
                    return judged;
                }
                // Moving `Mesh.mtls` between backends changes only Secrets; going STRICT and
                // MeshIdentity moves change clusters and listeners as well.
                let secrets_only = matches!(self, Readiness::Trusts(_) | Readiness::NotIssuedBy(_));
                let witness = settings.changed_at.map(witness);
                fresh_and_accepted(proxy, settings, witness, secrets_only)
            }
        }
    }

    /// What a proxy's `mTLS` says of the certificates a gate waits on.
    fn certificate(&self, proxy: &Proxy) -> Judged {
        let Some(mtls) = proxy.mtls.as_ref() else {
            // A proxy without mTLS state holds no certificate: not ready, rather than unknown.
            return match self {
                Readiness::IssuedBy(_) | Readiness::IssuedByAny(_) => Judged::NotYet,
                _ => Judged::Unknown,
            };
        };
        let yes = |ready: bool| if ready { Judged::Ready } else { Judged::NotYet };
        match self {
            Readiness::Trusts(index) if mtls.supported_known => {
                yes(index.is_some_and(|i| mtls.trusts(i)))
            }
            Readiness::Trusts(_) => Judged::Unknown,
            Readiness::NotIssuedBy(indexes) | Readiness::NotIssuedByIdentity(indexes) => {
                match mtls.issued {
                    Some(i) => yes(!indexes.contains(&i)),
                    None => Judged::Unknown,
                }
            }
            Readiness::IssuedBy(backend) => yes(mtls.issued.is_some() && mtls.issued == *backend),
            Readiness::IssuedByAny(indexes) => {
                yes(mtls.issued.is_some_and(|i| indexes.contains(&i)))
            }
            Readiness::ConvergedSince(_) | Readiness::Delivered { .. } => Judged::Unknown,
        }
    }
}

/// A proxy's `mTLS` is what the control plane generated, not what Envoy accepted
/// (`dataplane_status_sink.go`, release-2.14): it witnesses the Mesh's last change only when
/// written late enough (`Witness`), and only while no response to the proxy is pending and no
/// certificate or trust bundle was rejected. A disconnected proxy's record is what it still
/// serves with, so a state observed late enough witnesses it too.
fn fresh_and_accepted(
    proxy: &Proxy,
    settings: ScopeSettings,
    witness: Option<Witness>,
    secrets_only: bool,
) -> Judged {
    if let Some(witness) = witness.filter(|_| !settings.off.stale_evidence) {
        let regenerated = witness.written(proxy.mtls.as_ref().and_then(|m| m.regenerated));
        let exchanged = witness.written(proxy.config.and_then(|c| c.updated));
        if !regenerated && !exchanged && !witness.observed_late {
            return Judged::Stale;
        }
    }
    match proxy.config {
        _ if settings.off.rejections => Judged::Ready,
        Some(c) if secrets_only && c.secrets_rejected() > 0 => Judged::Rejected,
        Some(c) if !secrets_only && c.rejected > 0 => Judged::Rejected,
        Some(c) if c.pending() => Judged::Pending,
        _ => Judged::Ready,
    }
}

/// Runs the configuration of a change: exchanged once configurations were built on it (or last
/// exchanged after it, in a state observed late enough), every response acknowledged, none
/// rejected. Nothing in an insight says which mode or policy a proxy runs, so only an exchange
/// after the change witnesses it; a state observed late with no exchange since the change does
/// not (a control plane slow to push would pass for one that pushed nothing new).
fn converged(proxy: &Proxy, witness: Witness) -> Judged {
    match proxy.config {
        None => Judged::Unknown,
        Some(c) if !witness.written(c.updated) && !witness.last_exchange_after(c.updated) => {
            Judged::NotYet
        }
        Some(c) if c.rejected > 0 => Judged::Rejected,
        Some(c) if c.pending() => Judged::Pending,
        Some(_) => Judged::Ready,
    }
}

fn delivered(
    proxy: &Proxy,
    trusts: &[Vec<u32>],
    identity_issued: &[u32],
    witness: Witness,
) -> Judged {
    let converged = converged(proxy, witness);
    let under_identity = proxy
        .mtls
        .as_ref()
        .and_then(|m| m.issued)
        .is_some_and(|i| identity_issued.contains(&i));
    if converged != Judged::Ready || !under_identity {
        return converged;
    }
    match proxy.mtls.as_ref() {
        Some(mtls) if mtls.supported_known => {
            let all = trusts
                .iter()
                .all(|names| names.iter().any(|t| mtls.trusts(*t)));
            if all { Judged::Ready } else { Judged::NotYet }
        }
        _ => Judged::Unknown,
    }
}

/// Going STRICT on `backend`, beyond every in-scope proxy holding a certificate from it: every
/// service TLS-ready as Kuma counts it, and the readiness lag past when the state was observed.
fn strict_conditions(
    outcome: &mut GateOutcome,
    census: &Census,
    settings: ScopeSettings,
    backend: &str,
) {
    let index = census.backends.get(backend);
    if !settings.off.registrations {
        outcome.unready_services = unready_services(census, index, settings);
    }
    let newest = census
        .proxies
        .iter()
        .flat_map(Proxy::all_copies)
        .filter(|p| settings.of(p).counts())
        .filter_map(|p| p.mtls.as_ref())
        .filter(|m| m.issued.is_some() && m.issued == index)
        .filter_map(|m| m.regenerated)
        .max();
    let lag = settings.intervals.readiness_lag();
    let observed = census.observed();
    if let (Some(newest), Some(observed), false) = (newest, observed, settings.off.readiness_lag) {
        let until = newest.plus(lag);
        if observed < until {
            outcome.readiness_wait = Some(ReadinessWait {
                newest_certificate: newest,
                until,
                observed,
                lag,
            });
        }
    }
}

/// Kuma's TLS readiness: a service is ready only when every registration of it, whatever its
/// status (offline and never-connected included), holds a certificate from the enabled backend
/// (`mesh_context_builder.go` over ServiceInsight counts, `pkg/insights/resyncer.go`,
/// release-2.14); in PERMISSIVE, clients send plaintext to a service that is not.
fn unready_services(
    census: &Census,
    backend: Option<u32>,
    settings: ScopeSettings,
) -> Vec<ServiceReadiness> {
    let mut services: Vec<ServiceReadiness> = Vec::new();
    for proxy in &census.proxies {
        let holds = proxy.all_copies().all(|p| holds(p.mtls.as_ref(), backend));
        for service in proxy.service.iter().chain(&proxy.more_services) {
            let name = census.services.name(*service);
            let i = match services.iter().position(|s| s.service == name) {
                Some(i) => i,
                None => {
                    services.push(ServiceReadiness {
                        service: name.to_string(),
                        holding: 0,
                        registrations: 0,
                        out_of_scope: 0,
                        missing: Vec::new(),
                    });
                    services.len() - 1
                }
            };
            let entry = &mut services[i];
            entry.registrations += 1;
            if holds {
                entry.holding += 1;
            } else if !settings.of(proxy).counts() {
                // In-scope proxies without one are named by the gate already.
                entry.out_of_scope += 1;
                if entry.missing.len() < MAX_EXAMPLES {
                    entry.missing.push(why_missing(proxy, settings));
                }
            }
        }
    }
    services.retain(|s| s.out_of_scope > 0);
    services
}

fn holds(mtls: Option<&ProxyMtls>, backend: Option<u32>) -> bool {
    mtls.is_some_and(|m| m.issued.is_some() && m.issued == backend)
}

/// `web-3 (never connected)`, `web-2 (offline)`, `web-1`.
fn why_missing(proxy: &Proxy, settings: ScopeSettings) -> String {
    let why = match settings.of(proxy) {
        Scope::NoCertificate => " (never connected)",
        Scope::Connected => "",
        _ => " (offline)",
    };
    format!("{}{why}", proxy.name)
}
