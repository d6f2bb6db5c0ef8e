//! Inputs: files and stdin within a size limit, YAML and JSON documents with spans, the Mesh and
//! its typed `mtls` view, Secrets, redaction, and the value grammars (durations, timestamps).
//! Knows nothing of the commands or the command line.

pub(crate) mod duration;
pub(crate) mod encoding;
pub(crate) mod file;
pub(crate) mod identity;
pub(crate) mod kinds;
pub(crate) mod loaded;
pub(crate) mod manifest;
pub(crate) mod mesh;
pub(crate) mod path;
pub(crate) mod permission;
pub(crate) mod redact;
pub(crate) mod secret;
pub(crate) mod source;
pub(crate) mod syntax;
pub(crate) mod time;
