//! Who may call whom on each side of a step, and the pairs the step denies or opens over the
//! mixed states it passes through (each proxy on its old or its new configuration). Proxies are
//! grouped into classes first: clients by the SANs they present, servers by the policies that
//! select each inbound, so a mesh's size costs only the grouping.

use std::collections::{BTreeMap, HashMap};

use super::evaluate::{Decision, InboundPolicies, Server, Why, evaluate};
use super::policy::Policies;
use super::principal::{self, Sans};
use super::select::{selects, traffic_permission};
use super::version::Semantics;
use crate::input::identity::PolicyDoc;
use crate::state::{Census, Workload};

/// How many example pairs a finding carries.
pub(crate) const MAX_PAIRS: usize = 20;

/// One side of a step, as authorization sees it.
#[derive(Debug, Clone)]
pub(crate) struct Side<'a> {
    /// `Mesh.mtls` has an enabled backend.
    pub mtls: bool,
    /// The issuing MeshIdentities that are Ready (or will be, when the step that widens them is
    /// taken: its requirements wait for that).
    pub identities: Vec<&'a PolicyDoc>,
    pub policies: Policies,
}

impl Side<'_> {
    /// The identity a proxy with `labels` gets: the best match (most `matchLabels`, then the
    /// smallest name: `BestMatched`, `meshidentity/api/v1alpha1/helpers.go`).
    pub(crate) fn identity_of(&self, labels: &[(String, String)]) -> Option<&PolicyDoc> {
        let labels: BTreeMap<String, String> = labels.iter().cloned().collect();
        self.identities
            .iter()
            .copied()
            .filter(|i| {
                i.identity()
                    .is_some_and(|s| s.issues() && s.selects(&labels))
            })
            .min_by(|a, b| {
                let n = |p: &PolicyDoc| {
                    p.identity()
                        .and_then(|s| s.selection())
                        .map_or(0, |m| m.len())
                };
                n(b).cmp(&n(a)).then_with(|| a.name.cmp(&b.name))
            })
    }
}

/// A pair that changes, as findings show it: the policy is the one that decides it after.
pub(crate) type PairExample = crate::diag::Pair;

/// Pairs of a kind: examples and how many (client proxy, server inbound) pairs there are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PairSet {
    pub examples: Vec<PairExample>,
    pub total: u64,
}

impl PairSet {
    /// `count` pairs of `clients` and `servers` (a few of each), decided by `policy`.
    fn add(
        &mut self,
        count: u64,
        clients: &[&str],
        servers: &[String],
        port: Option<u32>,
        policy: &str,
    ) {
        'fill: for client in clients {
            for server in servers {
                if self.examples.len() >= MAX_PAIRS {
                    break 'fill;
                }
                self.examples.push(PairExample {
                    client: client.to_string(),
                    server: server.clone(),
                    port,
                    policy: policy.to_string(),
                });
            }
        }
        self.total += count;
    }
}

/// What a change does to authorization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Judgement {
    /// Allowed before, denied on some mixed state or after.
    pub lost: PairSet,
    /// Denied before, allowed on some mixed state or after.
    pub opened: PairSet,
    /// Denied after by RBAC (for `authorization-enforced`).
    pub denied_after: PairSet,
    /// Pairs allowed after, and pairs an RBAC judges after.
    pub allowed_after: u64,
    pub judged_after: u64,
}

/// The mesh's proxies with what authorization needs of them, grouped by workload.
pub(crate) struct Population<'c> {
    pub mesh: &'c str,
    /// Per distinct workload: the workload and the proxies that have it.
    pub groups: Vec<(&'c Workload, Vec<&'c str>)>,
}

impl<'c> Population<'c> {
    pub(crate) fn of(census: &'c Census) -> Self {
        let mut groups: HashMap<u32, Vec<&'c str>> = HashMap::new();
        for proxy in &census.proxies {
            if let Some(w) = proxy.workload {
                groups.entry(w).or_default().push(&proxy.name);
            }
        }
        let mut groups: Vec<(&Workload, Vec<&str>)> = groups
            .into_iter()
            .map(|(w, names)| (&census.workloads[w as usize], names))
            .collect();
        groups.sort_by(|a, b| a.1.first().cmp(&b.1.first()));
        Self {
            mesh: &census.mesh,
            groups,
        }
    }
}

