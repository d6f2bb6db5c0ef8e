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
