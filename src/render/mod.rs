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
}

/// Renders `report` as `view` says.
pub(crate) fn render(report: &Report, view: &View) -> String {
    match view.format {
        Format::Human => human::render(report, view.color),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report, view.root.as_deref()),
        Format::Junit => junit::render(report),
        Format::Github => github::render(report),
    }
}

/// The 1-based column just past the labelled key, for formats that want a region's end.
pub(crate) fn end_column(at: &crate::input::manifest::Location, report: &Report) -> usize {
    let width = report
        .sources
        .get(&at.file)
        .and_then(|text| text.get(at.span.clone()))
        .map(|s| s.lines().next().unwrap_or_default().chars().count())
        .unwrap_or(0);
    at.column + width.max(1)
}

/// "1 error", "2 warnings".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