/// What a client presents: its SANs, no certificate at all, or SANs meshctl cannot render (an
/// identity template beyond fields and `label`: such pairs are not judged).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Presents {
    Sans(Sans),
    Plaintext,
    Unknown,
}

/// A workload's state on one side: what it presents as a client, and what it is as a server.
struct Facet<'s> {
    sans: Presents,
    server: Server<'s>,
}

fn facet<'s>(
    side: &Side<'_>,
    mesh: &'s str,
    workload: &Workload,
    semantics: Semantics,
) -> Facet<'s> {
    let identity = side.identity_of(&workload.labels);
    // On 3.0 `Mesh.mtls` is inert: a proxy without an identity has no certificate at all.
    let mtls = side.mtls && semantics != Semantics::V3;
    let sans = match identity {
        Some(id) => {
            principal::identity(id, mesh, workload).map_or(Presents::Unknown, Presents::Sans)
        }
        None if mtls => Presents::Sans(principal::legacy(mesh, workload)),
        None => Presents::Plaintext,
    };
    Facet {
        sans,
        server: Server {
            mesh,
            mtls: side.mtls,
            identity: identity.is_some(),
        },
    }
}

/// The policies selecting inbound `i` of `workload` (proxy `name`) on a side.
fn inbound_policies<'p>(
    policies: &'p Policies,
    name: &str,
    workload: &Workload,
    i: usize,
    semantics: Semantics,
) -> InboundPolicies<'p> {
    let inbound = &workload.inbounds[i];
    let v3 = semantics == Semantics::V3;
    let mut out = InboundPolicies::default();
    for mtp in policies
        .mtps
        .iter()
        .filter(|m| selects(m, name, workload, inbound, v3))
    {
        if mtp.rules.is_some() {
            out.rules.push(mtp);
        }
        out.from.extend(mtp.from.iter().map(|e| (mtp, e)));
    }
    out.tp = traffic_permission(&policies.tps, inbound);
    out
}

/// A server inbound class on both sides.
struct ServerClass<'p, 's> {
    before: (Server<'s>, InboundPolicies<'p>),
    after: (Server<'s>, InboundPolicies<'p>),
    /// Up to `MAX_PAIRS` of its proxies, for examples.
    members: Vec<String>,
    port: Option<u32>,
    count: u64,
}

/// Judges the change from `before` to `after` for every client and server inbound, under
/// `semantics` on each side; `mixed`: each proxy may be on either side (a step), else all move
/// at once (an upgrade).
pub(crate) fn judge(
    population: &Population<'_>,
    before: (&Side<'_>, Semantics),
    after: (&Side<'_>, Semantics),
    mixed: bool,
) -> Judgement {
    let mesh = population.mesh;
    let facets: Vec<(Facet, Facet)> = population
        .groups
        .iter()
        .map(|(w, _)| {
            (
                facet(before.0, mesh, w, before.1),
                facet(after.0, mesh, w, after.1),
            )
        })
        .collect();
    let servers = server_classes(population, &facets, before, after);
    let clients = client_classes(population, &facets);
    let mut out = Judgement::default();
    for client in &clients {
        for server in &servers {
            judge_pair(client, server, before.1, after.1, mixed, &mut out);
        }
    }
    out
}

/// A client class: the SANs before and after, how many proxies, up to `MAX_PAIRS` of them.
struct ClientClass<'c> {
    before: Presents,
    after: Presents,
    members: Vec<&'c str>,
    count: u64,
}

fn client_classes<'c>(
    population: &Population<'c>,
    facets: &[(Facet, Facet)],
) -> Vec<ClientClass<'c>> {
    let mut classes: HashMap<(Presents, Presents), ClientClass<'c>> = HashMap::new();
    for ((_, names), (b, a)) in population.groups.iter().zip(facets) {
        let key = (b.sans.clone(), a.sans.clone());
        let class = classes.entry(key).or_insert_with(|| ClientClass {
            before: b.sans.clone(),
            after: a.sans.clone(),
            members: Vec::new(),
            count: 0,
        });
        class.count += names.len() as u64;
        let room = MAX_PAIRS.saturating_sub(class.members.len());
        class.members.extend(names.iter().take(room));
    }
    let mut out: Vec<ClientClass> = classes.into_values().collect();
    for class in &mut out {
        class.members.sort();
    }
    out.sort_by(|a, b| a.members.cmp(&b.members));
    out
}

