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
    expect_input_error(&["validate", "fixtures"], "fixtures: is a directory");
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
    assert_eq!((run.code, run.codes()), (0, vec![]));
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
