//! Observed proxy state: every shape Kuma prints, merged pages, scope of disconnected proxies,
//! and the gate rules on the switch and the removal.

use crate::{Run, TempDir, meshctl};

const NOW: &str = "2026-11-27T12:00:00Z";
const K8S: &str = "fixtures/rotation/kubernetes";
const SHAPES: [(&str, &str); 5] = [
    ("overview", "json"),
    ("overview-yaml", "yaml"),
    ("dataplane-insights", "json"),
    ("k8s-list", "yaml"),
    ("mesh-insight", "json"),
];

fn gate(from: &str, to: &str, states: &[String], extra: &[&str]) -> Run {
    let current = format!("{K8S}/{from}.yaml");
    let proposed = format!("{K8S}/{to}.yaml");
    let mut args = vec![
        "validate",
        "--format",
        "json",
        &proposed,
        "--current",
        &current,
    ];
    if !extra.contains(&"--now") {
        args.extend(["--now", NOW]);
    }
    for state in states {
        args.extend(["--state", state.as_str()]);
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

fn diagnostic(run: &Run, code: &str) -> serde_json::Value {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {}", run.stdout))
        .clone()
}

#[test]
fn switch_and_removal_gates_in_every_shape() {
    for (shape, ext) in SHAPES {
        let state = |stage: &str| vec![format!("fixtures/state/{shape}/{stage}.{ext}")];
        let run = gate("1-added", "2-switched", &state("added-ready"), &[]);
        // MeshInsight counts cannot tell a registration that never connected from a proxy
        // whose certificate record Kuma cleared when it disconnected: the one proxy counted
        // without mTLS stays unknown.
        let holds: Vec<String> = if shape == "mesh-insight" {
            vec!["proxy-state-unknown".to_string()]
        } else {
            vec![]
        };
        assert_eq!(
            (run.code, errors(&run)),
            (u8::from(!holds.is_empty()) as i32, holds.clone()),
            "{shape} switch holds: {}",
            run.stdout
        );

        let run = gate("1-added", "2-switched", &state("added-converging"), &[]);
        let mut expected = vec!["new-backend-not-trusted".to_string()];
        if shape == "mesh-insight" {
            expected.push("proxy-state-unknown".to_string());
        }
        assert_eq!((run.code, errors(&run)), (1, expected), "{shape}");
        let d = diagnostic(&run, "new-backend-not-trusted");
        // The counts also count the one proxy without mTLS, unknown there.
        let ready = if shape == "mesh-insight" {
            "(4/7"
        } else {
            "(4/6"
        };
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{ready} in-scope proxies ready)")),
            "{shape}: {d}"
        );
        assert_eq!(d["path"], "spec.mtls.enabledBackend");
        if shape != "mesh-insight" {
            let names: Vec<_> = d["proxies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_string())
                .collect();
            let expected = if shape == "k8s-list" {
                ["billing-5-7d9f8.shop", "billing-6-7d9f8.shop"]
            } else {
                ["billing-5", "billing-6"]
            };
            assert_eq!(names, expected, "{shape}");
        }

        let run = gate("2-switched", "3-removed", &state("switched-ready"), &[]);
        assert_eq!(
            (run.code, errors(&run)),
            (u8::from(!holds.is_empty()) as i32, holds.clone()),
            "{shape} removal holds: {}",
            run.stdout
        );

        let run = gate(
            "2-switched",
            "3-removed",
            &state("switched-converging"),
            &[],
        );
        let mut expected = vec!["old-backend-still-issued".to_string()];
        expected.extend(holds.iter().cloned());
        assert_eq!((run.code, errors(&run)), (1, expected), "{shape}");
        let d = diagnostic(&run, "old-backend-still-issued");
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains("2 in-scope proxies still hold certificates"),
            "{shape}: {d}"
        );

        // The removal gate does not hold before the switch has reached anyone.
        let run = gate("2-switched", "3-removed", &state("added-ready"), &[]);
        assert_eq!(run.code, 1, "{shape}");
    }
}

