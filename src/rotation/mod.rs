//! The rotation domain: the plan of steps from current to target (each with its gate and edits),
//! each step's manifest, the next-step verdict on the evidence, and where a rotation stands.

pub(crate) mod diff;
pub(crate) mod emit;
pub(crate) mod engine;
pub(crate) mod identity;
pub(crate) mod identity_of_ca;
pub(crate) mod plan;
pub(crate) mod secrets;
pub(crate) mod status;
pub(crate) mod step;
pub(crate) mod transition;
