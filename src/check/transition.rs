//! Transition rules: what makes the change from the current Mesh to a proposed one unsafe, and
//! the gated steps that need observed proxy state.

use super::Product;
use crate::diag::Diagnostic;
use crate::diag::codes::Code;
use crate::input::manifest::MeshDoc;
use crate::check::diff::MtlsDiff;

pub fn check(current: &MeshDoc, proposed: &MeshDoc, product: Product) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (old, new) = (&current.mtls, &proposed.mtls);
    let diff = MtlsDiff::between(old, new);

    for name in &diff.ca_changed {
        let i = new.backend(name).map_or(0, |(i, _)| i);
        out.push(
            Diagnostic::new(
                Code::InPlaceCaChange,
                format!("backend `{name}` keeps its name but changes its type or CA material"),
            )
            .at(proposed.locate(&format!("mtls.backends[{i}]")))
            .label("CA changed under the same name")
            .help(format!(
                "restore `{name}` as it is in {} and add the new CA as a backend with a new name",
                current.file.name()
            )),
        );
    }

    out.extend(builtin_ca_settings(current, proposed, &diff));
    match (old.enabled(), new.enabled()) {
        (Some(a), Some(b)) if a != b => {
            let at = proposed.locate("mtls.enabledBackend");
            if product == Product::Kuma {
                out.push(
                    Diagnostic::new(
                        Code::SwitchForbiddenOnKuma,
                        format!("Kuma forbids changing enabledBackend from `{a}` to `{b}` while mTLS is on"),
                    )
                    .at(at.clone())
                    .label("switch forbidden on Kuma")
                    .help("use Kong Mesh (--product kong-mesh), or disable mTLS first and accept the interruption"),
                );
            }
            if old.backend(b).is_none() {
                out.push(
                    Diagnostic::new(
                        Code::SwitchToUnaddedBackend,
                        format!("enabledBackend switches to `{b}`, which the current Mesh does not have yet"),
                    )
                    .at(at.clone())
                    .label("backend added and enabled at once")
                    .help(format!("first add `{b}` with enabledBackend still `{a}`; switch once every proxy trusts it")),
                );
            }
            if new.backend(a).is_none() {
                out.push(
                    Diagnostic::new(
                        Code::SwitchAndRemove,
                        format!("the change switches away from `{a}` and removes it in the same step"),
                    )
                    .at(at.clone())
                    .label(format!("`{a}` is removed in the same change"))
                    .help(format!("keep `{a}` in backends until no proxy holds a certificate from it")),
                );
            }
            if let (Some((_, from)), Some((_, to))) = (old.backend(a), new.backend(b))
                && from.mode() != to.mode()
            {
                out.push(mode_mismatch(a, from.mode(), b, to.mode(), at));
            }
        }
        (Some(a), None) => out.push(
            Diagnostic::new(Code::MtlsDisabled, format!("the change turns mTLS off (enabledBackend was `{a}`)"))
                .at(proposed.locate("mtls.enabledBackend"))
                .label("mTLS off")
                .help("traffic between proxies will be plaintext; rotate with add, switch and remove instead"),
        ),
        _ => {}
    }

    // A backend added with another mode than the enabled one flips the mode at the later switch.
    if let Some((_, enabled)) = old.enabled().and_then(|a| new.backend(a)) {
        for name in &diff.added {
            if let Some((i, added)) = new.backend(name)
                && added.mode() != enabled.mode()
                && new.enabled() != Some(name.as_str())
            {
                let at = proposed.locate(&format!("mtls.backends[{i}]"));
                out.push(mode_mismatch(
                    enabled.name(),
                    enabled.mode(),
                    name,
                    added.mode(),
                    at,
                ));
            }
        }
    }

    let steps = diff.steps(old, new);
    if steps.len() > 1 {
        let names: Vec<_> = steps.iter().map(|s| s.as_str()).collect();
        out.push(
            Diagnostic::new(
                Code::MultipleSteps,
                format!(
                    "the change makes {} rotation steps at once: {}",
                    steps.len(),
                    names.join(", ")
                ),
            )
            .at(proposed.locate("mtls"))
            .label("several steps")
            .help("apply one step at a time; `meshctl next-step` emits each"),
        );
    }
    out
}

fn mode_mismatch(
    from: &str,
    from_mode: crate::input::mesh::Mode,
    to: &str,
    to_mode: crate::input::mesh::Mode,
    at: crate::input::manifest::Location,
) -> Diagnostic {
    Diagnostic::new(
        Code::ModeMismatch,
        format!("backend `{from}` is {from_mode} but `{to}` is {to_mode}: switching also changes plaintext acceptance"),
    )
    .at(at)
    .label("mode differs")
    .help("give both backends the same mode and change the mode in its own step")
}

/// `builtin-ca-settings`: a builtin backend whose `conf.caCert` changed keeps the CA Kuma created.
pub fn builtin_ca_settings(
    current: &MeshDoc,
    proposed: &MeshDoc,
    diff: &MtlsDiff,
) -> Vec<Diagnostic> {
    diff.settings_changed
        .iter()
        .filter_map(|name| {
            let (_, old) = current.mtls.backend(name)?;
            let (i, new) = proposed.mtls.backend(name)?;
            let ca_cert = |b: &crate::input::mesh::Backend| b.conf_field(&["caCert"]).cloned();
            if new.kind() != "builtin" || ca_cert(old) == ca_cert(new) {
                return None;
            }
            Some(
                Diagnostic::new(
                    Code::BuiltinCaSettings,
                    format!("backend `{name}`: the new caCert settings apply only when Kuma creates a CA, and the CA of `{name}` exists already"),
                )
                .at(proposed.locate(&format!("mtls.backends[{i}].conf.caCert")))
                .label("applies only to a new CA")
                .help(format!("to get a CA with these settings, add it as a backend with a new name (e.g. `{name}-2`) and rotate to it")),
            )
        })
        .collect()
}
