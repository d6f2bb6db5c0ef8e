//! The emitted manifest: the current document with one step's edits, as a minimal edit of the
//! user's text (YAML in `yaml`, JSON in `json`: comments, key order, quoting, indentation, escapes
//! and line endings stay), checked by parsing it back against the intended document; a plain
//! serialization, said in a note, when that check fails.

pub(crate) mod documents;
pub(crate) mod edit;
mod json;
mod yaml;

pub(crate) use edit::Edit;
use edit::{K8S_SERVER_FIELDS, LAST_APPLIED, UNIVERSAL_SERVER_FIELDS, mode_value};

use serde_yaml::Value;

use crate::input::manifest::{Format, MeshDoc};
use crate::input::mesh::Shape;

/// The manifest of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Emitted {
    pub text: String,
    pub format: Format,
    /// Why the text is a plain serialization rather than an edit of the user's file.
    pub fallback: Option<String>,
}

/// The current Mesh with `edits` applied and server-managed fields dropped. Whatever text is
/// returned has been read back as the intended document; `Err` says why no text could be.
pub(crate) fn emit(current: &MeshDoc, target: &MeshDoc, edits: &[Edit]) -> Result<Emitted, String> {
    let intended = intended_value(current, target, edits);
    let format = current.file.format;
    let minimal = || -> Option<String> {
        if !current.base.0.is_empty() {
            return None;
        }
        let text = match format {
            Format::Json => json::edited_text(current, target, edits)?,
            Format::Yaml => yaml::edited_text(current, target, edits)?,
        };
        parses_to(&text, format, &intended).then_some(text)
    };
    let emitted = match minimal() {
        Some(text) => Emitted {
            text,
            format,
            fallback: None,
        },
        None if !current.base.0.is_empty() => plain(
            &intended,
            format,
            &current.file.source.text,
            "the Mesh sits inside a List, so it is emitted alone",
        )?,
        None => plain(
            &intended,
            format,
            &current.file.source.text,
            "the edited file did not read back as intended, so it is printed anew",
        )?,
    };
    if !parses_to(&emitted.text, format, &intended) {
        return Err("the manifest does not read back as the intended Mesh".to_string());
    }
    Ok(emitted)
}

/// The intended document printed anew in the file's format, and why.
fn plain(
    intended: &Value,
    format: Format,
    original: &str,
    reason: &str,
) -> Result<Emitted, String> {
    let text = match format {
        Format::Json => json_text(intended, json_indent(original))?,
        Format::Yaml => serde_yaml::to_string(intended)
            .map_err(|e| format!("the Mesh cannot be printed as YAML: {e}"))?,
    };
    Ok(Emitted {
        text,
        format,
        fallback: Some(reason.to_string()),
    })
}

/// The document the step should produce, computed on values: the reference the text is checked against.
pub(crate) fn intended_value(current: &MeshDoc, target: &MeshDoc, edits: &[Edit]) -> Value {
    let mut value = current.value.clone();
    let target_mtls = target.mtls_value();
    let target_backend = |name: &str| -> Option<Value> {
        target_mtls
            .get("backends")?
            .as_sequence()?
            .iter()
            .find(|b| b.get("name").and_then(Value::as_str) == Some(name))
            .cloned()
    };
    for edit in edits {
        let mtls = mtls_slot(&mut value, current.shape);
        match edit {
            Edit::ReplaceMtls => *mtls = target_mtls.clone(),
            Edit::SetEnabled(name) => {
                ensure_mapping(mtls);
                mtls["enabledBackend"] = Value::String(name.clone());
            }
            Edit::AddBackend(name) => {
                ensure_mapping(mtls);
                if !mtls.get("backends").is_some_and(Value::is_sequence) {
                    mtls["backends"] = Value::Sequence(Vec::new());
                }
                if let (Some(Value::Sequence(items)), Some(backend)) =
                    (mtls.get_mut("backends"), target_backend(name))
                {
                    items.push(backend);
                }
            }
            Edit::SetMode(name, mode) => {
                let spelled = mode_value(target, name, *mode);
                if let Some(Value::Sequence(items)) = mtls.get_mut("backends") {
                    for item in items.iter_mut() {
                        if item.get("name").and_then(Value::as_str) != Some(name) {
                            continue;
                        }
                        if let Value::Mapping(map) = item {
                            match &spelled {
                                Some(v) => {
                                    map.insert(
                                        Value::String("mode".into()),
                                        Value::String(v.clone()),
                                    );
                                }
                                None => {
                                    map.shift_remove("mode");
                                }
                            }
                        }
                    }
                }
            }
            Edit::SetSkipValidation(skip) => {
                ensure_mapping(mtls);
                mtls["skipValidation"] = Value::Bool(*skip);
            }
            Edit::RemoveBackend(name) => {
                if let Some(Value::Sequence(items)) = mtls.get_mut("backends") {
                    items.retain(|b| b.get("name").and_then(Value::as_str) != Some(name));
                }
            }
            Edit::ReplaceBackend(name) => {
                if let (Some(Value::Sequence(items)), Some(backend)) =
                    (mtls.get_mut("backends"), target_backend(name))
                {
                    for item in items.iter_mut() {
                        if item.get("name").and_then(Value::as_str) == Some(name) {
                            *item = backend.clone();
                        }
                    }
                }
            }
        }
    }
    if mtls_slot(&mut value, current.shape).is_null() {
        remove_key(&mut value, current.shape, "mtls");
    }
    drop_server_fields(&mut value, current.shape);
    value
}

