//! An upgrade of the control plane judged with the manifests kept (README "Authorization"):
//! Kuma 3.0 makes `Mesh.mtls`, TrafficPermission and `from` inert and drops the legacy CA bridge
//! (`UPGRADE.md` on master), and 2.13 to 2.14 sends identity proxies down the `rules` path
//! (kuma#16910): which proxies go plaintext or stay untrusted, which pairs are lost or opened.

use super::pairs::{Population, judge};
use super::sides::SideDocs;
use super::version::{KumaVersion, Semantics};
use super::{Context, dedupe, judgement_findings, ready, unchecked};
use crate::diag::codes::Code;
use crate::diag::{Diagnostic, Location, agree};

/// The findings of upgrading to `to` with `side` as it stands.
pub(crate) fn upgrade_findings(
    ctx: &Context<'_>,
    side: &SideDocs,
    to: KumaVersion,
    at: &Location,
) -> Vec<Diagnostic> {
    let census = match ready(ctx) {
        Ok((census, _)) => census,
        Err(missing) => return vec![unchecked(&missing, at)],
    };
    let population = Population::of(census);
    let s = side.side();
    let mut out = Vec::new();
    if to.major >= 3 {
        out.extend(without_identity(&population, &s, at));
        out.extend(legacy_certificates(census, at));
    }
    let after = to.semantics();
    for &before in &ctx.semantics {
        for &later in &after {
            let judged = judge(&population, (&s, before), (&s, later), false);
            let mut found = judgement_findings(&judged, later, false, false, at);
            for d in &mut found {
                d.message = format!(
                    "{} (from Kuma {} to {})",
                    d.message,
                    before.as_str(),
                    later.as_str()
                );
            }
            out.extend(found);
        }
    }
    dedupe(out)
}

/// `upgrade-no-identity`: proxies no Ready MeshIdentity with a provider selects.
fn without_identity(
    population: &Population<'_>,
    side: &super::pairs::Side<'_>,
    at: &Location,
) -> Option<Diagnostic> {
    let mut names: Vec<&str> = Vec::new();
    let mut count = 0u64;
    for (workload, members) in &population.groups {
        if side.identity_of(&workload.labels).is_none() {
            count += members.len() as u64;
            names.extend(members.iter().take(10usize.saturating_sub(names.len())));
        }
    }
    if count == 0 {
        return None;
    }
    names.sort();
    let mut d = Diagnostic::new(
        Code::UpgradeNoIdentity,
        format!(
            "{} no MeshIdentity with a provider: on Kuma 3.0 `Mesh.mtls` is inert, so {} plaintext and MeshTrafficPermission stops applying",
            agree(count, "proxy has", "proxies have"),
            if count == 1 { "it serves and accepts" } else { "they serve and accept" }
        ),
    )
    .at(at.clone())
    .label("no identity on 3.0")
    .help("move the mesh to MeshIdentity first (meshctl plans it: a target without `mtls` and with an issuing MeshIdentity)");
    d.proxies = names.iter().map(|n| n.to_string()).collect();
    Some(d)
}

/// `upgrade-legacy-certificate`: proxies whose insight says a `Mesh.mtls` backend issued their
/// certificate.
fn legacy_certificates(census: &crate::state::Census, at: &Location) -> Option<Diagnostic> {
    let legacy: Vec<&str> = census
        .proxies
        .iter()
        .filter(|p| {
            p.mtls
                .as_ref()
                .and_then(|m| m.issued)
                .is_some_and(|i| !census.backend_name(i).starts_with("kri_"))
        })
        .map(|p| p.name.as_str())
        .collect();
    if legacy.is_empty() {
        return None;
    }
    let mut d = Diagnostic::new(
        Code::UpgradeLegacyCertificate,
        format!(
            "{} a certificate from `Mesh.mtls`: Kuma 3.0 removes the bridge that lets MeshIdentity peers trust it, with no rolling back",
            agree(legacy.len() as u64, "proxy holds", "proxies hold")
        ),
    )
    .at(at.clone())
    .label("untrusted on 3.0")
    .help("finish the move to MeshIdentity (`remove-mtls` waits for every proxy to hold an identity's certificate) before upgrading");
    d.proxies = legacy.iter().take(10).map(|n| n.to_string()).collect();
    Some(d)
}

/// The semantics of the version a control plane runs before an upgrade to `to`, when meshctl
/// does not know it: the 2.x minor below.
pub(crate) fn before_upgrade(version: Option<KumaVersion>, to: KumaVersion) -> Vec<Semantics> {
    match version {
        Some(v) => v.semantics(),
        None if to.major >= 3 => vec![Semantics::V214, Semantics::V214Merged],
        None => vec![Semantics::V213],
    }
}
