//! `meshctl wait --control-plane URL --mesh M --target T`: polls the control plane until the
//! next step's gate holds (exit 0) or `--timeout` passes (exit 3).

use std::time::{Duration, Instant};

use crate::cli::WaitArgs;
use crate::cli::settings::{Settings, duration};
use crate::diag::Verdict;
use crate::diag::error::InputError;
use crate::render::report::Report;
use crate::rotation::engine::{Ask, StepReport};
use crate::source::{self, Live};

use super::Rotation;

/// Hears how the polling goes; the binary shows it (a progress bar on a terminal).
pub trait WaitObserver {
    /// A poll found the next step's gate not holding yet, or held by the codes `held_by` (the
    /// waiting findings: `zone-offline` may hold a gate whose proxies are all ready).
    fn waiting(&mut self, step: &StepReport, held_by: &[&str]);
    /// A poll failed in a way that may pass (a timeout, a refused connection, a 5xx).
    fn retrying(&mut self, error: &InputError);
}

pub(crate) fn wait(
    args: &WaitArgs,
    settings: &Settings,
    observer: &mut dyn WaitObserver,
) -> Report {
    run(args, settings, observer).unwrap_or_else(|e| Report::failed("wait", e))
}

fn run(
    args: &WaitArgs,
    settings: &Settings,
    observer: &mut dyn WaitObserver,
) -> Result<Report, InputError> {
    if settings.live.is_none() {
        return Err(InputError::usage(
            "wait polls a live control plane: --control-plane URL is required",
        ));
    }
    let timeout = duration("--timeout", &args.timeout)?;
    let interval = duration("--interval", &args.interval)?;
    let live = source::connect(settings)?;
    let deadline = Instant::now() + timeout;
    loop {
        let report = match poll(args, settings, live.as_ref()) {
            Ok(report) => report,
            Err(e) if e.is_transient() && Instant::now() < deadline => {
                observer.retrying(&e);
                sleep_until(interval, deadline);
                continue;
            }
            Err(e) => return Err(e),
        };
        if report.verdict != Verdict::Waiting {
            return Ok(report);
        }
        if let Some(step) = report.steps.first() {
            let mut held_by: Vec<&str> = report
                .diagnostics
                .iter()
                .filter(|d| d.code.waits() && d.severity == crate::diag::Severity::Error)
                .map(|d| d.code.as_str())
                .collect();
            held_by.sort_unstable();
            held_by.dedup();
            observer.waiting(step, &held_by);
        }
        if Instant::now() >= deadline {
            let mut report = report;
            report.notes.push(format!(
                "timed out after {}: the gate still does not hold",
                args.timeout
            ));
            return Ok(report);
        }
        sleep_until(interval, deadline);
    }
}

/// One poll: the rotation read live and the engine's answer, without state meaning unchecked.
fn poll(args: &WaitArgs, settings: &Settings, live: Option<&Live>) -> Result<Report, InputError> {
    let rotation = Rotation::load(args.current.as_deref(), &args.target, &[], settings, live)?;
    let decision = rotation.decide(Ask::Wait)?;
    Ok(rotation.report("wait", decision))
}

fn sleep_until(interval: Duration, deadline: Instant) {
    std::thread::sleep(interval.min(deadline.saturating_duration_since(Instant::now())));
}
