//! SARIF 2.1.0 (serde-sarif's schema-generated types) as GitHub code scanning ingests it: one rule
//! per registered code, one result per finding with a fingerprint of its own, artifact URIs
//! relative to the repository (`%SRCROOT%`), columns in code points, and an input error as an
//! error-level result, never an empty analysis.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::text::end_column;
use crate::diag::codes::{Code, Family};
use crate::diag::error::InputError;
use crate::diag::{Diagnostic, Severity};
use crate::render::report::Report;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where meshctl's documentation lives: the README, whose "Diagnostic codes" section holds every
/// code's `explain` text.
const HOME: &str = env!("CARGO_PKG_REPOSITORY");
const ROOT_ID: &str = "%SRCROOT%";
/// The URI a finding about standard input points at (no file in the repository holds it).
pub(crate) const STDIN_URI: &str = "urn:meshctl:stdin";

pub(crate) fn render(report: &Report, root: Option<&Path>, anchor: Option<&str>) -> String {
    let paths = Paths::new(root, anchor.or(report.primary.as_deref()));
    let rules: Vec<ReportingDescriptor> = Code::ALL.iter().map(|code| rule(*code)).collect();
    let driver = ToolComponent::builder()
        .name("meshctl")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(HOME)
        .rules(rules)
        .build();
    let mut seen: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    let mut results: Vec<SarifResult> = report
        .diagnostics
        .iter()
        .map(|d| result(d, report, &paths, &mut seen))
        .collect();
    results.extend(report.error.as_ref().map(|e| input_result(e, &paths)));
    // GitHub's upload refuses a result without a location.
    for result in &mut results {
        if result.locations.is_none()
            && let Some(anchor) = &paths.anchor
        {
            result.locations = Some(vec![located(paths.artifact(anchor), None)]);
        }
    }
    let invocation = Invocation::builder().execution_successful(report.error.is_none());
    let notifications = report.error.as_ref().map(|e| {
        vec![
            Notification::builder()
                .level(serde_json::json!("error"))
                .message(Message::from(e.to_string().as_str()))
                .build(),
        ]
    });
    let invocation = match notifications {
        Some(n) => invocation.tool_execution_notifications(n).build(),
        None => invocation.build(),
    };
    let base = BTreeMap::from([(
        ROOT_ID.to_string(),
        ArtifactLocation::builder().uri(paths.root_uri()).build(),
    )]);
    let run = Run::builder()
        .tool(Tool::from(driver))
        .results(results)
        .invocations(vec![invocation])
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .original_uri_base_ids(base)
        .build();
    let sarif = Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    text.push('\n');
    text
}

fn rule(code: Code) -> ReportingDescriptor {
    let level = match code.default_severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    // Static and certificate rules judge the file itself; gates judge observed state, which
    // lags reality by seconds.
    let precision = match code.family() {
        Family::Static | Family::Certificate | Family::Input => "very-high",
        Family::Transition | Family::Gate => "high",
    };
    let properties = PropertyBag::builder()
        .tags(vec![
            "mtls".to_string(),
            "kuma".to_string(),
            code.family().as_str().to_string(),
        ])
        .additional_properties(BTreeMap::from([(
            "precision".to_string(),
            serde_json::json!(precision),
        )]))
        .build();
    ReportingDescriptor::builder()
        .id(code.as_str())
        .name(code.name())
        .short_description(text(code.summary()))
        .full_description(text(code.explanation()))
        .help(text(&format!(
            "{} Run `meshctl explain {code}` for more.",
            code.explanation()
        )))
        .help_uri(format!("{HOME}#diagnostic-codes"))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(level))
                .build(),
        )
        .properties(properties)
        .build()
}

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

fn rule_index(code: Code) -> i64 {
    Code::ALL.iter().position(|c| *c == code).unwrap_or(0) as i64
}

/// `seen` counts the findings with the same stable parts so far: the second of two on the same
/// field (a `conf` missing both its certificate and its key, say) gets a fingerprint of its own.
fn result(
    d: &Diagnostic,
    report: &Report,
    paths: &Paths,
    seen: &mut BTreeMap<Vec<String>, usize>,
) -> SarifResult {
    let message = super::text::full(d);
    let uri = d.location.as_ref().map(|at| paths.artifact(&at.file));
    // From what stays the same between runs (`text::stable_parts`), with the artifact's URI
    // relative to the repository rather than the path meshctl was given.
    let mut parts = super::text::stable_parts(d);
    if d.location.is_some() {
        parts[1] = uri.as_ref().and_then(|u| u.uri.clone()).unwrap_or_default();
    }
    let occurrence = seen.entry(parts.clone()).or_default();
    *occurrence += 1;
    parts.push(occurrence.to_string());
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let fingerprint = fingerprint(&parts);
    let builder = SarifResult::builder()
        .rule_id(d.code.as_str())
        .rule_index(rule_index(d.code))
        .level(level(d.severity))
        .message(Message::from(message.as_str()))
        .partial_fingerprints(BTreeMap::from([(
            "meshctlFinding/v1".to_string(),
            fingerprint,
        )]));
    // A finding on a live control plane names its URL: it has no place in the repository.
    match (&d.location, uri) {
        (Some(at), Some(artifact)) if !is_url(&at.file) => {
            let region = Region::builder()
                .start_line(at.line as i64)
                .start_column(at.column as i64)
                .end_column(end_column(at, report) as i64)
                .build();
            builder
                .locations(vec![located(artifact, Some(region))])
                .build()
        }
        _ => builder.build(),
    }
}

