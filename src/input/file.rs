//! A parsed input file: its documents (YAML or JSON, told apart by their start), the span-aware
//! syntax tree that locates a field for diagnostics, and typed views located on error.

use std::ops::Range;
use std::rc::Rc;

use serde::Deserialize;
use serde_yaml::Value;

use crate::diag::error::InputError;
use crate::input::kinds::PolicyKind;
use crate::input::path::{FieldPath, Segment};
use crate::input::source::Source;
use crate::input::syntax::SyntaxTree;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// JSON when the whole text parses as JSON; anything else, flow-style YAML that starts with
    /// `{` included, is YAML (a manifest written as JSON must stay valid JSON).
    pub fn detect(text: &str) -> Self {
        let text = text.trim_start_matches('\u{feff}');
        let looks_json = text.trim_start().starts_with(['{', '[']);
        if looks_json && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// A JSON document as a YAML value, refusing a key given twice in one object (as the YAML
/// reader does).
fn json_document(source: &Source) -> Result<Value, InputError> {
    json_value(&source.text).map_err(|e| {
        let message = e.to_string();
        let message = message
            .find(" at line ")
            .map_or(message.as_str(), |i| &message[..i]);
        let message = if message.contains("recursion limit exceeded") {
            "nesting is deeper than the limit of 128 levels"
        } else {
            message
        };
        InputError::at(&source.name, e.line(), e.column(), message)
    })
}

/// Builds a YAML value from JSON, refusing duplicate keys.
struct Strict;
impl<'de> serde::de::DeserializeSeed<'de> for Strict {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}
impl<'de> serde::de::Visitor<'de> for Strict {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Strict)? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_yaml::Mapping::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(key.as_str()) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate entry with key \"{key}\""
                )));
            }
            let value = map.next_value_seed(Strict)?;
            out.insert(Value::String(key), value);
        }
        Ok(Value::Mapping(out))
    }
}

