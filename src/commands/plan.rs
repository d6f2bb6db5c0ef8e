//! `meshctl plan --current C --target T [--state ...] [--write-steps DIR]`: every step from
//! current to target with its gate and, with state, whether the gate holds now.

use std::path::Path;

use crate::cli::PlanArgs;
use crate::cli::settings::Settings;
use crate::diag::error::InputError;
use crate::render::report::Report;
use crate::rotation::engine::Ask;
use crate::source;

use super::Rotation;
use super::output::{ensure_dir, write_atomic};

pub(crate) fn plan(args: &PlanArgs, settings: &Settings) -> Report {
    run(args, settings).unwrap_or_else(|e| Report::failed("plan", e))
}

fn run(args: &PlanArgs, settings: &Settings) -> Result<Report, InputError> {
    let live = source::connect(settings)?;
    let a = &args.rotation;
    let rotation = Rotation::load(
        a.current.as_deref(),
        &a.target,
        &a.state,
        settings,
        live.as_ref(),
    )?;
    let decision = rotation.decide(Ask::Plan)?;
    let mut report = rotation.report("plan", decision);
    if let Some(dir) = &args.write_steps
        && !report.steps.is_empty()
    {
        let dir = Path::new(dir);
        ensure_dir(dir)?;
        for step in &mut report.steps {
            // A Mesh step prints in the current file's format, a documents step in the target's:
            // the name says what the file holds.
            let format = crate::input::file::Format::detect(&step.manifest);
            let path = dir.join(step.file_name(format));
            write_atomic(&path, &step.manifest)?;
            step.written = Some(path.display().to_string());
        }
    }
    Ok(report)
}
