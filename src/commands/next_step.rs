//! `meshctl next-step --current C --target T [--state ...] [-o FILE]`: the manifest of the first
//! step not yet applied, only when its gate holds.

use std::path::Path;

use crate::cli::NextStepArgs;
use crate::cli::settings::Settings;
use crate::diag::codes::Code;
use crate::diag::error::InputError;
use crate::diag::{Diagnostic, Verdict};
use crate::render::report::Report;
use crate::rotation::engine::Ask;
use crate::source;

use super::Rotation;
use super::output::{remove_stale, write_atomic};

pub(crate) fn next_step(args: &NextStepArgs, settings: &Settings) -> Report {
    let report = run(args, settings).unwrap_or_else(|e| Report::failed("next-step", e));
    if report.verdict != Verdict::Pass
        && let Some(path) = &args.output
    {
        remove_stale(Path::new(path));
    }
    report
}

fn run(args: &NextStepArgs, settings: &Settings) -> Result<Report, InputError> {
    let live = source::connect(settings)?;
    let a = &args.rotation;
    let rotation = Rotation::load(
        a.current.as_deref(),
        &a.target,
        &a.state,
        settings,
        live.as_ref(),
    )?;
    let decision = rotation.decide(Ask::NextStep)?;
    let mut report = rotation.report("next-step", decision);
    if let Some(live) = &live {
        check_secrets(live, &rotation.target.mesh.name, &mut report)?;
    }
    if report.verdict == Verdict::Pass
        && let (Some(path), Some(step)) = (&args.output, report.steps.first_mut())
    {
        write_atomic(Path::new(path), &step.manifest)?;
        step.written = Some(path.clone());
    }
    Ok(report)
}

/// In live mode, the Secrets the step names must exist before its manifest is applied:
/// `secret-missing` refuses the step (a Secret does not appear by waiting).
fn check_secrets(live: &source::Live, mesh: &str, report: &mut Report) -> Result<(), InputError> {
    if report.verdict != Verdict::Pass {
        return Ok(());
    }
    let Some(step) = report.steps.first() else {
        return Ok(());
    };
    let mut missing = Vec::new();
    for name in &step.secrets {
        match live.cp.secret_exists(mesh, name)? {
            Some(true) => {}
            Some(false) => missing.push(name.clone()),
            None => {
                report.notes.push(format!(
                    "the Secrets the step names ({}) were not checked: the token may not read Secrets",
                    crate::diag::quoted(&step.secrets)
                ));
                return Ok(());
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let finding = Diagnostic::new(
        Code::SecretMissing,
        format!(
            "step {} ({}) names {} that mesh `{mesh}` does not have: {}",
            step.number,
            step.kind.as_str(),
            if missing.len() == 1 {
                "a Secret"
            } else {
                "Secrets"
            },
            crate::diag::quoted(&missing)
        ),
    )
    .help("apply the Secrets first (kubectl apply / kumactl apply), then run next-step again");
    report.diagnostics.push(finding);
    report.verdict = Verdict::Fail;
    Ok(())
}
