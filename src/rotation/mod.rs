//! The rotation domain: the plan of steps from current to target (each with its gate and edits),
//! each step's manifest, the next-step verdict on the evidence, and where a rotation stands.

pub mod decide;
pub mod emit;
pub mod identity;
pub mod plan;
pub mod status;
