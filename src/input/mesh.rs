//! The typed view of a Mesh's `mtls` section (backends, DataSources), read through serde.

use serde::Deserialize;
use serde_yaml::Value;

use crate::input::path::FieldPath;

/// Document shape: where the Mesh's fields live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// `apiVersion: kuma.io/v1alpha1`, `kind: Mesh`, fields under `spec`.
    Kubernetes,
    /// `type: Mesh`, `name`, fields at the top level.
    Universal,
}

impl Shape {
    /// The path prefix under which the Mesh's fields sit.
    pub fn prefix(self) -> FieldPath {
        match self {
            Shape::Kubernetes => FieldPath::parse("spec"),
            Shape::Universal => FieldPath::root(),
        }
    }
}

/// The Kubernetes shape, only the modelled fields; everything else stays in the document value.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct KubernetesMesh {
    pub metadata: Option<Metadata>,
    pub spec: Option<MeshSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Metadata {
    pub name: Option<String>,
    pub labels: Option<std::collections::BTreeMap<String, Value>>,
    pub managed_fields: Option<Vec<ManagedField>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ManagedField {
    pub time: Option<String>,
}

/// The Universal shape: spec fields flattened next to `type` and `name`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UniversalMesh {
    pub name: Option<String>,
    pub modification_time: Option<String>,
    pub labels: Option<std::collections::BTreeMap<String, Value>>,
    // Not flattened from MeshSpec: flatten hides field paths from type errors.
    pub mtls: Option<Mtls>,
    pub routing: Option<Routing>,
    pub mesh_services: Option<MeshServices>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MeshSpec {
    pub mtls: Option<Mtls>,
    pub routing: Option<Routing>,
    pub mesh_services: Option<MeshServices>,
}

/// `meshServices`: `mode` is Disabled (the default), Everywhere, ReachableBackends or Exclusive.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct MeshServices {
    pub mode: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Routing {
    pub zone_egress: Option<bool>,
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mtls {
    pub enabled_backend: Option<String>,
    pub backends: Option<Vec<Backend>>,
    pub skip_validation: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backend {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub dp_cert: Option<DpCert>,
    /// Type-specific; checked by the rules, not by serde, so a bad `conf` is a finding.
    pub conf: Option<Value>,
    pub mode: Option<Mode>,
    pub root_chain: Option<RootChain>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DpCert {
    pub rotation: Option<Rotation>,
    /// Durations stay values: a number where a duration belongs is a finding, not a parse error.
    pub request_timeout: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Rotation {
    pub expiration: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RootChain {
    pub request_timeout: Option<Value>,
}

/// Inbound plaintext acceptance of the backend (proto enum; STRICT is the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Mode {
    #[default]
    #[serde(rename = "STRICT")]
    Strict,
    #[serde(rename = "PERMISSIVE")]
    Permissive,
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mode::Strict => "STRICT",
            Mode::Permissive => "PERMISSIVE",
        })
    }
}

impl Mtls {
    /// The enabled backend, `None` when mTLS is off (absent or empty).
    pub fn enabled(&self) -> Option<&str> {
        self.enabled_backend.as_deref().filter(|b| !b.is_empty())
    }

    pub fn backends(&self) -> &[Backend] {
        self.backends.as_deref().unwrap_or_default()
    }

    pub fn backend(&self, name: &str) -> Option<(usize, &Backend)> {
        self.backends()
            .iter()
            .enumerate()
            .find(|(_, b)| b.name.as_deref() == Some(name))
    }

    pub fn backend_names(&self) -> impl Iterator<Item = &str> {
        self.backends().iter().filter_map(|b| b.name.as_deref())
    }
}

/// Kuma's default proxy certificate lifetime (seconds), when `dpCert.rotation.expiration` is not set.
pub(crate) const DEFAULT_PROXY_LIFETIME: i64 = 24 * 3600;

impl Backend {
    /// How long a proxy certificate issued by this backend lives (seconds): its
    /// `dpCert.rotation.expiration`, else Kuma's default of 24 hours.
    pub(crate) fn proxy_lifetime(&self) -> i64 {
        self.dp_cert
            .as_ref()
            .and_then(|d| d.rotation.as_ref())
            .and_then(|r| r.expiration.as_ref())
            .and_then(Value::as_str)
            .and_then(crate::input::duration::parse_kuma)
            .map_or(DEFAULT_PROXY_LIFETIME, |d| d.as_secs() as i64)
    }

    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }

    pub fn kind(&self) -> &str {
        self.kind.as_deref().unwrap_or_default()
    }

    pub fn mode(&self) -> Mode {
        self.mode.unwrap_or_default()
    }

    /// The same `conf`, an absent one and an empty one alike.
    pub(crate) fn same_conf(&self, other: &Backend) -> bool {
        conf_eq(self.conf.as_ref(), other.conf.as_ref())
    }

    /// The same backend once defaults are normalized: `mode` absent is STRICT, an empty `conf`
    /// is no `conf` (the REST API leaves defaults out).
    pub fn same_settings(&self, other: &Backend) -> bool {
        self.name == other.name
            && self.kind == other.kind
            && self.mode() == other.mode()
            && conf_eq(self.conf.as_ref(), other.conf.as_ref())
            && self.dp_cert == other.dp_cert
            && self.root_chain == other.root_chain
    }

    /// The same settings but for the mode, which a `set-mode` step changes on its own.
    pub fn same_settings_but_mode(&self, other: &Backend) -> bool {
        self.name == other.name
            && self.kind == other.kind
            && conf_eq(self.conf.as_ref(), other.conf.as_ref())
            && self.dp_cert == other.dp_cert
            && self.root_chain == other.root_chain
    }

    /// A field of `conf` at `path`; a null counts as absent.
    pub fn conf_field(&self, path: &[&str]) -> Option<&Value> {
        path.iter()
            .try_fold(self.conf.as_ref()?, |v, k| v.get(*k))
            .filter(|v| !v.is_null())
    }
}

/// An absent conf and an empty one mean the same to Kuma.
fn conf_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    let empty = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::Mapping(m)) => m.is_empty(),
        _ => false,
    };
    if empty(a) && empty(b) {
        return true;
    }
    a == b
}

