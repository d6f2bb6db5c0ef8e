//! meshctl: plans and gates the mTLS CA rotation of Kong Mesh and Kuma `Mesh` resources.
//!
//! Data flows one way, one module per stage: `input` (files, documents with spans, the typed
//! `mtls` view) -> `state` (observed proxies) -> `check` (findings as data, codes in `diag`) ->
//! `rotation` (steps, their gates and manifests) -> `render` (a report in every format) -> the exit
//! code; `commands` wires each subcommand, `cli` is the command line. The library never prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod cli;
pub mod commands;
pub mod diag;
pub mod input;
pub mod render;
pub mod rotation;
pub mod state;

use std::io::IsTerminal;

use cli::{Cli, ColorChoice, Command};
use diag::Verdict;
use render::Format;

/// What the binary writes and how it exits.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
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
    fn waiting(&mut self, _: &render::report::StepReport) {}
    fn retrying(&mut self, _: &diag::error::InputError) {}
}

/// Runs a parsed command line, telling `observer` how `wait`'s polls go.
pub fn run_with(cli: &Cli, observer: &mut dyn commands::wait::WaitObserver) -> Output {
    let common = &cli.common;
    let view = render::View {
        format: common.format,
        color: use_color(common.color),
        root: common.sarif_root.clone().map(std::path::PathBuf::from),
    };
    let view = &view;
    match &cli.command {
        Command::Validate(args) => {
            let report = commands::validate::validate(args, common);
            report_output(&report, view)
        }
        Command::Plan(args) => report_output(&commands::plan::plan(args, common), view),
        Command::Status(args) => report_output(&commands::status::status(args, common), view),
        Command::NextStep(args) => {
            let report = commands::next_step::next_step(args, common);
            next_step_output(&report, view)
        }
        Command::Wait(args) => report_output(&commands::wait::wait(args, common, observer), view),
        Command::Snapshot(args) => {
            let (report, text) = commands::snapshot::snapshot(args, common);
            snapshot_output(&report, text, view)
        }
        Command::Completions(args) => Output {
            stdout: completions(args.shell),
            ..Output::default()
        },
        Command::Man => Output {
            stdout: man_page(),
            ..Output::default()
        },
        Command::Explain(args) => {
            match commands::explain::explain(&args.code, common.format == Format::Json) {
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
    }
}

/// Reports go to stdout; an input error also goes to stderr, where a human looks for it.
fn report_output(report: &render::report::Report, view: &render::View) -> Output {
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
fn next_step_output(report: &render::report::Report, view: &render::View) -> Output {
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
    }
}

/// snapshot: the snapshot on stdout when it was not written with -o, and then the report on
/// stderr; otherwise as any report.
fn snapshot_output(
    report: &render::report::Report,
    text: Option<String>,
    view: &render::View,
) -> Output {
    match text {
        Some(text) => Output {
            stdout: text,
            stderr: render::render(report, view),
            code: report.verdict.exit_code(),
        },
        None => report_output(report, view),
    }
}

/// The completion script for `shell`, as committed under `completions/`.
pub fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "meshctl", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The man page, in roff.
pub fn man_page() -> String {
    use clap::CommandFactory;
    let mut out = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = clap_mangen::Man::new(Cli::command()).render(&mut out);
    String::from_utf8_lossy(&out).into_owned()
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
