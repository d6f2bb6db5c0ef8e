//! Issue 23 ("Evidence, round 3"): each class of false "safe" verdict, and each needless block,
//! as the CLI answers it: exit codes, diagnostic codes and the message fragments that explain them.

use serde_json::Value;

use crate::fake_cp::{FakeCp, Fault};
use crate::{Run, TempDir, meshctl};

const NOW: &str = "2026-11-27T12:00:00Z";
const U: &str = "fixtures/rotation/universal";
const R3: &str = "fixtures/round3";
/// Counters of a proxy that acknowledged every response it was sent.
const ACKED: &str = r#"{"responsesSent": "7", "responsesAcknowledged": "7"}"#;
/// Both backends of a switch from `ca-1` to `ca-2`.
const BOTH: &str = r#""ca-1", "ca-2""#;

/// Runs meshctl with `args` and `--format json`.
fn json(args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    meshctl(&all)
}

/// The codes of the error-level diagnostics, in report order.
fn errors(run: &Run) -> Vec<String> {
    run.json()["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// The first diagnostic with `code`.
fn diag(run: &Run, code: &str) -> Value {
    run.json()["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("no {code}: {}", run.stdout))
}

fn message(run: &Run, code: &str) -> String {
    diag(run, code)["message"].as_str().unwrap().to_string()
}

/// A connected `DataplaneOverview` of mesh `default` serving `service`: its newest subscription
/// last updated at `updated`, every response acknowledged, its certificate issued by `ca-1` at
/// `regenerated`, trusting `supported` (a JSON list body).
fn dp(name: &str, service: &str, updated: &str, regenerated: &str, supported: &str) -> String {
    dp_with(name, service, updated, regenerated, supported, ACKED)
}

/// As [`dp`], with the newest subscription's `counters`.
fn dp_with(
    name: &str,
    service: &str,
    updated: &str,
    regenerated: &str,
    supported: &str,
    counters: &str,
) -> String {
    format!(
        r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "{name}", "dataplane": {{"networking": {{"inbound": [{{"tags": {{"kuma.io/service": "{service}"}}}}]}}}}, "dataplaneInsight": {{"subscriptions": [{{"connectTime": "2026-11-27T08:00:00Z", "status": {{"lastUpdateTime": "{updated}", "total": {counters}}}}}], "mTLS": {{"issuedBackend": "ca-1", "supportedBackends": [{supported}], "certificateExpirationTime": "2026-11-28T11:00:00Z", "lastCertificateRegeneration": "{regenerated}"}}}}}}"#
    )
}

/// A flat `DataplaneInsight` of `mesh` (a `/dataplane-insights` item), trusting both backends.
fn insight(mesh: &str, name: &str) -> String {
    format!(
        r#"{{"type": "DataplaneInsight", "mesh": "{mesh}", "name": "{name}", "subscriptions": [{{"connectTime": "2026-11-27T08:00:00Z", "status": {{"lastUpdateTime": "2026-11-27T11:00:00Z", "total": {ACKED}}}}}], "mTLS": {{"issuedBackend": "ca-1", "supportedBackends": [{BOTH}], "certificateExpirationTime": "2026-11-28T11:00:00Z", "lastCertificateRegeneration": "2026-11-27T11:00:00Z"}}}}"#
    )
}

/// A REST page: `total` (absent when `None`), the items and `next` (JSON `null` when `None`).
fn page(items: &[String], total: Option<usize>, next: Option<&str>) -> String {
    let total = total.map_or(String::new(), |t| format!(r#""total": {t}, "#));
    let next = next.map_or("null".to_string(), |n| format!("\"{n}\""));
    format!(
        r#"{{{total}"items": [{}], "next": {next}}}"#,
        items.join(", ")
    )
}

/// A complete page of `items`.
fn listing(items: &[String]) -> String {
    page(items, Some(items.len()), None)
}

/// A Universal JSON Mesh `default` on `ca-1` PERMISSIVE, with `extra` top-level fields
/// (`"modificationTime": …, ` and the like, each followed by a comma).
fn permissive(extra: &str) -> String {
    format!(
        r#"{{"type": "Mesh", "name": "default", {extra}"mtls": {{"enabledBackend": "ca-1", "backends": [{{"name": "ca-1", "type": "builtin", "mode": "PERMISSIVE"}}]}}}}"#
    )
}

/// The switch from `1-added` to `2-switched` (Universal fixtures) judged by validate on `states`.
fn switch(states: &[&str], extra: &[&str]) -> Run {
    let (proposed, current) = (format!("{U}/2-switched.yaml"), format!("{U}/1-added.yaml"));
    let mut args = vec!["validate", "--now", NOW, &proposed, "--current", &current];
    for state in states {
        args.extend(["--state", state]);
    }
    args.extend(extra);
    json(&args)
}

/// next-step from `current` to `target` on `state`, with `extra` flags.
fn next(current: &str, target: &str, state: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "next-step",
        "--now",
        NOW,
        "--current",
        current,
        "--target",
        target,
        "--state",
        state,
    ];
    args.extend(extra);
    json(&args)
}

// Class 1: the Mesh's last change is not always a change time.

#[test]
fn class1_a_modification_time_a_kubernetes_store_served_is_not_a_change_time() {
    let dir = TempDir::new("round3-k8s-store");
    let time =
        r#""creationTime": "2026-11-01T00:00:00Z", "modificationTime": "2026-11-27T10:00:00Z", "#;
    let labelled = dir.file(
        "labelled.json",
        permissive(&format!(
            r#"{time}"labels": {{"kuma.io/display-name": "default"}}, "#
        )),
    );
    let plain = dir.file("plain.json", permissive(time));
    let off = dir.file("off.json", r#"{"type": "Mesh", "name": "default"}"#);
    // Every proxy acknowledged a configuration after that time.
    let after = dir.file(
        "after.json",
        listing(&[dp(
            "web-1",
            "web",
            "2026-11-27T10:00:30Z",
            "2026-11-27T10:00:30Z",
            r#""ca-1""#,
        )]),
    );
    let run = next(&labelled, &off, &after, &[]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["gate-unchecked".to_string()]),
        "{}",
        run.stdout
    );
    let text = message(&run, "gate-unchecked");
    assert!(
        text.contains("Kubernetes store") && text.contains("may be the creation time"),
        "{text}"
    );
    assert_eq!(run.json()["next_step"]["gate"]["status"], "unchecked");
    // The same Mesh without the label: its modificationTime is a change time, and the gate holds.
    let run = next(&plain, &off, &after, &[]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    assert_eq!(run.json()["next_step"]["kind"], "disable-mtls");
    // ... and judges convergence by it: a proxy that last acknowledged before it waits.
    let before = dir.file(
        "before.json",
        listing(&[dp(
            "web-1",
            "web",
            "2026-11-27T09:59:59Z",
            "2026-11-27T09:00:00Z",
            r#""ca-1""#,
        )]),
    );
    let run = next(&plain, &off, &before, &[]);
    assert_eq!(
        (run.code, errors(&run)),
        (3, vec!["config-not-converged".to_string()])
    );
    // A snapshot that says its control plane stores in Kubernetes, without the label.
    let snapshot = |store: &str| {
        format!(
            r#"{{"meshctl": {{"snapshot": 1, "store": "{store}"}}, "total": 0, "items": [{}], "next": null}}"#,
            permissive(time)
        )
    };
    let k8s = dir.file("snap-k8s.json", snapshot("kubernetes"));
    let run = next(&k8s, &off, &after, &[]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["gate-unchecked".to_string()]),
        "{}",
        run.stdout
    );
    assert!(message(&run, "gate-unchecked").contains("stores it in Kubernetes"));
    assert!(message(&run, "gate-unchecked").contains("is the creation time"));
    // A store that stamps every update is trusted; --changed-at gives the change time anyway.
    let postgres = dir.file("snap-pg.json", snapshot("postgres"));
    assert_eq!(next(&postgres, &off, &after, &[]).code, 0);
    let run = next(
        &k8s,
        &off,
        &after,
        &["--changed-at", "2026-11-27T10:00:00Z"],
    );
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
}

#[test]
fn class1_a_live_kubernetes_control_plane_and_its_snapshot_leave_the_gate_unchecked() {
    let cp = FakeCp::start(3);
    cp.with(|f| {
        f.mesh["mtls"]["backends"][0]["mode"] = "PERMISSIVE".into();
        f.mesh["modificationTime"] = "2026-11-27T10:00:00Z".into();
        f.config_time = Some("2026-11-27T10:30:00Z".into());
        f.faults.push(Fault::Status(
            "/config",
            200,
            r#"{"mode": "zone", "store": {"type": "kubernetes"}}"#,
        ));
    });
    let dir = TempDir::new("round3-live-k8s");
    let mut off = cp.with(|f| f.mesh.clone());
    off.as_object_mut().unwrap().remove("mtls");
    let off = dir.file("off.json", off.to_string());
    let live = ["--control-plane", cp.url.as_str(), "--mesh", "default"];
    let mut args = vec!["next-step", "--target", off.as_str()];
    args.extend(live);
    let run = json(&args);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["gate-unchecked".to_string()]),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(message(&run, "gate-unchecked").contains("Kubernetes"));
    // The snapshot records the store, so the file judges as the live run did.
    let out = dir.0.join("snap.json").to_string_lossy().into_owned();
    let mut args = vec!["snapshot", "-o", out.as_str()];
    args.extend(live);
    assert_eq!(meshctl(&args).code, 0);
    let snap: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(snap["meshctl"]["store"], "kubernetes");
    let run = json(&[
        "next-step",
        "--current",
        &out,
        "--state",
        &out,
        "--target",
        &off,
    ]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["gate-unchecked".to_string()]),
        "{}",
        run.stdout
    );
    // The same control plane on a store that stamps every update: the gate is judged, and holds.
    cp.with(|f| {
        f.faults = vec![Fault::Status(
            "/config",
            200,
            r#"{"mode": "zone", "store": {"type": "postgres"}}"#,
        )];
    });
    let mut args = vec!["next-step", "--target", off.as_str()];
    args.extend(live);
    let run = json(&args);
    assert_eq!(
        (run.code, errors(&run)),
        (0, vec![]),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.json()["next_step"]["kind"], "disable-mtls");
}

