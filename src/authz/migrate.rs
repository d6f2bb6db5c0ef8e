//! The MeshTrafficPermissions a MeshIdentity move needs before any proxy changes identity: per
//! server service, `rules` that allow exactly the clients allowed today, by their legacy SANs
//! (`Prefix spiffe://<mesh>/<service>`: a legacy client's comma-joined SANs start with its first
//! service's) and by the SPIFFE ID each will present (`Exact`). A `rules` policy on an inbound
//! drops its `from` policies (2.13, 2.14), so these must carry every pair allowed today, and open
//! none: where no matcher can say exactly who, `authorization-inexpressible`.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::evaluate::{Server, evaluate};
use super::pairs::{Population, Side};
use super::principal::{self, Sans};
use super::select::{SERVICE_TAG, get, selects, traffic_permission};
use super::version::Semantics;
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, Location, Pair};
use crate::input::mesh::Shape;

/// The policies of an `allow-identities` step, their names, and what cannot be expressed.
#[derive(Debug, Default)]
pub(crate) struct Generated {
    pub documents: Vec<Value>,
    /// Names of the policies that allow identities (kept) and legacy SANs (tidied away).
    pub identities: Vec<String>,
    pub legacy: Vec<String>,
    pub findings: Vec<Diagnostic>,
}

/// Where and how the policies are written.
pub(crate) struct Shaping<'a> {
    pub mesh: &'a str,
    pub shape: Shape,
    /// The control plane's namespace on Kubernetes.
    pub namespace: &'a str,
    pub at: &'a Location,
    /// How a legacy client is matched (a safety model's twin writes it wrong).
    pub legacy: LegacyMatcher,
}

/// How the generated rules match a legacy client.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LegacyMatcher {
    /// `Prefix spiffe://<mesh>/<first service>`, checked to open nothing.
    #[default]
    PerService,
    /// `Prefix spiffe://<mesh>`, unchecked: every client of the mesh (a twin).
    MeshPrefix,
    /// `Exact spiffe://<mesh>/<first service>`, unchecked: never a legacy client (a twin).
    Exact,
}

/// A client as the generated rules see it: its SANs today and after the move.
struct Client<'c> {
    names: &'c [&'c str],
    today: Option<Sans>,
    after: Option<Sans>,
}

/// The rules for `population` moving from `today` to `after` (every target identity Ready).
pub(crate) fn allow_identities(
    population: &Population<'_>,
    today: &Side<'_>,
    after: &Side<'_>,
    semantics: Semantics,
    shaping: &Shaping<'_>,
) -> Generated {
    let mesh = population.mesh;
    let clients: Vec<Client> = population
        .groups
        .iter()
        .map(|(w, names)| Client {
            names,
            today: sans(today, mesh, w),
            after: sans(after, mesh, w),
        })
        .collect();
    let mut out = Generated::default();
    let needed = allowed_by_service(
        population,
        (today, after),
        &clients,
        semantics,
        shaping,
        &mut out,
    );
    for (service, allowed) in needed {
        let (legacy, identity) = matchers(&clients, &allowed, mesh, &service, shaping, &mut out);
        let kind = match shaping.legacy {
            LegacyMatcher::Exact => "Exact",
            _ => "Prefix",
        };
        // A service whose clients cannot be told apart gets no policy: refused, not widened.
        let before = out.findings.len();
        if shaping.legacy == LegacyMatcher::PerService {
            opens_nothing(
                &clients,
                &allowed,
                (&legacy, &identity),
                &service,
                shaping,
                &mut out,
            );
        }
        if out.findings.len() > before
            || out
                .findings
                .iter()
                .any(|d| d.pairs.iter().any(|p| p.server == service))
        {
            continue;
        }
        push(&mut out, shaping, &service, "identities", identity, |v| {
            ("Exact", v)
        });
        push(&mut out, shaping, &service, "legacy", legacy, |v| (kind, v));
    }
    out
}

