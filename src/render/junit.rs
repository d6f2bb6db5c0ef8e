//! JUnit XML as Jenkins and GitLab count and show it: a test suite per checked Mesh file, a test
//! case per finding, at most one `<failure>` each (Jenkins reads only the first). Warnings are
//! skipped cases with their message (GitLab ignores a passing case's output); an input error is
//! an `<error>` case. As pytest does, the default validates against Jenkins' `junit-4.xsd`: the
//! file and line go into `classname` and the failure text; `--junit-flavor gitlab` adds the
//! `file`/`line` attributes GitLab shows. Test names come from what stays the same between runs
//! (`text::stable_parts`), so CI history sees the same test fail again, not a new one.
//!
//! Written by hand rather than with quick-junit: a new dependency for about 150 lines, where the
//! exact layout (`file`/`line`, skipped cases with output, CR as `&#13;`) is what matters and the
//! tests parse every output back.

use crate::diag::error::InputError;
use crate::diag::{Diagnostic, Severity};
use crate::render::report::Report;

/// Which JUnit reader the XML is shaped for (`--junit-flavor`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Flavor {
    /// Jenkins' `junit-4.xsd`, which most readers accept.
    #[default]
    Jenkins,
    /// GitLab's: `file` and `line` on each test case.
    Gitlab,
}

pub(crate) fn render(report: &Report, flavor: Flavor) -> String {
    let suites = match &report.error {
        Some(error) => vec![input_suite(error, report)],
        None => finding_suites(report),
    };
    write(report.command, &suites, flavor)
}

struct Suite {
    name: String,
    cases: Vec<Case>,
}

struct Case {
    name: String,
    class: String,
    file: Option<String>,
    line: Option<usize>,
    outcome: Outcome,
}

enum Outcome {
    Passed {
        output: Option<String>,
    },
    Failed {
        message: String,
        kind: String,
        body: String,
    },
    Skipped {
        message: String,
        body: String,
    },
    Error {
        message: String,
    },
}

fn input_suite(error: &InputError, report: &Report) -> Suite {
    let file = error.file().map(str::to_string).or(report.primary.clone());
    Suite {
        name: file
            .clone()
            .unwrap_or_else(|| "meshctl options".to_string()),
        cases: vec![Case {
            name: "input-error".to_string(),
            class: class(file.as_deref(), error.line, "meshctl.input"),
            file,
            line: error.line,
            outcome: Outcome::Error {
                message: error.to_string(),
            },
        }],
    }
}

/// `file:line` when the finding has a place (pytest's precedent: where to look), else the
/// meshctl class.
fn class(file: Option<&str>, line: Option<usize>, otherwise: &str) -> String {
    match (file, line) {
        (Some(file), Some(line)) => format!("{file}:{line}"),
        (Some(file), None) => file.to_string(),
        _ => otherwise.to_string(),
    }
}

/// A suite per Mesh file the command checked (state and Secrets files are inputs, not suites);
/// a finding about another file goes to the first one's suite, with its own `file`.
fn finding_suites(report: &Report) -> Vec<Suite> {
    let mut names: Vec<String> = report.primary.iter().cloned().collect();
    names.extend(
        report
            .sources
            .keys()
            .filter(|k| Some(*k) != report.primary.as_ref())
            .cloned(),
    );
    if names.is_empty() {
        names.push(report.command.to_string());
    }
    let mut suites: Vec<Suite> = names
        .into_iter()
        .map(|name| Suite {
            name,
            cases: Vec::new(),
        })
        .collect();
    for d in &report.diagnostics {
        let file = d.location.as_ref().map(|l| l.file.as_str());
        let suite = suites
            .iter()
            .position(|s| Some(s.name.as_str()) == file)
            .unwrap_or(0);
        suites[suite].cases.push(case(d));
    }
    for suite in &mut suites {
        if suite.cases.is_empty() {
            suite.cases.push(Case {
                name: "no findings".to_string(),
                class: format!("meshctl.{}", report.command),
                file: Some(suite.name.clone()),
                line: None,
                outcome: Outcome::Passed { output: None },
            });
        }
    }
    suites
}

