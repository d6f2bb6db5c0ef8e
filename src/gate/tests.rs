//! Unit tests of gate evaluation at its edges: bounds of the example lists, the order zones are
//! shown in, counts-only gates, and how insights' KRIs name a MeshIdentity.

use super::aggregate::aggregate;
use super::evaluate::evaluate;
use super::*;
use crate::input::kinds::PolicyKind;
use crate::state::{Aggregate, Census, ConfigAck, Counts, Proxy, ProxyMtls};

const NOW: i64 = 1_000_000;

fn settings() -> ScopeSettings {
    ScopeSettings {
        now: Timestamp::from_secs(NOW),
        ..ScopeSettings::default()
    }
}

/// A census whose backends are `old` (0) and `new` (1).
fn census() -> Census {
    let mut census = Census::default();
    census.backends.intern("old");
    census.backends.intern("new");
    census
}

fn online(name: &str, mtls: Option<ProxyMtls>) -> Proxy {
    Proxy {
        name: name.to_string(),
        online: true,
        has_insight: true,
        connected_before: true,
        mtls,
        config: Some(ConfigAck {
            sent: 1,
            acknowledged: 1,
            ..ConfigAck::default()
        }),
        ..Proxy::default()
    }
}

/// Issued by `old`; trusting `new` too when `trusts_new`.
fn mtls(trusts_new: bool) -> Option<ProxyMtls> {
    Some(ProxyMtls {
        issued: Some(0),
        supported: if trusts_new { 0b11 } else { 0b01 },
        supported_known: true,
        ..ProxyMtls::default()
    })
}

fn switch() -> Gate {
    Gate::Switch("new".into())
}

fn counts(total: u64) -> Counts {
    Counts {
        total,
        ..Counts::default()
    }
}

#[test]
fn example_lists_stop_at_ten_and_counts_do_not() {
    let mut census = census();
    census.proxies = (0..11).map(|i| online(&format!("u-{i}"), None)).collect();
    census
        .proxies
        .extend((0..11).map(|i| online(&format!("n-{i}"), mtls(false))));
    let outcome = evaluate(&switch(), &census, settings());
    assert_eq!((outcome.unknown, outcome.not_ready), (11, 11));
    assert_eq!(outcome.unknown_proxies.len(), MAX_EXAMPLES);
    assert_eq!(outcome.unknown_proxies[0], "u-0");
    assert_eq!(outcome.blocking.len(), MAX_EXAMPLES);
    assert_eq!(outcome.blocking[9], "n-9");
    let mut tally = Tally::default();
    for i in 0..11 {
        tally.add(&format!("p-{i}"));
    }
    assert_eq!((tally.count, tally.names.len()), (11, MAX_EXAMPLES));
}

#[test]
fn zones_with_the_most_proxies_not_ready_come_first() {
    let mut census = census();
    let a = census.zone_names.intern("zone-a");
    let b = census.zone_names.intern("zone-b");
    let c = census.zone_names.intern("zone-c");
    let mut at = |zone, name: &str, ready| {
        let mut proxy = online(name, mtls(ready));
        proxy.zone = Some(zone);
        census.proxies.push(proxy);
    };
    // zone-a: 2 of 4 ready; zone-b: none of 3; zone-c: all 5.
    for (i, ready) in [true, true, false, false].into_iter().enumerate() {
        at(a, &format!("a-{i}"), ready);
    }
    for i in 0..3 {
        at(b, &format!("b-{i}"), false);
    }
    for i in 0..5 {
        at(c, &format!("c-{i}"), true);
    }
    // Eleven more not ready in zone-d: its examples stop at ten.
    let d = census.zone_names.intern("zone-d");
    for i in 0..11 {
        let mut proxy = online(&format!("d-{i}"), mtls(false));
        proxy.zone = Some(d);
        census.proxies.push(proxy);
    }
    let outcome = evaluate(&switch(), &census, settings());
    assert_eq!(outcome.zones[0].zone, "zone-d");
    assert_eq!(outcome.zones[0].blocking.len(), MAX_EXAMPLES);
    census.proxies.retain(|p| p.zone != Some(d));
    let outcome = evaluate(&switch(), &census, settings());
    let order: Vec<_> = outcome
        .zones
        .iter()
        .map(|z| (z.zone.as_str(), z.ready, z.total))
        .collect();
    assert_eq!(
        order,
        [("zone-b", 0, 3), ("zone-a", 2, 4), ("zone-c", 5, 5)]
    );
}

