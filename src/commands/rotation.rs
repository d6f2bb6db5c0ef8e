//! What plan, next-step and wait share: the current and target Meshes of one mesh read and linted,
//! the observed state and what it says, the plan between them, each step's gate on that state and
//! each step's manifest (linted before it is shown or written).

use std::path::Path;

use crate::lint::Product;
use crate::lint::certificate;
use crate::gate::{GateOutcome, ScopeSettings, evaluate};
use crate::gate::findings as gates;
use crate::lint::{identity_rules, static_rules};
use crate::cli::{Common, RotationArgs};
use crate::diag::codes::Code;
use crate::diag::error::InputError;
use crate::diag::{Diagnostic, Severity};
use crate::input::manifest::{self, Format, ManifestFile};
use crate::input::source::Source;
use crate::render::report::{GateReport, Report, StepReport};
use crate::rotation::emit::documents::documents_text;
use crate::rotation::emit::{Edit, emit};
use crate::rotation::identity::{self, Side};
use crate::rotation::step::Action;
use crate::rotation::plan::{Plan, plan};
use crate::state::Census;

use super::{
    Flags, Live, Loaded, check_stdin, connect, load_census, load_current, load_mesh, load_secrets,
    same_mesh, with_live_product,
};

pub(crate) struct Rotation {
    pub current: Loaded,
    pub target: Loaded,
    pub census: Option<Census>,
    pub settings: ScopeSettings,
    pub plan: Plan,
    pub product: Product,
    /// Static findings on the current and the target, state findings and the plan's own.
    pub findings: Vec<Diagnostic>,
}

pub(crate) fn prepare(args: &RotationArgs, common: &Common) -> Result<Rotation, InputError> {
    let flags = Flags::parse(common)?;
    let live = connect(common)?;
    prepare_with(
        args.current.as_deref(),
        &args.target,
        &args.state,
        common,
        &flags,
        live.as_ref(),
    )
}

/// `prepare` against an already connected control plane (wait polls with one).
pub(crate) fn prepare_with(
    current: Option<&str>,
    target: &str,
    states: &[String],
    common: &Common,
    flags: &Flags,
    live: Option<&Live>,
) -> Result<Rotation, InputError> {
    let common = &with_live_product(common, live);
    check_stdin(
        [target]
            .into_iter()
            .chain(current)
            .chain(states.iter().map(String::as_str)),
    )?;
    let current = load_current(current, live, common)?;
    let settings = flags.scope(Some(&current.mesh));
    let target = load_mesh(target, common)?;
    same_mesh(&current, &target, "plan")?;
    let census = load_census(states, live, &current.mesh.name, common)?;
    let mut secrets = load_secrets(common)?;
    secrets.extend(current.secrets.iter().chain(&target.secrets).cloned());
    // A current Mesh Kuma would reject is no base for a step (DESIGN.md "Planning rules").
    let mut findings = static_rules::check(&current.mesh, common.product());
    findings.extend(identity_rules::check(&current.policies));
    let current_valid = !has_error(&findings);
    findings.extend(static_rules::check(&target.mesh, common.product()));
    findings.extend(identity_rules::check(&target.policies));
    findings.extend(certificate::check(
        &target.mesh,
        &secrets,
        flags.ca(settings),
        Some(&current.mesh),
    ));
    findings.extend(certificate::identity::check(
        &target.policies,
        &secrets,
        flags.ca(settings),
    ));
    let sides = (
        Side {
            mesh: &current.mesh,
            policies: &current.policies,
        },
        Side {
            mesh: &target.mesh,
            policies: &target.policies,
        },
    );
    let identity_move = identity::applies(sides.0, sides.1);
    if let Some(live) = live.filter(|_| !identity_move) {
        live.index.refuse_kuma3()?;
    }
    // A migration publishes the builtin CA as a MeshTrust: read its certificate live when allowed.
    if let Some(live) = live.filter(|_| identity_move && target.mesh.mtls.enabled().is_none()) {
        secrets.extend(live.cp.builtin_ca(&current.mesh)?);
    }
    let plan = match (current_valid && !has_error(&findings), identity_move) {
        (false, _) => Plan::default(),
        (true, true) => identity::plan(sides.0, sides.1, &secrets, flags.changed_at()),
        (true, false) => plan(&current.mesh, &target.mesh, common.product()),
    };
    findings.extend(plan.findings.iter().cloned());
    if let Some(census) = &census {
        let gated = plan.steps.first().is_some_and(|s| s.gate.is_some());
        findings.extend(
            gates::state_findings(census, &current.mesh, settings, gated)
                .into_iter()
                // KRIs in the insights are what a MeshIdentity move expects.
                .filter(|d| !(identity_move && d.code == Code::MeshIdentityManaged)),
        );
    }
    Ok(Rotation {
        current,
        target,
        census,
        settings,
        plan,
        product: common.product(),
        findings,
    })
}

fn has_error(findings: &[Diagnostic]) -> bool {
    findings.iter().any(|d| d.severity == Severity::Error)
}

impl Rotation {
    /// The gate of step `index` evaluated on the state, when there is a gate and a state.
    pub(crate) fn gate_outcome(&self, index: usize) -> Option<GateOutcome> {
        let gate = self.plan.steps.get(index)?.gate.as_ref()?;
        Some(match &self.census {
            Some(census) => evaluate(gate, census, self.settings),
            None => GateOutcome::unchecked(),
        })
    }

