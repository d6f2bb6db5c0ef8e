//! What Kuma's admission rejects in a MeshTrafficPermission
//! (`pkg/plugins/policies/meshtrafficpermission/api/v1alpha1/validator.go` and `ValidateMatch` in
//! `pkg/core/resources/apis/mesh/validators.go`, release-2.14), and go-spiffe's SPIFFE ID rules
//! (`spiffeid.FromString`), which every `spiffeID` value must pass.

use crate::input::permission::{PeerMatch, PermissionSpec, TargetRef};

const TOP_KINDS: [&str; 5] = [
    "Mesh",
    "MeshSubset",
    "MeshService",
    "MeshServiceSubset",
    "Dataplane",
];
const FROM_KINDS: [&str; 4] = ["Mesh", "MeshSubset", "MeshService", "MeshServiceSubset"];
const ACTIONS: [&str; 3] = ["Allow", "Deny", "AllowWithShadowDeny"];

/// The violations of `spec`: the field from the object's root, and Kuma's words.
pub(crate) fn permission(spec: &PermissionSpec) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let from = spec.from.as_deref().unwrap_or_default();
    let rules = spec.rules.as_deref().unwrap_or_default();
    if !from.is_empty() && !rules.is_empty() {
        out.push(v(
            "spec",
            "field 'from' must be empty when 'rules' is defined",
        ));
    }
    if from.is_empty() && rules.is_empty() {
        out.push(v(
            "spec",
            "at least one of 'from' or 'rules' has to be defined",
        ));
    }
    if let Some(target) = &spec.target_ref {
        kind_of("spec.targetRef", target, &TOP_KINDS, &mut out);
    }
    for (i, item) in from.iter().enumerate() {
        let at = format!("spec.from[{i}]");
        match &item.target_ref {
            Some(target) => kind_of(&format!("{at}.targetRef"), target, &FROM_KINDS, &mut out),
            None => out.push(v(&format!("{at}.targetRef.kind"), "must be defined")),
        }
        match item.default.as_ref().and_then(|d| d.action.as_deref()) {
            None | Some("") => out.push(v(&format!("{at}.default.action"), "must be defined")),
            Some(a) if !ACTIONS.iter().any(|k| k.eq_ignore_ascii_case(a)) => out.push(v(
                &format!("{at}.default.action"),
                "must be one of: Allow, Deny, AllowWithShadowDeny",
            )),
            Some(_) => {}
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        let at = format!("spec.rules[{i}].default");
        let conf = rule.default.clone().unwrap_or_default();
        let lists = [
            ("allow", conf.allow.unwrap_or_default()),
            (
                "allowWithShadowDeny",
                conf.allow_with_shadow_deny.unwrap_or_default(),
            ),
            ("deny", conf.deny.unwrap_or_default()),
        ];
        if lists.iter().all(|(_, l)| l.is_empty()) {
            out.push(v(
                &format!("spec.rules[{i}]"),
                "at least one of 'allow', 'allowWithShadowDeny', 'deny' has to be defined",
            ));
        }
        for (field, list) in &lists {
            for (j, entry) in list.iter().enumerate() {
                peer(&format!("{at}.{field}[{j}]"), entry, &mut out);
            }
        }
    }
    out
}

fn v(field: &str, message: &str) -> (String, String) {
    (field.to_string(), message.to_string())
}

fn kind_of(at: &str, target: &TargetRef, allowed: &[&str], out: &mut Vec<(String, String)>) {
    match target.kind.as_deref() {
        None | Some("") => out.push(v(&format!("{at}.kind"), "must be defined")),
        Some(kind) if !allowed.contains(&kind) => out.push(v(
            &format!("{at}.kind"),
            &format!("value is not supported (supported: {})", allowed.join(", ")),
        )),
        Some(_) => {}
    }
}

fn peer(at: &str, entry: &PeerMatch, out: &mut Vec<(String, String)>) {
    if let Some(spiffe) = &entry.spiffe_id {
        let value = spiffe.value.as_deref().unwrap_or_default();
        if let Some(why) = spiffe_id_error(value) {
            out.push(v(
                &format!("{at}.spiffeID"),
                &format!("must be a valid Spiffe ID: {why}"),
            ));
        }
        if !matches!(spiffe.kind.as_deref(), Some("Exact" | "Prefix")) {
            out.push(v(
                &format!("{at}.spiffeID.type"),
                "must be one of: Exact, Prefix",
            ));
        }
    }
    if let Some(sni) = &entry.sni {
        match sni.kind.as_deref() {
            Some("Exact") => {}
            None | Some("") => out.push(v(&format!("{at}.sni.type"), "must be set")),
            Some(other) => out.push(v(
                &format!("{at}.sni.type"),
                &format!("unrecognized type \"{other}\", supported values are: Exact"),
            )),
        }
        if sni.value.as_deref().unwrap_or_default().is_empty() {
            out.push(v(&format!("{at}.sni.value"), "must be set"));
        }
    }
}

/// go-spiffe's `spiffeid.FromString` (v2, `spiffeid/id.go`, `path.go`): why it refuses `id`.
pub(crate) fn spiffe_id_error(id: &str) -> Option<&'static str> {
    let Some(rest) = id.strip_prefix("spiffe://") else {
        return Some("scheme is missing or invalid");
    };
    let (domain, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if domain.is_empty() {
        return Some("trust domain is missing");
    }
    if !domain
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
    {
        return Some(
            "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores",
        );
    }
    if path.is_empty() {
        return None;
    }
    if path.ends_with('/') {
        return Some("path cannot have a trailing slash");
    }
    for segment in path[1..].split('/') {
        if segment.is_empty() {
            return Some("path cannot contain empty segments");
        }
        if segment == "." || segment == ".." {
            return Some("path cannot contain dot segments");
        }
        if !segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
        {
            return Some(
                "path segment characters are limited to letters, numbers, dots, dashes, and underscores",
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::spiffe_id_error;

    #[test]
    fn spiffe_ids_as_go_spiffe_reads_them() {
        for ok in [
            "spiffe://default",
            "spiffe://default/web",
            "spiffe://default.zone-1.mesh.local/ns/demo/sa/web",
        ] {
            assert_eq!(spiffe_id_error(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("spiffe://default/", "trailing slash"),
            ("spiffe://", "trust domain is missing"),
            ("spiffe://Default/web", "trust domain characters"),
            ("spiffe://default//web", "empty segments"),
            ("spiffe://default/./web", "dot segments"),
            ("https://default/web", "scheme"),
        ] {
            assert!(
                spiffe_id_error(bad).is_some_and(|e| e.contains(why)),
                "{bad}"
            );
        }
    }
}
