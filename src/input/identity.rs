//! MeshIdentity, MeshTrust and MeshTLS documents (Kuma 2.13+) read beside the Mesh, in the
//! Kubernetes and Universal shapes: their mesh, labels, typed spec, status and KRI.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Deserialize;
use serde_yaml::Value;

use crate::diag::error::InputError;
use crate::input::file::{Location, ManifestFile, deserialize_at};
pub(crate) use crate::input::kinds::PolicyKind;
use crate::input::mesh::Shape;
use crate::input::path::FieldPath;
use crate::input::permission::{LegacyPermissionSpec, PermissionSpec};
use crate::input::time::Moment;

/// The label that names a policy's mesh on Kubernetes.
pub(crate) const MESH_LABEL: &str = "kuma.io/mesh";
/// The label that names the zone a resource comes from (part of its KRI).
pub(crate) const ZONE_LABEL: &str = "kuma.io/zone";

/// One MeshIdentity, MeshTrust or MeshTLS object and the file it came from.
#[derive(Clone)]
pub struct PolicyDoc {
    pub kind: PolicyKind,
    pub file: Rc<ManifestFile>,
    pub doc: usize,
    /// Path of the object inside its document (`items[2]` inside a List, else empty).
    pub base: FieldPath,
    pub shape: Shape,
    pub name: String,
    /// Kubernetes `metadata.namespace` (part of the KRI); Universal has none.
    pub namespace: Option<String>,
    pub mesh: String,
    pub labels: BTreeMap<String, String>,
    pub spec: Spec,
    pub conditions: Vec<Condition>,
    /// A `kri` the control plane printed with the item, preferred over one built from labels.
    pub printed_kri: Option<String>,
    /// When the control plane stored it (Kubernetes `creationTimestamp`, to the second;
    /// Universal `creationTime`): when a MeshTrust appeared for the proxies.
    pub created: Option<Moment>,
    /// The whole object as written, unknown fields included.
    pub value: Value,
}

impl std::fmt::Debug for PolicyDoc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicyDoc")
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("mesh", &self.mesh)
            .finish_non_exhaustive()
    }
}

