//! The diff of two `mtls` sections: which backends were added, removed or changed (in CA
//! material or only in settings), whether `enabledBackend` moved, and a redacted unified diff.

use similar::TextDiff;

use super::identity_of_ca::{SecretSides, same_ca};
use super::step::StepKind;
use crate::input::manifest::MeshDoc;
use crate::input::mesh::Mtls;
use crate::input::redact::redact_value;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EnabledChange {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The classified difference between a current and a proposed `mtls` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MtlsDiff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Same name, different `type` or `conf`: a CA swapped in place.
    pub ca_changed: Vec<String>,
    /// Same CA, different settings: `dpCert`, `mode`, `rootChain`, or `conf` outside the CA's
    /// identity (Vault auth, a builtin backend's `caCert`).
    pub settings_changed: Vec<String>,
    /// The target's `skipValidation` when it differs (absent is false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_validation: Option<bool>,
    pub enabled_backend: Option<EnabledChange>,
}

impl MtlsDiff {
    pub(crate) fn between(current: &Mtls, proposed: &Mtls, sides: &SecretSides<'_>) -> Self {
        let mut diff = Self::default();
        for backend in proposed.backends() {
            let name = backend.name();
            match current.backend(name) {
                None => diff.added.push(name.to_string()),
                Some((_, old)) if !same_ca(old, backend, sides) => {
                    diff.ca_changed.push(name.to_string())
                }
                Some((_, old)) if !old.same_settings(backend) => {
                    diff.settings_changed.push(name.to_string())
                }
                Some(_) => {}
            }
        }
        for backend in current.backends() {
            if proposed.backend(backend.name()).is_none() {
                diff.removed.push(backend.name().to_string());
            }
        }
        if current.skip_validation.unwrap_or(false) != proposed.skip_validation.unwrap_or(false) {
            diff.skip_validation = Some(proposed.skip_validation.unwrap_or(false));
        }
        if current.enabled() != proposed.enabled() {
            diff.enabled_backend = Some(EnabledChange {
                from: current.enabled().map(str::to_string),
                to: proposed.enabled().map(str::to_string),
            });
        }
        diff
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The rotation steps this change makes at once. Turning mTLS on is one step, whatever it adds.
    pub fn steps(&self, current: &Mtls, proposed: &Mtls) -> Vec<StepKind> {
        let mut steps = Vec::new();
        match (current.enabled(), proposed.enabled()) {
            (None, Some(_)) => return vec![StepKind::EnableMtls],
            (Some(_), None) => steps.push(StepKind::DisableMtls),
            (Some(a), Some(b)) if a != b => steps.push(StepKind::SwitchBackend),
            _ => {}
        }
        if !self.added.is_empty() {
            steps.push(StepKind::AddBackend);
        }
        if !self.removed.is_empty() {
            steps.push(StepKind::RemoveBackend);
        }
        steps.sort();
        steps
    }
}

/// The `mtls` diff as reports show it.
#[derive(Debug, Clone)]
pub struct DiffSection {
    pub current: String,
    pub proposed: String,
    pub summary: MtlsDiff,
    /// Unified diff of the two sections, secrets redacted.
    pub unified: String,
}

impl DiffSection {
    /// The diff of `current`'s and `proposed`'s `mtls` sections.
    pub(crate) fn between(current: &MeshDoc, proposed: &MeshDoc, sides: &SecretSides<'_>) -> Self {
        Self {
            current: current.file.name().to_string(),
            proposed: proposed.file.name().to_string(),
            summary: MtlsDiff::between(&current.mtls, &proposed.mtls, sides),
            unified: unified(current, proposed),
        }
    }
}

/// A unified diff of the two `mtls` sections as YAML, secrets redacted.
pub(crate) fn unified(current: &MeshDoc, proposed: &MeshDoc) -> String {
    let render = |mesh: &MeshDoc| {
        let value = redact_value(&mesh.mtls_value());
        if value.is_null() {
            String::new()
        } else {
            serde_yaml::to_string(&value).unwrap_or_default()
        }
    };
    let (old, new) = (render(current), render(proposed));
    TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{} (current mtls)", current.file.name()),
            &format!("{} (proposed mtls)", proposed.file.name()),
        )
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mtls(yaml: &str) -> Mtls {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn classifies_backend_changes() {
        let current = mtls(
            "enabledBackend: a\nbackends:\n- {name: a, type: builtin}\n- {name: b, type: builtin}\n- {name: c, type: builtin, mode: STRICT}",
        );
        let proposed = mtls(
            "enabledBackend: d\nbackends:\n- {name: a, type: provided}\n- {name: c, type: builtin, mode: PERMISSIVE}\n- {name: d, type: builtin}",
        );
        let diff = MtlsDiff::between(&current, &proposed, &SecretSides::default());
        assert_eq!(diff.added, ["d"]);
        assert_eq!(diff.removed, ["b"]);
        assert_eq!(diff.ca_changed, ["a"]);
        assert_eq!(diff.settings_changed, ["c"]);
        assert_eq!(
            diff.enabled_backend.as_ref().unwrap().to.as_deref(),
            Some("d")
        );
        assert_eq!(
            diff.steps(&current, &proposed),
            [
                StepKind::AddBackend,
                StepKind::SwitchBackend,
                StepKind::RemoveBackend
            ]
        );
    }

    #[test]
    fn enabling_mtls_is_one_step() {
        let current = mtls("{}");
        let proposed = mtls("enabledBackend: a\nbackends: [{name: a, type: builtin}]");
        let diff = MtlsDiff::between(&current, &proposed, &SecretSides::default());
        assert_eq!(diff.steps(&current, &proposed), [StepKind::EnableMtls]);
    }
}
