//! `meshctl snapshot --control-plane URL --mesh M [-o FILE]`: one pass over the API written as
//! one JSON file that `--current` and `--state` both read, complete or refused. Items go to the
//! file as they are read, so memory holds a page or two whatever the mesh's size.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::cli::SnapshotArgs;
use crate::cli::settings::Settings;
use crate::diag::Verdict;
use crate::diag::error::InputError;
use crate::render::report::Report;
use crate::rotation::engine;
use crate::source::{
    self,
    live::{ItemsOut, SnapshotHead},
};

use super::output::{BackgroundSync, remove_stale, temp_beside};

/// The report, and the snapshot itself when it goes to stdout (no `-o`): a file already
/// written, read from its start.
pub(crate) fn snapshot(args: &SnapshotArgs, settings: &Settings) -> (Report, Option<File>) {
    let outcome = run(args, settings).unwrap_or_else(|e| (Report::failed("snapshot", e), None));
    if outcome.0.verdict != Verdict::Pass
        && let Some(path) = &args.output
    {
        remove_stale(Path::new(path));
    }
    outcome
}

fn run(args: &SnapshotArgs, settings: &Settings) -> Result<(Report, Option<File>), InputError> {
    let Some(live) = source::connect(settings)? else {
        return Err(InputError::usage(
            "meshctl snapshot reads a control plane: give --control-plane URL and --mesh NAME",
        ));
    };
    let mesh = settings.mesh.clone().unwrap_or_default();
    // What the snapshot shows was observed no earlier than its first request.
    let taken_at = crate::input::time::now();
    let head = live.cp.snapshot_head(&mesh)?;
    let mut out = Spool::create(args.output.as_deref())?;
    // On any error below, dropping `out` removes what it wrote.
    out.start(&header(&live, &mesh, taken_at), &head)?;
    let census = live.cp.snapshot_listing(&mesh, &mut out);
    // A failed write stops the reading: its error, not the reader's, says what happened.
    let mut census = out.failed().and(census)?;
    // A zone of a multizone deployment lists its own zone's proxies only: no snapshot of it
    // claims to cover the mesh.
    if let Some(config) = &live.config {
        census.evidence.zone_only.clone_from(&config.global);
    }
    let decision = engine::evidence(&census, &super::engine_settings(settings, None));
    let mut report = Report::decided("snapshot", decision);
    if report.verdict != Verdict::Pass {
        return Ok((report, None));
    }
    let proxies = census.evidence.listed();
    // The proxies' listing as the API declared it; without a `total`, the proxies read.
    let total = census
        .evidence
        .listings
        .first()
        .and_then(|l| l.total)
        .unwrap_or(proxies);
    let what = format!(
        "snapshot of mesh `{mesh}` from {}: the Mesh and {proxies} of {proxies} proxies",
        live.cp.base()
    );
    census.free_aside();
    let file = out.finish(total)?;
    match &args.output {
        Some(path) => report.notes.push(format!("{what}, written to {path}")),
        None => report.notes.push(what),
    }
    Ok((report, file))
}

/// The `meshctl` object: where and when the snapshot was taken, and what kind of control plane.
fn header(
    live: &crate::source::Live,
    mesh: &str,
    taken_at: crate::input::time::Timestamp,
) -> serde_json::Value {
    let config = live.config.as_ref();
    let go = |d: std::time::Duration| format!("{}ms", d.as_millis());
    serde_json::json!({
        "snapshot": 1,
        "controlPlane": live.cp.base(),
        "product": live.index.product,
        "version": live.index.version,
        // The Kuma underneath (Kong Mesh's `basedOnKuma`): how it evaluates policies.
        "kumaVersion": live.index.kuma_version().map(|v| v.to_string()),
        "mesh": mesh,
        "takenAt": crate::input::time::format_rfc3339(taken_at),
        // Every MeshTrafficPermission and TrafficPermission of the mesh is among the items.
        "permissions": "complete",
        // What `GET /config` said, when the token could read it: the store decides whether the
        // Mesh's modificationTime is a change time; the intervals, how soon changes show.
        "store": config.and_then(|c| c.store.clone()),
        "intervals": config.map(|c| serde_json::json!({
            "statusFlush": go(c.intervals.status_flush),
            "minResync": go(c.intervals.min_resync),
            "cacheExpiration": go(c.intervals.cache_expiration),
            "configRefresh": go(c.intervals.config_refresh),
        })),
    })
}

/// The snapshot being written: a temporary file beside `-o FILE` (renamed over it once the
/// snapshot is complete), or for stdout one in the temporary directory, unlinked at once where
/// the system allows. One JSON document: the `meshctl` header, the Mesh first among the items,
/// its policies, then every item of the listing as the API printed it, and last `total` (the
/// proxies, so the state reader checks the file for completeness like a page) and `next: null`.
struct Spool {
    file: BufWriter<File>,
    /// The temporary file's path until it is renamed or removed.
    temp: Option<PathBuf>,
    /// Where `-o` wants it; none for stdout.
    target: Option<PathBuf>,
    /// Where the listing's items start, to take them back when the listing is read again.
    listing_start: u64,
    /// The first write that failed; reading stops at it.
    error: Option<std::io::Error>,
    /// For `-o FILE`: what is written reaches the disk while the listing is read.
    sync: Option<BackgroundSync>,
}