fn mtls_slot(value: &mut Value, shape: Shape) -> &mut Value {
    let parent = match shape {
        Shape::Kubernetes => {
            ensure_mapping(&mut value["spec"]);
            &mut value["spec"]
        }
        Shape::Universal => value,
    };
    ensure_mapping(parent);
    &mut parent["mtls"]
}

fn remove_key(value: &mut Value, shape: Shape, key: &str) {
    let parent = match shape {
        Shape::Kubernetes => value.get_mut("spec"),
        Shape::Universal => Some(value),
    };
    if let Some(Value::Mapping(map)) = parent {
        map.shift_remove(key);
    }
}

fn ensure_mapping(value: &mut Value) {
    if !value.is_mapping() {
        *value = Value::Mapping(serde_yaml::Mapping::new());
    }
}

fn drop_server_fields(value: &mut Value, shape: Shape) {
    let Value::Mapping(root) = value else { return };
    match shape {
        Shape::Kubernetes => {
            root.shift_remove("status");
            if let Some(Value::Mapping(metadata)) = root.get_mut("metadata") {
                for field in K8S_SERVER_FIELDS {
                    metadata.shift_remove(field);
                }
                let emptied = match metadata.get_mut("annotations") {
                    Some(Value::Mapping(annotations)) => {
                        annotations.shift_remove(LAST_APPLIED);
                        annotations.is_empty()
                    }
                    _ => false,
                };
                if emptied {
                    metadata.shift_remove("annotations");
                }
            }
        }
        Shape::Universal => {
            for field in UNIVERSAL_SERVER_FIELDS {
                root.shift_remove(field);
            }
        }
    }
}

/// The text reads back, in its format, as the intended document (JSON strictly as JSON).
fn parses_to(text: &str, format: Format, intended: &Value) -> bool {
    match format {
        Format::Json => crate::input::file::json_value(text).is_ok_and(|v| &v == intended),
        Format::Yaml => serde_yaml::from_str::<Value>(text)
            .and_then(|mut v| v.apply_merge().map(|()| v))
            .is_ok_and(|v| &v == intended),
    }
}

/// The indentation of the user's JSON (two spaces when it cannot be told).
fn json_indent(text: &str) -> usize {
    text.lines()
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .filter(|&n| (1..=8).contains(&n))
        .unwrap_or(2)
}

fn json_text(value: &Value, indent: usize) -> Result<String, String> {
    use serde::Serialize;
    let spaces = " ".repeat(indent);
    let formatter = serde_json::ser::PrettyFormatter::with_indent(spaces.as_bytes());
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    // YAML allows what JSON does not (a mapping as a key): say so rather than print half a Mesh.
    value
        .serialize(&mut serializer)
        .map_err(|e| format!("the Mesh cannot be printed as JSON: {e}"))?;
    let mut text = String::from_utf8(out).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_that_cannot_be_printed_is_an_error_not_half_a_document() {
        let value: Value = serde_yaml::from_str("type: Mesh\nfoo: {? [a, b] : c}\n").unwrap();
        let err = json_text(&value, 2).unwrap_err();
        assert!(
            err.starts_with("the Mesh cannot be printed as JSON"),
            "{err}"
        );
    }

    #[test]
    fn json_is_told_by_parsing_not_by_its_first_byte() {
        assert_eq!(Format::detect("{\"a\": [1]}\n"), Format::Json);
        assert_eq!(Format::detect("\u{feff}[]"), Format::Json);
        assert_eq!(Format::detect("{a: b}\n"), Format::Yaml);
        assert_eq!(Format::detect("{\"a\": {? [x] : y}}"), Format::Yaml);
        assert_eq!(Format::detect("a: 1\n"), Format::Yaml);
    }
}
