//! Authorization as Kuma evaluates it (README "Authorization"): which clients each server inbound
//! admits, from MeshTrafficPermissions, legacy TrafficPermissions and the identities proxies
//! present, per Kuma version; and the pairs a step of a plan denies or opens.

pub(crate) mod evaluate;
pub(crate) mod migrate;
pub(crate) mod pairs;
pub(crate) mod policy;
pub(crate) mod principal;
pub(crate) mod select;
pub(crate) mod sides;
pub(crate) mod upgrade;
pub(crate) mod version;

use crate::diag::codes::Code;
use crate::diag::{Diagnostic, Location, agree};
use crate::input::identity::{PolicyDoc, PolicyKind};
use crate::state::Census;
use pairs::{Judgement, PairSet, Population, judge};
use sides::SideDocs;
use version::Semantics;

/// The mesh's MeshTrafficPermissions and TrafficPermissions as a complete set, and where it came
/// from (`--policies`, a snapshot, live mode).
#[derive(Debug, Clone)]
pub struct PolicySet {
    pub docs: Vec<PolicyDoc>,
    pub source: String,
}

/// What authorization is judged with.
pub(crate) struct Context<'a> {
    pub census: Option<&'a Census>,
    pub complete: Option<&'a PolicySet>,
    pub semantics: Vec<Semantics>,
}

/// The findings of a change from `before` to `after`; `enabling`/`disabling` when it turns mTLS on
/// or off (judged against the policies, and opening by design); `at` where they point.
pub(crate) fn change_findings(
    ctx: &Context<'_>,
    before: &SideDocs,
    after: &SideDocs,
    at: &Location,
) -> Vec<Diagnostic> {
    if !before.differs_for_authorization(after) {
        return Vec::new();
    }
    let enabling = !before.mtls && after.mtls && before.identities_empty();
    let disabling = before.mtls && !after.mtls && after.identities_empty();
    let (census, _) = match ready(ctx) {
        Ok(ready) => ready,
        // Turning mTLS off opens every pair whatever the policies say: nothing to check.
        Err(_) if disabling => return Vec::new(),
        Err(missing) => return vec![unchecked(&missing, at)],
    };
    let population = Population::of(census);
    let (b, a) = (before.side(), after.side());
    let mut findings = Vec::new();
    for &semantics in &ctx.semantics {
        let judged = judge(&population, (&b, semantics), (&a, semantics), true);
        findings.extend(judgement_findings(
            &judged, semantics, enabling, disabling, at,
        ));
        if findings
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
        {
            break;
        }
    }
    dedupe(findings)
}

/// The census and the complete policy set, when both are there.
pub(crate) fn ready<'a>(ctx: &Context<'a>) -> Result<(&'a Census, &'a PolicySet), String> {
    let census = ctx.census.filter(|c| c.workloads_complete());
    let (census, set) = match (ctx.complete, census) {
        (Some(set), Some(census)) => (census, set),
        (None, None) => return Err("the mesh's MeshTrafficPermissions and TrafficPermissions, and the proxies' Dataplanes, are not given".to_string()),
        (None, Some(_)) => return Err("the mesh's MeshTrafficPermissions and TrafficPermissions are not given as a complete set (policies beside the Mesh prove nothing about the others)".to_string()),
        (Some(_), None) => return Err("the proxies' Dataplanes (labels and inbound tags) are not in the state: insight-only and MeshInsight state cannot say who is who".to_string()),
    };
    counted_as_read(census, set)?;
    Ok((census, set))
}

/// A MeshInsight beside the state counts the policies of each type: the set read must hold as
/// many (the MeshInsight follows a change within about a second; against kuma-cp 2.14 a type
/// with none is absent from its counts).
fn counted_as_read(census: &Census, set: &PolicySet) -> Result<(), String> {
    let Some(counts) = census.aggregate.as_ref().and_then(|a| a.policies.as_ref()) else {
        return Ok(());
    };
    for kind in [PolicyKind::Permission, PolicyKind::LegacyPermission] {
        let read = set.docs.iter().filter(|d| d.kind == kind).count() as u64;
        let counted = counts.get(kind.as_str()).copied().unwrap_or(0);
        if read != counted {
            return Err(format!(
                "the MeshInsight counts {counted} {} and {read} were read from {}: the set is not whole, or changed since",
                kind.as_str(),
                set.source
            ));
        }
    }
    Ok(())
}

