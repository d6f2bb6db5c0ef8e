//! `meshctl wait --control-plane URL --mesh M --target T`: polls the control plane until the
//! next step's gate holds (exit 0) or `--timeout` passes (exit 3).

use std::time::Instant;

use crate::cli::{Common, WaitArgs};
use crate::commands::live::is_transient;
use crate::diag::error::InputError;
use crate::diag::{Overrides, Verdict};
use crate::render::report::{Report, StepReport};

use super::rotation::prepare_with;
use super::{Flags, connect, parse_duration};

/// Hears how the polling goes; the binary shows it (a progress bar on a terminal).
pub trait WaitObserver {
    /// A poll found the next step's gate not holding yet.
    fn waiting(&mut self, step: &StepReport);
    /// A poll failed in a way that may pass (a timeout, a refused connection, a 5xx).
    fn retrying(&mut self, error: &InputError);
}

pub fn wait(args: &WaitArgs, common: &Common, observer: &mut dyn WaitObserver) -> Report {
    run(args, common, observer).unwrap_or_else(|e| Report::failed("wait", e))
}

fn run(
    args: &WaitArgs,
    common: &Common,
    observer: &mut dyn WaitObserver,
) -> Result<Report, InputError> {
    if common.control_plane.is_none() {
        return Err(InputError::usage(
            "wait polls a live control plane: --control-plane URL is required",
        ));
    }
    let timeout = parse_duration("--timeout", &args.timeout)?;
    let interval = parse_duration("--interval", &args.interval)?;
    let overrides = Overrides::from_flags(&common.deny, &common.warn, &common.allow)?;
    let flags = Flags::parse(common)?;
    let live = connect(common)?;
    let deadline = Instant::now() + timeout;
    loop {
        let rotation = match prepare_with(
            args.current.as_deref(),
            &args.target,
            &[],
            common,
            &flags,
            live.as_ref(),
        ) {
            Ok(rotation) => rotation,
            Err(e) if is_transient(&e) && Instant::now() < deadline => {
                observer.retrying(&e);
                std::thread::sleep(
                    interval.min(deadline.saturating_duration_since(Instant::now())),
                );
                continue;
            }
            Err(e) => return Err(e),
        };
        let mut report = Report::new("wait");
        rotation.add_sources(&mut report);
        let mut findings = rotation.findings.clone();
        findings.extend(rotation.step_gate_findings(0, false));
        let first = rotation.plan.steps.first();
        if first.is_some() {
            let step = rotation.step_report(0, &mut report)?;
            findings.extend(step.lint.iter().cloned());
            report.steps.push(step);
        }
        report.diagnostics = overrides.apply(findings);
        report.sort();
        report.verdict = crate::rotation::decide::verdict(
            &report.diagnostics,
            rotation.plan.is_possible() && first.is_none(),
        );
        if report.verdict != Verdict::Waiting {
            return Ok(report);
        }
        if let Some(step) = report.steps.first() {
            observer.waiting(step);
        }
        let now = Instant::now();
        if now >= deadline {
            report.notes.push(format!(
                "timed out after {}: the gate still does not hold",
                args.timeout
            ));
            return Ok(report);
        }
        std::thread::sleep(interval.min(deadline - now));
    }
}
