//! meshctl: plans and gates mTLS changes of Kong Mesh and Kuma meshes (CA rotations, mTLS on and
//! off, moves to MeshIdentity), step by step, on the observed state of every proxy.
//!
//! Data flows one way (ARCHITECTURE.md): `cli` (flags to typed settings) -> `source` (files,
//! stdin, the control plane) -> `input` (documents) and `state` (the census) -> the engine in
//! `rotation::engine` (lint, plan, requirements, gates, findings, overrides, verdict) -> `render`
//! -> the exit code. `commands` wires each subcommand. The library never prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

mod authz;
pub mod cli;
mod commands;
pub mod diag;
mod gate;
mod input;
mod lint;
mod render;
mod rotation;
mod source;
mod state;

pub use commands::wait::WaitObserver;

/// The engine and what it is fed: the one call every command makes, and the safety models too.
pub mod engine {
    pub use crate::authz::PolicySet;
    pub use crate::authz::version::{KumaVersion, Semantics};
    pub use crate::gate::{GateKind, GateReport, GateStatus, RulesOff, ScopeSettings};
    pub use crate::input::identity::PolicyDoc;
    pub use crate::input::loaded::Loaded;
    pub use crate::input::mesh::Mode;
    pub use crate::input::secret::Material;
    pub use crate::input::source::Source;
    pub use crate::input::time::{Moment, Timestamp, format_rfc3339};
    pub use crate::lint::Product;
    pub use crate::rotation::engine::{
        Ablation, Ask, AuthzAblation, AuthzSettings, Decision, LegacyMatcher, Settings, StepReport,
        evidence, is_identity_move, needs_legacy_ca, rotation, status, upgrade, validate,
    };
    pub use crate::rotation::step::{Action, StepKind};
    pub use crate::state::Census;
    pub use crate::state::read::StateReader;
}

use std::io::IsTerminal;

use cli::settings::Settings;
use cli::{Cli, ColorChoice, Command};
use diag::Verdict;
use render::Format;
use render::report::Report;

/// What the binary writes and how it exits.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    /// Written to stdout after `stdout`: a snapshot, spooled to a file rather than held.
    pub stdout_file: Option<std::fs::File>,
    pub stderr: String,
    pub code: u8,
}

/// Runs a parsed command line; `wait` polls silently.
pub fn run(cli: &Cli) -> Output {
    run_with(cli, &mut Silent)
}

/// A wait observer that shows nothing.
struct Silent;

impl commands::wait::WaitObserver for Silent {
    fn waiting(&mut self, _: &rotation::engine::StepReport, _: &[&str]) {}
    fn retrying(&mut self, _: &diag::error::InputError) {}
}

/// Runs a parsed command line, telling `observer` how `wait`'s polls go. The flags become typed
/// settings before the command runs; a bad value is reported in the chosen format.
pub fn run_with(cli: &Cli, observer: &mut dyn commands::wait::WaitObserver) -> Output {
    let output = &cli.output;
    let view = render::View {
        format: output.format,
        color: use_color(output.color),
        root: output.sarif_root.clone().map(std::path::PathBuf::from),
        quiet: output.quiet,
        junit: output.junit_flavor,
        anchor: anchor(cli.command.inputs()),
    };
    let view = &view;
    let settings = |common: &cli::Common, command| {
        Settings::parse(common).map_err(|e| report_output(&Report::failed(command, e), view))
    };
    let result = match &cli.command {
        Command::Validate(args) => settings(&args.common, "validate")
            .map(|s| report_output(&named(commands::validate::validate(args, &s), &s), view)),
        Command::Plan(args) => settings(&args.rotation.common, "plan")
            .map(|s| report_output(&named(commands::plan::plan(args, &s), &s), view)),
        Command::Status(args) => settings(&args.common, "status")
            .map(|s| report_output(&named(commands::status::status(args, &s), &s), view)),
        Command::NextStep(args) => settings(&args.rotation.common, "next-step")
            .map(|s| next_step_output(&named(commands::next_step::next_step(args, &s), &s), view)),
        Command::Wait(args) => settings(&args.common, "wait")
            .map(|s| report_output(&named(commands::wait::wait(args, &s, observer), &s), view)),
        Command::Snapshot(args) => Settings::parse_groups(&args.mesh, &args.checks, &args.live)
            .map_err(|e| report_output(&Report::failed("snapshot", e), view))
            .map(|s| {
                let (report, text) = commands::snapshot::snapshot(args, &s);
                snapshot_output(&report, text, view)
            }),
        Command::Completions(args) => Ok(Output {
            stdout: completions(args.shell),
            ..Output::default()
        }),
        Command::Man(args) => Ok(man(args)),
        Command::Explain(args) => Ok(explain(args, output.format)),
    };
    result.unwrap_or_else(|failed| failed)
}

/// The first input that is a file, or the first file of the first directory given.
fn anchor(inputs: Vec<&str>) -> Option<String> {
    inputs.into_iter().find_map(|input| {
        let path = std::path::Path::new(input);
        if path.is_file() {
            return Some(input.to_string());
        }
        let inside = path
            .is_dir()
            .then(|| source::files::expand(&[input.to_string()]).ok())??;
        inside.into_iter().next()
    })
}

/// The report, naming the `meshctl.toml` whose settings it was made with.
fn named(mut report: Report, settings: &Settings) -> Report {
    if let Some(file) = &settings.config_file {
        report.notes.push(format!("settings from {file}"));
    }
    report
}

