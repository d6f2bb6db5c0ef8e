//! Input files: reading paths or stdin within a size limit, and turning byte offsets into lines.

use std::io::Read;
use std::path::Path;

use crate::error::InputError;

/// Default cap on one input, far above any real Mesh or state export of 100,000 proxies.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

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

    /// Reads `path`, or stdin for `-`, refusing inputs over `max_bytes` and invalid UTF-8.
    pub fn read(path: &str, max_bytes: u64) -> Result<Self, InputError> {
        let name = display_name(path);
        let bytes = read_limited(open(path, max_bytes)?, name, max_bytes)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
            let (line, column) = line_col(&prefix, offset);
            InputError::at(name, line, column, "is not valid UTF-8 text")
        })?;
        Ok(Self::new(name, text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, offset)
    }
}

/// How diagnostics name an input: `<stdin>` for `-`.
pub fn display_name(path: &str) -> &str {
    if path == "-" { "<stdin>" } else { path }
}

/// Opens `path` (stdin for `-`), refusing a directory or a file over `max_bytes`.
pub fn open(path: &str, max_bytes: u64) -> Result<Box<dyn Read>, InputError> {
    let name = display_name(path);
    if path == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let file = std::fs::File::open(Path::new(path))
        .map_err(|e| InputError::io(name, format!("cannot read: {}", io_reason(&e))))?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(InputError::io(name, "is a directory, not a file"));
        }
        if meta.len() > max_bytes {
            return Err(too_large(name, max_bytes));
        }
    }
    Ok(Box::new(file))
}

fn read_limited(reader: impl Read, name: &str, max_bytes: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::io(name, format!("cannot read: {}", io_reason(&e))))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(name, max_bytes));
    }
    Ok(bytes)
}

pub(crate) fn too_large(name: &str, max_bytes: u64) -> InputError {
    InputError::io(
        name,
        format!(
            "is larger than the input limit of {max_bytes} bytes (raise it with --max-input-size)"
        ),
    )
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset into `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
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

/// Byte offset of a 1-based line and column (in characters), clamped to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    let end = line_text.find('\n').unwrap_or(line_text.len());
    line_text[..end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(start + end, |(i, _)| start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let text = "a: 1\nbé: 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 5), (2, 1));
        assert_eq!(line_col(text, 9), (2, 4));
        assert_eq!(offset_of(text, 2, 4), 9);
        assert_eq!(offset_of(text, 9, 1), text.len());
    }
}