/// The legacy and identity matchers for the `allowed` clients of `service`.
fn matchers(
    clients: &[Client<'_>],
    allowed: &BTreeSet<usize>,
    mesh: &str,
    service: &str,
    shaping: &Shaping<'_>,
    out: &mut Generated,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut legacy = BTreeSet::new();
    let mut identity = BTreeSet::new();
    for &c in allowed {
        let client = &clients[c];
        if let Some(first) = client.today.as_ref().and_then(|s| s.first()) {
            if shaping.legacy == LegacyMatcher::MeshPrefix {
                legacy.insert(format!("spiffe://{mesh}"));
            } else if first.starts_with(&format!("spiffe://{mesh}/")) {
                legacy.insert(first.clone());
            } else {
                let why = "its legacy certificate carries no service SPIFFE ID to match";
                inexpressible(out, shaping, client.names[0], service, why);
            }
        }
        if let Some(id) = client.after.as_ref().and_then(|s| s.first()) {
            identity.insert(id.clone());
        }
    }
    (legacy, identity)
}

/// `authorization-inexpressible` where a client denied today would match the matchers.
fn opens_nothing(
    clients: &[Client<'_>],
    allowed: &BTreeSet<usize>,
    (legacy, identity): (&BTreeSet<String>, &BTreeSet<String>),
    service: &str,
    shaping: &Shaping<'_>,
    out: &mut Generated,
) {
    let over = |s: &Option<Sans>| {
        s.as_ref().is_some_and(|s| {
            let joined = s.joined();
            legacy.iter().any(|p| joined.starts_with(p.as_str())) || identity.contains(joined)
        })
    };
    for (_, client) in clients
        .iter()
        .enumerate()
        .filter(|(c, _)| !allowed.contains(c))
    {
        if over(&client.today) || over(&client.after) {
            let why = "a Prefix on the service would also let it in (its first service SAN starts the same, or only tags tell it apart)";
            inexpressible(out, shaping, client.names[0], service, why);
        }
    }
}

fn sans(side: &Side<'_>, mesh: &str, workload: &crate::state::Workload) -> Option<Sans> {
    match side.identity_of(&workload.labels) {
        Some(id) => principal::identity(id, mesh, workload),
        None if side.mtls => Some(principal::legacy(mesh, workload)),
        None => None,
    }
}

/// Per server service whose pairs the move would lose without new policies: the clients allowed
/// today (indexes into `clients`), the same on every inbound of the service (else
/// `authorization-inexpressible`).
fn allowed_by_service(
    population: &Population<'_>,
    (today, after): (&Side<'_>, &Side<'_>),
    clients: &[Client<'_>],
    semantics: Semantics,
    shaping: &Shaping<'_>,
    out: &mut Generated,
) -> BTreeMap<String, BTreeSet<usize>> {
    let mut by_service: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut needed: BTreeSet<String> = BTreeSet::new();
    for (workload, names) in &population.groups {
        let server = |side: &Side<'_>| Server {
            mesh: population.mesh,
            mtls: side.mtls,
            identity: side.identity_of(&workload.labels).is_some(),
        };
        let (now, later) = (server(today), server(after));
        for inbound in &workload.inbounds {
            let Some(service) = get(&inbound.tags, SERVICE_TAG) else {
                continue;
            };
            let policies = inbound_policies(today, names[0], workload, inbound);
            let allows = |server: Server<'_>, sans: &Option<Sans>| {
                sans.as_ref()
                    .is_some_and(|s| evaluate(semantics, server, &policies, s).allowed)
            };
            let allowed: BTreeSet<usize> = clients
                .iter()
                .enumerate()
                .filter(|(_, c)| allows(now, &c.today))
                .map(|(i, _)| i)
                .collect();
            // Lost on some mixed state of the move, were nothing added.
            if allowed.iter().any(|&c| {
                let c = &clients[c];
                !allows(later, &c.today) || !allows(now, &c.after) || !allows(later, &c.after)
            }) {
                needed.insert(service.to_string());
            }
            match by_service.get(service) {
                Some(known) if *known != allowed => inexpressible(
                    out,
                    shaping,
                    names[0],
                    service,
                    "inbounds of this service allow different clients today, and a policy on the service cannot tell them apart",
                ),
                Some(_) => {}
                None => {
                    by_service.insert(service.to_string(), allowed);
                }
            }
        }
    }
    by_service.retain(|service, allowed| !allowed.is_empty() && needed.contains(service));
    by_service
}

fn inbound_policies<'p>(
    side: &'p Side<'_>,
    name: &str,
    workload: &crate::state::Workload,
    inbound: &crate::state::InboundFacts,
) -> super::evaluate::InboundPolicies<'p> {
    let mut policies = super::evaluate::InboundPolicies::default();
    for mtp in side
        .policies
        .mtps
        .iter()
        .filter(|m| selects(m, name, workload, inbound, false))
    {
        if mtp.rules.is_some() {
            policies.rules.push(mtp);
        }
        policies.from.extend(mtp.from.iter().map(|e| (mtp, e)));
    }
    policies.tp = traffic_permission(&side.policies.tps, inbound);
    policies
}

