//! One way to turn a finding into plain text for the formats that carry text (SARIF, GitHub,
//! JUnit): the message, then its help and example proxies on lines of their own; and the small
//! helpers every format shares.

use crate::diag::Diagnostic;
use crate::render::report::Report;

/// The message, `help: …`, `proxies: …` and `pairs …`.
pub(crate) fn full(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    text.push_str(&details(d));
    text
}

/// What follows the message: `\nhelp: …` and `\nproxies: …`, when there are.
pub(crate) fn details(d: &Diagnostic) -> String {
    let mut text = String::new();
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    if !d.proxies.is_empty() {
        text.push_str(&format!("\nproxies: {}", d.proxies.join(", ")));
    }
    if let Some(pairs) = pairs(d) {
        text.push_str(&format!("\n{pairs}"));
    }
    text
}

/// `pairs (3 of 12): web-1 -> api-1:8080 (allow-web), …`, when the finding carries pairs.
pub(crate) fn pairs(d: &Diagnostic) -> Option<String> {
    if d.pairs.is_empty() {
        return None;
    }
    let shown: Vec<String> = d
        .pairs
        .iter()
        .map(|p| {
            let port = p.port.map_or_else(String::new, |p| format!(":{p}"));
            format!("{} -> {}{port} ({})", p.client, p.server, p.policy)
        })
        .collect();
    Some(format!(
        "pairs ({} of {}): {}",
        d.pairs.len(),
        d.pairs_total,
        shown.join(", ")
    ))
}

/// The 1-based column just past the labelled key, for formats that want a region's end.
pub(crate) fn end_column(at: &crate::input::manifest::Location, report: &Report) -> usize {
    let width = report
        .sources
        .get(&at.file)
        .and_then(|text| text.get(at.span.clone()))
        .map(|s| s.lines().next().unwrap_or_default().chars().count())
        .unwrap_or(0);
    at.column + width.max(1)
}

/// "1 error", "2 warnings".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
