//! The lossless YAML tree (yaml-edit) behind one interface: where a field path sits in the text.
//!
//! serde_yaml gives values without positions; this tree gives positions without types. Documents
//! are matched by index: both split a stream at the same `---` markers. The tree is only built
//! for text serde_yaml has already accepted, so its depth is bounded by serde_yaml's limits.

use std::ops::Range;

use yaml_edit::{Document, YamlFile, YamlNode};

use crate::input::path::{FieldPath, Segment};

/// Where a path was found: the key (or sequence item) and the value under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    /// The span a label points at: the mapping key, or the item for a sequence index.
    pub label: Range<usize>,
    /// The value's span, when there is one.
    pub value: Option<Range<usize>>,
    /// False when only a prefix of the path exists and `label` points at the deepest part found.
    pub exact: bool,
}

pub(crate) struct SyntaxTree {
    documents: Vec<Document>,
}

impl SyntaxTree {
    /// No tree: every lookup falls back to the first line.
    pub(crate) fn empty() -> Self {
        Self {
            documents: Vec::new(),
        }
    }

    pub(crate) fn parse(text: &str) -> Self {
        let (file, _warnings) = YamlFile::from_str_relaxed(text);
        Self {
            documents: file.documents().collect(),
        }
    }

    /// Finds `path` in document `doc`, or the deepest prefix of it that exists.
    pub(crate) fn locate(&self, doc: usize, path: &FieldPath) -> Option<Located> {
        let document = self.documents.get(doc)?;
        let root = document
            .as_mapping()
            .map(YamlNode::Mapping)
            .or_else(|| document.as_sequence().map(YamlNode::Sequence))?;
        let mut found = Located {
            label: range(&root),
            value: Some(range(&root)),
            exact: true,
        };
        // An empty path labels the document's first key, which reads better than its whole body.
        if path.0.is_empty()
            && let Some((key, _)) = root.as_mapping().and_then(|m| m.iter().next())
        {
            found.label = range(&key);
        }
        let mut node = root;
        for segment in &path.0 {
            let next = match (segment, &node) {
                (Segment::Key(wanted), YamlNode::Mapping(map)) => map
                    .iter()
                    .find(|(key, _)| key_text(key).as_deref() == Some(wanted.as_str()))
                    .map(|(key, value)| (range(&key), value)),
                (Segment::Index(i), YamlNode::Sequence(seq)) => {
                    seq.get(*i).map(|item| (range(&item), item))
                }
                _ => None,
            };
            match next {
                Some((label, value)) => {
                    found.label = label;
                    found.value = Some(range(&value));
                    node = value;
                }
                None => {
                    found.exact = false;
                    break;
                }
            }
        }
        Some(found)
    }

    /// The byte spans of the values at every path given, for masking secrets in snippets.
    pub(crate) fn value_spans<'a>(
        &self,
        doc: usize,
        paths: impl IntoIterator<Item = &'a FieldPath>,
    ) -> Vec<Range<usize>> {
        paths
            .into_iter()
            .filter_map(|p| self.locate(doc, p))
            .filter(|l| l.exact)
            .filter_map(|l| l.value)
            .collect()
    }
}

fn key_text(node: &YamlNode) -> Option<String> {
    node.as_scalar().map(|s| s.as_string())
}

fn range(node: &YamlNode) -> Range<usize> {
    let r = node.byte_range();
    r.start as usize..r.end as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at<'a>(text: &'a str, r: &Range<usize>) -> &'a str {
        &text[r.clone()]
    }

    #[test]
    fn locates_keys_and_items_in_yaml_and_json() {
        let yaml = "a: 1\n---\nspec:\n  mtls:\n    backends:\n    - name: ca-1\n    - name: ca-2\n";
        let tree = SyntaxTree::parse(yaml);
        let found = tree
            .locate(1, &FieldPath::parse("spec.mtls.backends[1].name"))
            .unwrap();
        assert!(found.exact);
        assert_eq!(text_at(yaml, &found.label), "name");
        assert_eq!(text_at(yaml, &found.value.unwrap()), "ca-2");

        let json = "{\n  \"spec\": {\"mtls\": {\"enabledBackend\": \"ca-1\"}}\n}";
        let tree = SyntaxTree::parse(json);
        let found = tree
            .locate(0, &FieldPath::parse("spec.mtls.enabledBackend"))
            .unwrap();
        assert_eq!(text_at(json, &found.label), "\"enabledBackend\"");
    }

    #[test]
    fn falls_back_to_the_deepest_prefix() {
        let yaml = "spec:\n  mtls: {}\n";
        let tree = SyntaxTree::parse(yaml);
        let found = tree
            .locate(0, &FieldPath::parse("spec.mtls.backends"))
            .unwrap();
        assert!(!found.exact);
        assert_eq!(text_at(yaml, &found.label), "mtls");
    }
}
