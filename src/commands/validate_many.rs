//! `meshctl validate` over several files or directories: every Mesh found, each against the
//! `--current` Mesh of its name and the state filtered to its mesh, in one report. A file that
//! cannot be read is an `input-error` finding on that file while the others are still checked;
//! so is a Mesh named twice (applying the directory, the last would win) and a Mesh `--current`
//! lacks. The verdict is the worst: input error (exit 2), then fail (1), then waiting (3).

use std::collections::BTreeMap;

use crate::cli::ValidateArgs;
use crate::cli::settings::Settings;
use crate::diag::codes::Code;
use crate::diag::error::InputError;
use crate::diag::{Diagnostic, Location, Verdict};
use crate::input::identity::PolicyDoc;
use crate::input::loaded::Loaded;
use crate::input::secret::SecretDoc;
use crate::lint::{identity_rules, unknown_fields};
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
    /// Secrets and policies of every file (a Secrets file beside the Mesh's).
    secrets: Vec<SecretDoc>,
    loose_policies: Vec<PolicyDoc>,
    failed: Vec<InputError>,
    files: usize,
    without_mesh: usize,
    other_documents: usize,
}

fn run(args: &ValidateArgs, settings: &Settings) -> Result<Report, InputError> {
    refuse(args, settings)?;
    let proposed = read(&files::expand(&args.proposed)?, settings);
    let current = match &args.current {
        Some(path) => Some(read(&files::expand(std::slice::from_ref(path))?, settings)),
        None => None,
    };
    let mut report = Report::decided("validate", engine::Decision::new(Vec::new(), Verdict::Pass));
    let mut problems: Vec<Diagnostic> = Vec::new();
    problems.extend(twice(&proposed.meshes, "the proposed inputs"));
    let currents = match &current {
        Some(read) => {
            problems.extend(twice(&read.meshes, "--current"));
            Some(by_name(&read.meshes))
        }
        None => None,
    };
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
        report.add_source(&loaded.file);
        let current = match &currents {
            Some(map) => match map.get(loaded.mesh.name.as_str()) {
                Some(current) => Some(*current),
                None => {
                    problems.push(lacking(loaded, args.current.as_deref().unwrap_or_default()));
                    continue;
                }
            },
            None => None,
        };
        let decision =
            check(args, loaded, current, &proposed.secrets, settings).unwrap_or_else(|e| {
                engine::Decision::new(vec![input_finding(&e)], Verdict::InputError)
            });
        merge(&mut report, decision);
        if let Some(current) = current {
            report.add_source(&current.file);
        }
    }
    merge(&mut report, loose(&proposed.loose_policies));
    let failed = proposed
        .failed
        .iter()
        .chain(current.iter().flat_map(|c| &c.failed));
    problems.extend(failed.map(input_finding));
    if checked == 0 && !args.skip_other_kinds {
        problems.push(Diagnostic::new(
            Code::InputError,
            nothing_checked(settings, &proposed),
        ));
    }
    for finding in problems {
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

/// What several Meshes cannot share: stdin for the state, which is read once per Mesh; a live
/// control plane, which holds one Mesh per call.
fn refuse(args: &ValidateArgs, settings: &Settings) -> Result<(), InputError> {
    if settings.live.is_some() {
        return Err(InputError::usage(
            "several inputs or a directory are checked against files (--current), not a live control plane: validate one Mesh at a time with --control-plane",
        ));
    }
    if args.state.iter().any(|s| s == "-") {
        return Err(InputError::usage(
            "--state - (stdin) cannot be read for several Meshes: write the state to a file",
        ));
    }
    source::check_stdin(
        args.proposed
            .iter()
            .map(String::as_str)
            .chain(args.current.as_deref()),
    )
}

/// Reads every file: its Meshes, Secrets and loose policies, or why it could not be read.
fn read(paths: &[String], settings: &Settings) -> Read {
    let mut read = Read::default();
    for path in paths {
        read.files += 1;
        match files::read_text(path, settings.max_input).and_then(Loaded::parse_each) {
            Ok(parsed) => {
                read.without_mesh += usize::from(parsed.meshes.is_empty());
                read.other_documents += parsed.others;
                read.secrets.extend(parsed.secrets);
                if parsed.meshes.is_empty() {
                    read.loose_policies.extend(parsed.policies);
                }
                read.meshes.extend(parsed.meshes);
            }
            Err(e) => read.failed.push(e),
        }
    }
    read
}

fn by_name(meshes: &[Loaded]) -> BTreeMap<&str, &Loaded> {
    meshes.iter().map(|l| (l.mesh.name.as_str(), l)).collect()
}

/// A Mesh named twice: which copy counts is a guess (applying the files, the last wins).
fn twice(meshes: &[Loaded], side: &str) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, &Loaded> = BTreeMap::new();
    let mut found = Vec::new();
    for loaded in meshes {
        match first.get(loaded.mesh.name.as_str()) {
            Some(earlier) => found.push(
                Diagnostic::new(
                    Code::InputError,
                    format!(
                        "{side} hold Mesh `{}` twice, here and in {}: which one is meant is a guess; keep one",
                        loaded.mesh.name,
                        earlier.name()
                    ),
                )
                .at(loaded.mesh.locate_name()),
            ),
            None => {
                first.insert(&loaded.mesh.name, loaded);
            }
        }
    }
    found
}

