//! One module per command, each wiring: typed settings, sources, the engine, a report. Nothing
//! here decides a verdict (the engine does) and nothing prints (the binary does).

pub(crate) mod explain;
pub(crate) mod next_step;
mod output;
pub(crate) mod plan;
pub(crate) mod snapshot;
pub(crate) mod status;
pub(crate) mod validate;
mod validate_many;
pub(crate) mod wait;

use crate::cli::settings::Settings;
use crate::diag::error::InputError;
use crate::input::loaded::Loaded;
use crate::input::secret::Material;
use crate::render::report::Report;
use crate::rotation::engine::{self, Decision};
use crate::source::{self, Live};
use crate::state::Census;

/// The engine's settings for one evaluation: the instant is `--now`, else the clock as it is at
/// this call (`wait` evaluates again at each poll); Kuma's intervals are the flags', else what
/// the state learned from the control plane (`GET /config`, or a snapshot of it).
pub(crate) fn engine_settings(settings: &Settings, census: Option<&Census>) -> engine::Settings {
    engine::Settings {
        intervals: settings.intervals.over(census.and_then(|c| c.intervals)),
        product: settings.product(),
        now: settings.now.unwrap_or_else(crate::input::time::now),
        ignore_offline: settings.ignore_offline,
        changed_at: settings.changed_at,
        min_ca_validity: settings.min_ca_validity,
        overrides: settings.overrides.clone(),
        authz: engine::AuthzSettings {
            policies: None,
            version: settings.kuma_version,
        },
        ablation: engine::Ablation::default(),
    }
}

/// What authorization is judged with: `--policies` (read once), and the Kuma version from
/// `--kuma-version`, the control plane's `GET /`, or the snapshot given as the current Mesh.
pub(crate) fn authz_settings(
    settings: &Settings,
    live: Option<&Live>,
    current: Option<&Loaded>,
    mesh: &str,
) -> Result<engine::AuthzSettings, InputError> {
    let version = settings
        .kuma_version
        .or_else(|| live.and_then(|l| l.index.kuma_version()))
        .or_else(|| {
            current
                .and_then(|c| c.kuma_version.as_deref())
                .and_then(crate::authz::version::KumaVersion::parse)
        });
    Ok(engine::AuthzSettings {
        policies: source::load_policies(settings, mesh)?,
        version,
    })
}

/// What plan, next-step and wait read: the current and target Meshes, the state, the material.
pub(crate) struct Rotation {
    pub current: Loaded,
    pub target: Loaded,
    pub census: Option<Census>,
    pub material: Material,
    pub settings: Settings,
    pub authz: engine::AuthzSettings,
}

impl Drop for Rotation {
    fn drop(&mut self) {
        if let Some(census) = self.census.take() {
            census.free_aside();
        }
    }
}

impl Rotation {
    /// Reads the rotation's inputs, from files or the control plane `live`.
    pub(crate) fn load(
        current: Option<&str>,
        target: &str,
        states: &[String],
        settings: &Settings,
        live: Option<&Live>,
    ) -> Result<Self, InputError> {
        let settings = source::with_live_product(settings, live);
        source::check_stdin(
            [target]
                .into_iter()
                .chain(current)
                .chain(states.iter().map(String::as_str)),
        )?;
        let current = source::load_current(current, live, &settings)?;
        let target = source::load(target, &settings)?;
        source::same_mesh(&current, &target, "plan")?;
        let census = source::load_census(states, live, &current.mesh.name, &settings)?;
        let mut material = source::material(&settings, &[&current, &target])?;
        if let Some(live) = live {
            if !engine::is_identity_move(&current, &target) {
                live.index.refuse_kuma3()?;
            }
            // A migration publishes the builtin CA as a MeshTrust: read its certificate live.
            if engine::needs_legacy_ca(&current, &target) {
                material.secrets.extend(live.cp.builtin_ca(&current.mesh)?);
            }
        }
        let authz = authz_settings(&settings, live, Some(&current), &current.mesh.name)?;
        Ok(Self {
            current,
            target,
            census,
            material,
            settings,
            authz,
        })
    }

    /// The engine's answer to `ask`.
    pub(crate) fn decide(&self, ask: engine::Ask) -> Result<Decision, InputError> {
        let mut settings = engine_settings(&self.settings, self.census.as_ref());
        settings.authz = self.authz.clone();
        engine::rotation(
            &self.current,
            &self.target,
            self.census.as_ref(),
            &self.material,
            &settings,
            ask,
        )
    }

    /// The report of `decision`, with the two Meshes' texts for snippets.
    pub(crate) fn report(&self, command: &'static str, decision: Decision) -> Report {
        let mut report = Report::decided(command, decision);
        report.add_source(&self.current.file);
        report.add_source(&self.target.file);
        report
    }
}
