//! Moving to MeshIdentity (README "Moving to MeshIdentity"), walked by `next-step` through every step and
//! every wait, in Kubernetes and Universal YAML: the migration off `Mesh.mtls`, and the rotation
//! of a MeshIdentity's CA through a successor. Each stage's `--current` is what the control
//! plane would print after the previous step (statuses as Kuma writes them), and its state is
//! what the proxies report.

use crate::{Run, TempDir, meshctl};

const NOW: &str = "2026-12-01T12:00:00Z";
/// When the identity's MeshTrust was stored.
const TRUST_AT: &str = "2026-12-01T10:00:00Z";

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Kubernetes,
    Universal,
}

impl Shape {
    fn ns(self) -> &'static str {
        match self {
            Shape::Kubernetes => "kuma-system",
            Shape::Universal => "",
        }
    }

    fn kri(self, short: &str, name: &str) -> String {
        format!("kri_{short}_default__{}_{name}_", self.ns())
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// A Mesh document: mTLS on `ca-1` (builtin, `mode`) or off.
fn mesh(shape: Shape, mtls: Option<&str>) -> String {
    let mut spec = "meshServices:\n  mode: Exclusive\n".to_string();
    if let Some(mode) = mtls {
        spec.push_str(&format!(
            "mtls:\n  enabledBackend: ca-1\n  backends:\n    - name: ca-1\n      type: builtin\n      mode: {mode}\n"
        ));
    }
    match shape {
        Shape::Kubernetes => format!(
            "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\nspec:\n{}",
            indent(&spec)
        ),
        Shape::Universal => format!("type: Mesh\nname: default\n{spec}"),
    }
}

/// A policy document with its spec, status and creation time as the control plane prints them.
fn policy(shape: Shape, kind: &str, name: &str, spec: &str, status: Option<&str>) -> String {
    let status = status.map_or(String::new(), |s| format!("status:\n{}", indent(s)));
    match shape {
        Shape::Kubernetes => format!(
            "apiVersion: kuma.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: kuma-system\n  creationTimestamp: \"{TRUST_AT}\"\n  labels:\n    kuma.io/mesh: default\nspec:\n{}{status}",
            indent(spec)
        ),
        Shape::Universal => format!(
            "type: {kind}\nname: {name}\nmesh: default\ncreationTime: \"{TRUST_AT}\"\nspec:\n{}{status}",
            indent(spec)
        ),
    }
}

const SPIFFE: &str = "spiffeID:\n  trustDomain: \"{{ .Mesh }}.{{ .Zone }}.mesh.local\"\n";

fn issuing_spec(name_selector: &str) -> String {
    format!(
        "selector:\n{}{SPIFFE}provider:\n  type: Bundled\n  bundled:\n    insecureAllowSelfSigned: true\n    autogenerate:\n      enabled: true\n",
        indent(name_selector)
    )
}

const ALL: &str = "dataplane:\n  matchLabels: {}\n";
const READY: &str = "conditions:\n  - type: Ready\n    status: \"True\"\n    reason: Ready\n    message: Successfully initialized\n  - type: MeshTrustCreated\n    status: \"True\"\n    reason: MeshTrustCreated\n    message: MeshTrust created\n";
const NOT_READY: &str = "conditions:\n  - type: Ready\n    status: \"False\"\n    reason: Failure\n    message: One of initialization steps failed\n";
const PARTIALLY: &str = "conditions:\n  - type: Ready\n    status: \"False\"\n    reason: PartiallyReady\n    message: Running in SpiffeID providing only mode.\n  - type: SpiffeIDProvider\n    status: \"True\"\n    reason: SpiffeIDProvided\n    message: SpiffeID provided\n";

fn identity(shape: Shape, name: &str, selector: &str, status: Option<&str>) -> String {
    policy(shape, "MeshIdentity", name, &issuing_spec(selector), status)
}

fn spiffe_only(shape: Shape) -> String {
    policy(
        shape,
        "MeshIdentity",
        "spiffe-only",
        &format!("selector:\n{}{SPIFFE}", indent(ALL)),
        Some(PARTIALLY),
    )
}

/// The MeshTrust the control plane creates for identity `name`.
fn auto_trust(shape: Shape, name: &str) -> String {
    let pem = indent(&indent(&indent(&indent(ROOT.trim_end()))));
    policy(
        shape,
        "MeshTrust",
        name,
        &format!(
            "trustDomain: default.mesh.local\ncaBundles:\n  - type: Pem\n    pem:\n      value: |\n{pem}"
        ),
        Some(&format!("origin:\n  kri: {}\n", shape.kri("mid", name))),
    )
}

const ROOT: &str = include_str!("../../fixtures/identity/root.crt");

/// The builtin CA's Secret as Kuma stores it.
fn legacy_secret(shape: Shape) -> String {
    let data = base64_of(ROOT);
    match shape {
        Shape::Kubernetes => format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: default.ca-builtin-cert-ca-1\n  namespace: kuma-system\n  labels:\n    kuma.io/mesh: default\ntype: system.kuma.io/secret\ndata:\n  value: {data}\n"
        ),
        Shape::Universal => {
            format!(
                "type: Secret\nname: default.ca-builtin-cert-ca-1\nmesh: default\ndata: {data}\n"
            )
        }
    }
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// One proxy of the state: its issued backend and trusted ones, and when it last got a config.
struct P(&'static str, String, Vec<String>, &'static str);

fn state(dir: &TempDir, name: &str, proxies: &[P]) -> String {
    let items: Vec<String> = proxies
        .iter()
        .map(|P(name, issued, supported, updated)| {
            let supported = supported.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
            format!(
                r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "{name}", "dataplane": {{"networking": {{"inbound": [{{"tags": {{"kuma.io/service": "{name}"}}}}]}}}}, "dataplaneInsight": {{"subscriptions": [{{"connectTime": "2026-12-01T08:00:00Z", "status": {{"lastUpdateTime": "{updated}", "total": {{"responsesSent": "9", "responsesAcknowledged": "9"}}}}}}], "mTLS": {{"issuedBackend": "{issued}", "supportedBackends": [{supported}], "certificateExpirationTime": "2026-12-02T10:00:00Z", "lastCertificateRegeneration": "2026-12-01T09:00:00Z"}}}}}}"#
            )
        })
        .collect();
    dir.file(
        name,
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

/// `next-step` on this stage: exit code, step kind (if any), manifest and codes.
fn next(
    dir: &TempDir,
    current: &str,
    target: &str,
    state: Option<&str>,
    extra: &[&str],
) -> (i32, String, String, Vec<String>) {
    let current = dir.file("current.yaml", current);
    let target = dir.file("target.yaml", target);
    let mut args = vec![
        "next-step",
        "--current",
        &current,
        "--target",
        &target,
        "--now",
        NOW,
        "--format",
        "json",
        // Authorization has tests of its own (tests/cli/authorization.rs).
        "--allow",
        "authorization-unchecked",
    ];
    if let Some(state) = state {
        args.extend(["--state", state]);
    }
    args.extend_from_slice(extra);
    let run: Run = meshctl(&args);
    assert_ne!(run.code, 2, "input error: {}", run.stdout);
    let json = run.json();
    let step = &json["next_step"];
    (
        run.code,
        step["kind"].as_str().unwrap_or("").to_string()
            + "/"
            + step["action"].as_str().unwrap_or(""),
        step["manifest"].as_str().unwrap_or("").to_string(),
        run.codes(),
    )
}

fn walk_migration(shape: Shape) {
    let dir = TempDir::new(&format!("migration-{}", shape.ns().len()));
    let secrets = dir.file("secrets.yaml", legacy_secret(shape));
    let with_secrets: &[&str] = &["--secrets", &secrets];
    let target = docs(&[mesh(shape, None), identity(shape, "identity", ALL, None)]);
    let legacy = P(
        "web",
        "ca-1".into(),
        vec!["ca-1".to_string()],
        "2026-12-01T09:00:00Z",
    );

    // 1. The SPIFFE-only identity, the legacy CA's MeshTrust and a MeshTLS Permissive.
    let current = mesh(shape, Some("PERMISSIVE"));
    let (code, kind, manifest, codes) = next(&dir, &current, &target, None, with_secrets);
    assert_eq!(
        (code, kind.as_str()),
        (0, "prepare-identity/apply"),
        "{codes:?}"
    );
    assert_eq!(codes, vec!["meshtls-permissive-needed"]);
    for needle in [
        "name: spiffe-only",
        "name: legacy-ca-1",
        "trustDomain: default\n",
        "name: permissive",
        "mode: Permissive",
    ] {
        assert!(
            manifest.contains(needle),
            "{needle} missing from\n{manifest}"
        );
    }
    assert!(
        !manifest.contains("provider"),
        "the SPIFFE-only identity issues nothing:\n{manifest}"
    );

    // 2. The issuing identity, selecting nothing, once the SPIFFE-only one provides IDs.
    let pem = indent(&indent(&indent(&indent(ROOT.trim_end()))));
    let legacy_trust = policy(
        shape,
        "MeshTrust",
        "legacy-ca-1",
        &format!(
            "trustDomain: default\ncaBundles:\n  - type: Pem\n    pem:\n      value: |\n{pem}"
        ),
        None,
    );
    let tls = policy(
        shape,
        "MeshTLS",
        "permissive",
        "targetRef:\n  kind: Mesh\nrules:\n  - default:\n      mode: Permissive\n",
        None,
    );
    let prepared = |p: String| {
        docs(&[
            mesh(shape, Some("PERMISSIVE")),
            p,
            legacy_trust.clone(),
            tls.clone(),
        ])
    };
    let not_yet = policy(
        shape,
        "MeshIdentity",
        "spiffe-only",
        &format!("selector:\n{}{SPIFFE}", indent(ALL)),
        None,
    );
    let (code, kind, _, codes) = next(&dir, &prepared(not_yet), &target, None, with_secrets);
    assert_eq!(
        (code, kind.as_str(), codes),
        (
            3,
            "add-identity/apply",
            vec!["identity-not-ready".to_string()]
        )
    );
    let (code, kind, manifest, _) = next(
        &dir,
        &prepared(spiffe_only(shape)),
        &target,
        None,
        with_secrets,
    );
    assert_eq!((code, kind.as_str()), (0, "add-identity/apply"));
    assert!(
        manifest.contains("name: identity") && manifest.contains("selector: {}"),
        "{manifest}"
    );

    // 3. Widening waits for Ready, the MeshTrust, then every proxy's configuration.
    let added = |status: Option<&str>, trust: bool| {
        let mut parts = vec![
            mesh(shape, Some("PERMISSIVE")),
            spiffe_only(shape),
            legacy_trust.clone(),
            tls.clone(),
        ];
        parts.push(identity(shape, "identity", "{}\n", status));
        if trust {
            parts.push(auto_trust(shape, "identity"));
        }
        docs(&parts)
    };
    let before = state(&dir, "before.json", &[legacy]);
    let after = state(
        &dir,
        "after.json",
        &[P(
            "web",
            "ca-1".into(),
            vec!["ca-1".to_string()],
            "2026-12-01T10:00:05Z",
        )],
    );
    let (code, kind, _, codes) = next(
        &dir,
        &added(Some(NOT_READY), false),
        &target,
        Some(&after),
        with_secrets,
    );
    assert_eq!(
        (code, kind.as_str(), codes),
        (
            3,
            "widen-identity/apply",
            vec!["identity-not-ready".to_string()]
        )
    );
    let (code, _, _, codes) = next(
        &dir,
        &added(Some(READY), false),
        &target,
        Some(&after),
        with_secrets,
    );
    assert_eq!(
        (code, codes),
        (3, vec!["identity-not-ready".to_string()]),
        "the MeshTrust is not stored yet"
    );
    // The proxy's last configuration predates the MeshTrusts.
    let (code, _, _, codes) = next(
        &dir,
        &added(Some(READY), true),
        &target,
        Some(&before),
        with_secrets,
    );
    assert_eq!(
        (code, codes),
        (3, vec!["new-backend-not-trusted".to_string()])
    );
    let (code, kind, manifest, codes) = next(
        &dir,
        &added(Some(READY), true),
        &target,
        Some(&after),
        with_secrets,
    );
    assert_eq!(
        (code, kind.as_str()),
        (0, "widen-identity/apply"),
        "{codes:?}"
    );
    assert!(manifest.contains("matchLabels: {}"), "{manifest}");

    // 4. `mtls` leaves the Mesh once every proxy holds a certificate from the identity.
    let widened = docs(&[
        mesh(shape, Some("PERMISSIVE")),
        spiffe_only(shape),
        legacy_trust.clone(),
        tls.clone(),
        identity(shape, "identity", ALL, Some(READY)),
        auto_trust(shape, "identity"),
    ]);
    let (code, kind, _, codes) = next(&dir, &widened, &target, Some(&after), with_secrets);
    assert_eq!(
        (code, kind.as_str(), codes),
        (
            3,
            "remove-mtls/apply",
            vec!["old-backend-still-issued".to_string()]
        )
    );
    let issued = state(
        &dir,
        "issued.json",
        &[P(
            "web",
            shape.kri("mid", "identity"),
            vec![shape.kri("mtrust", "identity")],
            "2026-12-01T10:05:00Z",
        )],
    );
    let (code, kind, manifest, codes) = next(&dir, &widened, &target, Some(&issued), with_secrets);
    assert_eq!((code, kind.as_str()), (0, "remove-mtls/apply"), "{codes:?}");
    assert!(
        manifest.contains("name: default") && !manifest.contains("mtls"),
        "{manifest}"
    );

    // 5. The SPIFFE-only identity goes; then nothing is left to do.
    let moved = docs(&[
        mesh(shape, None),
        spiffe_only(shape),
        legacy_trust.clone(),
        tls.clone(),
        identity(shape, "identity", ALL, Some(READY)),
        auto_trust(shape, "identity"),
    ]);
    let (code, kind, manifest, _) = next(&dir, &moved, &target, Some(&issued), with_secrets);
    assert_eq!((code, kind.as_str()), (0, "delete-temporary/delete"));
    assert!(
        manifest.contains("name: spiffe-only") && !manifest.contains("spec"),
        "{manifest}"
    );
    let done = docs(&[
        mesh(shape, None),
        legacy_trust.clone(),
        tls.clone(),
        identity(shape, "identity", ALL, Some(READY)),
        auto_trust(shape, "identity"),
    ]);
    let (code, _, _, _) = next(&dir, &done, &target, Some(&issued), with_secrets);
    assert_eq!(code, 4);
}

#[test]
fn a_migration_walked_step_by_step_in_kubernetes_yaml() {
    walk_migration(Shape::Kubernetes);
}

#[test]
fn a_migration_walked_step_by_step_in_universal_yaml() {
    walk_migration(Shape::Universal);
}

/// A step of several documents for a JSON target: one Kubernetes List, or Universal documents
/// one after another, as each is applied.
#[test]
fn a_step_of_several_documents_keeps_the_json_targets_shape() {
    for shape in [Shape::Kubernetes, Shape::Universal] {
        let dir = TempDir::new(&format!("migration-json-{}", shape.ns().len()));
        let secrets = dir.file("secrets.yaml", legacy_secret(shape));
        let target = docs(&[mesh(shape, None), identity(shape, "identity", ALL, None)]);
        let items: Vec<serde_json::Value> = (target.split("---\n"))
            .map(|d| serde_yaml::from_str(d).unwrap())
            .collect();
        let target = match shape {
            Shape::Kubernetes => {
                serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items})
            }
            Shape::Universal => serde_json::json!({"items": items}),
        };
        let run = meshctl(&[
            "next-step",
            "--current",
            &dir.file("current.yaml", mesh(shape, Some("PERMISSIVE"))),
            "--target",
            &dir.file("target.json", target.to_string()),
            "--now",
            NOW,
            "--format",
            "json",
            "--allow",
            "authorization-unchecked",
            "--secrets",
            &secrets,
        ]);
        assert_eq!(run.code, 0, "{}", run.stdout);
        let json = run.json();
        let manifest = json["next_step"]["manifest"].as_str().unwrap();
        match shape {
            Shape::Kubernetes => {
                let list: serde_json::Value = serde_json::from_str(manifest).unwrap();
                assert_eq!(list["kind"], "List", "{manifest}");
                assert_eq!(
                    list["items"].as_array().map(Vec::len),
                    Some(3),
                    "{manifest}"
                );
            }
            Shape::Universal => {
                let parts: Vec<&str> = manifest.split("---\n").collect();
                assert_eq!(parts.len(), 3, "{manifest}");
                for part in parts {
                    let doc: serde_json::Value = serde_json::from_str(part).unwrap();
                    assert!(doc["type"].is_string(), "{part}");
                }
            }
        }
    }
}

