//! JUnit XML as GitLab and Jenkins read it: a test suite per input file, a test case per check
//! family, a `<failure>` per error-level finding with `file:line` in its message.

use std::collections::BTreeSet;

use crate::codes::Family;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Report;

const FAMILIES: [Family; 4] = [
    Family::Static,
    Family::Certificate,
    Family::Transition,
    Family::Gate,
];

pub fn render(report: &Report) -> String {
    let mut suites = Vec::new();
    if let Some(error) = &report.error {
        let place = match (error.line, error.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", error.file),
            _ => error.file.clone(),
        };
        suites.push(Suite {
            name: error.file.clone(),
            cases: vec![Case {
                name: "input".to_string(),
                failures: Vec::new(),
                error: Some(format!("{place}: {}", error.message)),
                output: Vec::new(),
            }],
        });
    } else {
        let files: BTreeSet<&str> = report
            .sources
            .keys()
            .map(String::as_str)
            .chain(
                report
                    .diagnostics
                    .iter()
                    .filter_map(|d| d.location.as_ref())
                    .map(|l| l.file.as_str()),
            )
            .collect();
        for file in files {
            let in_file = |d: &&Diagnostic| d.location.as_ref().is_some_and(|l| l.file == file);
            let cases = FAMILIES
                .iter()
                .map(|family| {
                    let mine: Vec<&Diagnostic> = report
                        .diagnostics
                        .iter()
                        .filter(in_file)
                        .filter(|d| d.code.family() == *family)
                        .collect();
                    Case {
                        name: family.as_str().to_string(),
                        failures: mine
                            .iter()
                            .filter(|d| d.severity == Severity::Error)
                            .map(|d| (d.code.as_str(), line(d)))
                            .collect(),
                        error: None,
                        output: mine
                            .iter()
                            .filter(|d| d.severity != Severity::Error)
                            .map(|d| line(d))
                            .collect(),
                    }
                })
                .collect();
            suites.push(Suite {
                name: file.to_string(),
                cases,
            });
        }
    }
    write(report.command, &suites)
}

struct Suite {
    name: String,
    cases: Vec<Case>,
}

struct Case {
    name: String,
    /// One entry per error-level finding: its code and `file:line:column: code: message`.
    failures: Vec<(&'static str, String)>,
    /// An input error: the check could not run.
    error: Option<String>,
    /// Warnings and notes, reported but not failing.
    output: Vec<String>,
}

/// `file:line:column: code: message`, with help and proxies on further lines.
fn line(d: &Diagnostic) -> String {
    let place = d
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
        .unwrap_or_default();
    let mut text = format!("{place}{} {}: {}", d.severity.as_str(), d.code, d.message);
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    if !d.proxies.is_empty() {
        text.push_str(&format!("\nproxies: {}", d.proxies.join(", ")));
    }
    text
}

fn write(command: &str, suites: &[Suite]) -> String {
    let count =
        |f: &dyn Fn(&Case) -> usize| suites.iter().flat_map(|s| &s.cases).map(f).sum::<usize>();
    let tests = count(&|_| 1);
    let failures = count(&|c| usize::from(!c.failures.is_empty()));
    let errors = count(&|c| usize::from(c.error.is_some()));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"meshctl {}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n",
        escape(command)
    ));
    for suite in suites {
        let failures = suite
            .cases
            .iter()
            .filter(|c| !c.failures.is_empty())
            .count();
        let errors = suite.cases.iter().filter(|c| c.error.is_some()).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n",
            escape(&suite.name),
            suite.cases.len()
        ));
        for case in &suite.cases {
            let open = format!(
                "    <testcase name=\"{}\" classname=\"meshctl.{}\"",
                escape(&case.name),
                escape(command)
            );
            if case.failures.is_empty() && case.error.is_none() && case.output.is_empty() {
                out.push_str(&format!("{open}/>\n"));
                continue;
            }
            out.push_str(&format!("{open}>\n"));
            for (code, failure) in &case.failures {
                let first = failure.lines().next().unwrap_or_default();
                out.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    escape(first),
                    escape(code),
                    escape(failure)
                ));
            }
            if let Some(error) = &case.error {
                out.push_str(&format!(
                    "      <error message=\"{}\" type=\"input-error\">{}</error>\n",
                    escape(error),
                    escape(error)
                ));
            }
            if !case.output.is_empty() {
                out.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    escape(&case.output.join("\n"))
                ));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// XML text and attribute escaping; control characters XML 1.0 forbids are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_forbidden_controls() {
        assert_eq!(
            escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;"
        );
    }
}
