//! `meshctl next-step --current C --target T [--state ...] [-o FILE]`: the manifest of the first
//! step not yet applied, only when its gate holds.

use std::path::Path;

use crate::cli::NextStepArgs;
use crate::cli::settings::Settings;
use crate::diag::Verdict;
use crate::diag::error::InputError;
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
    if report.verdict == Verdict::Pass
        && let (Some(path), Some(step)) = (&args.output, report.steps.first_mut())
    {
        write_atomic(Path::new(path), &step.manifest)?;
        step.written = Some(path.clone());
    }
    Ok(report)
}