fn walk_rotation(shape: Shape) {
    let dir = TempDir::new(&format!("rotation-id-{}", shape.ns().len()));
    let old = |status: Option<&str>| identity(shape, "identity", ALL, status);
    let target = docs(&[mesh(shape, None), identity(shape, "a-identity", ALL, None)]);

    // 1. The successor, selecting nothing.
    let current = docs(&[
        mesh(shape, None),
        old(Some(READY)),
        auto_trust(shape, "identity"),
    ]);
    let (code, kind, manifest, codes) = next(&dir, &current, &target, None, &[]);
    assert_eq!(
        (code, kind.as_str()),
        (0, "add-identity/apply"),
        "{codes:?}"
    );
    assert!(
        manifest.contains("name: a-identity") && manifest.contains("selector: {}"),
        "{manifest}"
    );

    // 2. It takes the old one's selector once Ready and trusted by every proxy.
    let with_successor = |trust: bool| {
        let mut parts = vec![
            mesh(shape, None),
            old(Some(READY)),
            auto_trust(shape, "identity"),
        ];
        parts.push(identity(shape, "a-identity", "{}\n", Some(READY)));
        if trust {
            parts.push(auto_trust(shape, "a-identity"));
        }
        docs(&parts)
    };
    let stale = state(
        &dir,
        "stale.json",
        &[P(
            "web",
            shape.kri("mid", "identity"),
            vec![shape.kri("mtrust", "identity")],
            "2026-12-01T10:00:05Z",
        )],
    );
    let (code, kind, _, codes) = next(&dir, &with_successor(false), &target, Some(&stale), &[]);
    // The whole plan ends in deleting an autogenerated CA: said from its first step. The proxies
    // are not judged while the successor's MeshTrust is not stored.
    assert_eq!(
        (code, kind.as_str(), codes),
        (
            3,
            "widen-identity/apply",
            vec![
                "identity-ca-deleted".to_string(),
                "identity-not-ready".to_string()
            ]
        )
    );
    let (code, _, _, codes) = next(&dir, &with_successor(true), &target, Some(&stale), &[]);
    assert_eq!(
        (code, codes),
        (
            3,
            vec![
                "identity-ca-deleted".to_string(),
                "new-backend-not-trusted".to_string()
            ]
        ),
        "the proxy does not list the new MeshTrust"
    );
    let trusted = state(
        &dir,
        "trusted.json",
        &[P(
            "web",
            shape.kri("mid", "identity"),
            vec![
                shape.kri("mtrust", "identity"),
                shape.kri("mtrust", "a-identity"),
            ],
            "2026-12-01T10:00:05Z",
        )],
    );
    let (code, kind, manifest, codes) =
        next(&dir, &with_successor(true), &target, Some(&trusted), &[]);
    assert_eq!(
        (code, kind.as_str()),
        (0, "widen-identity/apply"),
        "{codes:?}"
    );
    assert!(manifest.contains("matchLabels: {}"), "{manifest}");

    // 3. The old identity goes once no proxy holds its certificates (its CA goes with it).
    let widened = docs(&[
        mesh(shape, None),
        old(Some(READY)),
        auto_trust(shape, "identity"),
        identity(shape, "a-identity", ALL, Some(READY)),
        auto_trust(shape, "a-identity"),
    ]);
    let (code, kind, _, codes) = next(&dir, &widened, &target, Some(&trusted), &[]);
    assert_eq!((code, kind.as_str()), (3, "delete-identity/delete"));
    assert_eq!(
        codes,
        vec!["identity-ca-deleted", "old-backend-still-issued"]
    );
    let moved = state(
        &dir,
        "moved.json",
        &[P(
            "web",
            shape.kri("mid", "a-identity"),
            vec![
                shape.kri("mtrust", "identity"),
                shape.kri("mtrust", "a-identity"),
            ],
            "2026-12-01T10:05:00Z",
        )],
    );
    let (code, kind, manifest, _) = next(&dir, &widened, &target, Some(&moved), &[]);
    assert_eq!((code, kind.as_str()), (0, "delete-identity/delete"));
    assert!(
        manifest.contains("name: identity\n") && !manifest.contains("a-identity"),
        "{manifest}"
    );

    // 4. Then its MeshTrust; then nothing.
    let deleted = docs(&[
        mesh(shape, None),
        auto_trust(shape, "identity"),
        identity(shape, "a-identity", ALL, Some(READY)),
        auto_trust(shape, "a-identity"),
    ]);
    let (code, kind, manifest, _) = next(&dir, &deleted, &target, Some(&moved), &[]);
    assert_eq!((code, kind.as_str()), (0, "delete-trust/delete"));
    assert!(
        manifest.contains("kind: MeshTrust") || manifest.contains("type: MeshTrust"),
        "{manifest}"
    );
    let done = docs(&[
        mesh(shape, None),
        identity(shape, "a-identity", ALL, Some(READY)),
        auto_trust(shape, "a-identity"),
    ]);
    let (code, _, _, _) = next(&dir, &done, &target, Some(&moved), &[]);
    assert_eq!(code, 4);
}

