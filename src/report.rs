//! What a command hands to the renderers: its verdict, findings, diff and the masked sources
//! that snippets are cut from.

use std::collections::BTreeMap;

use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity, Verdict};
use crate::diff::MtlsDiff;
use crate::error::InputError;
use crate::manifest::ManifestFile;
use crate::redact::masked_text;

/// The `mtls` diff as reports show it.
#[derive(Debug, Clone)]
pub struct DiffSection {
    pub current: String,
    pub proposed: String,
    pub summary: MtlsDiff,
    /// Unified diff of the two sections, secrets redacted.
    pub unified: String,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub command: &'static str,
    pub verdict: Verdict,
    pub diagnostics: Vec<Diagnostic>,
    pub diff: Option<DiffSection>,
    pub error: Option<InputError>,
    /// Input texts with secrets masked, by file name, for snippets.
    pub sources: BTreeMap<String, String>,
}

impl Report {
    pub fn new(command: &'static str) -> Self {
        Self {
            command,
            verdict: Verdict::Pass,
            diagnostics: Vec::new(),
            diff: None,
            error: None,
            sources: BTreeMap::new(),
        }
    }

    /// A report of an input error: nothing else is known.
    pub fn failed(command: &'static str, error: InputError) -> Self {
        Self {
            verdict: Verdict::InputError,
            error: Some(error),
            ..Self::new(command)
        }
    }

    pub fn add_source(&mut self, file: &ManifestFile) {
        self.sources
            .entry(file.name().to_string())
            .or_insert_with(|| masked_text(file));
    }

    /// Sorts findings by place then code, so every format lists them in the same stable order.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            let place = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .map(|l| (l.file.clone(), l.line, l.column))
            };
            place(a)
                .cmp(&place(b))
                .then(a.code.cmp(&b.code))
                .then(a.message.cmp(&b.message))
        });
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn has(&self, code: Code) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }
}
