//! `validate` over several files and directories: every Mesh, each against the current Mesh of
//! its name, one report, the worst verdict.

use crate::{Run, TempDir, meshctl};

const GITOPS: &str = "fixtures/many/gitops";
const CURRENT: &str = "fixtures/many/current";

/// `(code, file)` of every finding.
fn found(run: &Run) -> Vec<(String, String)> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn validate(args: &[&str]) -> Run {
    let mut all = vec![
        "validate",
        "--format",
        "json",
        "--allow",
        "secret-unresolved",
    ];
    all.extend(args);
    meshctl(&all)
}

#[test]
fn a_directory_is_read_recursively_and_a_broken_file_does_not_stop_the_others() {
    let run = validate(&[GITOPS, "--current", CURRENT]);
    assert_eq!(run.code, 2, "a file could not be read: {}", run.stdout);
    let found = found(&run);
    let files: std::collections::BTreeSet<&str> = found.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [
            "fixtures/many/gitops/broken.yml",
            "fixtures/many/gitops/prod/typos.yaml",
            "fixtures/many/gitops/switched.yaml",
        ],
        "hidden directories and other extensions are not read: {found:?}"
    );
    assert_eq!(found[0].0, "input-error");
    assert_eq!(
        found.iter().filter(|f| f.0 == "unknown-field").count(),
        6,
        "{found:?}"
    );
    // switched.yaml is Mesh `default`, checked against the current `default`: a switch, gated.
    assert!(found.contains(&(
        "gate-unchecked".to_string(),
        "fixtures/many/gitops/switched.yaml".to_string()
    )));
    assert_eq!(
        run.json()["notes"][0],
        "checked 2 Meshes from 4 files; skipped 1 document of other kinds (1 file without a Mesh); 1 could not be read"
    );
}

