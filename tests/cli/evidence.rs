//! README "Evidence": a gate passes only on complete, unambiguous state about this mesh, in
//! every state shape, from files, from a live control plane and from `meshctl snapshot`.

use std::path::Path;

use crate::fake_cp::FakeCp;
use crate::{Run, TempDir, meshctl, meshctl_env};

const NOW: &str = "2026-11-27T12:00:00Z";
const K8S: &str = "fixtures/rotation/kubernetes";
const TARGET: &str = "fixtures/rotation/universal/3-removed.yaml";

/// validate of the switch (1-added -> 2-switched) on `states`.
fn switch(states: &[&str], extra: &[&str]) -> Run {
    let (current, proposed) = (
        format!("{K8S}/1-added.yaml"),
        format!("{K8S}/2-switched.yaml"),
    );
    let mut args = vec![
        "validate",
        "--format",
        "json",
        "--now",
        NOW,
        &proposed,
        "--current",
        &current,
    ];
    for state in states {
        args.extend(["--state", state]);
    }
    args.extend(extra);
    meshctl(&args)
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

fn finding(run: &Run, code: &str) -> serde_json::Value {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("no {code} in {}", run.stdout))
}

fn message(run: &Run, code: &str) -> String {
    finding(run, code)["message"].as_str().unwrap().to_string()
}

/// How many times the fake's proxy listing was read from its start.
fn listings_read(cp: &FakeCp) -> usize {
    cp.with(|f| {
        f.requests
            .iter()
            .filter(|r| {
                r.starts_with("/meshes/default/dataplanes/_overview") && !r.contains("offset=")
            })
            .count()
    })
}

#[test]
fn a_first_page_is_refused_in_every_shape_that_declares_a_total() {
    let dir = TempDir::new("evidence-pages");
    // Every proxy of the first page is ready; the listing declares 300 proxies.
    let proxy = |i: usize| {
        format!(
            r#"{{"type":"DataplaneOverview","mesh":"default","name":"dp-{i}","dataplaneInsight":{{"subscriptions":[{{"connectTime":"2026-11-27T08:00:00Z"}}],"mTLS":{{"issuedBackend":"ca-1","supportedBackends":["ca-1","ca-2"],"certificateExpirationTime":"2026-11-28T08:00:00Z"}}}}}}"#
        )
    };
    let flat = |i: usize| {
        format!(
            r#"{{"type":"DataplaneInsight","mesh":"default","name":"dp-{i}","subscriptions":[{{"connectTime":"2026-11-27T08:00:00Z"}}],"mTLS":{{"issuedBackend":"ca-1","supportedBackends":["ca-1","ca-2"]}}}}"#
        )
    };
    let page = |item: &dyn Fn(usize) -> String| {
        let items: Vec<String> = (0..100).map(item).collect();
        format!(
            r#"{{"total": 300, "items": [{}], "next": "http://127.0.0.1:5681/meshes/default/dataplanes/_overview?offset=100"}}"#,
            items.join(",")
        )
    };
    let overview = dir.file("overview.json", page(&proxy));
    let insights = dir.file("insights.json", page(&flat));
    // The YAML kumactl prints, counters as strings.
    let yaml_items: String = (0..100)
        .map(|i| format!("- type: DataplaneOverview\n  mesh: default\n  name: dp-{i}\n  dataplaneInsight:\n    subscriptions:\n    - connectTime: \"2026-11-27T08:00:00Z\"\n    mTLS:\n      issuedBackend: ca-1\n      supportedBackends: [ca-1, ca-2]\n"))
        .collect();
    let yaml = dir.file(
        "overview.yaml",
        format!("items:\n{yaml_items}next: null\ntotal: \"300\"\n"),
    );
    for state in [&overview, &insights, &yaml] {
        let run = switch(&[state], &[]);
        assert_eq!(
            (run.code, errors(&run)),
            (1, vec!["state-incomplete".to_string()]),
            "{state}"
        );
        assert_eq!(
            message(&run, "state-incomplete"),
            "read 100 of 300 proxies of mesh `default` (kumactl inspect prints the first page only)"
        );
    }
}