#[test]
fn going_strict_names_why_a_registration_outside_the_scope_blocks() {
    let mut census = census();
    let web = census.services.intern("web");
    let with_service = |mut proxy: Proxy| {
        proxy.service = Some(web);
        proxy
    };
    let never = with_service(Proxy {
        name: "web-never".into(),
        ..Proxy::default()
    });
    let expired = with_service(Proxy {
        name: "web-gone".into(),
        connected_before: true,
        mtls: Some(ProxyMtls {
            issued: Some(0),
            expires: Some(Timestamp::from_secs(NOW - 1)),
            ..ProxyMtls::default()
        }),
        ..Proxy::default()
    });
    // A never-connected registration without a service is in no service's readiness.
    let serviceless = Proxy {
        name: "nameless".into(),
        ..Proxy::default()
    };
    census.proxies = vec![never, expired, serviceless];
    let outcome = evaluate(&Gate::Strict("new".into()), &census, settings());
    assert_eq!(outcome.total, 2);
    assert_eq!(
        outcome.blocking,
        [
            "web-never (web, never connected)",
            "web-gone (web, offline)"
        ]
    );
    let report = GateReport::new(&Gate::Strict("new".into()), &outcome);
    assert_eq!(report.counted(), "registrations");
    let report = GateReport::new(&switch(), &outcome);
    assert_eq!(report.counted(), "in-scope proxies");
}

#[test]
fn with_both_blocked_the_per_proxy_outcome_is_reported() {
    let mut census = census();
    census.proxies = vec![online("web-1", mtls(false)), online("web-2", mtls(true))];
    census.aggregate = Some(Aggregate {
        dataplanes: counts(5),
        issued: [("old".to_string(), counts(5))].into(),
        ..Aggregate::default()
    });
    let outcome = evaluate(&switch(), &census, settings());
    assert_eq!(outcome.status, GateStatus::Blocked);
    assert!(outcome.per_proxy);
    assert_eq!((outcome.ready, outcome.total), (1, 2));
    assert_eq!(outcome.blocking, ["web-1"]);
    // Per proxy it holds; the counts beside it say otherwise.
    census.proxies.remove(0);
    let outcome = evaluate(&switch(), &census, settings());
    assert_eq!(
        (outcome.status, outcome.per_proxy),
        (GateStatus::Blocked, false)
    );
    assert_eq!((outcome.ready, outcome.total), (0, 5));
}

#[test]
fn counts_alone_block_a_convergence_gate_with_every_proxy_unknown() {
    let mut census = census();
    census.aggregate = Some(Aggregate {
        dataplanes: counts(7),
        issued: [("old".to_string(), counts(6))].into(),
        ..Aggregate::default()
    });
    let outcome = aggregate(&Gate::Converged, &census, settings());
    assert_eq!(
        (
            outcome.status,
            outcome.total,
            outcome.unknown,
            outcome.ready
        ),
        (GateStatus::Blocked, 7, 7, 0)
    );
}

#[test]
fn counts_hold_going_strict_only_when_every_proxy_holds_the_backend() {
    let mut census = census();
    let agg = |old, new| Aggregate {
        dataplanes: counts(old + new),
        issued: [
            ("old".to_string(), counts(old)),
            ("new".to_string(), counts(new)),
        ]
        .into(),
        ..Aggregate::default()
    };
    census.aggregate = Some(agg(1, 3));
    let strict = Gate::Strict("new".into());
    let outcome = aggregate(&strict, &census, settings());
    assert_eq!(
        (
            outcome.status,
            outcome.ready,
            outcome.total,
            outcome.not_ready
        ),
        (GateStatus::Blocked, 3, 4, 1)
    );
    census.aggregate = Some(agg(0, 4));
    let outcome = aggregate(&strict, &census, settings());
    assert_eq!(
        (
            outcome.status,
            outcome.ready,
            outcome.total,
            outcome.not_ready
        ),
        (GateStatus::Holds, 4, 4, 0)
    );
}