/// One variant of a DataSource (`secret`, `file`, `inline`, `inlineString`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DataSource {
    Secret(String),
    File(String),
    /// Base64 text as written.
    Inline(String),
    InlineString(String),
}

pub(crate) const DATA_SOURCE_VARIANTS: [&str; 4] = ["secret", "file", "inline", "inlineString"];

/// Why a DataSource value is not usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DataSourceProblem {
    NotAMapping,
    NoVariant,
    SeveralVariants(Vec<String>),
    Empty(&'static str),
    NotAString(&'static str),
    BadBase64,
}

impl std::fmt::Display for DataSourceProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAMapping => write!(
                f,
                "a data source must be a mapping with one of secret, file, inline, inlineString"
            ),
            Self::NoVariant => write!(
                f,
                "a data source has to be chosen: one of secret, file, inline, inlineString"
            ),
            Self::SeveralVariants(v) => write!(
                f,
                "a data source takes exactly one of secret, file, inline, inlineString, not {}",
                v.join(" and ")
            ),
            Self::Empty(v) => write!(f, "`{v}` cannot be empty"),
            Self::NotAString(v) => write!(f, "`{v}` must be a string"),
            Self::BadBase64 => write!(f, "`inline` must be base64"),
        }
    }
}

impl DataSource {
    /// Reads a DataSource value with Kuma's rules: exactly one non-empty variant.
    pub(crate) fn from_value(value: &Value) -> Result<Self, DataSourceProblem> {
        let Value::Mapping(map) = value else {
            return Err(DataSourceProblem::NotAMapping);
        };
        let present: Vec<&'static str> = DATA_SOURCE_VARIANTS
            .into_iter()
            .filter(|v| map.get(*v).is_some_and(|x| !x.is_null()))
            .collect();
        let variant = match present.as_slice() {
            [] => return Err(DataSourceProblem::NoVariant),
            [one] => *one,
            several => {
                return Err(DataSourceProblem::SeveralVariants(
                    several.iter().map(|s| s.to_string()).collect(),
                ));
            }
        };
        let Some(Value::String(text)) = map.get(variant) else {
            return Err(DataSourceProblem::NotAString(variant));
        };
        if text.trim().is_empty() {
            return Err(DataSourceProblem::Empty(variant));
        }
        Ok(match variant {
            "secret" => Self::Secret(text.clone()),
            "file" => Self::File(text.clone()),
            "inline" => {
                if crate::input::encoding::decode_base64(text).is_none() {
                    return Err(DataSourceProblem::BadBase64);
                }
                Self::Inline(text.clone())
            }
            _ => Self::InlineString(text.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(yaml: &str) -> Result<DataSource, DataSourceProblem> {
        DataSource::from_value(&serde_yaml::from_str(yaml).unwrap())
    }

    #[test]
    fn data_sources_take_exactly_one_variant() {
        assert_eq!(ds("secret: ca-2"), Ok(DataSource::Secret("ca-2".into())));
        assert_eq!(
            ds("inline: aGVsbG8="),
            Ok(DataSource::Inline("aGVsbG8=".into()))
        );
        assert_eq!(ds("{}"), Err(DataSourceProblem::NoVariant));
        assert_eq!(ds("secret: ''"), Err(DataSourceProblem::Empty("secret")));
        assert!(matches!(
            ds("secret: a\nfile: b"),
            Err(DataSourceProblem::SeveralVariants(_))
        ));
        assert_eq!(ds("inline: '!!!'"), Err(DataSourceProblem::BadBase64));
        assert_eq!(ds("x"), Err(DataSourceProblem::NotAMapping));
    }
}
