//! Where inputs come from: files and stdin within a bound, and a live control plane. Everything
//! that reads is here; what it reads becomes documents (`input`) and a census (`state`) that the
//! engine judges without reading anything more.

pub(crate) mod files;
pub(crate) mod live;
mod resolve;

use crate::cli::settings::Settings;
use crate::diag::error::InputError;
use crate::input::loaded::Loaded;
use crate::input::manifest::{self, ManifestFile};
use crate::input::secret::Material;
use crate::input::source::display_name;
use crate::state::Census;
use crate::state::read::StateReader;
use live::{ControlPlane, Index};

/// Live mode: the control plane of `--control-plane`, whose `GET /` has been read.
pub(crate) struct Live {
    pub cp: ControlPlane,
    pub index: Index,
    /// `GET /config`, when the token may read it.
    pub config: Option<live::CpConfig>,
}

/// Connects to `--control-plane` when given (a version that cannot be placed is refused unless
/// `--product` says what it is).
pub(crate) fn connect(settings: &Settings) -> Result<Option<Live>, InputError> {
    let Some(live) = &settings.live else {
        return Ok(None);
    };
    let cp = ControlPlane::new(
        &live.url,
        live.token.clone(),
        live.ca_cert.as_deref(),
        live.timeout,
        settings.max_input,
    )?;
    let index = cp.index(settings.product.is_some())?;
    let config = cp.config()?;
    Ok(Some(Live { cp, index, config }))
}

/// `settings` with the product the control plane reports, unless `--product` was given.
pub(crate) fn with_live_product(settings: &Settings, live: Option<&Live>) -> Settings {
    let mut settings = settings.clone();
    if settings.product.is_none() {
        settings.product = live.map(|l| l.index.product());
    }
    settings
}

/// Reads `path` (or stdin for `-`) and picks its Mesh.
pub(crate) fn load(path: &str, settings: &Settings) -> Result<Loaded, InputError> {
    Loaded::parse(
        files::read_text(path, settings.max_input)?,
        settings.mesh.as_deref(),
    )
}

/// `--policies`: every MeshTrafficPermission and TrafficPermission of `mesh` in the files, as the
/// complete set (an empty List: there are none); `None` when no file was given.
pub(crate) fn load_policies(
    settings: &Settings,
    mesh: &str,
) -> Result<Option<crate::authz::PolicySet>, InputError> {
    if settings.policies.is_empty() {
        return Ok(None);
    }
    let mut docs = Vec::new();
    for path in &settings.policies {
        let file = crate::input::manifest::ManifestFile::parse(files::read_text(
            path,
            settings.max_input,
        )?)?;
        docs.extend(
            crate::input::manifest::policies(&file)?
                .into_iter()
                .filter(|p| p.kind.authorizes() && p.mesh == mesh),
        );
    }
    Ok(Some(crate::authz::PolicySet {
        docs,
        source: settings.policies.join(", "),
    }))
}

/// The current Mesh: `--current`, else the control plane's (with its policies).
pub(crate) fn load_current(
    path: Option<&str>,
    live: Option<&Live>,
    settings: &Settings,
) -> Result<Loaded, InputError> {
    match (path, live) {
        (Some(path), _) => load(path, settings),
        (None, Some(live)) => {
            let mesh = settings.mesh.as_deref().unwrap_or_default();
            let mut loaded =
                Loaded::parse(live.cp.mesh_and_policies(mesh)?, settings.mesh.as_deref())?;
            if let Some(store) = live.config.as_ref().and_then(|c| c.store.as_deref()) {
                loaded.mesh.last_change = loaded.mesh.last_change.served_by(store);
            }
            // Live mode read every page of every authorization policy.
            loaded.permissions_complete = true;
            Ok(loaded)
        }
        (None, None) => Err(InputError::usage(
            "--current FILE is required (or --control-plane URL to read it live)",
        )),
    }
}

/// The observed state of `mesh`: `--state` files (with `--zones` and `--zone-egresses`: one
/// census, one set of evidence), else the control plane's listing, else none.
pub(crate) fn load_census(
    states: &[String],
    live: Option<&Live>,
    mesh: &str,
    settings: &Settings,
) -> Result<Option<Census>, InputError> {
    match (states.is_empty(), live) {
        (false, _) => {
            let all = states.iter().chain(&settings.zone_files);
            read_census(all.map(String::as_str), mesh, settings.max_input).map(Some)
        }
        (true, Some(live)) => {
            // What the pages show was observed no earlier than the first request.
            let started = crate::input::time::now();
            let mut census = live.cp.census(mesh)?;
            census.observed_at = Some(started);
            if let Some(config) = &live.config {
                census.store = config.store.clone();
                census.intervals = Some(config.intervals);
                census.evidence.zone_only.clone_from(&config.global);
            }
            Ok(Some(census))
        }
        (true, None) => Ok(None),
    }
}

/// Reads and merges every state file (pages of one listing) for `mesh`.
pub(crate) fn read_census<'a>(
    paths: impl IntoIterator<Item = &'a str>,
    mesh: &str,
    max_bytes: u64,
) -> Result<Census, InputError> {
    let mut reader = StateReader::new(mesh);
    for path in paths {
        reader.read_stream(files::open(path, max_bytes)?, display_name(path), max_bytes)?;
    }
    Ok(reader.finish())
}

/// The CA material of `loaded`: the Secrets of every `--secrets` file and those beside each
/// Mesh, and the local files their `file` DataSources name.
pub(crate) fn material(settings: &Settings, loaded: &[&Loaded]) -> Result<Material, InputError> {
    let mut secrets = Vec::new();
    // A directory holds Secrets files (read recursively, as `validate` reads manifests).
    let given = files::expand(&settings.secrets)?;
    for path in &given {
        let file = ManifestFile::parse(files::read_text(path, settings.max_input)?)?;
        let found = manifest::secrets_only(&file);
        match found {
            Ok(found) => secrets.extend(found),
            // In a directory, a file of other documents is not a mistake.
            Err(_) if !settings.secrets.contains(path) => {}
            Err(e) => return Err(e),
        }
    }
    for l in loaded {
        secrets.extend(l.secrets.iter().cloned());
    }
    let values = loaded
        .iter()
        .flat_map(|l| std::iter::once(&l.mesh.value).chain(l.policies.iter().map(|p| &p.value)));
    let paths = Material::file_paths(values);
    Ok(Material {
        secrets,
        files: files::ca_files(paths.iter().map(String::as_str)),
    })
}

/// Two inputs must hold the same Mesh; `what` says what is done with them.
pub(crate) fn same_mesh(a: &Loaded, b: &Loaded, what: &str) -> Result<(), InputError> {
    if a.mesh.name == b.mesh.name {
        return Ok(());
    }
    Err(InputError::usage(format!(
        "{} holds Mesh `{}` but {} holds Mesh `{}`: {what} the same Mesh, or pick it with --mesh",
        a.name(),
        a.mesh.name,
        b.name(),
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