pub(crate) fn unchecked(missing: &str, at: &Location) -> Diagnostic {
    Diagnostic::new(
        Code::AuthorizationUnchecked,
        format!("this step changes who may call whom, and {missing}"),
    )
    .at(at.clone())
    .label("authorization not checked")
    .help("give --policies FILE (kubectl get meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml, or kumactl get … -o yaml) and per-proxy state with Dataplanes (kumactl inspect dataplanes -o json, or `meshctl snapshot`), or use --control-plane; --warn authorization-unchecked where something else checks it")
}

pub(crate) fn judgement_findings(
    judged: &Judgement,
    semantics: Semantics,
    enabling: bool,
    disabling: bool,
    at: &Location,
) -> Vec<Diagnostic> {
    let on = format!("(Kuma {})", semantics.as_str());
    let mut out = Vec::new();
    if enabling {
        if judged.judged_after > 0 && judged.allowed_after == 0 {
            out.push(
                Diagnostic::new(
                    Code::AuthorizationDenyAll,
                    format!(
                        "turning mTLS on enforces RBAC on every inbound, and no MeshTrafficPermission or TrafficPermission allows any of the {} pairs of proxies {on}",
                        judged.judged_after
                    ),
                )
                .at(at.clone())
                .label("every call would be denied")
                .help("apply a MeshTrafficPermission that allows the traffic the mesh needs before turning mTLS on"),
            );
        } else if judged.denied_after.total > 0 {
            out.push(with_pairs(
                Diagnostic::new(
                    Code::AuthorizationEnforced,
                    format!(
                        "turning mTLS on starts enforcing the policies: {} denied from then on {on}",
                        agree(judged.denied_after.total, "pair of proxies is", "pairs of proxies are")
                    ),
                )
                .at(at.clone())
                .help("check that these pairs are meant to be denied; allow them with a MeshTrafficPermission first if not"),
                &judged.denied_after,
            ));
        }
        return out;
    }
    if judged.lost.total > 0 {
        out.push(with_pairs(
            Diagnostic::new(
                Code::AuthorizationLost,
                format!(
                    "{} allowed before this step {} denied while it reaches the proxies or after it {on}",
                    agree(judged.lost.total, "pair of proxies", "pairs of proxies"),
                    if judged.lost.total == 1 { "is" } else { "are" }
                ),
            )
            .at(at.clone())
            .label("traffic would be denied")
            .help("allow both the old and the new identities before this step (meshctl plans an `allow-identities` step for a MeshIdentity move), or change the policies named"),
            &judged.lost,
        ));
    }
    if judged.opened.total > 0 {
        let mut d = Diagnostic::new(
            Code::AuthorizationOpened,
            format!(
                "{} denied before this step {} allowed while it reaches the proxies or after it {on}",
                agree(judged.opened.total, "pair of proxies", "pairs of proxies"),
                if judged.opened.total == 1 { "is" } else { "are" }
            ),
        )
        .at(at.clone())
        .label("traffic would be allowed");
        if disabling {
            d.severity = crate::diag::Severity::Warning;
            d.message
                .push_str(": turning mTLS off removes every inbound's RBAC, by design");
            d = d.help(
                "expected when turning mTLS off; keep mTLS on if these pairs must stay denied",
            );
        } else {
            d = d.help("narrow the policies named (a `Prefix` matches every ID that starts with it), or keep the old configuration for these proxies");
        }
        out.push(with_pairs(d, &judged.opened));
    }
    out
}

fn with_pairs(mut d: Diagnostic, set: &PairSet) -> Diagnostic {
    d.pairs = set.examples.clone();
    d.pairs_total = set.total;
    d
}

/// One finding per code: the first semantics that found it speaks.
pub(crate) fn dedupe(findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for d in findings {
        if !out.iter().any(|o| o.code == d.code) {
            out.push(d);
        }
    }
    out
}
