//! Which server inbounds a policy's top-level `targetRef` selects, as Kuma's inbound matchers do
//! (`pkg/plugins/policies/core/matchers/dataplane.go`, release-2.14): by inbound tags (Mesh,
//! MeshSubset, MeshService, MeshServiceSubset) or by the Dataplane's labels, name and section; a
//! namespaced Kubernetes policy only within its namespace.

use super::policy::{Mtp, Pairs, Target, Tp};
use crate::state::{InboundFacts, Workload};

/// The label Kuma puts on a Kubernetes proxy's Dataplane: its namespace.
pub(crate) const NAMESPACE_LABEL: &str = "k8s.kuma.io/namespace";
pub(crate) const SERVICE_TAG: &str = "kuma.io/service";

pub(crate) fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .binary_search_by(|(k, _)| k.as_str().cmp(key))
        .ok()
        .map(|i| pairs[i].1.as_str())
}

/// Every pair of `wanted` is in `have`.
fn contains(have: &[(String, String)], wanted: &Pairs) -> bool {
    wanted.iter().all(|(k, v)| get(have, k) == Some(v.as_str()))
}

/// The section an inbound answers to: its name, else its port.
fn section_matches(inbound: &InboundFacts, section: &Option<String>) -> bool {
    let Some(section) = section else { return true };
    inbound.name.as_deref() == Some(section.as_str())
        || inbound.port.is_some_and(|p| p.to_string() == *section)
}

/// A service name as a MeshService `name` selects it: the `kuma.io/service` tag itself
/// (Universal), or the Kubernetes form `<name>_<namespace>_svc_<port>`.
fn service_matches(tags: &[(String, String)], name: &str, namespace: Option<&str>) -> bool {
    let Some(service) = get(tags, SERVICE_TAG) else {
        return false;
    };
    if service == name {
        return true;
    }
    let Some(rest) = service.strip_prefix(name).and_then(|r| r.strip_prefix('_')) else {
        return false;
    };
    match namespace {
        Some(ns) => rest
            .strip_prefix(ns)
            .is_some_and(|r| r.starts_with("_svc_")),
        None => rest.contains("_svc_"),
    }
}

/// Whether `policy` applies to `inbound` of a proxy named `name` with `workload`.
pub(crate) fn selects(
    policy: &Mtp,
    name: &str,
    workload: &Workload,
    inbound: &InboundFacts,
) -> bool {
    if policy.namespace_scoped
        && get(&workload.labels, NAMESPACE_LABEL) != policy.namespace.as_deref()
    {
        return false;
    }
    target_selects(&policy.target, name, workload, inbound)
}

fn target_selects(
    target: &Target,
    name: &str,
    workload: &Workload,
    inbound: &InboundFacts,
) -> bool {
    let tags = &inbound.tags;
    match target {
        Target::Mesh => true,
        Target::Subset(wanted) => contains(tags, wanted),
        Target::Service {
            name: service,
            namespace,
            section,
        } => {
            service_matches(tags, service, namespace.as_deref())
                && section_matches(inbound, section)
        }
        Target::ServiceSubset {
            name: service,
            tags: wanted,
        } => service_matches(tags, service, None) && contains(tags, wanted),
        Target::Dataplane {
            name: wanted,
            namespace,
            labels,
            section,
        } => {
            let namespace_ok = namespace
                .as_deref()
                .is_none_or(|ns| get(&workload.labels, NAMESPACE_LABEL) == Some(ns));
            // On Kubernetes the proxy is listed as `<name>.<namespace>`.
            let name_ok = wanted
                .as_deref()
                .is_none_or(|w| name == w || name.split_once('.').is_some_and(|(n, _)| n == w));
            namespace_ok
                && name_ok
                && contains(&workload.labels, labels)
                && section_matches(inbound, section)
        }
        Target::Other(_) => false,
    }
}

/// A TrafficPermission selector: every tag equal, `*` matching any value of a present tag.
pub(crate) fn tags_match(have: &[(String, String)], wanted: &Pairs) -> bool {
    wanted.iter().all(|(k, v)| match get(have, k) {
        Some(_) if v == "*" => true,
        Some(value) => value == v,
        None => false,
    })
}

/// The TrafficPermission Kuma applies to an inbound: of those whose destinations match its tags,
/// the most specific (most tags matched exactly), then the first by name
/// (`pkg/core/policy/matcher.go` `SelectInboundConnectionPolicies`, legacy connection policies).
pub(crate) fn traffic_permission<'a>(tps: &'a [Tp], inbound: &InboundFacts) -> Option<&'a Tp> {
    tps.iter()
        .filter_map(|tp| {
            let rank = tp
                .destinations
                .iter()
                .filter(|d| tags_match(&inbound.tags, d))
                .map(|d| d.iter().filter(|(_, v)| v != "*").count())
                .max()?;
            Some((rank, tp))
        })
        .max_by(|(ra, a), (rb, b)| ra.cmp(rb).then_with(|| b.name.cmp(&a.name)))
        .map(|(_, tp)| tp)
}
