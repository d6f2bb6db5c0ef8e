//! Input errors: what the tool cannot read or use at all (exit code 2), as opposed to findings.

use std::fmt;

/// An input the tool cannot read, parse or use unambiguously, with where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file or URL it is about; empty for a problem with the command line.
    pub file: String,
    /// 1-based; `None` when the problem is the file as a whole.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub kind: ErrorKind,
}

/// What kind of input failed, so callers decide without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A file, stdin or a control plane's answer.
    Input,
    /// The command line: an option's value, a missing flag, an unknown code.
    Usage,
    /// The control plane did not answer in time, refused the connection or failed (5xx): asking
    /// again may pass.
    Transient,
}

impl InputError {
    /// A problem with the file as a whole (missing, unreadable, too large).
    pub fn io(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line: None,
            column: None,
            message: scrub(&message.into()),
            kind: ErrorKind::Input,
        }
    }

    /// A problem at a place in the file.
    pub fn at(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            column: Some(column),
            ..Self::io(file, message)
        }
    }

    /// A problem with the command line rather than a file (an unknown code, conflicting flags).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Usage,
            ..Self::io("", message)
        }
    }

    /// A control plane that may answer if asked again.
    pub fn transient(url: &str, message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Transient,
            ..Self::io(url, message)
        }
    }

    /// Whether asking the control plane again may pass (a restart, a slow moment).
    pub fn is_transient(&self) -> bool {
        self.kind == ErrorKind::Transient
    }

    /// The file or URL, when the error is about one.
    pub fn file(&self) -> Option<&str> {
        (!self.file.is_empty()).then_some(self.file.as_str())
    }
}

// A one-line impl: thiserror would be a dependency for a single derive on a hand-written Display.
impl std::error::Error for InputError {}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.file(), self.line, self.column) {
            (None, _, _) => write!(f, "{}", self.message),
            (Some(file), Some(line), Some(column)) => {
                write!(f, "{file}:{line}:{column}: {}", self.message)
            }
            (Some(file), Some(line), None) => write!(f, "{file}:{line}: {}", self.message),
            (Some(file), _, _) => write!(f, "{file}: {}", self.message),
        }
    }
}

/// Parser messages quote the offending value; a quoted value long enough to be key material (or
/// marked as one) is replaced so that no private key byte reaches an error message.
pub fn scrub(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(['"', '`']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=start]);
        let after = &rest[start + 1..];
        match after.find(quote) {
            Some(end) => {
                let quoted = &after[..end];
                if looks_secret(quoted) {
                    out.push_str("<redacted>");
                } else {
                    out.push_str(quoted);
                }
                out.push(quote);
                rest = &after[end + 1..];
            }
            None => {
                if looks_secret(after) {
                    out.push_str("<redacted>");
                } else {
                    out.push_str(after);
                }
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn looks_secret(text: &str) -> bool {
    text.len() > 64 || text.contains("PRIVATE KEY")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quoted_values_are_redacted() {
        let key = format!("-----BEGIN PRIVATE KEY-----{}", "A".repeat(80));
        let message = format!("invalid type: string \"{key}\", expected a map");
        assert_eq!(
            scrub(&message),
            "invalid type: string \"<redacted>\", expected a map"
        );
        assert_eq!(scrub("missing field `name`"), "missing field `name`");
    }

    #[test]
    fn displays_the_location() {
        let e = InputError::at("mesh.yaml", 3, 5, "bad");
        assert_eq!(e.to_string(), "mesh.yaml:3:5: bad");
        assert_eq!(InputError::io("x", "gone").to_string(), "x: gone");
    }
}
