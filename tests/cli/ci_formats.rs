//! What CI consumers show (issue 15): SARIF read back into serde-sarif's schema types with code
//! scanning's rules, JUnit and the step summary parsed back, over files with nasty names and
//! messages; input and option errors never look like a clean analysis.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_sarif::sarif::Sarif;

use crate::{Run, TempDir, meshctl, meshctl_with_stdin};

/// A Mesh whose `enabledBackend` names nothing, with every character a consumer could trip on.
const NASTY: &str = "type: Mesh\nname: m\nmtls:\n  enabledBackend: \"a|b\\r\\n<x> & `y` 50%: é,z\"\n  backends: [{name: a, type: builtin}]\n";

fn sarif(run: &Run) -> Sarif {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not SARIF ({e}):\n{}", run.stdout))
}

#[test]
fn sarif_locations_are_encoded_references_from_the_repository() {
    let dir = TempDir::new("sarif-uri");
    std::fs::create_dir_all(dir.0.join("dir with space")).unwrap();
    let path = dir.file("dir with space/na,me:50%.yaml", NASTY);
    let run = meshctl(&["validate", "--format", "sarif", &path]);
    assert_eq!(run.code, 1);
    let log = sarif(&run);
    let run0 = &log.runs[0];
    assert_eq!(
        run0.column_kind,
        Some(serde_json::json!("unicodeCodePoints"))
    );
    let base = &run0.original_uri_base_ids.as_ref().unwrap()["%SRCROOT%"];
    let root_uri = base.uri.as_deref().unwrap();
    assert!(
        root_uri.starts_with("file:///") && root_uri.ends_with('/'),
        "{root_uri}"
    );
    let artifact = run0.results.as_ref().unwrap()[0]
        .locations
        .as_ref()
        .unwrap()[0]
        .physical_location
        .as_ref()
        .unwrap()
        .artifact_location
        .as_ref()
        .unwrap();
    assert_eq!(artifact.uri_base_id.as_deref(), Some("%SRCROOT%"));
    let uri = artifact.uri.as_deref().unwrap();
    // Relative to the working directory (the crate's root here; the target dir may be elsewhere).
    assert!(
        !uri.starts_with('/') && !uri.contains(':') && uri.contains("sarif-uri-"),
        "a relative reference: {uri}"
    );
    assert!(
        uri.ends_with("/dir%20with%20space/na%2Cme%3A50%25.yaml"),
        "{uri}"
    );

    // --sarif-root: relative to that directory instead.
    let root = dir.0.to_string_lossy().into_owned();
    let run = meshctl(&[
        "validate",
        "--format",
        "sarif",
        "--sarif-root",
        &root,
        &path,
    ]);
    let log = sarif(&run);
    let located = &log.runs[0].results.as_ref().unwrap()[0]
        .locations
        .as_ref()
        .unwrap()[0];
    let uri = located
        .physical_location
        .as_ref()
        .unwrap()
        .artifact_location
        .as_ref()
        .unwrap()
        .uri
        .clone();
    assert_eq!(
        uri.as_deref(),
        Some("dir%20with%20space/na%2Cme%3A50%25.yaml")
    );

    // Standard input has a documented placeholder.
    let run = meshctl_with_stdin(
        &["validate", "--format", "sarif", "-"],
        Some(NASTY.as_bytes()),
    );
    let log = sarif(&run);
    let located = &log.runs[0].results.as_ref().unwrap()[0]
        .locations
        .as_ref()
        .unwrap()[0];
    let artifact = located
        .physical_location
        .as_ref()
        .unwrap()
        .artifact_location
        .as_ref()
        .unwrap();
    assert_eq!(artifact.uri.as_deref(), Some("urn:meshctl:stdin"));
    assert_eq!(artifact.uri_base_id, None);
}

