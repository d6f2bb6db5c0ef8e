//! Keeping private key material out of every output: redacted values for diffs and reports, and
//! a masked copy of each input's text for the snippets diagnostics show.

use std::ops::Range;

use serde_yaml::Value;

use crate::input::manifest::ManifestFile;
use crate::input::path::FieldPath;

pub(crate) const REDACTED: &str = "<redacted>";

/// Fields whose values are secrets (a DataSource's payload under them is redacted too).
const SECRET_FIELDS: [&str; 8] = [
    "key",
    "clientKey",
    "token",
    "accessKey",
    "accessKeySecret",
    "secretKey",
    "password",
    "privateKey",
];

/// DataSource variants that carry the material itself rather than a reference to it.
const INLINE_VARIANTS: [&str; 2] = ["inline", "inlineString"];

/// Fields that hold certificates, public by nature: an inline DataSource under any other field
/// (a misspelled `keyy:` included, which `unknown-field` then points at) is masked.
const CERTIFICATE_FIELDS: [&str; 5] = ["cert", "caCert", "clientCert", "certificate", "pem"];

/// A copy of `value` with every secret payload replaced by `<redacted>`.
pub(crate) fn redact_value(value: &Value) -> Value {
    let mut copy = value.clone();
    for path in secret_paths(value) {
        if let Some(slot) = get_mut(&mut copy, &path) {
            *slot = Value::String(REDACTED.to_string());
        }
    }
    copy
}

/// Paths (inside `value`) of every secret payload: inline values under secret fields, any string
/// holding a PEM private key, and the `data` of Secret objects.
pub(crate) fn secret_paths(value: &Value) -> Vec<FieldPath> {
    let mut out = Vec::new();
    walk(value, FieldPath::root(), None, &mut out);
    out
}

/// `parent`: the key `value` sits under.
fn walk(value: &Value, path: FieldPath, parent: Option<&str>, out: &mut Vec<FieldPath>) {
    match value {
        Value::Mapping(map) => {
            let is_secret_object = ["kind", "type"]
                .iter()
                .any(|k| map.get(*k).and_then(Value::as_str) == Some("Secret"));
            for (key, child) in map {
                let Some(key) = key.as_str() else { continue };
                let child_path = path.key(key);
                let certificate = parent.is_some_and(|p| CERTIFICATE_FIELDS.contains(&p));
                let payload = (is_secret_object && key == "data")
                    || (INLINE_VARIANTS.contains(&key) && !certificate)
                    || (SECRET_FIELDS.contains(&key) && child.is_string());
                if payload {
                    out.push(child_path);
                } else {
                    walk(child, child_path, Some(key), out);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, path.index(i), None, out);
            }
        }
        Value::String(text) if text.contains("PRIVATE KEY") => out.push(path),
        Value::Tagged(tagged) => walk(&tagged.value, path, parent, out),
        _ => {}
    }
}

fn get_mut<'a>(value: &'a mut Value, path: &FieldPath) -> Option<&'a mut Value> {
    path.0.iter().try_fold(value, |v, segment| match segment {
        crate::input::path::Segment::Key(k) => v.get_mut(k.as_str()),
        crate::input::path::Segment::Index(i) => v.get_mut(*i),
    })
}

/// The text of `file` with every secret payload masked, byte for byte, so spans stay valid.
pub(crate) fn masked_text(file: &ManifestFile) -> String {
    let mut spans: Vec<Range<usize>> = Vec::new();
    for (doc, value) in file.documents.iter().enumerate() {
        spans.extend(file.value_spans(doc, &secret_paths(value)));
    }
    spans.extend(pem_key_blocks(&file.source.text));
    mask(&file.source.text, &spans)
}

/// A manifest as reports show it: inline key material masked. The manifest itself, on stdout or
/// in a written file, stays as the user wrote it, since it must apply.
pub(crate) fn masked_manifest(text: &str) -> String {
    match ManifestFile::parse(crate::input::source::Source::new("manifest", text)) {
        Ok(file) => masked_text(&file),
        Err(_) => mask(text, &pem_key_blocks(text)),
    }
}

/// Byte ranges of `-----BEGIN ... PRIVATE KEY-----` blocks, wherever they stand.
fn pem_key_blocks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("-----BEGIN ") {
        let start = from + found;
        let header_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if !text[start..header_end].contains("PRIVATE KEY") {
            from = start + 1;
            continue;
        }
        let end = text[start..]
            .find("-----END ")
            .and_then(|i| {
                text[start + i..]
                    .find("KEY-----")
                    .map(|j| start + i + j + 8)
            })
            .unwrap_or(text.len());
        out.push(start..end);
        from = end;
    }
    out
}

/// Replaces every character in `spans` (but line breaks) with `*`, starting with `<redacted>`.
fn mask(text: &str, spans: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
        if start >= end {
            continue;
        }
        for b in &mut bytes[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b'*';
            }
        }
        let first_line = bytes[start..end].iter().take_while(|&&b| b == b'*').count();
        if first_line >= REDACTED.len() {
            bytes[start..start + REDACTED.len()].copy_from_slice(REDACTED.as_bytes());
        }
    }
    // Masking whole characters keeps the text valid UTF-8; a span cut inside a character is
    // repaired lossily rather than trusted.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Source;

    const KEY: &str = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx\n-----END EC PRIVATE KEY-----";

    #[test]
    fn redacts_inline_keys_but_not_references() {
        let value: Value = serde_yaml::from_str(
            "conf:\n  cert: {inline: Y2VydA==}\n  key: {inlineString: secretstuff}\n  keyy: {inline: TUhjQ0FR}\n  other: {secret: name}\ntoken: abc",
        )
        .unwrap();
        let redacted = serde_yaml::to_string(&redact_value(&value)).unwrap();
        assert!(!redacted.contains("secretstuff"));
        // A misspelled key field (which `unknown-field` points at) is masked too.
        assert!(!redacted.contains("TUhjQ0FR"), "{redacted}");
        assert!(!redacted.contains("abc"));
        assert!(redacted.contains("Y2VydA=="));
        assert!(redacted.contains("secret: name"));
    }

    #[test]
    fn masks_key_material_in_the_text_keeping_offsets() {
        let text = format!(
            "type: Mesh\nname: m\nmtls:\n  backends:\n  - name: p\n    conf:\n      key:\n        inlineString: |\n          {}\n",
            KEY.replace('\n', "\n          ")
        );
        let file = ManifestFile::parse(Source::new("m.yaml", text.clone())).unwrap();
        let masked = masked_text(&file);
        assert_eq!(masked.len(), text.len());
        assert!(!masked.contains("MHcCAQEEIBx"), "{masked}");
        assert!(masked.contains(REDACTED));
        assert!(masked.contains("name: p"));
    }
}