#[test]
fn an_identity_rotation_walked_step_by_step_in_kubernetes_yaml() {
    walk_rotation(Shape::Kubernetes);
}

#[test]
fn an_identity_rotation_walked_step_by_step_in_universal_yaml() {
    walk_rotation(Shape::Universal);
}

#[test]
fn a_migration_is_refused_without_exclusive_meshservices() {
    let dir = TempDir::new("migration-exclusive");
    let current = mesh(Shape::Universal, Some("STRICT")).replace("Exclusive", "Everywhere");
    let target = docs(&[
        mesh(Shape::Universal, None),
        identity(Shape::Universal, "identity", ALL, None),
    ]);
    let (code, _, _, codes) = next(&dir, &current, &target, None, &[]);
    assert_eq!(
        (code, codes),
        (1, vec!["meshservices-not-exclusive".to_string()])
    );
}

#[test]
fn a_successor_that_loses_kumas_selection_is_refused() {
    let dir = TempDir::new("rotation-loses");
    let shape = Shape::Kubernetes;
    let current = docs(&[
        mesh(shape, None),
        identity(shape, "identity", ALL, Some(READY)),
        auto_trust(shape, "identity"),
    ]);
    // `identity-2` sorts after `identity`: the old identity would keep every proxy.
    let target = docs(&[mesh(shape, None), identity(shape, "identity-2", ALL, None)]);
    let (code, _, _, codes) = next(&dir, &current, &target, None, &[]);
    assert_eq!(
        (code, codes),
        (1, vec!["identity-loses-selection".to_string()])
    );
}

