//! SARIF 2.1.0 (serde-sarif's schema-generated types): one rule per registered code with its
//! summary and help, one result per finding with a region in the file it is about.

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult,
    ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::end_column;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Report;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(report: &Report) -> String {
    let rules: Vec<ReportingDescriptor> = Code::ALL.iter().map(|code| rule(*code)).collect();
    let driver = ToolComponent::builder()
        .name("meshctl")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://github.com/kumahq/kuma")
        .rules(rules)
        .build();
    let results: Vec<SarifResult> = report
        .diagnostics
        .iter()
        .map(|d| result(d, report))
        .collect();
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
    let run = Run::builder()
        .tool(Tool::from(driver))
        .results(results)
        .invocations(vec![invocation])
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
    ReportingDescriptor::builder()
        .id(code.as_str())
        .name(code.as_str())
        .short_description(text(code.summary()))
        .full_description(text(code.explanation()))
        .help(text(&format!(
            "{} Run `meshctl explain {code}` for more.",
            code.explanation()
        )))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(level))
                .build(),
        )
        .build()
}

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

fn result(d: &Diagnostic, report: &Report) -> SarifResult {
    let level = match d.severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    if !d.proxies.is_empty() {
        message.push_str(&format!("\nproxies: {}", d.proxies.join(", ")));
    }
    let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0) as i64;
    let builder = SarifResult::builder()
        .rule_id(d.code.as_str())
        .rule_index(index)
        .level(level)
        .message(Message::from(message.as_str()));
    match &d.location {
        Some(at) => {
            let region = Region::builder()
                .start_line(at.line as i64)
                .start_column(at.column as i64)
                .end_column(end_column(at, report) as i64)
                .build();
            let physical = PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(at.file.as_str()).build())
                .region(region)
                .build();
            builder
                .locations(vec![
                    Location::builder().physical_location(physical).build(),
                ])
                .build()
        }
        None => builder.build(),
    }
}
