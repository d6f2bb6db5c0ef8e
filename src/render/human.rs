//! The human report: miette's graphical diagnostics with the file's snippet and a label, the
//! `mtls` diff, and a one-line summary. Deterministic without colour.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::text::plural;
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, Severity, Verdict};
use crate::gate::GateStatus;
use crate::render::report::Report;
use crate::rotation::diff::DiffSection;
use crate::rotation::engine::StepReport;
use crate::rotation::status::StatusReport;
use crate::rotation::step::Action;

/// A source whose columns count characters (Unicode code points), as the JSON and SARIF reports
/// do, where miette would count bytes.
struct CodePoints(NamedSource<String>);

impl SourceCode for CodePoints {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self.0.read_span(span, before, after)?;
        let text = self.0.inner();
        let start = contents.span().offset().min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = text
            .get(line_start..start)
            .map_or(contents.column(), |t| t.chars().count());
        let name = contents.name().unwrap_or_default().to_string();
        let mut out = MietteSpanContents::new_named(
            name,
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        );
        if let Some(language) = contents.language() {
            out = out.with_language(language);
        }
        Ok(Box::new(out))
    }
}

pub(crate) fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    if let Some(error) = &report.error {
        out.push_str(&format!("error: {error}\n"));
        return out;
    }
    if let Some(diff) = &report.diff {
        render_diff(diff, &mut out);
    }
    match report.command {
        "plan" => render_plan(report, &mut out),
        "next-step" | "wait" => render_next(report, &mut out),
        _ => {}
    }
    if let Some(status) = &report.status {
        render_status(status, &mut out);
    }
    for note in &report.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    if !report.notes.is_empty() {
        out.push('\n');
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
            report.sources.get(&l.file).map(|text| {
                CodePoints(NamedSource::new(&l.file, text.clone()).with_language("yaml"))
            })
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

fn render_plan(report: &Report, out: &mut String) {
    if report.steps.is_empty() {
        if report.verdict != Verdict::Fail {
            out.push_str("plan: nothing to do, the current mtls already equals the target\n\n");
        }
        return;
    }
    out.push_str(&format!("plan: {}\n", plural(report.steps.len(), "step")));
    for step in &report.steps {
        render_step(step, out);
    }
    out.push('\n');
}

fn render_next(report: &Report, out: &mut String) {
    match (report.steps.first(), report.verdict) {
        (None, Verdict::NothingToDo) => {
            out.push_str("next step: none, the current mtls already equals the target\n\n");
        }
        (Some(step), verdict) => {
            out.push_str("next step:\n");
            render_step(step, out);
            let outcome = match (verdict, &step.written) {
                (Verdict::Pass, Some(path)) => format!("manifest written to {path}"),
                (Verdict::Pass, None) if report.command == "wait" => {
                    "the gate holds: run next-step to emit the manifest".to_string()
                }
                (Verdict::Pass, None) => "manifest on stdout".to_string(),
                (Verdict::Waiting, _) => {
                    "waiting: the gate does not hold yet, nothing written; run again later"
                        .to_string()
                }
                _ => "nothing written".to_string(),
            };
            out.push_str(&format!("  {outcome}\n\n"));
        }
        (None, _) => {}
    }
}

fn render_step(step: &StepReport, out: &mut String) {
    out.push_str(&format!(
        "  {}. {}: {}\n",
        step.number,
        step.kind.as_str(),
        step.summary
    ));
    let gate = match &step.gate {
        None => "none".to_string(),
        Some(g) => {
            let standing = match g.status {
                GateStatus::Holds => {
                    format!("holds, {}/{} {} ready", g.ready, g.total, g.counted())
                }
                GateStatus::Blocked => {
                    let mut text =
                        format!("blocked, {}/{} {} ready", g.ready, g.total, g.counted());
                    if !g.blocking.is_empty() {
                        text.push_str(&format!(" (not ready: {})", g.blocking.join(", ")));
                    }
                    text
                }
                GateStatus::Unchecked => {
                    "unchecked (no observed state, or not yet the time it waits from)".to_string()
                }
            };
            format!("{}: {standing}", g.condition)
        }
    };
    out.push_str(&format!("     gate: {gate}\n"));
    if !step.secrets.is_empty() {
        let names: Vec<String> = step.secrets.iter().map(|s| format!("`{s}`")).collect();
        out.push_str(&format!(
            "     needs Secrets (apply them first): {}\n",
            names.join(", ")
        ));
    }
    out.push_str(match step.action {
        Action::Apply => "     action: apply (kubectl apply -f FILE, or kumactl apply -f FILE)\n",
        Action::Delete => "     action: delete (kubectl delete -f FILE, or kumactl delete KIND NAME -m MESH for each document)\n",
    });
    if let Some(path) = &step.written {
        out.push_str(&format!("     wrote {path}\n"));
    }
}

fn render_status(status: &StatusReport, out: &mut String) {
    let enabled = status
        .enabled_backend
        .as_deref()
        .map_or("mTLS off".to_string(), |b| format!("enabledBackend `{b}`"));
    out.push_str(&format!(
        "Mesh `{}`: phase {} ({enabled})\n",
        status.mesh,
        status.phase.as_str()
    ));
    let width = status
        .backends
        .iter()
        .map(|b| b.name.len() + 1)
        .max()
        .unwrap_or(7)
        .max(7);
    let ratio = |n: u64| format!("{n}/{}", status.in_scope);
    // Wide enough for "trusted by" and for the widest count, such as 100000/100000.
    let cell = ratio(status.in_scope).len().max(10);
    out.push_str(&format!(
        "  {:width$}  {:>cell$}  {:>cell$}\n",
        "backend", "trusted by", "issued to"
    ));
    for b in &status.backends {
        let name = if b.enabled {
            format!("{}*", b.name)
        } else {
            b.name.clone()
        };
        let note = if b.configured {
            ""
        } else {
            "  (not in the Mesh)"
        };
        out.push_str(&format!(
            "  {name:width$}  {:>cell$}  {:>cell$}{note}\n",
            ratio(b.trusted_by),
            ratio(b.issued_to)
        ));
    }
    out.push_str(&format!(
        "  in scope: {} ({} connected, {} disconnected with a valid certificate{}); left out: {} disconnected, {} never connected; unknown mTLS state: {}\n",
        status.in_scope,
        status.connected,
        status.offline_counted,
        match status.offline_unrecorded {
            0 => String::new(),
            n => format!(", {n} disconnected without a certificate record"),
        },
        status.offline_left_out,
        status.never_connected,
        status.unknown
    ));
    if !status.per_proxy {
        out.push_str("  (from MeshInsight counts: no per-proxy detail)\n");
    }
    for zone in &status.zones {
        let connected = match zone.online {
            Some(true) => "connected",
            Some(false) => "DISCONNECTED",
            None => "zones not given",
        };
        let counts: Vec<String> = zone
            .backends
            .iter()
            .map(|b| {
                format!(
                    "{} trusted by {}/{n}, issued to {}/{n}",
                    b.name,
                    b.trusted_by,
                    b.issued_to,
                    n = zone.in_scope
                )
            })
            .collect();
        out.push_str(&format!(
            "  zone {} ({connected}): {} in scope; {}\n",
            zone.name,
            zone.in_scope,
            counts.join("; ")
        ));
    }
    if !status.services.is_empty() {
        out.push_str("  services (PERMISSIVE: TLS once every proxy holds the enabled backend's certificate):\n");
        for s in &status.services {
            let state = if s.ready == s.total {
                "ready"
            } else {
                "plaintext possible"
            };
            out.push_str(&format!(
                "    {}: {}/{} {state}\n",
                s.service, s.ready, s.total
            ));
        }
    }
    out.push('\n');
}

/// `--quiet`: the summary line, or the input error.
pub(crate) fn quiet(report: &Report) -> String {
    if let Some(error) = &report.error {
        return format!("error: {error}\n");
    }
    // An input that could not be read is named even here: the summary alone cannot say which.
    let mut out = String::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::InputError)
    {
        let place = d
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
            .unwrap_or_default();
        out.push_str(&format!("error: {place}{}\n", d.message));
    }
    out.push_str(&format!("{}\n", summary(report)));
    out
}

pub(crate) fn summary(report: &Report) -> String {
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
    source: Option<CodePoints>,
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
        let pairs = crate::render::text::pairs(d);
        match (&d.help, d.proxies.is_empty() && pairs.is_none()) {
            (None, true) => None,
            (help, _) => {
                let mut text = help.clone().unwrap_or_default();
                let more = (!d.proxies.is_empty())
                    .then(|| format!("proxies: {}", d.proxies.join(", ")))
                    .into_iter()
                    .chain(pairs);
                for line in more {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(&line);
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
