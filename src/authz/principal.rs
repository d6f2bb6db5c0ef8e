//! The URI SANs a client presents: a `Mesh.mtls` certificate's (`pkg/core/ca/issuer/issuer.go`,
//! release-2.14: `spiffe://<mesh>/<service>` per service, then `kuma://<tag>/<value>` for every
//! tag, keys and values sorted) or a MeshIdentity's one SPIFFE ID, rendered from its templates
//! (`meshidentity/api/v1alpha1/helpers.go`: trust domain from the identity's mesh and zone, path
//! from the Dataplane's labels).

use std::collections::BTreeSet;

use super::select::{NAMESPACE_LABEL, SERVICE_TAG, get};
use crate::input::identity::PolicyDoc;
use crate::state::Workload;

const DEFAULT_TRUST_DOMAIN: &str = "{{ .Mesh }}.{{ .Zone }}.mesh.local";
const DEFAULT_K8S_PATH: &str = "/ns/{{ .Namespace }}/sa/{{ .ServiceAccount }}";
const DEFAULT_UNIVERSAL_PATH: &str = "/workload/{{ .Workload }}";
const ZONE: &str = "kuma.io/zone";

/// What a client presents, as Envoy's `uri_san` input sees it: the SANs in certificate order,
/// and joined by commas (what `rules` matchers compare with), computed once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Sans {
    pub list: Vec<String>,
    joined: String,
}

impl Sans {
    pub(crate) fn new(list: Vec<String>) -> Self {
        let joined = list.join(",");
        Self { list, joined }
    }

    /// Envoy's input for `rules` matchers: the SANs joined by commas.
    pub(crate) fn joined(&self) -> &str {
        &self.joined
    }

    pub(crate) fn has(&self, san: &str) -> bool {
        self.list.iter().any(|s| s == san)
    }

    pub(crate) fn first(&self) -> Option<&String> {
        self.list.first()
    }
}

/// Every tag of a proxy's inbounds (or its gateway), by key, each value once.
fn tag_set(workload: &Workload) -> std::collections::BTreeMap<&str, BTreeSet<&str>> {
    let mut tags: std::collections::BTreeMap<&str, BTreeSet<&str>> = Default::default();
    let all = workload
        .inbounds
        .iter()
        .flat_map(|i| i.tags.iter())
        .chain(workload.gateway.iter().flatten());
    for (k, v) in all {
        tags.entry(k.as_str()).or_default().insert(v.as_str());
    }
    tags
}

/// The SANs of a certificate `Mesh.mtls` issues to `workload` of `mesh`.
pub(crate) fn legacy(mesh: &str, workload: &Workload) -> Sans {
    let tags = tag_set(workload);
    let mut sans: Vec<String> = tags
        .get(SERVICE_TAG)
        .into_iter()
        .flatten()
        .map(|s| format!("spiffe://{mesh}/{s}"))
        .collect();
    for (key, values) in &tags {
        sans.extend(values.iter().map(|v| format!("kuma://{key}/{v}")));
    }
    Sans::new(sans)
}

/// The SPIFFE ID `identity` issues to `workload`, `None` when its templates use what meshctl does
/// not render (anything beyond fields and `label`).
pub(crate) fn identity(identity: &PolicyDoc, mesh: &str, workload: &Workload) -> Option<Sans> {
    let spec = identity.identity()?;
    let spiffe = spec.spiffe_id.as_ref();
    let domain_template = spiffe
        .and_then(|s| s.trust_domain.as_deref())
        .unwrap_or(DEFAULT_TRUST_DOMAIN);
    let kubernetes = get(&workload.labels, NAMESPACE_LABEL).is_some();
    let default_path = if kubernetes {
        DEFAULT_K8S_PATH
    } else {
        DEFAULT_UNIVERSAL_PATH
    };
    let path_template = spiffe
        .and_then(|s| s.path.as_deref())
        .unwrap_or(default_path);
    // `.Zone` is the identity's zone label, else the zone of the control plane serving the proxy.
    let zone = identity
        .labels
        .get(ZONE)
        .map(String::as_str)
        .or_else(|| get(&workload.labels, ZONE))
        .or_else(|| workload.inbounds.iter().find_map(|i| get(&i.tags, ZONE)))
        .unwrap_or("default");
    let domain = render(
        domain_template,
        &|field| match field {
            "Mesh" => Some(mesh.to_string()),
            "Zone" => Some(zone.to_string()),
            _ => None,
        },
        &|key| identity.labels.get(key).cloned(),
    )?;
    let label = |key: &str| get(&workload.labels, key).map(str::to_string);
    let path = render(
        path_template,
        &|field| match field {
            "Namespace" => Some(label(NAMESPACE_LABEL).unwrap_or_default()),
            "ServiceAccount" => Some(label("k8s.kuma.io/service-account").unwrap_or_default()),
            "Workload" => Some(label("kuma.io/workload").unwrap_or_default()),
            "TrustDomain" => Some(domain.clone()),
            _ => None,
        },
        &label,
    )?;
    Some(Sans::new(vec![format!("spiffe://{domain}{path}")]))
}

/// Renders `{{ .Field }}` and `{{ label "key" }}` actions (with `{{-`/`-}}` trimming); `None` for
/// any other action. A missing label renders empty, as Go's map lookup does.
fn render(
    template: &str,
    field: &dyn Fn(&str) -> Option<String>,
    label: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let mut literal = &rest[..start];
        let after = &rest[start + 2..];
        let end = after.find("}}")?;
        let mut body = &after[..end];
        if let Some(b) = body.strip_prefix('-') {
            literal = literal.trim_end();
            body = b;
        }
        let trim_after = body.ends_with('-');
        let body = body.strip_suffix('-').unwrap_or(body).trim();
        out.push_str(literal);
        if let Some(name) = body.strip_prefix('.') {
            out.push_str(&field(name)?);
        } else if let Some(key) = body
            .strip_prefix("label")
            .map(str::trim)
            .and_then(|k| k.strip_prefix('"')?.strip_suffix('"'))
        {
            out.push_str(&label(key).unwrap_or_default());
        } else {
            return None;
        }
        rest = &after[end + 2..];
        if trim_after {
            rest = rest.trim_start();
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_render_fields_and_labels() {
        let f = |name: &str| (name == "Mesh").then(|| "default".to_string());
        let l = |key: &str| (key == "team").then(|| "pay".to_string());
        assert_eq!(
            render("{{ .Mesh }}.{{label \"team\"}}.local", &f, &l).as_deref(),
            Some("default.pay.local")
        );
        assert_eq!(
            render("{{- .Mesh -}} x", &f, &l).as_deref(),
            Some("defaultx")
        );
        assert_eq!(render("{{ printf \"%s\" .Mesh }}", &f, &l), None);
        assert_eq!(render("{{ .Other }}", &f, &l), None);
    }
}