/// A JSON text (a BOM allowed) as a YAML value, refusing a key given twice in one object.
pub(crate) fn json_value(text: &str) -> Result<Value, serde_json::Error> {
    let text = text.trim_start_matches('\u{feff}');
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde::de::DeserializeSeed::deserialize(Strict, &mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Above this size a JSON file is read as a listing (a `meshctl snapshot` holds every proxy beside
/// its Mesh): only its Mesh, Secret and policy items are kept, and findings point at its first line.
const LARGE_JSON: usize = 4 << 20;

/// A large JSON document with every `items` element other than a Mesh or Secret dropped as it
/// is read, so memory holds one item at a time rather than the whole listing.
fn sparse_json(source: &Source) -> Result<Value, InputError> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
    struct Top;
    struct Items;
    impl<'de> Visitor<'de> for Top {
        type Value = serde_json::Map<String, serde_json::Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = serde_json::Map::new();
            while let Some(key) = map.next_key::<String>()? {
                let value = if key == "items" {
                    serde_json::Value::Array(map.next_value_seed(Items)?)
                } else {
                    map.next_value()?
                };
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    impl<'de> DeserializeSeed<'de> for Items {
        type Value = Vec<serde_json::Value>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for Items {
        type Value = Vec<serde_json::Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of items")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut kept = Vec::new();
            while let Some(item) = seq.next_element::<serde_json::Value>()? {
                let is = |k: &str| item.get(k).and_then(|v| v.as_str());
                let kind = is("type").or(is("kind")).unwrap_or_default();
                if matches!(kind, "Mesh" | "Secret") || PolicyKind::from_kind(kind).is_some() {
                    kept.push(item);
                }
            }
            Ok(kept)
        }
    }
    let text = source.text.trim_start_matches('\u{feff}');
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top = deserializer
        .deserialize_map(Top)
        .and_then(|top| deserializer.end().map(|()| top))
        .map_err(|e| InputError::at(&source.name, e.line(), e.column(), e.to_string()))?;
    serde_yaml::to_value(top).map_err(|e| InputError::io(&source.name, e.to_string()))
}

/// A file as read: its text, its documents as values, and the lossless tree for spans.
pub struct ManifestFile {
    pub source: Source,
    pub format: Format,
    pub documents: Vec<Value>,
    syntax: SyntaxTree,
}

pub(crate) use crate::diag::Location;

impl ManifestFile {
    /// Parses every document of `source`; syntax errors, duplicate keys, alias bombs and
    /// nesting beyond serde_yaml's limit are input errors with their line.
    pub fn parse(source: Source) -> Result<Rc<Self>, InputError> {
        let trimmed = source.text.trim_start_matches('\u{feff}').trim_start();
        let format = Format::detect(trimmed);
        if trimmed.is_empty() {
            return Err(InputError::io(
                &source.name,
                "is empty: expected a Mesh document",
            ));
        }
        if format == Format::Json && source.text.len() > LARGE_JSON {
            let documents = vec![sparse_json(&source)?];
            return Ok(Rc::new(Self {
                source,
                format,
                documents,
                syntax: SyntaxTree::empty(),
            }));
        }
        let mut documents = Vec::new();
        if format == Format::Json {
            // serde_json, not serde_yaml: YAML cannot read what JSON writers write, such as an
            // emoji as a surrogate pair (`"\ud83d\ude00"`, Python's json.dumps).
            documents.push(json_document(&source)?);
        } else {
            for document in serde_yaml::Deserializer::from_str(&source.text) {
                let mut value =
                    Value::deserialize(document).map_err(|e| yaml_error(&source, &e))?;
                // `<<: *anchor` merges as kubectl (go-yaml) applies it, never a key of its own.
                value.apply_merge().map_err(|e| {
                    InputError::io(
                        &source.name,
                        format!("a YAML merge key (`<<`) cannot be applied: {e}"),
                    )
                })?;
                documents.push(value);
            }
        }
        let syntax = SyntaxTree::parse(&source.text);
        Ok(Rc::new(Self {
            source,
            format,
            documents,
            syntax,
        }))
    }

    pub fn name(&self) -> &str {
        &self.source.name
    }

    /// Locates `path` in document `doc`, falling back to the deepest part that exists and, failing
    /// that, to the document's first line.
    pub fn locate(&self, doc: usize, path: &FieldPath) -> Location {
        let span = self
            .syntax
            .locate(doc, path)
            .map(|l| l.label)
            .unwrap_or(0..0);
        let (line, column) = self.source.line_col(span.start);
        Location {
            file: self.source.name.clone(),
            line,
            column,
            span,
            path: path.to_string(),
        }
    }

    /// The spans of values at `paths` in document `doc` (for masking secrets in snippets).
    pub fn value_spans(&self, doc: usize, paths: &[FieldPath]) -> Vec<Range<usize>> {
        self.syntax.value_spans(doc, paths)
    }
}

/// The typed view of `value` (the object at `base` of document `doc`); a field of the wrong type
/// is an input error at that field.
pub(crate) fn deserialize_at<T: serde::de::DeserializeOwned>(
    file: &ManifestFile,
    doc: usize,
    base: &FieldPath,
    value: &Value,
) -> Result<T, InputError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = base.clone();
        path.0.extend(e.path().iter().filter_map(|s| match s {
            serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
            _ => None,
        }));
        let at = file.locate(doc, &path);
        InputError::at(
            file.name(),
            at.line,
            at.column,
            format!("{path}: {}", e.inner()),
        )
    })
}

/// Turns a serde_yaml error into an input error at its line, without repeating the position.
fn yaml_error(source: &Source, error: &serde_yaml::Error) -> InputError {
    let message = error.to_string();
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let message = if message.contains("recursion limit exceeded") {
        "nesting is deeper than the limit of 128 levels".to_string()
    } else if message.contains("repetition limit exceeded") {
        "too many alias expansions (a YAML alias bomb?)".to_string()
    } else {
        message
    };
    match error.location() {
        Some(at) if at.index() >= source.text.trim_end().len() => InputError::at(
            &source.name,
            at.line(),
            at.column(),
            format!("unexpected end of file, is it truncated? ({message})"),
        ),
        Some(at) => {
            let (line, column) = duplicate_key_line(&source.text, &message, at.line(), at.column())
                .unwrap_or((at.line(), at.column()));
            InputError::at(&source.name, line, column, message)
        }
        None => InputError::io(&source.name, message),
    }
}

/// serde_yaml places a duplicate key at the start of its mapping; this finds the second
/// occurrence of the key among that mapping's block keys (same indentation), when it is there.
fn duplicate_key_line(
    text: &str,
    message: &str,
    line: usize,
    column: usize,
) -> Option<(usize, usize)> {
    let key = message
        .split_once("duplicate entry with key ")?
        .1
        .trim_matches('"');
    let indent = column.saturating_sub(1);
    let mut seen = 0;
    for (i, text_line) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let body = text_line.get(indent..)?;
        let leading = text_line[..indent].trim_start_matches([' ', '-']);
        if !leading.is_empty() && i + 1 != line {
            // Left the mapping: a line less indented than its keys.
            return None;
        }
        let body = body.strip_prefix("- ").unwrap_or(body);
        let matches = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|k| body.starts_with(k.as_str()));
        if matches {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, column));
            }
        }
    }
    None
}
