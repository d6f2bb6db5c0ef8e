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
    // What the snapshot shows was observed no earlier than its first request.
    let taken_at = crate::input::time::now();
    let snapshot = live.cp.snapshot(&mesh)?;
    let decision = engine::evidence(&snapshot.census, &super::engine_settings(settings, None));
    let mut report = Report::decided("snapshot", decision);
    if report.verdict != Verdict::Pass {
        return Ok((report, None));
    }
    let text = render(&snapshot, &live, &mesh, taken_at);
    let proxies = snapshot.census.evidence.listed();
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
    live: &crate::source::Live,
    mesh: &str,
    taken_at: crate::input::time::Timestamp,
) -> String {
    let config = live.config.as_ref();
    let go = |d: std::time::Duration| format!("{}ms", d.as_millis());
    let header = serde_json::json!({
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
    });
    let total = snapshot
        .census
        .evidence
        .listings
        .first()
        .and_then(|l| l.total)
        .unwrap_or(snapshot.items.len() as u64);
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
