//! MeshTrafficPermissions and TrafficPermissions compiled for evaluation: targets and peers
//! typed, and the order Kuma merges them in (`SortByTargetRef`,
//! `pkg/plugins/policies/core/matchers/dataplane.go`, release-2.14: by top-level kind, Dataplane
//! specificity, origin, role, then name descending; later wins).

use crate::input::identity::PolicyDoc;
use crate::input::permission::{PeerMatch, TargetRef};

/// Tags or labels, sorted by key.
pub(crate) type Pairs = Vec<(String, String)>;

/// What a `targetRef` names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Mesh,
    Subset(Pairs),
    Service {
        name: String,
        namespace: Option<String>,
        section: Option<String>,
    },
    ServiceSubset {
        name: String,
        tags: Pairs,
    },
    Dataplane {
        name: Option<String>,
        namespace: Option<String>,
        labels: Pairs,
        section: Option<String>,
    },
    /// A kind meshctl does not evaluate (MeshGateway, MeshHTTPRoute…): it selects nothing here.
    Other(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Action {
    Allow,
    Deny,
    AllowWithShadowDeny,
}

impl Action {
    fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "allow" => Some(Action::Allow),
            "deny" => Some(Action::Deny),
            "allowwithshadowdeny" => Some(Action::AllowWithShadowDeny),
            _ => None,
        }
    }

    pub(crate) fn allows(self) -> bool {
        self != Action::Deny
    }
}

/// One `from` entry: who, the SANs that say so, and what to do with them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct FromEntry {
    pub who: Target,
    pub principals: Principals,
    pub action: Action,
}

/// The SANs a client must present to be who a `from` entry names (`principalFromSubset`,
/// `legacy_rbac_configurer.go`): `kuma.io/service` as `spiffe://<mesh>/<value>`, other tags as
/// `kuma://<tag>/<value>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Principals {
    /// `kind: Mesh`: every client.
    Any,
    All(Vec<String>),
    /// A kind that names no client.
    Never,
}

impl Principals {
    pub(crate) fn of(who: &Target, mesh: &str) -> Self {
        let san = |k: &str, v: &str| {
            if k == "kuma.io/service" {
                format!("spiffe://{mesh}/{v}")
            } else {
                format!("kuma://{k}/{v}")
            }
        };
        match who {
            Target::Mesh => Principals::Any,
            Target::Subset(tags) => Principals::All(tags.iter().map(|(k, v)| san(k, v)).collect()),
            Target::Service { name, .. } => Principals::All(vec![san("kuma.io/service", name)]),
            Target::ServiceSubset { name, tags } => Principals::All(
                std::iter::once(san("kuma.io/service", name))
                    .chain(tags.iter().map(|(k, v)| san(k, v)))
                    .collect(),
            ),
            Target::Dataplane { .. } | Target::Other(_) => Principals::Never,
        }
    }
}

/// A `spiffeID` matcher of a `rules` entry; Envoy compares it with the client's comma-joined
/// URI SANs (`envoy.matching.inputs.uri_san`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum SpiffeMatch {
    Exact(String),
    Prefix(String),
}

/// One entry of `allow`/`deny`. An entry with an `sni` condition matches only traffic to that SNI
/// (external services through an egress), never a mesh client's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Peer {
    pub spiffe: Option<SpiffeMatch>,
    pub sni: bool,
}

/// The `rules` of one policy, merged from its entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Rules {
    pub allow: Vec<Peer>,
    pub deny: Vec<Peer>,
    pub shadow: Vec<Peer>,
}

/// A MeshTrafficPermission ready to evaluate.
#[derive(Debug, Clone)]
pub(crate) struct Mtp {
    pub name: String,
    /// Where it is stored on Kubernetes; a policy outside the system namespace selects only
    /// proxies of its own namespace.
    pub namespace: Option<String>,
    pub namespace_scoped: bool,
    pub target: Target,
    pub from: Vec<FromEntry>,
    pub rules: Option<Rules>,
    /// Kuma's merge order: a later policy wins.
    pub order: (u8, u8, u8, u8, std::cmp::Reverse<String>),
    /// Its index among the documents it was compiled from.
    pub doc: usize,
}

/// A legacy TrafficPermission: who may call which destinations.
#[derive(Debug, Clone)]
pub(crate) struct Tp {
    pub name: String,
    /// When it was stored: of two equally specific, the newer applies.
    pub created: Option<crate::input::time::Timestamp>,
    pub sources: Vec<Pairs>,
    pub destinations: Vec<Pairs>,
    pub doc: usize,
}

/// Every authorization policy of a mesh on one side of a step.
#[derive(Debug, Clone, Default)]
pub(crate) struct Policies {
    /// In Kuma's merge order.
    pub mtps: Vec<Mtp>,
    pub tps: Vec<Tp>,
}

/// Namespaces where Kuma's control plane keeps mesh-wide policies.
const SYSTEM_NAMESPACES: [&str; 2] = ["kuma-system", "kong-mesh-system"];

