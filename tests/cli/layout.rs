//! Manifests keep the file's own layout (fixtures/layout): JSON edited in place (escapes, minified,
//! tabs, CRLF, a BOM), YAML scalars in their quoting, added backends in the file's indentation or
//! flow style, aliases of the target expanded, a removed backend's comment removed with it.

use crate::meshctl;

const DIR: &str = "fixtures/layout";

/// The manifest next-step prints for `current` → `target`, and its stderr.
fn step(current: &str, target: &str) -> (String, String) {
    let (current, target) = (format!("{DIR}/{current}"), format!("{DIR}/{target}"));
    let run = meshctl(&[
        "next-step",
        "--current",
        &current,
        "--target",
        &target,
        "--warn",
        "gate-unchecked",
    ]);
    assert_eq!(run.code, 0, "{current}: {}", run.stderr);
    (run.stdout, run.stderr)
}

fn no_note(stderr: &str) {
    assert!(
        !stderr.contains("note:"),
        "a minimal edit, not a fallback:\n{stderr}"
    );
}

#[test]
fn json_is_edited_in_place_in_every_style() {
    // Python's json.dumps: `, ` and `: ` separators, ASCII escapes (an emoji as a surrogate pair).
    let (out, err) = step("python-dumps.json", "target.json");
    no_note(&err);
    assert_eq!(
        out,
        concat!(
            r#"{"type": "Mesh", "name": "default", "description": "payments \ud83d\ude00 \u003cprod\u003e", "#,
            r#""mtls": {"enabledBackend": "ca-1", "backends": [{"name": "ca-1", "type": "builtin"}, "#,
            r#"{"name": "ca-2", "type": "builtin", "dpCert": {"rotation": {"expiration": "1d"}}}]}}"#,
            "\n"
        )
    );
    // Minified stays minified.
    let (out, err) = step("minified.json", "target.json");
    no_note(&err);
    assert_eq!(
        out,
        "{\"type\":\"Mesh\",\"name\":\"default\",\"description\":\"payments 😀 <prod>\",\"mtls\":{\"enabledBackend\":\"ca-1\",\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"},{\"name\":\"ca-2\",\"type\":\"builtin\",\"dpCert\":{\"rotation\":{\"expiration\":\"1d\"}}}]}}\n"
    );
    // Tabs, CRLF line ends and a BOM stay, in the new backend too.
    let (out, err) = step("tabs-crlf-bom.json", "target.json");
    no_note(&err);
    assert!(
        out.starts_with("\u{feff}{\r\n\t\"type\": \"Mesh\",\r\n"),
        "{out:?}"
    );
    assert_eq!(
        out.matches("\r\n").count(),
        out.matches('\n').count(),
        "{out:?}"
    );
    assert!(
        out.contains("\t\t\t{\r\n\t\t\t\t\"name\": \"ca-2\",\r\n\t\t\t\t\"type\": \"builtin\",\r\n\t\t\t\t\"dpCert\": {\r\n\t\t\t\t\t\"rotation\": {"),
        "{out:?}"
    );
}

#[test]
fn a_mesh_inside_a_json_list_falls_back_and_says_so() {
    let (out, err) = step("list.json", "target.json");
    assert!(
        err.contains(
            "note: step 1 (add-backend): the Mesh sits inside a List, so it is emitted alone"
        ),
        "{err}"
    );
    assert!(
        out.starts_with("{\n  \"apiVersion\": \"kuma.io/v1alpha1\",\n  \"kind\": \"Mesh\""),
        "{out}"
    );
}

#[test]
fn enabled_backend_keeps_its_quoting_and_tag() {
    for (file, line) in [
        (
            "quoted.yaml",
            "  enabledBackend: \"ca-2\"   # quoted on purpose\n",
        ),
        ("single-quoted.yaml", "  enabledBackend: 'ca-2'\n"),
        ("tagged.yaml", "  enabledBackend: !!str ca-2\n"),
    ] {
        let (out, err) = step(file, "switched.yaml");
        no_note(&err);
        assert!(out.contains(line), "{file}:\n{out}");
    }
}

#[test]
fn added_backends_take_the_files_indentation_and_expanded_aliases() {
    let (out, err) = step("four-spaces.yaml", "target-two-spaces.yaml");
    no_note(&err);
    assert_eq!(
        out,
        "# Our style: four spaces.\ntype: Mesh\nname: default\nmtls:\n    enabledBackend: ca-1\n    backends:\n        -   name: ca-1\n            type: builtin\n            dpCert:\n                rotation:\n                    expiration: 1d\n        -   name: ca-2\n            type: builtin\n            # the new CA, valid five years\n            conf:\n                caCert:\n                    expiration: 5y\n        -   name: ca-3\n            type: builtin\n            dpCert:\n                rotation:\n                    expiration: 1d\n"
    );
    // A multi-line flow sequence with a trailing comma keeps that style.
    let (out, err) = step("flow-trailing-comma.yaml", "target-two-spaces.yaml");
    no_note(&err);
    assert!(
        out.ends_with("  backends: [\n    {name: ca-1, type: builtin},\n    {name: ca-2, type: builtin, conf: {caCert: {expiration: 5y}}},\n    {name: ca-3, type: builtin, dpCert: {rotation: {expiration: 1d}}},\n  ]\n"),
        "{out}"
    );
}

#[test]
fn a_removed_backend_takes_its_comment_along() {
    let (out, err) = step("commented-backends.yaml", "only-ca-2.yaml");
    no_note(&err);
    assert_eq!(
        out,
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-2\n  backends:\n  # the new CA\n  - name: ca-2\n    type: builtin\n"
    );
}
