//! `meshctl validate`: every static and transition code from a fixture, exit codes, reports.

use crate::{TempDir, meshctl, meshctl_with_stdin};

const K8S: &str = "fixtures/rotation/kubernetes";
const UNI: &str = "fixtures/rotation/universal";
const JSON: &str = "fixtures/rotation/json";

fn lint(fixture: &str, extra: &[&str]) -> crate::Run {
    let path = format!("fixtures/lint/{fixture}");
    let mut args = vec!["validate", "--format", "json", path.as_str()];
    args.extend(extra);
    meshctl(&args)
}

#[test]
fn every_static_code_has_a_failing_fixture() {
    let cases: &[(&str, &[&str], &str)] = &[
        ("duplicate-backend-name.yaml", &[], "duplicate-backend-name"),
        (
            "unknown-enabled-backend.yaml",
            &[],
            "unknown-enabled-backend",
        ),
        ("invalid-duration.yaml", &[], "invalid-duration"),
        ("unknown-backend-type.yaml", &[], "unknown-backend-type"),
        (
            "too-many-backends.yaml",
            &["--product", "kuma"],
            "too-many-backends",
        ),
        ("missing-ca-source.yaml", &[], "missing-ca-source"),
        ("invalid-data-source.yaml", &[], "invalid-data-source"),
        (
            "zone-egress-requires-mtls.yaml",
            &[],
            "zone-egress-requires-mtls",
        ),
        ("mesh-name-too-long.yaml", &[], "mesh-name-too-long"),
        ("invalid-backend-name.yaml", &[], "invalid-backend-name"),
        ("invalid-backend-conf.yaml", &[], "invalid-backend-conf"),
    ];
    for (fixture, extra, code) in cases {
        let run = lint(fixture, extra);
        assert_eq!(run.code, 1, "{fixture}: {}", run.stdout);
        let codes = run.codes();
        assert!(
            codes.iter().all(|c| c == code),
            "{fixture}: only {code} expected, got {codes:?}"
        );
        assert!(!codes.is_empty(), "{fixture}");
        assert_eq!(run.json()["verdict"], "fail");
        assert_eq!(run.json()["exit_code"], 1);
    }
}

#[test]
fn each_static_finding_points_at_its_line() {
    let run = lint("invalid-duration.yaml", &[]);
    let lines: Vec<_> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                13,
                "spec.mtls.backends[0].dpCert.rotation.expiration".to_string()
            ),
            (
                14,
                "spec.mtls.backends[0].dpCert.requestTimeout".to_string()
            ),
            (
                17,
                "spec.mtls.backends[0].conf.caCert.expiration".to_string()
            ),
            (20, "spec.mtls.backends[1].dpCert".to_string()),
            (
                23,
                "spec.mtls.backends[1].rootChain.requestTimeout".to_string()
            ),
        ]
    );
}

#[test]
fn too_many_backends_only_applies_to_kuma() {
    let run = lint("too-many-backends.yaml", &[]);
    assert_eq!(run.code, 0);
    assert!(run.codes().is_empty());
}

#[test]
fn clean_meshes_of_every_shape_pass() {
    for dir in [K8S, UNI, JSON] {
        for step in ["0-current", "1-added", "2-switched", "3-removed"] {
            let ext = if dir == JSON { "json" } else { "yaml" };
            let path = format!("{dir}/{step}.{ext}");
            let run = meshctl(&["validate", "--format", "json", &path]);
            assert_eq!(run.code, 0, "{path}: {}", run.stdout);
            assert!(run.codes().is_empty(), "{path}");
        }
    }
    let run = meshctl(&[
        "validate",
        "--color",
        "never",
        &format!("{K8S}/0-current.yaml"),
    ]);
    assert_eq!(
        run.stdout,
        "meshctl validate: pass (0 errors, 0 warnings)\n"
    );
}

/// Transition cases: (current, proposed, extra flags, codes expected, exit code).
fn transition(current: &str, proposed: &str, extra: &[&str]) -> crate::Run {
    let mut args = vec![
        "validate",
        "--format",
        "json",
        proposed,
        "--current",
        current,
    ];
    args.extend(extra);
    meshctl(&args)
}