#[test]
fn several_files_give_the_worst_verdict() {
    let typos = "fixtures/many/gitops/prod/typos.yaml";
    let switched = "fixtures/many/gitops/switched.yaml";
    // Warnings alone: pass.
    let run = validate(&[typos, "fixtures/rotation/kubernetes/1-added.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // An error in one: fail.
    let run = validate(&[typos, switched, "--current", CURRENT]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    // A gate that does not hold in one: an error (validate does not wait).
    let run = validate(&[
        typos,
        switched,
        "--current",
        CURRENT,
        "--state",
        "fixtures/state/overview/added-converging.json",
        "--now",
        "2026-11-27T12:00:00Z",
    ]);
    let codes: Vec<String> = found(&run).into_iter().map(|f| f.0).collect();
    assert!(
        codes.contains(&"new-backend-not-trusted".to_string()),
        "{codes:?}"
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    // --mesh picks one Mesh among them.
    let run = validate(&[GITOPS, "--mesh", "payments"]);
    assert!(
        found(&run)
            .iter()
            .all(|f| f.1.ends_with("typos.yaml") || f.0 == "input-error")
    );
}

#[test]
fn symbolic_links_are_not_followed_and_reports_cover_every_file() {
    let dir = TempDir::new("many-links");
    let inside = dir.file(
        "mesh.yaml",
        std::fs::read_to_string("fixtures/many/gitops/switched.yaml").unwrap(),
    );
    let root = std::path::Path::new(&inside)
        .parent()
        .unwrap()
        .to_path_buf();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        std::fs::canonicalize("fixtures/many/gitops/broken.yml").unwrap(),
        root.join("linked.yaml"),
    )
    .unwrap();
    let run = validate(&[root.to_str().unwrap()]);
    assert_eq!(
        run.code, 0,
        "the link to a broken file is not read: {}",
        run.stdout
    );

    // JUnit: a suite per file; SARIF: one run with every file's results.
    let run = meshctl(&[
        "validate",
        "--format",
        "junit",
        "--allow",
        "secret-unresolved",
        GITOPS,
    ]);
    for file in ["broken.yml", "prod/typos.yaml", "switched.yaml"] {
        assert!(
            run.stdout
                .contains(&format!("<testsuite name=\"fixtures/many/gitops/{file}\"")),
            "{file}: {}",
            run.stdout
        );
    }
    let run = meshctl(&["validate", "--format", "sarif", GITOPS]);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let uris: std::collections::BTreeSet<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    // switched.yaml has no current Mesh here: linted clean, no result.
    assert_eq!(
        uris.into_iter().collect::<Vec<_>>(),
        [
            "fixtures/many/gitops/broken.yml",
            "fixtures/many/gitops/prod/typos.yaml"
        ]
    );
}

#[test]
fn a_mesh_named_twice_or_missing_from_current_is_an_input_error_never_a_pass() {
    let dir = TempDir::new("many-twice");
    let switched = std::fs::read_to_string("fixtures/many/gitops/switched.yaml").unwrap();
    let added = std::fs::read_to_string("fixtures/rotation/kubernetes/1-added.yaml").unwrap();
    std::fs::create_dir_all(dir.0.join("cur")).unwrap();
    std::fs::create_dir_all(dir.0.join("prop")).unwrap();
    dir.file("prop/mesh.yaml", &switched);
    dir.file("cur/a.yaml", &added);
    // A stale copy of the same Mesh beside the live one: which is current is a guess.
    dir.file("cur/b.yaml", &switched);
    let root = dir.0.to_string_lossy().into_owned();
    let (prop, cur) = (format!("{root}/prop"), format!("{root}/cur"));
    let run = validate(&[&prop, "--current", &cur]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("--current hold Mesh `default` twice"),
        "{}",
        run.stdout
    );
    // A current without the proposed Mesh: its gates would vanish.
    std::fs::remove_file(dir.0.join("cur/b.yaml")).unwrap();
    dir.file("cur/a.yaml", added.replace("name: default", "name: other"));
    let run = validate(&[&prop, "--current", &cur]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("holds no Mesh `default`"),
        "{}",
        run.stdout
    );
    // Nothing checked at all: an input error, unless asked to skip files of other kinds.
    std::fs::create_dir_all(dir.0.join("empty")).unwrap();
    let empty = format!("{root}/empty");
    assert_eq!(validate(&[&empty]).code, 2);
    assert_eq!(validate(&[&empty, "--skip-other-kinds"]).code, 0);
    assert_eq!(validate(&[GITOPS, "--mesh", "nosuch"]).code, 2);
    // pre-commit passes one changed file that is no Mesh: skipped with --skip-other-kinds.
    let run = validate(&[".pre-commit-hooks.yaml", "--skip-other-kinds"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // The state cannot come from stdin for several Meshes.
    assert_eq!(validate(&[GITOPS, "--state", "-"]).code, 2);
}

#[test]
fn secrets_and_policies_in_other_files_of_the_directory_count() {
    let dir = TempDir::new("many-split");
    dir.file(
        "mesh.yaml",
        "type: Mesh\nname: m\nmtls:\n  enabledBackend: p\n  backends:\n  - name: p\n    type: provided\n    conf: {cert: {secret: p-cert}, key: {secret: p-key}}\n",
    );
    dir.file(
        "secrets.yaml",
        "type: Secret\nname: p-cert\nmesh: m\ndata: bm90IGEgY2VydA==\n---\ntype: Secret\nname: p-key\nmesh: m\ndata: bm90IGEga2V5\n",
    );
    dir.file(
        "mtp.yaml",
        "type: MeshTrafficPermission\nname: p\nmesh: m\nspec:\n  targetRef: {kind: Mesh}\n  from:\n  - targetRef: {kind: Mesh}\n    default: {acton: Allow}\n",
    );
    let root = dir.0.to_string_lossy().into_owned();
    let run = validate(&[&root]);
    let codes: Vec<String> = found(&run).into_iter().map(|f| f.0).collect();
    assert!(
        !codes.contains(&"secret-unresolved".to_string()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"ca-unreadable".to_string()),
        "the Secret was read: {codes:?}"
    );
    assert!(
        found(&run).contains(&("unknown-field".to_string(), format!("{root}/mtp.yaml"))),
        "{codes:?}"
    );
    // --quiet still names an input that could not be read.
    let run = meshctl(&["validate", "-q", GITOPS]);
    assert!(
        run.stdout
            .starts_with("error: fixtures/many/gitops/broken.yml:3:"),
        "{}",
        run.stdout
    );
}