/// `validate --current` judges a MeshIdentity change as the step (or steps) it makes: widening an
/// identity that is not even stored yet fails; removing `mtls` passes only once every proxy moved.
#[test]
fn validate_judges_an_identity_change_by_the_steps_it_makes() {
    let dir = TempDir::new("identity-validate");
    let shape = Shape::Kubernetes;
    let validate = |current: &str, proposed: &str, state: &str| {
        let current = dir.file("current.yaml", current);
        let proposed = dir.file("proposed.yaml", proposed);
        meshctl(&[
            "validate",
            &proposed,
            "--current",
            &current,
            "--state",
            state,
            "--now",
            NOW,
            "--format",
            "json",
            "--allow",
            "authorization-unchecked",
        ])
    };
    let pem = indent(&indent(&indent(&indent(ROOT.trim_end()))));
    let legacy_trust = policy(
        shape,
        "MeshTrust",
        "legacy-ca-1",
        &format!(
            "trustDomain: default\ncaBundles:\n  - type: Pem\n    pem:\n      value: |\n{pem}"
        ),
        None,
    );
    let prepared = docs(&[
        mesh(shape, Some("STRICT")),
        spiffe_only(shape),
        legacy_trust.clone(),
    ]);
    let legacy = state(
        &dir,
        "legacy.json",
        &[P(
            "web",
            "ca-1".into(),
            vec!["ca-1".to_string()],
            "2026-12-01T10:00:05Z",
        )],
    );
    // An identity that selects every dataplane at once: never Ready before it issues.
    let at_once = docs(&[
        mesh(shape, Some("STRICT")),
        spiffe_only(shape),
        legacy_trust.clone(),
        identity(shape, "identity", ALL, None),
    ]);
    let run = validate(&prepared, &at_once, &legacy);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.codes().contains(&"identity-not-ready".to_string()),
        "{:?}",
        run.codes()
    );

    let widened = docs(&[
        mesh(shape, Some("STRICT")),
        spiffe_only(shape),
        legacy_trust.clone(),
        identity(shape, "identity", ALL, Some(READY)),
        auto_trust(shape, "identity"),
    ]);
    let without_mtls = widened.replacen(&mesh(shape, Some("STRICT")), &mesh(shape, None), 1);
    let run = validate(&widened, &without_mtls, &legacy);
    assert_eq!(
        (run.code, run.codes()),
        (1, vec!["old-backend-still-issued".to_string()]),
        "{}",
        run.stdout
    );
    let moved = state(
        &dir,
        "moved.json",
        &[P(
            "web",
            shape.kri("mid", "identity"),
            vec![shape.kri("mtrust", "identity")],
            "2026-12-01T10:05:00Z",
        )],
    );
    let run = validate(&widened, &without_mtls, &moved);
    assert_eq!(
        (run.code, run.codes()),
        (0, Vec::<String>::new()),
        "{}",
        run.stdout
    );
}

