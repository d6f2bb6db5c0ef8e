//! Field paths inside a document (`spec.mtls.backends[1].name`), as diagnostics name them.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A path from a document's root to one of its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    pub fn root() -> Self {
        Self::default()
    }

    /// Parses the dotted form, e.g. `spec.mtls.backends[0].name`.
    pub fn parse(dotted: &str) -> Self {
        let mut segments = Vec::new();
        for part in dotted.split('.').filter(|p| !p.is_empty()) {
            let (name, mut indexes) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !name.is_empty() {
                segments.push(Segment::Key(name.to_string()));
            }
            while let Some(end) = indexes.find(']') {
                if let Ok(i) = indexes[1..end].parse() {
                    segments.push(Segment::Index(i));
                }
                indexes = &indexes[end + 1..];
            }
        }
        Self(segments)
    }

    pub fn key(&self, key: &str) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.to_string()));
        next
    }

    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    /// The path under `prefix` (`spec` for Kubernetes documents, nothing for Universal ones).
    pub fn under(prefix: &FieldPath, rest: &str) -> Self {
        let mut path = prefix.clone();
        path.0.extend(Self::parse(rest).0);
        path
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for text in [
            "spec.mtls.backends[1].name",
            "mtls.enabledBackend",
            "a[0][2].b",
        ] {
            assert_eq!(FieldPath::parse(text).to_string(), text);
        }
        assert_eq!(FieldPath::root().to_string(), "");
    }
}