#[test]
fn class1_managed_fields_prove_after_only_from_the_next_second() {
    let dir = TempDir::new("round3-managed-fields");
    let current = dir.file(
        "current.yaml",
        "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\n  creationTimestamp: \"2026-11-01T00:00:00Z\"\n  managedFields:\n  - manager: kubectl\n    operation: Update\n    time: \"2026-11-27T09:00:00Z\"\n  - manager: kubectl-client-side-apply\n    operation: Update\n    time: \"2026-11-27T10:00:00Z\"\nspec:\n  mtls:\n    enabledBackend: ca-1\n    backends:\n    - name: ca-1\n      type: builtin\n      mode: PERMISSIVE\n",
    );
    let off = dir.file(
        "off.yaml",
        "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: default\nspec: {}\n",
    );
    // 10:00:00 to the second proves "after" from 10:00:01; configurations are built on the
    // change once the store cache (1 s) and a refresh tick (1 s) passed: 10:00:03.
    for (updated, code) in [
        ("2026-11-27T09:59:59Z", 3),
        ("2026-11-27T10:00:02Z", 3),
        ("2026-11-27T10:00:02.900Z", 3),
        ("2026-11-27T10:00:03Z", 0),
    ] {
        let state = dir.file(
            "state.json",
            listing(&[dp(
                "web-1",
                "web",
                updated,
                "2026-11-27T09:00:00Z",
                r#""ca-1""#,
            )]),
        );
        let run = next(&current, &off, &state, &[]);
        assert_eq!(run.code, code, "{updated}: {}", run.stdout);
        if code == 3 {
            assert_eq!(errors(&run), ["config-not-converged"], "{updated}");
            assert_eq!(
                diag(&run, "config-not-converged")["proxies"],
                serde_json::json!(["web-1"])
            );
        } else {
            assert_eq!(run.json()["next_step"]["kind"], "disable-mtls");
        }
    }
}

// Class 2: timestamps compared at their precision.