#[test]
fn counts_leave_out_registrations_that_never_connected() {
    let mut census = census();
    // 5 proxies: 3 with a certificate, one registration that never connected, one unknown.
    census.aggregate = Some(Aggregate {
        dataplanes: counts(5),
        issued: [("new".to_string(), counts(3))].into(),
        supported: [("new".to_string(), counts(3))].into(),
        ..Aggregate::default()
    });
    census.proxies = vec![Proxy {
        name: "never".into(),
        ..Proxy::default()
    }];
    let outcome = aggregate(&switch(), &census, settings());
    assert_eq!((outcome.ready, outcome.total, outcome.unknown), (3, 4, 1));
    census.proxies[0].online = true;
    let outcome = aggregate(&switch(), &census, settings());
    assert_eq!((outcome.total, outcome.unknown), (5, 2));
}

#[test]
fn a_twin_may_count_a_proxy_without_a_record_as_never_connected() {
    let gone = Proxy {
        connected_before: true,
        disconnected: Some(Timestamp::from_secs(NOW - 10)),
        ..Proxy::default()
    };
    let mut settings = settings();
    settings.cert_lifetime = 3600;
    assert!(matches!(
        settings.of(&gone),
        crate::state::Scope::OfflineUnrecorded(_)
    ));
    settings.off.unrecorded = true;
    assert_eq!(settings.of(&gone), crate::state::Scope::NoCertificate);
}

#[test]
fn an_insight_names_a_meshidentity_by_kind_mesh_and_name_or_a_zones_hashed_copy() {
    let identity = PolicyRef {
        kind: PolicyKind::Identity,
        mesh: "default".into(),
        name: "spire".into(),
    };
    assert!(identity.named_by("kri_mid_default_zone-1_kuma-system_spire_"));
    assert!(identity.named_by("kri_mid_default___spire-0123456789abcdef_"));
    assert!(!identity.named_by("kri_mid_default___spire-0123456789abcde_"));
    assert!(!identity.named_by("kri_mtrust_default___spire_"));
    assert!(!identity.named_by("kri_mid_other___spire_"));
    assert!(!identity.named_by("kri_mid_default___spiral_"));
    assert!(!identity.named_by("spire"));
    let trust = PolicyRef {
        kind: PolicyKind::Trust,
        name: "ca".into(),
        ..identity.clone()
    };
    assert_eq!(
        names_of(&[identity, trust]),
        "MeshIdentity `spire`, MeshTrust `ca`"
    );
}

#[test]
fn a_rejected_configuration_holds_going_strict_but_only_a_rejected_secret_holds_a_switch() {
    let mut census = census();
    let mut proxy = online(
        "web-1",
        Some(ProxyMtls {
            issued: Some(1),
            supported: 0b11,
            supported_known: true,
            ..ProxyMtls::default()
        }),
    );
    // A cluster was rejected (counted by type), every response answered.
    proxy.config = Some(ConfigAck {
        sent: 3,
        acknowledged: 2,
        rejected: 1,
        typed_rejected: 1,
        ..ConfigAck::default()
    });
    census.proxies = vec![proxy];
    let strict = evaluate(&Gate::Strict("new".into()), &census, settings());
    assert_eq!((strict.ready, strict.rejected.count), (0, 1));
    // Moving `Mesh.mtls` between backends changes only Secrets: a cluster NACK does not hold it.
    let switch = evaluate(&switch(), &census, settings());
    assert_eq!((switch.ready, switch.rejected.count), (1, 0));
}

