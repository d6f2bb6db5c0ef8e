//! GitHub Actions workflow commands (`::error file=F,line=L,col=C,title=CODE::message`) with
//! GitHub's escaping, and a Markdown table for the step summary.

use crate::diag::Severity;
use crate::render::report::Report;

use super::text::end_column;

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    if let Some(error) = &report.error {
        // An option error is about no file: the annotation then stands on the run alone.
        let mut props: Vec<String> = error
            .file()
            .map(|f| format!("file={}", property(f)))
            .into_iter()
            .collect();
        if let (Some(line), Some(col)) = (error.line, error.column) {
            props.push(format!("line={line}"));
            props.push(format!("col={col}"));
        }
        props.push("title=input-error".to_string());
        out.push_str(&format!(
            "::error {}::{}\n",
            props.join(","),
            data(&error.message)
        ));
    }
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(at) = &d.location {
            props.push(format!("file={}", property(&at.file)));
            props.push(format!("line={}", at.line));
            props.push(format!("col={}", at.column));
            props.push(format!("endColumn={}", end_column(at, report)));
        }
        props.push(format!("title={}", property(d.code.as_str())));
        let message = super::text::full(d);
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out.push_str(&super::human::summary(report));
    out.push('\n');
    out
}

/// The Markdown appended to `$GITHUB_STEP_SUMMARY`: every finding, not only the first ten
/// annotations GitHub shows per step.
pub(crate) fn step_summary(report: &Report) -> String {
    let mut out = format!("### {}\n\n", super::human::summary(report));
    if let Some(error) = &report.error {
        out.push_str(&format!(
            "**Input error:** {}\n\n",
            cell(&error.to_string())
        ));
        return out;
    }
    if report.diagnostics.is_empty() {
        out.push_str("No findings.\n\n");
        return out;
    }
    out.push_str("| severity | code | location | message |\n|---|---|---|---|\n");
    for d in &report.diagnostics {
        let place = d
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
            .unwrap_or_default();
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            d.severity.as_str(),
            d.code,
            cell(&place),
            cell(&d.message)
        ));
    }
    out.push('\n');
    out
}

/// A table cell as cmark-gfm renders it: `|` would end the cell, CR or LF the row, `<` start
/// HTML (and vanish), `&` an entity, a backtick code.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' => out.push_str("\\`"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command's message: `%`, CR and LF.
pub(crate) fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property: as data, plus `:` and `,`.
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_does() {
        assert_eq!(
            data("50% done:\r\nnext, then"),
            "50%25 done:%0D%0Anext, then"
        );
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn table_cells_escape_what_cmark_gfm_reads() {
        assert_eq!(
            cell("a|b\r\nc\rd <x> & `e`"),
            "a\\|b<br>c<br>d &lt;x&gt; &amp; \\`e\\`"
        );
    }
}
