//! One module per command: each reads its inputs and returns a Report; nothing here prints.

pub mod explain;
pub mod live;
pub mod next_step;
pub mod output;
pub mod plan;
mod rotation;
pub mod snapshot;
pub mod status;
pub mod validate;
pub mod wait;

use std::rc::Rc;

use crate::check::certificate::CaSettings;
use crate::check::gate::ScopeSettings;
use crate::cli::Common;
use crate::commands::live::{ControlPlane, Index};
use crate::diag::error::InputError;
use crate::input::identity::PolicyDoc;
use crate::input::manifest::{self, ManifestFile, MeshDoc};
use crate::input::secret::SecretDoc;
use crate::input::source::Source;
use crate::state::{Census, read_state};

/// A Mesh read from one input, with the Secrets beside it.
pub(crate) struct Loaded {
    pub file: Rc<ManifestFile>,
    pub mesh: MeshDoc,
    pub secrets: Vec<SecretDoc>,
    /// The MeshIdentity, MeshTrust and MeshTLS policies of this Mesh.
    pub policies: Vec<PolicyDoc>,
}

/// Reads `path` and picks its Mesh (`--mesh`, or the only one).
pub(crate) fn load_mesh(path: &str, common: &Common) -> Result<Loaded, InputError> {
    loaded(Source::read(path, common.max_input_size)?, common)
}

fn loaded(source: Source, common: &Common) -> Result<Loaded, InputError> {
    let file = ManifestFile::parse(source)?;
    let contents = manifest::contents(&file)?;
    let mesh = manifest::select_mesh(&file, &contents.meshes, common.mesh.as_deref())?;
    let policies = contents
        .policies
        .into_iter()
        .filter(|p| p.mesh == mesh.name)
        .collect();
    Ok(Loaded {
        file,
        mesh,
        secrets: contents.secrets,
        policies,
    })
}

/// Live mode: the control plane of `--control-plane`, whose `GET /` has been checked.
pub(crate) struct Live {
    pub cp: ControlPlane,
    pub index: Index,
}

/// Connects to `--control-plane` when given: `--mesh` is required, and Kuma 3 is refused.
pub(crate) fn connect(common: &Common) -> Result<Option<Live>, InputError> {
    let Some(url) = &common.control_plane else {
        return Ok(None);
    };
    if common.mesh.is_none() {
        return Err(InputError::usage(
            "--mesh NAME is required with --control-plane",
        ));
    }
    let timeout = parse_duration("--request-timeout", &common.request_timeout)?;
    let cp = ControlPlane::new(
        url,
        common.token.clone(),
        common.ca_cert.as_deref(),
        timeout,
    )?;
    let index = cp.index(common.product.is_some())?;
    Ok(Some(Live { cp, index }))
}

/// `common` with the product the control plane reports, unless `--product` was given.
pub(crate) fn with_live_product(common: &Common, live: Option<&Live>) -> Common {
    let mut common = common.clone();
    if common.product.is_none() {
        common.product = live.map(|l| l.index.product());
    }
    common
}

/// The current Mesh: `--current`, else the control plane's.
pub(crate) fn load_current(
    path: Option<&str>,
    live: Option<&Live>,
    common: &Common,
) -> Result<Loaded, InputError> {
    match (path, live) {
        (Some(path), _) => load_mesh(path, common),
        (None, Some(live)) => {
            let mesh = common.mesh.as_deref().unwrap_or_default();
            loaded(live.cp.mesh_and_policies(mesh)?, common)
        }
        (None, None) => Err(InputError::usage(
            "--current FILE is required (or --control-plane URL to read it live)",
        )),
    }
}

/// The observed state: `--state` files, else the control plane's listing, else none.
pub(crate) fn load_census(
    states: &[String],
    live: Option<&Live>,
    mesh: &str,
    common: &Common,
) -> Result<Option<Census>, InputError> {
    match (states.is_empty(), live) {
        (false, _) => {
            // Zones and zone egresses are read with the state: one census, one set of evidence.
            let all: Vec<String> = states
                .iter()
                .chain(&common.zones)
                .chain(&common.zone_egresses)
                .cloned()
                .collect();
            read_state(&all, mesh, common.max_input_size).map(Some)
        }
        (true, Some(live)) => live.cp.census(mesh).map(Some),
        (true, None) => Ok(None),
    }
}