#[test]
fn pages_of_one_listing_are_merged() {
    let pages = |stage: &str| {
        vec![
            format!("fixtures/state/pages/{stage}-1.json"),
            format!("fixtures/state/pages/{stage}-2.json"),
        ]
    };
    let run = gate("1-added", "2-switched", &pages("added-ready"), &[]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    let run = gate("1-added", "2-switched", &pages("added-converging"), &[]);
    assert_eq!(errors(&run), ["new-backend-not-trusted"]);
    // The first page alone holds only ready proxies: the blocking ones are on page two, so a
    // gate on it would be a lie. It is refused, whatever page it is, saying what was read.
    for page in pages("added-converging") {
        let run = gate("1-added", "2-switched", std::slice::from_ref(&page), &[]);
        assert_eq!(run.code, 1, "{page}: {}", run.stdout);
        assert!(
            errors(&run).contains(&"state-incomplete".to_string()),
            "{page}"
        );
        let d = diagnostic(&run, "state-incomplete");
        assert_eq!(
            d["message"],
            "read 4 of 8 proxies of mesh `default` (kumactl inspect prints the first page only)",
            "{page}"
        );
    }
    // The same page twice is still four proxies, merged.
    let first = pages("added-ready")[0].clone();
    let run = gate("1-added", "2-switched", &[first.clone(), first], &[]);
    assert_eq!(errors(&run), ["state-incomplete"]);
    assert!(run.codes().contains(&"duplicate-proxies".to_string()));
}

#[test]
fn items_larger_than_a_read_are_each_read_once_across_the_blocks() {
    // 400 items of 9 KiB (3.6 MB: several of the reader's 1 MiB blocks, each boundary cutting an
    // item), one of them not yet trusting ca-2, pretty-printed as kumactl prints them.
    let dir = TempDir::new("large-items");
    let pad = "x".repeat(9000);
    let items: Vec<String> = (0..400)
        .map(|i| {
            let supported = if i == 250 { r#""ca-1""# } else { r#""ca-1", "ca-2""# };
            format!(
                "    {{\n      \"type\": \"DataplaneOverview\",\n      \"mesh\": \"default\",\n      \"name\": \"dp-{i}\",\n      \"note\": \"{pad}\",\n      \"dataplane\": {{\"networking\": {{\"inbound\": [{{\"tags\": {{\"kuma.io/service\": \"web\"}}}}]}}}},\n      \"dataplaneInsight\": {{\"subscriptions\": [{{\"connectTime\": \"2026-11-27T08:00:00Z\"}}], \"mTLS\": {{\"issuedBackend\": \"ca-1\", \"supportedBackends\": [{supported}]}}}}\n    }}"
            )
        })
        .collect();
    let state = dir.file(
        "state.json",
        format!(
            "{{\n  \"total\": 400,\n  \"items\": [\n{}\n  ]\n}}\n",
            items.join(",\n")
        ),
    );
    let run = gate("1-added", "2-switched", &[state], &[]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["new-backend-not-trusted".to_string()]),
        "{}",
        run.stdout
    );
    assert_eq!(
        diagnostic(&run, "new-backend-not-trusted")["proxies"],
        serde_json::json!(["dp-250"])
    );
}

#[test]
fn a_disconnected_proxy_with_a_valid_certificate_blocks_and_is_named() {
    let state = vec!["fixtures/state/overview/added-offline-valid.json".to_string()];
    let run = gate("1-added", "2-switched", &state, &[]);
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["new-backend-not-trusted".to_string()])
    );
    assert_eq!(
        diagnostic(&run, "new-backend-not-trusted")["proxies"],
        serde_json::json!(["legacy-batch"])
    );
    let offline = diagnostic(&run, "proxies-offline");
    assert_eq!(offline["severity"], "warning");
    assert!(
        offline["message"]
            .as_str()
            .unwrap()
            .contains("legacy-batch until 2026-11-28T11:00:00Z"),
        "{offline}"
    );

    // --ignore-offline lets it pass, with the warning saying it was left out.
    let run = gate("1-added", "2-switched", &state, &["--ignore-offline"]);
    assert_eq!((run.code, errors(&run)), (0, vec![]));
    let offline = diagnostic(&run, "proxies-offline");
    assert!(
        offline["message"]
            .as_str()
            .unwrap()
            .contains("1 left out by --ignore-offline: legacy-batch"),
        "{offline}"
    );
}