/// The typed spec, by kind.
#[derive(Debug, Clone)]
pub enum Spec {
    Identity(Box<IdentitySpec>),
    Trust(TrustSpec),
    Tls(TlsSpec),
    Permission(PermissionSpec),
    LegacyPermission(LegacyPermissionSpec),
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentitySpec {
    pub selector: Option<Selector>,
    #[serde(rename = "spiffeID")]
    pub spiffe_id: Option<SpiffeId>,
    pub provider: Option<Provider>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Selector {
    pub dataplane: Option<LabelSelector>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    pub match_labels: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpiffeId {
    pub trust_domain: Option<String>,
    pub path: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Provider {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub bundled: Option<Bundled>,
    pub spire: Option<Value>,
    pub extension: Option<Extension>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bundled {
    pub mesh_trust_creation: Option<String>,
    pub insecure_allow_self_signed: Option<bool>,
    pub autogenerate: Option<Autogenerate>,
    pub ca: Option<BundledCa>,
    pub certificate_parameters: Option<CertificateParameters>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Autogenerate {
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundledCa {
    pub certificate: Option<SecureDataSource>,
    pub private_key: Option<SecureDataSource>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct CertificateParameters {
    /// A Kubernetes duration (`24h`); a value, so a bad one is a finding.
    pub expiry: Option<Value>,
}

/// Kuma's SecureDataSource: `File`, `Secret`, `EnvVar` or `InsecureInline`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecureDataSource {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub file: Option<FileRef>,
    pub env_var: Option<EnvVarRef>,
    pub insecure_inline: Option<Inline>,
    pub secret_ref: Option<SecretRef>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct FileRef {
    pub path: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct EnvVarRef {
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Inline {
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SecretRef {
    pub kind: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Extension {
    pub name: Option<String>,
    pub config: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustSpec {
    pub trust_domain: Option<String>,
    pub ca_bundles: Option<Vec<CaBundle>>,
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct CaBundle {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub pem: Option<Inline>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Origin {
    pub kri: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsSpec {
    pub target_ref: Option<Value>,
    pub rules: Option<Vec<TlsRule>>,
    pub from: Option<Vec<TlsRule>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct TlsRule {
    pub default: Option<TlsConf>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct TlsConf {
    pub mode: Option<String>,
}

/// One entry of `status.conditions`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Condition {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<String>,
    pub reason: Option<String>,
    pub message: Option<String>,
}

/// The envelope both shapes share once `spec` and `status` are set aside.
#[derive(Debug, Deserialize)]
struct Envelope {
    metadata: Option<Metadata>,
    name: Option<String>,
    mesh: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    kri: Option<String>,
    #[serde(rename = "creationTime")]
    creation_time: Option<String>,
    status: Option<Status>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    name: Option<String>,
    namespace: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    creation_timestamp: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Status {
    conditions: Option<Vec<Condition>>,
    origin: Option<Origin>,
}

impl PolicyDoc {
    pub(crate) fn read(
        file: &Rc<ManifestFile>,
        doc: usize,
        base: &FieldPath,
        value: &Value,
        kind: PolicyKind,
        shape: Shape,
    ) -> Result<Self, InputError> {
        let envelope: Envelope = deserialize_at(file, doc, base, value)?;
        let (name, namespace, labels, created) = match (shape, envelope.metadata) {
            (Shape::Kubernetes, Some(m)) => (m.name, m.namespace, m.labels, m.creation_timestamp),
            (Shape::Kubernetes, None) => (None, None, None, None),
            (Shape::Universal, _) => (envelope.name, None, envelope.labels, envelope.creation_time),
        };
        let created = created
            .as_deref()
            .and_then(crate::input::time::parse_moment);
        let labels = labels.unwrap_or_default();
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            let field = match shape {
                Shape::Kubernetes => "metadata.name",
                Shape::Universal => "name",
            };
            let at = file.locate(doc, base);
            return Err(InputError::at(
                file.name(),
                at.line,
                at.column,
                format!("the {} has no `{field}`", kind.as_str()),
            ));
        };
        // Kuma's admission puts a policy without a mesh label in `default`. Legacy Kubernetes
        // resources (TrafficPermission) name it in a top-level `mesh`.
        let mesh = match shape {
            Shape::Kubernetes => labels.get(MESH_LABEL).cloned().or(envelope.mesh),
            Shape::Universal => envelope.mesh,
        }
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "default".to_string());
        // A Universal legacy resource has no `spec`: its fields are the object's own.
        let legacy_universal = kind == PolicyKind::LegacyPermission && shape == Shape::Universal;
        let spec_base = if legacy_universal {
            base.clone()
        } else {
            base.key("spec")
        };
        let spec_value = if legacy_universal {
            value.clone()
        } else {
            value.get("spec").cloned().unwrap_or(Value::Null)
        };
        let spec_value = if spec_value.is_null() {
            Value::Mapping(Default::default())
        } else {
            spec_value
        };
        let spec = match kind {
            PolicyKind::Identity => {
                Spec::Identity(deserialize_at(file, doc, &spec_base, &spec_value)?)
            }
            PolicyKind::Trust => Spec::Trust(deserialize_at(file, doc, &spec_base, &spec_value)?),
            PolicyKind::Tls => Spec::Tls(deserialize_at(file, doc, &spec_base, &spec_value)?),
            PolicyKind::Permission => {
                Spec::Permission(deserialize_at(file, doc, &spec_base, &spec_value)?)
            }
            PolicyKind::LegacyPermission => {
                Spec::LegacyPermission(deserialize_at(file, doc, &spec_base, &spec_value)?)
            }
        };
        let status = envelope.status;
        let origin = status
            .as_ref()
            .and_then(|s| s.origin.as_ref())
            .and_then(|o| o.kri.clone());
        let conditions = status.and_then(|s| s.conditions).unwrap_or_default();
        Ok(Self {
            kind,
            file: Rc::clone(file),
            doc,
            base: base.clone(),
            shape,
            name,
            namespace: namespace.filter(|n| !n.is_empty()),
            mesh,
            labels,
            spec,
            conditions,
            printed_kri: envelope.kri.filter(|k| !k.is_empty()),
            created,
            value: value.clone(),
        }
        .with_origin(origin))
    }

    /// A MeshTrust's `status.origin.kri` wins over the deprecated `spec.origin.kri`.
    fn with_origin(mut self, origin: Option<String>) -> Self {
        if let (Spec::Trust(trust), Some(kri)) = (&mut self.spec, origin) {
            trust.origin = Some(Origin { kri: Some(kri) });
        }
        self
    }

    /// The location of a field given relative to the object (`spec.provider.type`).
    pub fn locate(&self, rest: &str) -> Location {
        self.file
            .locate(self.doc, &FieldPath::under(&self.base, rest))
    }

    /// `MeshIdentity \`name\``, as findings name it.
    pub fn title(&self) -> String {
        format!("{} `{}`", self.kind.as_str(), self.name)
    }

    /// The resource's KRI: the one the control plane printed, else built as Kuma builds it
    /// (`kri_<short>_<mesh>_<zone>_<namespace>_<name>_`).
    pub fn kri(&self) -> String {
        if let Some(kri) = &self.printed_kri {
            return kri.clone();
        }
        format!(
            "kri_{}_{}_{}_{}_{}_",
            self.kind.short_name(),
            self.mesh,
            self.labels.get(ZONE_LABEL).map_or("", String::as_str),
            self.namespace.as_deref().unwrap_or(""),
            self.name
        )
    }

    pub fn identity(&self) -> Option<&IdentitySpec> {
        match &self.spec {
            Spec::Identity(spec) => Some(spec.as_ref()),
            _ => None,
        }
    }

    pub fn permission(&self) -> Option<&PermissionSpec> {
        match &self.spec {
            Spec::Permission(spec) => Some(spec),
            _ => None,
        }
    }

    pub fn legacy_permission(&self) -> Option<&LegacyPermissionSpec> {
        match &self.spec {
            Spec::LegacyPermission(spec) => Some(spec),
            _ => None,
        }
    }

    pub fn trust(&self) -> Option<&TrustSpec> {
        match &self.spec {
            Spec::Trust(spec) => Some(spec),
            _ => None,
        }
    }

    /// The condition of `kind` (`Ready`, `Provider`, `MeshTrustCreated`) from `status`.
    pub fn condition(&self, kind: &str) -> Option<&Condition> {
        self.conditions
            .iter()
            .find(|c| c.kind.as_deref() == Some(kind))
    }

    /// Whether the condition of `kind` is `True`.
    pub fn condition_true(&self, kind: &str) -> bool {
        self.condition(kind)
            .is_some_and(|c| c.status.as_deref() == Some("True"))
    }
}

impl IdentitySpec {
    /// The labels this identity selects by, `None` when it selects nothing. Kuma's code (not its
    /// MADR): an absent `selector` or `selector: {}` selects nothing; `dataplane: {}` or
    /// `matchLabels: {}` selects every dataplane.
    pub fn selection(&self) -> Option<BTreeMap<String, String>> {
        let dataplane = self.selector.as_ref()?.dataplane.as_ref()?;
        Some(dataplane.match_labels.clone().unwrap_or_default())
    }

    /// Whether this identity selects a dataplane with `labels`.
    pub fn selects(&self, labels: &BTreeMap<String, String>) -> bool {
        self.selection()
            .is_some_and(|wanted| wanted.iter().all(|(k, v)| labels.get(k) == Some(v)))
    }

    /// Whether it issues certificates (a provider is set); a SPIFFE-only identity does not.
    pub fn issues(&self) -> bool {
        self.provider.is_some()
    }

    pub fn bundled(&self) -> Option<&Bundled> {
        let provider = self.provider.as_ref()?;
        (provider.kind.as_deref() == Some("Bundled"))
            .then_some(provider.bundled.as_ref())
            .flatten()
    }
}

impl Bundled {
    pub fn autogenerated(&self) -> bool {
        self.autogenerate
            .as_ref()
            .and_then(|a| a.enabled)
            .unwrap_or(false)
    }
}

/// The parts of a KRI (`kri_mid_default_zone-1_kuma-system_identity_`), `None` when it is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Kri<'a> {
    pub short: &'a str,
    pub mesh: &'a str,
    pub zone: &'a str,
    pub namespace: &'a str,
    pub name: &'a str,
}

impl<'a> Kri<'a> {
    pub(crate) fn parse(text: &'a str) -> Option<Self> {
        let rest = text.strip_prefix("kri_")?;
        let mut parts = rest.splitn(5, '_');
        let short = parts.next()?;
        let mesh = parts.next()?;
        let zone = parts.next()?;
        let namespace = parts.next()?;
        // The name may hold `_` (Universal names can); the section follows the last `_`.
        let tail = parts.next()?;
        let name = &tail[..tail.rfind('_')?];
        (!name.is_empty()).then_some(Self {
            short,
            mesh,
            zone,
            namespace,
            name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kri_parts() {
        let kri = Kri::parse("kri_mid_default__kong-mesh-system_identity_").unwrap();
        assert_eq!(
            (kri.short, kri.mesh, kri.zone, kri.namespace, kri.name),
            ("mid", "default", "", "kong-mesh-system", "identity")
        );
        let kri =
            Kri::parse("kri_mtrust_default_kuma-252_kong-mesh-system_identity-xf4d5dz5c4w47645_")
                .unwrap();
        assert_eq!(kri.name, "identity-xf4d5dz5c4w47645");
        assert_eq!(Kri::parse("ca-1"), None);
        assert_eq!(Kri::parse("kri_mid_default___"), None);
    }
}
