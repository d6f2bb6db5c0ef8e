//! `meshctl validate` over several files or directories: every Mesh found, each against the
//! `--current` Mesh of its name and the state filtered to its mesh, in one report. A file that
//! cannot be read is an `input-error` finding on that file while the others are still checked;
//! the verdict is the worst: input error (exit 2), then fail (1), then waiting (3).

use std::collections::BTreeMap;

use crate::cli::ValidateArgs;
use crate::cli::settings::Settings;
use crate::diag::codes::Code;
use crate::diag::error::InputError;
use crate::diag::{Diagnostic, Location, Verdict};
use crate::input::loaded::Loaded;
use crate::render::report::Report;
use crate::rotation::engine;
use crate::source::{self, files};

use super::engine_settings;

pub(crate) fn validate_many(args: &ValidateArgs, settings: &Settings) -> Report {
    run(args, settings).unwrap_or_else(|e| Report::failed("validate", e))
}

/// What the inputs held: each Mesh with its file, the files that failed, what was skipped.
#[derive(Default)]
struct Read {
    meshes: Vec<Loaded>,
    failed: Vec<InputError>,
    files: usize,
    without_mesh: usize,
    other_documents: usize,
}

fn run(args: &ValidateArgs, settings: &Settings) -> Result<Report, InputError> {
    if settings.live.is_some() {
        return Err(InputError::usage(
            "several inputs or a directory are checked against files (--current), not a live control plane: validate one Mesh at a time with --control-plane",
        ));
    }
    let inputs = files::expand(&args.proposed)?;
    source::check_stdin(
        inputs
            .iter()
            .map(String::as_str)
            .chain(args.current.as_deref()),
    )?;
    let proposed = read(&inputs, settings);
    let current = match &args.current {
        Some(path) => read(&files::expand(std::slice::from_ref(path))?, settings),
        None => Read::default(),
    };
    let currents: BTreeMap<&str, &Loaded> = current
        .meshes
        .iter()
        .map(|l| (l.mesh.name.as_str(), l))
        .collect();
    let mut report = Report::decided("validate", engine::Decision::new(Vec::new(), Verdict::Pass));
    let mut checked = 0;
    for loaded in &proposed.meshes {
        if settings
            .mesh
            .as_deref()
            .is_some_and(|m| m != loaded.mesh.name)
        {
            continue;
        }
        checked += 1;
        let current = currents.get(loaded.mesh.name.as_str()).copied();
        let decision = match check(args, loaded, current, settings) {
            Ok(decision) => decision,
            Err(e) => engine::Decision::new(vec![input_finding(&e)], Verdict::InputError),
        };
        merge(&mut report, decision);
        report.add_source(&loaded.file);
        if let Some(current) = current {
            report.add_source(&current.file);
        }
    }
    for error in proposed.failed.iter().chain(&current.failed) {
        let finding = input_finding(error);
        if let Some(at) = &finding.location {
            report.sources.entry(at.file.clone()).or_default();
        }
        merge(
            &mut report,
            engine::Decision::new(vec![finding], Verdict::InputError),
        );
    }
    crate::diag::sort(&mut report.diagnostics);
    report.notes.push(summary(&proposed, checked));
    Ok(report)
}

/// Reads every file: its Meshes, or why it could not be read.
fn read(paths: &[String], settings: &Settings) -> Read {
    let mut read = Read::default();
    for path in paths {
        read.files += 1;
        let parsed = files::read_text(path, settings.max_input).and_then(Loaded::parse_each);
        match parsed {
            Ok((meshes, others)) => {
                read.without_mesh += usize::from(meshes.is_empty());
                read.other_documents += others;
                read.meshes.extend(meshes);
            }
            Err(e) => read.failed.push(e),
        }
    }
    read
}

/// One Mesh as `validate` checks a single file.
fn check(
    args: &ValidateArgs,
    proposed: &Loaded,
    current: Option<&Loaded>,
    settings: &Settings,
) -> Result<engine::Decision, InputError> {
    let name = &proposed.mesh.name;
    let census = source::load_census(&args.state, None, name, settings)?;
    let loaded: Vec<_> = std::iter::once(proposed).chain(current).collect();
    let material = source::material(settings, &loaded)?;
    let mut engine_settings = engine_settings(settings, census.as_ref());
    engine_settings.authz = super::authz_settings(settings, None, current, name)?;
    Ok(engine::validate(
        proposed,
        current,
        census.as_ref(),
        &material,
        &engine_settings,
    ))
}

/// Adds one Mesh's findings; the verdict is the worst so far.
fn merge(report: &mut Report, decision: engine::Decision) {
    let rank = |v: Verdict| match v {
        Verdict::InputError => 3,
        Verdict::Fail => 2,
        Verdict::Waiting => 1,
        Verdict::Pass | Verdict::NothingToDo => 0,
    };
    if rank(decision.verdict) > rank(report.verdict) {
        report.verdict = decision.verdict;
    }
    report.diagnostics.extend(decision.findings);
    report.notes.extend(decision.notes);
}

/// An input that could not be read, as a finding on its file.
fn input_finding(e: &InputError) -> Diagnostic {
    let finding = Diagnostic::new(Code::InputError, e.message.clone());
    match e.file() {
        Some(file) => finding.at(Location {
            file: file.to_string(),
            line: e.line.unwrap_or(1),
            column: e.column.unwrap_or(1),
            span: 0..0,
            path: String::new(),
        }),
        None => finding,
    }
}

fn summary(read: &Read, checked: usize) -> String {
    let mut text = format!(
        "checked {checked} {} from {} {}",
        if checked == 1 { "Mesh" } else { "Meshes" },
        read.files,
        if read.files == 1 { "file" } else { "files" }
    );
    if read.without_mesh > 0 || read.other_documents > 0 {
        text.push_str(&format!(
            "; skipped {} {} of other kinds ({} {} without a Mesh)",
            read.other_documents,
            if read.other_documents == 1 {
                "document"
            } else {
                "documents"
            },
            read.without_mesh,
            if read.without_mesh == 1 {
                "file"
            } else {
                "files"
            }
        ));
    }
    if !read.failed.is_empty() {
        text.push_str(&format!("; {} could not be read", read.failed.len()));
    }
    text
}