impl Spool {
    fn create(output: Option<&str>) -> Result<Self, InputError> {
        let (temp, target) = match output {
            Some(path) => {
                let temp = temp_beside(Path::new(path))?;
                // A file left by an earlier run of the same process id is stale.
                let _ = std::fs::remove_file(&temp);
                (temp, Some(PathBuf::from(path)))
            }
            None => {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.subsec_nanos());
                let name = format!(".meshctl-snapshot-{}-{nanos}.json", std::process::id());
                (std::env::temp_dir().join(name), None)
            }
        };
        let name = target.as_ref().unwrap_or(&temp).display().to_string();
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| InputError::io(&name, format!("cannot write: {e}")))?;
        let sync = target.as_ref().map(|_| BackgroundSync::default());
        let mut spool = Self {
            file: BufWriter::with_capacity(1 << 20, file),
            temp: Some(temp),
            target,
            listing_start: 0,
            error: None,
            sync,
        };
        // Nothing of a snapshot for stdout is left behind, whatever happens next (Unix lets an
        // open file be unlinked; elsewhere it is removed at the end).
        if spool.target.is_none()
            && cfg!(unix)
            && let Some(temp) = spool.temp.take()
        {
            let _ = std::fs::remove_file(temp);
        }
        Ok(spool)
    }

    /// The header, the Mesh and its policies.
    fn start(&mut self, header: &serde_json::Value, head: &SnapshotHead) -> Result<(), InputError> {
        let result = (|| {
            write!(
                self.file,
                "{{\n  \"meshctl\": {header},\n  \"items\": [\n    {}",
                head.mesh.get()
            )?;
            for policy in &head.policies {
                write!(self.file, ",\n    {}", policy.get())?;
            }
            self.file.flush()?;
            self.listing_start = self.file.get_mut().stream_position()?;
            Ok(())
        })();
        result.map_err(|e| self.write_error(&e))
    }

    /// The error of a write that failed while the listing was read, if one did.
    fn failed(&mut self) -> Result<(), InputError> {
        match self.error.take() {
            Some(e) => Err(self.write_error(&e)),
            None => Ok(()),
        }
    }

    /// Ends the document; renames it over `-o FILE`, or hands it back for stdout.
    fn finish(mut self, total: u64) -> Result<Option<File>, InputError> {
        let result = (|| {
            write!(
                self.file,
                "\n  ],\n  \"total\": {total},\n  \"next\": null\n}}\n"
            )?;
            self.file.flush()?;
            let file = self.file.get_mut();
            match (&self.target, &self.temp) {
                (Some(target), Some(temp)) => {
                    if let Some(sync) = &mut self.sync {
                        sync.finish()?;
                    }
                    file.sync_all()?;
                    std::fs::rename(temp, target)?;
                    self.temp = None;
                    Ok(None)
                }
                _ => {
                    file.seek(SeekFrom::Start(0))?;
                    Ok(Some(file.try_clone()?))
                }
            }
        })();
        result.map_err(|e| self.write_error(&e))
    }

    /// Removes what was written.
    fn discard(&mut self) {
        if let Some(temp) = self.temp.take() {
            let _ = std::fs::remove_file(temp);
        }
    }

    fn write_error(&self, e: &std::io::Error) -> InputError {
        let name = self.target.as_ref().or(self.temp.as_ref());
        let name = name.map_or("the snapshot".to_string(), |p| p.display().to_string());
        InputError::io(&name, format!("cannot write: {e}"))
    }
}

impl ItemsOut for Spool {
    fn item(&mut self, bytes: &[u8]) -> Result<(), String> {
        if self.error.is_some() {
            return Err("the snapshot could not be written".to_string());
        }
        let written = self
            .file
            .write_all(b",\n    ")
            .and_then(|()| self.file.write_all(bytes));
        if let Some(sync) = &mut self.sync {
            sync.wrote(self.file.get_ref(), bytes.len());
        }
        written.map_err(|e| {
            self.error = Some(e);
            "the snapshot could not be written".to_string()
        })
    }

    fn restart(&mut self) -> Result<(), InputError> {
        let result = (|| {
            self.file.flush()?;
            let file = self.file.get_mut();
            file.set_len(self.listing_start)?;
            file.seek(SeekFrom::Start(self.listing_start))?;
            Ok(())
        })();
        result.map_err(|e| self.write_error(&e))
    }
}

impl Drop for Spool {
    /// A snapshot not renamed into place is removed, whatever ended it.
    fn drop(&mut self) {
        self.discard();
    }
}