/// A Kuma-grammar duration flag (`30s`, `10m`).
pub(crate) fn parse_duration(flag: &str, text: &str) -> Result<std::time::Duration, InputError> {
    crate::input::duration::parse_kuma(text).ok_or_else(|| {
        InputError::usage(format!(
            "{flag} `{text}` is not a duration (one integer and one unit of y, w, d, h, m, s, ms)"
        ))
    })
}

/// The Secrets of every `--secrets` file.
pub(crate) fn load_secrets(common: &Common) -> Result<Vec<SecretDoc>, InputError> {
    let mut secrets = Vec::new();
    for path in &common.secrets {
        let file = ManifestFile::parse(Source::read(path, common.max_input_size)?)?;
        secrets.extend(manifest::secrets_only(&file)?);
    }
    Ok(secrets)
}

/// Two inputs must hold the same Mesh; `what` says what is done with them.
pub(crate) fn same_mesh(a: &Loaded, b: &Loaded, what: &str) -> Result<(), InputError> {
    if a.mesh.name == b.mesh.name {
        return Ok(());
    }
    Err(InputError::usage(format!(
        "{} holds Mesh `{}` but {} holds Mesh `{}`: {what} the same Mesh, or pick it with --mesh",
        a.file.name(),
        a.mesh.name,
        b.file.name(),
        b.mesh.name
    )))
}

/// Stdin can be read once: at most one input may be `-`.
pub(crate) fn check_stdin<'a>(paths: impl IntoIterator<Item = &'a str>) -> Result<(), InputError> {
    if paths.into_iter().filter(|p| *p == "-").count() > 1 {
        return Err(InputError::usage("only one input may be `-` (stdin)"));
    }
    Ok(())
}

/// The typed values of the common flags, parsed once when a command starts (not again at each
/// of `wait`'s polls): `--now`, `--ignore-offline`, `--min-ca-validity`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flags {
    now: Option<i64>,
    changed_at: Option<i64>,
    ignore_offline: bool,
    min_ca_validity: i64,
}

impl Flags {
    pub(crate) fn parse(common: &Common) -> Result<Self, InputError> {
        let now = match &common.now {
            Some(text) => Some(crate::input::time::parse_rfc3339(text).ok_or_else(|| {
                InputError::usage(format!(
                    "--now `{text}` is not an RFC 3339 timestamp (e.g. 2026-11-27T10:00:00Z)"
                ))
            })?),
            None => None,
        };
        let changed_at = match &common.changed_at {
            Some(text) => Some(crate::input::time::parse_rfc3339(text).ok_or_else(|| {
                InputError::usage(format!(
                    "--changed-at `{text}` is not an RFC 3339 timestamp (e.g. 2026-11-27T10:00:00Z)"
                ))
            })?),
            None => None,
        };
        let min = parse_duration("--min-ca-validity", &common.min_ca_validity)?;
        Ok(Self {
            now,
            changed_at,
            ignore_offline: common.ignore_offline,
            min_ca_validity: min.as_secs() as i64,
        })
    }

    /// `--changed-at` as given (a MeshIdentity move takes no default from the Mesh).
    pub(crate) fn changed_at(&self) -> Option<i64> {
        self.changed_at
    }

    /// `--now`, or the clock as it is at this call, and `--ignore-offline`; the Mesh's last
    /// change is `--changed-at`, else what `current` says of itself.
    pub(crate) fn scope(&self, current: Option<&MeshDoc>) -> ScopeSettings {
        let recorded = current
            .and_then(|m| m.modified.as_deref())
            .and_then(crate::input::time::parse_rfc3339);
        ScopeSettings {
            now: self.now.unwrap_or_else(crate::input::time::now),
            ignore_offline: self.ignore_offline,
            changed_at: self.changed_at.or(recorded),
        }
    }

    /// The certificate checks' settings at the instant of `scope`.
    pub(crate) fn ca(&self, scope: ScopeSettings) -> CaSettings {
        CaSettings {
            now: scope.now,
            min_validity: self.min_ca_validity,
        }
    }
}
