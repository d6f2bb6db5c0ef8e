//! Live mode against the fake control plane: a whole rotation driven by `next-step` and `wait`
//! (with a gate that opens between two polls), the token, and every error path.

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use crate::fake_cp::{Fake, FakeCp, Fault};
use crate::{Run, TempDir, meshctl};

const TARGET: &str = "fixtures/rotation/universal/3-removed.yaml";

fn live(cp: &FakeCp, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--control-plane", &cp.url, "--mesh", "default"]);
    meshctl(&all)
}

#[test]
fn a_rotation_driven_by_next_step_and_wait() {
    let cp = FakeCp::start(5);
    let dir = TempDir::new("live-rotation");
    let out = dir.0.join("step.json");
    let out = out.to_str().unwrap();
    let next = || live(&cp, &["next-step", "--target", TARGET, "-o", out]);
    let wait = || {
        live(
            &cp,
            &[
                "wait",
                "--target",
                TARGET,
                "--interval",
                "20ms",
                "--timeout",
                "20s",
            ],
        )
    };

    // Step 1: add ca-2 (no gate). The manifest is the API's Universal JSON, server fields dropped.
    let run = next();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let step = std::fs::read_to_string(out).unwrap();
    assert!(
        // The API prints compact JSON, and the step keeps it compact.
        step.contains("\"name\":\"ca-2\"") && !step.contains("creationTime"),
        "{step}"
    );
    cp.apply(&step);

    // Right after the apply the proxies have not caught up: the switch waits.
    let run = next();
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(!Path::new(out).exists());
    // wait polls until the gate opens (one more proxy catches up at every poll).
    let run = wait();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let polls: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("meshctl wait: switch-backend gate:"))
        .collect();
    assert!(
        polls.len() >= 2,
        "the gate opened between polls:\n{}",
        run.stderr
    );
    assert!(
        polls[0].contains("/5 in-scope proxies ready (not ready: "),
        "{}",
        polls[0]
    );
    assert!(
        run.stdout
            .contains("the gate holds: run next-step to emit the manifest"),
        "{}",
        run.stdout
    );

    // Step 2: switch.
    let run = next();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let step = std::fs::read_to_string(out).unwrap();
    assert!(step.contains("\"enabledBackend\":\"ca-2\""), "{step}");
    cp.apply(&step);
    let run = wait();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("remove-backend gate"), "{}", run.stderr);

    // Step 3: remove ca-1, then nothing is left to do.
    let run = next();
    assert_eq!(run.code, 0, "{}", run.stderr);
    cp.apply(&std::fs::read_to_string(out).unwrap());
    let run = next();
    assert_eq!(run.code, 4, "{}", run.stderr);
    let run = wait();
    assert_eq!(run.code, 4, "{}", run.stderr);

    // Every listing followed `next` over the pages (5 proxies, 3 a page), each page after the
    // first asked from one item before the offset `next` names.
    let requests = cp.with(|f| f.requests.clone());
    assert!(
        requests
            .iter()
            .any(|r| r.contains("_overview?offset=2&size=3")),
        "{requests:?}"
    );
    assert!(
        requests
            .iter()
            .any(|r| r == "/meshes/default/dataplanes/_overview?size=1000"),
        "{requests:?}"
    );
    // Only a move to MeshIdentity reads the builtin CA's certificate.
    assert!(
        !requests.iter().any(|r| r.contains("/secrets/")),
        "{requests:?}"
    );
}

#[test]
fn wait_times_out_with_exit_3() {
    let cp = FakeCp::start(2);
    cp.with(|f: &mut Fake| f.converge_per_poll = 0);
    // Step 1 applied (ca-2 added, as the target has it), and the proxies never catch up.
    let added = json!({"type": "Mesh", "name": "default", "mtls": {"enabledBackend": "ca-1", "backends": [
        {"name": "ca-1", "type": "builtin", "dpCert": {"rotation": {"expiration": "24h"}}},
        {"name": "ca-2", "type": "builtin", "dpCert": {"rotation": {"expiration": "24h"}}, "conf": {"caCert": {"RSAbits": 4096, "expiration": "5y"}}}
    ]}, "logging": {"backends": [{"name": "file", "type": "file", "conf": {"path": "/var/log/kuma/access.log"}}]}});
    cp.apply(&added.to_string());
    let run = live(
        &cp,
        &[
            "wait",
            "--target",
            TARGET,
            "--interval",
            "50ms",
            "--timeout",
            "300ms",
        ],
    );
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("timed out after 300ms"),
        "{}",
        run.stdout
    );
}

