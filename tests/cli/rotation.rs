//! plan, next-step and status: a full rotation walked step by step in every shape and format,
//! the minimal-edit manifests, waits, `-o` hygiene and the phases.

use std::path::Path;

use crate::{Run, TempDir, meshctl};

const NOW: &str = "2026-11-27T12:00:00Z";

/// A state listing of `mesh`: one connected proxy per (issued, supported) pair.
fn state(dir: &TempDir, name: &str, mesh: &str, proxies: &[(&str, &[&str])]) -> String {
    let items: Vec<String> = proxies
        .iter()
        .enumerate()
        .map(|(i, (issued, supported))| {
            let supported: Vec<String> = supported.iter().map(|s| format!("\"{s}\"")).collect();
            format!(
                r#"{{"type":"DataplaneOverview","mesh":"{mesh}","name":"dp-{i}","dataplane":{{"networking":{{"inbound":[{{"tags":{{"kuma.io/service":"svc-{i}"}}}}]}}}},"dataplaneInsight":{{"subscriptions":[{{"connectTime":"2026-11-27T08:00:00Z"}}],"mTLS":{{"certificateExpirationTime":"2026-11-28T08:00:00Z","lastCertificateRegeneration":"2026-11-27T11:00:00Z","issuedBackend":"{issued}","supportedBackends":[{}]}}}}}}"#,
                supported.join(",")
            )
        })
        .collect();
    dir.file(
        name,
        format!(
            r#"{{"total":{},"items":[{}],"next":null}}"#,
            items.len(),
            items.join(",")
        ),
    )
}

fn next_step(current: &str, target: &str, state: Option<&str>, out: &str) -> Run {
    let mut args = vec![
        "next-step",
        "--now",
        NOW,
        "--current",
        current,
        "--target",
        target,
        "-o",
        out,
    ];
    if let Some(s) = state {
        args.extend(["--state", s]);
    }
    meshctl(&args)
}

/// Walks A -> B: add (no gate), wait, switch, wait, remove, nothing to do.
fn walk(dir: &str, ext: &str, mesh: &str, a: &str, b: &str) {
    let tmp = TempDir::new(&format!("walk-{}", dir.replace('/', "-")));
    let fixture = |s: &str| format!("fixtures/rotation/{dir}/{s}.{ext}");
    let target = fixture("3-removed");
    let out = tmp
        .0
        .join(format!("next.{ext}"))
        .to_string_lossy()
        .into_owned();
    let only_a = state(&tmp, "a.json", mesh, &[(a, &[a]), (a, &[a])]);
    let half_trust = state(&tmp, "half-trust.json", mesh, &[(a, &[a, b]), (a, &[a])]);
    let both_trust = state(&tmp, "both-trust.json", mesh, &[(a, &[a, b]), (a, &[a, b])]);
    let half_issued = state(
        &tmp,
        "half-issued.json",
        mesh,
        &[(b, &[a, b]), (a, &[a, b])],
    );
    let all_b = state(&tmp, "all-b.json", mesh, &[(b, &[a, b]), (b, &[a, b])]);

    // Step 1: add B. No gate.
    let run = next_step(&fixture("0-current"), &target, Some(&only_a), &out);
    assert_eq!(run.code, 0, "{dir} add: {}", run.stderr);
    assert!(run.stdout.is_empty(), "-o writes the file, not stdout");
    let step1 = tmp.file(&format!("1.{ext}"), std::fs::read(&out).unwrap());
    // The Kubernetes target carries ca-2's Secrets beside the Mesh; the emitted step does not.
    let secrets: Vec<&str> = if dir == "kubernetes" {
        vec!["--secrets", &target]
    } else {
        vec![]
    };
    let current0 = fixture("0-current");
    let mut args = vec![
        "validate",
        "--format",
        "json",
        &step1,
        "--current",
        &current0,
    ];
    args.extend(&secrets);
    let run = meshctl(&args);
    assert_eq!(
        (run.code, run.codes()),
        (0, vec![]),
        "{dir}: step 1 is a clean add"
    );

    // Step 2: the switch waits until every proxy trusts B.
    let run = next_step(&step1, &target, Some(&half_trust), &out);
    assert_eq!(run.code, 3, "{dir} switch waits: {}", run.stderr);
    assert!(
        !Path::new(&out).exists(),
        "{dir}: a wait leaves no file behind"
    );
    assert!(
        run.stderr.contains("new-backend-not-trusted") && run.stderr.contains("dp-1"),
        "{}",
        run.stderr
    );
    let run = next_step(&step1, &target, Some(&both_trust), &out);
    assert_eq!(run.code, 0, "{dir} switch: {}", run.stderr);
    let step2 = tmp.file(&format!("2.{ext}"), std::fs::read(&out).unwrap());
    let mut args = vec!["validate", "--format", "json", &step2, "--current", &step1];
    args.extend(["--state", &both_trust, "--now", NOW]);
    args.extend(&secrets);
    let run = meshctl(&args);
    assert_eq!(
        (run.code, run.codes()),
        (0, vec![]),
        "{dir}: step 2 is a gated switch"
    );

    // Step 3: the removal waits until no proxy holds an A certificate.
    let run = next_step(&step2, &target, Some(&half_issued), &out);
    assert_eq!(run.code, 3, "{dir} remove waits");
    assert!(
        run.stderr.contains("old-backend-still-issued"),
        "{}",
        run.stderr
    );
    let run = next_step(&step2, &target, Some(&all_b), &out);
    assert_eq!(run.code, 0, "{dir} remove: {}", run.stderr);
    let step3 = tmp.file(&format!("3.{ext}"), std::fs::read(&out).unwrap());

    // Done: the current mtls equals the target's.
    let run = next_step(&step3, &target, Some(&all_b), &out);
    assert_eq!(run.code, 4, "{dir} nothing to do: {}", run.stderr);
    assert!(
        run.stderr
            .contains("none, the current mtls already equals the target"),
        "{}",
        run.stderr
    );
    assert!(!Path::new(&out).exists());

    // Reruns are idempotent: the same inputs give the same manifest.
    let again = next_step(&step1, &target, Some(&both_trust), &out);
    assert_eq!(again.code, 0);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&step2).unwrap()
    );
}