#[test]
fn a_kubernetes_list_page_and_a_mesh_insight_that_counts_more_are_incomplete() {
    let dir = TempDir::new("evidence-k8s");
    let ready = std::fs::read_to_string("fixtures/state/k8s-list/added-ready.yaml").unwrap();
    let page = dir.file(
        "page.yaml",
        ready.replace("  resourceVersion: \"\"", "  resourceVersion: \"\"\n  continue: eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ\n  remainingItemCount: 250"),
    );
    let run = switch(&[&page], &[]);
    assert_eq!(errors(&run), ["state-incomplete"], "{}", run.stdout);
    assert!(message(&run, "state-incomplete").contains("one page of a longer one"));
    // The whole list passes.
    let run = switch(&["fixtures/state/k8s-list/added-ready.yaml"], &[]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);

    // A MeshInsight that counts 40 proxies beside a listing of 7: some were not read.
    let insight = dir.file(
        "insight.json",
        r#"{"type":"MeshInsight","name":"default","dataplanes":{"total":40,"online":36,"offline":4}}"#,
    );
    let run = switch(&["fixtures/state/overview/added-ready.json", &insight], &[]);
    assert!(
        errors(&run).contains(&"state-incomplete".to_string()),
        "{}",
        run.stdout
    );
    assert_eq!(
        message(&run, "state-incomplete"),
        "the MeshInsight of mesh `default` counts 40 proxies, the per-proxy state has 7"
    );
}

