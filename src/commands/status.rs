//! `meshctl status --current C --state ... [--target T]`: where the rotation stands.

use crate::cli::StatusArgs;
use crate::cli::settings::Settings;
use crate::diag::error::InputError;
use crate::render::report::Report;
use crate::rotation::engine;
use crate::source;

use super::engine_settings;

pub(crate) fn status(args: &StatusArgs, settings: &Settings) -> Report {
    run(args, settings).unwrap_or_else(|e| Report::failed("status", e))
}

fn run(args: &StatusArgs, settings: &Settings) -> Result<Report, InputError> {
    let live = source::connect(settings)?;
    if let Some(live) = &live {
        live.index.refuse_kuma3()?;
    }
    let settings = &source::with_live_product(settings, live.as_ref());
    source::check_stdin(
        args.current
            .as_deref()
            .into_iter()
            .chain(args.target.as_deref())
            .chain(args.state.iter().map(String::as_str)),
    )?;
    let current = source::load_current(args.current.as_deref(), live.as_ref(), settings)?;
    let target = args
        .target
        .as_deref()
        .map(|t| source::load(t, settings))
        .transpose()?;
    let census = source::load_census(&args.state, live.as_ref(), &current.mesh.name, settings)?
        .ok_or_else(|| {
            InputError::usage("--state FILE is required (or --control-plane URL to read it live)")
        })?;
    let decision = engine::status(
        &current,
        target.as_ref(),
        &census,
        &engine_settings(settings, Some(&census)),
    );
    census.free_aside();
    let mut report = Report::decided("status", decision);
    report.add_source(&current.file);
    Ok(report)
}
