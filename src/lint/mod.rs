//! The checks that turn Meshes and state into findings, by family: static (what Kuma's admission
//! rejects), certificate (the CA material), transition (what makes a change from the current Mesh
//! unsafe) and gates (what the observed state says).

pub(crate) mod certificate;
pub(crate) mod go_template;
pub(crate) mod identity_rules;
pub(crate) mod permission_rules;
pub(crate) mod schema;
pub(crate) mod static_rules;
pub(crate) mod unknown_fields;

/// Which control plane judges the Mesh: Kong Mesh allows the rotation, open-source Kuma does not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Product {
    #[default]
    KongMesh,
    Kuma,
}

impl Product {
    /// Backend types that have a CA plugin on this product.
    pub fn backend_types(self) -> &'static [&'static str] {
        match self {
            Product::KongMesh => &["builtin", "provided", "vault", "acmpca", "certmanager"],
            Product::Kuma => &["builtin", "provided"],
        }
    }
}