/// A target that lists no MeshIdentity manages none: a legacy rotation whose `--current` (a
/// snapshot, a `kubectl get` of everything) holds identities plans nothing for them.
#[test]
fn a_target_without_identities_deletes_none() {
    let dir = TempDir::new("identity-unmanaged");
    let shape = Shape::Universal;
    let current = docs(&[
        mesh(shape, None),
        identity(shape, "identity", ALL, Some(READY)),
        auto_trust(shape, "identity"),
    ]);
    let (code, kind, _, codes) = next(&dir, &current, &mesh(shape, None), None, &[]);
    assert_eq!((code, kind.as_str(), codes), (4, "/", Vec::<String>::new()));
}

/// A certificate from a MeshIdentity is not reissued when the Mesh changes (as kuma-cp showed
/// after `remove-mtls`): such proxies are not `insight-stale`.
#[test]
fn identity_certificates_are_not_stale_after_the_mesh_changes() {
    let dir = TempDir::new("identity-stale");
    let shape = Shape::Universal;
    let changed = mesh(shape, None) + "modificationTime: \"2026-12-01T11:00:00Z\"\n";
    let current = docs(&[
        changed,
        identity(shape, "identity", ALL, Some(READY)),
        auto_trust(shape, "identity"),
    ]);
    let target = docs(&[mesh(shape, None), identity(shape, "identity", ALL, None)]);
    let moved = state(
        &dir,
        "moved.json",
        &[P(
            "web",
            shape.kri("mid", "identity"),
            vec![shape.kri("mtrust", "identity")],
            "2026-12-01T10:05:00Z",
        )],
    );
    let (code, _, _, codes) = next(&dir, &current, &target, Some(&moved), &[]);
    assert_eq!((code, codes), (4, Vec::<String>::new()));
}