#[test]
fn full_rotation_kubernetes_yaml() {
    walk("kubernetes", "yaml", "default", "ca-1", "ca-2");
}

#[test]
fn full_rotation_universal_yaml() {
    walk("universal", "yaml", "default", "ca-1", "ca-2");
}

#[test]
fn full_rotation_universal_json() {
    walk("json", "json", "payments", "vault-1", "vault-2");
}

#[test]
fn full_rotation_kubernetes_json() {
    walk("kubernetes-json", "json", "mesh-with-mtls", "ca-1", "ca-2");
}

#[test]
fn step_manifests_match_the_hand_written_stages() {
    for (dir, ext) in [("universal", "yaml"), ("json", "json")] {
        let tmp = TempDir::new(&format!("stages-{dir}"));
        let f = |s: &str| format!("fixtures/rotation/{dir}/{s}.{ext}");
        let out = tmp.0.join("steps");
        let run = meshctl(&[
            "plan",
            "--current",
            &f("0-current"),
            "--target",
            &f("3-removed"),
            "--write-steps",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for (file, stage) in [
            ("01-add-backend", "1-added"),
            ("02-switch-backend", "2-switched"),
            ("03-remove-backend", "3-removed"),
        ] {
            let written = std::fs::read_to_string(out.join(format!("{file}.{ext}"))).unwrap();
            let expected = std::fs::read_to_string(f(stage)).unwrap();
            // The hand-written stages carry no leading comment; the edit keeps the user's.
            let written = written.trim_start_matches("# kumactl get mesh default -o yaml\n");
            assert_eq!(written, expected, "{dir} {file}");
        }
    }
}

#[test]
fn the_first_manifest_is_a_minimal_edit_of_the_commented_file() {
    let tmp = TempDir::new("minimal");
    let current = "fixtures/rotation/kubernetes/0-current.yaml";
    let run = meshctl(&[
        "next-step",
        "--current",
        current,
        "--target",
        "fixtures/rotation/kubernetes/3-removed.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let original = std::fs::read_to_string(current).unwrap();
    let diff = similar::TextDiff::from_lines(&original, &run.stdout)
        .unified_diff()
        .header("current", "step 1")
        .to_string();
    for line in diff
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
    {
        let field = line[1..].trim_start();
        assert!(
            [
                "annotations:",
                "kubectl.kubernetes.io/last-applied-configuration:",
                "{\"apiVersion\"",
                "creationTimestamp:",
                "generation:",
                "resourceVersion:",
                "uid:"
            ]
            .iter()
            .any(|f| field.starts_with(f)),
            "only server-managed fields are removed: {line}"
        );
    }
    let added: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(added.first(), Some(&"+      - name: ca-2"), "{diff}");
    assert_eq!(added.len(), 10, "{diff}");
    insta::assert_snapshot!("step1_minimal_diff", diff);
    drop(tmp);
}

#[test]
fn plan_json_lists_steps_with_gates_and_manifests() {
    let k = |s: &str| format!("fixtures/rotation/kubernetes/{s}.yaml");
    let run = meshctl(&[
        "plan",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &k("0-current"),
        "--target",
        &k("3-removed"),
        "--state",
        "fixtures/state/overview/added-converging.json",
    ]);
    assert_eq!(
        run.code, 0,
        "the next step (add) has no gate: {}",
        run.stdout
    );
    let json = run.json();
    // The plan, and only the plan, says what the whole change does to `mtls`.
    assert_eq!(
        json["diff"],
        serde_json::json!({"added": ["ca-2"], "removed": ["ca-1"], "ca_changed": [],
            "settings_changed": [], "enabled_backend": {"from": "ca-1", "to": "ca-2"}})
    );
    let next = meshctl(&[
        "next-step",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &k("0-current"),
        "--target",
        &k("3-removed"),
        "--state",
        "fixtures/state/overview/added-converging.json",
    ]);
    assert_eq!(next.code, 0, "{}", next.stderr);
    assert!(next.json().get("diff").is_none(), "{}", next.stdout);
    let steps = json["plan"]["steps"].as_array().unwrap();
    let kinds: Vec<_> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["add-backend", "switch-backend", "remove-backend"]);
    assert!(steps[0]["gate"].is_null());
    assert_eq!(steps[1]["gate"]["status"], "blocked");
    assert_eq!(
        (
            steps[1]["gate"]["ready"].as_u64(),
            steps[1]["gate"]["total"].as_u64()
        ),
        (Some(4), Some(6))
    );
    assert_eq!(
        steps[1]["gate"]["blocking"],
        serde_json::json!(["billing-5", "billing-6"])
    );
    assert!(
        steps[2]["manifest"]
            .as_str()
            .unwrap()
            .contains("enabledBackend: ca-2")
    );

    // From the added stage, the next gate is the switch: the plan waits.
    let run = meshctl(&[
        "plan",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &k("1-added"),
        "--target",
        &k("3-removed"),
        "--state",
        "fixtures/state/overview/added-converging.json",
    ]);
    assert_eq!(run.code, 3);
    assert_eq!(run.json()["verdict"], "waiting");
    // Without state the plan still lists every step, its gates unchecked.
    let run = meshctl(&[
        "plan",
        "--format",
        "json",
        "--current",
        &k("1-added"),
        "--target",
        &k("3-removed"),
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.json()["plan"]["steps"][0]["gate"]["status"],
        "unchecked"
    );
}

#[test]
fn next_step_refuses_unsafe_and_unchecked_steps() {
    let tmp = TempDir::new("refuse");
    let out = tmp.0.join("out.yaml");
    let out = out.to_str().unwrap();
    let k = |s: &str| format!("fixtures/rotation/kubernetes/{s}.yaml");
    // A gated step without state: gate-unchecked, exit 1, nothing written (an old file removed).
    std::fs::write(out, "stale").unwrap();
    let run = next_step(&k("1-added"), &k("3-removed"), None, out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("gate-unchecked"), "{}", run.stderr);
    assert!(!Path::new(out).exists(), "a stale -o file is removed");
    // --warn gate-unchecked accepts the risk and emits the step.
    let run = meshctl(&[
        "next-step",
        "--warn",
        "gate-unchecked",
        "--current",
        &k("1-added"),
        "--target",
        &k("3-removed"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("enabledBackend: ca-2"));
    // Bad input: exit 2, nothing written.
    std::fs::write(out, "stale").unwrap();
    let run = next_step("fixtures/missing.yaml", &k("3-removed"), None, out);
    assert_eq!(run.code, 2);
    assert!(!Path::new(out).exists());
    // A CA changed under the same name cannot be planned.
    let run = meshctl(&[
        "next-step",
        "--current",
        &k("0-current"),
        "--target",
        "fixtures/transition/in-place-ca-change.yaml",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("in-place-ca-change") && run.stderr.contains("new name"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    let run = meshctl(&[
        "plan",
        "--format",
        "json",
        "--current",
        &k("0-current"),
        "--target",
        "fixtures/transition/in-place-ca-change.yaml",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.json()["plan"]["steps"].as_array().unwrap().is_empty());
    // An invalid target is refused.
    let run = meshctl(&[
        "next-step",
        "--current",
        &k("0-current"),
        "--target",
        "fixtures/lint/unknown-enabled-backend.yaml",
    ]);
    assert_eq!(run.code, 1);
}

#[test]
fn unrelated_changes_are_reported_not_carried() {
    let tmp = TempDir::new("unrelated");
    let target = std::fs::read_to_string("fixtures/rotation/universal/3-removed.yaml")
        .unwrap()
        .replace("/var/log/kuma/access.log", "/tmp/other.log");
    let target = tmp.file("target.yaml", target);
    let run = meshctl(&[
        "next-step",
        "--format",
        "json",
        "--current",
        "fixtures/rotation/universal/0-current.yaml",
        "--target",
        &target,
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.codes().contains(&"unrelated-changes".to_string()));
    let manifest = run.json()["next_step"]["manifest"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(manifest.contains("/var/log/kuma/access.log") && !manifest.contains("/tmp/other.log"));
}

#[test]
fn a_mesh_inside_a_list_falls_back_to_plain_yaml_and_says_so() {
    let tmp = TempDir::new("list-fallback");
    let current = tmp.file(
        "list.yaml",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: kuma.io/v1alpha1\n  kind: Mesh\n  metadata: {name: default, uid: x}\n  spec:\n    mtls:\n      enabledBackend: ca-1\n      backends: [{name: ca-1, type: builtin}]\n",
    );
    let run = meshctl(&[
        "next-step",
        "--current",
        &current,
        "--target",
        "fixtures/rotation/kubernetes/3-removed.yaml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: step 1 (add-backend): the Mesh sits inside a List"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .starts_with("apiVersion: kuma.io/v1alpha1\nkind: Mesh\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("uid"));
}

#[test]
fn status_phases_and_tables() {
    let tmp = TempDir::new("status");
    let k = |s: &str| format!("fixtures/rotation/kubernetes/{s}.yaml");
    let status = |current: &str, state: &str, extra: &[&str]| {
        let mut args = vec![
            "status",
            "--format",
            "json",
            "--now",
            NOW,
            "--current",
            current,
            "--state",
            state,
        ];
        args.extend(extra);
        let run = meshctl(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()["status"].clone()
    };
    let steady = state(
        &tmp,
        "steady.json",
        "default",
        &[("ca-1", &["ca-1"]), ("ca-1", &["ca-1"])],
    );
    assert_eq!(status(&k("0-current"), &steady, &[])["phase"], "steady");
    assert_eq!(
        status(
            &k("1-added"),
            "fixtures/state/overview/added-converging.json",
            &[]
        )["phase"],
        "converging"
    );
    assert_eq!(
        status(
            &k("1-added"),
            "fixtures/state/overview/added-ready.json",
            &[]
        )["phase"],
        "added"
    );
    assert_eq!(
        status(
            &k("2-switched"),
            "fixtures/state/overview/switched-converging.json",
            &[]
        )["phase"],
        "converging"
    );
    let switched = status(
        &k("2-switched"),
        "fixtures/state/overview/switched-ready.json",
        &[],
    );
    assert_eq!(switched["phase"], "switched");
    assert_eq!(
        status(
            &k("2-switched"),
            "fixtures/state/overview/switched-ready.json",
            &["--target", &k("0-current")]
        )["phase"],
        "added",
        "with a target, the enabled backend decides"
    );
    let backends = switched["backends"].as_array().unwrap();
    assert_eq!(backends[0]["name"], "ca-1");
    assert_eq!(
        (
            backends[0]["trusted_by"].as_u64(),
            backends[0]["issued_to"].as_u64()
        ),
        (Some(6), Some(0))
    );
    assert_eq!(
        (
            backends[1]["trusted_by"].as_u64(),
            backends[1]["issued_to"].as_u64()
        ),
        (Some(6), Some(6))
    );
    assert_eq!(switched["in_scope"], 6);
    assert_eq!(switched["never_connected"], 1);

    let run = meshctl(&[
        "status",
        "--color",
        "never",
        "--now",
        NOW,
        "--current",
        &k("2-switched"),
        "--state",
        "fixtures/state/overview/switched-converging.json",
    ]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("status_converging", run.stdout);

    // MeshInsight counts give the same table without names.
    let agg = status(
        &k("2-switched"),
        "fixtures/state/mesh-insight/switched-converging.json",
        &[],
    );
    assert_eq!(agg["phase"], "converging");
    assert_eq!(agg["per_proxy"], false);
    assert_eq!(agg["backends"][1]["issued_to"], 4);
}

#[test]
fn status_shows_per_service_readiness_in_permissive_mode() {
    let tmp = TempDir::new("permissive");
    let current = tmp.file(
        "mesh.yaml",
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-2\n  backends:\n  - {name: ca-1, type: builtin, mode: PERMISSIVE}\n  - {name: ca-2, type: builtin, mode: PERMISSIVE}\n",
    );
    let run = meshctl(&[
        "status",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &current,
        "--state",
        "fixtures/state/overview/switched-converging.json",
    ]);
    let services = run.json()["status"]["services"].clone();
    // Kuma counts every registration of a service, `web-never` (never connected) included.
    assert_eq!(
        services,
        serde_json::json!([
            {"service": "api", "ready": 2, "total": 2},
            {"service": "billing", "ready": 0, "total": 2},
            {"service": "web", "ready": 2, "total": 3},
        ])
    );
}

/// A flow-style YAML Mesh starts with `{` but is no JSON: its step is YAML that reads back as the
/// intended Mesh, never a JSON text cut off at a key JSON cannot hold.
#[test]
fn a_flow_style_yaml_mesh_is_emitted_as_yaml_that_reads_back() {
    let dir = TempDir::new("flow-yaml");
    let current = dir.file(
        "current.yaml",
        "{\"type\": \"Mesh\", \"name\": \"default\", \"foo\": {? [a, b] : c}, \"mtls\": {\"enabledBackend\": \"ca-1\", \"backends\": [{\"name\": \"ca-1\", \"type\": \"builtin\"}]}}\n",
    );
    let target = dir.file(
        "target.yaml",
        "type: Mesh\nname: default\nfoo: {? [a, b] : c}\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: builtin\n  - name: ca-2\n    type: builtin\n",
    );
    let out = dir.0.join("step.json").to_string_lossy().into_owned();
    let run = next_step(&current, &target, None, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&out).unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(&written).unwrap();
    let expected: serde_yaml::Value = serde_yaml::from_str(
        "{type: Mesh, name: default, foo: {? [a, b] : c}, mtls: {enabledBackend: ca-1, backends: [{name: ca-1, type: builtin}, {name: ca-2, type: builtin}]}}",
    )
    .unwrap();
    assert_eq!(value, expected, "{written}");
}

/// A current Mesh that Kuma would reject is no base for a step, and neither is a step that Kuma
/// would reject: exit 1, nothing written (README "Planning").
#[test]
fn steps_are_linted_before_they_are_written() {
    let dir = TempDir::new("lint-steps");
    let out = dir.0.join("step.yaml").to_string_lossy().into_owned();
    let target = dir.file(
        "target.yaml",
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: builtin\n  - name: ca-2\n    type: builtin\n",
    );
    let nameless = dir.file(
        "nameless.yaml",
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - type: builtin\n",
    );
    let run = meshctl(&[
        "next-step",
        "--format",
        "json",
        "--current",
        &nameless,
        "--target",
        &target,
        "-o",
        &out,
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.codes(),
        ["unknown-enabled-backend", "invalid-backend-name"]
    );
    assert!(!Path::new(&out).exists(), "nothing is written");
    // Each file is valid, but turning mTLS off keeps the current's zone egress, which needs mTLS.
    let egress = dir.file(
        "egress.yaml",
        "type: Mesh\nname: default\nrouting:\n  zoneEgress: true\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: builtin\n    mode: PERMISSIVE\n",
    );
    let off = dir.file("off.yaml", "type: Mesh\nname: default\n");
    let run = meshctl(&[
        "next-step",
        "--format",
        "json",
        "--current",
        &egress,
        "--target",
        &off,
        "-o",
        &out,
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let report = run.json();
    let lint = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "zone-egress-requires-mtls")
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        lint["message"]
            .as_str()
            .unwrap()
            .starts_with("step 1 (disable-mtls) manifest: routing.zoneEgress is enabled"),
        "{lint}"
    );
    assert!(!Path::new(&out).exists(), "nothing is written");
}

/// README "Planning": CA identity by type, settings that ride along, defaults normalized.
#[test]
fn settings_are_not_ca_changes_and_spelled_defaults_are_not_changes() {
    let dir = TempDir::new("plan-identity");
    let mesh = |name: &str, mtls: &str| {
        dir.file(name, format!("type: Mesh\nname: default\nmtls:\n{mtls}"))
    };
    let next = |current: &str, target: &str| {
        meshctl(&[
            "next-step",
            "--format",
            "json",
            "--current",
            current,
            "--target",
            target,
        ])
    };
    let vault = |token: &str, pki: &str| {
        format!(
            "  enabledBackend: v\n  backends:\n  - name: v\n    type: vault\n    conf:\n      fromCp:\n        address: https://vault:8200\n        pki: {pki}\n        auth:\n          token:\n            secret: {token}\n"
        )
    };
    // Vault's auth token is a setting: one update step, no in-place change.
    let run = next(
        &mesh("v1.yaml", &vault("t1", "kuma-pki")),
        &mesh("v2.yaml", &vault("t2", "kuma-pki")),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["next_step"]["kind"], "update-mtls");
    // Its pki is the CA's identity.
    let run = next(
        &mesh("v1.yaml", &vault("t1", "kuma-pki")),
        &mesh("v3.yaml", &vault("t1", "other-pki")),
    );
    assert_eq!(
        (run.code, run.codes()),
        (1, vec!["in-place-ca-change".to_string()])
    );

    // A builtin backend's caCert settings: a setting, with an info that the CA stays as it is.
    let builtin = |bits: u32| {
        format!(
            "  enabledBackend: b\n  backends:\n  - name: b\n    type: builtin\n    conf:\n      caCert:\n        RSAbits: {bits}\n"
        )
    };
    let run = next(
        &mesh("b1.yaml", &builtin(2048)),
        &mesh("b2.yaml", &builtin(4096)),
    );
    assert_eq!(
        (run.code, run.codes()),
        (0, vec!["builtin-ca-settings".to_string()]),
        "{}",
        run.stdout
    );
    assert_eq!(run.json()["diagnostics"][0]["severity"], "info");
    assert_eq!(run.json()["next_step"]["kind"], "update-mtls");

    // The REST API leaves defaults out; a target that spells them is already there (exit 4).
    let rest = dir.file(
        "rest.json",
        r#"{"type": "Mesh", "name": "default", "creationTime": "2026-11-01T00:00:00Z", "modificationTime": "2026-11-01T00:00:00Z", "mtls": {"enabledBackend": "b", "backends": [{"name": "b", "type": "builtin"}]}}"#,
    );
    let spelled = mesh(
        "spelled.yaml",
        "  enabledBackend: b\n  skipValidation: false\n  backends:\n  - name: b\n    type: builtin\n    mode: STRICT\n    conf: {}\n",
    );
    let run = next(&rest, &spelled);
    assert_eq!(run.code, 4, "{}", run.stdout);

    // skipValidation alone is a change, planned as an update.
    let skip = mesh(
        "skip.yaml",
        "  enabledBackend: b\n  skipValidation: true\n  backends:\n  - name: b\n    type: builtin\n",
    );
    let run = next(&rest, &skip);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let step = &run.json()["next_step"];
    assert_eq!(step["kind"], "update-mtls");
    assert!(
        step["manifest"]
            .as_str()
            .unwrap()
            .contains("\"skipValidation\": true"),
        "{step}"
    );
}

/// A step's Mesh is checked again as Kuma's admission will see it, but only its errors refuse the
/// step: a warning the current and target Meshes already carry is not repeated per step.
#[test]
fn a_warning_of_both_meshes_is_not_repeated_for_the_steps_manifest() {
    let tmp = TempDir::new("relint-warning");
    let mesh = |enabled: &str, backend: &str| {
        format!(
            "type: Mesh\nname: default\nmtls:\n  enabledBackend: {enabled}\n  skipValidation: true\n  backends:\n  - name: {backend}\n    type: builtin\n  - name: spare\n    type: provided\n    conf:\n      cert:\n        secret: spare-cert\n"
        )
    };
    let run = meshctl(&[
        "next-step",
        "--product",
        "kong-mesh",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &tmp.file("current.yaml", mesh("ca-1", "ca-1")),
        "--target",
        &tmp.file("target.yaml", mesh("ca-2", "ca-2")),
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["next_step"]["kind"], "add-backend");
    // Once on the current Mesh, once on the target; none for step 1's manifest.
    assert_eq!(run.codes(), ["missing-ca-source", "missing-ca-source"]);
    // Denied, the warning fails the verdict, but it is nothing Kuma rejects: the plan is made.
    let run = meshctl(&[
        "plan",
        "--product",
        "kong-mesh",
        "--deny",
        "missing-ca-source",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &tmp.file("current.yaml", mesh("ca-1", "ca-1")),
        "--target",
        &tmp.file("target.yaml", mesh("ca-2", "ca-2")),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let steps = run.json()["plan"]["steps"].as_array().map(Vec::len);
    assert_eq!(steps, Some(3), "{}", run.stdout);
}

/// An error the user allows or downgrades does not stop planning: the step comes, and the Mesh it
/// carries over is not reported again for the step. Before, the plan was left empty and, its
/// error dropped, read as "nothing to do" (exit 4) for Meshes that differ.
#[test]
fn an_allowed_error_of_the_current_mesh_still_gives_the_next_step() {
    let tmp = TempDir::new("allowed-error");
    let current = tmp.file(
        "current.yaml",
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: builtin\n    dpCert:\n      rotation:\n        expiration: 1x\n",
    );
    let target = tmp.file(
        "target.yaml",
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-2\n  backends:\n  - name: ca-2\n    type: builtin\n",
    );
    let next = |extra: &[&str]| {
        let mut args = vec![
            "next-step",
            "--product",
            "kong-mesh",
            "--format",
            "json",
            "--now",
            NOW,
            "--current",
            &current,
            "--target",
            &target,
        ];
        args.extend_from_slice(extra);
        meshctl(&args)
    };
    let run = next(&[]);
    assert_eq!(
        (run.code, run.codes()),
        (1, vec!["invalid-duration".to_string()])
    );
    // An error of the target alone: no plan either.
    let run = meshctl(&[
        "plan",
        "--product",
        "kong-mesh",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &target,
        "--target",
        &current,
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.json()["plan"]["steps"],
        serde_json::json!([]),
        "{}",
        run.stdout
    );
    for (extra, codes) in [
        (["--allow", "invalid-duration"], vec![]),
        (
            ["--warn", "invalid-duration"],
            vec!["invalid-duration".to_string()],
        ),
    ] {
        let run = next(&extra);
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stdout);
        assert_eq!(run.json()["next_step"]["kind"], "add-backend", "{extra:?}");
        assert_eq!(run.codes(), codes, "{extra:?}");
    }
}

/// The enabled backend's other settings ride with the first step, keeping the mode it has; its
/// mode is a step of its own (going STRICT is gated). On Kuma, only a change of `enabledBackend`
/// is forbidden.
#[test]
fn settings_ride_the_first_step_and_the_mode_is_a_step_of_its_own() {
    let tmp = TempDir::new("ride-settings");
    let mesh = |enabled: &str, mode: &str, expiration: &str| {
        format!(
            "type: Mesh\nname: default\nmtls:\n  enabledBackend: {enabled}\n  backends:\n  - name: {enabled}\n    type: builtin\n    mode: {mode}\n    dpCert:\n      rotation:\n        expiration: {expiration}\n"
        )
    };
    let current = tmp.file("current.yaml", mesh("ca-1", "PERMISSIVE", "1d"));
    let plan = |product: &str, target: String| {
        let run = meshctl(&[
            "plan",
            "--product",
            product,
            "--format",
            "json",
            "--now",
            NOW,
            "--current",
            &current,
            "--target",
            &tmp.file("target.yaml", target),
        ]);
        let json = run.json();
        let steps: Vec<(String, String, String)> = (json["plan"]["steps"].as_array())
            .into_iter()
            .flatten()
            .map(|s| {
                let field = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
                (
                    field(&s["kind"]),
                    field(&s["summary"]),
                    field(&s["manifest"]),
                )
            })
            .collect();
        (run.code, run.codes(), steps)
    };
    // Settings alone: one update.
    let (code, _, steps) = plan("kong-mesh", mesh("ca-1", "PERMISSIVE", "2d"));
    assert_eq!(code, 0);
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert_eq!(steps[0].0, "update-mtls");
    assert_eq!(steps[0].1, "update the settings of `ca-1`");
    // Settings and STRICT: the settings first, still PERMISSIVE, then the gated mode.
    let (_, _, steps) = plan("kong-mesh", mesh("ca-1", "STRICT", "2d"));
    let kinds: Vec<&str> = steps.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(kinds, ["update-mtls", "set-mode"], "{steps:?}");
    assert_eq!(steps[0].1, "update the settings of `ca-1`");
    assert!(steps[0].2.contains("mode: PERMISSIVE") && steps[0].2.contains("expiration: 2d"));
    assert!(steps[1].2.contains("mode: STRICT"), "{}", steps[1].2);
    // The mode alone: its step only.
    let (_, _, steps) = plan("kong-mesh", mesh("ca-1", "STRICT", "1d"));
    let kinds: Vec<&str> = steps.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(kinds, ["set-mode"], "{steps:?}");
    // Kuma forbids switching the enabled backend, not changing its settings.
    let (code, codes, _) = plan("kuma", mesh("ca-2", "PERMISSIVE", "1d"));
    assert_eq!(code, 1);
    assert!(
        codes.contains(&"switch-forbidden-on-kuma".to_string()),
        "{codes:?}"
    );
    let (code, codes, steps) = plan("kuma", mesh("ca-1", "PERMISSIVE", "2d"));
    assert_eq!((code, codes.len(), steps.len()), (0, 0, 1), "{codes:?}");
}

/// `unrelated-changes` names the keys that differ outside `mtls`, and not what Kuma's store adds
/// to a Universal export (`creationTime`, `modificationTime`).
#[test]
fn unrelated_changes_name_only_what_differs_outside_mtls() {
    let tmp = TempDir::new("unrelated-outside-mtls");
    let mesh = |head: &str, enabled: &str, metrics: &str| {
        format!(
            "type: Mesh\nname: default\n{head}logging:\n  defaultBackend: file\nmetrics:\n  enabledBackend: {metrics}\nmtls:\n  enabledBackend: {enabled}\n  backends:\n  - name: ca-1\n    type: builtin\n  - name: ca-2\n    type: builtin\n"
        )
    };
    let exported =
        "creationTime: \"2026-01-12T09:14:03Z\"\nmodificationTime: \"2026-11-20T09:14:03Z\"\n";
    let current = tmp.file("current.yaml", mesh(exported, "ca-1", "prometheus-1"));
    let run = |target: String| {
        meshctl(&[
            "plan",
            "--format",
            "json",
            "--now",
            NOW,
            "--current",
            &current,
            "--target",
            &tmp.file("target.yaml", target),
        ])
    };
    let same = run(mesh("", "ca-2", "prometheus-1"));
    assert!(
        !same.codes().contains(&"unrelated-changes".to_string()),
        "{}",
        same.stdout
    );
    let other = run(mesh("", "ca-2", "prometheus-2"));
    let json = other.json();
    let d = (json["diagnostics"].as_array().unwrap().iter())
        .find(|d| d["code"] == "unrelated-changes")
        .unwrap_or_else(|| panic!("{}", other.stdout));
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("the target also changes metrics outside mtls"),
        "{d}"
    );
    // On Kubernetes, `spec.mtls` is the change itself.
    let k = |s: &str| format!("fixtures/rotation/kubernetes/{s}.yaml");
    let kubernetes = meshctl(&[
        "plan",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &k("0-current"),
        "--target",
        &k("3-removed"),
    ]);
    assert!(kubernetes.codes().is_empty(), "{}", kubernetes.stdout);
}
