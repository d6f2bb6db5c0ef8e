//! What a command hands to the renderers: its verdict, findings, diff and the masked sources
//! that snippets are cut from.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::check::diff::MtlsDiff;
use crate::check::diff::StepKind;
use crate::check::gate::{Gate, GateOutcome, GateStatus};
use crate::diag::codes::Code;
use crate::diag::error::InputError;
use crate::diag::{Diagnostic, Severity, Verdict};
use crate::input::manifest::ManifestFile;
use crate::input::redact::masked_text;
use crate::rotation::status::StatusReport;

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
    /// The first Mesh file the command checked (the proposed or current one).
    pub primary: Option<String>,
    /// `plan`: every step; `next-step`: the one step it emits or waits for.
    pub steps: Vec<StepReport>,
    /// `status`: where the rotation stands.
    pub status: Option<StatusReport>,
    /// Things done or noticed beside the findings (files written, formatting fallbacks).
    pub notes: Vec<String>,
}

/// One step as reports show it.
#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    pub number: usize,
    pub kind: StepKind,
    /// Whether the manifest's documents are applied or deleted.
    pub action: crate::rotation::plan::Action,
    pub summary: String,
    pub gate: Option<GateReport>,
    /// The whole manifest after this step (secrets redacted only in what the user wrote inline).
    pub manifest: String,
    /// Where the manifest was written (`--write-steps`, `-o`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// What the static rules find wrong in the manifest (reported with the other findings).
    #[serde(skip)]
    pub lint: Vec<Diagnostic>,
}

/// A step's gate and how it stands in the observed state.
#[derive(Debug, Clone, Serialize)]
pub struct GateReport {
    /// `switch` or `remove`.
    pub kind: &'static str,
    /// What must hold, in words.
    pub condition: String,
    pub status: GateStatus,
    pub ready: u64,
    pub total: u64,
    pub unknown: u64,
    pub blocking: Vec<String>,
    /// Per zone of a global control plane, slowest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<crate::check::gate::ZoneProgress>,
}

impl GateReport {
    pub fn new(gate: &Gate, outcome: &GateOutcome) -> Self {
        let (kind, condition) = match gate {
            Gate::Switch(to) => ("switch", format!("every in-scope proxy trusts `{to}`")),
            Gate::Remove(removed) => (
                "remove",
                format!(
                    "no in-scope proxy holds a certificate from {}",
                    removed
                        .iter()
                        .map(|b| format!("`{b}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            Gate::Strict(backend) => (
                "strict",
                format!("every in-scope proxy holds a certificate from `{backend}`"),
            ),
            Gate::Trusted { trusts, .. } => (
                "trusted",
                format!(
                    "every in-scope proxy runs a configuration made since {} appeared",
                    crate::check::gates::names_of(trusts)
                ),
            ),
            Gate::Issued(identities) => (
                "issued",
                format!(
                    "every in-scope proxy holds a certificate from {}",
                    crate::check::gates::names_of(identities)
                ),
            ),
            Gate::Retired(identity) => (
                "retired",
                format!("no in-scope proxy holds a certificate from {identity}"),
            ),
            Gate::Converged => (
                "converged",
                "every in-scope proxy acknowledged the configuration of the Mesh's last change"
                    .to_string(),
            ),
        };
        let mut blocking = outcome.blocking.clone();
        blocking.extend(outcome.unknown_proxies.iter().cloned());
        blocking.truncate(crate::check::gate::MAX_EXAMPLES);
        Self {
            kind,
            condition,
            status: outcome.status,
            ready: outcome.ready,
            total: outcome.total,
            unknown: outcome.unknown,
            blocking,
            zones: outcome.zones.clone(),
        }
    }
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
            primary: None,
            steps: Vec::new(),
            status: None,
            notes: Vec::new(),
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
        self.primary.get_or_insert_with(|| file.name().to_string());
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
