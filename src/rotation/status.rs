//! Where a rotation stands: the phase read from the current Mesh and the observed state, per
//! backend how many in-scope proxies trust it and hold certificates from it, and per-service
//! readiness for PERMISSIVE meshes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::gate::ScopeSettings;
use crate::input::manifest::MeshDoc;
use crate::input::mesh::Mode;
use crate::state::{Census, Scope};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// mTLS is off.
    Off,
    /// One backend, and every in-scope proxy has caught up with it.
    Steady,
    /// A new backend was added and every proxy trusts it; the old one still signs.
    Added,
    /// enabledBackend moved to the new backend and every proxy holds its certificates.
    Switched,
    /// The proxies have not caught up with the Mesh yet.
    Converging,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Off => "off",
            Phase::Steady => "steady",
            Phase::Added => "added",
            Phase::Switched => "switched",
            Phase::Converging => "converging",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BackendStatus {
    pub name: String,
    pub enabled: bool,
    /// In the Mesh's `backends` (false for one the proxies still report after its removal).
    pub configured: bool,
    pub trusted_by: u64,
    pub issued_to: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceStatus {
    pub service: String,
    /// In-scope proxies of the service holding a certificate from the enabled backend.
    pub ready: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ZoneStatus {
    pub name: String,
    /// Connected to global (None when the zones were not given).
    pub online: Option<bool>,
    pub in_scope: u64,
    /// Per backend of the Mesh: in-scope proxies of the zone that trust it and hold its
    /// certificates.
    pub backends: Vec<ZoneBackend>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ZoneBackend {
    pub name: String,
    pub trusted_by: u64,
    pub issued_to: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub mesh: String,
    pub phase: Phase,
    pub enabled_backend: Option<String>,
    pub in_scope: u64,
    pub backends: Vec<BackendStatus>,
    pub connected: u64,
    /// Disconnected proxies still counted: their certificate is valid.
    pub offline_counted: u64,
    /// Disconnected proxies without a certificate record, still counted until their last
    /// certificate must have expired. From MeshInsight counts: disconnected proxies without mTLS,
    /// registrations that never connected among them (the counts cannot tell them apart).
    pub offline_unrecorded: u64,
    /// Disconnected proxies left out: expired certificate or `--ignore-offline`.
    pub offline_left_out: u64,
    /// In-scope proxies with no mTLS state.
    pub unknown: u64,
    pub never_connected: u64,
    /// Per-service readiness, for PERMISSIVE meshes.
    pub services: Vec<ServiceStatus>,
    /// Per zone of a global control plane: connected or not, in scope, trust and issuance per
    /// backend.
    pub zones: Vec<ZoneStatus>,
    /// False when read from MeshInsight counts.
    pub per_proxy: bool,
}

/// The status of `mesh` in `census`. `target_enabled` tells added from switched when known;
/// otherwise a rotation appends the new backend, so an enabled backend listed last has switched.
pub(crate) fn status(
    mesh: &MeshDoc,
    census: &Census,
    settings: ScopeSettings,
    target_enabled: Option<&str>,
) -> StatusReport {
    let mtls = &mesh.mtls;
    let mut report = StatusReport {
        mesh: mesh.name.clone(),
        phase: Phase::Off,
        enabled_backend: mtls.enabled().map(str::to_string),
        in_scope: 0,
        backends: mtls
            .backend_names()
            .map(|name| BackendStatus {
                name: name.to_string(),
                enabled: mtls.enabled() == Some(name),
                configured: true,
                trusted_by: 0,
                issued_to: 0,
            })
            .collect(),
        connected: 0,
        offline_counted: 0,
        offline_unrecorded: 0,
        offline_left_out: 0,
        unknown: 0,
        never_connected: 0,
        services: Vec::new(),
        zones: Vec::new(),
        per_proxy: census.per_proxy(),
    };
    let caught_up = if census.per_proxy() {
        count_proxies(&mut report, mesh, census, settings)
    } else if let Some(agg) = &census.aggregate {
        count_aggregate(&mut report, agg)
    } else {
        true
    };
    report.phase = phase(
        &report,
        caught_up,
        mtls.backend_names().last(),
        target_enabled,
    );
    report
}

/// Counts per-proxy state into `report`; true when every in-scope proxy has mTLS state.
fn count_proxies(
    report: &mut StatusReport,
    mesh: &MeshDoc,
    census: &Census,
    settings: ScopeSettings,
) -> bool {
    let mtls = &mesh.mtls;
    let mut caught_up = true;
    let mut services: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let enabled = mtls.enabled().and_then(|e| census.backends.get(e));
    for proxy in &census.proxies {
        let scope = settings.of(proxy);
        match scope {
            Scope::Connected => report.connected += 1,
            Scope::OfflineValid(_) => report.offline_counted += 1,
            Scope::OfflineUnrecorded(_) => report.offline_unrecorded += 1,
            Scope::OfflineExpired | Scope::OfflineIgnored => report.offline_left_out += 1,
            Scope::NoCertificate => report.never_connected += 1,
        }
        // Kuma counts a service TLS-ready only when every registration of it holds a
        // certificate from the enabled backend, whatever its status (`unready_services` in
        // gate/evaluate.rs).
        let holds = enabled.is_some() && proxy.mtls.as_ref().is_some_and(|m| m.issued == enabled);
        for service in proxy.service.iter().chain(&proxy.more_services) {
            let counts = services
                .entry(census.services.name(*service).to_string())
                .or_default();
            counts.1 += 1;
            counts.0 += u64::from(holds);
        }
        if !scope.counts() {
            continue;
        }
        report.in_scope += 1;
        let Some(state) = &proxy.mtls else {
            // A disconnected proxy without a record is counted apart: it is not behind.
            if scope == Scope::Connected {
                report.unknown += 1;
                caught_up = false;
            }
            continue;
        };
        for (i, name) in census.backends.iter() {
            let (trusts, issued) = (state.trusts(i), state.issued == Some(i));
            if !trusts && !issued {
                continue;
            }
            let entry = backend_entry(&mut report.backends, name);
            entry.trusted_by += u64::from(trusts);
            entry.issued_to += u64::from(issued);
        }
        if let Some(zone) = proxy.zone {
            count_zone(report, census, census.zone_names.name(zone), state);
        }
    }
    let permissive = mtls
        .enabled()
        .and_then(|e| mtls.backend(e))
        .is_some_and(|(_, b)| b.mode() == Mode::Permissive);
    if permissive {
        report.services = services
            .into_iter()
            .map(|(service, (ready, total))| ServiceStatus {
                service,
                ready,
                total,
            })
            .collect();
    }
    caught_up
}

/// Counts one in-scope proxy with mTLS state into its zone's row.
fn count_zone(
    report: &mut StatusReport,
    census: &Census,
    zone: &str,
    state: &crate::state::ProxyMtls,
) {
    let i = match report.zones.iter().position(|z| z.name == zone) {
        Some(i) => i,
        None => {
            let online = census
                .zones
                .iter()
                .find(|z| z.name == zone)
                .map(|z| z.online);
            report.zones.push(ZoneStatus {
                name: zone.to_string(),
                online,
                in_scope: 0,
                backends: report
                    .backends
                    .iter()
                    .map(|b| ZoneBackend {
                        name: b.name.clone(),
                        trusted_by: 0,
                        issued_to: 0,
                    })
                    .collect(),
            });
            report.zones.len() - 1
        }
    };
    let row = &mut report.zones[i];
    row.in_scope += 1;
    for backend in &mut row.backends {
        if let Some(b) = census.backends.get(&backend.name) {
            backend.trusted_by += u64::from(state.trusts(b));
            backend.issued_to += u64::from(state.issued == Some(b));
        }
    }
}

/// Counts a MeshInsight's aggregates into `report`; true when every connected proxy (online or
/// partially degraded) has a certificate.
fn count_aggregate(report: &mut StatusReport, agg: &crate::state::Aggregate) -> bool {
    let with_mtls: u64 = agg.issued.values().map(|c| c.total).sum();
    let connected_with_mtls: u64 = agg.issued.values().map(|c| c.connected()).sum();
    report.unknown = agg
        .dataplanes
        .connected()
        .saturating_sub(connected_with_mtls);
    report.connected = agg.dataplanes.connected();
    report.offline_counted = agg.issued.values().map(|c| c.offline).sum();
    let offline = agg.dataplanes.total.saturating_sub(report.connected);
    report.offline_unrecorded = offline.saturating_sub(report.offline_counted);
    report.in_scope = with_mtls + report.unknown + report.offline_unrecorded;
    for (name, counts) in &agg.supported {
        backend_entry(&mut report.backends, name).trusted_by = counts.total;
    }
    for (name, counts) in &agg.issued {
        if !name.is_empty() {
            backend_entry(&mut report.backends, name).issued_to = counts.total;
        }
    }
    report.unknown == 0
}

fn backend_entry<'a>(backends: &'a mut Vec<BackendStatus>, name: &str) -> &'a mut BackendStatus {
    let i = match backends.iter().position(|b| b.name == name) {
        Some(i) => i,
        None => {
            backends.push(BackendStatus {
                name: name.to_string(),
                enabled: false,
                configured: false,
                trusted_by: 0,
                issued_to: 0,
            });
            backends.len() - 1
        }
    };
    &mut backends[i]
}

fn phase(
    report: &StatusReport,
    caught_up: bool,
    last: Option<&str>,
    target_enabled: Option<&str>,
) -> Phase {
    let Some(enabled) = report.enabled_backend.as_deref() else {
        return Phase::Off;
    };
    // Proxies without a record cannot show trust or issuance; they are reported apart.
    let total = report.in_scope - report.offline_unrecorded;
    let converged = caught_up
        && report.backends.iter().all(|b| {
            if b.configured {
                b.trusted_by == total && b.issued_to == if b.enabled { total } else { 0 }
            } else {
                b.trusted_by == 0 && b.issued_to == 0
            }
        });
    let configured = report.backends.iter().filter(|b| b.configured).count();
    match (converged, configured) {
        (false, _) => Phase::Converging,
        (true, 0 | 1) => Phase::Steady,
        (true, _) => {
            let switched = match target_enabled {
                Some(target) => target == enabled,
                None => last == Some(enabled),
            };
            if switched {
                Phase::Switched
            } else {
                Phase::Added
            }
        }
    }
}
