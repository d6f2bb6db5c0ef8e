//! Transition rules: what makes the change from the current Mesh to a proposed one unsafe or
//! worth a word, each code built in one place (the planner reports the same findings through it).

use crate::diag::Diagnostic;
use crate::diag::codes::Code;
use crate::input::manifest::MeshDoc;
use crate::input::mesh::Mode;
use crate::lint::Product;
use crate::rotation::diff::MtlsDiff;
use crate::rotation::identity_of_ca::SecretSides;

pub(crate) fn check(
    current: &MeshDoc,
    proposed: &MeshDoc,
    product: Product,
    sides: &SecretSides<'_>,
) -> Vec<Diagnostic> {
    let (old, new) = (&current.mtls, &proposed.mtls);
    let diff = MtlsDiff::between(old, new, sides);
    let mut out: Vec<Diagnostic> = diff
        .ca_changed
        .iter()
        .map(|name| in_place_ca_change(current, proposed, name))
        .collect();
    out.extend(builtin_ca_settings(current, proposed, &diff));
    match (old.enabled(), new.enabled()) {
        (Some(a), Some(b)) if a != b => out.extend(switch_findings(current, proposed, product)),
        (Some(a), None) => {
            out.push(mtls_disabled(proposed, a));
            if old
                .backend(a)
                .is_some_and(|(_, x)| x.mode() == Mode::Strict)
            {
                out.push(
                    Diagnostic::new(
                        Code::DisableFromStrict,
                        format!("the change turns mTLS off while `{a}` is STRICT: proxies that turn it off first send plaintext to proxies still requiring mTLS"),
                    )
                    .at(proposed.locate("mtls"))
                    .label("off straight from STRICT")
                    .help(format!("switch `{a}` to PERMISSIVE first, wait until every proxy runs it, then turn mTLS off (`meshctl next-step` plans this)")),
                );
            }
        }
        (None, Some(b))
            if new
                .backend(b)
                .is_some_and(|(_, x)| x.mode() == Mode::Strict) =>
        {
            out.push(
                Diagnostic::new(
                    Code::EnableIntoStrict,
                    format!("the change turns mTLS on with `{b}` straight into STRICT: clients that get it first send mTLS to proxies that have no certificate yet"),
                )
                .at(proposed.locate("mtls.enabledBackend"))
                .label("on straight into STRICT")
                .help(format!("turn mTLS on with `{b}` in PERMISSIVE mode first, then go STRICT once every proxy holds a certificate (`meshctl next-step` plans this)")),
            );
        }
        _ => {}
    }
    out.extend(added_mode_findings(proposed, old, &diff));
    out.extend(multiple_steps(proposed, old, &diff));
    out
}

/// What a change of `enabledBackend` from `a` to `b` (both set) may do wrong.
fn switch_findings(current: &MeshDoc, proposed: &MeshDoc, product: Product) -> Vec<Diagnostic> {
    let (old, new) = (&current.mtls, &proposed.mtls);
    let (Some(a), Some(b)) = (old.enabled(), new.enabled()) else {
        return Vec::new();
    };
    let at = proposed.locate("mtls.enabledBackend");
    let mut out = Vec::new();
    if product == Product::Kuma {
        out.push(switch_forbidden_on_kuma(proposed, a, b));
    }
    if old.backend(b).is_none() {
        out.push(
            Diagnostic::new(
                Code::SwitchToUnaddedBackend,
                format!(
                    "enabledBackend switches to `{b}`, which the current Mesh does not have yet"
                ),
            )
            .at(at.clone())
            .label("backend added and enabled at once")
            .help(format!(
                "first add `{b}` with enabledBackend still `{a}`; switch once every proxy trusts it"
            )),
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
            .help(format!(
                "keep `{a}` in backends until no proxy holds a certificate from it"
            )),
        );
    }
    if let (Some((_, from)), Some((_, to))) = (old.backend(a), new.backend(b))
        && from.mode() != to.mode()
    {
        out.push(mode_mismatch(a, from.mode(), b, to.mode(), at));
    }
    out
}

/// A backend added with another mode than the enabled one flips the mode at the later switch.
fn added_mode_findings(
    proposed: &MeshDoc,
    old: &crate::input::mesh::Mtls,
    diff: &MtlsDiff,
) -> Vec<Diagnostic> {
    let new = &proposed.mtls;
    let Some((_, enabled)) = old.enabled().and_then(|a| new.backend(a)) else {
        return Vec::new();
    };
    diff.added
        .iter()
        .filter_map(|name| {
            let (i, added) = new.backend(name)?;
            (added.mode() != enabled.mode() && new.enabled() != Some(name.as_str())).then(|| {
                let at = proposed.locate(&format!("mtls.backends[{i}]"));
                mode_mismatch(enabled.name(), enabled.mode(), name, added.mode(), at)
            })
        })
        .collect()
}

/// `multiple-steps`: one change that makes several rotation steps.
fn multiple_steps(
    proposed: &MeshDoc,
    old: &crate::input::mesh::Mtls,
    diff: &MtlsDiff,
) -> Option<Diagnostic> {
    let steps = diff.steps(old, &proposed.mtls);
    if steps.len() < 2 {
        return None;
    }
    let names: Vec<_> = steps.iter().map(|s| s.as_str()).collect();
    Some(
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
    )
}

/// `in-place-ca-change`: backend `name` keeps its name but not its CA.
pub(crate) fn in_place_ca_change(current: &MeshDoc, proposed: &MeshDoc, name: &str) -> Diagnostic {
    let i = proposed.mtls.backend(name).map_or(0, |(i, _)| i);
    Diagnostic::new(
        Code::InPlaceCaChange,
        format!("backend `{name}` keeps its name but changes its type or CA identity: it cannot be rotated in place"),
    )
    .at(proposed.locate(&format!("mtls.backends[{i}]")))
    .label("CA changed under the same name")
    .help(format!(
        "restore `{name}` as it is in {} and add the new CA as a backend with a new name (e.g. `{name}-2`)",
        current.file.name()
    ))
}

/// `switch-forbidden-on-kuma`: open-source Kuma refuses a new `enabledBackend` while mTLS is on.
pub(crate) fn switch_forbidden_on_kuma(proposed: &MeshDoc, a: &str, b: &str) -> Diagnostic {
    Diagnostic::new(
        Code::SwitchForbiddenOnKuma,
        format!("Kuma forbids changing enabledBackend from `{a}` to `{b}` while mTLS is on"),
    )
    .at(proposed.locate("mtls.enabledBackend"))
    .label("switch forbidden on Kuma")
    .help("rotate on Kong Mesh (--product kong-mesh), or disable mTLS, change the backend and enable it again, which interrupts traffic")
}

/// `mtls-disabled`: the change turns mTLS off (it was `a`).
pub(crate) fn mtls_disabled(proposed: &MeshDoc, a: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MtlsDisabled,
        format!("the change turns mTLS off (enabledBackend was `{a}`)"),
    )
    .at(proposed.locate("mtls.enabledBackend"))
    .label("mTLS off")
    .help("traffic between proxies will be plaintext; to change the CA, rotate with add, switch and remove instead")
}

pub(crate) fn mode_mismatch(
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
pub(crate) fn builtin_ca_settings(
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