/// A proposed Mesh `--current` does not hold: checked against nothing, its gates would vanish.
fn lacking(loaded: &Loaded, current: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InputError,
        format!(
            "--current {current} holds no Mesh `{}`: without it the change cannot be checked (its gates would not run)",
            loaded.mesh.name
        ),
    )
    .at(loaded.mesh.locate_name())
}

fn nothing_checked(settings: &Settings, read: &Read) -> String {
    match &settings.mesh {
        Some(name) => format!("no Mesh named `{name}` in the {} input files", read.files),
        None => format!(
            "no Mesh found in the {} input files (--skip-other-kinds accepts that)",
            read.files
        ),
    }
}

/// One Mesh as `validate` checks a single file; Secrets of every proposed file count.
fn check(
    args: &ValidateArgs,
    proposed: &Loaded,
    current: Option<&Loaded>,
    secrets: &[SecretDoc],
    settings: &Settings,
) -> Result<engine::Decision, InputError> {
    let name = &proposed.mesh.name;
    let census = source::load_census(&args.state, None, name, settings)?;
    let mut with_secrets = proposed.clone();
    with_secrets.secrets.extend(secrets.iter().cloned());
    let loaded: Vec<_> = std::iter::once(&with_secrets).chain(current).collect();
    let material = source::material(settings, &loaded)?;
    let mut engine_settings = engine_settings(settings, census.as_ref());
    engine_settings.authz = super::authz_settings(settings, None, current, name)?;
    // The census is freed here, not aside: the next mesh's state is read next, and a thread
    // freeing what this one allocated would contend with it for the allocator's lock.
    Ok(engine::validate(
        proposed,
        current,
        census.as_ref(),
        &material,
        &engine_settings,
    ))
}

/// Policies in files without a Mesh: Kuma's admission and unknown keys.
fn loose(policies: &[PolicyDoc]) -> engine::Decision {
    let mut findings = identity_rules::check(policies);
    findings.extend(unknown_fields::check_policies(policies));
    let verdict = Verdict::from_findings(&findings);
    engine::Decision::new(findings, verdict)
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
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut text = format!(
        "checked {} from {}",
        plural(checked, "Mesh", "Meshes"),
        plural(read.files, "file", "files")
    );
    if read.without_mesh > 0 || read.other_documents > 0 {
        text.push_str(&format!(
            "; skipped {} of other kinds ({} without a Mesh)",
            plural(read.other_documents, "document", "documents"),
            plural(read.without_mesh, "file", "files")
        ));
    }
    if !read.failed.is_empty() {
        text.push_str(&format!("; {} could not be read", read.failed.len()));
    }
    text
}
