//! Authorization (README "Authorization"): who may call whom, as Kuma evaluates
//! MeshTrafficPermission on each version, judged on every step: enabling mTLS against the
//! policies, a MeshIdentity move that drops `from` policies, principals that change with the
//! identity, the `allow-identities` step meshctl writes, and the 3.0 upgrade.

use serde_json::Value;

use crate::fake_cp::FakeCp;
use crate::{Run, TempDir, meshctl};

const NOW: &str = "2026-12-01T12:00:00Z";

/// A Universal Mesh: mTLS on `ca-1` STRICT or off, Exclusive MeshServices.
fn mesh(mtls: bool) -> String {
    let mut text = "type: Mesh\nname: default\nmeshServices:\n  mode: Exclusive\n".to_string();
    if mtls {
        text.push_str("mtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: builtin\n    mode: STRICT\n");
    }
    text
}

/// An issuing MeshIdentity, Ready; `widened`: selecting every dataplane, else nothing.
fn identity(widened: bool) -> String {
    let selector = if widened {
        "  selector:\n    dataplane:\n      matchLabels: {}\n"
    } else {
        "  selector: {}\n"
    };
    format!(
        "type: MeshIdentity\nname: identity\nmesh: default\ncreationTime: \"2026-12-01T10:00:00Z\"\nspec:\n{selector}  spiffeID:\n    trustDomain: \"{{{{ .Mesh }}}}.{{{{ .Zone }}}}.mesh.local\"\n  provider:\n    type: Bundled\n    bundled:\n      insecureAllowSelfSigned: true\n      autogenerate:\n        enabled: true\nstatus:\n  conditions:\n  - {{type: Ready, status: \"True\", reason: Ready, message: ok}}\n  - {{type: MeshTrustCreated, status: \"True\", reason: MeshTrustCreated, message: ok}}\n"
    )
}

/// A MeshTrafficPermission on `server`'s inbounds with `from` (YAML flow) entries.
fn from(name: &str, server: &str, entries: &[(&str, &str)]) -> String {
    let entries: String = entries
        .iter()
        .map(|(who, action)| {
            let target = if *who == "Mesh" {
                "{kind: Mesh}".to_string()
            } else {
                format!("{{kind: MeshSubset, tags: {{kuma.io/service: {who}}}}}")
            };
            format!("  - targetRef: {target}\n    default: {{action: {action}}}\n")
        })
        .collect();
    format!(
        "type: MeshTrafficPermission\nname: {name}\nmesh: default\nspec:\n  targetRef: {{kind: MeshSubset, tags: {{kuma.io/service: {server}}}}}\n  from:\n{entries}"
    )
}

/// A `rules` MeshTrafficPermission on `server` allowing `matchers` (`Exact`/`Prefix`, value).
fn rules(name: &str, server: &str, matchers: &[(&str, &str)]) -> String {
    let allow: String = matchers
        .iter()
        .map(|(kind, value)| format!("      - spiffeID: {{type: {kind}, value: \"{value}\"}}\n"))
        .collect();
    format!(
        "type: MeshTrafficPermission\nname: {name}\nmesh: default\nspec:\n  targetRef: {{kind: MeshSubset, tags: {{kuma.io/service: {server}}}}}\n  rules:\n  - default:\n      allow:\n{allow}"
    )
}

/// The state: one proxy per `service@version` (its Dataplane with labels and tags), every one
/// connected and holding a `ca-1` certificate and trusting the identity's MeshTrust.
fn state(dir: &TempDir, services: &[&str]) -> String {
    state_with(dir, services, true)
}

