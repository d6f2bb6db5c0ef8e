//! Which Kuma evaluates the policies: the version the control plane runs, and the semantics of
//! MeshTrafficPermission each version has (README "Authorization").

use std::fmt;

/// How a Kuma version evaluates MeshTrafficPermission on an inbound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Semantics {
    /// 2.13: a `rules` policy on an inbound drops its `from` policies; a proxy under a
    /// MeshIdentity still takes `from` when no `rules` policy matches it
    /// (`meshtrafficpermission/plugin/v1alpha1/plugin.go`, v2.13.10).
    V213,
    /// 2.14.0 to 2.14.3: as 2.13, and a proxy under a workload identity always takes `rules`
    /// (kuma#16910, in v2.14.0).
    V214,
    /// 2.14 with `from` and `rules` merged on one inbound, denies first (kuma#18774), in patches
    /// after v2.14.3 that meshctl cannot prove.
    V214Merged,
    /// 3.0: `rules` only, on proxies with a workload identity; `Mesh.mtls` and TrafficPermission
    /// inert (`UPGRADE.md` on master).
    V3,
}

impl Semantics {
    pub fn as_str(self) -> &'static str {
        match self {
            Semantics::V213 => "2.13",
            Semantics::V214 => "2.14",
            Semantics::V214Merged => "2.14 with from and rules merged",
            Semantics::V3 => "3.0",
        }
    }
}

/// A Kuma version, `X.Y` or `X.Y.Z` (a Kong Mesh control plane says which Kuma it is based on).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct KumaVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: Option<u32>,
}

impl KumaVersion {
    /// `2.14`, `2.14.3`, `v2.14.3`, `2.14.3-rc1`: the numbers before any suffix.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().trim_start_matches('v');
        let core = text.split(['-', '+']).next()?;
        let mut parts = core.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let patch = match parts.next() {
            Some(p) => Some(p.parse().ok()?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Self {
            major,
            minor,
            patch,
        })
    }

    /// The semantics this version may have: more than one where meshctl cannot tell (a 2.14
    /// patch after v2.14.3 may merge `from` and `rules`); a pair lost under any of them is lost.
    pub fn semantics(self) -> Vec<Semantics> {
        match (self.major, self.minor, self.patch) {
            (0..=1, _, _) | (2, 0..=13, _) => vec![Semantics::V213],
            (2, 14, Some(0..=3)) => vec![Semantics::V214],
            (2, _, _) => vec![Semantics::V214, Semantics::V214Merged],
            _ => vec![Semantics::V3],
        }
    }
}

impl fmt::Display for KumaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.patch {
            Some(p) => write!(f, "{}.{}.{p}", self.major, self.minor),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}

/// The semantics to judge by when the version is not known: every 2.x one.
pub(crate) fn unknown_version() -> Vec<Semantics> {
    vec![Semantics::V213, Semantics::V214, Semantics::V214Merged]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_map_to_the_semantics_they_may_have() {
        let s = |t: &str| KumaVersion::parse(t).unwrap().semantics();
        assert_eq!(s("2.13.10"), [Semantics::V213]);
        assert_eq!(s("v2.14.3"), [Semantics::V214]);
        assert_eq!(s("2.14.0"), [Semantics::V214]);
        assert_eq!(s("2.14"), [Semantics::V214, Semantics::V214Merged]);
        assert_eq!(s("2.14.7"), [Semantics::V214, Semantics::V214Merged]);
        assert_eq!(s("3.0"), [Semantics::V3]);
        assert_eq!(s("3.0.1-rc1"), [Semantics::V3]);
        assert_eq!(KumaVersion::parse("2"), None);
        assert_eq!(KumaVersion::parse("2.x"), None);
        assert_eq!(KumaVersion::parse("2.14.3").unwrap().to_string(), "2.14.3");
    }
}