impl Policies {
    /// The MeshTrafficPermissions and TrafficPermissions of `mesh` among `docs`.
    pub(crate) fn compile(docs: &[PolicyDoc], mesh: &str) -> Self {
        let mut out = Policies::default();
        for (i, doc) in docs.iter().enumerate().filter(|(_, d)| d.mesh == mesh) {
            if let Some(spec) = doc.permission() {
                let top = spec
                    .target_ref
                    .as_ref()
                    .map_or(Target::Mesh, |t| target(t, doc.namespace.as_deref()));
                let from = spec
                    .from
                    .iter()
                    .flatten()
                    .filter_map(|f| {
                        let who = target(f.target_ref.as_ref()?, None);
                        let action = Action::parse(f.default.as_ref()?.action.as_deref()?)?;
                        let principals = Principals::of(&who, mesh);
                        Some(FromEntry {
                            who,
                            principals,
                            action,
                        })
                    })
                    .collect();
                let rules = spec.rules.as_ref().map(|rules| {
                    let mut merged = Rules::default();
                    for conf in rules.iter().filter_map(|r| r.default.as_ref()) {
                        merged.allow.extend(peers(&conf.allow));
                        merged.deny.extend(peers(&conf.deny));
                        merged.shadow.extend(peers(&conf.allow_with_shadow_deny));
                    }
                    merged
                });
                out.mtps.push(Mtp {
                    name: doc.name.clone(),
                    namespace: doc.namespace.clone(),
                    namespace_scoped: namespace_scoped(doc),
                    order: order(doc, &top),
                    target: top,
                    from,
                    rules: rules.filter(|_| !spec.rules.as_deref().unwrap_or_default().is_empty()),
                    doc: i,
                });
            } else if let Some(spec) = doc.legacy_permission() {
                let select = |list: &Option<Vec<crate::input::permission::TagSelector>>| {
                    list.iter()
                        .flatten()
                        .map(|s| sorted(s.tags.clone().unwrap_or_default()))
                        .collect()
                };
                out.tps.push(Tp {
                    name: doc.name.clone(),
                    created: doc.created.map(|m| m.at),
                    sources: select(&spec.sources),
                    destinations: select(&spec.destinations),
                    doc: i,
                });
            }
        }
        out.mtps.sort_by(|a, b| a.order.cmp(&b.order));
        out
    }
}

fn sorted(map: std::collections::BTreeMap<String, String>) -> Pairs {
    map.into_iter().collect()
}

fn target(t: &TargetRef, policy_namespace: Option<&str>) -> Target {
    let tags = || sorted(t.tags.clone().unwrap_or_default());
    match t.kind.as_deref().unwrap_or("Mesh") {
        "Mesh" => Target::Mesh,
        "MeshSubset" => Target::Subset(tags()),
        "MeshService" => Target::Service {
            name: t.name.clone().unwrap_or_default(),
            namespace: t
                .namespace
                .clone()
                .or_else(|| policy_namespace.map(str::to_string)),
            section: t.section_name.clone(),
        },
        "MeshServiceSubset" => Target::ServiceSubset {
            name: t.name.clone().unwrap_or_default(),
            tags: tags(),
        },
        "Dataplane" => Target::Dataplane {
            name: t.name.clone(),
            namespace: t.namespace.clone(),
            labels: sorted(t.labels.clone().unwrap_or_default()),
            section: t.section_name.clone(),
        },
        other => Target::Other(other.to_string()),
    }
}

fn peers(list: &Option<Vec<PeerMatch>>) -> Vec<Peer> {
    list.iter()
        .flatten()
        .map(|p| Peer {
            spiffe: p.spiffe_id.as_ref().and_then(|s| {
                let value = s.value.clone()?;
                match s.kind.as_deref() {
                    Some("Prefix") => Some(SpiffeMatch::Prefix(value)),
                    Some("Exact") => Some(SpiffeMatch::Exact(value)),
                    _ => None,
                }
            }),
            sni: p.sni.is_some(),
        })
        .collect()
}

/// A Kubernetes policy outside the system namespace, or labelled `workload-owner`, applies to the
/// proxies of its namespace only (`kuma.io/policy-role`, `pkg/core/resources/model/resource.go`).
fn namespace_scoped(doc: &PolicyDoc) -> bool {
    match doc.labels.get("kuma.io/policy-role").map(String::as_str) {
        Some("system") => false,
        Some(_) => doc.namespace.is_some(),
        None => doc
            .namespace
            .as_deref()
            .is_some_and(|ns| !SYSTEM_NAMESPACES.contains(&ns)),
    }
}

/// Kuma's order key: kind (`api/common/v1alpha1/targetref.go`), a Dataplane by name before one by
/// labels, a zone's policy after a global one, the role, then name descending.
fn order(doc: &PolicyDoc, target: &Target) -> (u8, u8, u8, u8, std::cmp::Reverse<String>) {
    let kind = match target {
        Target::Mesh => 1,
        Target::Dataplane { .. } => 2,
        Target::Subset(_) => 3,
        Target::Service { .. } => 5,
        Target::ServiceSubset { .. } => 8,
        Target::Other(_) => 9,
    };
    let dataplane = match target {
        Target::Dataplane { name, section, .. } => {
            u8::from(name.is_some()) * 2 + u8::from(section.is_some())
        }
        _ => 0,
    };
    let origin = match doc.labels.get("kuma.io/origin").map(String::as_str) {
        Some("global") => 0,
        _ => 1,
    };
    let role = match doc.labels.get("kuma.io/policy-role").map(String::as_str) {
        Some("producer") => 1,
        Some("consumer") => 2,
        Some("workload-owner") => 3,
        Some(_) => 0,
        None if namespace_scoped(doc) => 3,
        None => 0,
    };
    (
        kind,
        dataplane,
        origin,
        role,
        std::cmp::Reverse(doc.name.clone()),
    )
}