/// The SPIFFE-only identity a migration adds must lose Kuma's selection to the issuer: with an
/// issuer named `spiffe`, `spiffe-only` is undecidable (a zone stores `spiffe` as
/// `spiffe-<hash>`), so the next name is taken.
#[test]
fn the_spiffe_only_identity_takes_a_name_the_issuer_beats() {
    let dir = TempDir::new("migration-tie");
    let shape = Shape::Universal;
    let secrets = dir.file("secrets.yaml", legacy_secret(shape));
    let target = docs(&[mesh(shape, None), identity(shape, "spiffe", ALL, None)]);
    let current = mesh(shape, Some("STRICT"));
    let (code, kind, manifest, codes) =
        next(&dir, &current, &target, None, &["--secrets", &secrets]);
    assert_eq!(
        (code, kind.as_str()),
        (0, "prepare-identity/apply"),
        "{codes:?}"
    );
    assert!(manifest.contains("name: zz-spiffe-only\n"), "{manifest}");
    assert!(!manifest.contains("name: spiffe-only\n"), "{manifest}");
}

/// The legacy CA's MeshTrust is written only when no MeshTrust of the target or the mesh
/// already trusts the Mesh's own trust domain.
#[test]
fn the_legacy_trust_is_written_unless_the_mesh_domain_is_trusted() {
    let dir = TempDir::new("migration-own-trust");
    let shape = Shape::Universal;
    let secrets = dir.file("secrets.yaml", legacy_secret(shape));
    let pem = indent(&indent(&indent(&indent(ROOT.trim_end()))));
    let trust = |domain: &str| {
        policy(
            shape,
            "MeshTrust",
            "own",
            &format!(
                "trustDomain: {domain}\ncaBundles:\n  - type: Pem\n    pem:\n      value: |\n{pem}"
            ),
            None,
        )
    };
    let current = mesh(shape, Some("STRICT"));
    // Trusted already: no legacy trust, and no Secret needed for one.
    let target = docs(&[
        mesh(shape, None),
        identity(shape, "identity", ALL, None),
        trust("default"),
    ]);
    let (code, kind, manifest, codes) = next(&dir, &current, &target, None, &[]);
    assert_eq!(
        (code, kind.as_str(), codes),
        (0, "prepare-identity/apply", Vec::<String>::new())
    );
    assert!(!manifest.contains("legacy-ca-1"), "{manifest}");
    // A MeshTrust of another domain does not trust the Mesh's.
    let target = target.replace("trustDomain: default\n", "trustDomain: other.mesh.local\n");
    let (code, _, manifest, codes) = next(&dir, &current, &target, None, &["--secrets", &secrets]);
    assert_eq!(code, 0, "{codes:?}");
    assert!(manifest.contains("name: legacy-ca-1"), "{manifest}");
}

/// An identity the target keeps as it is stays the issuer of what it selects: a new identity
/// beside it is not told it loses to it (Kuma's tie-break only matters against identities
/// left behind).
#[test]
fn an_identity_kept_by_the_target_is_not_left_behind() {
    let dir = TempDir::new("identity-kept");
    let shape = Shape::Universal;
    let two = "dataplane:\n  matchLabels:\n    app: web\n    tier: front\n";
    let one = "dataplane:\n  matchLabels:\n    app: web\n";
    let current = docs(&[
        mesh(shape, None),
        identity(shape, "aaa", two, Some(READY)),
        auto_trust(shape, "aaa"),
    ]);
    let target = docs(&[
        mesh(shape, None),
        identity(shape, "aaa", two, None),
        identity(shape, "bbb", one, None),
    ]);
    let (_, kind, _, codes) = next(&dir, &current, &target, None, &[]);
    assert!(
        !codes.contains(&"identity-loses-selection".to_string()),
        "{codes:?}"
    );
    assert_eq!(kind, "add-identity/apply", "{codes:?}");
}