fn inexpressible(
    out: &mut Generated,
    shaping: &Shaping<'_>,
    client: &str,
    service: &str,
    why: &str,
) {
    if out
        .findings
        .iter()
        .any(|d| d.pairs.first().is_some_and(|p| p.server == service))
    {
        return;
    }
    let mut d = Diagnostic::new(
        Code::AuthorizationInexpressible,
        format!("the clients service `{service}` allows today cannot be written as `rules` matchers exactly: `{client}`: {why}"),
    )
    .at(shaping.at.clone())
    .label("no exact matcher")
    .help("decide what the service must allow under MeshIdentity and write that MeshTrafficPermission (`rules`) yourself, or give the clients services of their own; meshctl will not widen access");
    d.pairs = vec![Pair {
        client: client.to_string(),
        server: service.to_string(),
        port: None,
        policy: "from".to_string(),
    }];
    d.pairs_total = 1;
    out.findings.push(d);
}

/// One `rules` MeshTrafficPermission on `service` allowing `values`.
fn push(
    out: &mut Generated,
    shaping: &Shaping<'_>,
    service: &str,
    what: &str,
    values: BTreeSet<String>,
    matcher: impl Fn(String) -> (&'static str, String),
) {
    if values.is_empty() {
        return;
    }
    let name = format!("allow-{what}-{}", slug(service));
    let allow: Vec<Value> = values
        .into_iter()
        .map(|v| {
            let (kind, value) = matcher(v);
            let mut spiffe = Mapping::new();
            spiffe.insert("type".into(), kind.into());
            spiffe.insert("value".into(), value.into());
            let mut entry = Mapping::new();
            entry.insert("spiffeID".into(), Value::Mapping(spiffe));
            Value::Mapping(entry)
        })
        .collect();
    let mut tags = Mapping::new();
    tags.insert(SERVICE_TAG.into(), service.into());
    let mut target = Mapping::new();
    target.insert("kind".into(), "MeshSubset".into());
    target.insert("tags".into(), Value::Mapping(tags));
    let mut default = Mapping::new();
    default.insert("allow".into(), Value::Sequence(allow));
    let mut rule = Mapping::new();
    rule.insert("default".into(), Value::Mapping(default));
    let mut spec = Mapping::new();
    spec.insert("targetRef".into(), Value::Mapping(target));
    spec.insert("rules".into(), Value::Sequence(vec![Value::Mapping(rule)]));
    out.documents
        .push(document(shaping, &name, Some(Value::Mapping(spec))));
    if what == "legacy" {
        out.legacy.push(name);
    } else {
        out.identities.push(name);
    }
}

/// A policy in the current file's shape, for the mesh, keys in the order Kuma prints them.
pub(crate) fn document(shaping: &Shaping<'_>, name: &str, spec: Option<Value>) -> Value {
    let mut map = Mapping::new();
    match shaping.shape {
        Shape::Kubernetes => {
            map.insert("apiVersion".into(), "kuma.io/v1alpha1".into());
            map.insert("kind".into(), "MeshTrafficPermission".into());
            let mut labels = Mapping::new();
            labels.insert("kuma.io/mesh".into(), shaping.mesh.into());
            let mut metadata = Mapping::new();
            metadata.insert("name".into(), name.into());
            metadata.insert("namespace".into(), shaping.namespace.into());
            metadata.insert("labels".into(), Value::Mapping(labels));
            map.insert("metadata".into(), Value::Mapping(metadata));
        }
        Shape::Universal => {
            map.insert("type".into(), "MeshTrafficPermission".into());
            map.insert("name".into(), name.into());
            map.insert("mesh".into(), shaping.mesh.into());
        }
    }
    if let Some(spec) = spec {
        map.insert("spec".into(), spec);
    }
    Value::Mapping(map)
}

/// A service name as a resource name: lowercase letters, digits and `-`, at most 200 characters.
fn slug(service: &str) -> String {
    let mut out = String::new();
    for c in service.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(200).collect()
}