/// The same, without any certificate when `mtls` is false (mTLS off).
fn state_with(dir: &TempDir, services: &[&str], mtls: bool) -> String {
    let items: Vec<String> = services
        .iter()
        .map(|svc| {
            let (service, version) = svc.split_once('@').unwrap_or((svc, "v1"));
            let name = format!("{service}-{version}");
            format!(
                r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "{name}", "labels": {{"kuma.io/workload": "{name}", "kuma.io/zone": "zone-1"}}, "dataplane": {{"networking": {{"address": "10.0.0.1", "inbound": [{{"port": 8080, "tags": {{"kuma.io/service": "{service}", "version": "{version}", "kuma.io/zone": "zone-1"}}}}]}}}}, "dataplaneInsight": {{"subscriptions": [{{"connectTime": "2026-12-01T08:00:00Z", "status": {{"lastUpdateTime": "2026-12-01T11:45:00Z", "total": {{"responsesSent": "9", "responsesAcknowledged": "9"}}}}}}]{}}}}}"#,
                if mtls {
                    r#", "mTLS": {"issuedBackend": "ca-1", "supportedBackends": ["ca-1", "kri_mtrust_default___identity_"], "certificateExpirationTime": "2026-12-02T10:00:00Z", "lastCertificateRegeneration": "2026-12-01T09:00:00Z"}"#
                } else {
                    ""
                }
            )
        })
        .collect();
    dir.file(
        "state.json",
        format!(
            r#"{{"total": {}, "items": [{}], "next": null}}"#,
            items.len(),
            items.join(", ")
        ),
    )
}

fn docs(parts: &[String]) -> String {
    parts.join("---\n")
}

fn json(args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--format", "json", "--now", NOW]);
    meshctl(&all)
}

fn diag(run: &Run, code: &str) -> Value {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("no {code}: {}", run.stdout))
}

/// `(client, server)` of each pair a finding names.
fn pairs(d: &Value) -> Vec<(String, String)> {
    d["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["client"].as_str().unwrap().to_string(),
                p["server"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn errors(run: &Run) -> Vec<String> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn enabling_mtls_is_judged_against_the_policies() {
    let dir = TempDir::new("authz-enable");
    let current = dir.file("current.yaml", mesh(false));
    let target = dir.file("target.yaml", mesh(true));
    let state = state_with(&dir, &["web", "api"], false);
    let step = |policies: &str| {
        let policies = dir.file("policies.yaml", policies);
        json(&[
            "next-step",
            "--current",
            &current,
            "--target",
            &target,
            "--state",
            &state,
            "--policies",
            &policies,
            "--kuma-version",
            "2.14.3",
        ])
    };
    // No policy at all (an empty List, as kubectl prints it): every call would be denied.
    let run = step("apiVersion: v1\nkind: List\nitems: []\n");
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["authorization-deny-all".to_string()]),
        "{}",
        run.stdout
    );
    // web may call api, nothing else: the other pairs start being denied, a warning.
    let run = step(&from("api-from-web", "api", &[("web", "Allow")]));
    assert_eq!(run.code, 0, "{}", run.stdout);
    let d = diag(&run, "authorization-enforced");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["pairs_total"], 3);
    assert!(
        !pairs(&d).contains(&("web-v1".into(), "api-v1".into())),
        "{d}"
    );
    // Everyone from the mesh: nothing denied.
    let run = step(&from("all", "api", &[("Mesh", "Allow")]).replace(
        "{kind: MeshSubset, tags: {kuma.io/service: api}}",
        "{kind: Mesh}",
    ));
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
    // A MeshInsight beside the state that counts another number of policies: the set read is
    // not the whole one.
    let policies = dir.file("one.yaml", from("api-from-web", "api", &[("web", "Allow")]));
    let insight = dir.file(
        "mesh-insight.json",
        r#"{"type": "MeshInsight", "name": "default", "dataplanes": {"total": 2, "online": 2}, "policies": {"MeshTrafficPermission": {"total": 2}}}"#,
    );
    let run = json(&[
        "next-step",
        "--current",
        &current,
        "--target",
        &target,
        "--state",
        &state,
        "--state",
        &insight,
        "--policies",
        &policies,
        "--kuma-version",
        "2.14.3",
    ]);
    let d = diag(&run, "authorization-unchecked");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("the MeshInsight counts 2 MeshTrafficPermission and 1 were read"),
        "{d}"
    );
    // Without the policies, the step is not judged: authorization-unchecked.
    let run = json(&[
        "next-step",
        "--current",
        &current,
        "--target",
        &target,
        "--state",
        &state,
    ]);
    assert_eq!(errors(&run), ["authorization-unchecked"], "{}", run.stdout);
}