#[test]
fn sarif_rules_results_and_columns_as_code_scanning_wants_them() {
    let run = meshctl(&[
        "validate",
        "--format",
        "sarif",
        "fixtures/lint/skip-validation.yaml",
    ]);
    let log = sarif(&run);
    let driver = &log.runs[0].tool.driver;
    assert!(
        driver
            .information_uri
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    );
    assert_eq!(
        driver.semantic_version.as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    for rule in driver.rules.as_ref().unwrap() {
        let name = rule.name.as_deref().unwrap();
        assert_ne!(name, rule.id, "a name other than the id");
        assert!(
            rule.help_uri
                .as_deref()
                .is_some_and(|u| u.ends_with("#diagnostic-codes"))
        );
        let properties = rule.properties.as_ref().unwrap();
        assert!(
            properties
                .tags
                .as_ref()
                .unwrap()
                .contains(&"mtls".to_string())
        );
        assert!(properties.additional_properties.contains_key("precision"));
    }
    // Two results on the same span differ in their fingerprints.
    let results = log.runs[0].results.as_ref().unwrap();
    let missing: Vec<_> = results
        .iter()
        .filter(|r| r.rule_id.as_deref() == Some("missing-ca-source"))
        .collect();
    assert_eq!(missing.len(), 2);
    let print = |r: &serde_sarif::sarif::Result| {
        r.partial_fingerprints.as_ref().unwrap()["meshctlFinding/v1"].clone()
    };
    assert_ne!(print(missing[0]), print(missing[1]));
    // The same run again gives the same fingerprints.
    let again = sarif(&meshctl(&[
        "validate",
        "--format",
        "sarif",
        "fixtures/lint/skip-validation.yaml",
    ]));
    let all = |log: &Sarif| {
        log.runs[0]
            .results
            .as_ref()
            .unwrap()
            .iter()
            .map(print)
            .collect::<Vec<_>>()
    };
    assert_eq!(all(&log), all(&again));

    // Columns count code points, in SARIF and in the human report alike.
    let dir = TempDir::new("sarif-columns");
    let wide = dir.file("wide.yaml", "type: Mesh\nname: m\nmtls: {\"説明\": 1, enabledBackend: nope, backends: [{name: a, type: builtin}]}\n");
    let log = sarif(&meshctl(&["validate", "--format", "sarif", &wide]));
    let at = |rule: &str| {
        let result = log.runs[0]
            .results
            .as_ref()
            .unwrap()
            .iter()
            .find(|r| r.rule_id.as_deref() == Some(rule))
            .unwrap();
        let region = result.locations.as_ref().unwrap()[0]
            .physical_location
            .as_ref()
            .unwrap()
            .region
            .clone()
            .unwrap();
        (region.start_line, region.start_column)
    };
    assert_eq!(at("unknown-enabled-backend"), (Some(3), Some(17)));
    assert_eq!(at("unknown-field"), (Some(3), Some(8)));
    let human = meshctl(&["validate", "--color", "never", &wide]);
    assert!(human.stdout.contains("wide.yaml:3:17]"), "{}", human.stdout);
}

#[test]
fn input_and_option_errors_are_error_results_not_clean_runs() {
    let run = meshctl(&["validate", "--format", "sarif", "fixtures/missing.yaml"]);
    assert_eq!(run.code, 2);
    let log = sarif(&run);
    let result = &log.runs[0].results.as_ref().unwrap()[0];
    assert_eq!(result.rule_id.as_deref(), Some("input-error"));
    assert_eq!(result.level, Some(serde_sarif::sarif::ResultLevel::Error));
    let artifact = result.locations.as_ref().unwrap()[0]
        .physical_location
        .as_ref()
        .unwrap()
        .artifact_location
        .clone()
        .unwrap();
    assert_eq!(artifact.uri.as_deref(), Some("fixtures/missing.yaml"));
    assert!(!log.runs[0].invocations.as_ref().unwrap()[0].execution_successful);

    // A bad option names no file, in every format; SARIF places it on the first input (GitHub's
    // upload refuses a result without a location).
    let bad = [
        "validate",
        "fixtures/lint/skip-validation.yaml",
        "--now",
        "yesterday",
    ];
    let with = |format: &str| {
        let mut args = bad.to_vec();
        args.extend(["--format", format]);
        meshctl(&args)
    };
    let json = with("json");
    assert_eq!(json.code, 2);
    assert_eq!(json.json()["error"]["file"], serde_json::Value::Null);
    let github = with("github");
    assert!(
        github
            .stdout
            .starts_with("::error title=input-error::--now `yesterday`"),
        "{}",
        github.stdout
    );
    let log = sarif(&with("sarif"));
    let result = &log.runs[0].results.as_ref().unwrap()[0];
    assert_eq!(result.rule_id.as_deref(), Some("input-error"));
    let located = result.locations.as_ref().unwrap()[0]
        .physical_location
        .as_ref()
        .unwrap()
        .artifact_location
        .as_ref()
        .unwrap()
        .uri
        .clone();
    assert_eq!(
        located.as_deref(),
        Some("fixtures/lint/skip-validation.yaml")
    );
    let junit = with("junit");
    assert!(
        junit.stdout.contains("<testsuite name=\"meshctl options\""),
        "{}",
        junit.stdout
    );
    assert!(
        !junit.stdout.contains("name=\"meshctl\" "),
        "{}",
        junit.stdout
    );
}

/// (suite, case, file, line, outcome, message) of every test case.
fn junit_cases(xml: &str) -> Vec<[String; 6]> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<[String; 6]> = Vec::new();
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
                    b"testcase" => {
                        assert_eq!(attr("time"), "0");
                        out.push([
                            suite.clone(),
                            attr("name"),
                            attr("file"),
                            attr("line"),
                            "passed".into(),
                            String::new(),
                        ]);
                    }
                    kind @ (b"failure" | b"error" | b"skipped") => {
                        let last = out.last_mut().unwrap();
                        assert_eq!(last[4], "passed", "at most one outcome per case");
                        last[4] = String::from_utf8_lossy(kind).into_owned();
                        last[5] = attr("message");
                    }
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
fn junit_and_the_step_summary_show_nasty_messages_as_they_are() {
    let dir = TempDir::new("junit-nasty");
    let path = dir.file("na,me:50%.yaml", NASTY);
    let run = meshctl(&[
        "validate",
        "--format",
        "junit",
        "--junit-flavor",
        "gitlab",
        &path,
    ]);
    let cases = junit_cases(&run.stdout);
    assert_eq!(cases.len(), 1, "{cases:?}");
    let [suite, name, file, line, outcome, message] = cases[0].clone();
    assert_eq!((suite, file.clone()), (path.clone(), path.clone()));
    assert_eq!((line.as_str(), outcome.as_str()), ("4", "failure"));
    assert!(
        name.starts_with("unknown-enabled-backend mtls.enabledBackend a|b  <x>"),
        "{name:?}"
    );
    assert!(
        message.contains("`a|b\r\n<x> & `y` 50%: é,z`"),
        "CR and LF kept: {message:?}"
    );

    // Warnings are skipped cases GitLab shows, with their message.
    let run = meshctl(&[
        "validate",
        "--format",
        "junit",
        "--junit-flavor",
        "gitlab",
        "fixtures/transition/mtls-disabled.yaml",
        "--current",
        "fixtures/rotation/kubernetes/0-current.yaml",
    ]);
    let cases = junit_cases(&run.stdout);
    assert!(
        cases
            .iter()
            .any(|c| c[4] == "skipped" && c[5].starts_with("warning mtls-disabled:")),
        "{cases:?}"
    );
    // State files are inputs, not suites.
    let run = meshctl(&[
        "validate",
        "--format",
        "junit",
        "fixtures/rotation/kubernetes/2-switched.yaml",
        "--current",
        "fixtures/rotation/kubernetes/1-added.yaml",
        "--state",
        "fixtures/state/overview/added-converging.json",
        "--now",
        "2026-11-27T12:00:00Z",
    ]);
    let cases = junit_cases(&run.stdout);
    assert!(
        cases.iter().all(|c| !c[0].contains("fixtures/state")),
        "{cases:?}"
    );

    // The step summary escapes what cmark-gfm would read as table, HTML or code.
    let summary = dir.0.join("summary.md");
    std::process::Command::new(env!("CARGO_BIN_EXE_meshctl"))
        .args(["validate", "--format", "github", &path])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&summary).unwrap();
    let row = text.lines().find(|l| l.starts_with("| error |")).unwrap();
    assert!(
        row.contains(
            "enabledBackend \\`a\\|b<br>&lt;x&gt; &amp; \\`y\\` 50%: é,z\\` is not one of"
        ),
        "{row}"
    );
    assert_eq!(row.matches(" | ").count(), 3, "four cells: {row}");
}

