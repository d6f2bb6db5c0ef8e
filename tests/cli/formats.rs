//! CI formats parsed back: SARIF (serde), JUnit (an XML parser), GitHub workflow commands and the
//! step summary; escaping; colour; and the committed completion scripts kept current.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use crate::{TempDir, meshctl, meshctl_with_stdin};

const LINT: &str = "fixtures/lint/unknown-enabled-backend.yaml";

#[test]
fn sarif_has_one_rule_per_code_and_located_results() {
    let run = meshctl(&["validate", "--format", "sarif", LINT]);
    assert_eq!(run.code, 1);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let codes: Vec<&str> = meshctl::diag::codes::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(ids, codes);
    assert!(
        rules
            .iter()
            .all(|r| r["shortDescription"]["text"].is_string() && r["help"]["text"].is_string())
    );
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "unknown-enabled-backend");
    assert_eq!(result["level"], "error");
    assert!(result["message"].is_object(), "message must be an object");
    assert_eq!(
        ids[result["ruleIndex"].as_u64().unwrap() as usize],
        "unknown-enabled-backend"
    );
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], LINT);
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 8, "startColumn": 5, "endColumn": 19})
    );
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);

    // Warnings are warnings, and an input error is an unsuccessful invocation with exit 2.
    let run = meshctl(&[
        "validate",
        "--format",
        "sarif",
        "fixtures/transition/mtls-disabled.yaml",
        "--current",
        "fixtures/transition/permissive-current.yaml",
        "--allow",
        "gate-unchecked",
    ]);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "warning");
    assert_eq!(run.code, 0);
    let run = meshctl(&["validate", "--format", "sarif", "fixtures/missing.yaml"]);
    assert_eq!(run.code, 2);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    assert!(
        sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("no such file")
    );
}

/// (suite, case, failure messages) from a JUnit report.
fn junit(xml: &str) -> Vec<(String, String, Vec<String>)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut suite = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.attributes()
                        .filter_map(Result::ok)
                        .find(|a| a.key.as_ref() == name.as_bytes())
                        .map(|a| a.unescape_value().unwrap().into_owned())
                        .unwrap_or_default()
                };
                match e.name().as_ref() {
                    b"testsuite" => suite = attr("name"),
                    b"testcase" => out.push((suite.clone(), attr("name"), Vec::new())),
                    b"failure" | b"error" => out.last_mut().unwrap().2.push(attr("message")),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_finding() {
    let run = meshctl(&[
        "validate",
        "--format",
        "junit",
        "fixtures/lint/invalid-duration.yaml",
    ]);
    assert_eq!(run.code, 1);
    let cases = junit(&run.stdout);
    assert_eq!(cases.len(), 5, "one case per finding: {cases:?}");
    assert!(
        cases
            .iter()
            .all(|c| c.0 == "fixtures/lint/invalid-duration.yaml" && c.2.len() == 1),
        "one failure each: {cases:?}"
    );
    // Named by what stays the same between runs: code, field path, quoted names.
    assert_eq!(
        cases[0].1,
        "invalid-duration spec.mtls.backends[0].dpCert.rotation.expiration ca-1 1h30m"
    );
    assert_eq!(
        cases[0].2[0],
        "error invalid-duration: backend `ca-1`: dpCert.rotation.expiration `1h30m` is not a Kuma duration"
    );

    // With --current, a suite per Mesh file; the gate finding sits in the proposed file's.
    let run = meshctl(&[
        "validate",
        "--format",
        "junit",
        "fixtures/rotation/kubernetes/2-switched.yaml",
        "--current",
        "fixtures/rotation/kubernetes/1-added.yaml",
    ]);
    let cases = junit(&run.stdout);
    let suites: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(suites.len(), 2, "{cases:?}");
    let gate = cases
        .iter()
        .find(|c| c.1.starts_with("gate-unchecked") && c.0.ends_with("2-switched.yaml"))
        .unwrap();
    assert!(
        gate.2[0].starts_with("error gate-unchecked: switching enabledBackend"),
        "{:?}",
        gate.2
    );
    // The current file's suite has a passing case.
    assert!(
        cases
            .iter()
            .any(|c| c.0.ends_with("1-added.yaml") && c.1 == "no findings")
    );

    let run = meshctl(&["validate", "--format", "junit", "fixtures/missing.yaml"]);
    assert_eq!(run.code, 2);
    assert_eq!(junit(&run.stdout)[0].1, "input-error");
}

#[test]
fn github_commands_escape_as_github_does() {
    let dir = TempDir::new("github");
    let path = dir.file("we,ird:name.yaml", "type: Mesh\nname: m\nmtls:\n  enabledBackend: \"50%: a\\nb\"\n  backends: [{name: a, type: builtin}]\n");
    let run = meshctl(&["validate", "--format", "github", &path]);
    assert_eq!(run.code, 1);
    let line = run.stdout.lines().next().unwrap();
    let (props, message) = line
        .strip_prefix("::error ")
        .unwrap()
        .split_once("::")
        .unwrap();
    assert!(props.contains("we%2Cird%3Aname.yaml"), "{props}");
    assert!(
        props.contains(",line=4,col=3,endColumn=17,title=unknown-enabled-backend"),
        "{props}"
    );
    assert!(
        message.starts_with("enabledBackend `50%25: a%0Ab` is not one of"),
        "{message}"
    );
    assert!(!message.contains('\n'));
    assert_eq!(
        run.stdout.lines().last(),
        Some("meshctl validate: fail (1 error, 0 warnings)")
    );

    let run = meshctl(&[
        "validate",
        "--format",
        "github",
        "fixtures/transition/mtls-disabled.yaml",
        "--current",
        "fixtures/transition/permissive-current.yaml",
        "--allow",
        "gate-unchecked",
    ]);
    assert!(
        run.stdout
            .starts_with("::warning file=fixtures/transition/mtls-disabled.yaml,line=7,col=5,"),
        "{}",
        run.stdout
    );
}

#[test]
fn github_appends_a_step_summary() {
    let dir = TempDir::new("summary");
    let summary = dir.0.join("summary.md");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_meshctl"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap()
    };
    run(&["validate", "--format", "github", LINT]);
    run(&["validate", "--format", "github", LINT]);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(
        text.matches("### meshctl validate: fail (1 error, 0 warnings)")
            .count(),
        2,
        "{text}"
    );
    assert!(
        text.contains(
            "| error | `unknown-enabled-backend` | fixtures/lint/unknown-enabled-backend.yaml:8:5 |"
        ),
        "{text}"
    );
}

