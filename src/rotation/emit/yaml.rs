//! Minimal edits of a YAML Mesh: yaml-edit for the structure, and text splices where the layout
//! is the user's: an added or replaced backend in the file's own indentation (or flow style), a
//! removed one together with the comment above it, `enabledBackend` in its own quoting.

use std::ops::Range;
use std::str::FromStr;

use serde_yaml::Value;
use yaml_edit::{Document, Mapping, YamlFile, YamlNode};

use super::edit::{Edit, K8S_SERVER_FIELDS, LAST_APPLIED, UNIVERSAL_SERVER_FIELDS, mode_value};
use crate::input::manifest::{Format, MeshDoc};
use crate::input::mesh::Shape;
use crate::input::path::FieldPath;
use crate::input::syntax::SyntaxTree;

/// The current file with `edits` applied to its Mesh document (that document alone when the file
/// holds several); `None` when the text has a shape the edits cannot follow.
pub(super) fn edited_text(current: &MeshDoc, target: &MeshDoc, edits: &[Edit]) -> Option<String> {
    let doc = current.doc;
    let at = Paths(current.shape);
    let mut text = current.file.source.text.clone();
    for edit in edits {
        text = match edit {
            Edit::SetEnabled(name) => set_scalar(&text, doc, &at.mtls("enabledBackend"), name)
                .or_else(|| structural(&text, doc, current.shape, edit, target))?,
            Edit::AddBackend(name) => {
                let backend = TargetBackend::new(target, name)?;
                add_item(&text, doc, &at.mtls("backends"), &at.mtls(""), &backend)?
            }
            Edit::RemoveBackend(name) => remove_item(&text, doc, &at, name)?,
            Edit::ReplaceBackend(name) => {
                let backend = TargetBackend::new(target, name)?;
                replace_item(&text, doc, &at, name, &backend)?
            }
            Edit::ReplaceMtls | Edit::SetSkipValidation(_) | Edit::SetMode(..) => {
                structural(&text, doc, current.shape, edit, target)?
            }
        };
    }
    let (file, documents) = parse(&text, doc)?;
    drop_server_fields_cst(&documents[doc].as_mapping()?, current.shape);
    if documents.len() == 1 {
        Some(file.to_string())
    } else {
        let mut text = documents[doc].to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Some(text)
    }
}

/// Field paths of the Mesh document in its shape.
struct Paths(Shape);

impl Paths {
    /// `mtls.<rest>` (or `mtls` itself for an empty rest), under `spec` on Kubernetes.
    fn mtls(&self, rest: &str) -> String {
        let spec = match self.0 {
            Shape::Kubernetes => "spec.",
            Shape::Universal => "",
        };
        if rest.is_empty() {
            format!("{spec}mtls")
        } else {
            format!("{spec}mtls.{rest}")
        }
    }
}

fn parse(text: &str, doc: usize) -> Option<(YamlFile, Vec<Document>)> {
    let file = YamlFile::from_str(text).ok()?;
    let documents: Vec<Document> = file.documents().collect();
    documents.get(doc)?;
    Some((file, documents))
}

/// An edit on the lossless tree (the mtls section replaced, a flag set).
fn structural(
    text: &str,
    doc: usize,
    shape: Shape,
    edit: &Edit,
    target: &MeshDoc,
) -> Option<String> {
    let (file, documents) = parse(text, doc)?;
    let root = documents[doc].as_mapping()?;
    let spec = spec_of(&root, shape)?;
    match edit {
        Edit::ReplaceMtls => match target_mtls(target) {
            Some(node) => spec.set("mtls", node),
            None => {
                spec.remove("mtls");
            }
        },
        Edit::SetEnabled(name) => spec
            .get_mapping("mtls")?
            .set("enabledBackend", name.as_str()),
        Edit::SetSkipValidation(skip) => spec.get_mapping("mtls")?.set("skipValidation", *skip),
        Edit::SetMode(name, mode) => {
            let seq = spec.get_mapping("mtls")?.get_sequence("backends")?;
            let item = seq.values().find(|item| named(item, name))?;
            let backend = item.as_mapping()?;
            match mode_value(target, name, *mode) {
                Some(value) => backend.set("mode", value.as_str()),
                None => {
                    backend.remove("mode");
                }
            }
        }
        _ => return None,
    }
    Some(file.to_string())
}

