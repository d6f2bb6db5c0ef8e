//! Bad input: every case exits 2 with a message naming the file and, where there is one, the line.

use crate::{TempDir, meshctl, meshctl_with_stdin};

fn expect_input_error(args: &[&str], needle: &str) {
    let run = meshctl(args);
    assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(needle),
        "{args:?}: expected {needle:?} in:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn unreadable_inputs() {
    expect_input_error(
        &["validate", "fixtures/nope.yaml"],
        "fixtures/nope.yaml: cannot read: no such file",
    );
    // validate reads a directory's manifests (tests/cli/many.rs); a rotation's Mesh is one file.
    expect_input_error(
        &[
            "plan",
            "--target",
            "fixtures",
            "--current",
            "fixtures/rotation/kubernetes/1-added.yaml",
        ],
        "fixtures: is a directory",
    );
    let dir = TempDir::new("unreadable");
    let empty = dir.file("empty.yaml", "");
    expect_input_error(&["validate", &empty], "empty.yaml: is empty");
    let blank = dir.file("blank.yaml", "\n  \n");
    expect_input_error(&["validate", &blank], "blank.yaml: is empty");
    let binary = dir.file("garbage.bin", [0u8, 159, 146, 150, 1, 2, 255]);
    expect_input_error(
        &["validate", &binary],
        "garbage.bin:1:2: is not valid UTF-8",
    );
    let latin1 = dir.file("latin1.yaml", b"type: Mesh\nname: caf\xe9\n".as_slice());
    expect_input_error(
        &["validate", &latin1],
        "latin1.yaml:2:10: is not valid UTF-8",
    );
    let big = dir.file(
        "big.yaml",
        format!("type: Mesh\nname: m\n# {}\n", "x".repeat(4096)),
    );
    expect_input_error(
        &["validate", "--max-input-size", "1024", &big],
        "larger than the input limit of 1024 bytes",
    );
    // State from stdin over the limit says the limit, in JSON and YAML, not "truncated".
    let item = format!("{{\"name\": \"dp\", \"pad\": \"{}\"}}", "x".repeat(4096));
    for state in [
        format!("{{\"items\": [{item}, {item}]}}"),
        format!("items:\n- {item}\n- {item}\n"),
    ] {
        let run = meshctl_with_stdin(
            &[
                "validate",
                "--max-input-size",
                "4200",
                "fixtures/rotation/universal/1-added.yaml",
                "--state",
                "-",
            ],
            Some(state.as_bytes()),
        );
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains(
                "<stdin>: is larger than the input limit of 4200 bytes (raise it with --max-input-size)"
            ),
            "{}",
            run.stderr
        );
    }
    // A state of exactly the limit is read; one byte more is not.
    let item = format!(
        "{{\"type\": \"DataplaneOverview\", \"mesh\": \"default\", \"name\": \"dp\", \"pad\": \"{}\"}}",
        "x".repeat(4096)
    );
    for state in [
        format!("{{\"items\": [{item}]}}"),
        format!("items:\n- {item}\n"),
    ] {
        for (limit, read) in [(state.len(), true), (state.len() - 1, false)] {
            let limit = limit.to_string();
            let run = meshctl_with_stdin(
                &[
                    "validate",
                    "--max-input-size",
                    &limit,
                    "fixtures/rotation/universal/1-added.yaml",
                    "--state",
                    "-",
                ],
                Some(state.as_bytes()),
            );
            assert_eq!(run.code != 2, read, "limit {limit}: {}", run.stderr);
        }
    }
}

