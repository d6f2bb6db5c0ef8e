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

/// Whether `policy` applies to `inbound` of a proxy named `name` with `workload`; `v3`: as Kuma
/// 3.0 matches a stored policy (`UPGRADE.md` on master: a top-level MeshSubset, MeshService or
/// MeshServiceSubset matches nothing, and a `Dataplane` target's `name` and `namespace` are pruned,
/// so without labels it selects every proxy).
pub(crate) fn selects(
    policy: &Mtp,
    name: &str,
    workload: &Workload,
    inbound: &InboundFacts,
    v3: bool,
) -> bool {
    if policy.namespace_scoped
        && get(&workload.labels, NAMESPACE_LABEL) != policy.namespace.as_deref()
    {
        return false;
    }
    if v3 {
        return match &policy.target {
            Target::Subset(_) | Target::Service { .. } | Target::ServiceSubset { .. } => false,
            Target::Dataplane {
                labels, section, ..
            } => contains(&workload.labels, labels) && section_matches(inbound, section),
            other => target_selects(other, name, workload, inbound),
        };
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
/// the most specific (most tags matched exactly), then the one stored last (legacy connection
/// policies, `pkg/core/policy`; against kuma-cp 2.14, of two equally specific the newer applied),
/// then the first by name.
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
        .max_by(|(ra, a), (rb, b)| {
            ra.cmp(rb)
                .then_with(|| a.created.cmp(&b.created))
                .then_with(|| b.name.cmp(&a.name))
        })
        .map(|(_, tp)| tp)
}

#[cfg(test)]
mod tests {
    use super::super::policy::Mtp;
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        out.sort();
        out
    }

    fn inbound(port: u32, name: Option<&str>, tags: &[(&str, &str)]) -> InboundFacts {
        InboundFacts {
            port: Some(port),
            name: name.map(str::to_string),
            tags: pairs(tags),
        }
    }

    fn mtp(target: Target, namespace: Option<&str>, scoped: bool) -> Mtp {
        Mtp {
            name: "p".into(),
            namespace: namespace.map(str::to_string),
            namespace_scoped: scoped,
            target,
            from: Vec::new(),
            rules: None,
            order: (1, 0, 1, 0, std::cmp::Reverse("p".into())),
            doc: 0,
        }
    }

    #[test]
    fn targets_select_inbounds_by_tags_labels_names_and_sections() {
        let workload = Workload {
            labels: pairs(&[(NAMESPACE_LABEL, "shop"), ("app", "web")]),
            inbounds: vec![
                inbound(8080, Some("http"), &[(SERVICE_TAG, "web_shop_svc_80")]),
                inbound(9090, None, &[(SERVICE_TAG, "web-admin_shop_svc_90")]),
            ],
            gateway: None,
        };
        let [http, admin] = [&workload.inbounds[0], &workload.inbounds[1]];
        let service = |name: &str, section: Option<&str>| Target::Service {
            name: name.into(),
            namespace: Some("shop".into()),
            section: section.map(str::to_string),
        };
        let on = |t: Target, i: &InboundFacts| {
            selects(&mtp(t, None, false), "web-1.shop", &workload, i, false)
        };
        assert!(on(service("web", None), http));
        assert!(
            !on(service("web", None), admin),
            "web-admin is another service"
        );
        assert!(on(service("web-admin", Some("9090")), admin));
        assert!(!on(service("web", Some("grpc")), http));
        let dataplane = |name: Option<&str>, section: Option<&str>| Target::Dataplane {
            name: name.map(str::to_string),
            namespace: Some("shop".into()),
            labels: pairs(&[("app", "web")]),
            section: section.map(str::to_string),
        };
        assert!(on(dataplane(Some("web-1"), Some("http")), http));
        assert!(!on(dataplane(Some("web-1"), Some("http")), admin));
        assert!(!on(dataplane(Some("web-2"), None), http));
        assert!(on(
            Target::Subset(pairs(&[(SERVICE_TAG, "web_shop_svc_80")])),
            http
        ));
        assert!(
            !on(Target::Subset(pairs(&[("app", "web")])), http),
            "MeshSubset reads inbound tags"
        );
        // A namespaced policy selects only its namespace's proxies.
        let scoped = mtp(Target::Mesh, Some("other"), true);
        assert!(!selects(&scoped, "web-1.shop", &workload, http, false));
        let own = mtp(Target::Mesh, Some("shop"), true);
        assert!(selects(&own, "web-1.shop", &workload, http, false));
        // On 3.0 a stored MeshService target matches nothing, and a Dataplane target by name
        // alone selects every proxy.
        let v3 = |t: Target, i: &InboundFacts| {
            selects(&mtp(t, None, false), "web-1.shop", &workload, i, true)
        };
        assert!(!v3(service("web", None), http));
        let by_name = Target::Dataplane {
            name: Some("web-9".into()),
            namespace: Some("other".into()),
            labels: Vec::new(),
            section: None,
        };
        assert!(v3(by_name.clone(), http) && !on(by_name, http));
    }

    #[test]
    fn the_most_specific_then_newest_traffic_permission_applies() {
        let tp = |name: &str, dest: &[(&str, &str)], at: i64| Tp {
            name: name.into(),
            created: Some(crate::input::time::Timestamp::from_secs(at)),
            sources: Vec::new(),
            destinations: vec![pairs(dest)],
            doc: 0,
        };
        let web = inbound(8080, None, &[(SERVICE_TAG, "web"), ("version", "v1")]);
        let all = tp("all", &[(SERVICE_TAG, "*")], 1);
        let exact = tp("web", &[(SERVICE_TAG, "web")], 1);
        let newer = tp("web-new", &[(SERVICE_TAG, "web")], 2);
        let other = tp("api", &[(SERVICE_TAG, "api")], 3);
        let picked = |tps: Vec<Tp>| traffic_permission(&tps, &web).map(|t| t.name.clone());
        assert_eq!(
            picked(vec![all.clone(), exact.clone()]).as_deref(),
            Some("web")
        );
        assert_eq!(
            picked(vec![exact, newer, all.clone()]).as_deref(),
            Some("web-new")
        );
        assert_eq!(picked(vec![other]), None);
        assert_eq!(picked(vec![all]).as_deref(), Some("all"));
    }
}