#[test]
fn two_pages_that_make_the_whole_listing_pass_and_totals_that_differ_do_not() {
    let pages = [
        "fixtures/state/pages/added-ready-1.json",
        "fixtures/state/pages/added-ready-2.json",
    ];
    let run = switch(&pages, &[]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    // The second page read while a proxy was deleted declares 7: the listing changed.
    let dir = TempDir::new("evidence-totals");
    let second =
        std::fs::read_to_string(pages[1])
            .unwrap()
            .replacen("\"total\": 8", "\"total\": 7", 1);
    let second = dir.file("page-2.json", second);
    let run = switch(&[pages[0], &second], &[]);
    assert_eq!(errors(&run), ["state-incomplete"], "{}", run.stdout);
    assert!(message(&run, "state-incomplete").contains("declare different totals (7, 8)"));
}

#[test]
fn copies_of_a_proxy_count_as_ready_only_if_every_copy_is() {
    // added-ready and added-converging list the same proxies; two of them lag in the second.
    // Insight listings leave out the proxy that never connected: 6 copies there, 7 in overviews.
    for (shape, ext, copies) in [
        ("overview", "json", 7),
        ("overview-yaml", "yaml", 7),
        ("dataplane-insights", "json", 6),
        ("k8s-list", "yaml", 6),
    ] {
        let ready = format!("fixtures/state/{shape}/added-ready.{ext}");
        let converging = format!("fixtures/state/{shape}/added-converging.{ext}");
        for order in [[&ready, &converging], [&converging, &ready]] {
            let run = switch(&[order[0], order[1]], &[]);
            assert_eq!(errors(&run), ["new-backend-not-trusted"], "{order:?}");
            assert_eq!(
                message(&run, "duplicate-proxies"),
                format!(
                    "merged {copies} repeated copies of proxies read from overlapping files or pages: a proxy counts as ready only if every copy of it is"
                ),
                "{shape}"
            );
        }
    }
}

#[test]
fn a_mesh_insight_and_proxies_together_must_both_hold() {
    let dir = TempDir::new("evidence-both");
    // The listing is ready; the MeshInsight still counts two proxies without ca-2.
    let run = switch(
        &[
            "fixtures/state/overview/added-ready.json",
            "fixtures/state/mesh-insight/added-converging.json",
        ],
        &[],
    );
    assert_eq!(errors(&run), ["new-backend-not-trusted"], "{}", run.stdout);
    assert!(message(&run, "new-backend-not-trusted").contains("from MeshInsight counts"));
    // Both ready: passes.
    let run = switch(
        &[
            "fixtures/state/overview/added-ready.json",
            "fixtures/state/mesh-insight/added-ready.json",
        ],
        &[],
    );
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    // Partially degraded proxies are connected: without mTLS counts they are unknown.
    let insight = dir.file(
        "degraded.json",
        r#"{"type":"MeshInsight","name":"default","dataplanes":{"total":3,"online":1,"partiallyDegraded":2},"mTLS":{"issuedBackends":{"ca-1":{"total":1,"online":1}},"supportedBackends":{"ca-1":{"total":1,"online":1},"ca-2":{"total":1,"online":1}}}}"#,
    );
    let run = switch(&[&insight], &[]);
    assert_eq!(errors(&run), ["proxy-state-unknown"], "{}", run.stdout);
    assert!(
        message(&run, "proxy-state-unknown").starts_with("2 in-scope proxies report no mTLS state")
    );
    let run = switch(&[&insight], &["--ignore-offline"]);
    assert_eq!(
        errors(&run),
        ["proxy-state-unknown"],
        "--ignore-offline keeps degraded proxies"
    );
}

#[test]
fn a_proxy_without_the_field_a_gate_reads_is_unknown() {
    let dir = TempDir::new("evidence-known");
    let item = |mtls: &str| {
        format!(
            r#"{{"total":1,"items":[{{"type":"DataplaneOverview","mesh":"default","name":"dp-0","dataplaneInsight":{{"subscriptions":[{{"connectTime":"2026-11-27T08:00:00Z"}}],"mTLS":{{{mtls}}}}}}}]}}"#
        )
    };
    let no_issuer = dir.file(
        "no-issuer.json",
        item(r#""supportedBackends":["ca-1","ca-2"]"#),
    );
    let no_bundle = dir.file("no-bundle.json", item(r#""issuedBackend":"ca-2""#));
    // The removal gate reads issuedBackend.
    let removal = |state: &str| {
        meshctl(&[
            "validate",
            "--format",
            "json",
            "--now",
            NOW,
            &format!("{K8S}/3-removed.yaml"),
            "--current",
            &format!("{K8S}/2-switched.yaml"),
            "--state",
            state,
        ])
    };
    assert_eq!(errors(&removal(&no_issuer)), ["proxy-state-unknown"]);
    assert_eq!(errors(&removal(&no_bundle)), Vec::<String>::new());
    // The switch gate reads supportedBackends.
    assert_eq!(errors(&switch(&[&no_bundle], &[])), ["proxy-state-unknown"]);
    assert_eq!(errors(&switch(&[&no_issuer], &[])), Vec::<String>::new());
}

#[test]
fn live_mode_rereads_a_listing_that_changed_while_paged() {
    let cp = FakeCp::start(7);
    cp.with(|f| {
        f.converge_per_poll = 7;
        f.churn = 1;
    });
    let live = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend([
            "--control-plane",
            &cp.url,
            "--mesh",
            "default",
            "--format",
            "json",
        ]);
        meshctl(&all)
    };
    let run = live(&["status"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(listings_read(&cp), 2, "read once more from the start");
    // Changing on both reads: an ungated step (adding ca-2) is not held, but says so.
    cp.with(|f| f.churn = 2);
    let run = live(&["next-step", "--target", TARGET]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(finding(&run, "state-incomplete")["severity"], "warning");
    // The switch is gated: refused on a listing that kept changing (a fresh mesh of seven).
    let added = run.json()["next_step"]["manifest"]
        .as_str()
        .unwrap()
        .to_string();
    let cp = FakeCp::start(7);
    cp.apply(&added);
    cp.with(|f| {
        f.converge_per_poll = 7;
        f.churn = 2;
    });
    let run = meshctl(&[
        "next-step",
        "--target",
        TARGET,
        "--control-plane",
        &cp.url,
        "--mesh",
        "default",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.codes().contains(&"state-incomplete".to_string()),
        "{}",
        run.stdout
    );
}

#[test]
fn a_snapshot_is_one_complete_file_for_current_and_state() {
    let cp = FakeCp::start(7);
    cp.with(|f| f.converge_per_poll = 7);
    let dir = TempDir::new("evidence-snapshot");
    let out = dir.0.join("snap.json").to_string_lossy().into_owned();
    let snapshot = |extra: &[&str]| {
        let mut args = vec!["snapshot", "--control-plane", &cp.url, "--mesh", "default"];
        args.extend(extra);
        meshctl(&args)
    };
    let run = snapshot(&["-o", &out]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("the Mesh and 7 of 7 proxies, written to"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["total"], 7);
    assert_eq!(
        value["items"].as_array().unwrap().len(),
        9,
        "the Mesh, the standalone control plane's own zone and 7 proxies"
    );
    assert_eq!(value["items"][0]["type"], "Mesh");
    assert_eq!(value["meshctl"]["mesh"], "default");
    // Every command runs on it: the current Mesh and the state from one file.
    let run = meshctl(&[
        "next-step",
        "--current",
        &out,
        "--state",
        &out,
        "--target",
        TARGET,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["next_step"]["kind"], "add-backend");
    let run = meshctl(&[
        "status",
        "--current",
        &out,
        "--state",
        &out,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Without -o it goes to stdout, and no spooled copy is left behind.
    let spool = TempDir::new("evidence-snapshot-spool");
    let run = meshctl_env(
        &["snapshot", "--control-plane", &cp.url, "--mesh", "default"],
        &[("TMPDIR", spool.0.to_str().unwrap())],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()["total"],
        7
    );
    assert_eq!(std::fs::read_dir(&spool.0).unwrap().count(), 0);
    // A listing that changed once is read again, and the file holds the second reading only.
    cp.with(|f| f.churn = 1);
    let run = snapshot(&["-o", &out]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(value["total"], 6);
    let names: Vec<&str> = value["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["type"] == "DataplaneOverview")
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dp-1", "dp-2", "dp-3", "dp-4", "dp-5", "dp-6"]);
    // A listing that keeps changing is refused, and nothing (not even an older file) is left.
    cp.with(|f| f.churn = 2);
    let run = snapshot(&["-o", &out, "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.codes(), ["state-incomplete"]);
    assert!(!Path::new(&out).exists());
    // Nor the temporary file the items were streamed to.
    let left: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Same errors as live mode.
    let run = meshctl(&["snapshot", "--mesh", "default"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--control-plane URL"), "{}", run.stderr);
}

/// Kuma sorts a listing by name and slices it at the offset on every request
/// (`pkg/core/resources/store/pagination_store.go`, release-2.14): a proxy deleted before a page
/// boundary while another is added after it (a rolling restart) shifts the next page by one and
/// keeps every total. meshctl asks each page from one item before the offset `next` names; the
/// item read twice shows the shift, and the listing is read again.
#[test]
fn live_mode_sees_a_listing_that_shifted_while_every_total_stayed() {
    let cp = FakeCp::start(7);
    // Every proxy trusts ca-2 but `dp-3`, the first of the second page of three.
    cp.with(|f| {
        f.converge_per_poll = 0;
        f.mesh["mtls"]["backends"] = serde_json::json!([
            {"name": "ca-1", "type": "builtin"},
            {"name": "ca-2", "type": "builtin"}
        ]);
        for p in &mut f.proxies {
            p.supported = vec!["ca-1".into(), "ca-2".into()];
        }
        f.proxies[3].supported = vec!["ca-1".into()];
        f.swap = 1;
    });
    // The twin, a reader of the offsets `next` names: the first page is dp-0 to dp-2; once
    // dp-0 is gone (and dp-0-new added last), the page at offset 3 starts at dp-4, and dp-3 is
    // on no page while every total is 7.
    let after_shift: Vec<String> =
        cp.with(|f| f.proxies.iter().skip(1).map(|p| p.name.clone()).collect());
    assert_eq!(after_shift[3..], ["dp-4", "dp-5", "dp-6"]);
    let next = || {
        meshctl(&[
            "next-step",
            "--target",
            TARGET,
            "--control-plane",
            &cp.url,
            "--mesh",
            "default",
            "--format",
            "json",
        ])
    };
    let run = next();
    // Read again after the shift, dp-3 holds the switch.
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert_eq!(errors(&run), ["new-backend-not-trusted"], "{}", run.stdout);
    assert_eq!(
        finding(&run, "new-backend-not-trusted")["proxies"],
        serde_json::json!(["dp-3"]),
        "{}",
        run.stdout
    );
    assert_eq!(listings_read(&cp), 2, "read once more from the start");
    // Shifting on both reads: `state-incomplete`, naming the page that did not start where the
    // one before ended.
    cp.with(|f| f.swap = 2);
    let run = next();
    assert!(
        errors(&run).contains(&"state-incomplete".to_string()),
        "{}",
        run.stdout
    );
    assert!(
        message(&run, "state-incomplete")
            .contains("did not start with the last proxy of the page before it"),
        "{}",
        run.stdout
    );
}
