//! `unknown-field`: each typo named at its line with the key meant; `--deny` makes it an error.

use crate::{Run, meshctl};

const DIR: &str = "fixtures/unknown-fields";

/// `(line, path, did you mean)` of every `unknown-field` finding.
fn unknown(run: &Run) -> Vec<(u64, String, String)> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-field")
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            let meant = message
                .split_once("(did you mean `")
                .map(|(_, rest)| rest.trim_end_matches("`?)").to_string())
                .unwrap_or_default();
            (
                d["line"].as_u64().unwrap(),
                d["path"].as_str().unwrap().to_string(),
                meant,
            )
        })
        .collect()
}

fn validate(file: &str, extra: &[&str]) -> Run {
    let path = format!("{DIR}/{file}");
    let mut args = vec!["validate", "--format", "json", &path];
    args.extend(extra);
    meshctl(&args)
}

fn row(line: u64, path: &str, meant: &str) -> (u64, String, String) {
    (line, path.to_string(), meant.to_string())
}

#[test]
fn each_typo_in_a_mesh_is_named_at_its_line_with_the_key_meant() {
    let run = validate("mesh-typos.yaml", &["--allow", "secret-unresolved"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        unknown(&run),
        [
            row(8, "spec.mtls.enabledBackned", "enabledBackend"),
            row(9, "spec.mtls.skipValidaton", "skipValidation"),
            row(13, "spec.mtls.backends[0].mdoe", "mode"),
            // Kuma's published schema says `rsaBits`; its decoder reads only `RSAbits`.
            row(19, "spec.mtls.backends[0].conf.caCert.rsaBits", "RSAbits"),
            row(
                32,
                "spec.mtls.backends[1].conf.fromCp.tls.skipVerfy",
                "skipVerify"
            ),
            row(37, "spec.routing.zoneEgres", "zoneEgress"),
        ]
    );
    let message = run.json()["diagnostics"][0]["message"].clone();
    assert_eq!(
        message,
        "`spec.mtls.enabledBackned` is not a field of a Mesh: Kuma ignores it (did you mean `enabledBackend`?)"
    );
    let run = validate(
        "mesh-typos.yaml",
        &["--allow", "secret-unresolved", "--deny", "unknown-field"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = validate(
        "mesh-typos.yaml",
        &["--allow", "secret-unresolved", "-D", "warnings"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
}

#[test]
fn snake_case_is_not_kumas_spelling() {
    // mesh.proto's field names are camelCase, and jsonpb matches a field's name or its JSON
    // name (both camelCase): `enabled_backend` is ignored like any unknown key.
    let run = validate("mesh-snake.json", &["--allow", "secret-unresolved"]);
    assert_eq!(
        unknown(&run),
        [
            row(5, "mtls.enabled_backend", "enabledBackend"),
            row(
                13,
                "mtls.backends[0].conf.key.inline_string",
                "inlineString"
            ),
        ]
    );
}

#[test]
fn policy_typos_say_what_kuma_does_with_them_on_each_platform() {
    let run = validate("policies.yaml", &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        unknown(&run),
        [
            row(26, "spec.rules[0].default.allow[0].spiffeId", "spiffeID"),
            row(40, "spec.selector.dataplane.matchLabel", "matchLabels"),
        ]
    );
    let first = run.json()["diagnostics"][0]["message"].clone();
    assert!(
        first
            .as_str()
            .unwrap()
            .contains("the Kubernetes API server drops it"),
        "{first}"
    );
    let run = validate("universal-permission.yaml", &[]);
    assert_eq!(
        unknown(&run),
        [row(
            18,
            "spec.rules[0].default.allow[0].spiffeId",
            "spiffeID"
        )]
    );
    let message = run.json()["diagnostics"][0]["message"].clone();
    assert!(
        message.as_str().unwrap().contains(
            "reads it as `spiffeID` (keys match case-insensitively) but skips its schema check"
        ),
        "{message}"
    );
}

#[test]
fn known_keys_of_every_backend_type_pass() {
    for fixture in [
        "fixtures/rotation/kubernetes/1-added.yaml",
        "fixtures/rotation/json/1-added.json",
        "fixtures/rotation/universal/1-added.yaml",
    ] {
        let run = meshctl(&["validate", "--format", "json", fixture]);
        assert_eq!(unknown(&run), [], "{fixture}: {}", run.stdout);
    }
}

#[test]
fn typos_in_the_meshs_other_sections_are_named_too() {
    let dir = crate::TempDir::new("unknown-sections");
    let mesh = dir.file(
        "mesh.yaml",
        "type: Mesh\nname: m\nmetrics:\n  enabledBackned: p\n  backends:\n  - name: p\n    type: prometheus\n    conf: {port: 5670, skipMtls: true}\nlogging:\n  backends:\n  - name: f\n    type: file\n    conf: {pth: /tmp/log}\nnetworking: {outbound: {passtrough: true}}\n",
    );
    let run = meshctl(&["validate", "--format", "json", &mesh]);
    let paths: Vec<String> = unknown(&run)
        .into_iter()
        .map(|(_, p, m)| format!("{p} {m}"))
        .collect();
    assert_eq!(
        paths,
        [
            "metrics.enabledBackned enabledBackend",
            "metrics.backends[0].conf.skipMtls skipMTLS",
            "logging.backends[0].conf.pth path",
            "networking.outbound.passtrough passthrough",
        ]
    );
}
