//! Minimal edits of a JSON Mesh: the text is parsed into spans, and each edit splices the members
//! and items it changes, so indentation, key order, escapes, line endings, a BOM and a minified
//! layout stay as the user wrote them. New values are printed in the file's own style.

use std::ops::Range;

use serde_yaml::Value;

use super::edit::{Edit, K8S_SERVER_FIELDS, LAST_APPLIED, UNIVERSAL_SERVER_FIELDS, mode_value};
use crate::input::manifest::MeshDoc;
use crate::input::mesh::Shape;

/// The current JSON file with `edits` applied; `None` when its shape does not allow them.
pub(super) fn edited_text(current: &MeshDoc, target: &MeshDoc, edits: &[Edit]) -> Option<String> {
    let spec: &[&str] = match current.shape {
        Shape::Kubernetes => &["spec"],
        Shape::Universal => &[],
    };
    let mtls: Vec<&str> = spec.iter().copied().chain(["mtls"]).collect();
    let mut text = current.file.source.text.clone();
    let target_backend = |name: &str| -> Option<Value> {
        let (i, _) = target.mtls.backend(name)?;
        Some(
            target
                .mtls_value()
                .get("backends")?
                .as_sequence()?
                .get(i)?
                .clone(),
        )
    };
    for edit in edits {
        text = match edit {
            Edit::SetEnabled(name) => {
                set_member(&text, &mtls, "enabledBackend", &Value::String(name.clone()))?
            }
            Edit::SetSkipValidation(skip) => {
                set_member(&text, &mtls, "skipValidation", &Value::Bool(*skip))?
            }
            Edit::AddBackend(name) => {
                let backend = target_backend(name)?;
                let mut backends = mtls.clone();
                backends.push("backends");
                match find(&text, &backends) {
                    Some(_) => append_item(&text, &backends, &backend)?,
                    None => set_member(&text, &mtls, "backends", &Value::Sequence(vec![backend]))?,
                }
            }
            Edit::RemoveBackend(name) => {
                let i = backend_index(&text, &mtls, name)?;
                remove_item(&text, &[mtls.as_slice(), &["backends"]].concat(), i)?
            }
            Edit::ReplaceBackend(name) => {
                let i = backend_index(&text, &mtls, name)?;
                let path = [mtls.as_slice(), &["backends"]].concat();
                replace_item(&text, &path, i, &target_backend(name)?)?
            }
            Edit::SetMode(name, mode) => {
                let i = backend_index(&text, &mtls, name)?;
                let index = format!("[{i}]");
                let path = [mtls.as_slice(), &["backends", index.as_str()]].concat();
                match mode_value(target, name, *mode) {
                    Some(value) => set_member(&text, &path, "mode", &Value::String(value))?,
                    None => remove_member(&text, &path, "mode").unwrap_or(text),
                }
            }
            Edit::ReplaceMtls => match Some(target.mtls_value()).filter(|v| !v.is_null()) {
                Some(value) => set_member(&text, spec, "mtls", &value)?,
                None => remove_member(&text, spec, "mtls").unwrap_or(text),
            },
        };
    }
    drop_server_fields(text, current.shape)
}

fn drop_server_fields(mut text: String, shape: Shape) -> Option<String> {
    let remove =
        |text: String, path: &[&str], key: &str| remove_member(&text, path, key).unwrap_or(text);
    match shape {
        Shape::Kubernetes => {
            text = remove(text, &[], "status");
            for field in K8S_SERVER_FIELDS {
                text = remove(text, &["metadata"], field);
            }
            text = remove(text, &["metadata", "annotations"], LAST_APPLIED);
            if let Some(Node::Object { members, .. }) = find(&text, &["metadata", "annotations"])
                && members.is_empty()
            {
                text = remove(text, &["metadata"], "annotations");
            }
        }
        Shape::Universal => {
            for field in UNIVERSAL_SERVER_FIELDS {
                text = remove(text, &[], field);
            }
        }
    }
    Some(text)
}

/// A JSON value with its place in the text.
#[derive(Debug)]
enum Node {
    Object {
        span: Range<usize>,
        members: Vec<Member>,
    },
    Array {
        span: Range<usize>,
        items: Vec<Node>,
    },
    Scalar {
        span: Range<usize>,
    },
}

#[derive(Debug)]
struct Member {
    key: String,
    key_span: Range<usize>,
    value: Node,
}

impl Node {
    fn span(&self) -> Range<usize> {
        match self {
            Node::Object { span, .. } | Node::Array { span, .. } | Node::Scalar { span } => {
                span.clone()
            }
        }
    }
}