/// Every command's SARIF reads back into the schema's types, and its JUnit is well-formed XML.
#[test]
fn every_commands_sarif_and_junit_read_back() {
    let k8s = |s: &str| format!("fixtures/rotation/kubernetes/{s}.yaml");
    let state = "fixtures/state/overview/added-converging.json";
    let commands: Vec<Vec<String>> = vec![
        vec![
            "validate".into(),
            k8s("2-switched"),
            "--current".into(),
            k8s("1-added"),
            "--state".into(),
            state.into(),
        ],
        vec![
            "plan".into(),
            "--current".into(),
            k8s("0-current"),
            "--target".into(),
            k8s("3-removed"),
        ],
        vec![
            "next-step".into(),
            "--current".into(),
            k8s("1-added"),
            "--target".into(),
            k8s("3-removed"),
            "--state".into(),
            state.into(),
        ],
        vec![
            "status".into(),
            "--current".into(),
            k8s("1-added"),
            "--state".into(),
            state.into(),
        ],
        vec!["validate".into(), "fixtures/ca/weak-inline.yaml".into()],
        vec![
            "validate".into(),
            "fixtures/lint/invalid-duration.yaml".into(),
        ],
    ];
    for command in commands {
        for format in ["sarif", "junit"] {
            let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
            args.extend(["--format", format, "--now", "2026-11-27T12:00:00Z"]);
            let run = meshctl(&args);
            assert!(run.code <= 4, "{args:?}: {}", run.stderr);
            if format == "sarif" {
                sarif(&run);
            } else {
                junit_cases(&run.stdout);
            }
        }
    }
}

