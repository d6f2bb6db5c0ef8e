//! The rotation domain: the diff of two `mtls` sections, the plan of steps from current to target,
//! each step's gate evaluated on the observed state, its manifest, the next-step verdict, and
//! where a rotation stands.

pub mod decide;
pub mod diff;
pub mod emit;
pub mod gate;
pub mod plan;
pub mod status;
