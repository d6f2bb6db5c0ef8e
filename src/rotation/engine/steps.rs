//! One step judged: its requirements, its gate evaluated once on the state (for the findings and
//! for the report alike), and its manifest printed and linted as Kuma's admission will see it.

use serde::Serialize;

use super::prepare::{Prepared, requirements_first};
use super::settings::Settings;
use crate::diag::error::InputError;
use crate::diag::{Diagnostic, Severity};
use crate::gate::evaluate::evaluate;
use crate::gate::findings::gate_findings;
use crate::gate::{Gate, GateOutcome, GateReport};
use crate::input::file::Format;
use crate::input::manifest::{self, ManifestFile};
use crate::input::mesh::Shape;
use crate::input::source::Source;
use crate::input::time::{Moment, Timestamp};
use crate::lint::{identity_rules, static_rules};
use crate::rotation::emit::documents::documents_text;
use crate::rotation::emit::{Edit, emit};
use crate::rotation::step::{Action, StepKind};

/// One step as reports show it.
#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    pub number: usize,
    pub kind: StepKind,
    /// Whether the manifest's documents are applied or deleted.
    pub action: Action,
    pub summary: String,
    pub gate: Option<GateReport>,
    /// The whole manifest after this step (secrets redacted only in what the user wrote inline).
    pub manifest: String,
    /// Where the manifest was written (`--write-steps`, `-o`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// What the static rules find wrong in the manifest (reported with the other findings).
    #[serde(skip)]
    pub lint: Vec<Diagnostic>,
    /// The Secrets the manifest's DataSources name, which must exist before it is applied.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<String>,
}

impl StepReport {
    /// The file name of this step under `--write-steps` (`01-add-backend.yaml`).
    pub fn file_name(&self, format: Format) -> String {
        let ext = match format {
            Format::Yaml => "yaml",
            Format::Json => "json",
        };
        format!("{:02}-{}.{ext}", self.number, self.kind.as_str())
    }
}

/// A step judged: the findings of its requirements and gate, its report, and a note when its
/// manifest could not keep the user's layout.
pub(super) struct Judged {
    pub findings: Vec<Diagnostic>,
    pub report: StepReport,
    pub note: Option<String>,
}

/// Judges step `index`: requirements first (a gate on the proxies means nothing while the
/// identity it waits for is not Ready), then its gate, evaluated once.
pub(super) fn judge(
    prepared: &Prepared<'_>,
    index: usize,
    require_state: bool,
) -> Result<Judged, InputError> {
    let step = &prepared.plan.steps[index];
    let settings = prepared.settings;
    let gate = step
        .gate
        .as_ref()
        .filter(|g| !settings.ablation.skipped.contains(&g.kind()))
        .map(|g| ablated(g, settings));
    let outcome = gate.as_ref().map(|g| match prepared.census {
        Some(census) => evaluate(g, census, prepared.scope),
        None => GateOutcome::unchecked(),
    });
    let mut findings = requirements_first(prepared, index);
    if findings.is_empty()
        && let Some(gate) = &gate
    {
        findings = gate_findings(
            gate,
            prepared.census.and(outcome.as_ref()),
            &prepared.current.mesh,
            &prepared.target.mesh,
            prepared.census,
            prepared.scope,
            require_state,
        );
    }
    findings.extend(authorization(prepared, index));
    let (manifest, lint, note) = manifest(prepared, index)?;
    let report = StepReport {
        number: index + 1,
        kind: step.kind,
        action: step.action,
        summary: step.summary.clone(),
        gate: gate
            .as_ref()
            .zip(outcome.as_ref())
            .map(|(g, o)| GateReport::new(g, o)),
        secrets: match step.action {
            Action::Apply => crate::rotation::secrets::named(&manifest),
            Action::Delete => Vec::new(),
        },
        manifest,
        written: None,
        lint,
    };
    Ok(Judged {
        findings,
        report,
        note,
    })
}

