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

/// What identifies a finding from one run to the next: its code, its file and field path, and
/// the names it quotes (backends, policies, services), never times, counts or proxy names (pod
/// names change with every rollout). SARIF fingerprints and JUnit test names are built from it.
pub(crate) fn stable_parts(d: &Diagnostic) -> Vec<String> {
    let mut parts = vec![d.code.as_str().to_string()];
    if let Some(at) = &d.location {
        parts.push(at.file.clone());
        if !at.path.is_empty() {
            parts.push(at.path.clone());
        }
    }
    parts.extend(quoted_names(d));
    parts
}

/// The `` `names` `` a message quotes, in order, without proxies, times and numbers.
fn quoted_names(d: &Diagnostic) -> Vec<String> {
    let path = d.location.as_ref().map(|l| l.path.as_str());
    let proxy = |name: &str| {
        d.proxies.iter().any(|p| p == name)
            || d.pairs.iter().any(|p| p.client == name || p.server == name)
            || path == Some(name)
    };
    let changing = |name: &str| {
        name.chars()
            .all(|c| c.is_ascii_digit() || ".:-/ ".contains(c))
            || crate::input::time::parse_rfc3339(name).is_some()
    };
    let mut names: Vec<String> = Vec::new();
    for (i, piece) in d.message.split('`').enumerate() {
        let quoted = i % 2 == 1;
        if quoted && !piece.is_empty() && !proxy(piece) && !changing(piece) {
            let name = piece.to_string();
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::codes::Code;

    #[test]
    fn stable_parts_leave_out_counts_times_and_proxies() {
        let mut d = Diagnostic::new(
            Code::NewBackendNotTrusted,
            "switching to `ca-2`: 2 in-scope proxies (`web-1`) do not trust `ca-2` yet, since `2026-11-27T12:00:00Z`, `42` of them",
        );
        d.proxies = vec!["web-1".to_string()];
        assert_eq!(stable_parts(&d), ["new-backend-not-trusted", "ca-2"]);
        d.message = d.message.replace("2 in-scope", "5 in-scope");
        assert_eq!(stable_parts(&d), ["new-backend-not-trusted", "ca-2"]);
    }
}