#[test]
fn syntax_errors_and_wrong_documents() {
    let dir = TempDir::new("syntax");
    let cases: &[(&str, &str, &str)] = &[
        (
            "broken.yaml",
            "type: Mesh\nname: m\nmtls:\n  backends: [\n",
            "broken.yaml:5:1:",
        ),
        (
            "truncated.json",
            "{\"type\": \"Mesh\", \"name\": \"m\", \"mtls\": {",
            "truncated.json:2:1: unexpected end of file, is it truncated?",
        ),
        (
            "deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n",
            "no Mesh found: it holds kind Deployment",
        ),
        (
            "scalar.yaml",
            "just text\n",
            "no Mesh found: it holds a value that is not a mapping",
        ),
        (
            "dup.yaml",
            "type: Mesh\nname: m\nname: n\n",
            "duplicate entry with key \"name\"",
        ),
        (
            "mtls-yes.yaml",
            "type: Mesh\nname: m\nmtls: yes\n",
            "mtls-yes.yaml:3:1: mtls: invalid type: string \"yes\"",
        ),
        (
            "backends-map.yaml",
            "type: Mesh\nname: m\nmtls:\n  backends:\n    ca-1: {type: builtin}\n",
            "backends-map.yaml:4:3: mtls.backends: invalid type: map, expected a sequence",
        ),
        (
            "enabled-int.yaml",
            "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: {name: m}\nspec:\n  mtls:\n    enabledBackend: 12\n",
            "enabled-int.yaml:6:5: spec.mtls.enabledBackend: invalid type: integer `12`",
        ),
        (
            "mode.yaml",
            "type: Mesh\nname: m\nmtls:\n  backends:\n  - name: a\n    type: builtin\n    mode: LOOSE\n",
            "mode.yaml:7:5: mtls.backends[0].mode: unknown variant `LOOSE`",
        ),
        (
            "noname.yaml",
            "type: Mesh\nmtls: {}\n",
            "noname.yaml:1:1: the Mesh has no `name`",
        ),
        (
            "secrets-only.yaml",
            "type: Secret\nname: s\nmesh: m\ndata: aGk=\n",
            "no Mesh found: it holds only Secrets",
        ),
    ];
    for (name, text, needle) in cases {
        let path = dir.file(name, text);
        expect_input_error(&["validate", &path], needle);
    }
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused_quickly() {
    let dir = TempDir::new("bombs");
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, next) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{next}: &{next} [{refs}]\n"));
    }
    let path = dir.file("bomb.yaml", bomb);
    expect_input_error(&["validate", &path], "alias");

    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let path = dir.file("deep.json", &deep);
    expect_input_error(&["validate", &path], "nesting is deeper than the limit");
    let deep_map = (0..20_000)
        .map(|i| format!("{}k:\n", " ".repeat(i % 2000)))
        .collect::<String>();
    let path = dir.file("deep.yaml", deep_map);
    let run = meshctl(&["validate", &path]);
    assert_eq!(run.code, 2, "{}", run.stderr);

    let long_line = format!(
        "type: Mesh\nname: m\ndescription: \"{}\"\n",
        "x".repeat(4 << 20)
    );
    let path = dir.file("long.yaml", long_line);
    let run = meshctl(&["validate", "--format", "json", &path]);
    assert_eq!(
        (run.code, run.codes()),
        (0, vec!["unknown-field".to_string()])
    );
}

#[test]
fn only_one_input_may_be_stdin() {
    let run = meshctl_with_stdin(
        &["validate", "-", "--current", "-"],
        Some(b"type: Mesh\nname: m\n"),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("only one input may be `-`"),
        "{}",
        run.stderr
    );
    let run = meshctl_with_stdin(&["validate", "-"], Some(b"type: Mesh\nname: [\n"));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("<stdin>:"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["validate"][..],
        &["frobnicate"],
        &["validate", "x", "--format", "xml"],
    ] {
        let run = meshctl(args);
        assert_eq!(run.code, 2, "{args:?}");
    }
    assert_eq!(meshctl(&["--help"]).code, 0);
}

