//! One way to turn a finding into plain text for the formats that carry text (SARIF, GitHub,
//! JUnit): the message, then its help and example proxies on lines of their own.

use crate::diag::Diagnostic;

/// The message, `help: …` and `proxies: …`.
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
    text
}
