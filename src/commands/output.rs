//! Files meshctl writes: atomically (a temporary file beside the target, then a rename), so a
//! failed run never leaves a partial file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::error::InputError;

/// Writes `text` to `path` through a temporary file in the same directory and a rename.
pub(super) fn write_atomic(path: &Path, text: &str) -> Result<(), InputError> {
    let name = path.display().to_string();
    let temp = temp_beside(path)?;
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        InputError::io(&name, format!("cannot write: {e}"))
    })
}

/// The temporary path beside `path` that a file is written to before it is renamed over it.
pub(super) fn temp_beside(path: &Path) -> Result<PathBuf, InputError> {
    let name = path.display().to_string();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .ok_or_else(|| InputError::io(&name, "is not a file path"))?
        .to_string_lossy();
    Ok(dir.join(format!(".{file_name}.meshctl-{}.tmp", std::process::id())))
}

/// Removes a previous output at `path`, so a run that writes nothing leaves nothing stale.
pub(super) fn remove_stale(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Creates `dir` and its parents.
pub(crate) fn ensure_dir(dir: &Path) -> Result<(), InputError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        InputError::io(
            &dir.display().to_string(),
            format!("cannot create directory: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_through_a_rename_and_reports_unwritable_paths() {
        let dir = std::env::temp_dir().join(format!("meshctl-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("step.yaml");
        write_atomic(&path, "a: 1\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a: 1\n");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file left"
        );
        let err = write_atomic(&dir.join("missing/step.yaml"), "x").unwrap_err();
        assert!(err.message.starts_with("cannot write"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
