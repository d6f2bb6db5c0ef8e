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

/// Bytes written between two background syncs of a long file: a dozen syncs for a snapshot of
/// 100,000 proxies (100 MB).
const SYNC_EVERY: u64 = 8 << 20;

/// Syncs a file being written, on a thread of its own, while more is written: what is already
/// written reaches the disk as the rest is produced, so the `sync_all` before the rename waits
/// for the last few megabytes only (a snapshot of 100 MB spent 70-85 ms in it, after the
/// listing had been read). No thread runs until `SYNC_EVERY` bytes are written.
#[derive(Default)]
pub(super) struct BackgroundSync {
    unsynced: u64,
    ask: Option<std::sync::mpsc::SyncSender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl BackgroundSync {
    /// Counts `bytes` more written to `file`; asks for a sync of what the file holds every
    /// `SYNC_EVERY` bytes, unless one is already asked for (the next write asks again).
    pub(super) fn wrote(&mut self, file: &std::fs::File, bytes: usize) {
        self.unsynced += bytes as u64;
        if self.unsynced < SYNC_EVERY {
            return;
        }
        if self.ask.is_none() && !self.start(file) {
            return;
        }
        if let Some(ask) = &self.ask
            && ask.try_send(()).is_ok()
        {
            self.unsynced = 0;
        }
    }

    /// The thread that syncs, with a handle of its own to `file`; false when it cannot be had
    /// (the final sync then does it all).
    fn start(&mut self, file: &std::fs::File) -> bool {
        let Ok(file) = file.try_clone() else {
            self.unsynced = 0;
            return false;
        };
        // One request may wait while a sync runs: the thread syncs again as soon as it is done.
        let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("meshctl-sync".to_string())
            .spawn(move || {
                for () in asked {
                    file.sync_data()?;
                }
                Ok(())
            });
        match thread {
            Ok(thread) => {
                self.ask = Some(ask);
                self.thread = Some(thread);
                true
            }
            Err(_) => {
                self.unsynced = 0;
                false
            }
        }
    }

    /// Waits for the syncs asked for; the first that failed says why.
    pub(super) fn finish(&mut self) -> std::io::Result<()> {
        self.ask = None;
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other("the syncing thread stopped")),
            None => Ok(()),
        }
    }
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

    #[test]
    fn long_files_are_synced_while_written_and_short_ones_never() {
        let dir = std::env::temp_dir().join(format!("meshctl-sync-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut file = std::fs::File::create(dir.join("long")).unwrap();
        let mut sync = BackgroundSync::default();
        let block = vec![b'x'; 1 << 20];
        for _ in 0..(SYNC_EVERY >> 20) - 1 {
            file.write_all(&block).unwrap();
            sync.wrote(&file, block.len());
        }
        assert!(sync.thread.is_none(), "no thread below {SYNC_EVERY} bytes");
        file.write_all(&block).unwrap();
        sync.wrote(&file, block.len());
        assert!(sync.thread.is_some(), "a thread from {SYNC_EVERY} bytes");
        assert_eq!(sync.unsynced, 0, "a sync was asked for");
        sync.finish().unwrap();
        assert!(sync.thread.is_none() && sync.ask.is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Linux refuses to sync a pipe (EINVAL): the failed sync is what `finish` reports.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_sync_that_failed_is_reported_when_the_file_is_finished() {
        let (_reader, writer) = std::io::pipe().unwrap();
        let pipe = std::fs::File::from(std::os::fd::OwnedFd::from(writer));
        let mut sync = BackgroundSync::default();
        sync.wrote(&pipe, SYNC_EVERY as usize);
        let e = sync.finish().unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{e}");
    }
}
