//! `meshctl next-step --current C --target T [--state ...] [-o FILE]`: the manifest of the first
//! step not yet applied, only when its gate holds.

use std::path::Path;

use crate::cli::{Common, NextStepArgs};
use crate::commands::output::{remove_stale, write_atomic};
use crate::diag::error::InputError;
use crate::diag::{Overrides, Verdict};
use crate::render::report::Report;

use super::rotation::prepare;

pub fn next_step(args: &NextStepArgs, common: &Common) -> Report {
    let report = run(args, common).unwrap_or_else(|e| Report::failed("next-step", e));
    if report.verdict != Verdict::Pass
        && let Some(path) = &args.output
    {
        remove_stale(Path::new(path));
    }
    report
}

fn run(args: &NextStepArgs, common: &Common) -> Result<Report, InputError> {
    let overrides = Overrides::from_flags(&common.deny, &common.warn, &common.allow)?;
    let rotation = prepare(&args.rotation, common)?;
    let mut report = Report::new("next-step");
    rotation.add_sources(&mut report);
    let mut findings = rotation.findings.clone();
    let first = rotation.plan.steps.first();
    findings.extend(rotation.step_gate_findings(0, true));
    let step = match first {
        Some(_) => Some(rotation.step_report(0, &mut report)?),
        None => None,
    };
    findings.extend(step.iter().flat_map(|s| s.lint.iter().cloned()));
    report.diagnostics = overrides.apply(findings);
    report.sort();
    report.verdict = crate::rotation::decide::verdict(
        &report.diagnostics,
        rotation.plan.is_possible() && first.is_none(),
    );
    if let Some(mut step) = step {
        if report.verdict == Verdict::Pass
            && let Some(path) = &args.output
        {
            write_atomic(Path::new(path), &step.manifest)?;
            step.written = Some(path.clone());
        }
        report.steps.push(step);
    }
    Ok(report)
}
