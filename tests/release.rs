//! The release files: the workflows pass actionlint, the composite Action, the pre-commit hooks,
//! the GitLab template and the container image say what the README promises, and the SARIF
//! meshctl writes passes the OASIS schema with every result located. Tests that need a
//! tool this machine may lack are ignored with the reason; CI installs the tools and runs them
//! (`cargo test --test release -- --include-ignored`).

use std::path::Path;
use std::process::Command;

use serde_yaml::Value;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_release_builds_static_linux_and_macos_binaries_with_checksums() {
    let release = yaml(".github/workflows/release.yml");
    let targets: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin"
        ]
    );
    let text = std::fs::read_to_string(".github/workflows/release.yml").unwrap();
    assert!(text.contains("sha256sum") && text.contains("SHA256SUMS"));
    assert!(text.contains("tags: [\"v*\"]"));
}

#[test]
fn the_action_installs_a_verified_release_and_uploads_sarif() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["args", "version", "sarif-file", "upload-sarif"] {
        assert!(!action["inputs"][input].is_null(), "input {input}");
    }
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let install = steps[0]["run"].as_str().unwrap();
    assert!(install.contains("sha256sum -c"), "{install}");
    assert!(
        steps
            .iter()
            .any(|s| s["uses"].as_str() == Some("github/codeql-action/upload-sarif@v3"))
    );
    // The arguments reach meshctl as words, never through the shell's expansion of an input.
    let run = steps[1]["run"].as_str().unwrap();
    assert!(run.contains("read -r -a args <<< \"$ARGS\""), "{run}");
    assert!(!run.contains("${{"), "{run}");
}

#[test]
fn the_image_is_the_binary_and_ca_roots_run_as_non_root() {
    let text = std::fs::read_to_string("Dockerfile").unwrap();
    let last = text.rsplit("FROM ").next().unwrap();
    assert!(last.starts_with("scratch"), "{last}");
    assert!(last.contains("USER 65534:65534"));
    let copies: Vec<&str> = last.lines().filter(|l| l.starts_with("COPY")).collect();
    assert_eq!(copies.len(), 2, "the binary and the CA roots: {copies:?}");
}

#[test]
fn the_hooks_and_the_gitlab_template_run_validate() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().unwrap();
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["meshctl-validate", "meshctl-validate-system"]);
    for hook in hooks {
        assert_eq!(hook["entry"], "meshctl validate --quiet --skip-other-kinds");
    }
    let gitlab = yaml("ci/meshctl.gitlab-ci.yml");
    let script = gitlab[".meshctl"]["script"][0].as_str().unwrap();
    assert!(
        script.contains("--format junit --junit-flavor gitlab"),
        "{script}"
    );
    assert_eq!(
        gitlab[".meshctl"]["artifacts"]["reports"]["junit"],
        "meshctl.xml"
    );
}

fn on_path(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

#[test]
#[ignore = "needs actionlint (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)"]
fn the_workflows_pass_actionlint() {
    assert!(on_path("actionlint"), "actionlint is not on PATH");
    let out = Command::new("actionlint")
        .args([".github/workflows/ci.yml", ".github/workflows/release.yml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "needs pre-commit (pip install pre-commit)"]
fn the_system_hook_fails_on_a_bad_mesh_and_passes_a_good_one() {
    assert!(on_path("pre-commit"), "pre-commit is not on PATH");
    let bin = Path::new(env!("CARGO_BIN_EXE_meshctl")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let hook = |file: &str| {
        Command::new("pre-commit")
            .args(["try-repo", ".", "meshctl-validate-system", "--files", file])
            .env("PATH", &path)
            .env(
                "PRE_COMMIT_HOME",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit"),
            )
            .output()
            .unwrap()
    };
    let good = hook("fixtures/rotation/kubernetes/1-added.yaml");
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stdout)
    );
    let bad = hook("fixtures/lint/invalid-duration.yaml");
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stdout).contains("meshctl validate: fail"),
        "{}",
        String::from_utf8_lossy(&bad.stdout)
    );
}

#[test]
#[ignore = "needs python3 with jsonschema (pip install jsonschema)"]
fn sarif_passes_the_oasis_schema_with_every_result_located() {
    let bin = env!("CARGO_BIN_EXE_meshctl");
    let runs = [
        vec!["validate", "--format", "sarif", "fixtures/many/gitops"],
        vec![
            "validate",
            "--format",
            "sarif",
            "fixtures/rotation/kubernetes/2-switched.yaml",
            "--current",
            "fixtures/rotation/kubernetes/1-added.yaml",
            "--state",
            "fixtures/state/overview/added-converging.json",
        ],
        vec![
            "validate",
            "--format",
            "sarif",
            "--now",
            "yesterday",
            "fixtures/lint/skip-validation.yaml",
        ],
        vec![
            "validate",
            "--format",
            "sarif",
            "fixtures/lint/skip-validation.yaml",
            "--bogus",
        ],
    ];
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sarif-schema");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, args) in runs.iter().enumerate() {
        let out = Command::new(bin).args(args).output().unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF JSON");
        for result in log["runs"][0]["results"].as_array().unwrap() {
            assert!(
                result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].is_string(),
                "{args:?}: a result without a location: {result}"
            );
        }
        let file = dir.join(format!("{i}.sarif"));
        std::fs::write(&file, &out.stdout).unwrap();
        let check = Command::new("python3")
            .args([
                "-c",
                "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
            ])
            .arg(&file)
            .arg("fixtures/schemas/sarif-schema-2.1.0.json")
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}