#[test]
fn class2_fractions_of_a_second_are_compared() {
    let dir = TempDir::new("round3-fractions");
    let current = dir.file("current.json", permissive(""));
    let off = dir.file("off.json", r#"{"type": "Mesh", "name": "default"}"#);
    // The change at .700 and the 2 s before configurations are built on it (store cache and
    // refresh tick): an update at 10:00:02.700 is no later than that, .800 is.
    for (updated, code) in [
        ("2026-11-27T10:00:02.200Z", 3),
        ("2026-11-27T10:00:02.700Z", 3),
        ("2026-11-27T10:00:02.800Z", 0),
    ] {
        let state = dir.file(
            "state.json",
            listing(&[dp(
                "web-1",
                "web",
                updated,
                "2026-11-27T09:00:00Z",
                r#""ca-1""#,
            )]),
        );
        let run = next(
            &current,
            &off,
            &state,
            &["--changed-at", "2026-11-27T10:00:00.700Z"],
        );
        assert_eq!(run.code, code, "{updated}: {}", run.stdout);
        let expected: Vec<String> = if code == 3 {
            vec!["config-not-converged".into()]
        } else {
            vec![]
        };
        assert_eq!(errors(&run), expected, "{updated}");
    }
}

// Class 3: a rejected configuration.

#[test]
fn class3_a_rejected_or_unacknowledged_response_holds_the_switch() {
    let dir = TempDir::new("round3-rejected");
    let at = "2026-11-27T11:00:00Z";
    let good = dp("web-1", "web", at, at, BOTH);
    for (counters, fragment) in [
        (
            r#"{"responsesSent": "7", "responsesAcknowledged": "6", "responsesRejected": "1"}"#,
            "rejected a response",
        ),
        (
            r#"{"responsesSent": "7", "responsesAcknowledged": "6"}"#,
            "not acknowledged the last response",
        ),
    ] {
        let bad = dp_with("web-2", "web", at, at, BOTH, counters);
        let state = dir.file("state.json", listing(&[good.clone(), bad]));
        let run = switch(&[&state], &[]);
        assert_eq!(
            (run.code, errors(&run)),
            (1, vec!["new-backend-not-trusted".to_string()]),
            "{}",
            run.stdout
        );
        let d = diag(&run, "new-backend-not-trusted");
        assert_eq!(d["proxies"], serde_json::json!(["web-2"]));
        let text = d["message"].as_str().unwrap();
        assert!(
            text.contains(fragment) && text.contains(": 1/2 in-scope proxies ready; 1 "),
            "{text}"
        );
        assert!(!text.contains("do not trust"), "{text}");
    }
    // Against kuma-cp 2.14, Secrets (certificates, trust bundles) count only in the totals:
    // a rejected endpoint update, counted under `eds` too, leaves the bundle accepted.
    let eds = r#"{"responsesSent": "7", "responsesAcknowledged": "6", "responsesRejected": "1"}, "eds": {"responsesSent": "2", "responsesAcknowledged": "1", "responsesRejected": "1"}"#;
    let endpoints = dp_with("web-2", "web", at, at, BOTH, eds);
    let state = dir.file("eds.json", listing(&[good.clone(), endpoints]));
    let run = switch(&[&state], &[]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    // One more rejection than the typed ones: a Secret was rejected.
    let sds = eds.replacen(
        r#""responsesRejected": "1"}, "eds""#,
        r#""responsesRejected": "2"}, "eds""#,
        1,
    );
    let secrets = dp_with("web-2", "web", at, at, BOTH, &sds);
    let state = dir.file("sds.json", listing(&[good.clone(), secrets]));
    let run = switch(&[&state], &[]);
    assert_eq!(errors(&run), ["new-backend-not-trusted"], "{}", run.stdout);
    // Both acknowledged everything: the switch passes.
    let both = dir.file(
        "ok.json",
        listing(&[good.clone(), dp("web-2", "web", at, at, BOTH)]),
    );
    let run = switch(&[&both], &[]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
}

// Class 4: a listing that is not the mesh.

#[test]
fn class4_a_filtered_or_unfinished_listing_is_incomplete() {
    let dir = TempDir::new("round3-filtered");
    let at = "2026-11-27T11:00:00Z";
    let items = [dp("web-1", "web", at, at, BOTH)];
    // `kumactl inspect dataplanes --tag` and `--gateway`: the filter rides in `next`.
    for (filter, written) in [
        ("tag=kuma.io/service:web", "tag=kuma.io/service:web"),
        ("gateway=builtin", "gateway=builtin"),
        (
            "filter[labels.team]=payments",
            "filter%5Blabels.team%5D=payments",
        ),
    ] {
        let next = format!("/meshes/default/dataplanes/_overview?offset=1&size=1&{written}");
        let filtered = dir.file("filtered.json", page(&items, Some(1), Some(&next)));
        let run = switch(&[&filtered], &[]);
        assert_eq!(
            (run.code, errors(&run)),
            (1, vec!["state-incomplete".to_string()]),
            "{}",
            run.stdout
        );
        let text = message(&run, "state-incomplete");
        assert!(
            text.contains("lists part of mesh `default`")
                && text.contains(&format!("asked for `{filter}`")),
            "{text}"
        );
    }
    // More follows, no page beside it, no total.
    let unfinished = dir.file(
        "unfinished.json",
        page(
            &items,
            None,
            Some("http://127.0.0.1:5681/meshes/default/dataplanes/_overview?offset=1&size=1"),
        ),
    );
    let run = switch(&[&unfinished], &[]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["state-incomplete".to_string()]),
        "{}",
        run.stdout
    );
    assert!(
        message(&run, "state-incomplete").contains("says more proxies of mesh `default` follow")
    );
    // The same single page, ended: passes.
    let whole = dir.file("whole.json", listing(&items));
    assert_eq!(switch(&[&whole], &[]).code, 0);
    // A step without a gate (adding ca-2) is not held by it, but says so.
    let run = next(
        &format!("{U}/0-current.yaml"),
        &format!("{U}/3-removed.yaml"),
        &unfinished,
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["next_step"]["kind"], "add-backend");
    assert_eq!(diag(&run, "state-incomplete")["severity"], "warning");
}

// Class 5: evidence older than the change it must witness.

#[test]
fn class5_evidence_older_than_the_meshs_last_change_cannot_witness_it() {
    let dir = TempDir::new("round3-older");
    let added = std::fs::read_to_string(format!("{U}/1-added.yaml"))
        .unwrap()
        .replacen(
            "name: default\n",
            "name: default\nmodificationTime: \"2026-11-27T11:30:00Z\"\n",
            1,
        );
    let current = dir.file("current.yaml", added);
    let proposed = format!("{U}/2-switched.yaml");
    let gate = |state: &str| {
        json(&[
            "validate",
            "--now",
            NOW,
            &proposed,
            "--current",
            &current,
            "--state",
            state,
        ])
    };
    let (old, new) = ("2026-11-27T11:00:00Z", "2026-11-27T11:31:00Z");
    let stale = dir.file(
        "stale.json",
        listing(&[
            dp("web-1", "web", old, old, BOTH),
            dp("web-2", "web", old, old, BOTH),
        ]),
    );
    let run = gate(&stale);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["new-backend-not-trusted".to_string()]),
        "{}",
        run.stdout
    );
    let d = diag(&run, "new-backend-not-trusted");
    assert_eq!(d["proxies"], serde_json::json!(["web-1", "web-2"]));
    let text = d["message"].as_str().unwrap();
    assert!(
        text.contains("older than the Mesh's last change (2026-11-27T11:30:00Z)"),
        "{text}"
    );
    assert!(
        text.contains(": 0/2 in-scope proxies ready; 2 report"),
        "{text}"
    );
    // Exported after the change: the same supportedBackends witness it.
    let fresh = dir.file(
        "fresh.json",
        listing(&[
            dp("web-1", "web", new, new, BOTH),
            dp("web-2", "web", new, new, BOTH),
        ]),
    );
    let run = gate(&fresh);
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
}

