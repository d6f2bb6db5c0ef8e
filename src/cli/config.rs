//! `meshctl.toml`: a repository's settings, found upwards from the working directory (stopping
//! at the repository's root, the directory holding `.git`), or named with `--config`. Flags win
//! over the file. The file may make checks stricter but never relax a gate, evidence or
//! authorization code: in GitOps, a pull request could otherwise switch its own gate off.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Severity;
use crate::diag::codes::{Code, Family};
use crate::diag::error::InputError;
use crate::lint::Product;

/// The name looked for.
pub const FILE_NAME: &str = "meshctl.toml";
/// A settings file is small: refuse more.
const MAX_BYTES: u64 = 1024 * 1024;

/// What a `meshctl.toml` may say. Paths are relative to the file's directory.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RepoConfig {
    pub product: Option<Product>,
    pub min_ca_validity: Option<String>,
    pub max_input_size: Option<u64>,
    #[serde(default)]
    pub deny: Vec<String>,
    #[serde(default)]
    pub warn: Vec<String>,
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub secrets: Vec<String>,
    #[serde(default)]
    pub policies: Vec<String>,
    /// The file it was read from, as reports name it.
    #[serde(skip)]
    pub path: String,
}

impl<'de> Deserialize<'de> for Product {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        <Product as clap::ValueEnum>::from_str(&text, false).map_err(|_| {
            serde::de::Error::custom(format!("unknown product `{text}` (kong-mesh or kuma)"))
        })
    }
}

/// The settings file to read: `--config FILE`, none with `--no-config`, else the nearest
/// `meshctl.toml` from the working directory up to the repository's root.
pub fn load(config: Option<&str>, no_config: bool) -> Result<Option<RepoConfig>, InputError> {
    if no_config {
        return Ok(None);
    }
    let path = match config {
        Some(path) => PathBuf::from(path),
        None => match find(&std::env::current_dir().unwrap_or_default()) {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    read(&path).map(Some)
}

/// The nearest `meshctl.toml` in `dir` or above it, not above the directory holding `.git`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    for dir in dir.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

fn read(path: &Path) -> Result<RepoConfig, InputError> {
    let name = path.to_string_lossy().into_owned();
    let bytes = read_bounded(path).map_err(|why| InputError::io(&name, why))?;
    let text =
        String::from_utf8(bytes).map_err(|_| InputError::io(&name, "is not valid UTF-8 text"))?;
    let mut config: RepoConfig = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |span| line_col(&text, span.start));
        InputError::at(&name, line, column, e.message().trim_end().to_string())
    })?;
    config.path = name.clone();
    refuse_relaxing(&config, &text)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let relative = |p: &String| dir.join(p).to_string_lossy().into_owned();
    config.secrets = config.secrets.iter().map(relative).collect();
    config.policies = config.policies.iter().map(relative).collect();
    Ok(config)
}

/// Whether a repository's file may lower `code`: not a gate, evidence or authorization code
/// (the Gate family), nor a transition error (a change that breaks traffic), nor a code that
/// says a check was skipped.
fn may_relax(code: Code) -> bool {
    // These say a check could not be made: hiding them hides an unchecked CA.
    if matches!(
        code,
        Code::SecretUnresolved | Code::LegacyCaUnavailable | Code::CaUnreadable
    ) {
        return false;
    }
    match code.family() {
        Family::Gate | Family::Input => false,
        Family::Transition => code.default_severity() != Severity::Error,
        _ => true,
    }
}

fn refuse_relaxing(config: &RepoConfig, text: &str) -> Result<(), InputError> {
    for (key, names) in [("warn", &config.warn), ("allow", &config.allow)] {
        for name in names {
            let Some(code) = Code::from_name(name) else {
                continue; // Overrides reports unknown codes, with a did-you-mean.
            };
            if may_relax(code) {
                continue;
            }
            let (line, column) = text
                .find(&format!("\"{name}\""))
                .map_or((1, 1), |at| line_col(text, at));
            return Err(InputError::at(
                &config.path,
                line,
                column,
                format!(
                    "`{key}` may not name `{name}`: a repository's settings may make checks stricter but never relax a gate, evidence, authorization or transition error (a pull request could switch its own gate off); pass --{key} {name} on the pipeline's command line instead"
                ),
            ));
        }
    }
    Ok(())
}

/// The file's bytes, refusing a directory or more than `MAX_BYTES`.
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    if file.metadata().is_ok_and(|m| !m.is_file()) {
        return Err("is not a regular file".into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!("is larger than {MAX_BYTES} bytes"));
    }
    Ok(bytes)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}