fn explain(args: &cli::ExplainArgs, format: Format) -> Output {
    let json = format == Format::Json;
    let text = match &args.code {
        Some(code) if !args.list => commands::explain::explain(code, json),
        _ => Ok(commands::explain::list(json)),
    };
    match text {
        Ok(text) => Output {
            stdout: text,
            ..Output::default()
        },
        Err(e) => Output {
            stderr: format!("error: {e}\n"),
            code: Verdict::InputError.exit_code(),
            ..Output::default()
        },
    }
}

/// Reports go to stdout; an input error also goes to stderr, where a human looks for it.
fn report_output(report: &Report, view: &render::View) -> Output {
    let format = view.format;
    let mut output = Output {
        code: report.verdict.exit_code(),
        ..Output::default()
    };
    if format == Format::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
        && let Err(e) = append(
            std::path::Path::new(&path),
            &render::github::step_summary(report),
        )
    {
        output.stderr.push_str(&format!(
            "warning: cannot append to GITHUB_STEP_SUMMARY: {e}\n"
        ));
    }
    match (&report.error, format) {
        (Some(e), Format::Human) => output.stderr = format!("error: {e}\n"),
        (Some(e), _) => {
            output.stderr = format!("error: {e}\n");
            output.stdout = render::render(report, view);
        }
        (None, _) => output.stdout = render::render(report, view),
    }
    output
}

/// next-step: the manifest alone on stdout (unless written with -o); the report on stderr.
fn next_step_output(report: &Report, view: &render::View) -> Output {
    if view.format != Format::Human {
        return report_output(report, view);
    }
    let manifest = match report.steps.first() {
        Some(step) if report.verdict == Verdict::Pass && step.written.is_none() => {
            step.manifest.clone()
        }
        _ => String::new(),
    };
    Output {
        stdout: manifest,
        stderr: render::render(report, view),
        code: report.verdict.exit_code(),
        ..Output::default()
    }
}

/// snapshot: the snapshot on stdout when it was not written with -o, and then the report on
/// stderr; otherwise as any report.
fn snapshot_output(report: &Report, file: Option<std::fs::File>, view: &render::View) -> Output {
    match file {
        Some(file) => Output {
            stdout_file: Some(file),
            stderr: render::render(report, view),
            code: report.verdict.exit_code(),
            ..Output::default()
        },
        None => report_output(report, view),
    }
}

/// The completion script for `shell`, as committed under `completions/`.
/// A command line clap refused (a mistyped flag, a missing argument): the usage error as a
/// report in the `--format` the line asked for, so that `meshctl … --format sarif > out.sarif`
/// never leaves an empty file in CI. None for human output, help and version, which clap
/// prints itself.
pub fn usage_error(args: &[String], error: &clap::Error) -> Option<Output> {
    use clap::ValueEnum;
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return None;
    }
    let value = |flag: &str| {
        args.iter()
            .enumerate()
            .find_map(|(i, a)| match a.strip_prefix(flag) {
                Some("") => args.get(i + 1).cloned(),
                Some(rest) => rest.strip_prefix('=').map(str::to_string),
                None => None,
            })
    };
    let format = Format::from_str(&value("--format")?, true).ok()?;
    if format == Format::Human {
        return None;
    }
    let junit = value("--junit-flavor")
        .and_then(|f| cli::JunitFlavor::from_str(&f, true).ok())
        .unwrap_or_default();
    let command = [
        "validate",
        "plan",
        "next-step",
        "status",
        "wait",
        "snapshot",
    ]
    .into_iter()
    .find(|c| args.iter().any(|a| a == c))
    .unwrap_or("meshctl");
    // Where SARIF places the result: the first argument naming a file, or a directory's first.
    let anchor = anchor(
        args.iter()
            .skip(1)
            .filter(|a| !a.starts_with('-'))
            .map(String::as_str)
            .collect(),
    );
    let view = render::View {
        format,
        color: false,
        root: value("--sarif-root").map(std::path::PathBuf::from),
        quiet: false,
        junit,
        anchor,
    };
    let first = error.to_string();
    let message = first
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ");
    let mut output = report_output(
        &Report::failed(command, diag::error::InputError::usage(message)),
        &view,
    );
    output.stderr = first;
    Some(output)
}

pub fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "meshctl", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The man page, in roff.
pub fn man_page() -> String {
    cli::man::page(None).unwrap_or_default()
}

/// `meshctl man [COMMAND] [--dir DIR]`.
fn man(args: &cli::ManArgs) -> Output {
    let failed = |message: String| Output {
        stderr: format!("error: {message}\n"),
        code: Verdict::InputError.exit_code(),
        ..Output::default()
    };
    let Some(dir) = &args.dir else {
        return match cli::man::page(args.command.as_deref()) {
            Some(stdout) => Output {
                stdout,
                ..Output::default()
            },
            None => failed(format!(
                "no man page for `{}`",
                args.command.as_deref().unwrap_or_default()
            )),
        };
    };
    let mut written = Vec::new();
    for (file, roff) in cli::man::pages() {
        let path = std::path::Path::new(dir).join(&file);
        if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, roff)) {
            return failed(format!("{}: cannot write: {e}", path.display()));
        }
        written.push(file);
    }
    Output {
        stdout: format!("wrote {} into {dir}\n", written.join(", ")),
        ..Output::default()
    }
}

fn append(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(text.as_bytes())
}

/// Resolves `--color auto` from NO_COLOR and whether stdout is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
