//! Mode transitions as gated steps (README "Planning"): turning mTLS on through
//! PERMISSIVE, going STRICT once every proxy holds a certificate, turning mTLS off through
//! PERMISSIVE once every proxy runs it; in Kubernetes and Universal YAML and in JSON.

use crate::{Run, TempDir, meshctl};

const NOW: &str = "2026-11-27T12:00:00Z";
const CHANGED: &str = "2026-11-27T10:00:00Z";
/// A configuration acknowledged after the change: known to the second, the change is proven
/// past only from the next second.
const AFTER: &str = "2026-11-27T10:00:30Z";

/// A proxy of the state: name, service, issued backend (None: no certificate yet), and when it
/// last acknowledged a configuration.
struct P(
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

fn state(dir: &TempDir, name: &str, proxies: &[P]) -> String {
    let items: Vec<String> = proxies
        .iter()
        .map(|P(name, service, issued, updated)| {
            let mtls = issued.map_or(String::new(), |b| {
                format!(r#", "mTLS": {{"issuedBackend": "{b}", "supportedBackends": ["{b}"], "certificateExpirationTime": "2026-11-28T10:00:00Z", "lastCertificateRegeneration": "2026-11-27T09:00:00Z"}}"#)
            });
            format!(
                r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "{name}", "dataplane": {{"networking": {{"inbound": [{{"tags": {{"kuma.io/service": "{service}"}}}}]}}}}, "dataplaneInsight": {{"subscriptions": [{{"connectTime": "2026-11-27T08:00:00Z", "status": {{"lastUpdateTime": "{updated}", "total": {{"responsesSent": "7", "responsesAcknowledged": "7"}}}}}}]{mtls}}}}}"#
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

/// A Mesh file of `shape` (`k8s`, `universal`, `json`) with mTLS off (`None`) or on `ca-1` in a mode.
fn mesh(shape: &str, mode: Option<&str>) -> String {
    let line = |m: &str| {
        if m == "STRICT" {
            String::new()
        } else {
            format!("\n        mode: {m}")
        }
    };
    match (shape, mode) {
        ("k8s", None) => "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\nspec:\n  metrics: {enabledBackend: prom}\n".to_string(),
        ("k8s", Some(m)) => format!("apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\nspec:\n  metrics: {{enabledBackend: prom}}\n  mtls:\n    enabledBackend: ca-1\n    backends:\n      - name: ca-1\n        type: builtin{}\n", line(m)),
        ("universal", None) => "type: Mesh\nname: default\n".to_string(),
        ("universal", Some(m)) => format!("type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n    - name: ca-1\n      type: builtin{}\n", line(m).replace("\n        ", "\n      ")),
        ("json", None) => "{\n  \"type\": \"Mesh\",\n  \"name\": \"default\"\n}\n".to_string(),
        ("json", Some(m)) => {
            let mode = if m == "STRICT" { String::new() } else { format!(",\n        \"mode\": \"{m}\"") };
            format!("{{\n  \"type\": \"Mesh\",\n  \"name\": \"default\",\n  \"mtls\": {{\n    \"enabledBackend\": \"ca-1\",\n    \"backends\": [\n      {{\n        \"name\": \"ca-1\",\n        \"type\": \"builtin\"{mode}\n      }}\n    ]\n  }}\n}}\n")
        }
        _ => unreachable!(),
    }
}

fn ext(shape: &str) -> &'static str {
    if shape == "json" { "json" } else { "yaml" }
}

/// next-step from `current` to `target` with `state`, writing to `out`; the JSON report.
fn next(current: &str, target: &str, state: Option<&str>, out: &str) -> Run {
    let mut args = vec![
        "next-step",
        "--format",
        "json",
        "--now",
        NOW,
        "--changed-at",
        CHANGED,
        "--current",
        current,
        "--target",
        target,
        "-o",
        out,
        // Authorization has tests of its own (tests/cli/authorization.rs).
        "--allow",
        "authorization-unchecked",
    ];
    if let Some(s) = state {
        args.extend(["--state", s]);
    }
    meshctl(&args)
}

fn message(run: &Run, code: &str) -> serde_json::Value {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("no {code}: {}", run.stdout))
}

#[test]
fn turning_mtls_on_goes_through_permissive_in_every_shape() {
    for shape in ["k8s", "universal", "json"] {
        let dir = TempDir::new(&format!("modes-on-{shape}"));
        let e = ext(shape);
        let current = dir.file(&format!("current.{e}"), mesh(shape, None));
        let target = dir.file(&format!("target.{e}"), mesh(shape, Some("STRICT")));
        let out = dir
            .0
            .join(format!("step.{e}"))
            .to_string_lossy()
            .into_owned();
        // Step 1: on, in PERMISSIVE (no gate).
        let run = next(&current, &target, None, &out);
        assert_eq!(run.code, 0, "{shape}: {}", run.stdout);
        assert_eq!(run.json()["next_step"]["kind"], "enable-mtls", "{shape}");
        let step = std::fs::read_to_string(&out).unwrap();
        assert!(step.contains("PERMISSIVE"), "{shape}:\n{step}");
        std::fs::write(&current, &step).unwrap();
        // Step 2: STRICT waits while a proxy holds no certificate, naming it and its service.
        let half = state(
            &dir,
            "half.json",
            &[
                P("web-1", "web", Some("ca-1"), AFTER),
                P("api-1", "api", None, AFTER),
            ],
        );
        let run = next(&current, &target, Some(&half), &out);
        assert_eq!(run.code, 3, "{shape}: {}", run.stdout);
        let d = message(&run, "strict-not-ready");
        assert_eq!(d["proxies"], serde_json::json!(["api-1 (api)"]), "{shape}");
        assert!(
            d["message"].as_str().unwrap().starts_with(
                "going STRICT on `ca-1`: 1 registration holds no certificate from `ca-1` yet (1/2 registrations ready)"
            ),
            "{d}"
        );
        assert!(!std::path::Path::new(&out).exists());
        // Every proxy holds one: STRICT.
        let all = state(
            &dir,
            "all.json",
            &[
                P("web-1", "web", Some("ca-1"), AFTER),
                P("api-1", "api", Some("ca-1"), AFTER),
            ],
        );
        let run = next(&current, &target, Some(&all), &out);
        assert_eq!(run.code, 0, "{shape}: {}", run.stdout);
        assert_eq!(run.json()["next_step"]["kind"], "set-mode");
        let step = std::fs::read_to_string(&out).unwrap();
        assert!(!step.contains("PERMISSIVE"), "{shape}:\n{step}");
        std::fs::write(&current, &step).unwrap();
        let run = next(&current, &target, Some(&all), &out);
        assert_eq!(run.code, 4, "{shape}: {}", run.stdout);
    }
}

#[test]
fn turning_mtls_off_goes_through_permissive_and_waits_for_convergence() {
    for shape in ["k8s", "universal", "json"] {
        let dir = TempDir::new(&format!("modes-off-{shape}"));
        let e = ext(shape);
        let current = dir.file(&format!("current.{e}"), mesh(shape, Some("STRICT")));
        let target = dir.file(&format!("target.{e}"), mesh(shape, None));
        let out = dir
            .0
            .join(format!("step.{e}"))
            .to_string_lossy()
            .into_owned();
        // Step 1: PERMISSIVE first (no gate).
        let run = next(&current, &target, None, &out);
        assert_eq!(run.code, 0, "{shape}: {}", run.stdout);
        assert_eq!(run.json()["next_step"]["kind"], "set-mode");
        let step = std::fs::read_to_string(&out).unwrap();
        assert!(step.contains("PERMISSIVE"), "{shape}:\n{step}");
        std::fs::write(&current, &step).unwrap();
        // Off waits while a proxy has not acknowledged the PERMISSIVE configuration.
        let behind = state(
            &dir,
            "behind.json",
            &[
                P("web-1", "web", Some("ca-1"), "2026-11-27T10:05:00Z"),
                P("api-1", "api", Some("ca-1"), "2026-11-27T09:00:00Z"),
            ],
        );
        let run = next(&current, &target, Some(&behind), &out);
        assert_eq!(run.code, 3, "{shape}: {}", run.stdout);
        let d = message(&run, "config-not-converged");
        assert_eq!(d["proxies"], serde_json::json!(["api-1"]));
        // Converged: off. A configuration exchanged at 10:00:03 or later is built on the change
        // of 10:00:00 (proved after from 10:00:01, then the store cache and a refresh tick).
        let done = state(
            &dir,
            "done.json",
            &[
                P("web-1", "web", Some("ca-1"), "2026-11-27T10:05:00Z"),
                P("api-1", "api", Some("ca-1"), "2026-11-27T10:00:03Z"),
            ],
        );
        let run = next(&current, &target, Some(&done), &out);
        assert_eq!(run.code, 0, "{shape}: {}", run.stdout);
        assert_eq!(run.json()["next_step"]["kind"], "disable-mtls");
        let step = std::fs::read_to_string(&out).unwrap();
        assert!(!step.contains("mtls"), "{shape}:\n{step}");
        std::fs::write(&current, &step).unwrap();
        assert_eq!(
            next(&current, &target, Some(&done), &out).code,
            4,
            "{shape}"
        );
    }
}

#[test]
fn the_change_time_comes_from_the_mesh_or_must_be_given() {
    let dir = TempDir::new("modes-changed-at");
    let permissive = "type: Mesh\nname: default\nmodificationTime: \"2026-11-27T10:00:00Z\"\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - {name: ca-1, type: builtin, mode: PERMISSIVE}\n";
    let current = dir.file("current.yaml", permissive);
    let target = dir.file("target.yaml", "type: Mesh\nname: default\n");
    let done = state(
        &dir,
        "done.json",
        &[P("web-1", "web", Some("ca-1"), "2026-11-27T10:00:03Z")],
    );
    let run = meshctl(&[
        "next-step",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &current,
        "--target",
        &target,
        "--state",
        &done,
    ]);
    assert_eq!(run.code, 0, "Universal modificationTime: {}", run.stdout);
    // Without it (a Kubernetes export without managedFields) the gate is unchecked, saying why.
    let k8s = dir.file("k8s.yaml", "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: {name: default}\nspec:\n  mtls:\n    enabledBackend: ca-1\n    backends: [{name: ca-1, type: builtin, mode: PERMISSIVE}]\n");
    let k8s_off = dir.file(
        "k8s-off.yaml",
        "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: {name: default}\nspec: {}\n",
    );
    let run = meshctl(&[
        "next-step",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &k8s,
        "--target",
        &k8s_off,
        "--state",
        &done,
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let help = message(&run, "gate-unchecked")["help"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        help.contains("--changed-at") && help.contains("--show-managed-fields"),
        "{help}"
    );
    // With managedFields it is known.
    let managed = dir.file("managed.yaml", "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\n  managedFields:\n  - manager: kubectl\n    operation: Update\n    time: \"2026-11-27T10:00:00Z\"\nspec:\n  mtls:\n    enabledBackend: ca-1\n    backends: [{name: ca-1, type: builtin, mode: PERMISSIVE}]\n");
    let run = meshctl(&[
        "next-step",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &managed,
        "--target",
        &k8s_off,
        "--state",
        &done,
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn validate_refuses_the_unsafe_mode_changes_and_gates_the_others() {
    let dir = TempDir::new("modes-validate");
    let validate = |current: &str, proposed: &str, state: Option<&str>| {
        let (c, p) = (dir.file("c.yaml", current), dir.file("p.yaml", proposed));
        let mut args = vec![
            "validate".to_string(),
            "--format".into(),
            "json".into(),
            "--now".into(),
            NOW.into(),
            "--changed-at".into(),
            CHANGED.into(),
            p,
            "--current".into(),
            c,
            // Authorization has tests of its own (tests/cli/authorization.rs).
            "--allow".into(),
            "authorization-unchecked".into(),
        ];
        if let Some(s) = state {
            args.extend(["--state".to_string(), s.to_string()]);
        }
        meshctl(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let errors = |run: &Run| -> Vec<String> {
        run.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    let (off, strict, permissive) = (
        mesh("universal", None),
        mesh("universal", Some("STRICT")),
        mesh("universal", Some("PERMISSIVE")),
    );
    assert_eq!(
        errors(&validate(&off, &strict, None)),
        ["enable-into-strict"]
    );
    assert_eq!(
        errors(&validate(&strict, &off, None)),
        ["disable-from-strict"]
    );
    // Turning mTLS on in PERMISSIVE is no jump into STRICT, and a change of mode on the same
    // backend is no switch (which Kuma would forbid).
    let on = validate(&off, &permissive, None);
    assert!(
        !on.codes().contains(&"enable-into-strict".to_string()),
        "{}",
        on.stdout
    );
    let (c, p) = (
        dir.file("kuma-c.yaml", &strict),
        dir.file("kuma-p.yaml", &permissive),
    );
    let same = meshctl(&[
        "validate",
        "--format",
        "json",
        "--now",
        NOW,
        "--product",
        "kuma",
        &p,
        "--current",
        &c,
    ]);
    assert!(
        !same
            .codes()
            .contains(&"switch-forbidden-on-kuma".to_string()),
        "{}",
        same.stdout
    );
    let half = state(
        &dir,
        "half.json",
        &[
            P("web-1", "web", Some("ca-1"), AFTER),
            P("api-1", "api", None, AFTER),
        ],
    );
    assert_eq!(
        errors(&validate(&permissive, &strict, Some(&half))),
        ["strict-not-ready"]
    );
    let behind = state(
        &dir,
        "behind.json",
        &[P("api-1", "api", Some("ca-1"), "2026-11-27T09:00:00Z")],
    );
    assert_eq!(
        errors(&validate(&permissive, &off, Some(&behind))),
        ["config-not-converged"]
    );
    // A switch between modes says so in plan too, and the window names the PERMISSIVE backend.
    let current = dir.file("two.yaml", "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - {name: ca-1, type: builtin}\n");
    let target = dir.file("two-target.yaml", "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-2\n  backends:\n  - {name: ca-2, type: builtin, mode: PERMISSIVE}\n");
    let run = meshctl(&[
        "plan",
        "--format",
        "json",
        "--current",
        &current,
        "--target",
        &target,
    ]);
    assert!(
        run.codes().contains(&"mode-mismatch".to_string()),
        "{}",
        run.stdout
    );
}
