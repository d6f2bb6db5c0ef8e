//! One module per command: each reads its inputs and returns a Report; nothing here prints.

pub mod explain;
pub mod next_step;
pub mod plan;
mod rotation;
pub mod status;
pub mod validate;

use std::rc::Rc;

use crate::ca::CaSettings;
use crate::cli::Common;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity, Verdict};
use crate::error::InputError;
use crate::gate::ScopeSettings;
use crate::manifest::{self, ManifestFile, MeshDoc};
use crate::secret::SecretDoc;
use crate::source::Source;

/// A Mesh read from one input, with the Secrets beside it.
pub(crate) struct Loaded {
    pub file: Rc<ManifestFile>,
    pub mesh: MeshDoc,
    pub secrets: Vec<SecretDoc>,
}

/// Reads `path` and picks its Mesh (`--mesh`, or the only one).
pub(crate) fn load_mesh(path: &str, common: &Common) -> Result<Loaded, InputError> {
    let source = Source::read(path, common.max_input_size)?;
    let file = ManifestFile::parse(source)?;
    let contents = manifest::contents(&file)?;
    let mesh = manifest::select_mesh(&file, &contents.meshes, common.mesh.as_deref())?;
    Ok(Loaded {
        file,
        mesh,
        secrets: contents.secrets,
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

/// `--now` and `--min-ca-validity` for the certificate checks.
pub(crate) fn ca_settings(common: &Common, scope: ScopeSettings) -> Result<CaSettings, InputError> {
    let min = crate::duration::parse_kuma(&common.min_ca_validity).ok_or_else(|| {
        InputError::usage(format!(
            "--min-ca-validity `{}` is not a duration (one integer and one unit of y, w, d, h, m, s, ms)",
            common.min_ca_validity
        ))
    })?;
    Ok(CaSettings {
        now: scope.now,
        min_validity: min.as_secs() as i64,
    })
}

/// Stdin can be read once: at most one input may be `-`.
pub(crate) fn check_stdin<'a>(paths: impl IntoIterator<Item = &'a str>) -> Result<(), InputError> {
    if paths.into_iter().filter(|p| *p == "-").count() > 1 {
        return Err(InputError::usage("only one input may be `-` (stdin)"));
    }
    Ok(())
}

/// `--now` (or the clock) and `--ignore-offline`.
pub(crate) fn scope_settings(common: &Common) -> Result<ScopeSettings, InputError> {
    let now = match &common.now {
        Some(text) => crate::time::parse_rfc3339(text).ok_or_else(|| {
            InputError::usage(format!(
                "--now `{text}` is not an RFC 3339 timestamp (e.g. 2026-11-27T10:00:00Z)"
            ))
        })?,
        None => crate::time::now(),
    };
    Ok(ScopeSettings {
        now,
        ignore_offline: common.ignore_offline,
    })
}

/// Findings that mean "not yet" rather than "unsafe": a gate that does not hold now.
const WAITING: [Code; 3] = [
    Code::NewBackendNotTrusted,
    Code::OldBackendStillIssued,
    Code::ProxyStateUnknown,
];

/// The verdict of plan and next-step: an error other than a waiting gate fails; a waiting gate
/// waits; with neither, `done` (no step left) is nothing to do.
pub(crate) fn rotation_verdict(diagnostics: &[Diagnostic], done: bool) -> Verdict {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error);
    let (waiting, failing): (Vec<_>, Vec<_>) = errors.partition(|d| WAITING.contains(&d.code));
    if !failing.is_empty() {
        Verdict::Fail
    } else if !waiting.is_empty() {
        Verdict::Waiting
    } else if done {
        Verdict::NothingToDo
    } else {
        Verdict::Pass
    }
}
