//! `meshctl plan --current C --target T [--state ...] [--write-steps DIR]`: every step from
//! current to target with its gate and, with state, whether the gate holds now.

use std::path::Path;

use crate::check::diff::{self, MtlsDiff};
use crate::cli::{Common, PlanArgs};
use crate::commands::output::write_atomic;
use crate::diag::Overrides;
use crate::diag::error::InputError;
use crate::render::report::{DiffSection, Report};

use super::rotation::{Rotation, ensure_dir, prepare, step_file_name};

pub fn plan(args: &PlanArgs, common: &Common) -> Report {
    run(args, common).unwrap_or_else(|e| Report::failed("plan", e))
}

fn run(args: &PlanArgs, common: &Common) -> Result<Report, InputError> {
    let overrides = Overrides::from_flags(&common.deny, &common.warn, &common.allow)?;
    let rotation = prepare(&args.rotation, common)?;
    let mut report = Report::new("plan");
    rotation.add_sources(&mut report);
    report.diff = Some(diff_section(&rotation));
    let mut findings = rotation.findings.clone();
    // Only the next step's gate decides whether the plan waits; later gates are shown, not judged.
    findings.extend(rotation.step_gate_findings(0, false));
    for index in 0..rotation.plan.steps.len() {
        let step = rotation.step_report(index, &mut report)?;
        findings.extend(step.lint.iter().cloned());
        report.steps.push(step);
    }
    report.diagnostics = overrides.apply(findings);
    report.sort();
    report.verdict = crate::rotation::decide::verdict(&report.diagnostics, false);
    if let Some(dir) = &args.write_steps {
        write_steps(Path::new(dir), &rotation, &mut report)?;
    }
    Ok(report)
}

fn write_steps(dir: &Path, rotation: &Rotation, report: &mut Report) -> Result<(), InputError> {
    if report.steps.is_empty() {
        return Ok(());
    }
    ensure_dir(dir)?;
    for step in &mut report.steps {
        let path = dir.join(step_file_name(step, rotation.format()));
        write_atomic(&path, &step.manifest)?;
        step.written = Some(path.display().to_string());
    }
    Ok(())
}

pub(crate) fn diff_section(rotation: &Rotation) -> DiffSection {
    let (current, target) = (&rotation.current, &rotation.target);
    DiffSection {
        current: current.file.name().to_string(),
        proposed: target.file.name().to_string(),
        summary: MtlsDiff::between(&current.mesh.mtls, &target.mesh.mtls),
        unified: diff::unified(&current.mesh, &target.mesh),
    }
}