/// What step `index` does to who may call whom (README "Authorization").
fn authorization(prepared: &Prepared<'_>, index: usize) -> Vec<Diagnostic> {
    let settings = prepared.settings;
    let twin = &settings.ablation.authz;
    let believed = twin.legacy != crate::authz::migrate::LegacyMatcher::PerService
        && prepared.plan.steps[index].kind == crate::rotation::step::StepKind::AllowIdentities;
    if twin.off || believed {
        return Vec::new();
    }
    let complete = super::authz::permissions(prepared.current, settings);
    let ctx = crate::authz::Context {
        census: prepared.census,
        complete: complete.as_ref(),
        semantics: settings.authz_semantics(),
    };
    let at = prepared.target.mesh.locate("");
    crate::authz::change_findings(
        &ctx,
        &prepared.authz[index],
        &prepared.authz[index + 1],
        &at,
    )
}

/// The gate as the ablation leaves it: the trust gate that believes `supportedBackends` alone
/// takes every configuration as current.
fn ablated(gate: &Gate, settings: &Settings) -> Gate {
    match gate {
        Gate::Trusted { trusts, .. } if settings.ablation.listed_is_trusted => Gate::Trusted {
            trusts: trusts.clone(),
            since: Some(Moment::exact(Timestamp::MIN)),
        },
        _ => gate.clone(),
    }
}

/// Step `index`'s manifest (every edit up to it, or its own documents), its lint, and a note
/// when it is a plain serialization rather than an edit of the user's file.
fn manifest(
    prepared: &Prepared<'_>,
    index: usize,
) -> Result<(String, Vec<Diagnostic>, Option<String>), InputError> {
    let step = &prepared.plan.steps[index];
    let what = format!("step {} ({})", index + 1, step.kind.as_str());
    if !step.documents.is_empty() {
        let text = documents(prepared, index, &what)?;
        let lint = match step.action {
            Action::Delete => Vec::new(),
            Action::Apply => lint_documents(&text, &what)?,
        };
        return Ok((text, lint, None));
    }
    let edits: Vec<Edit> = prepared.plan.steps[..=index]
        .iter()
        .flat_map(|s| s.edits.iter().cloned())
        .collect();
    let current = &prepared.current.mesh;
    let emitted = emit(current, &prepared.target.mesh, &edits).map_err(|reason| {
        InputError::io(
            current.file.name(),
            format!("cannot print {what}: {reason}"),
        )
    })?;
    let note = emitted.fallback.as_ref().map(|r| format!("{what}: {r}"));
    let lint = lint_mesh_manifest(prepared, &emitted.text, &what)?;
    Ok((emitted.text, lint, note))
}

/// The documents a step applies or deletes, in the target's format and shape.
fn documents(prepared: &Prepared<'_>, index: usize, what: &str) -> Result<String, InputError> {
    let step = &prepared.plan.steps[index];
    let target = prepared.target;
    let kubernetes = target.mesh.shape == Shape::Kubernetes;
    documents_text(&step.documents, target.file.format, kubernetes)
        .map_err(|reason| InputError::io(target.name(), format!("cannot print {what}: {reason}")))
}

/// Kuma's admission on the policies a step applies: its errors refuse the step.
fn lint_documents(text: &str, what: &str) -> Result<Vec<Diagnostic>, InputError> {
    let file = ManifestFile::parse(Source::new(format!("<{what}>"), text))?;
    Ok(identity_rules::check(&manifest::policies(&file)?)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|mut d| {
            d.message = format!("{what} manifest: {}", d.message);
            d.location = None;
            d
        })
        .collect())
}

/// The static rules on a step's Mesh as Kuma's admission will see it: its errors (those not
/// already reported on the current or the target) refuse the step.
fn lint_mesh_manifest(
    prepared: &Prepared<'_>,
    text: &str,
    what: &str,
) -> Result<Vec<Diagnostic>, InputError> {
    let file = ManifestFile::parse(Source::new(format!("<{what}>"), text))?;
    let contents = manifest::contents(&file)?;
    let name = &prepared.current.mesh.name;
    let mesh = manifest::select_mesh(&file, &contents.meshes, Some(name))?;
    let known = |d: &Diagnostic| {
        prepared
            .findings
            .iter()
            .any(|f| f.code == d.code && f.message == d.message)
    };
    Ok(static_rules::check(&mesh, prepared.settings.product)
        .into_iter()
        .filter(|d| d.severity == Severity::Error && !known(d))
        .map(|mut d| {
            d.message = format!("{what} manifest: {}", d.message);
            d.location = None;
            d.help = Some(
                "the step would be rejected by Kuma's admission; fix the target or the current Mesh"
                    .to_string(),
            );
            d
        })
        .collect())
}