#[test]
fn validate_status_and_plan_read_live_state() {
    let cp = FakeCp::start(4);
    let run = live(
        &cp,
        &[
            "validate",
            "--format",
            "json",
            "fixtures/rotation/universal/2-switched.yaml",
        ],
    );
    // Live current has only ca-1: switching to ca-2 adds it at once.
    assert!(
        run.codes()
            .contains(&"switch-to-unadded-backend".to_string()),
        "{}",
        run.stdout
    );
    let run = live(&cp, &["status", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stderr, run.stdout);
    assert_eq!(run.json()["status"]["phase"], "steady");
    assert_eq!(run.json()["status"]["in_scope"], 4);
    let run = live(&cp, &["plan", "--format", "json", "--target", TARGET]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["plan"]["steps"].as_array().unwrap().len(), 3);
    // Open-source Kuma allows one backend: the control plane says which product it is.
    cp.with(|f| f.index = json!({"product": "Kuma", "version": "2.14.3"}));
    let run = live(
        &cp,
        &[
            "validate",
            "--format",
            "json",
            "fixtures/rotation/universal/1-added.yaml",
        ],
    );
    assert!(
        run.codes().contains(&"too-many-backends".to_string()),
        "{}",
        run.stdout
    );
}

#[test]
fn the_token_is_sent_as_a_bearer() {
    let cp = FakeCp::start(1);
    cp.with(|f| f.token = Some("s3cret".into()));
    let run = live(&cp, &["status"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&format!("{}/: HTTP 401 Unauthorized: Unauthorized: invalid token (check --token or MESHCTL_TOKEN)", cp.url)), "{}", run.stderr);
    let run = live(&cp, &["status", "--token", "s3cret"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_meshctl"))
        .args(["status", "--control-plane", &cp.url, "--mesh", "default"])
        .env("MESHCTL_TOKEN", "s3cret")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cret"));
}

#[test]
fn every_error_path_is_exit_2_with_url_and_status() {
    let cases: Vec<(Fault, &[&str], String)> = vec![
        (Fault::Status("/meshes/default/dataplanes", 500, r#"{"title":"Internal Server Error","detail":"store unavailable"}"#), &["status"], "/meshes/default/dataplanes/_overview?size=1000: HTTP 500 Internal Server Error: Internal Server Error: store unavailable".into()),
        (Fault::Status("/meshes/default", 403, r#"{"title":"Access Denied","detail":"user \"x\" cannot access Mesh"}"#), &["status"], "/meshes/default: HTTP 403 Forbidden: Access Denied: user \"x\" cannot access Mesh".into()),
        (Fault::Status("/meshes/default", 502, "<html>bad gateway</html>"), &["status"], "HTTP 502 Bad Gateway: <html>bad gateway</html>".into()),
        (Fault::Malformed("/meshes/default/dataplanes"), &["status"], "/meshes/default/dataplanes/_overview?size=1000:1:".into()),
        (Fault::Malformed("/meshes/default"), &["status"], "/meshes/default:2:1: unexpected end of file".into()),
        (Fault::Slow("/meshes/default/dataplanes", Duration::from_millis(2500)), &["status", "--request-timeout", "1s"], "timed out after 1s".into()),
    ];
    for (fault, args, needle) in cases {
        let cp = FakeCp::start(2);
        cp.with(|f| f.faults = vec![fault]);
        let run = live(&cp, args);
        assert_eq!(run.code, 2, "{needle}: {}", run.stderr);
        assert!(
            run.stderr.contains(&needle) && run.stderr.contains(&cp.url),
            "expected {needle:?} in {}",
            run.stderr
        );
    }

    let cp = FakeCp::start(1);
    let run = meshctl(&["status", "--control-plane", &cp.url, "--mesh", "nope"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("/meshes/nope: HTTP 404 Not Found: Could not find a resource: Not found (check the URL and --mesh)"), "{}", run.stderr);
    cp.with(|f| f.index = json!({"product": "Kuma", "version": "3.0.0"}));
    let run = live(&cp, &["status"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("runs Kuma 3.0.0: Kuma 3 removed Mesh.mtls"),
        "{}",
        run.stderr
    );
    cp.with(|f| f.index = json!("not an index"));
    let run = live(&cp, &["status"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not the control plane's index"),
        "{}",
        run.stderr
    );

    // Nothing listens on a port that was just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = meshctl(&[
        "status",
        "--control-plane",
        &format!("http://127.0.0.1:{port}"),
        "--mesh",
        "default",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(&format!("http://127.0.0.1:{port}/: cannot connect")),
        "{}",
        run.stderr
    );

    for (args, needle) in [
        (
            &["status", "--control-plane", "http://127.0.0.1:1"][..],
            "--mesh NAME is required with --control-plane",
        ),
        (
            &["status", "--control-plane", "ftp://x", "--mesh", "m"],
            "must start with http:// or https://",
        ),
        (
            &["wait", "--target", TARGET, "--mesh", "m"],
            "--control-plane URL is required",
        ),
        (&["status", "--current", TARGET], "--state FILE is required"),
        (&["plan", "--target", TARGET], "--current FILE is required"),
    ] {
        let run = meshctl(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    }
    if !cfg!(feature = "tls") {
        let run = meshctl(&[
            "status",
            "--control-plane",
            "https://127.0.0.1:5682",
            "--mesh",
            "m",
        ]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("built without TLS"), "{}", run.stderr);
    }
}

/// Every request goes to the origin and path prefix of --control-plane: only `offset` and `size`
/// are taken from `next`, so a `next` naming another host, dropping a reverse proxy's prefix or
/// saying http:// behind a TLS proxy neither leaks the token nor breaks page 2.
#[test]
fn next_links_are_rebuilt_on_the_given_origin_and_prefix() {
    let cp = FakeCp::start(7);
    let elsewhere = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let other = format!(
        "http://127.0.0.1:{}",
        elsewhere.local_addr().unwrap().port()
    );
    elsewhere.set_nonblocking(true).unwrap();
    cp.with(|f| {
        f.token = Some("s3cret".into());
        f.prefix = "/kuma-api".into();
        f.next_base = Some(other.clone());
    });
    let url = format!("{}/kuma-api/", cp.url);
    let run = meshctl(&[
        "status",
        "--control-plane",
        &url,
        "--mesh",
        "default",
        "--token",
        "s3cret",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let requests = cp.with(|f| f.requests.clone());
    assert!(
        requests
            .contains(&"/kuma-api/meshes/default/dataplanes/_overview?offset=2&size=3".to_string()),
        "{requests:?}"
    );
    assert!(
        elsewhere.accept().is_err(),
        "nothing was sent to the host `next` named"
    );
    // Every request says who it is.
    let agents = cp.with(|f| f.user_agents.clone());
    let expected = format!("meshctl/{}", env!("CARGO_PKG_VERSION"));
    assert!(agents.iter().all(|a| *a == expected), "{agents:?}");
}

#[test]
fn a_next_that_does_not_advance_stops_the_listing() {
    let cp = FakeCp::start(7);
    cp.with(|f| f.stuck_next = true);
    let run = live(&cp, &["status"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the page's `next` does not advance (offset 3 after 3)"),
        "{}",
        run.stderr
    );
    let requests = cp.with(|f| f.requests.clone());
    let repeats = requests
        .iter()
        .filter(|r| r.ends_with("_overview?offset=2&size=3"))
        .count();
    // The page after the repeat may have been fetched ahead; nothing was read after it.
    assert_eq!(repeats, 1, "stopped at the first repeat: {requests:?}");
    assert!(
        !requests.iter().any(|r| r.contains("/zones/_overview")),
        "{requests:?}"
    );
}

#[test]
fn a_next_offset_at_the_end_of_the_numbers_is_no_crash() {
    let cp = FakeCp::start(10);
    cp.with(|f| f.next_offset = Some(u64::MAX - 1));
    let run = live(&cp, &["status", "--format", "json"]);
    // The page at that offset is empty and ends the listing, which then misses proxies.
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.codes(), ["state-incomplete"]);
}

#[test]
fn pages_are_fetched_ahead_only_where_the_listing_declares_them() {
    let cp = FakeCp::start(10);
    let run = live(&cp, &["status", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stderr, run.stdout);
    assert_eq!(run.json()["status"]["in_scope"], 10);
    let pages = |cp: &FakeCp| {
        cp.with(|f| {
            f.requests
                .iter()
                .filter(|r| r.contains("dataplanes/_overview"))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    // Pages of 3 of a total of 10, each after the first asked from one item before the offset
    // `next` names (two new proxies a page): the guess after each page is the page `next`
    // names, and nothing past the last page is asked for.
    let expected = [
        "/meshes/default/dataplanes/_overview?size=1000",
        "/meshes/default/dataplanes/_overview?offset=2&size=3",
        "/meshes/default/dataplanes/_overview?offset=4&size=3",
        "/meshes/default/dataplanes/_overview?offset=6&size=3",
        "/meshes/default/dataplanes/_overview?offset=8&size=3",
    ];
    assert_eq!(pages(&cp), expected);
    // Nine proxies: the last page ends the listing exactly, and nothing past it is fetched.
    let cp = FakeCp::start(9);
    let run = live(&cp, &["status", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stderr, run.stdout);
    assert_eq!(pages(&cp), expected[..4]);
    // `next` names a size the pages do not hold: each guess is wrong, dropped, and the page
    // `next` names is read; every proxy is read once.
    let cp = FakeCp::start(10);
    cp.with(|f| f.next_size = Some(2));
    let run = live(&cp, &["status", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stderr, run.stdout);
    assert_eq!(run.json()["status"]["in_scope"], 10);
    let codes = run.codes();
    assert!(codes.is_empty(), "{codes:?}");
    let requests = pages(&cp);
    assert!(
        requests.contains(&"/meshes/default/dataplanes/_overview?offset=5&size=2".to_string()),
        "the wrong guess was fetched: {requests:?}"
    );
    assert!(
        requests.ends_with(&["/meshes/default/dataplanes/_overview?offset=8&size=2".to_string()]),
        "{requests:?}"
    );
}

#[test]
fn a_redirect_is_reported_not_followed() {
    let cp = FakeCp::start(1);
    cp.with(|f| f.redirect = Some("http://elsewhere.example:5681/".into()));
    let run = live(&cp, &["status", "--token", "s3cret"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("HTTP 302 Found: redirected to http://elsewhere.example:5681/; meshctl follows no redirect"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_index_decides_the_product_and_refuses_versions_it_cannot_place() {
    let cp = FakeCp::start(2);
    let two = "fixtures/rotation/universal/1-added.yaml";
    // Kuma 2.0 says `tagline: "Kuma"` and no `product`: Kuma, which allows one backend.
    cp.with(|f| f.index = json!({"tagline": "Kuma", "version": "2.0.0"}));
    let run = live(&cp, &["validate", two, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.codes().contains(&"too-many-backends".to_string()),
        "{}",
        run.stdout
    );
    // A development build of the 3.x line: refused unless --product says what it is.
    for version in ["0.0.0-preview.v4a1b2c3", "unknown"] {
        cp.with(|f| f.index = json!({"product": "Kuma", "version": version}));
        let run = live(&cp, &["status"]);
        assert_eq!(run.code, 2, "{version}");
        assert!(
            run.stderr.contains("a version meshctl cannot place"),
            "{}",
            run.stderr
        );
        let run = live(&cp, &["status", "--product", "kuma"]);
        assert_eq!(run.code, 0, "{version}: {}", run.stderr);
    }
}

/// On Kuma 3 there is no `Mesh.mtls` to plan, but a MeshIdentity rotation is: its identities and
/// trusts are read live with their status, and the successor is widened once every proxy
/// acknowledged a configuration made since its MeshTrust was stored and lists it.
#[test]
fn an_identity_rotation_is_planned_live_on_kuma_3() {
    let cp = FakeCp::start(3);
    let kri = |short: &str, name: &str| format!("kri_{short}_default___{name}_");
    let identity = |name: &str, selector: serde_json::Value| {
        json!({"type": "MeshIdentity", "mesh": "default", "name": name, "kri": kri("mid", name),
            "creationTime": "2026-12-01T09:00:00Z",
            "spec": {"selector": selector, "spiffeID": {"trustDomain": "{{ .Mesh }}.mesh.local"},
                "provider": {"type": "Bundled", "bundled": {"insecureAllowSelfSigned": true, "autogenerate": {"enabled": true}}}},
            "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Ready"},
                {"type": "MeshTrustCreated", "status": "True", "reason": "MeshTrustCreated"}]}})
    };
    let root = std::fs::read_to_string("fixtures/identity/root.crt").unwrap();
    let trust = |name: &str, at: &str| {
        json!({"type": "MeshTrust", "mesh": "default", "name": name, "kri": kri("mtrust", name),
            "creationTime": at,
            "spec": {"trustDomain": "default.mesh.local", "caBundles": [{"type": "Pem", "pem": {"value": root}}]},
            "status": {"origin": {"kri": kri("mid", name)}}})
    };
    let all = json!({"dataplane": {"matchLabels": {}}});
    cp.with(|f| {
        f.index = json!({"product": "Kuma", "version": "3.0.0"});
        f.mesh = json!({"type": "Mesh", "name": "default", "meshServices": {"mode": "Exclusive"}});
        f.policies = vec![
            identity("identity", all.clone()),
            trust("identity", "2026-12-01T09:00:00Z"),
            identity("a-identity", json!({})),
            trust("a-identity", "2026-12-01T10:00:00Z"),
        ];
        f.config_time = Some("2026-12-01T10:00:05Z".to_string());
        f.converge_per_poll = 0;
        for p in &mut f.proxies {
            p.issued = kri("mid", "identity");
            p.supported = vec![kri("mtrust", "identity"), kri("mtrust", "a-identity")];
        }
    });
    let dir = TempDir::new("live-identity");
    let target = dir.file(
        "target.yaml",
        "type: Mesh\nname: default\nmeshServices:\n  mode: Exclusive\n---\ntype: MeshIdentity\nname: a-identity\nmesh: default\nspec:\n  selector:\n    dataplane:\n      matchLabels: {}\n  spiffeID:\n    trustDomain: \"{{ .Mesh }}.mesh.local\"\n  provider:\n    type: Bundled\n    bundled:\n      insecureAllowSelfSigned: true\n      autogenerate:\n        enabled: true\n",
    );
    let run = live(
        &cp,
        &[
            "next-step",
            "--target",
            &target,
            "--now",
            "2026-12-01T12:00:00Z",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let step = &run.json()["next_step"];
    assert_eq!(
        (step["kind"].as_str(), step["action"].as_str()),
        (Some("widen-identity"), Some("apply"))
    );
    assert!(cp.with(|f| {
        f.requests
            .iter()
            .any(|r| r.starts_with("/meshes/default/meshtrusts"))
    }));

    // One snapshot holds the identities and trusts beside the Mesh and the proxies.
    let snap = dir.0.join("snapshot.json");
    let snap = snap.to_str().unwrap();
    let run = live(&cp, &["snapshot", "-o", snap]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = meshctl(&[
        "next-step",
        "--current",
        snap,
        "--state",
        snap,
        "--target",
        &target,
        "--now",
        "2026-12-01T12:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.json()["next_step"]["kind"].as_str(),
        Some("widen-identity")
    );

    // A proxy that has not acknowledged a configuration since the successor's MeshTrust: waiting.
    cp.with(|f| f.config_time = Some("2026-12-01T09:30:00Z".to_string()));
    let run = live(
        &cp,
        &[
            "next-step",
            "--target",
            &target,
            "--now",
            "2026-12-01T12:00:00Z",
            "--format",
            "json",
        ],
    );
    let mut codes = run.codes();
    codes.sort();
    assert_eq!(
        (run.code, codes),
        (
            3,
            vec![
                "identity-ca-deleted".to_string(),
                "new-backend-not-trusted".to_string()
            ]
        )
    );

    // Mesh.mtls commands are still refused on Kuma 3.
    let run = live(&cp, &["next-step", "--target", TARGET]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("Kuma 3 removed Mesh.mtls"),
        "{}",
        run.stderr
    );
}

/// A live migration reads the builtin CA's certificate (its Secret, never the key's) to publish it
/// as the legacy MeshTrust; without access to it, `legacy-ca-unavailable` says how to give it.
#[test]
fn a_live_migration_publishes_the_builtin_ca_it_may_read() {
    use base64::Engine;
    let cp = FakeCp::start(2);
    cp.with(|f| {
        f.mesh["meshServices"] = json!({"mode": "Exclusive"});
    });
    let dir = TempDir::new("live-migration");
    let target = dir.file(
        "target.json",
        json!({"items": [
            {"type": "Mesh", "name": "default", "meshServices": {"mode": "Exclusive"}},
            {"type": "MeshIdentity", "name": "identity", "mesh": "default", "spec": {
                "selector": {"dataplane": {"matchLabels": {}}},
                "spiffeID": {"trustDomain": "{{ .Mesh }}.mesh.local", "path": "/static"},
                "provider": {"type": "Bundled", "bundled": {"insecureAllowSelfSigned": true, "autogenerate": {"enabled": true}}}}}
        ]})
        .to_string(),
    );
    let next = || live(&cp, &["next-step", "--target", &target, "--format", "json"]);
    let run = next();
    assert_eq!(
        (run.code, run.codes()),
        (0, vec!["legacy-ca-unavailable".to_string()]),
        "{}",
        run.stderr
    );
    let root = std::fs::read_to_string("fixtures/identity/root.crt").unwrap();
    let data = base64::engine::general_purpose::STANDARD.encode(&root);
    cp.with(|f| {
        f.secrets = vec![json!({"type": "Secret", "mesh": "default", "name": "default.ca-builtin-cert-ca-1", "data": data})];
    });
    let run = next();
    assert_eq!(
        (run.code, run.codes()),
        (0, Vec::<String>::new()),
        "{}",
        run.stderr
    );
    let manifest = run.json()["next_step"]["manifest"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        manifest.contains("\"name\": \"legacy-ca-1\"") && manifest.contains("BEGIN CERTIFICATE"),
        "{manifest}"
    );
    assert!(
        cp.with(|f| f.requests.iter().all(|r| !r.contains("ca-builtin-key"))),
        "the key is never read"
    );
}

#[test]
fn next_step_refuses_a_step_whose_secrets_are_missing() {
    let cp = FakeCp::start(2);
    let dir = TempDir::new("live-secrets");
    let target = dir.file(
        "target.yaml",
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: builtin\n    dpCert: {rotation: {expiration: 24h}}\n  - name: ca-2\n    type: provided\n    dpCert: {rotation: {expiration: 24h}}\n    conf:\n      cert: {secret: ca-2-cert}\n      key: {secret: ca-2-key}\n",
    );
    let out = dir.0.join("step.yaml");
    let out = out.to_str().unwrap();
    let next = || {
        live(
            &cp,
            &[
                "next-step",
                "--format",
                "json",
                "--target",
                &target,
                "-o",
                out,
            ],
        )
    };
    // Neither Secret exists: refused (exit 1, waiting would not make them appear), nothing written.
    let missing = |run: &Run| -> Vec<String> {
        run.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    };
    let run = next();
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.codes()
            .iter()
            .filter(|c| *c == "secret-missing")
            .count(),
        1
    );
    let finding = json!({"message": missing(&run)[0]});
    assert_eq!(
        finding["message"],
        "step 1 (add-backend) names Secrets that mesh `default` does not have: `ca-2-cert`, `ca-2-key`"
    );
    assert!(!Path::new(out).exists());
    assert_eq!(
        run.json()["next_step"]["secrets"],
        json!(["ca-2-cert", "ca-2-key"])
    );
    // One of them applied: the other is still named.
    cp.state.lock().unwrap().secrets.push(
        json!({"type": "Secret", "name": "ca-2-cert", "mesh": "default", "data": "c2VjcmV0"}),
    );
    let run = next();
    assert_eq!(run.code, 1);
    assert_eq!(
        missing(&run),
        ["step 1 (add-backend) names a Secret that mesh `default` does not have: `ca-2-key`"]
    );
    assert!(
        !run.stdout.contains("c2VjcmV0"),
        "a Secret's data is never printed"
    );
    cp.state
        .lock()
        .unwrap()
        .secrets
        .push(json!({"type": "Secret", "name": "ca-2-key", "mesh": "default", "data": "a2V5"}));
    let run = next();
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(Path::new(out).exists());
    // A token that may not read Secrets: the check is skipped, and the report says so.
    std::fs::remove_file(out).unwrap();
    cp.state.lock().unwrap().faults.push(Fault::Status(
        "/meshes/default/secrets/",
        403,
        "{\"title\": \"Access Denied\"}",
    ));
    let run = next();
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.json()["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("were not checked: the token may not read Secrets")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_page_over_max_input_size_is_refused_naming_the_page() {
    let cp = FakeCp::start(4);
    let run = live(&cp, &["status", "--max-input-size", "600"]);
    assert_eq!(run.code, 2, "{}{}", run.stderr, run.stdout);
    assert!(
        run.stderr.contains("/meshes/default/dataplanes/_overview")
            && run.stderr.contains(
                "is larger than the input limit of 600 bytes (raise it with --max-input-size)"
            ),
        "{}",
        run.stderr
    );
    let run = live(&cp, &["status", "--max-input-size", "1000000"]);
    assert_eq!(run.code, 0, "{}{}", run.stderr, run.stdout);
}

/// Only the proxies' pages overlap: the other listings (here the MeshTrafficPermissions) are
/// asked at the offsets `next` names. The zone listings may be missing (a standalone control
/// plane that does not serve them reads as none); the proxies' listing may not.
#[test]
fn only_the_proxies_pages_overlap_and_only_the_zone_listings_may_be_missing() {
    let cp = FakeCp::start(4);
    cp.with(|f| {
        f.page_policies = true;
        f.policies = (0..5)
            .map(|i| {
                json!({"type": "MeshTrafficPermission", "mesh": "default", "name": format!("mtp-{i}"),
                    "spec": {"targetRef": {"kind": "Mesh"},
                        "from": [{"targetRef": {"kind": "Mesh"}, "default": {"action": "Allow"}}]}})
            })
            .collect();
    });
    let run = live(&cp, &["status", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let requests = cp.with(|f| f.requests.clone());
    let policy_pages: Vec<&String> = requests
        .iter()
        .filter(|r| r.starts_with("/meshes/default/meshtrafficpermissions"))
        .collect();
    assert_eq!(
        policy_pages,
        [
            "/meshes/default/meshtrafficpermissions?size=1000",
            "/meshes/default/meshtrafficpermissions?offset=3&size=3"
        ],
        "{requests:?}"
    );
    cp.with(|f| {
        f.faults = vec![
            Fault::Status("/zones/_overview", 404, "{}"),
            Fault::Status("/zoneegresses/_overview", 404, "{}"),
        ];
    });
    let run = live(&cp, &["status", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["status"]["in_scope"], 4);
    cp.with(|f| {
        f.faults = vec![Fault::Status(
            "/meshes/default/dataplanes/_overview",
            404,
            "{}",
        )]
    });
    let run = live(&cp, &["status"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("404"), "{}", run.stderr);
}

/// A page of one proxy cannot overlap the one before it and still advance: `next` links that
/// name a size of 1 are followed as they are, and every proxy is read once.
#[test]
fn pages_of_one_proxy_are_not_overlapped() {
    let cp = FakeCp::start(4);
    cp.with(|f| {
        f.next_size = Some(1);
        f.honor_size = true;
    });
    let run = live(&cp, &["status", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["status"]["in_scope"], 4);
    assert_eq!(run.codes(), Vec::<String>::new(), "{}", run.stdout);
    let requests = cp.with(|f| f.requests.clone());
    assert!(
        requests.contains(&"/meshes/default/dataplanes/_overview?offset=3&size=1".to_string()),
        "{requests:?}"
    );
}