/// Jenkins' junit-4.xsd, as rules: the attributes each element may carry, the children it may
/// hold in order, and the attributes it must carry. Checked on the parsed output (the schema
/// itself is not fetched: the test runs on a fresh clone without network).
fn junit4_violations(xml: &str) -> Vec<String> {
    let allowed = |element: &str| -> Option<(&[&str], &[&str], &[&str])> {
        Some(match element {
            "testsuites" => (
                &["name", "time", "tests", "failures", "disabled", "errors"],
                &["testsuite"],
                &[],
            ),
            "testsuite" => (
                &[
                    "name",
                    "tests",
                    "failures",
                    "errors",
                    "time",
                    "disabled",
                    "skipped",
                    "timestamp",
                    "hostname",
                    "id",
                    "package",
                ],
                &["properties", "testcase", "system-out", "system-err"],
                &["name", "tests"],
            ),
            "testcase" => (
                &["name", "assertions", "time", "classname", "status"],
                &["skipped", "error", "failure", "system-out", "system-err"],
                &["name"],
            ),
            "failure" | "error" => (&["type", "message"], &[], &[]),
            "skipped" | "system-out" | "system-err" => (&[], &[], &[]),
            _ => return None,
        })
    };
    let mut problems = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut reader = Reader::from_str(xml);
    loop {
        let (e, empty) = match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let Some((attributes, _, required)) = allowed(&name) else {
            problems.push(format!("unknown element <{name}>"));
            continue;
        };
        let given: Vec<String> = e
            .attributes()
            .filter_map(Result::ok)
            .map(|a| String::from_utf8_lossy(a.key.as_ref()).into_owned())
            .collect();
        for a in &given {
            if !attributes.contains(&a.as_str()) {
                problems.push(format!("<{name}> may not carry `{a}`"));
            }
        }
        for r in required {
            if !given.iter().any(|g| g == r) {
                problems.push(format!("<{name}> lacks `{r}`"));
            }
        }
        if let Some((parent, last)) = stack.last_mut() {
            let (_, children, _) = allowed(parent).unwrap();
            match children.iter().position(|c| *c == name) {
                Some(at) if at >= *last => *last = at,
                Some(_) => problems.push(format!("<{name}> out of order in <{parent}>")),
                None => problems.push(format!("<{parent}> may not hold <{name}>")),
            }
        } else if name != "testsuites" {
            problems.push(format!("root <{name}>"));
        }
        if !empty {
            stack.push((name, 0));
        }
    }
    problems
}