#[test]
fn hostile_state_files() {
    let dir = TempDir::new("hostile-state");
    let k = |s: &str| format!("fixtures/rotation/kubernetes/{s}.yaml");
    let deep_items = format!(
        "{{\"items\": [{}{}]}}",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let deep_field = format!(
        "{{\"items\": [{{\"type\": \"DataplaneOverview\", \"name\": \"a\", \"x\": {}1{}}}]}}",
        "{\"y\": ".repeat(20_000),
        "}".repeat(20_000)
    );
    let long_line = format!(
        "{{\"items\": [{{\"type\": \"DataplaneOverview\", \"mesh\": \"default\", \"name\": \"{}\"}}]}}",
        "n".repeat(4 << 20)
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "deep-items.json",
            deep_items.into_bytes(),
            "deep-items.json:1:",
        ),
        (
            "garbage.json",
            vec![b'{', 0xff, 0xfe, 0, 1, 2],
            "garbage.json:1:",
        ),
        (
            "latin1.json",
            b"{\"items\": [{\"name\": \"caf\xe9\"}]}".to_vec(),
            "latin1.json:1:",
        ),
        (
            "latin1.yaml",
            b"items:\n- name: caf\xe9\n".to_vec(),
            "latin1.yaml: is not valid UTF-8",
        ),
        ("binary.yaml", vec![7, 0, 159, 146, 150], "binary.yaml"),
    ];
    for (name, bytes, needle) in cases {
        let path = dir.file(name, bytes);
        let run = meshctl(&[
            "validate",
            &k("2-switched"),
            "--current",
            &k("1-added"),
            "--state",
            &path,
        ]);
        assert_eq!(run.code, 2, "{name}: {}", run.stdout);
        assert!(
            run.stderr.contains(needle),
            "{name}: expected {needle:?} in {}",
            run.stderr
        );
    }
    // Deep nesting in a field meshctl skips is skipped without recursion, in bounded time.
    let path = dir.file("deep-field.json", deep_field);
    let run = meshctl(&[
        "validate",
        &k("2-switched"),
        "--current",
        &k("1-added"),
        "--state",
        &path,
    ]);
    assert!(
        run.code <= 2 && !run.stderr.contains("panicked"),
        "{}",
        run.stderr
    );
    // A four-megabyte name is odd, not wrong.
    let path = dir.file("long.json", long_line);
    let run = meshctl(&[
        "validate",
        "--format",
        "json",
        &k("2-switched"),
        "--current",
        &k("1-added"),
        "--state",
        &path,
    ]);
    assert_eq!(
        run.code, 0,
        "a proxy that never connected does not count: {}",
        run.stderr
    );
}

#[test]
fn pem_with_a_garbage_body_is_named_at_its_place() {
    let dir = TempDir::new("hostile-pem");
    let path = dir.file(
        "mesh.yaml",
        "type: Mesh\nname: m\nmtls:\n  enabledBackend: a\n  backends:\n  - name: a\n    type: provided\n    conf:\n      cert:\n        inlineString: \"-----BEGIN CERTIFICATE-----\\n!!garbage!!\\n-----END CERTIFICATE-----\\n\"\n      key:\n        inlineString: \"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n\"\n",
    );
    let run = meshctl(&["validate", "--format", "json", &path]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = &run.json()["diagnostics"][0];
    assert_eq!(d["code"], "ca-unreadable");
    assert_eq!(
        (d["line"].as_u64(), d["path"].as_str()),
        (Some(9), Some("mtls.backends[0].conf.cert"))
    );
    assert!(
        d["message"].as_str().unwrap().contains("not valid PEM"),
        "{d}"
    );
}

#[test]
fn hostile_targets_never_leave_a_written_file() {
    let dir = TempDir::new("hostile-output");
    let out = dir.0.join("step.yaml");
    let out = out.to_str().unwrap();
    let current = "fixtures/rotation/kubernetes/0-current.yaml";
    let targets: Vec<(&str, Vec<u8>)> = vec![
        ("empty.yaml", Vec::new()),
        ("garbage.yaml", vec![0xff, 0, 1]),
        ("bomb.yaml", b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n".to_vec()),
        ("deep.json", format!("{}{}", "[".repeat(20_000), "]".repeat(20_000)).into_bytes()),
        ("types.yaml", b"type: Mesh\nname: default\nmtls:\n  backends: {a: b}\n".to_vec()),
        ("truncated.json", b"{\"type\": \"Mesh\", \"name\": \"default\", \"mtls\": {".to_vec()),
    ];
    for (name, bytes) in targets {
        std::fs::write(out, "stale").unwrap();
        let target = dir.file(name, bytes);
        let run = meshctl(&[
            "next-step",
            "--current",
            current,
            "--target",
            &target,
            "-o",
            out,
        ]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
        assert!(
            !std::path::Path::new(out).exists(),
            "{name}: -o must not be left behind"
        );
    }
}
