//! The human report: miette's graphical diagnostics with the file's snippet and a label, the
//! `mtls` diff, and a one-line summary. Deterministic without colour.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::plural;
use crate::diagnostic::{Diagnostic, Severity, Verdict};
use crate::report::{DiffSection, Report};

pub fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    if let Some(error) = &report.error {
        out.push_str(&format!("error: {error}\n"));
        return out;
    }
    if let Some(diff) = &report.diff {
        render_diff(diff, &mut out);
    }
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100);
    for diagnostic in &report.diagnostics {
        let source = diagnostic.location.as_ref().and_then(|l| {
            report
                .sources
                .get(&l.file)
                .map(|text| NamedSource::new(&l.file, text.clone()).with_language("yaml"))
        });
        let shown = Shown { diagnostic, source };
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, &shown);
        out.push('\n');
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn render_diff(diff: &DiffSection, out: &mut String) {
    let s = &diff.summary;
    out.push_str(&format!(
        "mtls changes from {} to {}:\n",
        diff.current, diff.proposed
    ));
    if s.is_empty() {
        out.push_str("  none\n\n");
        return;
    }
    let line = |out: &mut String, what: &str, names: &[String]| {
        if !names.is_empty() {
            out.push_str(&format!("  {what}: {}\n", names.join(", ")));
        }
    };
    line(out, "backends added", &s.added);
    line(out, "backends removed", &s.removed);
    line(out, "CA material changed", &s.ca_changed);
    line(out, "settings changed", &s.settings_changed);
    if let Some(change) = &s.enabled_backend {
        let show = |b: &Option<String>| b.clone().unwrap_or_else(|| "(off)".to_string());
        out.push_str(&format!(
            "  enabledBackend: {} -> {}\n",
            show(&change.from),
            show(&change.to)
        ));
    }
    out.push('\n');
    out.push_str(&diff.unified);
    if !diff.unified.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
}

fn summary(report: &Report) -> String {
    let (errors, warnings, infos) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    let verdict = match report.verdict {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::InputError => "input error",
        Verdict::Waiting => "waiting",
        Verdict::NothingToDo => "nothing to do",
    };
    let mut counts = vec![plural(errors, "error"), plural(warnings, "warning")];
    if infos > 0 {
        counts.push(plural(infos, "note"));
    }
    format!(
        "meshctl {}: {verdict} ({})",
        report.command,
        counts.join(", ")
    )
}

/// A finding in the shape miette renders.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedSource<String>>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let d = self.diagnostic;
        match (&d.help, d.proxies.is_empty()) {
            (None, true) => None,
            (help, _) => {
                let mut text = help.clone().unwrap_or_default();
                if !d.proxies.is_empty() {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(&format!("proxies: {}", d.proxies.join(", ")));
                }
                Some(Box::new(text))
            }
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let location = self.diagnostic.location.as_ref()?;
        let span = location.span.start..location.span.end.max(location.span.start);
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(self.diagnostic.label.clone(), span),
        )))
    }
}
