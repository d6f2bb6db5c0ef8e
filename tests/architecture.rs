//! The module rules of ARCHITECTURE.md, checked on the source: no import cycle between files
//! (declaring a module is not importing it), each top-level module imports only the layers below
//! it, no function over 100 lines, and every module says what it owns in a `//!` line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What each top-level module may import (besides itself). `lib.rs` and `main.rs` wire all.
const LAYERS: &[(&str, &[&str])] = &[
    ("diag", &[]),
    ("input", &["diag"]),
    ("state", &["diag", "input"]),
    ("lint", &["diag", "input"]),
    ("authz", &["diag", "input", "state"]),
    ("gate", &["diag", "input", "state"]),
    (
        "rotation",
        &["diag", "input", "state", "lint", "gate", "authz"],
    ),
    (
        "render",
        &["diag", "input", "state", "lint", "gate", "rotation"],
    ),
    (
        "cli",
        &["diag", "input", "state", "lint", "render", "authz"],
    ),
    (
        "source",
        &["diag", "input", "state", "lint", "cli", "authz"],
    ),
    (
        "commands",
        &[
            "diag", "input", "state", "lint", "gate", "rotation", "render", "cli", "source",
            "authz",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/gate/mod.rs` is `gate`, `src/gate/words.rs` is `gate::words`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file without its comments and its `#[cfg(test)]` module.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a file names (`crate::a::b`, `super::c`, `use crate::x::{y, z::w}`), as module
/// paths from the crate root.
fn named_paths(file: &Path, code: &str) -> Vec<Vec<String>> {
    let here = module_of(file);
    let is_mod_rs = file
        .file_name()
        .is_some_and(|n| n == "mod.rs" || n == "lib.rs");
    // `super` of a mod.rs is its parent's parent; of a leaf file, its directory's module.
    let parent: Vec<String> = if is_mod_rs {
        here[..here.len().saturating_sub(1)].to_vec()
    } else {
        here[..here.len() - 1].to_vec()
    };
    let self_mod = here.clone();
    // A module this file declares is named from it without `self::` (`steps::judge`).
    let children: Vec<String> = code
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix("pub(crate) ")
                .or(l.strip_prefix("pub "))
                .unwrap_or(l);
            l.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_string)
        })
        .collect();
    let chars: Vec<char> = code.chars().collect();
    let word_start = |i: usize| {
        i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':')
    };
    let at = |i: usize, word: &str| {
        word.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !word_start(i) || !(chars[i].is_alphabetic() || chars[i] == '_') {
            i += 1;
            continue;
        }
        let base = if at(i, "crate::") {
            Some((Vec::new(), 7))
        } else if at(i, "super::") {
            Some((parent.clone(), 7))
        } else if at(i, "self::") {
            Some((self_mod.clone(), 6))
        } else if children.iter().any(|c| at(i, c) && at(i + c.len(), "::")) {
            Some((self_mod.clone(), 0))
        } else {
            None
        };
        let Some((prefix, skip)) = base else {
            i += 1;
            continue;
        };
        let (paths, end) = parse_tree(&chars, i + skip, prefix);
        out.extend(paths);
        i = end.max(i + 1);
    }
    out
}

/// Parses `a::b::{c, d::e}` from `start`: every path it names, and where it ends.
fn parse_tree(chars: &[char], start: usize, prefix: Vec<String>) -> (Vec<Vec<String>>, usize) {
    let mut path = prefix;
    let mut i = start;
    loop {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i < chars.len() && chars[i] == '{' {
            let mut out = Vec::new();
            i += 1;
            loop {
                while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                    i += 1;
                }
                if i >= chars.len() || chars[i] == '}' {
                    return (out, i + 1);
                }
                let (paths, end) = parse_tree(chars, i, path.clone());
                out.extend(paths);
                i = end;
            }
        }
        let word: String = chars[i..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect();
        if word.is_empty() {
            return (vec![path], i);
        }
        i += word.chars().count();
        if word == "super" {
            path.pop();
        } else if word != "self" {
            path.push(word);
        }
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            return (vec![path], i);
        }
    }
}