#[test]
fn widening_an_identity_drops_the_from_policies_on_2_14_and_their_principals_on_2_13() {
    let dir = TempDir::new("authz-widen");
    let current = dir.file("current.yaml", docs(&[mesh(true), identity(false)]));
    let widened = dir.file("widened.yaml", docs(&[mesh(true), identity(true)]));
    let state = state(&dir, &["web", "api", "db"]);
    let policies = dir.file(
        "policies.yaml",
        docs(&[
            from("db-from-api", "db", &[("api", "Allow")]),
            from("api-from-web", "api", &[("web", "Allow")]),
            from("web-from-mesh", "web", &[("Mesh", "Allow")]),
        ]),
    );
    let validate = |version: &str| {
        json(&[
            "validate",
            &widened,
            "--current",
            &current,
            "--state",
            &state,
            "--policies",
            &policies,
            "--kuma-version",
            version,
            "--allow",
            "identity-not-ready",
        ])
    };
    // 2.14: a proxy under an identity takes `rules` only, and there are none: every pair.
    let run = validate("2.14.3");
    let d = diag(&run, "authorization-lost");
    assert!(
        d["message"].as_str().unwrap().contains("(Kuma 2.14)"),
        "{d}"
    );
    let lost = pairs(&d);
    for pair in [
        ("api-v1", "db-v1"),
        ("web-v1", "api-v1"),
        ("db-v1", "web-v1"),
    ] {
        assert!(
            lost.contains(&(pair.0.into(), pair.1.into())),
            "{pair:?} in {d}"
        );
    }
    assert_eq!(d["pairs_total"], 5, "{d}");
    // 2.13 keeps `from`, but a client under an identity presents one SPIFFE ID that no entry
    // naming a service matches; `kind: Mesh` still lets everyone in.
    let run = validate("2.13.10");
    let d = diag(&run, "authorization-lost");
    let lost = pairs(&d);
    assert_eq!(lost.len(), 2, "{d}");
    assert!(lost.contains(&("api-v1".into(), "db-v1".into())));
    assert!(lost.contains(&("web-v1".into(), "api-v1".into())));
}

#[test]
fn a_legacy_client_matches_a_prefix_of_its_first_san_and_never_an_exact() {
    let dir = TempDir::new("authz-matchers");
    let current = dir.file("current.yaml", mesh(false));
    let target = dir.file("target.yaml", mesh(true));
    let state = state_with(&dir, &["web", "api"], false);
    let step = |policy: String| {
        let policies = dir.file("policies.yaml", policy);
        json(&[
            "next-step",
            "--current",
            &current,
            "--target",
            &target,
            "--state",
            &state,
            "--policies",
            &policies,
            "--kuma-version",
            "2.14.3",
        ])
    };
    // `Exact spiffe://default/web` never equals web's comma-joined SANs: nothing is allowed.
    let run = step(rules(
        "api-exact",
        "api",
        &[("Exact", "spiffe://default/web")],
    ));
    assert_eq!(errors(&run), ["authorization-deny-all"], "{}", run.stdout);
    // A Prefix of its first SAN matches it.
    let run = step(rules(
        "api-prefix",
        "api",
        &[("Prefix", "spiffe://default/web")],
    ));
    let d = diag(&run, "authorization-enforced");
    assert!(
        !pairs(&d).contains(&("web-v1".into(), "api-v1".into())),
        "{d}"
    );
    // A trailing slash is refused by Kuma's admission (a policy beside the Mesh is linted).
    let slash = rules("api-slash", "api", &[("Prefix", "spiffe://default/")]);
    let lint = dir.file("slash.yaml", docs(&[mesh(true), slash]));
    let run = json(&["validate", &lint]);
    let d = diag(&run, "invalid-mesh-traffic-permission");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("path cannot have a trailing slash"),
        "{d}"
    );
}