fn spec_of(root: &Mapping, shape: Shape) -> Option<Mapping> {
    match shape {
        Shape::Kubernetes => root.get_mapping("spec"),
        Shape::Universal => Some(root.clone()),
    }
}

/// The target's `mtls` as a node: its own text when it is plain YAML, else its values.
fn target_mtls(target: &MeshDoc) -> Option<YamlNode> {
    let from_text = || -> Option<YamlNode> {
        if target.file.format != Format::Yaml || !target.base.0.is_empty() {
            return None;
        }
        let file = YamlFile::from_str(&target.file.source.text).ok()?;
        let document = file.documents().nth(target.doc)?;
        let root = document.as_mapping()?;
        spec_of(&root, target.shape)?.get("mtls")
    };
    let from_value = || -> Option<YamlNode> {
        let value = target.mtls_value();
        if value.is_null() {
            return None;
        }
        let text = serde_yaml::to_string(&value).ok()?;
        let document = Document::from_str(&text).ok()?;
        document.as_mapping().map(YamlNode::Mapping)
    };
    from_text().or_else(from_value)
}

fn drop_server_fields_cst(root: &Mapping, shape: Shape) {
    match shape {
        Shape::Kubernetes => {
            root.remove("status");
            if let Some(metadata) = root.get_mapping("metadata") {
                for field in K8S_SERVER_FIELDS {
                    metadata.remove(field);
                }
                if let Some(annotations) = metadata.get_mapping("annotations") {
                    annotations.remove(LAST_APPLIED);
                    if annotations.is_empty() {
                        metadata.remove("annotations");
                    }
                }
            }
        }
        Shape::Universal => {
            for field in UNIVERSAL_SERVER_FIELDS {
                root.remove(field);
            }
        }
    }
}

/// Where `path` sits in document `doc` of `text`: the label (key or item) and the value.
fn locate(text: &str, doc: usize, path: &str) -> Option<(Range<usize>, Range<usize>)> {
    let found = SyntaxTree::parse(text).locate(doc, &FieldPath::parse(path))?;
    if !found.exact {
        return None;
    }
    Some((found.label, found.value?))
}

/// Replaces a scalar's text, keeping its quoting and tag (`"ca-1"`, `'ca-1'`, `!!str ca-1`).
fn set_scalar(text: &str, doc: usize, path: &str, new: &str) -> Option<String> {
    let (_, span) = locate(text, doc, path)?;
    let old = &text[span.clone()];
    let replaced = if let Some(body) = quoted_body(old, '"') {
        let escaped = serde_json::to_string(new).ok()?;
        splice(old, body, &escaped[1..escaped.len() - 1])
    } else if let Some(body) = quoted_body(old, '\'') {
        splice(old, body, &new.replace('\'', "''"))
    } else {
        // A plain scalar, perhaps after a tag: the value is its last word.
        let start = old
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        splice(old, start..old.len(), &plain_or_quoted(new))
    };
    Some(splice(text, span, &replaced))
}

/// The range between the first and the last `quote` of a scalar ending with one.
fn quoted_body(scalar: &str, quote: char) -> Option<Range<usize>> {
    if !scalar.ends_with(quote) {
        return None;
    }
    let open = scalar.find(quote)?;
    (open + 1 < scalar.len()).then(|| open + 1..scalar.len() - 1)
}