fn case(d: &Diagnostic) -> Case {
    let place = d
        .location
        .as_ref()
        .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
        .unwrap_or_default();
    let first = format!("{} {}: {}", d.severity.as_str(), d.code, d.message);
    let body = format!("{place}{first}{}", super::text::details(d));
    let outcome = match d.severity {
        // An input that could not be read: the test could not run.
        Severity::Error if d.code == crate::diag::codes::Code::InputError => Outcome::Error {
            message: first.clone(),
        },
        Severity::Error => Outcome::Failed {
            message: first,
            kind: d.code.as_str().to_string(),
            body,
        },
        Severity::Warning => Outcome::Skipped {
            message: first,
            body,
        },
        Severity::Info => Outcome::Passed { output: Some(body) },
    };
    let file = d.location.as_ref().map(|l| l.file.as_str());
    let line = d.location.as_ref().map(|l| l.line);
    let family = format!("meshctl.{}", d.code.family().as_str());
    // The code, the field path and the quoted names: the file is in the class already.
    let mut name = super::text::stable_parts(d);
    if d.location.is_some() {
        name.remove(1);
    }
    Case {
        name: name.join(" ").replace(['\r', '\n'], " "),
        class: class(file, line, &family),
        file: file.map(str::to_string),
        line,
        outcome,
    }
}

fn write(command: &str, suites: &[Suite], flavor: Flavor) -> String {
    let count = |f: &dyn Fn(&Case) -> bool| {
        suites
            .iter()
            .flat_map(|s| &s.cases)
            .filter(|c| f(c))
            .count()
    };
    let (failed, errored, skipped) = (
        |c: &Case| matches!(c.outcome, Outcome::Failed { .. }),
        |c: &Case| matches!(c.outcome, Outcome::Error { .. }),
        |c: &Case| matches!(c.outcome, Outcome::Skipped { .. }),
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"meshctl {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"0\">\n",
        escape(command),
        count(&|_| true),
        count(&failed),
        count(&errored),
    ));
    for suite in suites {
        let n = |f: &dyn Fn(&Case) -> bool| suite.cases.iter().filter(|c| f(c)).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\">\n",
            escape(&suite.name),
            suite.cases.len(),
            n(&failed),
            n(&errored),
            n(&skipped),
        ));
        for case in &suite.cases {
            write_case(case, flavor, &mut out);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn write_case(case: &Case, flavor: Flavor, out: &mut String) {
    let mut open = format!(
        "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
        escape(&case.name),
        escape(&case.class)
    );
    if flavor == Flavor::Gitlab {
        if let Some(file) = &case.file {
            open.push_str(&format!(" file=\"{}\"", escape(file)));
        }
        if let Some(line) = case.line {
            open.push_str(&format!(" line=\"{line}\""));
        }
    }
    let inner = match &case.outcome {
        Outcome::Passed { output: None } => {
            out.push_str(&format!("{open}/>\n"));
            return;
        }
        Outcome::Passed { output: Some(text) } => {
            format!("      <system-out>{}</system-out>\n", escape(text))
        }
        Outcome::Failed {
            message,
            kind,
            body,
        } => format!(
            "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
            escape(message),
            escape(kind),
            escape(body)
        ),
        // junit-4.xsd: `skipped` is text only; GitLab shows its `message`.
        Outcome::Skipped { message, body } if flavor == Flavor::Gitlab => format!(
            "      <skipped message=\"{}\"/>\n      <system-out>{}</system-out>\n",
            escape(message),
            escape(body)
        ),
        Outcome::Skipped { message, body } => format!(
            "      <skipped>{}</skipped>\n      <system-out>{}</system-out>\n",
            escape(message),
            escape(body)
        ),
        Outcome::Error { message } => format!(
            "      <error message=\"{}\" type=\"input-error\">{}</error>\n",
            escape(message),
            escape(message)
        ),
    };
    out.push_str(&format!("{open}>\n{inner}    </testcase>\n"));
}

/// XML text and attribute escaping: line breaks, CR and tabs as references (attributes would
/// otherwise normalize them to spaces); control characters XML 1.0 forbids are dropped.
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
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
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
    fn escapes_markup_and_keeps_line_ends_as_references() {
        assert_eq!(
            escape("a<b & \"c\"\r\n\t\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#13;&#10;&#9;"
        );
    }
}