/// A SPIFFE-only identity the target lists issues nothing: it is no identity to widen (it is
/// never Ready, so the rotation would wait for it forever).
#[test]
fn a_listed_spiffe_only_identity_is_not_widened() {
    let dir = TempDir::new("migration-listed-spiffe");
    let shape = Shape::Universal;
    let secrets = dir.file("secrets.yaml", legacy_secret(shape));
    let target = docs(&[
        mesh(shape, None),
        spiffe_only(shape),
        identity(shape, "identity", ALL, None),
    ]);
    let current = dir.file("current.yaml", mesh(shape, Some("STRICT")));
    let target = dir.file("target.yaml", target);
    let run = meshctl(&[
        "plan",
        "--current",
        &current,
        "--target",
        &target,
        "--secrets",
        &secrets,
        "--now",
        NOW,
        "--format",
        "json",
        "--allow",
        "authorization-unchecked",
    ]);
    let json = run.json();
    let steps = json["plan"]["steps"].as_array().expect("steps");
    let widen: Vec<&serde_json::Value> = steps
        .iter()
        .filter(|s| s["kind"] == "widen-identity")
        .collect();
    assert_eq!(widen.len(), 1, "{}", run.stdout);
    assert_eq!(
        widen[0]["summary"],
        "give MeshIdentity `identity` its selector: proxies get certificates from it"
    );
    let text = widen[0].to_string();
    assert!(!text.contains("spiffe-only"), "{text}");
}

/// An issuing identity that loses Kuma's selection to the SPIFFE-only identity the target keeps
/// would never issue: refused, once however often that identity is listed.
#[test]
fn an_issuer_beaten_by_the_targets_spiffe_only_identity_is_refused() {
    let dir = TempDir::new("migration-beaten");
    let shape = Shape::Universal;
    let secrets = dir.file("secrets.yaml", legacy_secret(shape));
    // `zzz` sorts after `spiffe-only`, and both select every dataplane.
    let target = docs(&[
        mesh(shape, None),
        spiffe_only(shape),
        identity(shape, "zzz", ALL, None),
    ]);
    let loses = vec!["identity-loses-selection".to_string()];
    let before = mesh(shape, Some("STRICT"));
    let prepared = docs(&[mesh(shape, Some("STRICT")), spiffe_only(shape)]);
    for current in [before, prepared] {
        let (code, _, _, codes) = next(&dir, &current, &target, None, &["--secrets", &secrets]);
        assert_eq!((code, &codes), (1, &loses), "{current}");
    }
}

/// Kuma's selection compares the labels' values: an identity left behind that selects other
/// values takes none of the successor's proxies.
#[test]
fn an_identity_left_behind_beats_its_successor_only_where_their_labels_agree() {
    let dir = TempDir::new("identity-values");
    let shape = Shape::Universal;
    let web = "dataplane:\n  matchLabels:\n    app: web\n";
    let current = docs(&[
        mesh(shape, None),
        identity(shape, "aaa", web, Some(READY)),
        auto_trust(shape, "aaa"),
    ]);
    // `zzz` sorts after `aaa`: where both select `app: web`, `aaa` would keep the proxies.
    let same = docs(&[mesh(shape, None), identity(shape, "zzz", web, None)]);
    let (code, _, _, codes) = next(&dir, &current, &same, None, &[]);
    assert_eq!(
        (code, codes),
        (1, vec!["identity-loses-selection".to_string()])
    );
    let other = same.replace("app: web", "app: api");
    let (_, _, _, codes) = next(&dir, &current, &other, None, &[]);
    assert!(
        !codes.contains(&"identity-loses-selection".to_string()),
        "{codes:?}"
    );
    // More labels win before names do: `zzz` with two takes `aaa`'s proxies; with one, against
    // an `aaa` of two, it takes none.
    let two = |text: &str| text.replace("app: web\n", "app: web\n        tier: front\n");
    let (_, _, _, codes) = next(&dir, &current, &two(&same), None, &[]);
    assert!(
        !codes.contains(&"identity-loses-selection".to_string()),
        "{codes:?}"
    );
    let (code, _, _, codes) = next(&dir, &two(&current), &same, None, &[]);
    assert_eq!(
        (code, codes),
        (1, vec!["identity-loses-selection".to_string()])
    );
}

/// A successor must keep its predecessor's SPIFFE IDs (policies and peers name them); an
/// identity added beside one the target keeps succeeds nothing.
#[test]
fn a_successor_with_other_spiffe_ids_is_told_so() {
    let dir = TempDir::new("identity-spiffe-changed");
    let shape = Shape::Universal;
    let current = docs(&[
        mesh(shape, None),
        identity(shape, "identity", ALL, Some(READY)),
        auto_trust(shape, "identity"),
    ]);
    let other_ids =
        |text: String| text.replace("{{ .Mesh }}.{{ .Zone }}.mesh.local", "other.local");
    // `aaa` sorts before `identity`: it takes every proxy, with other IDs.
    let successor = docs(&[
        mesh(shape, None),
        other_ids(identity(shape, "aaa", ALL, None)),
    ]);
    let (_, _, _, codes) = next(&dir, &current, &successor, None, &[]);
    assert!(
        codes.contains(&"identity-spiffe-id-changed".to_string()),
        "{codes:?}"
    );
    let same_ids = docs(&[mesh(shape, None), identity(shape, "aaa", ALL, None)]);
    let (_, _, _, codes) = next(&dir, &current, &same_ids, None, &[]);
    assert!(
        !codes.contains(&"identity-spiffe-id-changed".to_string()),
        "{codes:?}"
    );
    let web = "dataplane:\n  matchLabels:\n    app: web\n";
    let beside = docs(&[
        mesh(shape, None),
        identity(shape, "identity", ALL, None),
        other_ids(identity(shape, "aaa", web, None)),
    ]);
    let (_, _, _, codes) = next(&dir, &current, &beside, None, &[]);
    assert!(
        !codes.contains(&"identity-spiffe-id-changed".to_string()),
        "{codes:?}"
    );
}