/// The file a module path lands in: the longest prefix that is a module file.
fn file_of(path: &[String], modules: &BTreeMap<Vec<String>, PathBuf>) -> Option<PathBuf> {
    (1..=path.len())
        .rev()
        .find_map(|n| modules.get(&path[..n].to_vec()).cloned())
}

struct Crate {
    files: Vec<PathBuf>,
    modules: BTreeMap<Vec<String>, PathBuf>,
    texts: BTreeMap<PathBuf, String>,
}

fn load() -> Crate {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files.retain(|f| !f.ends_with("main.rs"));
    let modules = files.iter().map(|f| (module_of(f), f.clone())).collect();
    let texts = files
        .iter()
        .map(|f| (f.clone(), std::fs::read_to_string(f).expect("readable")))
        .collect();
    Crate {
        files,
        modules,
        texts,
    }
}

fn imports(krate: &Crate) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut graph = BTreeMap::new();
    for file in &krate.files {
        let code = code(&krate.texts[file]);
        let targets: BTreeSet<PathBuf> = named_paths(file, &code)
            .iter()
            .filter_map(|p| file_of(p, &krate.modules))
            .filter(|t| t != file && !t.ends_with("lib.rs"))
            .collect();
        graph.insert(file.clone(), targets);
    }
    graph
}

fn short(path: &Path) -> String {
    path.strip_prefix(src())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The strongly connected components of more than one file (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    struct Tarjan<'g> {
        graph: &'g BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: BTreeMap<PathBuf, usize>,
        low: BTreeMap<PathBuf, usize>,
        stack: Vec<PathBuf>,
        found: Vec<Vec<PathBuf>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, node: &PathBuf) {
            let n = self.index.len();
            self.index.insert(node.clone(), n);
            self.low.insert(node.clone(), n);
            self.stack.push(node.clone());
            for next in self.graph.get(node).into_iter().flatten() {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node.clone(), low);
                } else if self.stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node.clone(), low);
                }
            }
            if self.low[node] == self.index[node] {
                let at = self
                    .stack
                    .iter()
                    .position(|n| n == node)
                    .expect("on the stack");
                let component = self.stack.split_off(at);
                if component.len() > 1 {
                    self.found.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !t.index.contains_key(node) {
            t.visit(node);
        }
    }
    t.found
}

#[test]
fn no_import_cycle_between_files() {
    let graph = imports(&load());
    let found: Vec<String> = cycles(&graph)
        .iter()
        .map(|c| c.iter().map(|p| short(p)).collect::<Vec<_>>().join(" <-> "))
        .collect();
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let krate = load();
    let graph = imports(&krate);
    let mut wrong = Vec::new();
    for (file, targets) in &graph {
        let Some(top) = module_of(file).first().cloned() else {
            continue;
        };
        let Some((_, allowed)) = LAYERS.iter().find(|(m, _)| *m == top) else {
            panic!(
                "{}: top-level module `{top}` has no layer in LAYERS",
                short(file)
            );
        };
        for target in targets {
            let Some(other) = module_of(target).first().cloned() else {
                continue;
            };
            if other != top && !allowed.contains(&other.as_str()) {
                wrong.push(format!("{} imports {}", short(file), short(target)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn functions_fit_on_a_screen() {
    let krate = load();
    let mut long = Vec::new();
    for (file, text) in &krate.texts {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
                .iter()
                .any(|p| trimmed.starts_with(p));
            if !is_fn || trimmed.ends_with(';') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            let end = lines[i + 1..]
                .iter()
                .position(|l| {
                    l.len() > indent
                        && l.starts_with(&" ".repeat(indent))
                        && l[indent..].starts_with('}')
                })
                .map_or(0, |n| n + 1);
            if end > 100 {
                long.push(format!("{}:{} is {end} lines", short(file), i + 1));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over 100 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn every_module_says_what_it_owns() {
    let krate = load();
    let silent: Vec<String> = krate
        .texts
        .iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(file, _)| short(file))
        .collect();
    assert!(silent.is_empty(), "files without a `//!` line: {silent:?}");
}
