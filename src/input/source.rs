//! Input files: reading paths or stdin within a size limit, and turning byte offsets into lines.

use std::io::Read;
use std::path::Path;

use crate::diag::error::InputError;

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

/// Why a regular file could not be read (see [`read_regular_file`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// No such file here (it may exist on another machine, such as the control plane's).
    Absent(String),
    /// It exists but is no regular file, is too large, or reading it failed.
    Unusable(String),
}

/// Reads a regular file of at most `max_bytes` bytes. Devices, pipes and directories are refused
/// before they are opened: `/dev/zero` never ends and a pipe without a writer never answers.
pub fn read_regular_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, FileProblem> {
    let kind_of = |meta: &std::fs::Metadata| {
        let kind = meta.file_type();
        if kind.is_file() {
            None
        } else if kind.is_dir() {
            Some("a directory")
        } else {
            Some("not a regular file (a device, pipe or socket)")
        }
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => FileProblem::Absent("no such file".to_string()),
        _ => FileProblem::Absent(io_reason(&e)),
    })?;
    if let Some(kind) = kind_of(&meta) {
        return Err(FileProblem::Unusable(format!("is {kind}")));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| FileProblem::Unusable(format!("cannot be read: {}", io_reason(&e))))?;
    // The path may have been replaced between the two looks: judge the file actually opened.
    match file.metadata() {
        Ok(meta) if kind_of(&meta).is_none() => {}
        _ => return Err(FileProblem::Unusable("is not a regular file".to_string())),
    }
    let mut bytes = Vec::new();
    match Bounded::new(file, "", max_bytes).read_to_end(&mut bytes) {
        Ok(_) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => Err(FileProblem::Unusable(
            format!("is larger than the limit of {max_bytes} bytes for a CA file"),
        )),
        Err(e) => Err(FileProblem::Unusable(format!(
            "cannot be read: {}",
            io_reason(&e)
        ))),
    }
}

/// Reads at most `max_bytes` from `reader`: one byte more is read to tell a file of exactly the
/// limit from a larger one, whatever the file's metadata claims.
fn read_limited(reader: impl Read, name: &str, max_bytes: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    Bounded::new(reader, name, max_bytes)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(name, &e))?;
    Ok(bytes)
}

/// The input error of a failed read: the size limit said as such, anything else as `cannot read`.
pub fn read_error(name: &str, e: &std::io::Error) -> InputError {
    if e.kind() == std::io::ErrorKind::FileTooLarge {
        InputError::io(name, e.to_string())
    } else {
        InputError::io(name, format!("cannot read: {}", io_reason(e)))
    }
}

/// A reader that fails with [`std::io::ErrorKind::FileTooLarge`] (and the limit in words) as soon
/// as its input goes past `max_bytes`, so streaming readers report the limit, not a truncation.
pub struct Bounded<R> {
    inner: R,
    left: u64,
    message: String,
}

impl<R: Read> Bounded<R> {
    pub fn new(inner: R, name: &str, max_bytes: u64) -> Self {
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
    fn only_regular_files_are_read_within_the_limit() {
        let problem = |p: &str, max| read_regular_file(Path::new(p), max).unwrap_err();
        assert!(
            matches!(problem("/dev/zero", 1024), FileProblem::Unusable(m) if m.contains("not a regular file"))
        );
        assert!(matches!(problem("/", 1024), FileProblem::Unusable(m) if m.contains("directory")));
        assert!(matches!(
            problem("/no/such/file", 1024),
            FileProblem::Absent(_)
        ));
        assert!(
            matches!(problem("Cargo.toml", 10), FileProblem::Unusable(m) if m.contains("larger than"))
        );
        assert!(read_regular_file(Path::new("Cargo.toml"), 1 << 20).is_ok());
    }

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
