//! What a command hands to the renderers: its verdict, findings, diff and the masked sources
//! that snippets are cut from.

use std::collections::BTreeMap;

use crate::diag::error::InputError;
use crate::diag::{Diagnostic, Severity, Verdict};
use crate::input::manifest::ManifestFile;
use crate::input::redact::masked_text;
use crate::rotation::diff::DiffSection;
use crate::rotation::engine::{Decision, StepReport};
use crate::rotation::status::StatusReport;

#[derive(Debug, Clone)]
pub(crate) struct Report {
    pub command: &'static str,
    pub verdict: Verdict,
    pub diagnostics: Vec<Diagnostic>,
    pub diff: Option<DiffSection>,
    pub error: Option<InputError>,
    /// Input texts with secrets masked, by file name, for snippets.
    pub sources: BTreeMap<String, String>,
    /// The first Mesh file the command checked (the proposed or current one).
    pub primary: Option<String>,
    /// `plan`: every step; `next-step`: the one step it emits or waits for.
    pub steps: Vec<StepReport>,
    /// `status`: where the rotation stands.
    pub status: Option<StatusReport>,
    /// Things done or noticed beside the findings (files written, formatting fallbacks).
    pub notes: Vec<String>,
}

impl Report {
    pub(crate) fn new(command: &'static str) -> Self {
        Self {
            command,
            verdict: Verdict::Pass,
            diagnostics: Vec::new(),
            diff: None,
            error: None,
            sources: BTreeMap::new(),
            primary: None,
            steps: Vec::new(),
            status: None,
            notes: Vec::new(),
        }
    }

    /// The report of the engine's decision.
    pub(crate) fn decided(command: &'static str, decision: Decision) -> Self {
        Self {
            verdict: decision.verdict,
            diagnostics: decision.findings,
            diff: decision.diff,
            steps: decision.steps,
            status: decision.status,
            notes: decision.notes,
            ..Self::new(command)
        }
    }

    /// A report of an input error: nothing else is known.
    pub(crate) fn failed(command: &'static str, error: InputError) -> Self {
        Self {
            verdict: Verdict::InputError,
            error: Some(error),
            ..Self::new(command)
        }
    }

    pub(crate) fn add_source(&mut self, file: &ManifestFile) {
        self.primary.get_or_insert_with(|| file.name().to_string());
        self.sources
            .entry(file.name().to_string())
            .or_insert_with(|| masked_text(file));
    }

    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}
