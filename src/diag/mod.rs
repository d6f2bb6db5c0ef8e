//! Findings as data: the registry of codes, severity, the diagnostic record and where it points,
//! input errors, user severity overrides, and the one function that turns an outcome into an exit
//! code. Depends on nothing else in the crate.

pub mod codes;
pub mod error;
pub mod near;

use std::collections::HashMap;
use std::ops::Range;

use codes::Code;
pub use codes::Severity;
use error::InputError;

/// Where a finding points: file, 1-based line and column (in characters), byte span and field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub span: Range<usize>,
    pub path: String,
}

/// One finding: a code at a place, with a message and, where useful, a fix and example proxies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The short text under the snippet's caret.
    pub label: Option<String>,
    pub help: Option<String>,
    pub location: Option<Location>,
    /// Up to ten example proxies, for gate findings.
    pub proxies: Vec<String>,
    /// Up to twenty example pairs of proxies whose authorization changes, and how many there are
    /// in all.
    pub pairs: Vec<Pair>,
    pub pairs_total: u64,
}

/// A client proxy and a server inbound whose authorization a change affects, and the policy
/// that decides it afterwards.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pair {
    pub client: String,
    pub server: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
    pub policy: String,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.default_severity(),
            message: message.into(),
            label: None,
            help: None,
            location: None,
            proxies: Vec::new(),
            pairs: Vec::new(),
            pairs_total: 0,
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Names for messages: `` `ca-1`, `ca-2` ``.
pub(crate) fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `n` with the singular or plural phrase: "1 proxy does not", "2 proxies do not".
pub(crate) fn agree(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Sorts findings by place, then code, then message: every format lists them in one stable order.
pub(crate) fn sort(findings: &mut [Diagnostic]) {
    findings.sort_by(|a, b| {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Deny,
    Warn,
    Allow,
}

/// `--deny/--warn/--allow CODE`, applied in one place. When a code is named more than once,
/// deny wins over warn and warn over allow: the stricter reading is the safe one in CI.
/// `--deny warnings` (cargo's and rustc's `-D warnings`) makes every other warning an error; a
/// code named with `--warn` or `--allow` keeps that level.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    levels: HashMap<Code, Level>,
    warnings_denied: bool,
}

/// The name `--deny` takes for every warning.
pub const WARNINGS: &str = "warnings";

impl Overrides {
    pub fn from_flags(
        deny: &[String],
        warn: &[String],
        allow: &[String],
    ) -> Result<Self, InputError> {
        let mut overrides = Self::default();
        for (names, level) in [
            (allow, Level::Allow),
            (warn, Level::Warn),
            (deny, Level::Deny),
        ] {
            for name in names {
                if name == WARNINGS && level == Level::Deny {
                    overrides.warnings_denied = true;
                    continue;
                }
                let code = Code::from_name(name).ok_or_else(|| unknown_code(name, level))?;
                overrides.levels.insert(code, level);
            }
        }
        Ok(overrides)
    }

    /// These overrides with `over`'s on top: a code `over` names takes its level (flags over a
    /// repository's settings file); `-D warnings` from either holds.
    pub fn beneath(mut self, over: Overrides) -> Overrides {
        // `-D warnings` on the command line outranks a file's `warn` and `allow`.
        if over.warnings_denied {
            self.levels.retain(|_, level| *level == Level::Deny);
        }
        self.levels.extend(over.levels);
        self.warnings_denied |= over.warnings_denied;
        self
    }

    /// Sets each finding's severity from the overrides and drops the allowed ones.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                match self.levels.get(&d.code) {
                    Some(Level::Allow) => return None,
                    Some(Level::Deny) => d.severity = Severity::Error,
                    Some(Level::Warn) => d.severity = Severity::Warning,
                    None if self.warnings_denied && d.severity == Severity::Warning => {
                        d.severity = Severity::Error;
                    }
                    None => {}
                }
                Some(d)
            })
            .collect()
    }
}

fn unknown_code(name: &str, level: Level) -> InputError {
    let deny = level == Level::Deny;
    let names = Code::ALL.iter().map(|c| c.as_str());
    let near = near::closest(name, deny.then_some(WARNINGS).into_iter().chain(names), 1);
    let hint = match near.first() {
        Some(code) => format!("; did you mean `{code}`?"),
        None if name.eq_ignore_ascii_case(WARNINGS) => {
            "; `warnings` goes with --deny (-D warnings)".to_string()
        }
        None => String::new(),
    };
    InputError::usage(format!(
        "unknown diagnostic code `{name}`{hint} (`meshctl explain --list` lists them)"
    ))
}

/// How a command ended, before it becomes an exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No error-level finding (and `next-step` wrote its manifest).
    Pass,
    /// Error-level findings: the change or step is not safe or not valid.
    Fail,
    /// Unreadable, unparseable or ambiguous input; nothing was written.
    InputError,
    /// The next step's gate does not hold yet.
    Waiting,
    /// The current `mtls` already equals the target.
    NothingToDo,
}

impl Verdict {
    /// Pass or fail from the findings alone.
    pub fn from_findings(diagnostics: &[Diagnostic]) -> Self {
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            Verdict::Fail
        } else {
            Verdict::Pass
        }
    }

    /// The process exit code; the only place that maps outcomes to numbers.
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Pass => 0,
            Verdict::Fail => 1,
            Verdict::InputError => 2,
            Verdict::Waiting => 3,
            Verdict::NothingToDo => 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_change_severity_and_drop_allowed() {
        let o = Overrides::from_flags(
            &["mtls-disabled".into()],
            &["gate-unchecked".into()],
            &["multiple-steps".into()],
        )
        .unwrap();
        let out = o.apply(vec![
            Diagnostic::new(Code::MtlsDisabled, "a"),
            Diagnostic::new(Code::GateUnchecked, "b"),
            Diagnostic::new(Code::MultipleSteps, "c"),
        ]);
        let got: Vec<_> = out.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                (Code::MtlsDisabled, Severity::Error),
                (Code::GateUnchecked, Severity::Warning)
            ]
        );
        assert_eq!(Verdict::from_findings(&out).exit_code(), 1);
        assert!(Overrides::from_flags(&["nope".into()], &[], &[]).is_err());
    }
}
