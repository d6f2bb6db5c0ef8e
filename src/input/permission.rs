//! MeshTrafficPermission and the legacy TrafficPermission, typed as Kuma's admission reads them
//! (`pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/meshtrafficpermission.go`,
//! `api/mesh/v1alpha1/traffic_permission.proto`, release-2.14): unknown fields are kept in the
//! document's value and ignored here.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A policy's `targetRef`, top-level or of a `from` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetRef {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub tags: Option<BTreeMap<String, String>>,
    pub labels: Option<BTreeMap<String, String>>,
    pub section_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionSpec {
    pub target_ref: Option<TargetRef>,
    pub from: Option<Vec<FromItem>>,
    pub rules: Option<Vec<RuleItem>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FromItem {
    pub target_ref: Option<TargetRef>,
    pub default: Option<FromConf>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct FromConf {
    /// `Allow`, `Deny` or `AllowWithShadowDeny` (Kuma also takes the deprecated upper case).
    pub action: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct RuleItem {
    pub default: Option<RuleConf>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleConf {
    pub allow: Option<Vec<PeerMatch>>,
    pub deny: Option<Vec<PeerMatch>>,
    pub allow_with_shadow_deny: Option<Vec<PeerMatch>>,
}

/// One entry of `allow`/`deny`: its conditions are ANDed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PeerMatch {
    #[serde(rename = "spiffeID", alias = "spiffeId")]
    pub spiffe_id: Option<StringMatch>,
    pub sni: Option<StringMatch>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct StringMatch {
    /// `Exact` or `Prefix`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub value: Option<String>,
}

/// A legacy TrafficPermission: Universal writes `sources` and `destinations` at the top level,
/// Kubernetes under `spec`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct LegacyPermissionSpec {
    pub sources: Option<Vec<TagSelector>>,
    pub destinations: Option<Vec<TagSelector>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct TagSelector {
    /// Tags to match; a value `*` matches any value.
    #[serde(rename = "match")]
    pub tags: Option<BTreeMap<String, String>>,
}