#[test]
fn every_transition_code_has_a_failing_fixture() {
    let k = |step: &str| format!("{K8S}/{step}.yaml");
    let t = |name: &str| format!("fixtures/transition/{name}.yaml");
    let cases: Vec<(String, String, &[&str], &str, i32)> = vec![
        (
            k("0-current"),
            k("2-switched"),
            &[],
            "switch-to-unadded-backend",
            1,
        ),
        (k("1-added"), k("3-removed"), &[], "switch-and-remove", 1),
        (
            k("0-current"),
            t("in-place-ca-change"),
            &[],
            "in-place-ca-change",
            1,
        ),
        (
            k("1-added"),
            t("mode-mismatch"),
            &["--warn", "gate-unchecked"],
            "mode-mismatch",
            0,
        ),
        (
            t("permissive-current"),
            t("mtls-disabled"),
            &["--warn", "gate-unchecked"],
            "mtls-disabled",
            0,
        ),
        (
            k("0-current"),
            t("mtls-disabled"),
            &[],
            "disable-from-strict",
            1,
        ),
        (
            t("mtls-disabled"),
            k("0-current"),
            &[],
            "enable-into-strict",
            1,
        ),
        (
            k("0-current"),
            k("2-switched"),
            &["--product", "kuma", "--allow", "too-many-backends"],
            "switch-forbidden-on-kuma",
            1,
        ),
        (k("0-current"), k("3-removed"), &[], "multiple-steps", 1),
        (k("1-added"), k("2-switched"), &[], "gate-unchecked", 1),
    ];
    for (current, proposed, extra, code, exit) in cases {
        let run = transition(&current, &proposed, extra);
        assert_eq!(run.code, exit, "{code}: {}", run.stdout);
        assert!(
            run.codes().contains(&code.to_string()),
            "{code} missing: {:?}",
            run.codes()
        );
    }
}

#[test]
fn each_rotation_step_alone_is_clean_except_its_gate() {
    for (dir, ext) in [(K8S, "yaml"), (UNI, "yaml"), (JSON, "json")] {
        let p = |step: &str| format!("{dir}/{step}.{ext}");
        // Adding a backend needs no gate.
        let run = transition(&p("0-current"), &p("1-added"), &[]);
        assert_eq!((run.code, run.codes()), (0, vec![]), "{dir} add");
        // Switching and removing are gated, and no state is given.
        for (from, to) in [("1-added", "2-switched"), ("2-switched", "3-removed")] {
            let run = transition(&p(from), &p(to), &[]);
            assert_eq!(
                (run.code, run.codes()),
                (1, vec!["gate-unchecked".to_string()]),
                "{dir} {to}"
            );
            let run = transition(&p(from), &p(to), &["--warn", "gate-unchecked"]);
            assert_eq!(run.code, 0, "{dir} {to} with --warn");
        }
    }
}

#[test]
fn the_diff_is_classified_in_json() {
    let run = transition(
        &format!("{UNI}/0-current.yaml"),
        &format!("{UNI}/3-removed.yaml"),
        &[],
    );
    let diff = &run.json()["diff"];
    assert_eq!(diff["added"], serde_json::json!(["ca-2"]));
    assert_eq!(diff["removed"], serde_json::json!(["ca-1"]));
    assert_eq!(
        diff["enabled_backend"],
        serde_json::json!({"from": "ca-1", "to": "ca-2"})
    );
    let run = transition(
        &format!("{K8S}/0-current.yaml"),
        "fixtures/transition/in-place-ca-change.yaml",
        &[],
    );
    assert_eq!(
        run.json()["diff"]["ca_changed"],
        serde_json::json!(["ca-1"])
    );
}