/// An input error as a result on the file it is about, so code scanning shows a failed check.
fn input_result(e: &InputError, paths: &Paths) -> SarifResult {
    let code = Code::InputError;
    let builder = SarifResult::builder()
        .rule_id(code.as_str())
        .rule_index(rule_index(code))
        .level(ResultLevel::Error)
        .message(Message::from(e.to_string().as_str()))
        .partial_fingerprints(BTreeMap::from([(
            "meshctlFinding/v1".to_string(),
            fingerprint(&[code.as_str(), &e.file, &e.message]),
        )]));
    let Some(file) = e.file().filter(|f| !is_url(f)) else {
        return builder.build();
    };
    let region = e.line.map(|line| {
        let region = Region::builder().start_line(line as i64);
        match e.column {
            Some(column) => region.start_column(column as i64).build(),
            None => region.build(),
        }
    });
    builder
        .locations(vec![located(paths.artifact(file), region)])
        .build()
}

fn located(artifact: ArtifactLocation, region: Option<Region>) -> Location {
    let physical = PhysicalLocation::builder().artifact_location(artifact);
    let physical = match region {
        Some(region) => physical.region(region).build(),
        None => physical.build(),
    };
    Location::builder().physical_location(physical).build()
}

/// A stable fingerprint (FNV-1a, 64 bits) of what tells a finding from another.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Artifact URIs: relative to the root (percent-encoded, under `%SRCROOT%`), the stdin
/// placeholder, or a control plane's URL as it is.
struct Paths {
    root: PathBuf,
    /// Where a result without a file of its own is placed: the first input file.
    anchor: Option<String>,
}

fn is_url(file: &str) -> bool {
    file.starts_with("http://") || file.starts_with("https://")
}

impl Paths {
    fn new(root: Option<&Path>, anchor: Option<&str>) -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = match root {
            Some(root) => normalize(&cwd.join(root)),
            None => normalize(&cwd),
        };
        let anchor = anchor.filter(|a| !is_url(a)).map(str::to_string);
        Self { root, anchor }
    }

    fn root_uri(&self) -> String {
        let mut uri = String::from("file://");
        for part in self.root.components() {
            if let Component::Normal(name) = part {
                uri.push('/');
                uri.push_str(&encode(&name.to_string_lossy()));
            }
        }
        uri.push('/');
        uri
    }

    fn artifact(&self, file: &str) -> ArtifactLocation {
        if file == "<stdin>" {
            return ArtifactLocation::builder().uri(STDIN_URI).build();
        }
        if file.starts_with("http://") || file.starts_with("https://") {
            return ArtifactLocation::builder().uri(file).build();
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        let path = normalize(&cwd.join(file));
        ArtifactLocation::builder()
            .uri(relative_uri(&path, &self.root))
            .uri_base_id(ROOT_ID)
            .build()
    }
}

/// `path` without `.` and `..` components (lexically: the files need not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The URI reference of `path` from `root`, each segment percent-encoded (`../` to go up).
fn relative_uri(path: &Path, root: &Path) -> String {
    let path: Vec<Component> = path.components().collect();
    let root: Vec<Component> = root.components().collect();
    let common = path.iter().zip(&root).take_while(|(a, b)| a == b).count();
    let mut segments: Vec<String> = vec!["..".to_string(); root.len() - common];
    segments.extend(
        path[common..]
            .iter()
            .map(|c| encode(&c.as_os_str().to_string_lossy())),
    );
    segments.join("/")
}

/// Percent-encodes a path segment: everything but RFC 3986's unreserved characters.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_encoded_references_from_the_root() {
        let root = Path::new("/repo");
        assert_eq!(
            relative_uri(Path::new("/repo/dir with space/na,me:50%.yaml"), root),
            "dir%20with%20space/na%2Cme%3A50%25.yaml"
        );
        assert_eq!(
            relative_uri(Path::new("/other/m.yaml"), root),
            "../other/m.yaml"
        );
        assert_eq!(
            normalize(Path::new("/repo/./a/../b.yaml")),
            Path::new("/repo/b.yaml")
        );
        assert_ne!(fingerprint(&["a", "b"]), fingerprint(&["ab", ""]));
    }
}