#[test]
fn a_migration_writes_the_policies_it_needs_and_tidies_them() {
    let dir = TempDir::new("authz-migration");
    let current = dir.file("current.yaml", docs(&[mesh(true), identity(false)]));
    let target = dir.file("target.yaml", docs(&[mesh(false), identity(true)]));
    let state = state(&dir, &["web", "api", "db"]);
    let policies = dir.file(
        "policies.yaml",
        docs(&[
            from("db-from-api", "db", &[("api", "Allow")]),
            from("api-from-web", "api", &[("web", "Allow")]),
        ]),
    );
    let out = dir.0.join("steps").to_string_lossy().into_owned();
    let run = json(&[
        "plan",
        "--current",
        &current,
        "--target",
        &target,
        "--state",
        &state,
        "--policies",
        &policies,
        "--kuma-version",
        "2.14.3",
        "--write-steps",
        &out,
        "--allow",
        "legacy-ca-unavailable",
    ]);
    let steps = run.json()["plan"]["steps"].as_array().unwrap().clone();
    let kinds: Vec<String> = steps
        .iter()
        .map(|s| s["kind"].as_str().unwrap().to_string())
        .collect();
    // Tidying deletes the `from` policies and the legacy matchers this plan writes, once each.
    let tidy = steps
        .iter()
        .find(|s| s["kind"] == "tidy-policies")
        .and_then(|s| s["manifest"].as_str())
        .expect("tidy-policies");
    for name in [
        "db-from-api",
        "api-from-web",
        "allow-legacy-db",
        "allow-legacy-api",
    ] {
        assert_eq!(
            tidy.matches(&format!("name: {name}\n")).count(),
            1,
            "{name} in\n{tidy}"
        );
    }
    let allow = kinds
        .iter()
        .position(|k| k == "allow-identities")
        .expect("allow-identities");
    let widen = kinds
        .iter()
        .position(|k| k == "widen-identity")
        .expect("widen-identity");
    let remove = kinds
        .iter()
        .position(|k| k == "remove-mtls")
        .expect("remove-mtls");
    assert!(
        allow < widen && remove < kinds.iter().position(|k| k == "tidy-policies").unwrap(),
        "{kinds:?}"
    );
    // The policies go right before the identity (stored, selecting nothing) is given its
    // selector: after the SPIFFE-only identity gives the IDs they name.
    assert_eq!(
        kinds[allow - 1..=allow + 1],
        ["prepare-identity", "allow-identities", "widen-identity"],
        "{kinds:?}"
    );
    let written = std::fs::read_to_string(
        dir.0
            .join("steps")
            .join(format!("{:02}-allow-identities.yaml", allow + 1)),
    )
    .unwrap();
    for needle in [
        "name: allow-identities-db",
        "value: spiffe://default.zone-1.mesh.local/workload/api-v1",
        "name: allow-legacy-db",
        "type: Prefix\n          value: spiffe://default/api",
    ] {
        assert!(written.contains(needle), "{needle} in\n{written}");
    }
    assert!(!written.contains("spiffe://default/\""), "{written}");
    // The policies pass Kuma's admission as meshctl knows it.
    let lint = dir.file("generated.yaml", format!("{}---\n{written}", mesh(true)));
    let run = json(&["validate", &lint]);
    assert_eq!(run.codes(), Vec::<String>::new(), "{}", run.stdout);
}