    /// The report of step `index`: its gate as it stands and its manifest (every edit up to it).
    /// `Err` when no manifest that reads back as the step's document can be printed.
    pub(crate) fn step_report(
        &self,
        index: usize,
        report: &mut Report,
    ) -> Result<StepReport, InputError> {
        let step = &self.plan.steps[index];
        if !step.documents.is_empty() {
            return self.document_step_report(index);
        }
        let edits: Vec<Edit> = self.plan.steps[..=index]
            .iter()
            .flat_map(|s| s.edits.iter().cloned())
            .collect();
        let emitted = emit(&self.current.mesh, &self.target.mesh, &edits).map_err(|reason| {
            InputError::io(
                self.current.file.name(),
                format!(
                    "cannot print step {} ({}): {reason}",
                    index + 1,
                    step.kind.as_str()
                ),
            )
        })?;
        if let Some(reason) = &emitted.fallback {
            report.notes.push(format!(
                "step {} ({}): {reason}",
                index + 1,
                step.kind.as_str()
            ));
        }
        let lint = self.lint_manifest(index, &emitted.text)?;
        Ok(StepReport {
            lint,
            number: index + 1,
            kind: step.kind,
            action: step.action,
            summary: step.summary.clone(),
            gate: step
                .gate
                .as_ref()
                .zip(self.gate_outcome(index))
                .map(|(gate, outcome)| GateReport::new(gate, &outcome)),
            manifest: emitted.text,
            written: None,
        })
    }

    /// The report of a step that applies or deletes policy documents (MeshIdentity, MeshTrust,
    /// MeshTLS): its documents in the target's format, those to apply read back and linted.
    fn document_step_report(&self, index: usize) -> Result<StepReport, InputError> {
        let step = &self.plan.steps[index];
        let what = format!("step {} ({})", index + 1, step.kind.as_str());
        let kubernetes = self.target.mesh.shape == crate::input::mesh::Shape::Kubernetes;
        let text = documents_text(&step.documents, self.target.file.format, kubernetes).map_err(
            |reason| {
                InputError::io(
                    self.target.file.name(),
                    format!("cannot print {what}: {reason}"),
                )
            },
        )?;
        let file = ManifestFile::parse(Source::new(format!("<{what}>"), &text))?;
        let lint = match step.action {
            Action::Delete => Vec::new(),
            Action::Apply => identity_rules::check(&manifest::policies(&file)?)
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|mut d| {
                    d.message = format!("{what} manifest: {}", d.message);
                    d.location = None;
                    d
                })
                .collect(),
        };
        Ok(StepReport {
            lint,
            number: index + 1,
            kind: step.kind,
            action: step.action,
            summary: step.summary.clone(),
            gate: step
                .gate
                .as_ref()
                .zip(self.gate_outcome(index))
                .map(|(gate, outcome)| GateReport::new(gate, &outcome)),
            manifest: text,
            written: None,
        })
    }

    /// The static rules on the manifest of step `index`, as Kuma's admission will see it: its
    /// errors (those not already reported on the current or the target) refuse the step.
    fn lint_manifest(&self, index: usize, text: &str) -> Result<Vec<Diagnostic>, InputError> {
        let step = &self.plan.steps[index];
        let what = format!("step {} ({})", index + 1, step.kind.as_str());
        let file = ManifestFile::parse(Source::new(format!("<{what}>"), text))?;
        let contents = manifest::contents(&file)?;
        let mesh = manifest::select_mesh(&file, &contents.meshes, Some(&self.current.mesh.name))?;
        let known = |d: &Diagnostic| {
            self.findings
                .iter()
                .any(|f| f.code == d.code && f.message == d.message)
        };
        Ok(static_rules::check(&mesh, self.product)
            .into_iter()
            .filter(|d| d.severity == Severity::Error && !known(d))
            .map(|mut d| {
                d.message = format!("{what} manifest: {}", d.message);
                d.location = None;
                d.help = Some("the step would be rejected by Kuma's admission; fix the target or the current Mesh".to_string());
                d
            })
            .collect())
    }

    /// The gate findings of step `index` (blocking proxies, unknown state; `gate-unchecked`
    /// without state when `require_state`).
    pub(crate) fn step_gate_findings(&self, index: usize, require_state: bool) -> Vec<Diagnostic> {
        let Some(step) = self.plan.steps.get(index) else {
            return Vec::new();
        };
        crate::rotation::decide::step_findings(
            step,
            &self.current.mesh,
            &self.current.policies,
            &self.target.mesh,
            self.census.as_ref(),
            self.settings,
            require_state,
        )
    }

    pub(crate) fn add_sources(&self, report: &mut Report) {
        report.add_source(&self.current.file);
        report.add_source(&self.target.file);
    }

    pub(crate) fn format(&self) -> Format {
        self.current.file.format
    }
}

/// The file name of step `number` under `--write-steps`.
pub(crate) fn step_file_name(step: &StepReport, format: Format) -> String {
    let ext = match format {
        Format::Yaml => "yaml",
        Format::Json => "json",
    };
    format!("{:02}-{}.{ext}", step.number, step.kind.as_str())
}

pub(crate) fn ensure_dir(dir: &Path) -> Result<(), InputError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        InputError::io(
            &dir.display().to_string(),
            format!("cannot create directory: {e}"),
        )
    })
}
