//! Reading files and stdin: every read bounded, devices and pipes refused where a regular file is
//! expected, and what a Mesh's `file` DataSources name read before any check runs.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::diag::error::InputError;
use crate::input::secret::FileProblem;
use crate::input::source::{
    Bounded, Source, display_name, io_reason, line_col, read_error, too_large,
};

/// Largest file a `file` DataSource may name (README "Limits"); CA bundles are a few kilobytes.
const MAX_CA_FILE_BYTES: u64 = 1024 * 1024;

/// Reads `path`, or stdin for `-`, refusing inputs over `max_bytes` and invalid UTF-8.
pub(crate) fn read_text(path: &str, max_bytes: u64) -> Result<Source, InputError> {
    let name = display_name(path);
    let bytes = read_limited(open(path, max_bytes)?, name, max_bytes)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        let (line, column) = line_col(&prefix, offset);
        InputError::at(name, line, column, "is not valid UTF-8 text")
    })?;
    Ok(Source::new(name, text))
}

/// Opens `path` (stdin for `-`), refusing a directory or a file over `max_bytes`.
pub(crate) fn open(path: &str, max_bytes: u64) -> Result<Box<dyn Read>, InputError> {
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

/// Reads a regular file of at most `max_bytes` bytes. Devices, pipes and directories are refused
/// before they are opened: `/dev/zero` never ends and a pipe without a writer never answers.
pub(crate) fn read_regular_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, FileProblem> {
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

/// The files named by `paths` (`file` DataSources), each read or with the reason it could not be.
pub(crate) fn ca_files<'a>(
    paths: impl IntoIterator<Item = &'a str>,
) -> BTreeMap<String, Result<Vec<u8>, FileProblem>> {
    paths
        .into_iter()
        .map(|p| {
            (
                p.to_string(),
                read_regular_file(Path::new(p), MAX_CA_FILE_BYTES),
            )
        })
        .collect()
}

/// How many files a list of paths may expand to (directories read recursively).
pub(crate) const MAX_FILES: usize = 10_000;

/// The inputs `paths` name: files as they are, `-`, and each directory's `*.yaml`, `*.yml` and
/// `*.json` files, recursively, in name order, hidden entries skipped and symbolic links not
/// followed (a link can leave the repository, or loop). More than `MAX_FILES` is an input error.
pub(crate) fn expand(paths: &[String]) -> Result<Vec<String>, InputError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = (path != "-").then(|| std::fs::metadata(path));
        match meta {
            Some(Ok(m)) if m.is_dir() => walk(Path::new(path), &mut out)?,
            _ => out.push(path.clone()),
        }
        if out.len() > MAX_FILES {
            return Err(InputError::usage(format!(
                "the inputs name more than {MAX_FILES} files"
            )));
        }
    }
    // The same file named twice (a file and its directory, `./x` and `x`) is read once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.into())));
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<String>) -> Result<(), InputError> {
    let name = dir.to_string_lossy();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| InputError::io(&name, format!("cannot read: {}", io_reason(&e))))?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if file_name.starts_with('.') || kind.is_symlink() {
            continue;
        }
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, out)?;
        } else if kind.is_file()
            && [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| file_name.ends_with(ext))
        {
            out.push(path.to_string_lossy().into_owned());
        }
        if out.len() > MAX_FILES {
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
