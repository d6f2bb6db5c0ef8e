//! The closing sequence, in one place: the ablation's filter, the severity overrides, the stable
//! order and the verdict, which the registry's waiting codes decide.

use super::settings::Settings;
use crate::diag::{Diagnostic, Severity, Verdict};
use crate::rotation::diff::DiffSection;
use crate::rotation::engine::steps::StepReport;
use crate::rotation::status::StatusReport;

/// The engine's answer: the findings (overrides applied, sorted), the verdict, and what the
/// report shows beside them.
#[derive(Debug, Clone)]
pub struct Decision {
    pub findings: Vec<Diagnostic>,
    pub verdict: Verdict,
    /// `plan`: every step; `next-step` and `wait`: the next one.
    pub steps: Vec<StepReport>,
    pub diff: Option<DiffSection>,
    pub status: Option<StatusReport>,
    /// Things noticed beside the findings (manifests printed without the user's layout).
    pub notes: Vec<String>,
}

impl Decision {
    pub(crate) fn new(findings: Vec<Diagnostic>, verdict: Verdict) -> Self {
        Self {
            findings,
            verdict,
            steps: Vec::new(),
            diff: None,
            status: None,
            notes: Vec::new(),
        }
    }
}

/// How findings become a verdict.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Judge {
    /// Pass or fail: a waiting gate fails like any error (`validate`, `status`).
    Findings,
    /// `plan`, `next-step`, `wait`: an error other than a waiting one fails; a waiting one
    /// waits; with neither, `done` (no step left) is nothing to do.
    Rotation { done: bool },
}

/// The closing sequence, in one place: the ablation's filter, the severity overrides, the
/// stable order, the verdict.
pub(crate) fn close(findings: Vec<Diagnostic>, settings: &Settings, judge: Judge) -> Decision {
    let filtered = &settings.ablation.filtered;
    let kept = findings
        .into_iter()
        .filter(|d| !filtered.contains(&d.code))
        .collect();
    let mut findings = settings.overrides.apply(kept);
    crate::diag::sort(&mut findings);
    let verdict = verdict(&findings, judge);
    Decision::new(findings, verdict)
}

fn verdict(findings: &[Diagnostic], judge: Judge) -> Verdict {
    let errors = || findings.iter().filter(|d| d.severity == Severity::Error);
    match judge {
        Judge::Findings if errors().next().is_some() => Verdict::Fail,
        Judge::Findings => Verdict::Pass,
        Judge::Rotation { .. } if errors().any(|d| !d.code.waits()) => Verdict::Fail,
        Judge::Rotation { .. } if errors().next().is_some() => Verdict::Waiting,
        Judge::Rotation { done: true } => Verdict::NothingToDo,
        Judge::Rotation { done: false } => Verdict::Pass,
    }
}