#[test]
fn a_mesh_applied_again_unchanged_does_not_hold_the_gates_forever() {
    // Against kuma-cp 2.14: a PUT of the Mesh as it was moves `modificationTime` and nothing
    // else; no proxy gets a new certificate or configuration. A state observed long enough after
    // it (the snapshot's takenAt, 2 s for configurations to be rebuilt and 11 s for insights to be
    // flushed) shows what the proxies run.
    let dir = TempDir::new("round3-reapplied");
    let added = std::fs::read_to_string(format!("{U}/1-added.yaml"))
        .unwrap()
        .replacen(
            "name: default\n",
            "name: default\nmodificationTime: \"2026-11-27T11:30:00Z\"\n",
            1,
        );
    let current = dir.file("current.yaml", added);
    let proposed = format!("{U}/2-switched.yaml");
    let old = "2026-11-27T11:00:00Z";
    let items = [
        dp("web-1", "web", old, old, BOTH),
        dp("web-2", "web", old, old, BOTH),
    ];
    let snapshot = |taken: &str| {
        format!(
            r#"{{"meshctl": {{"snapshot": 1, "takenAt": "{taken}"}}, "total": 2, "items": [{}], "next": null}}"#,
            items.join(", ")
        )
    };
    let gate = |state: &str| {
        json(&[
            "validate",
            "--now",
            NOW,
            &proposed,
            "--current",
            &current,
            "--state",
            state,
        ])
    };
    // 11:30:00 proved after from 11:30:01, rebuilt from 11:30:03, flushed by 11:30:14.
    for (taken, code) in [("2026-11-27T11:30:13Z", 1), ("2026-11-27T11:30:14Z", 0)] {
        let state = dir.file("snapshot.json", snapshot(taken));
        let run = gate(&state);
        assert_eq!(run.code, code, "{taken}: {}", run.stdout);
        if code == 1 {
            assert_eq!(errors(&run), ["new-backend-not-trusted"], "{taken}");
            let text = message(&run, "new-backend-not-trusted");
            assert!(text.contains("older than the Mesh's last change"), "{text}");
            assert!(run.codes().contains(&"insight-stale".to_string()));
        } else {
            assert_eq!(run.codes(), Vec::<String>::new(), "{taken}");
        }
    }
    // A plain export says nothing newer than 11:00: it may predate the change.
    let plain = dir.file("plain.json", listing(&items));
    assert_eq!(gate(&plain).code, 1);
}

// Class 6: TLS readiness as Kuma computes it.

/// A Universal JSON Mesh on `ca-1` STRICT, changed long before the state.
fn strict(dir: &TempDir) -> String {
    dir.file(
        "strict.json",
        r#"{"type": "Mesh", "name": "default", "mtls": {"enabledBackend": "ca-1", "backends": [{"name": "ca-1", "type": "builtin"}]}}"#,
    )
}