/// The span tree of a JSON text (already accepted by serde_json, so well formed and shallow).
fn parse(text: &str) -> Option<Node> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    if text.starts_with('\u{feff}') {
        parser.pos = 3;
    }
    parser.value()
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn blank(&mut self) {
        while self.pos < self.bytes.len()
            && matches!(self.bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Option<Node> {
        self.blank();
        let start = self.pos;
        match *self.bytes.get(self.pos)? {
            b'{' => {
                self.pos += 1;
                let mut members = Vec::new();
                loop {
                    self.blank();
                    match *self.bytes.get(self.pos)? {
                        b'}' => break,
                        b',' => self.pos += 1,
                        b'"' => {
                            let key_span = self.string()?;
                            let key = serde_json::from_str(&self.text[key_span.clone()]).ok()?;
                            self.blank();
                            (*self.bytes.get(self.pos)? == b':').then_some(())?;
                            self.pos += 1;
                            let value = self.value()?;
                            members.push(Member {
                                key,
                                key_span,
                                value,
                            });
                        }
                        _ => return None,
                    }
                }
                self.pos += 1;
                Some(Node::Object {
                    span: start..self.pos,
                    members,
                })
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.blank();
                    match *self.bytes.get(self.pos)? {
                        b']' => break,
                        b',' => self.pos += 1,
                        _ => items.push(self.value()?),
                    }
                }
                self.pos += 1;
                Some(Node::Array {
                    span: start..self.pos,
                    items,
                })
            }
            b'"' => self.string().map(|span| Node::Scalar { span }),
            _ => {
                while self.pos < self.bytes.len()
                    && !matches!(
                        self.bytes[self.pos],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    self.pos += 1;
                }
                (self.pos > start).then_some(Node::Scalar {
                    span: start..self.pos,
                })
            }
        }
    }

    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match *self.bytes.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some(start..self.pos);
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }
}

/// The node at `path`: object keys from the root, `[i]` for an array's item.
fn find(text: &str, path: &[&str]) -> Option<Node> {
    let mut node = parse(text)?;
    for key in path {
        node = match (
            node,
            key.strip_prefix('[').and_then(|k| k.strip_suffix(']')),
        ) {
            (Node::Array { items, .. }, Some(i)) => items.into_iter().nth(i.parse().ok()?)?,
            (Node::Object { members, .. }, None) => {
                members.into_iter().find(|m| m.key == *key)?.value
            }
            _ => return None,
        };
    }
    Some(node)
}

/// How the file writes JSON: its line break, indentation step and separators.
struct Style {
    newline: &'static str,
    unit: String,
    minified: bool,
    colon: &'static str,
    comma: &'static str,
}

impl Style {
    fn of(text: &str) -> Self {
        let body = text.trim();
        let minified = !body.contains('\n');
        let unit = text
            .lines()
            .skip(1)
            .find(|l| !l.trim().is_empty())
            .map(|l| l[..l.len() - l.trim_start_matches([' ', '\t']).len()].to_string())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "  ".to_string());
        Self {
            newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
            unit,
            minified,
            colon: if text.contains("\": ") { ": " } else { ":" },
            comma: if minified && (text.contains(", \"") || text.contains(", {")) {
                ", "
            } else {
                ","
            },
        }
    }

    /// `value` printed at the indentation `base` (the indentation of the line it starts on), on
    /// one line when the file is minified or the place is (`inline`).
    fn render(&self, value: &Value, base: &str, inline: bool) -> Option<String> {
        use serde::Serialize;
        // serde_json prints the YAML value in its own key order (a JSON value would sort it).
        if self.minified || inline {
            let compact = serde_json::to_string(value).ok()?;
            let (colon, comma) = if self.minified {
                (self.colon, self.comma)
            } else {
                (": ", ", ")
            };
            return Some(respace(&compact, colon, comma));
        }
        let formatter = serde_json::ser::PrettyFormatter::with_indent(self.unit.as_bytes());
        let mut out = Vec::new();
        value
            .serialize(&mut serde_json::Serializer::with_formatter(
                &mut out, formatter,
            ))
            .ok()?;
        let text = String::from_utf8(out).ok()?;
        let lines: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    l.to_string()
                } else {
                    format!("{base}{l}")
                }
            })
            .collect();
        Some(lines.join(self.newline))
    }
}

/// Compact JSON with `colon` and `comma` as separators (outside strings).
fn respace(compact: &str, colon: &str, comma: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let (mut in_string, mut escaped) = (false, false);
    for c in compact.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            ':' => out.push_str(colon),
            ',' => out.push_str(comma),
            _ => out.push(c),
        }
    }
    out
}

/// The indentation of the line holding `at`.
fn indent_at(text: &str, at: usize) -> String {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    format!("{}{with}{}", &text[..range.start], &text[range.end..])
}

