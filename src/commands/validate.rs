//! `meshctl validate PROPOSED [--current FILE] [--state FILE]...`: the static rules alone (a
//! lint), or with `--current` also the transition rules and the gates of the step the change
//! makes, checked against the observed state when it is given.

use crate::check::certificate;
use crate::check::diff::{self, MtlsDiff};
use crate::check::gate::gates_of_change;
use crate::check::{gates, identity_rules, static_rules, transition};
use crate::cli::{Common, ValidateArgs};
use crate::diag::codes::Code;
use crate::diag::error::InputError;
use crate::diag::{Overrides, Verdict};
use crate::render::report::{DiffSection, Report};

use super::{
    Flags, check_stdin, connect, load_census, load_current, load_mesh, load_secrets, same_mesh,
    with_live_product,
};

pub fn validate(args: &ValidateArgs, common: &Common) -> Report {
    run(args, common).unwrap_or_else(|e| Report::failed("validate", e))
}

fn run(args: &ValidateArgs, common: &Common) -> Result<Report, InputError> {
    let live = connect(common)?;
    if let Some(live) = &live {
        live.index.refuse_kuma3()?;
    }
    let common = &with_live_product(common, live.as_ref());
    let overrides = Overrides::from_flags(&common.deny, &common.warn, &common.allow)?;
    let flags = Flags::parse(common)?;
    check_stdin(
        [args.proposed.as_str()]
            .into_iter()
            .chain(args.current.as_deref())
            .chain(args.state.iter().map(String::as_str)),
    )?;
    let proposed = load_mesh(&args.proposed, common)?;
    let current = if args.current.is_some() || live.is_some() {
        Some(load_current(
            args.current.as_deref(),
            live.as_ref(),
            common,
        )?)
    } else {
        None
    };
    if let Some(current) = &current {
        same_mesh(current, &proposed, "compare")?;
    }
    let settings = flags.scope(current.as_ref().map(|c| &c.mesh));
    let ca_settings = flags.ca(settings);
    let census = load_census(&args.state, live.as_ref(), &proposed.mesh.name, common)?;

    let mut report = Report::new("validate");
    report.add_source(&proposed.file);
    let mut secrets = load_secrets(common)?;
    secrets.extend(proposed.secrets.iter().cloned());
    secrets.extend(current.iter().flat_map(|c| c.secrets.iter().cloned()));
    let mut findings = lint(&proposed, current.as_ref(), &secrets, ca_settings, common);
    let identity_move = current
        .as_ref()
        .is_some_and(|c| is_identity_move(c, &proposed));
    // The Mesh.mtls gates of the change; a MeshIdentity move has its own (`identity_findings`).
    let mtls_gates = match &current {
        Some(c) if !identity_move => gates_of_change(&c.mesh.mtls, &proposed.mesh.mtls),
        _ => Vec::new(),
    };
    if let Some(census) = &census {
        let reference = current.as_ref().map_or(&proposed.mesh, |c| &c.mesh);
        let gated = !mtls_gates.is_empty() || identity_move;
        findings.extend(
            gates::state_findings(census, reference, settings, gated)
                .into_iter()
                .filter(|d| !(identity_move && d.code == Code::MeshIdentityManaged)),
        );
    }
    if let Some(current) = &current {
        report.add_source(&current.file);
        if identity_move {
            findings.extend(identity_findings(
                current,
                &proposed,
                &secrets,
                census.as_ref(),
                settings,
            ));
        } else {
            findings.extend(transition::check(
                &current.mesh,
                &proposed.mesh,
                common.product(),
            ));
        }
        // The gates of the step this change makes, on the state, or unchecked without one.
        for gate in mtls_gates {
            findings.extend(crate::rotation::decide::gate_findings(
                &gate,
                &current.mesh,
                &proposed.mesh,
                census.as_ref(),
                settings,
                true,
            ));
        }
        report.diff = Some(DiffSection {
            current: current.file.name().to_string(),
            proposed: proposed.file.name().to_string(),
            summary: MtlsDiff::between(&current.mesh.mtls, &proposed.mesh.mtls),
            unified: diff::unified(&current.mesh, &proposed.mesh),
        });
    }
    report.diagnostics = overrides.apply(findings);
    report.sort();
    report.verdict = Verdict::from_findings(&report.diagnostics);
    Ok(report)
}

/// The static and certificate rules on the proposed Mesh and its policies.
fn lint(
    proposed: &super::Loaded,
    current: Option<&super::Loaded>,
    secrets: &[crate::input::secret::SecretDoc],
    ca_settings: certificate::CaSettings,
    common: &Common,
) -> Vec<crate::diag::Diagnostic> {
    let mut findings = static_rules::check(&proposed.mesh, common.product());
    findings.extend(identity_rules::check(&proposed.policies));
    findings.extend(certificate::check(
        &proposed.mesh,
        secrets,
        ca_settings,
        current.map(|c| &c.mesh),
    ));
    findings.extend(certificate::identity::check(
        &proposed.policies,
        secrets,
        ca_settings,
    ));
    findings
}

fn is_identity_move(current: &super::Loaded, proposed: &super::Loaded) -> bool {
    use crate::rotation::identity::{self, Side};
    identity::applies(
        Side {
            mesh: &current.mesh,
            policies: &current.policies,
        },
        Side {
            mesh: &proposed.mesh,
            policies: &proposed.policies,
        },
    )
}

/// A MeshIdentity change (DESIGN.md section 9): the findings of the move from `current` to
/// `proposed` and of every step it makes at once, so a change that widens an identity before it
/// is Ready and trusted, or drops `mtls` before the proxies moved, fails the check.
fn identity_findings(
    current: &super::Loaded,
    proposed: &super::Loaded,
    secrets: &[crate::input::secret::SecretDoc],
    census: Option<&crate::state::Census>,
    settings: crate::check::gate::ScopeSettings,
) -> Vec<crate::diag::Diagnostic> {
    use crate::rotation::identity::{self, Side};
    let from = Side {
        mesh: &current.mesh,
        policies: &current.policies,
    };
    let to = Side {
        mesh: &proposed.mesh,
        policies: &proposed.policies,
    };
    if !identity::applies(from, to) {
        return Vec::new();
    }
    let plan = identity::plan(from, to, secrets, None);
    let mut out = plan.findings.clone();
    for step in &plan.steps {
        out.extend(crate::rotation::decide::step_findings(
            step,
            &current.mesh,
            &current.policies,
            &proposed.mesh,
            census,
            settings,
            true,
        ));
    }
    out
}
