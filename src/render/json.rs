//! The JSON report (`"version": 1`): a stable, documented schema for scripts. Fields are only
//! ever added, never renamed.

use serde::Serialize;

use crate::diag::{Diagnostic, Severity, Verdict};
use crate::input::redact::masked_manifest;
use crate::render::report::Report;
use crate::rotation::diff::MtlsDiff;
use crate::rotation::engine::StepReport;
use crate::rotation::status::StatusReport;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    command: &'a str,
    verdict: Verdict,
    exit_code: u8,
    summary: Counts,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<&'a MtlsDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<JsonPlan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_step: Option<StepReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a StatusReport>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonPlan {
    steps: Vec<StepReport>,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    family: &'a str,
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    path: Option<&'a str>,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    proxies: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pairs: &'a [crate::diag::Pair],
    #[serde(skip_serializing_if = "Option::is_none")]
    pairs_total: Option<u64>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    message: &'a str,
    /// None for an option error, which is about no file.
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
}

pub(crate) fn render(report: &Report) -> String {
    let json = JsonReport {
        version: 1,
        command: report.command,
        verdict: report.verdict,
        exit_code: report.verdict.exit_code(),
        summary: Counts {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
        diagnostics: report.diagnostics.iter().map(diagnostic).collect(),
        diff: report.diff.as_ref().map(|d| &d.summary),
        plan: (report.command == "plan").then(|| JsonPlan {
            steps: steps(report),
        }),
        next_step: if report.command == "next-step" {
            steps(report).into_iter().next()
        } else {
            None
        },
        status: report.status.as_ref(),
        notes: &report.notes,
        error: report.error.as_ref().map(|e| JsonError {
            message: &e.message,
            file: e.file(),
            line: e.line,
            column: e.column,
        }),
    };
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    text
}

/// Steps with their manifests masked: a report never carries key material.
fn steps(report: &Report) -> Vec<StepReport> {
    report
        .steps
        .iter()
        .map(|s| StepReport {
            manifest: masked_manifest(&s.manifest),
            ..s.clone()
        })
        .collect()
}

fn diagnostic(d: &Diagnostic) -> JsonDiagnostic<'_> {
    let location = d.location.as_ref();
    JsonDiagnostic {
        code: d.code.as_str(),
        family: d.code.family().as_str(),
        severity: d.severity,
        message: &d.message,
        file: location.map(|l| l.file.as_str()),
        line: location.map(|l| l.line),
        column: location.map(|l| l.column),
        path: location.map(|l| l.path.as_str()),
        help: d.help.as_deref(),
        proxies: &d.proxies,
        pairs: &d.pairs,
        pairs_total: (!d.pairs.is_empty()).then_some(d.pairs_total),
    }
}