#[test]
fn class6_strict_waits_for_registrations_that_never_connected() {
    let dir = TempDir::new("round3-registrations");
    let current = dir.file("current.json", permissive(""));
    let target = strict(&dir);
    let (updated, issued) = ("2026-11-27T11:00:00Z", "2026-11-27T10:00:00Z");
    let connected = [
        dp("web-1", "web", updated, issued, r#""ca-1""#),
        dp("api-1", "api", updated, issued, r#""ca-1""#),
    ];
    let never = r#"{"type": "DataplaneOverview", "mesh": "default", "name": "web-3", "dataplane": {"networking": {"inbound": [{"tags": {"kuma.io/service": "web"}}]}}}"#;
    let mut items = connected.to_vec();
    items.push(never.to_string());
    let state = dir.file("state.json", listing(&items));
    let run = next(&current, &target, &state, &[]);
    assert_eq!(
        (run.code, errors(&run)),
        (3, vec!["strict-not-ready".to_string()]),
        "{}",
        run.stdout
    );
    assert_eq!(run.json()["next_step"]["kind"], "set-mode");
    assert_eq!(run.json()["next_step"]["gate"]["kind"], "strict");
    let text = message(&run, "strict-not-ready");
    assert!(
        text.contains("web (1 of 2 registrations; without: web-3 (never connected))"),
        "{text}"
    );
    // Without the registration, every service is ready.
    let ready = dir.file("ready.json", listing(&connected));
    let run = next(&current, &target, &ready, &[]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
}

#[test]
fn class6_strict_waits_kumas_readiness_lag_from_when_the_state_was_observed() {
    let dir = TempDir::new("round3-readiness-lag");
    let current = dir.file("current.json", permissive(""));
    let target = strict(&dir);
    let (updated, issued) = ("2026-11-27T10:00:05Z", "2026-11-27T10:00:00Z");
    let items = [
        dp("web-1", "web", updated, issued, r#""ca-1""#),
        dp("api-1", "api", updated, issued, r#""ca-1""#),
    ];
    let snapshot = |taken: &str| {
        format!(
            r#"{{"meshctl": {{"snapshot": 1, "takenAt": "{taken}"}}, "total": 2, "items": [{}], "next": null}}"#,
            items.join(", ")
        )
    };
    for taken in ["2026-11-27T10:00:10Z", "2026-11-27T10:00:24Z"] {
        let state = dir.file("early.json", snapshot(taken));
        let run = next(&current, &target, &state, &[]);
        assert_eq!(
            (run.code, errors(&run)),
            (3, vec!["strict-not-ready".to_string()]),
            "{taken}: {}",
            run.stdout
        );
        let text = message(&run, "strict-not-ready");
        assert!(text.contains(&format!("observed at {taken}")), "{text}");
        assert!(text.contains("wait until 2026-11-27T10:00:25Z"), "{text}");
    }
    for taken in ["2026-11-27T10:00:26Z", "2026-11-27T10:05:00Z"] {
        let state = dir.file("late.json", snapshot(taken));
        let run = next(&current, &target, &state, &[]);
        assert_eq!(
            (run.code, errors(&run)),
            (0, vec![]),
            "{taken}: {}",
            run.stdout
        );
        assert_eq!(run.json()["next_step"]["kind"], "set-mode");
    }
}

#[test]
fn class6_a_switch_into_strict_lands_permissive_and_strict_is_a_gated_step() {
    let dir = TempDir::new("round3-switch-strict");
    let current = dir.file("current.json", permissive(""));
    let target = dir.file(
        "target.json",
        r#"{"type": "Mesh", "name": "default", "mtls": {"enabledBackend": "ca-2", "backends": [{"name": "ca-2", "type": "builtin"}]}}"#,
    );
    let run = json(&[
        "plan",
        "--now",
        NOW,
        "--current",
        &current,
        "--target",
        &target,
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let steps = run.json()["plan"]["steps"].as_array().unwrap().clone();
    let kinds: Vec<(&str, &str)> = steps
        .iter()
        .map(|s| {
            (
                s["kind"].as_str().unwrap(),
                s["gate"]["kind"].as_str().unwrap_or("none"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("add-backend", "none"),
            ("switch-backend", "switch"),
            ("remove-backend", "remove"),
            ("set-mode", "strict")
        ]
    );
    let manifest =
        |i: usize| serde_json::from_str::<Value>(steps[i]["manifest"].as_str().unwrap()).unwrap();
    // The switch lands on ca-2 in PERMISSIVE; STRICT comes only with the last, gated step.
    let switched = manifest(1);
    assert_eq!(switched["mtls"]["enabledBackend"], "ca-2");
    let ca2 = switched["mtls"]["backends"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "ca-2")
        .cloned();
    assert_eq!(ca2.unwrap()["mode"], "PERMISSIVE");
    assert!(
        steps[1]["summary"]
            .as_str()
            .unwrap()
            .contains("in PERMISSIVE mode")
    );
    assert_eq!(
        manifest(3)["mtls"]["backends"][0].get("mode"),
        None,
        "STRICT is the default"
    );
    // One change that switches to a STRICT backend carries the STRICT gate as well.
    let with_ca2 = dir.file(
        "current-2.json",
        r#"{"type": "Mesh", "name": "default", "mtls": {"enabledBackend": "ca-1", "backends": [{"name": "ca-1", "type": "builtin", "mode": "PERMISSIVE"}, {"name": "ca-2", "type": "builtin"}]}}"#,
    );
    let switched = dir.file(
        "switched.json",
        std::fs::read_to_string(&with_ca2)
            .unwrap()
            .replacen("\"ca-1\"", "\"ca-2\"", 1),
    );
    let at = "2026-11-27T11:00:00Z";
    let state = dir.file("state.json", listing(&[dp("web-1", "web", at, at, BOTH)]));
    let run = json(&[
        "validate",
        "--now",
        NOW,
        &switched,
        "--current",
        &with_ca2,
        "--state",
        &state,
    ]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["strict-not-ready".to_string()]),
        "{}",
        run.stdout
    );
    assert!(message(&run, "strict-not-ready").starts_with("going STRICT on `ca-2`"));
}

#[test]
fn class6_status_and_the_gate_count_every_registration() {
    let dir = TempDir::new("round3-status-registrations");
    let current = dir.file("current.json", permissive(""));
    let target = strict(&dir);
    let (updated, issued) = ("2026-11-27T11:00:00Z", "2026-11-27T10:00:00Z");
    let never = r#"{"type": "DataplaneOverview", "mesh": "default", "name": "web-3", "dataplane": {"networking": {"inbound": [{"tags": {"kuma.io/service": "web"}}]}}}"#;
    let state = dir.file(
        "state.json",
        listing(&[
            dp("web-1", "web", updated, issued, r#""ca-1""#),
            dp("api-1", "api", updated, issued, r#""ca-1""#),
            never.to_string(),
        ]),
    );
    let run = json(&[
        "status",
        "--now",
        NOW,
        "--current",
        &current,
        "--state",
        &state,
    ]);
    let services = run.json()["status"]["services"].clone();
    let web = services
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == "web")
        .cloned()
        .unwrap();
    assert_eq!(
        (web["ready"].clone(), web["total"].clone()),
        (1.into(), 2.into()),
        "{services}"
    );
    let run = next(&current, &target, &state, &[]);
    let gate = run.json()["next_step"]["gate"].clone();
    assert!(
        gate["ready"].as_u64() < gate["total"].as_u64(),
        "a blocked gate says {gate}"
    );
}

// Class 7: MeshInsight counts as Kuma defines them.

#[test]
fn class7_mesh_insight_offline_proxies_hold_the_gate_even_with_ignore_offline() {
    let dir = TempDir::new("round3-mesh-insight");
    // Kuma's offline includes connected proxies none of whose inbounds is ready.
    let insight = dir.file(
        "insight.json",
        r#"{"type": "MeshInsight", "name": "default", "dataplanes": {"total": 3, "online": 1, "offline": 2}, "mTLS": {"issuedBackends": {"ca-1": {"total": 1, "online": 1}}, "supportedBackends": {"ca-1": {"total": 1, "online": 1}, "ca-2": {"total": 1, "online": 1}}}}"#,
    );
    for extra in [&[][..], &["--ignore-offline"][..]] {
        let run = switch(&[&insight], extra);
        assert_eq!(
            (run.code, errors(&run)),
            (1, vec!["proxy-state-unknown".to_string()]),
            "{extra:?}: {}",
            run.stdout
        );
        let text = message(&run, "proxy-state-unknown");
        assert!(
            text.starts_with("2 in-scope proxies report no mTLS state"),
            "{text}"
        );
        assert!(text.contains("(1/3 in-scope proxies ready)"), "{text}");
        let (current, target) = (format!("{U}/1-added.yaml"), format!("{U}/2-switched.yaml"));
        let run = next(&current, &target, &insight, extra);
        assert_eq!(
            (run.code, errors(&run)),
            (3, vec!["proxy-state-unknown".to_string()]),
            "{extra:?}"
        );
    }
}

// Class 8: CA identity, complete.

#[test]
fn class8_vault_and_acmpca_servers_and_roots_are_ca_identity() {
    let dir = TempDir::new("round3-identity");
    let vault = |agent: &str| {
        format!(
            "type: Mesh\nname: default\nmtls:\n  enabledBackend: v\n  backends:\n  - name: v\n    type: vault\n    conf:\n      fromCp:\n        address: https://vault:8200\n        agentAddress: {agent}\n        pki: kuma-pki\n        auth:\n          token:\n            secret: vault-token\n"
        )
    };
    let acmpca = |crt: &str| {
        let pem = std::fs::read_to_string(format!("fixtures/ca/{crt}")).unwrap();
        let pem: String = pem.lines().map(|l| format!("          {l}\n")).collect();
        format!(
            "type: Mesh\nname: default\nmtls:\n  enabledBackend: p\n  backends:\n  - name: p\n    type: acmpca\n    conf:\n      arn: arn:aws:acm-pca:eu-west-1:1:certificate-authority/x\n      caCert:\n        inlineString: |\n{pem}"
        )
    };
    let cases = [
        (
            "vault",
            vault("https://agent-1:8200"),
            vault("https://agent-2:8200"),
        ),
        (
            "acmpca",
            acmpca("rsa-2048.crt"),
            acmpca("rotation-ca-2.crt"),
        ),
    ];
    for (name, before, after) in cases {
        let current = dir.file(&format!("{name}-current.yaml"), &before);
        let proposed = dir.file(&format!("{name}-proposed.yaml"), &after);
        let run = json(&[
            "validate",
            "--now",
            "2027-01-01T00:00:00Z",
            &proposed,
            "--current",
            &current,
        ]);
        assert_eq!(
            (run.code, errors(&run)),
            (1, vec!["in-place-ca-change".to_string()]),
            "{name}: {}",
            run.stdout
        );
        assert_eq!(diag(&run, "in-place-ca-change")["path"], "mtls.backends[0]");
        // Unchanged, nothing is said.
        let run = json(&[
            "validate",
            "--now",
            "2027-01-01T00:00:00Z",
            &current,
            "--current",
            &current,
        ]);
        assert_eq!(
            (run.code, run.codes()),
            (0, vec![]),
            "{name}: {}",
            run.stdout
        );
    }
}

#[test]
fn class8_provided_backends_compare_secret_bytes_not_names_or_base64_text() {
    // Valid from 2026-11-27T21:00:20Z: judged after that.
    let at = "2027-01-01T00:00:00Z";
    let validate = |proposed: &str, current: &str| {
        json(&[
            "validate",
            "--now",
            at,
            &format!("{R3}/{proposed}"),
            "--current",
            &format!("{R3}/{current}"),
        ])
    };
    // The same Secret names beside each Mesh, with another CA's bytes.
    let run = validate("provided-secrets-b.yaml", "provided-secrets-a.yaml");
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["in-place-ca-change".to_string()]),
        "{}",
        run.stdout
    );
    assert!(message(&run, "in-place-ca-change").contains("backend `ca-p`"));
    let run = validate("provided-secrets-a.yaml", "provided-secrets-a.yaml");
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
    // The same bytes inline, base64 on one line and wrapped: the same CA.
    for (proposed, current) in [
        (
            "provided-inline-wrapped.yaml",
            "provided-inline-one-line.yaml",
        ),
        (
            "provided-inline-one-line.yaml",
            "provided-inline-wrapped.yaml",
        ),
    ] {
        let run = validate(proposed, current);
        assert_eq!(
            (run.code, run.codes()),
            (0, vec![]),
            "{proposed}: {}",
            run.stdout
        );
    }
    let run = json(&[
        "next-step",
        "--now",
        at,
        "--current",
        &format!("{R3}/provided-inline-one-line.yaml"),
        "--target",
        &format!("{R3}/provided-inline-wrapped.yaml"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.codes().contains(&"in-place-ca-change".to_string()));
}

// Class 9: a proxy that disconnects loses its mTLS in the insight.

/// A proxy that connected, last acknowledged at 11:00, disconnected at 11:30 and left no `mTLS`.
fn gone() -> String {
    format!(
        r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "web-9", "dataplaneInsight": {{"subscriptions": [{{"connectTime": "2026-11-27T08:00:00Z", "disconnectTime": "2026-11-27T11:30:00Z", "status": {{"lastUpdateTime": "2026-11-27T11:00:00Z", "total": {ACKED}}}}}]}}}}"#
    )
}

#[test]
fn status_says_what_the_gates_see_of_rejections_and_lost_records() {
    // Against kuma-cp 2.14: a proxy rejecting every Secret still shows the new backend in its
    // insight, and a stopped proxy's insight loses its mTLS (41 of 43 stops).
    let dir = TempDir::new("round3-status-evidence");
    let current = dir.file("current.json", permissive(""));
    let at = "2026-11-27T11:00:00Z";
    let rejected =
        r#"{"responsesSent": "7", "responsesAcknowledged": "3", "responsesRejected": "4"}"#;
    let state = dir.file(
        "state.json",
        listing(&[
            dp("web-1", "web", at, at, r#""ca-1""#),
            dp_with("web-2", "web", at, at, r#""ca-1""#, rejected),
            gone(),
        ]),
    );
    let run = json(&[
        "status",
        "--now",
        NOW,
        "--current",
        &current,
        "--state",
        &state,
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let status = &run.json()["status"];
    assert_eq!(
        (
            &status["phase"],
            &status["in_scope"],
            &status["offline_unrecorded"],
            &status["unknown"]
        ),
        (&"steady".into(), &3.into(), &1.into(), &0.into()),
        "{status}"
    );
    assert_eq!(
        diag(&run, "config-rejected")["proxies"],
        serde_json::json!(["web-2"])
    );
    let human = meshctl(&[
        "status",
        "--now",
        NOW,
        "--current",
        &current,
        "--state",
        &state,
    ]);
    assert!(
        human
            .stdout
            .contains("(2 connected, 0 disconnected with a valid certificate, 1 disconnected without a certificate record)"),
        "{}",
        human.stdout
    );
    // From MeshInsight counts, a disconnected proxy without mTLS is counted the same way.
    let insight = dir.file(
        "mesh-insight.json",
        r#"{"type": "MeshInsight", "name": "default", "dataplanes": {"total": 4, "online": 3, "offline": 1}, "mTLS": {"issuedBackends": {"ca-1": {"total": 3, "online": 3}}, "supportedBackends": {"ca-1": {"total": 3, "online": 3}}}}"#,
    );
    let run = json(&[
        "status",
        "--now",
        NOW,
        "--current",
        &current,
        "--state",
        &insight,
    ]);
    let status = &run.json()["status"];
    assert_eq!(
        (&status["in_scope"], &status["offline_unrecorded"]),
        (&4.into(), &1.into()),
        "{status}"
    );
}

#[test]
fn class9_a_disconnected_proxy_without_a_certificate_record_holds_the_gate_until_it_expires() {
    let dir = TempDir::new("round3-disconnected");
    let at = "2026-11-27T11:00:00Z";
    let state = dir.file(
        "state.json",
        listing(&[dp("web-1", "web", at, at, BOTH), gone()]),
    );
    // The fixtures with the first `n` dpCert lifetimes (ca-1's, then ca-2's) down to 1h.
    let shorter = |step: &str, n: usize| {
        let text = std::fs::read_to_string(format!("{U}/{step}.yaml")).unwrap();
        let text = text.replacen("expiration: 24h", "expiration: 1h", n);
        dir.file(&format!("{step}-{n}.yaml"), text)
    };
    let (added_1h, switched_1h) = (shorter("1-added", 2), shorter("2-switched", 2));
    let (added_mixed, switched_mixed) = (shorter("1-added", 1), shorter("2-switched", 1));
    let (added, switched) = (format!("{U}/1-added.yaml"), format!("{U}/2-switched.yaml"));
    // The disconnect time plus the longest dpCert lifetime of the backends: 24h, 1h, 24h.
    for (current, proposed, until) in [
        (&added, &switched, "2026-11-28T11:30:00Z"),
        (&added_1h, &switched_1h, "2026-11-27T12:30:00Z"),
        (&added_mixed, &switched_mixed, "2026-11-28T11:30:00Z"),
    ] {
        let run = json(&[
            "validate",
            "--now",
            NOW,
            proposed,
            "--current",
            current,
            "--state",
            &state,
        ]);
        assert_eq!(
            (run.code, errors(&run)),
            (1, vec!["offline-certificate-unknown".to_string()]),
            "{}",
            run.stdout
        );
        let d = diag(&run, "offline-certificate-unknown");
        assert_eq!(d["proxies"], serde_json::json!(["web-9"]));
        let text = d["message"].as_str().unwrap();
        assert!(text.contains(&format!("until at most {until}")), "{text}");
        assert!(message(&run, "proxies-offline").contains(&format!("web-9 until {until}")));
        let run = json(&[
            "next-step",
            "--now",
            NOW,
            "--current",
            current,
            "--target",
            proposed,
            "--state",
            &state,
        ]);
        assert_eq!(
            (run.code, errors(&run)),
            (3, vec!["offline-certificate-unknown".to_string()]),
            "{}",
            run.stdout
        );
    }
    // After that time it no longer counts.
    let run = json(&[
        "validate",
        "--now",
        "2026-11-27T12:30:01Z",
        &switched_1h,
        "--current",
        &added_1h,
        "--state",
        &state,
    ]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    assert!(
        message(&run, "proxies-offline")
            .contains("left out because their certificate has expired: web-9")
    );
}

#[test]
fn class9_a_disconnected_proxy_without_a_certificate_record_holds_the_removal() {
    let dir = TempDir::new("round3-disconnected-removal");
    let state = dir.file("state.json", listing(&[gone()]));
    let (switched, removed) = (
        format!("{U}/2-switched.yaml"),
        format!("{U}/3-removed.yaml"),
    );
    let run = json(&[
        "validate",
        "--now",
        NOW,
        &removed,
        "--current",
        &switched,
        "--state",
        &state,
    ]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["offline-certificate-unknown".to_string()]),
        "{}",
        run.stdout
    );
    assert!(
        message(&run, "offline-certificate-unknown").contains("until at most 2026-11-28T11:30:00Z")
    );
    let run = json(&[
        "next-step",
        "--now",
        NOW,
        "--current",
        &switched,
        "--target",
        &removed,
        "--state",
        &state,
    ]);
    assert_eq!(
        (run.code, errors(&run)),
        (3, vec!["offline-certificate-unknown".to_string()])
    );
    assert_eq!(run.json()["next_step"]["kind"], "remove-backend");
}

// Needless blocks and errors.

#[test]
fn an_overview_and_an_insight_listing_of_the_same_mesh_are_complete_together() {
    let dir = TempDir::new("round3-two-kinds");
    let overview = |name: &str| {
        format!(
            r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "{name}", "dataplaneInsight": {}}}"#,
            insight("default", name)
        )
    };
    let never = r#"{"type": "DataplaneOverview", "mesh": "default", "name": "web-3"}"#.to_string();
    let overviews = dir.file(
        "overview.json",
        listing(&[overview("web-1"), overview("web-2"), never]),
    );
    let insights = dir.file(
        "insights.json",
        listing(&[insight("default", "web-1"), insight("default", "web-2")]),
    );
    for order in [[&overviews, &insights], [&insights, &overviews]] {
        let run = switch(&[order[0], order[1]], &[]);
        assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
        assert!(!run.codes().contains(&"state-incomplete".to_string()));
    }
}

#[test]
fn pages_of_dataplane_insights_holding_several_meshes_are_complete() {
    let dir = TempDir::new("round3-every-mesh");
    let next = "http://127.0.0.1:5681/dataplane-insights?offset=2&size=2";
    let first = dir.file(
        "1.json",
        page(
            &[insight("other", "o-1"), insight("default", "web-1")],
            Some(4),
            Some(next),
        ),
    );
    let second = dir.file(
        "2.json",
        page(
            &[insight("other", "o-2"), insight("default", "web-2")],
            Some(4),
            None,
        ),
    );
    let run = switch(&[&first, &second], &[]);
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
}

#[test]
fn a_dataplane_insights_page_holding_only_another_mesh_completes_the_listing() {
    let dir = TempDir::new("round3-other-mesh-page");
    let next = "http://127.0.0.1:5681/dataplane-insights?offset=2&size=2";
    let first = dir.file(
        "1.json",
        page(
            &[insight("default", "web-1"), insight("other", "o-1")],
            Some(4),
            Some(next),
        ),
    );
    let second = dir.file(
        "2.json",
        page(
            &[insight("other", "o-2"), insight("other", "o-3")],
            Some(4),
            None,
        ),
    );
    let run = switch(&[&first, &second], &[]);
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
}

#[test]
fn a_byte_order_mark_at_the_start_of_a_state_file_is_skipped() {
    let dir = TempDir::new("round3-bom");
    let bom = |name: &str, text: &str| {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        dir.file(name, bytes)
    };
    let read = |p: &str| std::fs::read_to_string(p).unwrap();
    let json_ready = bom(
        "ready.json",
        &listing(&[insight("default", "web-1"), insight("default", "web-2")]),
    );
    let yaml_ready = bom(
        "ready.yaml",
        &read("fixtures/state/overview-yaml/added-ready.yaml"),
    );
    for state in [&json_ready, &yaml_ready] {
        let run = switch(&[state], &[]);
        assert_eq!(
            (run.code, run.codes()),
            (0, vec![]),
            "{state}: {}{}",
            run.stdout,
            run.stderr
        );
    }
    // Read, not skipped: a converging state with a BOM still blocks.
    let yaml_behind = bom(
        "behind.yaml",
        &read("fixtures/state/overview-yaml/added-converging.yaml"),
    );
    let run = switch(&[&yaml_behind], &[]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["new-backend-not-trusted".to_string()])
    );
}

#[test]
fn yaml_merge_keys_in_a_manifest_are_applied() {
    let dir = TempDir::new("round3-merge-keys");
    let current = dir.file(
        "current.yaml",
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: builtin\n    dpCert:\n      rotation:\n        expiration: 24h\n",
    );
    let target = dir.file(
        "target.yaml",
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - &base\n    name: ca-1\n    type: builtin\n    dpCert:\n      rotation:\n        expiration: 24h\n  - <<: *base\n    name: ca-2\n",
    );
    let run = json(&["validate", "--now", NOW, &target]);
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
    let out = dir.0.join("step.yaml").to_string_lossy().into_owned();
    let run = json(&[
        "next-step",
        "--now",
        NOW,
        "--current",
        &current,
        "--target",
        &target,
        "-o",
        &out,
    ]);
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
    assert_eq!(run.json()["next_step"]["kind"], "add-backend");
    let step = std::fs::read_to_string(&out).unwrap();
    assert!(!step.contains("<<") && !step.contains('*'), "{step}");
    assert!(step.contains("- name: ca-2\n    type: builtin\n"), "{step}");
    // The emitted manifest is a valid Mesh, and it is the target.
    let run = json(&["validate", "--now", NOW, &out, "--current", &current]);
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
    let run = json(&[
        "next-step",
        "--now",
        NOW,
        "--current",
        &out,
        "--target",
        &target,
    ]);
    assert_eq!(run.code, 4, "{}", run.stdout);
}

#[test]
fn mesh_and_backend_names_are_judged_as_kuma_judges_them() {
    let dir = TempDir::new("round3-names");
    for name in ["Default", "my_mesh", "mesh-"] {
        let mesh = dir.file("mesh.yaml", format!("type: Mesh\nname: {name}\n"));
        let run = json(&["validate", &mesh]);
        assert_eq!(
            (run.code, run.codes()),
            (1, vec!["invalid-mesh-name".to_string()]),
            "{name}"
        );
        assert!(message(&run, "invalid-mesh-name").contains(&format!("`{name}`")));
    }
    let mtls = "mtls:\n  enabledBackend: ca_1\n  backends:\n  - name: ca_1\n    type: builtin\n";
    let universal = dir.file(
        "universal.yaml",
        format!("type: Mesh\nname: default\n{mtls}"),
    );
    let run = json(&["validate", &universal]);
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
    let indented: String = mtls.lines().map(|l| format!("  {l}\n")).collect();
    let k8s = |name: &str| {
        format!(
            "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata:\n  name: {name}\nspec:\n{indented}"
        )
    };
    let kubernetes = dir.file("kubernetes.yaml", k8s("default"));
    let run = json(&["validate", &kubernetes]);
    assert_eq!(
        (run.code, run.codes()),
        (1, vec!["invalid-backend-name".to_string()]),
        "{}",
        run.stdout
    );
    assert!(message(&run, "invalid-backend-name").contains("`default.ca-builtin-cert-ca_1`"));
    // A mesh name Kuma refuses is blamed on the mesh, not on the CA Secret named after it.
    let payments = dir.file("payments.yaml", k8s("Payments").replace("ca_1", "ca-1"));
    let run = json(&["validate", &payments]);
    assert_eq!(
        (run.code, run.codes()),
        (1, vec!["invalid-mesh-name".to_string()]),
        "{}",
        run.stdout
    );
}

#[test]
fn emitted_universal_json_manifests_drop_server_generated_fields() {
    let dir = TempDir::new("round3-kri");
    let current = dir.file(
        "current.json",
        r#"{"type": "Mesh", "name": "default", "creationTime": "2026-11-01T00:00:00Z", "modificationTime": "2026-11-01T00:00:00Z", "kri": "kri_m____default_", "mtls": {"enabledBackend": "ca-1", "backends": [{"name": "ca-1", "type": "builtin"}]}}"#,
    );
    let target = dir.file(
        "target.json",
        r#"{"type": "Mesh", "name": "default", "mtls": {"enabledBackend": "ca-2", "backends": [{"name": "ca-2", "type": "builtin"}]}}"#,
    );
    let run = json(&[
        "next-step",
        "--now",
        NOW,
        "--current",
        &current,
        "--target",
        &target,
    ]);
    assert_eq!((run.code, run.codes()), (0, vec![]), "{}", run.stdout);
    let manifest = run.json()["next_step"]["manifest"]
        .as_str()
        .unwrap()
        .to_string();
    let value: Value = serde_json::from_str(&manifest).expect("a JSON manifest");
    assert_eq!(value["mtls"]["backends"][1]["name"], "ca-2");
    for field in ["kri", "creationTime", "modificationTime"] {
        assert!(value.get(field).is_none(), "{field} in {manifest}");
    }
}

#[test]
fn a_mesh_synced_from_global_is_not_changed_on_a_zone() {
    let dir = TempDir::new("round3-global-origin");
    let mesh = |origin: &str, backends: &str| {
        format!(
            r#"{{"type": "Mesh", "name": "default", "labels": {{"kuma.io/origin": "{origin}"}}, "mtls": {{"enabledBackend": "ca-1", "backends": [{backends}]}}}}"#
        )
    };
    let one = r#"{"name": "ca-1", "type": "builtin"}"#;
    let two = format!(r#"{one}, {{"name": "ca-2", "type": "builtin"}}"#);
    let current = dir.file("current.json", mesh("global", one));
    let target = dir.file("target.json", mesh("global", &two));
    let run = json(&[
        "next-step",
        "--now",
        NOW,
        "--current",
        &current,
        "--target",
        &target,
    ]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["mesh-managed-by-global".to_string()]),
        "{}",
        run.stdout
    );
    assert!(message(&run, "mesh-managed-by-global").contains("(405)"));
    let help = diag(&run, "mesh-managed-by-global")["help"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(help.contains("global control plane"), "{help}");
    assert!(
        run.json()["next_step"].is_null(),
        "no manifest: {}",
        run.stdout
    );
    // A zone's own Mesh is planned.
    let zone = dir.file("zone.json", mesh("zone", one));
    let target = dir.file("zone-target.json", mesh("zone", &two));
    let run = json(&[
        "next-step",
        "--now",
        NOW,
        "--current",
        &zone,
        "--target",
        &target,
    ]);
    assert_eq!(
        (run.code, run.json()["next_step"]["kind"].clone()),
        (0, "add-backend".into())
    );
}

#[test]
fn kumactl_table_output_as_state_is_an_input_error_that_says_so() {
    let dir = TempDir::new("round3-table");
    let table = dir.file(
        "table.txt",
        "MESH      NAME    TAGS                             STATUS   LAST CONNECTED AGO   LAST UPDATED AGO   TOTAL UPDATES   TOTAL ERRORS   CERT REGENERATED AGO   CERT EXPIRATION       CERT REGENERATIONS   CERT BACKEND   SUPPORTED CERT BACKENDS   KUMA-DP VERSION   ENVOY VERSION\ndefault   web-1   kuma.io/service=web version=v1   Online   2h                   1h                 12              0              1h                     2026-11-28 11:00:00   3                    ca-1           ca-1,ca-2                 2.14.0            1.34.1\n",
    );
    let run = switch(&[&table], &[]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let error = run.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        error.contains("`kumactl inspect dataplanes` table output"),
        "{error}"
    );
    assert!(error.contains("`-o json`"), "{error}");
    let human = meshctl(&[
        "validate",
        "--now",
        NOW,
        &format!("{U}/2-switched.yaml"),
        "--current",
        &format!("{U}/1-added.yaml"),
        "--state",
        &table,
    ]);
    assert_eq!(human.code, 2);
    for out in [&run.stdout, &run.stderr, &human.stdout, &human.stderr] {
        assert!(!out.contains("<redacted>"), "{out}");
    }
    assert!(human.stderr.contains("table output"), "{}", human.stderr);
    // Other kumactl tables (`get`, `inspect zones`) are told by their header too; a document
    // that merely starts with the word NAME is judged as YAML.
    let message = |text: &str| {
        let file = dir.file("other.txt", text);
        let run = switch(&[&file], &[]);
        assert_eq!(run.code, 2, "{}", run.stdout);
        run.json()["error"]["message"].as_str().unwrap().to_string()
    };
    let zones = message("NAME     STATUS   LAST CONNECTED AGO\nzone-1   Online   1h\n");
    assert!(zones.contains("is kumactl's table output"), "{zones}");
    let policies = message("NAME    TYPE    AGE\nallow   MeshTrafficPermission   1h\n");
    assert!(policies.contains("is kumactl's table output"), "{policies}");
    let prose = message("NAME of a proxy\n");
    assert!(!prose.contains("table output"), "{prose}");
}