/// A MeshTrust of the target must be stored before an identity is widened, and every stored
/// MeshTrust (one the target drops too) must reach the proxies under an identity first.
#[test]
fn widening_waits_for_every_meshtrust_stored_and_delivered() {
    let dir = TempDir::new("identity-widen-trusts");
    let shape = Shape::Universal;
    let pem = indent(&indent(&indent(&indent(ROOT.trim_end()))));
    let extra = policy(
        shape,
        "MeshTrust",
        "extra",
        &format!(
            "trustDomain: extra.local\ncaBundles:\n  - type: Pem\n    pem:\n      value: |\n{pem}"
        ),
        None,
    );
    let web = "dataplane:\n  matchLabels:\n    app: web\n";
    let stored = |with_extra: bool| {
        let mut parts = vec![
            mesh(shape, None),
            identity(shape, "identity", ALL, Some(READY)),
            auto_trust(shape, "identity"),
            identity(shape, "aaa", "{}\n", Some(READY)),
            auto_trust(shape, "aaa"),
        ];
        if with_extra {
            parts.push(extra.clone());
        }
        docs(&parts)
    };
    let proxy = |trusts: &[&str]| {
        state(
            &dir,
            "trusts.json",
            &[P(
                "web",
                shape.kri("mid", "identity"),
                trusts.iter().map(|t| shape.kri("mtrust", t)).collect(),
                "2026-12-01T10:05:00Z",
            )],
        )
    };
    let target = docs(&[
        mesh(shape, None),
        identity(shape, "identity", ALL, None),
        identity(shape, "aaa", web, None),
    ]);
    // `extra` is stored and the target drops it: the proxy must still hold it.
    let (code, kind, _, codes) = next(
        &dir,
        &stored(true),
        &target,
        Some(&proxy(&["identity", "aaa"])),
        &[],
    );
    assert_eq!(
        (code, kind.as_str(), codes),
        (
            3,
            "widen-identity/apply",
            vec!["new-backend-not-trusted".to_string()]
        )
    );
    let (code, kind, _, codes) = next(
        &dir,
        &stored(true),
        &target,
        Some(&proxy(&["identity", "aaa", "extra"])),
        &[],
    );
    assert_eq!(
        (code, kind.as_str()),
        (0, "widen-identity/apply"),
        "{codes:?}"
    );
    // Widening together with a MeshTrust not stored yet: validate names it.
    let current = dir.file("current.yaml", stored(false));
    let proposed = dir.file(
        "proposed.yaml",
        docs(&[
            mesh(shape, None),
            identity(shape, "identity", ALL, Some(READY)),
            auto_trust(shape, "identity"),
            identity(shape, "aaa", web, Some(READY)),
            auto_trust(shape, "aaa"),
            extra.clone(),
        ]),
    );
    let run = meshctl(&[
        "validate",
        &proposed,
        "--current",
        &current,
        "--state",
        &proxy(&["identity", "aaa"]),
        "--now",
        NOW,
        "--format",
        "json",
        "--allow",
        "authorization-unchecked",
    ]);
    assert!(
        run.stdout
            .contains("MeshTrust `extra` not in --current yet"),
        "{}",
        run.stdout
    );
}

/// The migration's plan deletes, at its end, only the SPIFFE-only identity it added: the legacy
/// CA's MeshTrust and the MeshTLS it wrote stay (proxies and peers still use them).
#[test]
fn a_migrations_plan_deletes_only_its_spiffe_only_identity() {
    let dir = TempDir::new("migration-plan-deletes");
    let shape = Shape::Universal;
    let secrets = dir.file("secrets.yaml", legacy_secret(shape));
    let current = dir.file("current.yaml", mesh(shape, Some("PERMISSIVE")));
    let target = dir.file(
        "target.yaml",
        docs(&[mesh(shape, None), identity(shape, "identity", ALL, None)]),
    );
    let run = meshctl(&[
        "plan",
        "--current",
        &current,
        "--target",
        &target,
        "--secrets",
        &secrets,
        "--now",
        NOW,
        "--format",
        "json",
        "--allow",
        "authorization-unchecked",
    ]);
    let json = run.json();
    let steps = json["plan"]["steps"].as_array().expect("steps");
    let last = steps.last().expect("a step");
    assert_eq!(last["kind"], "delete-temporary", "{}", run.stdout);
    let manifest = last["manifest"].as_str().unwrap_or_default();
    assert!(manifest.contains("name: spiffe-only"), "{manifest}");
    assert!(!manifest.contains("legacy-ca-1"), "{manifest}");
    assert!(!manifest.contains("permissive"), "{manifest}");
}