#[test]
fn a_from_rule_by_tag_cannot_be_written_as_rules() {
    let dir = TempDir::new("authz-inexpressible");
    let current = dir.file("current.yaml", docs(&[mesh(true), identity(false)]));
    let target = dir.file("target.yaml", docs(&[mesh(false), identity(true)]));
    // Two web proxies, v1 and v2: only v1 may call api.
    let state = state(&dir, &["web@v1", "web@v2", "api"]);
    let policy = "type: MeshTrafficPermission\nname: api-from-web-v1\nmesh: default\nspec:\n  targetRef: {kind: MeshSubset, tags: {kuma.io/service: api}}\n  from:\n  - targetRef: {kind: MeshSubset, tags: {version: v1}}\n    default: {action: Allow}\n";
    let policies = dir.file("policies.yaml", policy);
    let run = json(&[
        "next-step",
        "--current",
        &current,
        "--target",
        &target,
        "--state",
        &state,
        "--policies",
        &policies,
        "--kuma-version",
        "2.14.3",
        "--allow",
        "legacy-ca-unavailable",
    ]);
    let d = diag(&run, "authorization-inexpressible");
    assert!(
        d["message"].as_str().unwrap().contains("service `api`"),
        "{d}"
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
}

#[test]
fn the_upgrade_to_3_0_finds_plaintext_proxies_legacy_certificates_and_lost_pairs() {
    let dir = TempDir::new("authz-upgrade");
    let state = state(&dir, &["web", "api"]);
    let policies = dir.file(
        "policies.yaml",
        from("api-from-web", "api", &[("web", "Allow")]),
    );
    // Still on Mesh.mtls: every proxy goes plaintext and keeps a legacy certificate; the pairs
    // the `from` policy denies open.
    let kept = dir.file("kept.yaml", mesh(true));
    let run = json(&[
        "validate",
        &kept,
        "--state",
        &state,
        "--policies",
        &policies,
        "--upgrade-to",
        "3.0",
        "--kuma-version",
        "2.14.3",
    ]);
    let codes = errors(&run);
    for code in [
        "upgrade-no-identity",
        "upgrade-legacy-certificate",
        "authorization-opened",
    ] {
        assert!(codes.contains(&code.to_string()), "{code} in {codes:?}");
    }
    assert_eq!(
        diag(&run, "upgrade-no-identity")["proxies"],
        serde_json::json!(["api-v1", "web-v1"])
    );
    // The kept policies may come as more files beside the Mesh: they are the whole set.
    let run = json(&[
        "validate",
        &kept,
        &policies,
        "--state",
        &state,
        "--upgrade-to",
        "3.0",
        "--kuma-version",
        "2.14.3",
    ]);
    assert!(
        errors(&run).contains(&"authorization-opened".to_string()),
        "{}",
        run.stdout
    );
    // Moved to identities on 2.13, leaning on a `from` that lets the mesh in: 3.0 ignores
    // `from`, so every pair it allowed is lost.
    let moved = dir.file("moved.yaml", docs(&[mesh(false), identity(true)]));
    let mesh_wide = dir.file(
        "mesh-wide.yaml",
        from("api-from-mesh", "api", &[("Mesh", "Allow")]),
    );
    let run = json(&[
        "validate",
        &moved,
        "--state",
        &state,
        "--policies",
        &mesh_wide,
        "--upgrade-to",
        "3.0",
        "--kuma-version",
        "2.13.10",
    ]);
    let d = diag(&run, "authorization-lost");
    let lost = pairs(&d);
    assert!(
        lost.contains(&("web-v1".to_string(), "api-v1".to_string())),
        "{d}"
    );
    assert!(lost.iter().all(|(_, server)| server == "api-v1"), "{d}");
    assert!(!errors(&run).contains(&"upgrade-no-identity".to_string()));
    // Already on `rules`, but selecting its servers by a top-level MeshService, which 3.0 no
    // longer matches: the pairs it allowed are lost.
    let by_service = rules(
        "api-rules",
        "api",
        &[(
            "Exact",
            "spiffe://default.zone-1.mesh.local/workload/web-v1",
        )],
    )
    .replace(
        "{kind: MeshSubset, tags: {kuma.io/service: api}}",
        "{kind: MeshService, name: api}",
    );
    let policies = dir.file("by-service.yaml", by_service);
    let run = json(&[
        "validate",
        &moved,
        "--state",
        &state,
        "--policies",
        &policies,
        "--upgrade-to",
        "3.0",
        "--kuma-version",
        "2.14.3",
    ]);
    let d = diag(&run, "authorization-lost");
    assert_eq!(
        pairs(&d),
        [("web-v1".to_string(), "api-v1".to_string())],
        "{d}"
    );
    // Half moved: on 3.0 the proxy still without an identity has no certificate at all, and the
    // one under an identity refuses plaintext.
    let half = identity(true).replace("matchLabels: {}", "matchLabels: {kuma.io/workload: web-v1}");
    let half = dir.file("half.yaml", docs(&[mesh(true), half]));
    let everyone = dir.file(
        "everyone.yaml",
        from("web-from-mesh", "web", &[("Mesh", "Allow")]),
    );
    let run = json(&[
        "validate",
        &half,
        "--state",
        &state,
        "--policies",
        &everyone,
        "--upgrade-to",
        "3.0",
        "--kuma-version",
        "2.13.10",
    ]);
    let d = diag(&run, "authorization-lost");
    let refused = |p: &Value| {
        p["client"] == "api-v1" && p["server"] == "web-v1" && p["policy"] == "plaintext refused"
    };
    assert!(d["pairs"].as_array().unwrap().iter().any(refused), "{d}");
    assert_eq!(
        diag(&run, "upgrade-no-identity")["proxies"],
        serde_json::json!(["api-v1"])
    );
}

#[test]
fn live_mode_reads_every_policy_and_a_snapshot_records_them() {
    let cp = FakeCp::start(3);
    cp.state.lock().unwrap().policies = vec![serde_json::json!({
        "type": "MeshTrafficPermission", "name": "nobody", "mesh": "default",
        "creationTime": "2026-11-27T10:00:00Z",
        "spec": {"targetRef": {"kind": "Mesh"}, "from": [{"targetRef": {"kind": "MeshSubset", "tags": {"kuma.io/service": "nobody"}}, "default": {"action": "Allow"}}]}
    })];
    let dir = TempDir::new("authz-live");
    // Turning mTLS off opens every pair the policies deny today: a warning naming them.
    let off = dir.file("off.yaml", "type: Mesh\nname: default\n");
    let run = json(&[
        "validate",
        &off,
        "--control-plane",
        &cp.url,
        "--mesh",
        "default",
        "--changed-at",
        "2026-11-27T10:00:00Z",
    ]);
    let d = diag(&run, "authorization-opened");
    assert_eq!(
        (d["severity"].as_str(), d["pairs_total"].as_u64()),
        (Some("warning"), Some(9)),
        "{d}"
    );
    let requests = cp.state.lock().unwrap().requests.clone();
    for path in [
        "/meshes/default/meshtrafficpermissions",
        "/meshes/default/traffic-permissions",
    ] {
        assert!(
            requests.iter().any(|r| r.starts_with(path)),
            "{path} in {requests:?}"
        );
    }
    // A snapshot holds them and says the set is complete.
    let snap = dir.0.join("snap.json").to_string_lossy().into_owned();
    let run = meshctl(&[
        "snapshot",
        "--control-plane",
        &cp.url,
        "--mesh",
        "default",
        "-o",
        &snap,
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let text = std::fs::read_to_string(&snap).unwrap();
    let header: Value = serde_json::from_str::<Value>(&text).unwrap()["meshctl"].clone();
    assert_eq!(header["permissions"], "complete");
    assert_eq!(header["kumaVersion"], "2.14.3");
    assert!(text.contains("\"name\":\"nobody\"") || text.contains("\"name\": \"nobody\""));
    let run = json(&[
        "validate",
        &off,
        "--current",
        &snap,
        "--state",
        &snap,
        "--changed-at",
        "2026-11-27T10:00:00Z",
    ]);
    assert_eq!(
        diag(&run, "authorization-opened")["pairs_total"],
        9,
        "{}",
        run.stdout
    );
}

#[test]
fn the_step_after_allow_identities_waits_for_every_proxy_once() {
    let dir = TempDir::new("authz-after-allow");
    let trust = "type: MeshTrust\nname: identity\nmesh: default\ncreationTime: \"2026-12-01T09:00:00Z\"\nspec:\n  trustDomain: default.zone-1.mesh.local\n  caBundles:\n  - type: Pem\n    pem:\n      value: |\n".to_string()
        + &include_str!("../../fixtures/identity/root.crt")
            .lines()
            .map(|l| format!("        {l}\n"))
            .collect::<String>()
        + "status:\n  origin:\n    kri: kri_mid_default___identity_\n";
    let spiffe_only = "type: MeshIdentity\nname: spiffe-only\nmesh: default\nspec:\n  selector:\n    dataplane:\n      matchLabels: {}\n  spiffeID:\n    trustDomain: \"{{ .Mesh }}.{{ .Zone }}.mesh.local\"\nstatus:\n  conditions:\n  - {type: Ready, status: \"False\", reason: PartiallyReady, message: x}\n  - {type: SpiffeIDProvider, status: \"True\", reason: SpiffeIDProvided, message: x}\n".to_string();
    // The identity's MeshTrust stored at 09:00, or (`late`) after the policies, at 11:30.
    let late_trust = trust.replace("2026-12-01T09:00:00Z", "2026-12-01T11:30:00Z");
    let current = dir.file(
        "current.yaml",
        docs(&[mesh(true), identity(false), trust, spiffe_only.clone()]),
    );
    let late = dir.file(
        "late.yaml",
        docs(&[mesh(true), identity(false), late_trust, spiffe_only]),
    );
    let target = dir.file("target.yaml", docs(&[mesh(false), identity(true)]));
    let from = docs(&[
        from("db-from-api", "db", &[("api", "Allow")]),
        from("api-from-web", "api", &[("web", "Allow")]),
    ]);
    // The policies allow-identities writes, stored at 11:00:00.
    let stored = "mesh: default\ncreationTime: \"2026-12-01T11:00:00Z\"\n";
    let allow = |name: &str, server: &str, kind: &str, value: &str| {
        rules(name, server, &[(kind, value)]).replacen("mesh: default\n", stored, 1)
    };
    let policy_docs = docs(&[
        from,
        allow(
            "allow-identities-api",
            "api",
            "Exact",
            "spiffe://default.zone-1.mesh.local/workload/web-v1",
        ),
        allow("allow-legacy-api", "api", "Prefix", "spiffe://default/web"),
        allow(
            "allow-identities-db",
            "db",
            "Exact",
            "spiffe://default.zone-1.mesh.local/workload/api-v1",
        ),
        allow("allow-legacy-db", "db", "Prefix", "spiffe://default/api"),
    ]);
    let policies = dir.file("policies.yaml", &policy_docs);
    // The same, the last one (`allow-legacy-db`) stored 30 s later.
    let at = policy_docs.rfind("11:00:00Z").unwrap();
    let later = dir.file(
        "later.yaml",
        format!("{}11:00:30Z{}", &policy_docs[..at], &policy_docs[at + 9..]),
    );
    // Against kuma-cp 2.14 the proxies acknowledged the new RBAC within 2 s, and nothing after.
    let base = state(&dir, &["web", "api", "db"]);
    let acked = std::fs::read_to_string(&base)
        .unwrap()
        .replace("2026-12-01T11:45:00Z", "2026-12-01T11:00:01Z");
    let step_from = |current: &str, policies: &str, taken: &str| {
        let snap = acked.replacen(
            "{",
            &format!(r#"{{"meshctl": {{"snapshot": 1, "takenAt": "{taken}"}}, "#),
            1,
        );
        let snap = dir.file("snap.json", snap);
        json(&[
            "next-step",
            "--current",
            current,
            "--target",
            &target,
            "--state",
            &snap,
            "--policies",
            policies,
            "--kuma-version",
            "2.14.3",
            "--allow",
            "legacy-ca-unavailable",
        ])
    };
    let step = |taken: &str| step_from(&current, &policies, taken);
    // The next step is the widening: waiting (3) or due (0).
    let widen = |run: &Run, code: i32| {
        assert_eq!(
            (run.code, run.json()["next_step"]["kind"].as_str()),
            (code, Some("widen-identity")),
            "{}",
            run.stdout
        );
    };
    // Observed 5 s after: the push may still come.
    widen(&step("2026-12-01T11:00:05Z"), 3);
    // Observed a minute after, nothing more came: the last exchange was built on the policies.
    widen(&step("2026-12-01T11:01:00Z"), 0);
    // The widening waits for the later of the two: a MeshTrust stored after the policies that
    // no configuration since has carried.
    widen(&step_from(&late, &policies, "2026-12-01T11:40:00Z"), 3);
    // ... and for the last of the policies: one stored after the proxies' acknowledgement.
    widen(&step_from(&current, &later, "2026-12-01T11:01:00Z"), 3);
}

/// Past `remove-mtls` (no `mtls` left, the SPIFFE-only identity still there), a migration meshctl
/// planned is told by its legacy matchers: they are tidied first. Without them an identity
/// move tidies nothing (the `from` policies may be the user's own to keep).
#[test]
fn tidying_comes_first_only_after_a_migration_meshctl_planned() {
    let dir = TempDir::new("authz-tidy-after");
    let spiffe_only = "type: MeshIdentity\nname: spiffe-only\nmesh: default\nspec:\n  selector:\n    dataplane:\n      matchLabels: {}\n  spiffeID:\n    trustDomain: \"{{ .Mesh }}.{{ .Zone }}.mesh.local\"\nstatus:\n  conditions:\n  - {type: Ready, status: \"False\", reason: PartiallyReady, message: x}\n  - {type: SpiffeIDProvider, status: \"True\", reason: SpiffeIDProvided, message: x}\n".to_string();
    let current = dir.file(
        "current.yaml",
        docs(&[mesh(false), identity(true), spiffe_only]),
    );
    let target = dir.file("target.yaml", docs(&[mesh(false), identity(true)]));
    let state = state_with(&dir, &["web", "api"], false);
    let from = from("api-from-web", "api", &[("web", "Allow")]);
    let steps = |policies: &[String]| -> Vec<(String, String)> {
        let policies = dir.file("policies.yaml", docs(policies));
        let run = json(&[
            "plan",
            "--current",
            &current,
            "--target",
            &target,
            "--state",
            &state,
            "--policies",
            &policies,
            "--kuma-version",
            "2.14.3",
        ]);
        run.json()["plan"]["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("{}", run.stdout))
            .iter()
            .map(|s| {
                let text = |key: &str| s[key].as_str().unwrap().to_string();
                (text("kind"), text("manifest"))
            })
            .collect()
    };
    let kinds = |policies: &[String]| -> Vec<String> {
        steps(policies).into_iter().map(|(kind, _)| kind).collect()
    };
    let legacy = rules(
        "allow-legacy-api",
        "api",
        &[("Prefix", "spiffe://default/web")],
    );
    let by_identity = rules(
        "allow-identities-api",
        "api",
        &[(
            "Exact",
            "spiffe://default.zone-1.mesh.local/workload/web-v1",
        )],
    );
    let planned = steps(&[from.clone(), legacy, by_identity]);
    let kinds_planned: Vec<&str> = planned.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(kinds_planned, ["tidy-policies", "delete-temporary"]);
    // The `from` policy and the legacy matchers go; the rules by identity stay.
    let tidy = &planned[0].1;
    assert!(tidy.contains("name: api-from-web"), "{tidy}");
    assert!(tidy.contains("allow-legacy-api"), "{tidy}");
    assert!(!tidy.contains("allow-identities-api"), "{tidy}");
    assert_eq!(kinds(&[from]), ["delete-temporary"]);
}

/// Without mTLS no MeshTrafficPermission is enforced: turning it off opens every pair the
/// policies closed, which is said (a warning).
#[test]
fn turning_mtls_off_opens_what_the_policies_closed() {
    let dir = TempDir::new("authz-disable");
    let current = dir.file("current.yaml", mesh(true).replace("STRICT", "PERMISSIVE"));
    let target = dir.file("target.yaml", mesh(false));
    let state = state(&dir, &["web", "api"]);
    let policies = dir.file(
        "policies.yaml",
        from("api-from-web", "api", &[("web", "Allow")]),
    );
    let run = json(&[
        "next-step",
        "--current",
        &current,
        "--target",
        &target,
        "--state",
        &state,
        "--policies",
        &policies,
        "--kuma-version",
        "2.14.3",
    ]);
    let d = diag(&run, "authorization-opened");
    assert_eq!(d["severity"], "warning", "{}", run.stdout);
    assert!(
        pairs(&d).contains(&("api-v1".into(), "web-v1".into())),
        "{d}"
    );
}