#[test]
fn colour_only_when_asked() {
    let always = meshctl(&["validate", "--color", "always", LINT]);
    assert!(always.stdout.contains('\u{1b}'), "--color always colours");
    for args in [
        &["validate", "--color", "never", LINT][..],
        &["validate", LINT],
    ] {
        let run = meshctl(args);
        assert!(
            !run.stdout.contains('\u{1b}'),
            "{args:?}: no colour without a terminal or with NO_COLOR"
        );
    }
    let piped = meshctl_with_stdin(
        &["validate", "-"],
        Some(std::fs::read(LINT).unwrap().as_slice()),
    );
    assert!(!piped.stdout.contains('\u{1b}'));
}

#[test]
fn committed_completions_are_current() {
    use clap_complete::Shell;
    for (shell, file) in [
        (Shell::Bash, "meshctl.bash"),
        (Shell::Zsh, "_meshctl"),
        (Shell::Fish, "meshctl.fish"),
        (Shell::PowerShell, "_meshctl.ps1"),
        (Shell::Elvish, "meshctl.elv"),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("completions")
            .join(file);
        let generated = meshctl::completions(shell);
        if std::env::var_os("MESHCTL_BLESS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "completions/{file} is stale: rerun `cargo test` with MESHCTL_BLESS=1"
        );
        let run = meshctl(&["completions", &shell.to_string()]);
        assert_eq!((run.code, run.stdout.as_str()), (0, generated.as_str()));
    }
    let man = meshctl(&["man"]);
    assert_eq!(man.code, 0);
    assert!(man.stdout.starts_with(".ie \\n(.g .ds Aq"), "roff");
    assert!(man.stdout.contains("next\\-step"));
    assert!(man.stdout.contains(".SH \"EXIT STATUS\""));
    assert!(man.stdout.contains("\\fBmeshctl\\-validate\\fR(1)"));
}

#[test]
fn every_command_has_a_man_page_with_examples_and_exit_status() {
    let dir = TempDir::new("man");
    let out = dir.0.to_string_lossy().into_owned();
    let run = meshctl(&["man", "--dir", &out]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for command in [
        "validate",
        "plan",
        "next-step",
        "status",
        "wait",
        "snapshot",
        "explain",
    ] {
        let page = std::fs::read_to_string(dir.0.join(format!("meshctl-{command}.1"))).unwrap();
        assert!(page.contains(".SH EXAMPLES"), "{command}");
        assert!(page.contains(".SH \"EXIT STATUS\""), "{command}");
        assert!(page.contains(".SH OPTIONS"), "{command}");
    }
    let validate = meshctl(&["man", "validate"]);
    assert!(
        validate.stdout.contains(".TH meshctl-validate 1"),
        "{}",
        validate.stdout
    );
    assert!(validate.stdout.contains("\\fB2\\fR\nusage or input error"));
    let run = meshctl(&["man", "nope"]);
    assert_eq!(run.code, 2);
}