#[test]
fn a_disconnected_proxy_with_an_expired_certificate_drops_out() {
    let state = vec!["fixtures/state/overview/added-offline-expired.json".to_string()];
    let run = gate("1-added", "2-switched", &state, &[]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    let offline = diagnostic(&run, "proxies-offline");
    assert!(
        offline["message"]
            .as_str()
            .unwrap()
            .contains("1 left out because their certificate has expired: legacy-batch"),
        "{offline}"
    );
    // After the certificate's expiry time the valid one drops out too.
    let state = vec!["fixtures/state/overview/added-offline-valid.json".to_string()];
    let later = ["--now", "2026-11-29T00:00:00Z"];
    let run = gate("1-added", "2-switched", &state, &later);
    assert!(
        !errors(&run).contains(&"new-backend-not-trusted".to_string()),
        "{}",
        run.stdout
    );
}

/// kumactl's and the REST API's shapes: the project's own files in those shapes, and Kuma's own
/// printed output when `../shared` is beside the repository.
struct KumactlShapes {
    dplanes_json: String,
    dplanes_yaml: String,
    other_mesh_page: String,
    other_mesh: &'static str,
    other_items: usize,
    meshes: String,
    /// The `--now` at which the listed certificates are valid.
    now: &'static str,
    /// The connected proxies, in listing order.
    connected: [&'static str; 3],
    /// The connected proxies of the MeshInsight of `default`.
    mesh_insight_total: usize,
}

#[test]
fn kumactl_shapes_read_as_they_are() {
    let own = |f: &str| format!("fixtures/state/kumactl/{f}");
    kumactl_shapes(&KumactlShapes {
        dplanes_json: own("inspect-dataplanes.json"),
        dplanes_yaml: own("inspect-dataplanes.yaml"),
        other_mesh_page: own("rest-orders-dataplanes.json"),
        other_mesh: "orders",
        other_items: 2,
        meshes: own("inspect-meshes.json"),
        now: NOW,
        connected: ["shop-frontend", "shop-cart", "shop-batch"],
        mesh_insight_total: 40,
    });
}

#[test]
#[cfg_attr(
    not(shared_reference),
    ignore = "needs ../shared/reference (Kuma's own files beside the repository)"
)]
fn kumas_own_kumactl_output_reads_as_it_is() {
    let Some(reference) = crate::shared_reference("kuma") else {
        return;
    };
    let file = |f: &str| reference.join(f).to_string_lossy().into_owned();
    kumactl_shapes(&KumactlShapes {
        dplanes_json: file("kumactl-inspect-dataplanes.golden.json"),
        dplanes_yaml: file("kumactl-inspect-dataplanes.golden.yaml"),
        other_mesh_page: file("rest-meshes_mesh1_dataplanes_insights.json"),
        other_mesh: "mesh1",
        other_items: 4,
        meshes: file("kumactl-inspect-meshes.golden.json"),
        now: "2019-08-01T00:00:00Z",
        connected: ["experiment", "degraded-dp", "offline-dp"],
        mesh_insight_total: 100,
    });
}

fn kumactl_shapes(shapes: &KumactlShapes) {
    let uni = |s: &str| format!("fixtures/rotation/universal/{s}.yaml");
    let validate = |proposed: &str, current: &str, state: &str| {
        meshctl(&[
            "validate",
            "--format",
            "json",
            "--now",
            shapes.now,
            proposed,
            "--current",
            current,
            "--state",
            state,
        ])
    };
    for file in [&shapes.dplanes_json, &shapes.dplanes_yaml] {
        // Every connected proxy trusts ca-1 and ca-2 and holds ca-1 certificates, but its
        // subscriptions count rejected responses (Kuma's own example counts them): Envoy may run
        // an earlier bundle, so the switch waits for each, naming why.
        let run = validate(&uni("2-switched"), &uni("1-added"), file);
        assert_eq!(
            (run.code, errors(&run)),
            (1, vec!["new-backend-not-trusted".to_string()]),
            "{file}: {}",
            run.stdout
        );
        let d = diagnostic(&run, "new-backend-not-trusted");
        assert_eq!(d["proxies"], serde_json::json!(shapes.connected), "{file}");
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains("rejected a response"),
            "{d}"
        );
        let run = validate(&uni("3-removed"), &uni("2-switched"), file);
        assert_eq!(errors(&run), ["old-backend-still-issued"], "{file}");
        let d = diagnostic(&run, "old-backend-still-issued");
        assert_eq!(d["proxies"], serde_json::json!(shapes.connected), "{file}");
    }
    // A page of another mesh holds no proxy of mesh `default`.
    let run = meshctl(&[
        "validate",
        "--format",
        "json",
        &uni("1-added"),
        "--state",
        &shapes.other_mesh_page,
    ]);
    assert_eq!(run.code, 0);
    let skipped = format!("{} items of other meshes were skipped", shapes.other_items);
    assert!(
        diagnostic(&run, "state-empty")["message"]
            .as_str()
            .unwrap()
            .contains(&skipped),
        "{}",
        run.stdout
    );
    // Its proxies connected but none has mTLS: they are unknown to a gate.
    let dir = TempDir::new(&format!("other-mesh-{}", shapes.other_mesh));
    let mesh = shapes.other_mesh;
    let current = dir.file("c.yaml", format!("type: Mesh\nname: {mesh}\nmtls:\n  enabledBackend: a\n  backends: [{{name: a, type: builtin}}, {{name: b, type: builtin}}]\n"));
    let proposed = dir.file("p.yaml", format!("type: Mesh\nname: {mesh}\nmtls:\n  enabledBackend: b\n  backends: [{{name: a, type: builtin}}, {{name: b, type: builtin}}]\n"));
    let run = validate(&proposed, &current, &shapes.other_mesh_page);
    assert_eq!(errors(&run), ["proxy-state-unknown"], "{}", run.stdout);
    // A MeshInsight list without mTLS counts: every proxy is unknown (Kuma's offline includes
    // connected proxies, and a disconnected one may have lost its certificate record).
    let run = meshctl(&[
        "validate",
        "--format",
        "json",
        &format!("{K8S}/2-switched.yaml"),
        "--current",
        &format!("{K8S}/1-added.yaml"),
        "--state",
        &shapes.meshes,
    ]);
    assert_eq!(errors(&run), ["proxy-state-unknown"]);
    let online = format!("{} in-scope proxies", shapes.mesh_insight_total);
    assert!(
        diagnostic(&run, "proxy-state-unknown")["message"]
            .as_str()
            .unwrap()
            .starts_with(&online),
        "{}",
        run.stdout
    );
}

