//! `meshctl snapshot --control-plane URL --mesh M [-o FILE]`: one pass over the API written as
//! one JSON file that `--current` and `--state` both read, complete or refused.

use std::path::Path;

use crate::cli::SnapshotArgs;
use crate::cli::settings::Settings;
use crate::diag::Verdict;
use crate::diag::error::InputError;
use crate::render::report::Report;
use crate::rotation::engine;
use crate::source::{self, live::Snapshot};

use super::output::{remove_stale, write_atomic};

/// The report, and the snapshot's text when it goes to stdout (no `-o`).
pub(crate) fn snapshot(args: &SnapshotArgs, settings: &Settings) -> (Report, Option<String>) {
    let outcome = run(args, settings).unwrap_or_else(|e| (Report::failed("snapshot", e), None));
    if outcome.0.verdict != Verdict::Pass
        && let Some(path) = &args.output
    {
        remove_stale(Path::new(path));
    }
    outcome
}

fn run(args: &SnapshotArgs, settings: &Settings) -> Result<(Report, Option<String>), InputError> {
    let Some(live) = source::connect(settings)? else {
        return Err(InputError::usage(
            "meshctl snapshot reads a control plane: give --control-plane URL and --mesh NAME",
        ));
    };
    let mesh = settings.mesh.clone().unwrap_or_default();
    let snapshot = live.cp.snapshot(&mesh)?;
    let decision = engine::evidence(&snapshot.census, &super::engine_settings(settings));
    let mut report = Report::decided("snapshot", decision);
    if report.verdict != Verdict::Pass {
        return Ok((report, None));
    }
    let taken_at = crate::input::time::format_rfc3339(crate::input::time::now());
    let text = render(&snapshot, live.cp.base(), &live.index, &mesh, &taken_at);
    let proxies = snapshot.census.evidence.listed;
    let what = format!(
        "snapshot of mesh `{mesh}` from {}: the Mesh and {proxies} of {proxies} proxies",
        live.cp.base()
    );
    match &args.output {
        Some(path) => {
            write_atomic(Path::new(path), &text)?;
            report.notes.push(format!("{what}, written to {path}"));
            Ok((report, None))
        }
        None => {
            report.notes.push(what);
            Ok((report, Some(text)))
        }
    }
}

/// One JSON document: the Mesh first among the items, its MeshIdentity, MeshTrust and MeshTLS,
/// then every proxy as the API printed it.
/// `total` counts the proxies, so the state reader checks the file for completeness like a page;
/// the `meshctl` object says where and when it was taken.
fn render(
    snapshot: &Snapshot,
    base: &str,
    index: &crate::source::live::Index,
    mesh: &str,
    taken_at: &str,
) -> String {
    let header = serde_json::json!({
        "snapshot": 1,
        "controlPlane": base,
        "product": index.product,
        "version": index.version,
        "mesh": mesh,
        "takenAt": taken_at,
    });
    let total = snapshot
        .census
        .evidence
        .listings
        .first()
        .map_or(snapshot.items.len() as u64, |l| l.total);
    let mut text =
        format!("{{\n  \"meshctl\": {header},\n  \"total\": {total},\n  \"items\": [\n    ");
    text.push_str(snapshot.mesh.get());
    for item in snapshot.policies.iter().chain(&snapshot.items) {
        text.push_str(",\n    ");
        text.push_str(item.get());
    }
    text.push_str("\n  ],\n  \"next\": null\n}\n");
    text
}