#[test]
fn junit_validates_against_jenkins_junit4_xsd_by_default() {
    let runs = [
        meshctl(&[
            "validate",
            "--format",
            "junit",
            "fixtures/unknown-fields/mesh-snake.json",
        ]),
        meshctl(&[
            "validate",
            "--format",
            "junit",
            "fixtures/transition/mtls-disabled.yaml",
            "--current",
            "fixtures/rotation/kubernetes/0-current.yaml",
        ]),
        meshctl(&["validate", "--format", "junit", "fixtures/missing.yaml"]),
        meshctl(&["validate", "--format", "junit", "--bogus"]),
    ];
    for run in &runs {
        assert!(run.stdout.starts_with("<?xml"), "{}", run.stderr);
        assert_eq!(
            junit4_violations(&run.stdout),
            Vec::<String>::new(),
            "{}",
            run.stdout
        );
    }
    // The file and line sit in the class and the failure text.
    assert!(
        runs[0]
            .stdout
            .contains("classname=\"fixtures/unknown-fields/mesh-snake.json:13\""),
        "{}",
        runs[0].stdout
    );
    // GitLab's flavour adds what the XSD refuses.
    let gitlab = meshctl(&[
        "validate",
        "--format",
        "junit",
        "--junit-flavor",
        "gitlab",
        "fixtures/unknown-fields/mesh-snake.json",
    ]);
    let problems = junit4_violations(&gitlab.stdout);
    assert!(
        problems.contains(&"<testcase> may not carry `file`".to_string()),
        "{problems:?}"
    );
}

#[test]
fn names_and_fingerprints_do_not_change_with_the_clock() {
    let run = |now: &str, format: &str| {
        meshctl(&[
            "validate",
            "--format",
            format,
            "--now",
            now,
            "fixtures/rotation/kubernetes/2-switched.yaml",
            "--current",
            "fixtures/rotation/kubernetes/1-added.yaml",
            "--state",
            "fixtures/state/overview/added-converging.json",
        ])
    };
    let fingerprints = |run: &Run| -> Vec<String> {
        sarif(run).runs[0]
            .results
            .as_ref()
            .unwrap()
            .iter()
            .map(|r| r.partial_fingerprints.as_ref().unwrap()["meshctlFinding/v1"].clone())
            .collect()
    };
    let early = run("2026-11-27T12:00:00Z", "sarif");
    let late = run("2026-11-28T09:30:00Z", "sarif");
    assert!(!fingerprints(&early).is_empty());
    assert_eq!(fingerprints(&early), fingerprints(&late));
    let names = |run: &Run| -> Vec<String> {
        junit_cases(&run.stdout)
            .into_iter()
            .map(|c| c[1].clone())
            .collect()
    };
    assert_eq!(
        names(&run("2026-11-27T12:00:00Z", "junit")),
        names(&run("2026-11-28T09:30:00Z", "junit"))
    );
}

#[test]
fn usage_errors_are_reports_in_the_format_asked_for_and_located() {
    let run = meshctl(&[
        "validate",
        "--format",
        "sarif",
        "fixtures/rotation/kubernetes/1-added.yaml",
        "--bogus",
    ]);
    assert_eq!(run.code, 2);
    let log = sarif(&run);
    let result = &log.runs[0].results.as_ref().unwrap()[0];
    assert_eq!(result.rule_id.as_deref(), Some("input-error"));
    let uri = |r: &serde_sarif::sarif::Result| {
        r.locations.as_ref().unwrap()[0]
            .physical_location
            .as_ref()
            .unwrap()
            .artifact_location
            .as_ref()
            .unwrap()
            .uri
            .clone()
    };
    assert_eq!(
        uri(result).as_deref(),
        Some("fixtures/rotation/kubernetes/1-added.yaml")
    );
    // An option meshctl refuses itself points at the first input too.
    let run = meshctl(&[
        "validate",
        "--format",
        "sarif",
        "--now",
        "yesterday",
        "fixtures/rotation/kubernetes/1-added.yaml",
    ]);
    let log = sarif(&run);
    let result = &log.runs[0].results.as_ref().unwrap()[0];
    assert_eq!(
        uri(result).as_deref(),
        Some("fixtures/rotation/kubernetes/1-added.yaml")
    );
    // Help and human output stay clap's.
    let run = meshctl(&["validate", "--bogus"]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(run.stderr.contains("unexpected argument '--bogus'"));
}
