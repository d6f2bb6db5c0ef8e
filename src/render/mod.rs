//! Renderers: the report a command hands over, and one module per output format turning it into
//! text (with one shared way to put a finding into plain text).

pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod report;
pub(crate) mod sarif;
mod text;

use crate::render::report::Report;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Junit,
    Github,
}

/// How a report is shown: its format, whether human output is coloured, and the directory SARIF
/// paths are relative to (`--sarif-root`, else the working directory).
#[derive(Debug, Clone)]
pub(crate) struct View {
    pub format: Format,
    pub color: bool,
    pub root: Option<std::path::PathBuf>,
    /// `--quiet`: human output is the summary line alone.
    pub quiet: bool,
    pub junit: junit::Flavor,
    /// The first input file on the command line: SARIF's location for what has no file.
    pub anchor: Option<String>,
}

/// Renders `report` as `view` says.
pub(crate) fn render(report: &Report, view: &View) -> String {
    match view.format {
        Format::Human if view.quiet => human::quiet(report),
        Format::Human => human::render(report, view.color),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report, view.root.as_deref(), view.anchor.as_deref()),
        Format::Junit => junit::render(report, view.junit),
        Format::Github => github::render(report),
    }
}
