//! Inputs: files and stdin within a size limit, YAML and JSON documents with spans, the Mesh and
//! its typed `mtls` view, Secrets, redaction, and the value grammars (durations, timestamps).
//! Knows nothing of the commands or the command line.

pub mod duration;
pub mod identity;
pub mod manifest;
pub mod mesh;
pub mod path;
pub mod redact;
pub mod secret;
pub mod source;
pub mod syntax;
pub mod time;
