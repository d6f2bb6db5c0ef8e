use crate::meshctl;

#[test]
fn explains_a_known_code() {
    let run = meshctl(&["explain", "in-place-ca-change"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("in-place-ca-change\n  family: transition\n  default severity: error\n")
    );
    assert!(run.stdout.contains("new name"));
}

#[test]
fn explains_in_json() {
    let run = meshctl(&["explain", "gate-unchecked", "--format", "json"]);
    assert_eq!(run.code, 0);
    let json = run.json();
    assert_eq!(json["code"], "gate-unchecked");
    assert_eq!(json["family"], "gate");
    assert_eq!(json["default_severity"], "error");
}

#[test]
fn every_registered_code_can_be_explained() {
    for code in meshctl::diag::codes::Code::ALL {
        let run = meshctl(&["explain", code.as_str()]);
        assert_eq!(run.code, 0, "{code}: {}", run.stderr);
    }
}

#[test]
fn an_unknown_code_is_a_usage_error_with_suggestions() {
    let run = meshctl(&["explain", "enabled-backend"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown diagnostic code `enabled-backend`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown-enabled-backend"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_near_miss_names_at_most_three_codes() {
    let run = meshctl(&["explain", "gate-uncheked"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("(did you mean: gate-unchecked?)"),
        "{}",
        run.stderr
    );
    let run = meshctl(&["explain", "backend"]);
    let listed = run.stderr.matches(", ").count();
    assert!(listed <= 2, "{}", run.stderr);
}

#[test]
fn list_prints_every_code_once() {
    let run = meshctl(&["explain", "--list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let codes = meshctl::diag::codes::Code::ALL;
    assert_eq!(run.stdout.lines().count(), codes.len());
    for (line, code) in run.stdout.lines().zip(codes) {
        assert!(line.starts_with(&format!("{code} ")), "{line}");
    }
    let run = meshctl(&["--format", "json", "explain", "--list"]);
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), codes.len());
    assert_eq!(listed[0]["code"], codes[0].as_str());
}

#[test]
fn completions_offer_codes_to_explain_and_the_level_flags() {
    let run = meshctl(&["completions", "bash"]);
    assert!(run.stdout.contains("gate-unchecked"));
    assert!(run.stdout.contains("warnings"));
}