/// A string as a plain scalar when YAML reads it back as the same string, else double-quoted.
fn plain_or_quoted(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && serde_yaml::from_str::<Value>(value).ok() == Some(Value::String(value.to_string()));
    if plain {
        value.to_string()
    } else {
        serde_json::to_string(value).unwrap_or_default()
    }
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    format!("{}{with}{}", &text[..range.start], &text[range.end..])
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The index just past the end of the line holding `at` (its line break included).
fn line_end(text: &str, at: usize) -> usize {
    if at > 0 && text.as_bytes()[at - 1] == b'\n' {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The spans of the items of the sequence at `path`.
fn items(text: &str, doc: usize, path: &str) -> Vec<Range<usize>> {
    let tree = SyntaxTree::parse(text);
    (0..)
        .map_while(|i| {
            let found = tree.locate(doc, &FieldPath::parse(&format!("{path}[{i}]")))?;
            found.exact.then_some(found.label)
        })
        .collect()
}

/// The index of the backend named `name` in the file's `backends`.
fn backend_index(text: &str, doc: usize, shape: Shape, name: &str) -> Option<usize> {
    let (_, documents) = parse(text, doc)?;
    let root = documents[doc].as_mapping()?;
    let seq = spec_of(&root, shape)?
        .get_mapping("mtls")?
        .get_sequence("backends")?;
    seq.values().position(|item| named(&item, name))
}

/// A backend item of the lossless tree whose `name` is `name`.
fn named(item: &YamlNode, name: &str) -> bool {
    item.as_mapping()
        .and_then(|m| m.get("name"))
        .and_then(|n| n.as_scalar().map(|s| s.as_string()))
        .as_deref()
        == Some(name)
}

/// How the file lays out a block sequence item: the dash's column, the content's column, and the
/// indentation step of nested mappings.
#[derive(Clone, Copy)]
struct ItemLayout {
    dash: usize,
    content: usize,
    unit: usize,
}

impl ItemLayout {
    /// The layout of the item at `item` (a block item: its line has the dash before it).
    fn of(text: &str, item: &Range<usize>, unit: usize) -> Option<Self> {
        let start = line_start(text, item.start);
        let prefix = &text[start..item.start];
        let dash = prefix.rfind('-')?;
        let blank = |s: &str| s.chars().all(|c| c == ' ');
        (blank(&prefix[..dash]) && blank(&prefix[dash + 1..])).then_some(Self {
            dash,
            content: item.start - start,
            unit,
        })
    }
}

/// The indentation step of a document: from the `mtls` key to its first child key.
fn indent_unit(text: &str, doc: usize, mtls: &str) -> usize {
    let tree = SyntaxTree::parse(text);
    let column = |path: &str| {
        let found = tree.locate(doc, &FieldPath::parse(path))?;
        found
            .exact
            .then(|| found.label.start - line_start(text, found.label.start))
    };
    let parent = column(mtls);
    let child = ["enabledBackend", "backends", "skipValidation"]
        .iter()
        .filter_map(|k| column(&format!("{mtls}.{k}")))
        .min();
    match (parent, child) {
        (Some(p), Some(c)) if c > p => c - p,
        _ => 2,
    }
}

/// The backend to copy from the target: its own lines (comments and quoting kept) when it is a
/// block item of a YAML target without aliases, else its values (aliases expanded).
struct TargetBackend {
    value: Value,
    /// The item's lines, the first without its dash, and its layout in the target.
    lines: Option<(Vec<String>, ItemLayout)>,
}

impl TargetBackend {
    fn new(target: &MeshDoc, name: &str) -> Option<Self> {
        let (i, _) = target.mtls.backend(name)?;
        let value = target
            .mtls_value()
            .get("backends")?
            .as_sequence()?
            .get(i)?
            .clone();
        Some(Self {
            value,
            lines: Self::lines(target, i),
        })
    }

    fn lines(target: &MeshDoc, i: usize) -> Option<(Vec<String>, ItemLayout)> {
        if target.file.format != Format::Yaml || !target.base.0.is_empty() {
            return None;
        }
        let text = &target.file.source.text;
        let at = Paths(target.shape);
        let item = items(text, target.doc, &at.mtls("backends"))
            .get(i)?
            .clone();
        let body = &text[item.clone()];
        // Aliases point outside the item, and a flow item has no lines to re-indent.
        if body.contains(['*', '&', '\t']) || body.trim_start().starts_with('{') {
            return None;
        }
        let unit = indent_unit(text, target.doc, &at.mtls(""));
        let layout = ItemLayout::of(text, &item, unit)?;
        let end = line_end(text, item.end);
        let lines = text[item.start..end]
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect();
        Some((lines, layout))
    }

    /// The item's lines in the file's layout: the first goes after the dash.
    fn block(&self, layout: ItemLayout) -> Option<Vec<String>> {
        let reindent = |line: &str, from: ItemLayout| -> String {
            if line.trim().is_empty() {
                return String::new();
            }
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let rel = spaces.saturating_sub(from.content);
            let col = layout.content + rel / from.unit * layout.unit + rel % from.unit;
            format!("{}{}", " ".repeat(col), line.trim_start_matches(' '))
        };
        let (lines, from) = match &self.lines {
            Some((lines, from)) => (lines.clone(), *from),
            None => {
                let text = serde_yaml::to_string(&self.value).ok()?;
                let lines: Vec<String> = text.lines().map(str::to_string).collect();
                let from = ItemLayout {
                    dash: 0,
                    content: 0,
                    unit: 2,
                };
                (lines, from)
            }
        };
        let mut out = Vec::with_capacity(lines.len());
        let dash = format!(
            "{}-{}",
            " ".repeat(layout.dash),
            " ".repeat(layout.content.saturating_sub(layout.dash + 1).max(1))
        );
        for (n, line) in lines.iter().enumerate() {
            if n == 0 {
                out.push(format!("{dash}{}", line.trim_start()));
            } else {
                out.push(reindent(line, from));
            }
        }
        Some(out)
    }

    /// The item in flow style (`{name: ca-2, type: builtin}`).
    fn flow(&self) -> Option<String> {
        flow(&self.value)
    }
}

/// A value in YAML flow style; scalars as YAML prints them, JSON where that spans lines.
fn flow(value: &Value) -> Option<String> {
    Some(match value {
        Value::Mapping(map) => {
            let members: Option<Vec<String>> = map
                .iter()
                .map(|(k, v)| Some(format!("{}: {}", flow(k)?, flow(v)?)))
                .collect();
            format!("{{{}}}", members?.join(", "))
        }
        Value::Sequence(items) => {
            let items: Option<Vec<String>> = items.iter().map(flow).collect();
            format!("[{}]", items?.join(", "))
        }
        Value::Tagged(_) => return None,
        scalar => {
            let text = serde_yaml::to_string(scalar).ok()?;
            let text = text.trim_end();
            if text.contains('\n')
                || text.contains([',', '{', '}', '[', ']']) && !text.starts_with(['"', '\''])
            {
                serde_json::to_string(&serde_json::to_value(scalar).ok()?).ok()?
            } else {
                text.to_string()
            }
        }
    })
}

/// Appends `backend` to the sequence at `path`, in the file's layout.
fn add_item(
    text: &str,
    doc: usize,
    path: &str,
    mtls: &str,
    backend: &TargetBackend,
) -> Option<String> {
    let (_, seq) = locate(text, doc, path)?;
    let existing = items(text, doc, path);
    if text[seq.clone()].trim_start().starts_with('[') {
        return add_flow_item(text, &seq, &existing, &backend.flow()?);
    }
    let last = existing.last()?;
    let layout = ItemLayout::of(text, last, indent_unit(text, doc, mtls))?;
    let nl = newline(text);
    let block = backend.block(layout)?.join(nl);
    let at = line_end(text, last.end);
    let (before, after) = text.split_at(at);
    Some(if before.ends_with('\n') {
        format!("{before}{block}{nl}{after}")
    } else {
        format!("{before}{nl}{block}{after}")
    })
}

/// Adds an item to a flow sequence: after a trailing comma (keeping one), on its own line when
/// the items are on lines of their own, else after `, `.
fn add_flow_item(
    text: &str,
    seq: &Range<usize>,
    existing: &[Range<usize>],
    item: &str,
) -> Option<String> {
    let Some(last) = existing.last() else {
        let open = seq.start + text[seq.clone()].find('[')?;
        return Some(splice(text, open + 1..open + 1, item));
    };
    let close = seq.start + text[seq.clone()].rfind(']')?;
    let between = &text[last.end..close];
    let indent: String = {
        let start = line_start(text, last.start);
        text[start..last.start]
            .chars()
            .take_while(|c| *c == ' ')
            .collect()
    };
    let nl = newline(text);
    let multi_line = text[seq.clone()].contains('\n');
    Some(match between.find(',') {
        Some(comma) if between[..comma].trim().is_empty() => {
            let at = last.end + comma + 1;
            let sep = if multi_line {
                format!("{nl}{indent}")
            } else {
                " ".to_string()
            };
            splice(text, at..at, &format!("{sep}{item},"))
        }
        _ if multi_line => splice(text, last.end..last.end, &format!(",{nl}{indent}{item}")),
        _ => splice(text, last.end..last.end, &format!(", {item}")),
    })
}

/// The lines of a block item: from its dash line (with the comment lines right above it) to the
/// end of its last line.
fn item_lines(text: &str, item: &Range<usize>) -> Range<usize> {
    let mut start = line_start(text, item.start);
    while start > 0 {
        let previous = line_start(text, start - 1);
        if !text[previous..start].trim_start().starts_with('#') {
            break;
        }
        start = previous;
    }
    start..line_end(text, item.end)
}

fn remove_item(text: &str, doc: usize, at: &Paths, name: &str) -> Option<String> {
    let path = at.mtls("backends");
    let (_, seq) = locate(text, doc, &path)?;
    let existing = items(text, doc, &path);
    let i = backend_index(text, doc, at.0, name)?;
    let item = existing.get(i)?.clone();
    if text[seq.clone()].trim_start().starts_with('[') {
        // The item and the comma after it, or before it for the last one.
        let after = &text[item.end..seq.end];
        let range = match after.find(',') {
            Some(comma) if after[..comma].trim().is_empty() => {
                let rest = &text[item.end + comma + 1..];
                let blank = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
                item.start..item.end + comma + 1 + blank
            }
            _ => {
                let before = &text[seq.start..item.start];
                let comma = seq.start + before.rfind(',')?;
                comma..item.end
            }
        };
        return Some(splice(text, range, ""));
    }
    // The last item leaves `backends:` with nothing: the tree says it better (`[]`).
    if existing.len() == 1 {
        return None;
    }
    Some(splice(text, item_lines(text, &item), ""))
}

fn replace_item(
    text: &str,
    doc: usize,
    at: &Paths,
    name: &str,
    backend: &TargetBackend,
) -> Option<String> {
    let path = at.mtls("backends");
    let (_, seq) = locate(text, doc, &path)?;
    let existing = items(text, doc, &path);
    let i = backend_index(text, doc, at.0, name)?;
    let item = existing.get(i)?.clone();
    if text[seq.clone()].trim_start().starts_with('[') {
        return Some(splice(text, item, &backend.flow()?));
    }
    let layout = ItemLayout::of(text, &item, indent_unit(text, doc, &at.mtls("")))?;
    let nl = newline(text);
    let block = backend.block(layout)?.join(nl);
    // Comments above the item stay; its own lines are replaced.
    let lines = line_start(text, item.start)..line_end(text, item.end);
    let ends_line = text[..lines.end].ends_with('\n');
    Some(splice(
        text,
        lines,
        &if ends_line {
            format!("{block}{nl}")
        } else {
            block
        },
    ))
}
