//! Each command's help: its own flag groups under headings, an example and its exit codes; only
//! the output flags are global; a bad value is a usage error in the chosen format.

use crate::meshctl;

#[test]
fn each_command_shows_its_groups_an_example_and_its_exit_codes() {
    for command in ["validate", "plan", "next-step", "status", "wait"] {
        let run = meshctl(&[command, "--help"]);
        assert_eq!(run.code, 0, "{command}");
        for heading in ["Mesh:", "Checks:", "Evidence:", "Control plane:", "Output:"] {
            assert!(
                run.stdout.contains(heading),
                "{command} --help lacks {heading}"
            );
        }
        assert!(run.stdout.contains("Exit status:"), "{command}");
        assert!(run.stdout.contains("meshctl "), "{command}: an example");
    }
    let snapshot = meshctl(&["snapshot", "--help"]).stdout;
    assert!(snapshot.contains("Control plane:") && !snapshot.contains("--ignore-offline"));
    let explain = meshctl(&["explain", "--help"]).stdout;
    for unrelated in ["--deny", "--state", "--control-plane", "--mesh"] {
        assert!(
            !explain.contains(unrelated),
            "explain --help lists {unrelated}"
        );
    }
    assert!(explain.contains("--format"), "the output flags are global");
}

#[test]
fn a_bad_value_is_a_usage_error_in_the_chosen_format() {
    let run = meshctl(&[
        "validate",
        "fixtures/rotation/universal/1-added.yaml",
        "--now",
        "yesterday",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2);
    let report = run.json();
    assert_eq!(report["verdict"], "input-error");
    assert!(
        run.stderr
            .contains("--now `yesterday` is not an RFC 3339 timestamp")
    );
    // Flags other than the output ones belong to the command.
    let misplaced = meshctl(&["--now", "2026-01-01T00:00:00Z", "validate", "x.yaml"]);
    assert_eq!(misplaced.code, 2);
}