/// Sets `key` of the object at `path`: its value replaced in place, or a new member after the last.
fn set_member(text: &str, path: &[&str], key: &str, value: &Value) -> Option<String> {
    let style = Style::of(text);
    let Node::Object { span, members } = find(text, path)? else {
        return None;
    };
    if let Some(member) = members.iter().find(|m| m.key == key) {
        let old = member.value.span();
        let base = indent_at(text, member.key_span.start);
        let inline = !text[old.clone()].contains('\n') && old.len() > 2;
        return Some(splice(text, old, &style.render(value, &base, inline)?));
    }
    let key = serde_json::to_string(key).ok()?;
    let last = members.last().map(|m| m.key_span.start..m.value.span().end);
    insert(text, &span, last, &style, |base, inline| {
        let colon = if style.minified { style.colon } else { ": " };
        Some(format!(
            "{key}{colon}{}",
            style.render(value, base, inline)?
        ))
    })
}

/// Inserts an entry into the container at `span`, after `last` (the last entry's span) or into
/// an empty container, laid out like its siblings: on a line of its own where they are, else on
/// their line.
fn insert(
    text: &str,
    span: &Range<usize>,
    last: Option<Range<usize>>,
    style: &Style,
    entry: impl Fn(&str, bool) -> Option<String>,
) -> Option<String> {
    let inline = style.minified || !text[span.clone()].contains('\n');
    match last {
        Some(last) if inline => {
            let comma = if style.minified { style.comma } else { ", " };
            let item = entry(&indent_at(text, last.start), true)?;
            Some(splice(text, last.end..last.end, &format!("{comma}{item}")))
        }
        Some(last) => {
            let base = indent_at(text, last.start);
            let line = text[..last.start].rfind('\n').map_or(0, |i| i + 1);
            let own_line = text[line..last.start].trim().is_empty();
            let separator = if own_line {
                format!(",{}{base}", style.newline)
            } else {
                ", ".to_string()
            };
            Some(splice(
                text,
                last.end..last.end,
                &format!("{separator}{}", entry(&base, !own_line)?),
            ))
        }
        None if inline => Some(splice(
            text,
            span.start + 1..span.end - 1,
            &entry("", true)?,
        )),
        None => {
            let outer = indent_at(text, span.start);
            let inner = format!("{outer}{}", style.unit);
            let body = format!(
                "{}{inner}{}{}{outer}",
                style.newline,
                entry(&inner, false)?,
                style.newline
            );
            Some(splice(text, span.start + 1..span.end - 1, &body))
        }
    }
}

/// Removes entry `i` of a container with entries at `spans` (member from its key), with the comma
/// that joined it to the next one, or to the previous one when it is the last.
fn remove_entry(
    text: &str,
    container: &Range<usize>,
    spans: &[Range<usize>],
    i: usize,
) -> Option<String> {
    let range = match (
        spans.get(i)?,
        spans.get(i + 1),
        i.checked_sub(1).and_then(|p| spans.get(p)),
    ) {
        (this, Some(next), _) => this.start..next.start,
        (this, None, Some(previous)) => previous.end..this.end,
        (_, None, None) => container.start + 1..container.end - 1,
    };
    Some(splice(text, range, ""))
}

fn remove_member(text: &str, path: &[&str], key: &str) -> Option<String> {
    let Node::Object { span, members } = find(text, path)? else {
        return None;
    };
    let i = members.iter().position(|m| m.key == key)?;
    let spans: Vec<Range<usize>> = members
        .iter()
        .map(|m| m.key_span.start..m.value.span().end)
        .collect();
    remove_entry(text, &span, &spans, i)
}

fn append_item(text: &str, path: &[&str], value: &Value) -> Option<String> {
    let style = Style::of(text);
    let Node::Array { span, items } = find(text, path)? else {
        return None;
    };
    insert(
        text,
        &span,
        items.last().map(Node::span),
        &style,
        |base, inline| style.render(value, base, inline),
    )
}

fn remove_item(text: &str, path: &[&str], i: usize) -> Option<String> {
    let Node::Array { span, items } = find(text, path)? else {
        return None;
    };
    let spans: Vec<Range<usize>> = items.iter().map(Node::span).collect();
    remove_entry(text, &span, &spans, i)
}

fn replace_item(text: &str, path: &[&str], i: usize, value: &Value) -> Option<String> {
    let style = Style::of(text);
    let Node::Array { items, .. } = find(text, path)? else {
        return None;
    };
    let item = items.get(i)?.span();
    let base = indent_at(text, item.start);
    let inline = !text[item.clone()].contains('\n');
    Some(splice(text, item, &style.render(value, &base, inline)?))
}

/// The index of the backend named `name` in the file's `backends`.
fn backend_index(text: &str, mtls: &[&str], name: &str) -> Option<usize> {
    let path = [mtls, &["backends"]].concat();
    let Node::Array { items, .. } = find(text, &path)? else {
        return None;
    };
    items.iter().position(|item| {
        serde_json::from_str::<serde_json::Value>(&text[item.span()])
            .ok()
            .and_then(|v| v.get("name").and_then(|n| n.as_str()).map(|n| n == name))
            .unwrap_or(false)
    })
}
