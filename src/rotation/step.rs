//! The rotation's vocabulary: the kinds of step in the order the planners take them, one step
//! (its kind, the gate that must hold before it, what the identities must say first, its edits
//! of the Mesh or the documents it applies or deletes) and what the user does with it.

use serde::Serialize;

use crate::gate::{Gate, Requirement};
use crate::rotation::emit::Edit;

/// The kind of a rotation step, in the order the planner takes them; `update-mtls` is a change of
/// settings alone (or of an `mtls` section while mTLS is off).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    EnableMtls,
    AddBackend,
    SwitchBackend,
    RemoveBackend,
    SetMode,
    DisableMtls,
    UpdateMtls,
    PrepareIdentity,
    /// MeshTrafficPermission `rules` that allow today's pairs under both identities.
    AllowIdentities,
    AddIdentity,
    WidenIdentity,
    RemoveMtls,
    DeleteTemporary,
    DeleteIdentity,
    DeleteTrust,
    /// The `from` policies and legacy matchers, once no legacy proxy remains.
    TidyPolicies,
}

impl StepKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::EnableMtls => "enable-mtls",
            StepKind::AddBackend => "add-backend",
            StepKind::SwitchBackend => "switch-backend",
            StepKind::RemoveBackend => "remove-backend",
            StepKind::SetMode => "set-mode",
            StepKind::DisableMtls => "disable-mtls",
            StepKind::UpdateMtls => "update-mtls",
            StepKind::PrepareIdentity => "prepare-identity",
            StepKind::AllowIdentities => "allow-identities",
            StepKind::AddIdentity => "add-identity",
            StepKind::WidenIdentity => "widen-identity",
            StepKind::RemoveMtls => "remove-mtls",
            StepKind::DeleteTemporary => "delete-temporary",
            StepKind::DeleteIdentity => "delete-identity",
            StepKind::DeleteTrust => "delete-trust",
            StepKind::TidyPolicies => "tidy-policies",
        }
    }
}

/// One step of the rotation: its kind, the gate that must hold before it is taken, the edits it
/// makes (its manifest applies every edit up to it) and whether its documents are applied or
/// deleted. New kinds of step (modes, zones, identities) are kinds of this one type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub kind: StepKind,
    /// What must hold in the observed state before this step is applied.
    pub gate: Option<Gate>,
    /// The edits of this step alone; a step's manifest applies every edit up to it.
    pub edits: Vec<Edit>,
    /// One line saying what the step does.
    pub summary: String,
    pub action: Action,
    /// The documents this step applies or deletes, when they are not the Mesh (MeshIdentity,
    /// MeshTrust, MeshTLS), in the target's shape.
    pub documents: Vec<serde_yaml::Value>,
    /// What the MeshIdentities' status in `--current` must say before this step.
    pub requires: Vec<Requirement>,
}

/// What the user does with a step's documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// `kubectl apply -f` / `kumactl apply -f`.
    #[default]
    Apply,
    /// `kubectl delete -f` / `kumactl delete`.
    Delete,
}
