//! Manifest files: documents split and classified (Mesh, Secret, other), the Mesh picked with
//! `--mesh`, its typed view, and locations of its fields for diagnostics.

use std::ops::Range;
use std::rc::Rc;

use serde::Deserialize;
use serde_yaml::Value;

use crate::diag::error::InputError;
use crate::input::identity::{PolicyDoc, PolicyKind};
use crate::input::mesh::{KubernetesMesh, Mtls, Routing, Shape, UniversalMesh};
use crate::input::path::{FieldPath, Segment};
use crate::input::secret::SecretDoc;
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

pub use crate::diag::Location;

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
                let value = Value::deserialize(document).map_err(|e| yaml_error(&source, &e))?;
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

    /// The objects of the file, looking inside `List`s, each with its place.
    fn objects(&self) -> Vec<Object<'_>> {
        let mut out = Vec::new();
        for (doc, value) in self.documents.iter().enumerate() {
            collect_objects(value, doc, FieldPath::root(), &mut out);
        }
        out
    }
}

struct Object<'a> {
    doc: usize,
    base: FieldPath,
    value: &'a Value,
    kind: ObjectKind,
}

enum ObjectKind {
    Mesh(Shape),
    Secret(Shape),
    Policy(PolicyKind, Shape),
    Other(String),
}

fn collect_objects<'a>(value: &'a Value, doc: usize, base: FieldPath, out: &mut Vec<Object<'a>>) {
    let field = |name: &str| value.get(name).and_then(Value::as_str);
    let kind = match (field("kind"), field("type")) {
        (Some("Mesh"), _) => ObjectKind::Mesh(Shape::Kubernetes),
        (Some("Secret"), _) => ObjectKind::Secret(Shape::Kubernetes),
        (None, Some("Mesh")) => ObjectKind::Mesh(Shape::Universal),
        (None, Some("Secret")) => ObjectKind::Secret(Shape::Universal),
        (Some(kind), _) if let Some(policy) = PolicyKind::from_kind(kind) => {
            ObjectKind::Policy(policy, Shape::Kubernetes)
        }
        (None, Some(kind)) if let Some(policy) = PolicyKind::from_kind(kind) => {
            ObjectKind::Policy(policy, Shape::Universal)
        }
        _ => {
            // `kubectl get meshes -o yaml` prints a List; `GET /meshes` a page of items.
            if let Some(Value::Sequence(items)) = value.get("items") {
                for (i, item) in items.iter().enumerate() {
                    collect_objects(item, doc, base.key("items").index(i), out);
                }
                return;
            }
            if value.is_null() {
                return;
            }
            let what = match (field("kind"), field("type")) {
                (Some(k), _) => format!("kind {k}"),
                (None, Some(t)) => format!("type {t}"),
                _ if value.is_mapping() => "a mapping without `kind` or `type`".to_string(),
                _ => "a value that is not a mapping".to_string(),
            };
            ObjectKind::Other(what)
        }
    };
    out.push(Object {
        doc,
        base,
        value,
        kind,
    });
}

/// One Mesh object with its typed view and the file it came from.
#[derive(Clone)]
pub struct MeshDoc {
    pub file: Rc<ManifestFile>,
    pub doc: usize,
    /// Path of the object inside its document (`items[2]` inside a List, else empty).
    pub base: FieldPath,
    pub shape: Shape,
    pub name: String,
    pub mtls: Mtls,
    pub routing: Routing,
    /// `meshServices.mode` as written (absent: Disabled).
    pub mesh_services: Option<String>,
    /// When the Mesh last changed: Universal `modificationTime`, else the newest managedFields time.
    pub modified: Option<String>,
    /// The whole object as written, unknown fields included.
    pub value: Value,
}

impl std::fmt::Debug for MeshDoc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MeshDoc")
            .field("file", &self.file.name())
            .field("name", &self.name)
            .field("shape", &self.shape)
            .finish_non_exhaustive()
    }
}

impl MeshDoc {
    /// The full path of a field given relative to the Mesh's spec (`mtls.enabledBackend`).
    pub fn spec_path(&self, rest: &str) -> FieldPath {
        let mut path = self.base.clone();
        path.0.extend(self.shape.prefix().0);
        path.0.extend(FieldPath::parse(rest).0);
        path
    }

    /// The location of a field given relative to the Mesh's spec.
    pub fn locate(&self, rest: &str) -> Location {
        self.file.locate(self.doc, &self.spec_path(rest))
    }

