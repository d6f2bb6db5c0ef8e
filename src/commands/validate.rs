//! `meshctl validate PROPOSED [--current FILE] [--state FILE]...`: the static rules alone (a
//! lint), or with `--current` also the transition rules and the gates of the steps the change
//! makes, checked against the observed state when it is given. Several inputs or a directory
//! go to `validate_many`.

use crate::cli::ValidateArgs;
use crate::cli::settings::Settings;
use crate::diag::error::InputError;
use crate::render::report::Report;
use crate::rotation::engine;
use crate::source;

use super::engine_settings;

pub(crate) fn validate(args: &ValidateArgs, settings: &Settings) -> Report {
    let [proposed, more @ ..] = args.proposed.as_slice() else {
        return Report::failed("validate", InputError::usage("PROPOSED is required"));
    };
    let directory = args
        .proposed
        .iter()
        .chain(&args.current)
        .any(|p| std::path::Path::new(p).is_dir());
    if args.upgrade_to.is_none() && (!more.is_empty() || directory || args.skip_other_kinds) {
        return super::validate_many::validate_many(args, settings);
    }
    run(args, proposed, more, settings).unwrap_or_else(|e| Report::failed("validate", e))
}

fn run(
    args: &ValidateArgs,
    proposed_path: &str,
    more: &[String],
    settings: &Settings,
) -> Result<Report, InputError> {
    let live = source::connect(settings)?;
    if let Some(live) = &live {
        live.index.refuse_kuma3()?;
    }
    let settings = &source::with_live_product(settings, live.as_ref());
    source::check_stdin(
        [proposed_path]
            .into_iter()
            .chain(more.iter().map(String::as_str))
            .chain(args.current.as_deref())
            .chain(args.state.iter().map(String::as_str)),
    )?;
    let proposed = source::load(proposed_path, settings)?;
    let current = match args.current.is_some() || live.is_some() {
        true => Some(source::load_current(
            args.current.as_deref(),
            live.as_ref(),
            settings,
        )?),
        false => None,
    };
    if let Some(current) = &current {
        source::same_mesh(current, &proposed, "compare")?;
    }
    let census = source::load_census(&args.state, live.as_ref(), &proposed.mesh.name, settings)?;
    let loaded: Vec<_> = std::iter::once(&proposed).chain(&current).collect();
    let material = source::material(settings, &loaded)?;
    let mut engine_settings = engine_settings(settings, census.as_ref());
    engine_settings.authz = super::authz_settings(
        settings,
        live.as_ref(),
        current.as_ref(),
        &proposed.mesh.name,
    )?;
    if engine_settings.authz.policies.is_none() && args.upgrade_to.is_some() {
        engine_settings.authz.policies = kept_policies(&proposed, more, settings)?;
    }
    let decision = match upgrade_to(args)? {
        Some(to) => engine::upgrade(&proposed, census.as_ref(), &material, &engine_settings, to),
        None => engine::validate(
            &proposed,
            current.as_ref(),
            census.as_ref(),
            &material,
            &engine_settings,
        ),
    };
    if let Some(census) = census {
        census.free_aside();
    }
    let mut report = Report::decided("validate", decision);
    report.add_source(&proposed.file);
    if let Some(current) = &current {
        report.add_source(&current.file);
    }
    Ok(report)
}

/// `--upgrade-to X.Y`.
fn upgrade_to(
    args: &ValidateArgs,
) -> Result<Option<crate::authz::version::KumaVersion>, InputError> {
    args.upgrade_to
        .as_deref()
        .map(|v| {
            crate::authz::version::KumaVersion::parse(v).ok_or_else(|| {
                InputError::usage(format!(
                    "--upgrade-to `{v}` is not a version (X.Y or X.Y.Z, e.g. 3.0 or 2.14)"
                ))
            })
        })
        .transpose()
}

/// The manifests kept through an upgrade, given as files beside the Mesh: their policies (and the
/// Mesh file's own) are the complete set.
fn kept_policies(
    proposed: &crate::input::loaded::Loaded,
    more: &[String],
    settings: &Settings,
) -> Result<Option<crate::authz::PolicySet>, InputError> {
    if more.is_empty() {
        return Ok(None);
    }
    let mut files = Settings {
        policies: more.to_vec(),
        ..settings.clone()
    };
    files.mesh = Some(proposed.mesh.name.clone());
    let set = source::load_policies(&files, &proposed.mesh.name)?;
    Ok(set.map(|mut set| {
        set.docs.extend(proposed.permissions.iter().cloned());
        set.source = format!("{} and {}", proposed.name(), set.source);
        set
    }))
}
