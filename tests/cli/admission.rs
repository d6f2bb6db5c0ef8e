//! Kuma's own admission verdicts (`../shared/reference/kuma-admission/`): meshctl must agree on
//! every case. Skipped, saying so, on a clone of the repository alone or without python3.

use std::process::Command;

#[test]
#[cfg_attr(
    not(shared_reference),
    ignore = "needs ../shared/reference (Kuma's own files beside the repository)"
)]
#[allow(clippy::print_stderr)] // Saying that the test skipped is the point.
fn meshctl_agrees_with_kumas_admission_on_every_case() {
    let Some(corpus) = crate::shared_reference("kuma-admission") else {
        return;
    };
    let run = Command::new("python3")
        .arg(corpus.join("check.py"))
        .arg(env!("CARGO_BIN_EXE_meshctl"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    let Ok(out) = run else {
        eprintln!("skipped: python3 is not installed, so check.py cannot run");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let agree = last
        .strip_prefix("kuma-admission: ")
        .and_then(|rest| rest.strip_suffix(" cases agree"))
        .and_then(|counts| counts.split_once('/'))
        .unwrap_or_else(|| panic!("unexpected output of check.py:\n{stdout}"));
    assert!(
        out.status.success() && agree.0 == agree.1,
        "meshctl disagrees with Kuma:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
