//! One client against one server inbound, as Kuma's MeshTrafficPermission plugin builds the
//! inbound's RBAC (`pkg/plugins/policies/meshtrafficpermission/plugin/v1alpha1/plugin.go`,
//! v2.13.10, release-2.14, master) and Envoy evaluates it.

use super::policy::{FromEntry, Mtp, Peer, Principals, SpiffeMatch, Target, Tp};
use super::principal::Sans;
use super::select::SERVICE_TAG;
use super::version::Semantics;

/// The policies that select one server inbound on one side of a step.
#[derive(Debug, Clone, Default)]
pub(crate) struct InboundPolicies<'p> {
    /// `from` entries of the `from` policies that select it, in Kuma's merge order.
    pub from: Vec<(&'p Mtp, &'p FromEntry)>,
    /// The `rules` policies that select it.
    pub rules: Vec<&'p Mtp>,
    /// The legacy TrafficPermission Kuma would apply to it.
    pub tp: Option<&'p Tp>,
}

/// The server proxy's state on one side of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Server<'m> {
    pub mesh: &'m str,
    /// `Mesh.mtls` has an enabled backend.
    pub mtls: bool,
    /// A MeshIdentity with a provider, Ready, is the proxy's best match.
    pub identity: bool,
}

/// Why a client is let in or kept out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Why {
    /// No RBAC on the inbound: no mTLS and no identity (plaintext).
    NoRbac,
    /// A `from` entry of this policy (last match wins).
    From(String),
    /// A `rules` entry of this policy.
    Rules(String),
    /// This legacy TrafficPermission.
    TrafficPermission(String),
    /// Nothing matched: Kuma's RBAC denies.
    DefaultDeny,
    /// A client without a certificate meets a proxy that requires one.
    Plaintext,
}

