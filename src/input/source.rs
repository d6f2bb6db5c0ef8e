//! One input as text with its name, the reader that bounds a stream, and byte offsets as lines.

use std::io::Read;

use crate::diag::error::InputError;

/// Default cap on one input, far above any real Mesh or state export of 100,000 proxies.
pub(crate) const DEFAULT_MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

/// One input as read, with the name diagnostics use for it (`-` reads as `<stdin>`).
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, offset)
    }
}

/// How diagnostics name an input: `<stdin>` for `-`.
pub(crate) fn display_name(path: &str) -> &str {
    if path == "-" { "<stdin>" } else { path }
}

/// A reader that fails with [`std::io::ErrorKind::FileTooLarge`] (and the limit in words) as soon
/// as its input goes past `max_bytes`, so streaming readers report the limit, not a truncation.
pub(crate) struct Bounded<R> {
    inner: R,
    left: u64,
    message: String,
}

impl<R: Read> Bounded<R> {
    pub(crate) fn new(inner: R, name: &str, max_bytes: u64) -> Self {
        Self {
            inner,
            left: max_bytes.saturating_add(1),
            message: too_large(name, max_bytes).message,
        }
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let room = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..room])?;
        self.left -= n as u64;
        if self.left == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                self.message.clone(),
            ));
        }
        Ok(n)
    }
}

pub(crate) fn too_large(name: &str, max_bytes: u64) -> InputError {
    InputError::io(
        name,
        format!(
            "is larger than the input limit of {max_bytes} bytes (raise it with --max-input-size)"
        ),
    )
}

/// A read, again when a signal interrupted it.
pub(crate) fn read_retrying(reader: &mut impl Read, into: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match reader.read(into) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

/// The input error of a failed read: the size limit said as such, anything else as `cannot read`.
pub(crate) fn read_error(name: &str, e: &std::io::Error) -> InputError {
    if e.kind() == std::io::ErrorKind::FileTooLarge {
        InputError::io(name, e.to_string())
    } else {
        InputError::io(name, format!("cannot read: {}", io_reason(e)))
    }
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset into `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_reads_say_the_limit() {
        let mut out = Vec::new();
        let err = Bounded::new(&b"0123456789"[..], "<stdin>", 9)
            .read_to_end(&mut out)
            .unwrap_err();
        assert_eq!(
            read_error("<stdin>", &err).to_string(),
            "<stdin>: is larger than the input limit of 9 bytes (raise it with --max-input-size)"
        );
        let mut out = Vec::new();
        Bounded::new(&b"0123456789"[..], "<stdin>", 10)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out.len(), 10);
    }

    #[test]
    fn line_and_column_are_one_based() {
        let text = "a: 1\nbé: 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 5), (2, 1));
        assert_eq!(line_col(text, 9), (2, 4));
    }
}
