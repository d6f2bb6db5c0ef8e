//! Multizone (README "Multizone and zone egress"): a zone disconnected from global holds every gated step, gate
//! messages and `status` go per zone, and zone egress gates a switch or a removal when the Mesh
//! routes through it; from files and from a fake global control plane.

use crate::fake_cp::{FakeCp, Fault};
use crate::{Run, TempDir, meshctl};

const NOW: &str = "2026-11-27T12:00:00Z";
const MZ: &str = "fixtures/state/multizone";
const K8S: &str = "fixtures/rotation/kubernetes";

fn switch(extra: &[&str]) -> Run {
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
        .unwrap_or_else(|| panic!("no {code}: {}", run.stdout))
}

#[test]
fn a_disconnected_zone_holds_every_gated_step() {
    let ready = format!("{MZ}/added-ready.json");
    let run = switch(&["--state", &ready, "--zones", &format!("{MZ}/zones.json")]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    let run = switch(&[
        "--state",
        &ready,
        "--zones",
        &format!("{MZ}/zones-zone-2-offline.json"),
    ]);
    assert_eq!(errors(&run), ["zone-offline"], "{}", run.stdout);
    assert_eq!(
        finding(&run, "zone-offline")["message"],
        "zone `zone-2` is disconnected from global since 2026-11-27T09:45:00Z: it does not receive the Mesh's changes, and global shows its proxies' last insights (3 in-scope proxies of the state)"
    );
    // next-step waits (exit 3) rather than fails.
    let out = TempDir::new("mz-next");
    let path = out.0.join("step.yaml").to_string_lossy().into_owned();
    let run = meshctl(&[
        "next-step",
        "--now",
        NOW,
        "--current",
        &format!("{K8S}/1-added.yaml"),
        "--target",
        &format!("{K8S}/3-removed.yaml"),
        "--state",
        &ready,
        "--zones",
        &format!("{MZ}/zones-zone-2-offline.json"),
        "-o",
        &path,
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
}

#[test]
fn gate_messages_and_status_go_per_zone() {
    let converging = format!("{MZ}/added-converging.json");
    let run = switch(&[
        "--state",
        &converging,
        "--zones",
        &format!("{MZ}/zones.json"),
    ]);
    assert_eq!(errors(&run), ["new-backend-not-trusted"]);
    let message = finding(&run, "new-backend-not-trusted")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message
            .ends_with("; by zone: zone-2: 2 of 3 not ready: web-4-25f8c9d7b6, web-5-25f8c9d7b6"),
        "{message}"
    );
    let run = meshctl(&[
        "status",
        "--format",
        "json",
        "--now",
        NOW,
        "--current",
        &format!("{K8S}/1-added.yaml"),
        "--state",
        &converging,
        "--zones",
        &format!("{MZ}/zones-zone-2-offline.json"),
    ]);
    let zones = &run.json()["status"]["zones"];
    assert_eq!(zones[0]["name"], "zone-1");
    assert_eq!(zones[1]["name"], "zone-2");
    assert_eq!(zones[1]["online"], false);
    assert_eq!(zones[1]["in_scope"], 3);
    assert_eq!(
        zones[1]["backends"][1],
        serde_json::json!({"name": "ca-2", "trusted_by": 1, "issued_to": 0})
    );
    let human = meshctl(&[
        "status",
        "--color",
        "never",
        "--now",
        NOW,
        "--current",
        &format!("{K8S}/1-added.yaml"),
        "--state",
        &converging,
        "--zones",
        &format!("{MZ}/zones-zone-2-offline.json"),
    ]);
    assert!(
        human.stdout.contains("  zone zone-2 (DISCONNECTED): 3 in scope; ca-1 trusted by 3/3, issued to 3/3; ca-2 trusted by 1/3, issued to 0/3"),
        "{}",
        human.stdout
    );
}

#[test]
fn zone_egress_gates_a_switch_when_the_mesh_routes_through_it() {
    let dir = TempDir::new("mz-egress");
    let with_egress = |name: &str| {
        let text = std::fs::read_to_string(format!("{K8S}/{name}.yaml")).unwrap();
        dir.file(
            &format!("{name}.yaml"),
            text.replace("spec:\n", "spec:\n  routing:\n    zoneEgress: true\n"),
        )
    };
    let (current, proposed) = (with_egress("1-added"), with_egress("2-switched"));
    let ready = format!("{MZ}/added-ready.json");
    let validate = |extra: &[&str]| {
        let mut args = vec![
            "validate",
            "--format",
            "json",
            "--now",
            NOW,
            "--changed-at",
            "2026-11-27T11:00:00Z",
            &proposed,
            "--current",
            &current,
            "--state",
            &ready,
        ];
        args.extend(extra);
        meshctl(&args)
    };
    let run = validate(&[]);
    assert_eq!(
        (run.code, run.codes()),
        (0, vec!["zone-egress-unchecked".to_string()]),
        "{}",
        run.stdout
    );
    let egress = |f: &str| format!("{MZ}/{f}");
    let run = validate(&["--zone-egresses", &egress("egresses.json")]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    let run = validate(&["--zone-egresses", &egress("egresses-offline.json")]);
    assert_eq!(errors(&run), ["zone-egress-offline"]);
    assert_eq!(
        finding(&run, "zone-egress-offline")["proxies"],
        serde_json::json!(["zoneegress-1"])
    );
    let run = validate(&["--zone-egresses", &egress("egresses-behind.json")]);
    assert_eq!(errors(&run), ["zone-egress-not-converged"]);
    assert_eq!(
        finding(&run, "zone-egress-not-converged")["proxies"],
        serde_json::json!(["zoneegress-2"])
    );
    // Kuma pushes a change once: an egress whose last exchange came 2 s after it, in a state
    // observed 30 min later, was built on it; one exchanged in the change's own second was not.
    let behind = std::fs::read_to_string(egress("egresses-behind.json")).unwrap();
    let mut state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&ready).unwrap()).unwrap();
    state["meshctl"] = serde_json::json!({"takenAt": "2026-11-27T11:30:00Z"});
    let late = dir.file("late.json", state.to_string());
    for (at, expected) in [
        ("11:00:02", vec![]),
        ("11:00:00", vec!["zone-egress-not-converged"]),
    ] {
        let egresses = dir.file(
            "egresses-last.json",
            behind.replace("2026-11-27T09:00:00Z", &format!("2026-11-27T{at}Z")),
        );
        let run = meshctl(&[
            "validate",
            "--format",
            "json",
            "--now",
            NOW,
            "--changed-at",
            "2026-11-27T11:00:00Z",
            &proposed,
            "--current",
            &current,
            "--state",
            &late,
            "--zone-egresses",
            &egresses,
        ]);
        assert_eq!(errors(&run), expected, "{at}: {}", run.stdout);
    }
}

#[test]
#[cfg_attr(
    not(shared_reference),
    ignore = "needs ../shared/reference (Kuma's own files beside the repository)"
)]
fn kumas_own_zone_listings_read_as_they_are() {
    let Some(reference) = crate::shared_reference("kuma") else {
        return;
    };
    let file = |f: &str| reference.join(f).to_string_lossy().into_owned();
    // zone-2 never connected and is enabled: it holds the switch; zone-3 is disabled.
    let run = switch(&[
        "--state",
        &format!("{MZ}/added-ready.json"),
        "--zones",
        &file("kumactl-inspect-zones.golden.json"),
    ]);
    assert_eq!(errors(&run), ["zone-offline"], "{}", run.stdout);
    assert!(
        finding(&run, "zone-offline")["message"]
            .as_str()
            .unwrap()
            .starts_with("zone `zone-2` has never connected")
    );
    // Its egresses: zoneegress-2's newest subscription is connected again.
    let run = switch(&[
        "--state",
        &format!("{MZ}/added-ready.json"),
        "--zone-egresses",
        &file("kumactl-inspect-zoneegresses.golden.json"),
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
}

#[test]
fn a_rotation_across_two_zones_with_one_dropping_out() {
    let cp = FakeCp::start(6);
    cp.with(|f| {
        f.zones = vec![("zone-1".into(), true), ("zone-2".into(), true)];
        f.converge_per_poll = 6;
    });
    let dir = TempDir::new("mz-live");
    let out = dir.0.join("step.json").to_string_lossy().into_owned();
    let target = "fixtures/rotation/universal/3-removed.yaml";
    let next = || {
        meshctl(&[
            "next-step",
            "--control-plane",
            &cp.url,
            "--mesh",
            "default",
            "--target",
            target,
            "-o",
            &out,
            "--format",
            "json",
        ])
    };
    let run = next();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    cp.apply(&std::fs::read_to_string(&out).unwrap());
    // zone-2 drops out: the switch waits, naming it.
    cp.with(|f| f.zones[1].1 = false);
    let run = next();
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert!(
        run.codes().contains(&"zone-offline".to_string()),
        "{}",
        run.stdout
    );
    // wait polls until it is back (after two more polls), then the rotation goes on.
    cp.with(|f| f.zone_back_after = Some(2));
    let run = meshctl(&[
        "wait",
        "--control-plane",
        &cp.url,
        "--mesh",
        "default",
        "--target",
        target,
        "--interval",
        "20ms",
        "--timeout",
        "20s",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("meshctl wait:"), "{}", run.stderr);
    for _ in 0..2 {
        let run = next();
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        cp.apply(&std::fs::read_to_string(&out).unwrap());
    }
    assert_eq!(next().code, 4);
    // A snapshot of a global control plane records its zones and zone egresses too.
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
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&snap).unwrap()).unwrap();
    let types: Vec<&str> = value["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["type"].as_str())
        .collect();
    assert_eq!(
        types.iter().filter(|t| **t == "ZoneOverview").count(),
        2,
        "{types:?}"
    );
    assert_eq!(
        types.iter().filter(|t| **t == "ZoneEgressOverview").count(),
        2,
        "{types:?}"
    );
    let run = meshctl(&[
        "status",
        "--format",
        "json",
        "--current",
        &snap,
        "--state",
        &snap,
    ]);
    assert_eq!(
        run.json()["status"]["zones"].as_array().unwrap().len(),
        2,
        "{}",
        run.stdout
    );
    let paths = cp.with(|f| f.requests.clone());
    assert!(
        paths.iter().any(|p| p.starts_with("/zones/_overview")),
        "{paths:?}"
    );
}

/// A standalone (or zone) control plane lists itself in `/zones/_overview`: as kuma-cp 2.14 prints
/// it, `zone: {}` and no `zoneInsight`, there being no global to subscribe to. That is not a zone
/// disconnected from global, and holds nothing; a zone of a global that has an insight and no
/// connected subscription still does.
#[test]
fn a_control_planes_own_zone_is_not_a_disconnected_one() {
    let dir = TempDir::new("mz-self");
    let own = dir.file(
        "zones.json",
        r#"{"total": 1, "items": [{"type": "ZoneOverview", "name": "default", "creationTime": "2026-11-28T04:49:30.174788457Z", "modificationTime": "2026-11-28T04:49:30.174788457Z", "kri": "kri_z____default_", "zone": {}}], "next": null}"#,
    );
    // Its zone egress listing is empty: `total: 0` is no proxy listing that could differ.
    let no_egress = dir.file(
        "egresses.json",
        r#"{"total": 0, "items": [], "next": null}"#,
    );
    let ready = format!("{MZ}/added-ready.json");
    let run = switch(&[
        "--state",
        &ready,
        "--zones",
        &own,
        "--zone-egresses",
        &no_egress,
    ]);
    assert_eq!((run.code, errors(&run)), (0, vec![]), "{}", run.stdout);
    let never = dir.file(
        "never.json",
        r#"{"total": 1, "items": [{"type": "ZoneOverview", "name": "zone-2", "zone": {"enabled": true}, "zoneInsight": {"subscriptions": []}}], "next": null}"#,
    );
    let run = switch(&["--state", &ready, "--zones", &never]);
    assert_eq!(errors(&run), ["zone-offline"], "{}", run.stdout);
}

/// `GET /config` of a zone control plane of a multizone deployment (Kuma's `IsFederatedZoneCP`:
/// mode `zone`, a global address and a zone name).
const FEDERATED: &str = r#"{"mode": "zone", "store": {"type": "postgres"}, "multizone": {"zone": {"name": "zone-1", "globalAddress": "grpcs://global.example:5685"}}}"#;

/// A federated zone lists only its own zone's Dataplanes (they sync zone to global, not back):
/// a gated step refuses there with `state-incomplete`, naming the global control plane, `status`
/// warns, and no snapshot of it is written. A standalone zone, or one without a zone name (not
/// federated for Kuma either), is judged as before.
#[test]
fn a_zone_control_plane_of_a_multizone_deployment_does_not_cover_the_mesh() {
    let cp = FakeCp::start(3);
    // PERMISSIVE, so turning mTLS off is the next step, and a gated one.
    cp.with(|f| {
        f.mesh["mtls"]["backends"][0]["mode"] = "PERMISSIVE".into();
        f.mesh["modificationTime"] = "2026-11-27T10:00:00Z".into();
        f.config_time = Some("2026-11-27T10:30:00Z".into());
    });
    let dir = TempDir::new("mz-federated");
    let mut off = cp.with(|f| f.mesh.clone());
    off.as_object_mut().unwrap().remove("mtls");
    let off = dir.file("off.json", off.to_string());
    let live = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--control-plane", &cp.url, "--mesh", "default"]);
        meshctl(&all)
    };
    let next = || live(&["next-step", "--format", "json", "--target", &off]);
    let config =
        |body: &'static str| cp.with(|f| f.faults = vec![Fault::Status("/config", 200, body)]);
    config(FEDERATED);
    let run = next();
    assert_eq!(
        (run.code, errors(&run)),
        (1, vec!["state-incomplete".to_string()]),
        "{}",
        run.stdout
    );
    let why = finding(&run, "state-incomplete");
    assert!(
        why["message"]
            .as_str()
            .unwrap()
            .contains("global control plane at grpcs://global.example:5685"),
        "{why}"
    );
    assert!(
        why["help"]
            .as_str()
            .unwrap()
            .contains("point --control-plane at the global control plane"),
        "{why}"
    );
    let run = live(&["status", "--format", "json"]);
    assert_eq!(
        finding(&run, "state-incomplete")["severity"],
        "warning",
        "{}",
        run.stdout
    );
    let out = dir.0.join("snap.json");
    let run = live(&["snapshot", "-o", &out.to_string_lossy()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("state-incomplete"), "{}", run.stdout);
    assert!(!out.exists(), "no snapshot of a zone");
    // Not federated: a standalone zone, and a global address without a zone name.
    for body in [
        r#"{"mode": "zone", "store": {"type": "postgres"}}"#,
        r#"{"mode": "zone", "store": {"type": "postgres"}, "multizone": {"zone": {"globalAddress": "grpcs://global.example:5685"}}}"#,
    ] {
        config(body);
        let run = next();
        assert_eq!(
            (run.code, errors(&run)),
            (0, vec![]),
            "{body}: {}",
            run.stdout
        );
        assert_eq!(run.json()["next_step"]["kind"], "disable-mtls");
    }
}
