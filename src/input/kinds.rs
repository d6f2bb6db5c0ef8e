//! The kinds of policy documents read beside a Mesh, and their names in each place Kuma uses.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyKind {
    Identity,
    Trust,
    Tls,
}

impl PolicyKind {
    pub fn from_kind(kind: &str) -> Option<Self> {
        match kind {
            "MeshIdentity" => Some(Self::Identity),
            "MeshTrust" => Some(Self::Trust),
            "MeshTLS" => Some(Self::Tls),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "MeshIdentity",
            Self::Trust => "MeshTrust",
            Self::Tls => "MeshTLS",
        }
    }

    /// The KRI short name (`kri_mid_…`).
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Identity => "mid",
            Self::Trust => "mtrust",
            Self::Tls => "mtls",
        }
    }

    /// The REST collection and kubectl resource name.
    pub fn plural(self) -> &'static str {
        match self {
            Self::Identity => "meshidentities",
            Self::Trust => "meshtrusts",
            Self::Tls => "meshtlses",
        }
    }
}
