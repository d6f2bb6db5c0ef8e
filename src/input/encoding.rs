//! Base64 as Kuma and Kubernetes decode it.

use base64::Engine as _;

/// Decodes base64 as Go does (Kuma and Kubernetes decode it): line breaks are skipped, any other
/// blank (a space from a folded YAML line, a tab) makes it invalid.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .ok()
}