/// What decides an inbound's RBAC on one side: the server's state, the policies selecting it (by
/// document) and the TrafficPermission that applies.
type SideKey = (bool, bool, Vec<usize>, Vec<usize>, Option<usize>);

fn key_of(server: &Server<'_>, policies: &InboundPolicies<'_>) -> SideKey {
    let mut from: Vec<usize> = policies.from.iter().map(|(m, _)| m.doc).collect();
    from.dedup();
    (
        server.mtls,
        server.identity,
        from,
        policies.rules.iter().map(|m| m.doc).collect(),
        policies.tp.map(|t| t.doc),
    )
}

fn server_classes<'p, 's>(
    population: &Population<'s>,
    facets: &[(Facet<'s>, Facet<'s>)],
    before: (&'p Side<'_>, Semantics),
    after: (&'p Side<'_>, Semantics),
) -> Vec<ServerClass<'p, 's>> {
    // Proxies of one workload that a Dataplane targetRef tells apart by name are judged one by one.
    let by_name = [before.0, after.0].iter().any(|side| {
        side.policies.mtps.iter().any(|m| {
            matches!(
                &m.target,
                super::policy::Target::Dataplane { name: Some(_), .. }
            )
        })
    });
    let mut out: Vec<ServerClass> = Vec::new();
    let mut index: HashMap<(SideKey, SideKey, Option<u32>), usize> = HashMap::new();
    for ((workload, names), (b, a)) in population.groups.iter().zip(facets) {
        let members: Vec<&[&str]> = if by_name {
            names.chunks(1).collect()
        } else {
            vec![names.as_slice()]
        };
        for member in members {
            for i in 0..workload.inbounds.len() {
                let pb = inbound_policies(&before.0.policies, member[0], workload, i, before.1);
                let pa = inbound_policies(&after.0.policies, member[0], workload, i, after.1);
                let port = workload.inbounds[i].port;
                let key = (key_of(&b.server, &pb), key_of(&a.server, &pa), port);
                let slot = *index.entry(key).or_insert_with(|| {
                    out.push(ServerClass {
                        before: (b.server, pb),
                        after: (a.server, pa),
                        members: Vec::new(),
                        port,
                        count: 0,
                    });
                    out.len() - 1
                });
                let class = &mut out[slot];
                class.count += member.len() as u64;
                let room = MAX_PAIRS.saturating_sub(class.members.len());
                class
                    .members
                    .extend(member.iter().take(room).map(|n| n.to_string()));
            }
        }
    }
    out
}

fn decide(
    server: &(Server<'_>, InboundPolicies<'_>),
    client: &Presents,
    semantics: Semantics,
) -> Option<Decision> {
    match client {
        Presents::Sans(sans) => Some(evaluate(semantics, server.0, &server.1, sans)),
        // A proxy under an identity is STRICT on 3.0 (`mode: PERMISSIVE` is ignored without a
        // MeshTLS); on 2.x a client without a certificate meets one only while mTLS goes on or
        // off, through PERMISSIVE.
        Presents::Plaintext if semantics == Semantics::V3 && server.0.identity => Some(Decision {
            allowed: false,
            why: Why::Plaintext,
        }),
        Presents::Plaintext => Some(Decision {
            allowed: true,
            why: Why::NoRbac,
        }),
        Presents::Unknown => None,
    }
}

fn judge_pair(
    client: &ClientClass<'_>,
    server: &ServerClass<'_, '_>,
    before: Semantics,
    after: Semantics,
    mixed: bool,
    out: &mut Judgement,
) {
    let count = client.count * server.count;
    let add = |set: &mut PairSet, d: &Decision| {
        set.add(
            count,
            &client.members,
            &server.members,
            server.port,
            &d.why.policy(),
        );
    };
    let last = decide(&server.after, &client.after, after);
    if let Some(d) = &last {
        out.judged_after += count;
        if d.allowed {
            out.allowed_after += count;
        } else {
            add(&mut out.denied_after, d);
        }
    }
    let Some(base) = decide(&server.before, &client.before, before) else {
        return;
    };
    let mut states = vec![last];
    if mixed {
        states.push(decide(&server.before, &client.after, after));
        states.push(decide(&server.after, &client.before, after));
    }
    let changed = states
        .into_iter()
        .flatten()
        .find(|d| d.allowed != base.allowed);
    if let Some(d) = changed {
        let set = if base.allowed {
            &mut out.lost
        } else {
            &mut out.opened
        };
        add(set, &d);
    }
}