#[test]
fn human_report_shows_the_offending_line() {
    let run = meshctl(&[
        "validate",
        "--color",
        "never",
        "fixtures/lint/unknown-enabled-backend.yaml",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("enabledBackend: ca-3 # should have been ca-2"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("[fixtures/lint/unknown-enabled-backend.yaml:8:5]"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("human_unknown_enabled_backend", run.stdout);
}

#[test]
fn json_report_snapshot() {
    let run = meshctl(&[
        "validate",
        "--format",
        "json",
        "fixtures/lint/unknown-enabled-backend.yaml",
    ]);
    insta::assert_snapshot!("json_unknown_enabled_backend", run.stdout);
}

#[test]
fn human_transition_report_snapshot() {
    let run = meshctl(&[
        "validate",
        "--color",
        "never",
        &format!("{K8S}/2-switched.yaml"),
        "--current",
        &format!("{K8S}/0-current.yaml"),
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("human_add_and_switch", run.stdout);
}

#[test]
fn severity_overrides() {
    // From PERMISSIVE, turning mTLS off is a warning (and a gate, allowed here).
    let current = "fixtures/transition/permissive-current.yaml".to_string();
    let run = transition(
        &current,
        "fixtures/transition/mtls-disabled.yaml",
        &["--deny", "mtls-disabled", "--allow", "gate-unchecked"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["diagnostics"][0]["severity"], "error");
    let run = transition(
        &current,
        "fixtures/transition/mtls-disabled.yaml",
        &["--allow", "mtls-disabled", "--allow", "gate-unchecked"],
    );
    assert_eq!((run.code, run.codes()), (0, vec![]));
    let run = transition(
        &current,
        "fixtures/transition/mtls-disabled.yaml",
        &["--deny", "no-such-code"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown diagnostic code `no-such-code`"),
        "{}",
        run.stderr
    );
}

#[test]
fn reads_stdin_and_picks_a_mesh_from_several() {
    let text = std::fs::read(format!("{UNI}/0-current.yaml")).unwrap();
    let run = meshctl_with_stdin(&["validate", "--format", "json", "-"], Some(&text));
    assert_eq!(run.code, 0, "{}", run.stderr);

    let dir = TempDir::new("several");
    let both = format!(
        "{}\n---\n{}",
        std::fs::read_to_string("fixtures/lint/unknown-enabled-backend.yaml").unwrap(),
        "type: Mesh\nname: other\n"
    );
    let path = dir.file("both.yaml", both);
    let run = meshctl(&["validate", &path]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("holds several Meshes (default, other): pick one with --mesh NAME"),
        "{}",
        run.stderr
    );
    let run = meshctl(&["validate", "--format", "json", "--mesh", "other", &path]);
    assert_eq!((run.code, run.codes()), (0, vec![]));
    let run = meshctl(&["validate", "--format", "json", "--mesh", "default", &path]);
    assert_eq!(run.codes(), ["unknown-enabled-backend"]);
    assert_eq!(run.json()["diagnostics"][0]["line"], 8);
    let run = meshctl(&["validate", "--mesh", "nope", &path]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("has no Mesh named `nope`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_kubernetes_list_and_secrets_beside_the_mesh_are_understood() {
    let dir = TempDir::new("list");
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: kuma.io/v1alpha1\n  kind: Mesh\n  metadata: {name: default}\n  spec:\n    mtls:\n      enabledBackend: ca-9\n      backends: [{name: ca-1, type: builtin}]\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: ca-2-key, namespace: kuma-system, labels: {kuma.io/mesh: default}}\ntype: system.kuma.io/secret\ndata: {value: aGk=}\n";
    let path = dir.file("list.yaml", list);
    let run = meshctl(&["validate", "--format", "json", &path]);
    assert_eq!(run.codes(), ["unknown-enabled-backend"]);
    assert_eq!(
        run.json()["diagnostics"][0]["path"],
        "items[0].spec.mtls.enabledBackend"
    );
    assert_eq!(run.json()["diagnostics"][0]["line"], 9);
}

#[test]
fn comparing_different_meshes_is_an_input_error() {
    let run = transition(
        &format!("{K8S}/0-current.yaml"),
        &format!("{JSON}/0-current.json"),
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("compare the same Mesh"),
        "{}",
        run.stderr
    );
    assert_eq!(run.json()["verdict"], "input-error");
    assert_eq!(run.json()["exit_code"], 2);
}

#[test]
#[cfg_attr(
    not(shared_reference),
    ignore = "needs ../shared/reference (Kuma's own files beside the repository)"
)]
fn reference_meshes_from_kuma_read_as_they_are() {
    let Some(reference) = crate::shared_reference("kuma") else {
        return;
    };
    for file in [
        "universal-mesh-with-mtls.golden.yaml",
        "k8s-mesh-with-mtls.json",
        "rest-put-mesh-with-mtls.request.json",
    ] {
        let path = reference.join(file);
        let run = meshctl(&["validate", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(
            (run.code, run.codes()),
            (0, vec![]),
            "{file}: {}",
            run.stderr
        );
    }
}

/// The same shapes in the project's own files: Universal YAML, Kubernetes JSON, a REST body.
#[test]
fn meshes_in_every_shape_lint_clean() {
    for path in [
        "fixtures/rotation/universal/0-current.yaml",
        "fixtures/rotation/kubernetes-json/0-current.json",
        "fixtures/rotation/json/0-current.json",
    ] {
        let run = meshctl(&["validate", "--format", "json", path]);
        assert_eq!(
            (run.code, run.codes()),
            (0, vec![]),
            "{path}: {}",
            run.stderr
        );
    }
}

#[test]
fn inline_key_material_never_appears_in_reports() {
    let dir = TempDir::new("redact");
    let key = "-----BEGIN EC PRIVATE KEY-----\n          MHcCAQEEIKEYMATERIALdonotprint0123456789abcdefghijklmnop\n          -----END EC PRIVATE KEY-----";
    let current = dir.file("current.yaml", "type: Mesh\nname: m\nmtls:\n  enabledBackend: a\n  backends:\n  - name: a\n    type: builtin\n");
    let proposed = dir.file(
        "proposed.yaml",
        format!(
            "type: Mesh\nname: m\nmtls:\n  enabledBackend: b\n  backends:\n  - name: b\n    type: provided\n    conf:\n      cert:\n        secret: b-cert\n      key:\n        inlineString: |\n          {key}\n"
        ),
    );
    for format in ["human", "json"] {
        let run = meshctl(&[
            "validate",
            "--format",
            format,
            &proposed,
            "--current",
            &current,
        ]);
        assert_eq!(run.code, 1);
        for output in [&run.stdout, &run.stderr] {
            assert!(!output.contains("KEYMATERIAL"), "{format}:\n{output}");
        }
        assert!(run.stdout.contains("switch-and-remove"), "{format}");
    }
    let human = meshctl(&[
        "validate",
        "--color",
        "never",
        &proposed,
        "--current",
        &current,
    ]);
    assert!(human.stdout.contains("<redacted>"), "{}", human.stdout);
}

/// `skipValidation`: the type's own checks become warnings except on the enabled backend; an
/// uppercase Mesh name is refused at the name (Kuma's `ValidateMeta`), not again in every builtin
/// CA Secret name it would make; request timeouts are Go durations.
#[test]
fn skip_validation_secret_names_and_go_durations_as_kuma_judges_them() {
    let run = lint("skip-validation.yaml", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found: Vec<(String, String, String)> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (text("code"), text("severity"), text("path"))
        })
        .collect();
    let expect = |code: &str, severity: &str, path: &str| {
        (code.to_string(), severity.to_string(), path.to_string())
    };
    assert_eq!(
        found,
        [
            expect("invalid-mesh-name", "error", "name"),
            expect("missing-ca-source", "warning", "mtls.backends[1]"),
            expect("missing-ca-source", "warning", "mtls.backends[1]"),
            expect("invalid-backend-conf", "warning", "mtls.backends[2].conf"),
        ]
    );
    let message = run.json()["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.starts_with("Mesh name `Payments` has invalid characters"),
        "{message}"
    );
}

#[test]
fn deny_warnings_makes_every_other_warning_an_error() {
    let (current, proposed) = (
        format!("{K8S}/1-added.yaml"),
        "fixtures/transition/mode-mismatch.yaml".to_string(),
    );
    let severities = |run: &crate::Run| -> Vec<(String, String)> {
        run.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().into(),
                    d["severity"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let run = transition(&current, &proposed, &["--warn", "gate-unchecked"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    for flags in [
        ["-D", "warnings", "--warn", "gate-unchecked"],
        ["--warn", "gate-unchecked", "--deny", "warnings"],
    ] {
        let run = transition(&current, &proposed, &flags);
        assert_eq!(run.code, 1, "{flags:?}: {}", run.stdout);
        let found = severities(&run);
        assert!(
            found.contains(&("mode-mismatch".into(), "error".into())),
            "{found:?}"
        );
        // Named with --warn, it stays a warning.
        assert!(
            found.contains(&("gate-unchecked".into(), "warning".into())),
            "{found:?}"
        );
    }
    let run = transition(&current, &proposed, &["-D", "warnigs"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `warnings`?"),
        "{}",
        run.stderr
    );
    let run = transition(&current, &proposed, &["--warn", "warnings"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("goes with --deny"), "{}", run.stderr);
}

#[test]
fn quiet_prints_the_summary_line_alone() {
    let typos = "fixtures/unknown-fields/mesh-typos.yaml";
    for flags in [["-q", "validate"], ["validate", "--quiet"]] {
        let run = meshctl(&[flags[0], flags[1], typos, "--color", "never"]);
        assert_eq!(run.code, 0);
        assert_eq!(
            run.stdout, "meshctl validate: pass (0 errors, 7 warnings)\n",
            "{flags:?}"
        );
    }
    // Machine formats stay whole.
    let run = meshctl(&["validate", "-q", "--format", "json", typos]);
    assert_eq!(run.json()["diagnostics"].as_array().unwrap().len(), 7);
    let run = meshctl(&["validate", "-q", "missing.yaml"]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(
        run.stderr.starts_with("error: missing.yaml"),
        "{}",
        run.stderr
    );
}

/// A backend added in another mode than the enabled one's flips the mesh's mode at the later
/// switch: said when it is added, not only at the switch.
#[test]
fn a_backend_added_in_another_mode_is_a_mode_mismatch() {
    let dir = TempDir::new("added-mode");
    let added = std::fs::read_to_string(format!("{K8S}/1-added.yaml")).unwrap();
    let permissive = added.replacen(
        "        type: provided\n",
        "        type: provided\n        mode: PERMISSIVE\n",
        1,
    );
    assert_ne!(added, permissive);
    let current = format!("{K8S}/0-current.yaml");
    for (proposed, mismatch) in [(added, false), (permissive, true)] {
        let proposed = dir.file("proposed.yaml", proposed);
        let run = transition(&current, &proposed, &["--warn", "gate-unchecked"]);
        assert_eq!(
            run.codes().contains(&"mode-mismatch".to_string()),
            mismatch,
            "{}",
            run.stdout
        );
    }
}