impl Why {
    /// The policy that decided, as pair reports name it.
    pub(crate) fn policy(&self) -> String {
        match self {
            Why::NoRbac => "no RBAC: plaintext".to_string(),
            Why::From(p) | Why::Rules(p) | Why::TrafficPermission(p) => p.clone(),
            Why::DefaultDeny => "default deny".to_string(),
            Why::Plaintext => "plaintext refused".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Decision {
    pub allowed: bool,
    pub why: Why,
}

fn allow(why: Why) -> Decision {
    Decision { allowed: true, why }
}

fn deny(why: Why) -> Decision {
    Decision {
        allowed: false,
        why,
    }
}

/// Whether `client` may call the inbound of `server` selected by `policies`, under `semantics`.
pub(crate) fn evaluate(
    semantics: Semantics,
    server: Server<'_>,
    policies: &InboundPolicies<'_>,
    client: &Sans,
) -> Decision {
    // Without mTLS and without an identity the plugin adds no RBAC (plugin.go L64-71); on 3.0
    // `Mesh.mtls` is inert, so only an identity turns it on.
    let tls = match semantics {
        Semantics::V3 => server.identity,
        _ => server.mtls || server.identity,
    };
    if !tls {
        return allow(Why::NoRbac);
    }
    let has_rules = !policies.rules.is_empty();
    // 3.0 has only the rules path, as have inbounds of 2.14 with `rules` or an identity.
    match semantics {
        Semantics::V213 if !has_rules => legacy_path(policies, client, server.mesh),
        Semantics::V214 | Semantics::V214Merged if !has_rules && !server.identity => {
            legacy_path(policies, client, server.mesh)
        }
        Semantics::V214Merged => rules_path(policies, client, true),
        _ => rules_path(policies, client, false),
    }
}

/// The legacy path: the `from` entries (the last that matches decides); with none on the inbound,
/// a TrafficPermission's RBAC if one applies, else deny (`configureLegacyRules`, L119-145).
fn legacy_path(policies: &InboundPolicies<'_>, client: &Sans, mesh: &str) -> Decision {
    if !policies.from.is_empty() {
        return match policies
            .from
            .iter()
            .rev()
            .find(|(_, e)| principal_matches(e, client))
        {
            Some((p, e)) if e.action.allows() => allow(Why::From(p.name.clone())),
            Some((p, _)) => deny(Why::From(p.name.clone())),
            None => deny(Why::DefaultDeny),
        };
    }
    match policies.tp {
        Some(tp) if tp.sources.iter().any(|s| source_matches(s, client, mesh)) => {
            allow(Why::TrafficPermission(tp.name.clone()))
        }
        Some(tp) => deny(Why::TrafficPermission(tp.name.clone())),
        None => deny(Why::DefaultDeny),
    }
}

/// The `rules` path: every deny first, then every allow, else deny (`rbac_configurer.go`
/// L120-151). `merged`: the `from` entries join as matchers (kuma#18774): their denies with a
/// positive tag among the denies, their allows among the allows.
fn rules_path(policies: &InboundPolicies<'_>, client: &Sans, merged: bool) -> Decision {
    let joined = client.joined();
    let hit = |peers: &[Peer]| peers.iter().any(|p| peer_matches(p, joined));
    for p in &policies.rules {
        if let Some(rules) = &p.rules
            && hit(&rules.deny)
        {
            return deny(Why::Rules(p.name.clone()));
        }
    }
    if merged {
        for (p, e) in &policies.from {
            let positive = !matches!(e.who, Target::Mesh);
            if !e.action.allows() && positive && principal_matches(e, client) {
                return deny(Why::From(p.name.clone()));
            }
        }
    }
    for p in &policies.rules {
        if let Some(rules) = &p.rules
            && (hit(&rules.allow) || hit(&rules.shadow))
        {
            return allow(Why::Rules(p.name.clone()));
        }
    }
    if merged
        && let Some((p, _)) = policies
            .from
            .iter()
            .find(|(_, e)| e.action.allows() && principal_matches(e, client))
    {
        return allow(Why::From(p.name.clone()));
    }
    deny(Why::DefaultDeny)
}

fn peer_matches(peer: &Peer, joined: &str) -> bool {
    if peer.sni {
        return false;
    }
    match &peer.spiffe {
        Some(SpiffeMatch::Exact(v)) => joined == v,
        Some(SpiffeMatch::Prefix(v)) => joined.starts_with(v.as_str()),
        // No condition at all matches every peer.
        None => true,
    }
}

/// A `from` entry's principals against the client's SANs (`principalFromSubset`,
/// `legacy_rbac_configurer.go`): each SAN it requires matched exactly against any one of the
/// client's; `Mesh` matches everyone.
fn principal_matches(entry: &FromEntry, client: &Sans) -> bool {
    match &entry.principals {
        Principals::Any => true,
        Principals::All(required) => required.iter().all(|san| client.has(san)),
        Principals::Never => false,
    }
}

/// A TrafficPermission source: `*` matches any value of the tag (any client at all for
/// `kuma.io/service: '*'`).
fn source_matches(source: &[(String, String)], client: &Sans, mesh: &str) -> bool {
    source.iter().all(|(k, v)| match (k.as_str(), v.as_str()) {
        (SERVICE_TAG, "*") => true,
        (SERVICE_TAG, v) => client.has(&format!("spiffe://{mesh}/{v}")),
        (k, "*") => client
            .list
            .iter()
            .any(|s| s.starts_with(&format!("kuma://{k}/"))),
        (k, v) => client.has(&format!("kuma://{k}/{v}")),
    })
}

#[cfg(test)]
mod tests {
    use super::super::policy::{Action, Rules};
    use super::*;

    fn mtp(name: &str, from: Vec<FromEntry>, rules: Option<Rules>) -> Mtp {
        Mtp {
            name: name.into(),
            namespace: None,
            namespace_scoped: false,
            target: Target::Mesh,
            from,
            rules,
            order: (1, 0, 1, 0, std::cmp::Reverse(name.into())),
            doc: 0,
        }
    }

    fn service(name: &str, action: Action) -> FromEntry {
        let who = Target::Subset(vec![(SERVICE_TAG.into(), name.into())]);
        FromEntry {
            principals: Principals::of(&who, "default"),
            who,
            action,
        }
    }

    const LEGACY_WEB: &[&str] = &["spiffe://default/web", "kuma://kuma.io/service/web"];

    fn sans(s: &[&str]) -> Sans {
        Sans::new(s.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn each_version_takes_its_path() {
        let from = mtp("from-web", vec![service("web", Action::Allow)], None);
        let prefix = Rules {
            allow: vec![Peer {
                spiffe: Some(SpiffeMatch::Prefix("spiffe://default".into())),
                sni: false,
            }],
            ..Rules::default()
        };
        let rules = mtp("rules", Vec::new(), Some(prefix));
        let only_from = InboundPolicies {
            from: from.from.iter().map(|e| (&from, e)).collect(),
            ..Default::default()
        };
        let legacy = Server {
            mesh: "default",
            mtls: true,
            identity: false,
        };
        let identity = Server {
            identity: true,
            ..legacy
        };
        let web = sans(LEGACY_WEB);
        let new_web = sans(&["spiffe://default.zone-1.mesh.local/ns/demo/sa/web"]);
        // A legacy server: `from` on 2.13 and 2.14 alike.
        for s in [Semantics::V213, Semantics::V214] {
            assert!(evaluate(s, legacy, &only_from, &web).allowed);
            assert!(!evaluate(s, legacy, &only_from, &new_web).allowed);
        }
        // An identity server with only `from`: 2.13 keeps it, 2.14 denies every client.
        assert!(evaluate(Semantics::V213, identity, &only_from, &web).allowed);
        assert_eq!(
            evaluate(Semantics::V214, identity, &only_from, &web),
            deny(Why::DefaultDeny)
        );
        // Merged: the `from` allow joins the (empty) rules.
        assert!(evaluate(Semantics::V214Merged, identity, &only_from, &web).allowed);
        // A `rules` policy drops the `from` ones on both versions.
        let both = InboundPolicies {
            rules: vec![&rules],
            ..only_from.clone()
        };
        let other = sans(&["spiffe://other/x", "kuma://kuma.io/service/x"]);
        assert!(!evaluate(Semantics::V213, legacy, &both, &other).allowed);
        assert!(evaluate(Semantics::V213, legacy, &both, &web).allowed);
        // No mTLS and no identity: no RBAC at all; on 3.0 `Mesh.mtls` is inert.
        let plain = Server {
            mtls: false,
            ..legacy
        };
        assert_eq!(
            evaluate(Semantics::V214, plain, &only_from, &other).why,
            Why::NoRbac
        );
        assert_eq!(
            evaluate(Semantics::V3, legacy, &only_from, &other).why,
            Why::NoRbac
        );
    }

    #[test]
    fn exact_matches_the_joined_sans_and_the_last_from_entry_wins() {
        let exact = Rules {
            allow: vec![Peer {
                spiffe: Some(SpiffeMatch::Exact("spiffe://default/web".into())),
                sni: false,
            }],
            ..Rules::default()
        };
        let rules = mtp("exact", Vec::new(), Some(exact));
        let policies = InboundPolicies {
            rules: vec![&rules],
            ..Default::default()
        };
        let server = Server {
            mesh: "default",
            mtls: true,
            identity: false,
        };
        // A legacy client presents several SANs: an Exact never matches it.
        assert!(!evaluate(Semantics::V214, server, &policies, &sans(LEGACY_WEB)).allowed);
        assert!(
            evaluate(
                Semantics::V214,
                server,
                &policies,
                &sans(&["spiffe://default/web"])
            )
            .allowed
        );
        let mesh_allow = FromEntry {
            who: Target::Mesh,
            principals: Principals::Any,
            action: Action::Allow,
        };
        let layered = mtp(
            "layered",
            vec![mesh_allow, service("web", Action::Deny)],
            None,
        );
        let policies = InboundPolicies {
            from: layered.from.iter().map(|e| (&layered, e)).collect(),
            ..Default::default()
        };
        assert!(!evaluate(Semantics::V214, server, &policies, &sans(LEGACY_WEB)).allowed);
        assert!(
            evaluate(
                Semantics::V214,
                server,
                &policies,
                &sans(&["spiffe://default/api"])
            )
            .allowed
        );
    }

    #[test]
    fn merged_from_denies_join_only_with_a_positive_tag() {
        let mesh_deny = FromEntry {
            who: Target::Mesh,
            principals: Principals::Any,
            action: Action::Deny,
        };
        let layered = mtp(
            "layered",
            vec![mesh_deny, service("web", Action::Allow)],
            None,
        );
        let policies = InboundPolicies {
            from: layered.from.iter().map(|e| (&layered, e)).collect(),
            ..Default::default()
        };
        let identity = Server {
            mesh: "default",
            mtls: true,
            identity: true,
        };
        // kuma#18774: a `from` deny of the whole mesh is no matcher; the web allow joins.
        let web = sans(LEGACY_WEB);
        assert!(evaluate(Semantics::V214Merged, identity, &policies, &web).allowed);
        let denied = mtp("deny-web", vec![service("web", Action::Deny)], None);
        let policies = InboundPolicies {
            from: denied.from.iter().map(|e| (&denied, e)).collect(),
            ..Default::default()
        };
        assert_eq!(
            evaluate(Semantics::V214Merged, identity, &policies, &web),
            deny(Why::From("deny-web".into()))
        );
        // Only allows join the allows: a mesh-wide deny, or an allow of another service, lets
        // the default deny stand.
        let only_deny = mtp(
            "mesh-deny",
            vec![FromEntry {
                who: Target::Mesh,
                principals: Principals::Any,
                action: Action::Deny,
            }],
            None,
        );
        let api = mtp("allow-api", vec![service("api", Action::Allow)], None);
        for layer in [&only_deny, &api] {
            let policies = InboundPolicies {
                from: layer.from.iter().map(|e| (layer, e)).collect(),
                ..Default::default()
            };
            assert_eq!(
                evaluate(Semantics::V214Merged, identity, &policies, &web),
                deny(Why::DefaultDeny),
                "{}",
                layer.name
            );
        }
    }

    #[test]
    fn a_traffic_permission_allows_only_its_sources() {
        let tp = Tp {
            name: "web-to-api".into(),
            created: None,
            sources: vec![vec![(SERVICE_TAG.into(), "web".into())]],
            destinations: Vec::new(),
            doc: 0,
        };
        let policies = InboundPolicies {
            tp: Some(&tp),
            ..Default::default()
        };
        let server = Server {
            mesh: "default",
            mtls: true,
            identity: false,
        };
        let web = evaluate(Semantics::V214, server, &policies, &sans(LEGACY_WEB));
        assert_eq!(web, allow(Why::TrafficPermission("web-to-api".into())));
        let other = sans(&["spiffe://default/x", "kuma://kuma.io/service/x"]);
        assert_eq!(
            evaluate(Semantics::V214, server, &policies, &other),
            deny(Why::TrafficPermission("web-to-api".into()))
        );
        // Tags other than the service: `*` is any value of the tag, else its value exactly.
        let zone = |v: &str| vec![("kuma.io/zone".to_string(), v.to_string())];
        let client = sans(&["spiffe://default/x", "kuma://kuma.io/zone/z1"]);
        assert!(source_matches(&zone("*"), &client, "default"));
        assert!(source_matches(&zone("z1"), &client, "default"));
        assert!(!source_matches(&zone("z2"), &client, "default"));
        assert!(!source_matches(&zone("*"), &sans(LEGACY_WEB), "default"));
    }
}
