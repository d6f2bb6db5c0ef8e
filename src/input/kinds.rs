//! The kinds of policy documents read beside a Mesh, and their names in each place Kuma uses.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyKind {
    Identity,
    Trust,
    Tls,
    /// MeshTrafficPermission.
    Permission,
    /// The legacy TrafficPermission, whose RBAC stays in force on 2.x where no
    /// MeshTrafficPermission `from` covers an inbound.
    LegacyPermission,
}

impl PolicyKind {
    pub fn from_kind(kind: &str) -> Option<Self> {
        match kind {
            "MeshIdentity" => Some(Self::Identity),
            "MeshTrust" => Some(Self::Trust),
            "MeshTLS" => Some(Self::Tls),
            "MeshTrafficPermission" => Some(Self::Permission),
            "TrafficPermission" => Some(Self::LegacyPermission),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "MeshIdentity",
            Self::Trust => "MeshTrust",
            Self::Tls => "MeshTLS",
            Self::Permission => "MeshTrafficPermission",
            Self::LegacyPermission => "TrafficPermission",
        }
    }

    /// The KRI short name (`kri_mid_…`).
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Identity => "mid",
            Self::Trust => "mtrust",
            Self::Tls => "mtls",
            Self::Permission => "mtp",
            // Legacy resources have no KRI; the name is never printed as one.
            Self::LegacyPermission => "tp",
        }
    }

    /// The kubectl resource name.
    pub fn plural(self) -> &'static str {
        match self {
            Self::Identity => "meshidentities",
            Self::Trust => "meshtrusts",
            Self::Tls => "meshtlses",
            Self::Permission => "meshtrafficpermissions",
            Self::LegacyPermission => "trafficpermissions",
        }
    }

    /// The REST collection under `/meshes/{mesh}/`.
    pub fn rest_collection(self) -> &'static str {
        match self {
            Self::LegacyPermission => "traffic-permissions",
            other => other.plural(),
        }
    }

    /// An authorization policy, kept apart from the identity documents.
    pub fn authorizes(self) -> bool {
        matches!(self, Self::Permission | Self::LegacyPermission)
    }
}
