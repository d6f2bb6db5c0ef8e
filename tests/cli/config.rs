//! `meshctl.toml`: found upwards to the repository's root, flags over the file, stricter only.

use crate::{Run, TempDir, meshctl_in};

/// A repository (a `.git` directory) with `meshctl.toml` holding `settings`, and a
/// subdirectory to run from.
fn repository(name: &str, settings: &str) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new(name);
    std::fs::create_dir_all(dir.0.join(".git")).unwrap();
    std::fs::create_dir_all(dir.0.join("meshes/prod")).unwrap();
    dir.file("meshctl.toml", settings);
    let below = dir.0.join("meshes/prod");
    (dir, below)
}

fn mesh() -> String {
    std::fs::canonicalize("fixtures/unknown-fields/mesh-typos.yaml")
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn severities(run: &Run) -> Vec<(String, String)> {
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
}

#[test]
fn the_nearest_file_up_to_the_repository_root_sets_checks_and_flags_win() {
    let (dir, below) = repository("config-found", "# Stricter in CI.\ndeny = [\"warnings\"]\n");
    let run = meshctl_in(
        &below,
        &[
            "validate",
            "--format",
            "json",
            "--allow",
            "secret-unresolved",
            &mesh(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = severities(&run);
    assert!(
        found
            .iter()
            .all(|(c, s)| c == "unknown-field" && s == "error"),
        "{found:?}"
    );
    assert_eq!(
        run.json()["notes"][0],
        format!("settings from {}", dir.0.join("meshctl.toml").display())
    );
    // A flag wins for the code it names.
    let run = meshctl_in(
        &below,
        &[
            "validate",
            "--format",
            "json",
            "--warn",
            "unknown-field",
            "--warn",
            "secret-unresolved",
            &mesh(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    // --no-config reads none; --config names another.
    let run = meshctl_in(
        &below,
        &["validate", "--format", "json", "--no-config", &mesh()],
    );
    assert_eq!(run.code, 0);
    assert!(severities(&run).contains(&("secret-unresolved".into(), "warning".into())));
    let other = dir.file("other.toml", "deny = [\"unknown-field\"]\n");
    let run = meshctl_in(
        &below,
        &["validate", "--format", "json", "--config", &other, &mesh()],
    );
    assert_eq!(run.code, 1);
    assert!(severities(&run).contains(&("secret-unresolved".into(), "warning".into())));
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let outer = TempDir::new("config-outer");
    outer.file("meshctl.toml", "deny = [\"warnings\"]\n");
    std::fs::create_dir_all(outer.0.join("repo/.git")).unwrap();
    let run = meshctl_in(
        &outer.0.join("repo"),
        &["validate", "--format", "json", &mesh()],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_file_may_not_relax_a_gate_and_unknown_keys_are_input_errors() {
    for (settings, needle) in [
        (
            "allow = [\"gate-unchecked\"]\n",
            "meshctl.toml:1:10: `allow` may not name `gate-unchecked`",
        ),
        (
            "warn = [\"authorization-lost\"]\n",
            "`warn` may not name `authorization-lost`",
        ),
        (
            "warn = [\"state-incomplete\"]\n",
            "`warn` may not name `state-incomplete`",
        ),
        (
            "allow = [\"switch-and-remove\"]\n",
            "`allow` may not name `switch-and-remove`",
        ),
        (
            "deny = [\"warnings\"]\nmin-ca-valdity = \"90d\"\n",
            "meshctl.toml:2:1: unknown field `min-ca-valdity`",
        ),
        (
            "deny = [\"unknown-feild\"]\n",
            "did you mean `unknown-field`?",
        ),
        ("product = \"istio\"\n", "unknown product `istio`"),
        // It says a CA's checks were skipped: hiding it hides an unchecked CA.
        (
            "allow = [\"secret-unresolved\"]\n",
            "`allow` may not name `secret-unresolved`",
        ),
    ] {
        let (_dir, below) = repository("config-refused", settings);
        let run = meshctl_in(&below, &["validate", "--format", "json", &mesh()]);
        assert_eq!(run.code, 2, "{settings}: {}", run.stdout);
        assert!(run.stderr.contains(needle), "{settings}: {}", run.stderr);
    }
    // Relaxing a static rule is the repository's call (a Kong Mesh repo, say); the command
    // line's -D warnings outranks it.
    let (_dir, below) = repository("config-static", "allow = [\"unknown-field\"]\n");
    let args = |more: &[&'static str]| {
        let mut all = vec![
            "validate",
            "--format",
            "json",
            "--allow",
            "secret-unresolved",
        ];
        all.extend(more);
        all
    };
    let typos = mesh();
    let run = meshctl_in(&below, &[args(&[]), vec![&typos]].concat());
    assert_eq!((run.code, severities(&run)), (0, vec![]));
    let run = meshctl_in(&below, &[args(&["-D", "warnings"]), vec![&typos]].concat());
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        severities(&run)
            .iter()
            .all(|(c, s)| c == "unknown-field" && s == "error")
    );
}