#[test]
fn state_findings_kri_stale_expired_permissive() {
    let dir = TempDir::new("findings");
    let item = |name: &str, issued: &str, supported: &str, expires: &str| {
        format!(
            r#"{{"type":"DataplaneOverview","mesh":"default","name":"{name}","dataplane":{{"networking":{{"inbound":[{{"tags":{{"kuma.io/service":"web"}}}}]}}}},"dataplaneInsight":{{"subscriptions":[{{"connectTime":"2026-11-27T08:00:00Z"}}],"mTLS":{{"certificateExpirationTime":"{expires}","lastCertificateRegeneration":"2026-11-27T09:00:00Z","issuedBackend":"{issued}","supportedBackends":[{supported}]}}}}}}"#
        )
    };
    let state = dir.file(
        "state.json",
        format!(
            r#"{{"total":3,"items":[{},{},{}],"next":null}}"#,
            item(
                "kri-1",
                "kri_mid_default_zone_ns_id_",
                r#""kri_mtrust_default___trust_""#,
                "2026-11-28T00:00:00Z"
            ),
            item(
                "expired-1",
                "ca-1",
                r#""ca-1","ca-2""#,
                "2026-11-27T10:00:00Z"
            ),
            item("ok-1", "ca-1", r#""ca-1","ca-2""#, "2026-11-28T00:00:00Z"),
        ),
    );
    let current = dir.file(
        "current.yaml",
        "type: Mesh\nname: default\nmodificationTime: \"2026-11-27T10:30:00Z\"\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - {name: ca-1, type: builtin}\n  - {name: ca-2, type: builtin, mode: PERMISSIVE}\n",
    );
    let proposed = dir.file(
        "proposed.yaml",
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-2\n  backends:\n  - {name: ca-1, type: builtin}\n  - {name: ca-2, type: builtin, mode: PERMISSIVE}\n",
    );
    let run = meshctl(&[
        "validate",
        "--format",
        "json",
        "--now",
        NOW,
        &proposed,
        "--current",
        &current,
        "--state",
        &state,
    ]);
    let codes = run.codes();
    for code in [
        "mesh-identity-managed",
        "insight-stale",
        "proxy-cert-expired",
        "permissive-plaintext-window",
        "mode-mismatch",
        "new-backend-not-trusted",
    ] {
        assert!(
            codes.contains(&code.to_string()),
            "{code} missing from {codes:?}"
        );
    }
    assert_eq!(
        diagnostic(&run, "mesh-identity-managed")["proxies"],
        serde_json::json!(["kri-1"])
    );
    assert_eq!(
        diagnostic(&run, "proxy-cert-expired")["proxies"],
        serde_json::json!(["expired-1"])
    );
    assert_eq!(diagnostic(&run, "insight-stale")["severity"], "warning");
    // Certificates regenerated before the Mesh's last change cannot witness it: the switch waits
    // for evidence that postdates it, whatever supportedBackends lists.
    let d = diagnostic(&run, "new-backend-not-trusted");
    assert_eq!(
        d["proxies"],
        serde_json::json!(["kri-1", "expired-1", "ok-1"])
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("2 report evidence older than the Mesh's last change (2026-11-27T10:30:00Z): expired-1, ok-1"),
        "{d}"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn bad_state_is_an_input_error_naming_file_and_place() {
    let dir = TempDir::new("badstate");
    let proposed = format!("{K8S}/2-switched.yaml");
    let current = format!("{K8S}/1-added.yaml");
    let good = std::fs::read_to_string("fixtures/state/overview/added-ready.json").unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "truncated.json",
            good[..good.len() / 2].to_string(),
            "unexpected end of file",
        ),
        (
            "types.json",
            good.replacen(
                "\"supportedBackends\": [",
                "\"supportedBackends\": 5, \"x\": [",
                1,
            ),
            "items[0]: invalid type: integer `5`",
        ),
        (
            "time.json",
            good.replacen("2026-11-28T11:00:00Z", "tomorrow", 1),
            "items[0]: \"tomorrow\" is not an RFC 3339 timestamp",
        ),
        (
            "counter.json",
            r#"{"type":"MeshInsight","name":"default","dataplanes":{"total":"many"}}"#.to_string(),
            "expected a count, found \"many\"",
        ),
        (
            "mesh.json",
            std::fs::read_to_string("fixtures/rotation/json/0-current.json").unwrap(),
            "the document is `type: Mesh`, not proxy state",
        ),
        (
            "list.json",
            "[1, 2]".to_string(),
            "a bare JSON list is not proxy state",
        ),
        ("empty.json", "".to_string(), "is empty"),
        (
            "nothing.json",
            "{\"foo\": 1}".to_string(),
            "holds no `items` and no insight",
        ),
        (
            "item.json",
            r#"{"items":[{"type":"Deployment"}]}"#.to_string(),
            "items[0]: this item is `type: Deployment`, not proxy state",
        ),
        (
            "yaml.yaml",
            "items:\n- name: a\n  mTLS: [\n".to_string(),
            "yaml.yaml:",
        ),
    ];
    for (name, text, needle) in cases {
        let path = dir.file(name, text);
        let run = meshctl(&[
            "validate",
            &proposed,
            "--current",
            &current,
            "--state",
            &path,
        ]);
        assert_eq!(run.code, 2, "{name}: {}", run.stdout);
        assert!(
            run.stderr.contains(name) && run.stderr.contains(needle),
            "{name}: expected {needle:?} in {}",
            run.stderr
        );
    }
    let run = meshctl(&[
        "validate",
        &proposed,
        "--current",
        &current,
        "--state",
        "fixtures/state/overview/added-ready.json",
        "--now",
        "yesterday",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--now `yesterday` is not an RFC 3339 timestamp"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_state_without_proxies_of_the_mesh_refuses_a_gated_step() {
    let dir = TempDir::new("empty");
    let empty = dir.file("s.json", r#"{"total":0,"items":[],"next":null}"#);
    let other = "fixtures/state/kumactl/rest-orders-dataplanes.json".to_string();
    for (state, held) in [
        (&empty, "it holds no proxy of any mesh"),
        (&other, "it holds proxies of mesh `orders` (2)"),
    ] {
        let run = gate("1-added", "2-switched", std::slice::from_ref(state), &[]);
        assert_eq!(
            (run.code, errors(&run)),
            (1, vec!["state-empty".to_string()]),
            "{state}"
        );
        let help = diagnostic(&run, "state-empty")["help"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(help.starts_with(held), "{help}");
        assert!(help.contains("--warn state-empty"), "{help}");
        // For a mesh that truly has no proxies.
        let run = gate(
            "1-added",
            "2-switched",
            std::slice::from_ref(state),
            &["--warn", "state-empty"],
        );
        assert_eq!(
            (run.code, run.codes()),
            (0, vec!["state-empty".to_string()])
        );
    }
    // Without a gated step (adding a backend) it is a warning.
    let run = gate("0-current", "1-added", &[empty], &[]);
    assert_eq!(
        (run.code, run.codes()),
        (0, vec!["state-empty".to_string()])
    );
}
