//! `meshctl status --current C --state ... [--target T]`: where the rotation stands.

use crate::check::gates;
use crate::cli::{Common, StatusArgs};
use crate::diag::error::InputError;
use crate::diag::{Overrides, Verdict};
use crate::render::report::Report;
use crate::rotation::status::status as compute;

use super::{Flags, check_stdin, connect, load_census, load_current, load_mesh, with_live_product};

pub fn status(args: &StatusArgs, common: &Common) -> Report {
    run(args, common).unwrap_or_else(|e| Report::failed("status", e))
}

fn run(args: &StatusArgs, common: &Common) -> Result<Report, InputError> {
    let live = connect(common)?;
    if let Some(live) = &live {
        live.index.refuse_kuma3()?;
    }
    let common = &with_live_product(common, live.as_ref());
    let overrides = Overrides::from_flags(&common.deny, &common.warn, &common.allow)?;
    let flags = Flags::parse(common)?;
    check_stdin(
        args.current
            .as_deref()
            .into_iter()
            .chain(args.target.as_deref())
            .chain(args.state.iter().map(String::as_str)),
    )?;
    let current = load_current(args.current.as_deref(), live.as_ref(), common)?;
    let settings = flags.scope(Some(&current.mesh));
    let target = args
        .target
        .as_deref()
        .map(|t| load_mesh(t, common))
        .transpose()?;
    let census =
        load_census(&args.state, live.as_ref(), &current.mesh.name, common)?.ok_or_else(|| {
            InputError::usage("--state FILE is required (or --control-plane URL to read it live)")
        })?;
    let mut report = Report::new("status");
    report.add_source(&current.file);
    let target_enabled = target.as_ref().and_then(|t| t.mesh.mtls.enabled());
    report.status = Some(compute(&current.mesh, &census, settings, target_enabled));
    report.diagnostics = overrides.apply(gates::state_findings(
        &census,
        &current.mesh,
        settings,
        false,
    ));
    report.sort();
    report.verdict = Verdict::from_findings(&report.diagnostics);
    Ok(report)
}