    /// The location of the Mesh's name.
    pub fn locate_name(&self) -> Location {
        let rest = match self.shape {
            Shape::Kubernetes => "metadata.name",
            Shape::Universal => "name",
        };
        let mut path = self.base.clone();
        path.0.extend(FieldPath::parse(rest).0);
        self.file.locate(self.doc, &path)
    }

    /// The raw `mtls` section as written, for diffs.
    pub fn mtls_value(&self) -> Value {
        let mtls = match self.shape {
            Shape::Kubernetes => self.value.get("spec").and_then(|s| s.get("mtls")),
            Shape::Universal => self.value.get("mtls"),
        };
        mtls.cloned().unwrap_or(Value::Null)
    }

    fn from_object(
        file: &Rc<ManifestFile>,
        object: &Object<'_>,
        shape: Shape,
    ) -> Result<Self, InputError> {
        let (name, spec_mtls, routing, modified, mesh_services) = match shape {
            Shape::Kubernetes => {
                let mesh: KubernetesMesh =
                    deserialize_at(file, object.doc, &object.base, object.value)?;
                let metadata = mesh.metadata;
                let modified = metadata
                    .as_ref()
                    .and_then(|m| m.managed_fields.as_ref())
                    .and_then(|fields| fields.iter().filter_map(|f| f.time.clone()).max());
                let spec = mesh.spec.unwrap_or_default();
                (
                    metadata.and_then(|m| m.name),
                    spec.mtls,
                    spec.routing,
                    modified,
                    spec.mesh_services,
                )
            }
            Shape::Universal => {
                let mesh: UniversalMesh =
                    deserialize_at(file, object.doc, &object.base, object.value)?;
                (
                    mesh.name,
                    mesh.mtls,
                    mesh.routing,
                    mesh.modification_time,
                    mesh.mesh_services,
                )
            }
        };
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            let at = file.locate(object.doc, &object.base);
            let field = match shape {
                Shape::Kubernetes => "metadata.name",
                Shape::Universal => "name",
            };
            return Err(InputError::at(
                file.name(),
                at.line,
                at.column,
                format!("the Mesh has no `{field}`"),
            ));
        };
        Ok(Self {
            file: Rc::clone(file),
            doc: object.doc,
            base: object.base.clone(),
            shape,
            name,
            mtls: spec_mtls.unwrap_or_default(),
            routing: routing.unwrap_or_default(),
            mesh_services: mesh_services.and_then(|m| m.mode),
            modified,
            value: object.value.clone(),
        })
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

/// What one file holds: its Meshes, Secrets and MeshIdentity, MeshTrust and MeshTLS policies.
pub struct Contents {
    pub meshes: Vec<MeshDoc>,
    pub secrets: Vec<SecretDoc>,
    pub policies: Vec<PolicyDoc>,
}

/// Reads the Meshes and Secrets of a parsed file; a Mesh with wrong field types is an input error.
pub fn contents(file: &Rc<ManifestFile>) -> Result<Contents, InputError> {
    let mut meshes = Vec::new();
    let mut secrets = Vec::new();
    let mut others = Vec::new();
    let mut policies = Vec::new();
    for object in file.objects() {
        match object.kind {
            ObjectKind::Mesh(shape) => meshes.push(MeshDoc::from_object(file, &object, shape)?),
            ObjectKind::Secret(shape) => {
                secrets.push(SecretDoc::from_value(object.value, shape, file.name()))
            }
            ObjectKind::Policy(kind, shape) => policies.push(PolicyDoc::read(
                file,
                object.doc,
                &object.base,
                object.value,
                kind,
                shape,
            )?),
            ObjectKind::Other(ref what) => {
                others.push((what.clone(), object.doc, object.base.clone()))
            }
        }
    }
    if meshes.is_empty() {
        let (what, at) = match others.first() {
            Some((what, doc, base)) => (format!("it holds {what}"), file.locate(*doc, base)),
            None if !secrets.is_empty() => (
                "it holds only Secrets".to_string(),
                file.locate(0, &FieldPath::root()),
            ),
            None => (
                "it holds no document".to_string(),
                file.locate(0, &FieldPath::root()),
            ),
        };
        return Err(InputError::at(
            file.name(),
            at.line,
            at.column,
            format!("no Mesh found: {what} (expected `kind: Mesh` or `type: Mesh`)"),
        ));
    }
    Ok(Contents {
        meshes,
        secrets,
        policies,
    })
}

/// The MeshIdentity, MeshTrust and MeshTLS documents of a file that need not hold a Mesh.
pub fn policies(file: &Rc<ManifestFile>) -> Result<Vec<PolicyDoc>, InputError> {
    let mut out = Vec::new();
    for object in file.objects() {
        if let ObjectKind::Policy(kind, shape) = object.kind {
            out.push(PolicyDoc::read(
                file,
                object.doc,
                &object.base,
                object.value,
                kind,
                shape,
            )?);
        }
    }
    Ok(out)
}

/// The Secrets of a `--secrets` file, which need not hold a Mesh.
pub fn secrets_only(file: &Rc<ManifestFile>) -> Result<Vec<SecretDoc>, InputError> {
    let secrets: Vec<SecretDoc> = file
        .objects()
        .into_iter()
        .filter_map(|o| match o.kind {
            ObjectKind::Secret(shape) => Some(SecretDoc::from_value(o.value, shape, file.name())),
            _ => None,
        })
        .collect();
    if secrets.is_empty() {
        return Err(InputError::io(
            file.name(),
            "holds no Secret (expected `kind: Secret` or `type: Secret` documents)",
        ));
    }
    Ok(secrets)
}

/// Picks the Mesh named `wanted`, or the only one.
pub fn select_mesh(
    file: &ManifestFile,
    meshes: &[MeshDoc],
    wanted: Option<&str>,
) -> Result<MeshDoc, InputError> {
    let names = || {
        meshes
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match wanted {
        Some(name) => meshes
            .iter()
            .find(|m| m.name == name)
            .cloned()
            .ok_or_else(|| {
                InputError::io(
                    file.name(),
                    format!("has no Mesh named `{name}` (it has: {})", names()),
                )
            }),
        None => match meshes {
            [one] => Ok(one.clone()),
            _ => Err(InputError::io(
                file.name(),
                format!(
                    "holds several Meshes ({}): pick one with --mesh NAME",
                    names()
                ),
            )),
        },
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Contents, InputError> {
        let file = ManifestFile::parse(Source::new("m.yaml", text))?;
        contents(&file)
    }

    #[test]
    fn reads_both_shapes_and_secrets() {
        let c = parse(
            "apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: {name: a}\nspec:\n  mtls: {enabledBackend: ca-1, backends: [{name: ca-1, type: builtin}]}\n---\ntype: Mesh\nname: b\n---\ntype: Secret\nname: s\nmesh: b\ndata: aGk=\n",
        )
        .unwrap();
        assert_eq!(c.meshes.len(), 2);
        assert_eq!(c.meshes[0].shape, Shape::Kubernetes);
        assert_eq!(c.meshes[0].mtls.enabled(), Some("ca-1"));
        assert_eq!(c.meshes[1].shape, Shape::Universal);
        assert_eq!(c.secrets.len(), 1);
        let at = c.meshes[0].locate("mtls.enabledBackend");
        assert_eq!((at.line, at.path.as_str()), (5, "spec.mtls.enabledBackend"));
    }

    #[test]
    fn wrong_types_name_the_field_and_line() {
        let e = parse("type: Mesh\nname: m\nmtls:\n  enabledBackend: 12\n")
            .err()
            .unwrap();
        assert_eq!((e.line, e.column), (Some(4), Some(3)));
        assert!(
            e.message.starts_with("mtls.enabledBackend: invalid type"),
            "{}",
            e.message
        );
        let e = parse("type: Mesh\nname: m\nmtls: yes\n").err().unwrap();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn syntax_errors_and_missing_meshes_are_input_errors() {
        let e = parse("type: Mesh\nname: [\n").err().unwrap();
        assert!(e.line.is_some());
        let e = parse("kind: Deployment\n").err().unwrap();
        assert!(e.message.contains("kind Deployment"), "{}", e.message);
        let e = parse("a: 1\na: 2\n").err().unwrap();
        assert!(e.message.contains("duplicate"), "{}", e.message);
        assert_eq!(e.line, Some(2));
        let e = parse("type: Mesh\nname: m\nmtls:\n  backends:\n  - name: a\n    type: builtin\n    name: b\n").err().unwrap();
        assert_eq!((e.line, e.column), (Some(7), Some(5)), "{}", e.message);
    }
}