#[test]
fn turning_mtls_off_waits_on_rejected_and_pending_configurations() {
    let mut settings = settings();
    settings.changed_at = crate::input::time::parse_moment("1970-01-01T00:00:10Z");
    let mut census = census();
    let with = |sent, acknowledged, rejected| {
        let mut proxy = online("web-1", None);
        proxy.config = Some(ConfigAck {
            updated: Some(Timestamp::from_secs(100)),
            sent,
            acknowledged,
            rejected,
            ..ConfigAck::default()
        });
        proxy
    };
    let judged = |census: &Census| {
        let outcome = evaluate(&Gate::Converged, census, settings);
        (outcome.ready, outcome.rejected.count, outcome.pending.count)
    };
    census.proxies = vec![with(2, 2, 0)];
    assert_eq!(judged(&census), (1, 0, 0));
    census.proxies = vec![with(2, 1, 1)];
    assert_eq!(judged(&census), (0, 1, 0));
    census.proxies = vec![with(2, 1, 0)];
    assert_eq!(judged(&census), (0, 0, 1));
}

#[test]
fn a_proxy_under_an_identity_without_supported_backends_is_unknown_to_the_widen_gate() {
    let mut census = census();
    let mid = census.backends.intern("kri_mid_default___spire_");
    let trust = census.backends.intern("kri_mtrust_default___spire_");
    let mut proxy = online(
        "web-1",
        Some(ProxyMtls {
            issued: Some(mid),
            supported: 1 << trust,
            supported_known: false,
            ..ProxyMtls::default()
        }),
    );
    proxy.config = Some(ConfigAck {
        updated: Some(Timestamp::from_secs(100)),
        sent: 1,
        acknowledged: 1,
        ..ConfigAck::default()
    });
    census.proxies = vec![proxy];
    let gate = Gate::Trusted {
        trusts: vec![PolicyRef {
            kind: PolicyKind::Trust,
            mesh: "default".into(),
            name: "spire".into(),
        }],
        since: crate::input::time::parse_moment("1970-01-01T00:00:10Z"),
    };
    let outcome = evaluate(&gate, &census, settings());
    assert_eq!(
        (outcome.ready, outcome.unknown, outcome.not_ready),
        (0, 1, 0)
    );
    census.proxies[0].mtls.as_mut().unwrap().supported_known = true;
    let outcome = evaluate(&gate, &census, settings());
    assert_eq!((outcome.ready, outcome.unknown), (1, 0));
}

#[test]
fn going_strict_waits_the_readiness_lag_until_its_last_instant_only() {
    let mut census = census();
    let mut proxy = online(
        "web-1",
        Some(ProxyMtls {
            issued: Some(1),
            regenerated: Some(Timestamp::from_secs(100)),
            ..ProxyMtls::default()
        }),
    );
    proxy.config = None;
    census.proxies = vec![proxy];
    let lag = settings().intervals.readiness_lag();
    let until = Timestamp::from_secs(100).plus(lag);
    census.observed_at = Some(until);
    let outcome = evaluate(&Gate::Strict("new".into()), &census, settings());
    assert_eq!(outcome.readiness_wait, None);
    census.observed_at = Some(Timestamp::from_nanos(until.nanos() - 1));
    let outcome = evaluate(&Gate::Strict("new".into()), &census, settings());
    assert_eq!(outcome.readiness_wait.map(|w| w.until), Some(until));
}

#[test]
fn a_services_missing_registrations_are_named_up_to_ten() {
    let mut census = census();
    let web = census.services.intern("web");
    census.proxies = (0..11)
        .map(|i| Proxy {
            name: format!("web-{i}"),
            service: Some(web),
            ..Proxy::default()
        })
        .collect();
    let outcome = evaluate(&Gate::Strict("new".into()), &census, settings());
    let web = &outcome.unready_services[0];
    assert_eq!((web.registrations, web.out_of_scope), (11, 11));
    assert_eq!(web.missing.len(), MAX_EXAMPLES);
    assert_eq!(web.missing[0], "web-0 (never connected)");
}
