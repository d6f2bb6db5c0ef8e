//! Robustness: mutated fixtures fed to every reader (Mesh, state, certificates and Secrets)
//! through the real command line, in process. Whatever the bytes, meshctl answers 0, 1 or 2
//! and never panics.

use clap::Parser;
use meshctl::cli::Cli;
use proptest::prelude::*;

/// How one input is damaged.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Truncate { at: usize },
    Insert { at: usize, bytes: Vec<u8> },
    DeleteLine { line: usize },
    DuplicateLine { line: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (
            any::<usize>(),
            proptest::collection::vec(
                prop_oneof![
                    Just(b'{'),
                    Just(b'['),
                    Just(b'"'),
                    Just(b':'),
                    Just(b'\n'),
                    Just(b'-'),
                    Just(b'&'),
                    Just(b'*'),
                    Just(0xff),
                    any::<u8>()
                ],
                1..8,
            )
        )
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        any::<usize>().prop_map(|line| Mutation::DeleteLine { line }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
    ]
}

fn apply(original: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip { at, byte } => {
                if !bytes.is_empty() {
                    bytes[at % len] = *byte;
                }
            }
            Mutation::Truncate { at } => bytes.truncate(at % len),
            Mutation::Insert { at, bytes: new } => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Mutation::DeleteLine { line } | Mutation::DuplicateLine { line } => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let i = line % lines.len();
                if matches!(m, Mutation::DeleteLine { .. }) {
                    lines.remove(i);
                } else {
                    let copy = lines[i].clone();
                    lines.insert(i, copy);
                }
                bytes = lines.join(&b'\n');
            }
        }
    }
    bytes
}

struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("robust-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs meshctl in process; a panic fails the test by itself.
fn run(args: &[&str]) -> u8 {
    // `--now` belongs to the command (only the output flags are global).
    let mut all = vec!["meshctl", "--color", "never"];
    all.extend(&args[..1]);
    all.extend(["--now", "2027-01-01T00:00:00Z"]);
    all.extend(&args[1..]);
    meshctl::run(&Cli::parse_from(all)).code
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const MESHES: [&str; 6] = [
    "fixtures/rotation/kubernetes/0-current.yaml",
    "fixtures/rotation/kubernetes/3-removed.yaml",
    "fixtures/rotation/universal/1-added.yaml",
    "fixtures/rotation/json/2-switched.json",
    "fixtures/rotation/kubernetes-json/0-current.json",
    "fixtures/lint/invalid-data-source.yaml",
];
const STATES: [&str; 5] = [
    "fixtures/state/overview/added-converging.json",
    "fixtures/state/overview-yaml/added-ready.yaml",
    "fixtures/state/dataplane-insights/switched-converging.json",
    "fixtures/state/k8s-list/added-ready.yaml",
    "fixtures/state/mesh-insight/added-converging.json",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn mutated_meshes_never_panic(which in 0..MESHES.len(), mutations in proptest::collection::vec(mutation(), 1..4)) {
        let dir = Scratch::new("mesh");
        let ext = if MESHES[which].ends_with(".json") { "json" } else { "yaml" };
        let path = dir.write(&format!("m.{ext}"), &apply(&fixture(MESHES[which]), &mutations));
        let current = format!("{}/fixtures/rotation/kubernetes/1-added.yaml", env!("CARGO_MANIFEST_DIR"));
        for args in [
            vec!["validate", path.as_str()],
            vec!["validate", path.as_str(), "--current", current.as_str(), "--format", "sarif"],
            vec!["plan", "--current", path.as_str(), "--target", current.as_str(), "--format", "json"],
            vec!["next-step", "--current", current.as_str(), "--target", path.as_str(), "--warn", "gate-unchecked"],
        ] {
            prop_assert!(run(&args) <= 4);
        }
    }

    #[test]
    fn mutated_state_never_panics(which in 0..STATES.len(), mutations in proptest::collection::vec(mutation(), 1..4)) {
        let dir = Scratch::new("state");
        let ext = if STATES[which].ends_with(".json") { "json" } else { "yaml" };
        let state = dir.write(&format!("s.{ext}"), &apply(&fixture(STATES[which]), &mutations));
        let root = env!("CARGO_MANIFEST_DIR");
        let (current, proposed) = (format!("{root}/fixtures/rotation/kubernetes/1-added.yaml"), format!("{root}/fixtures/rotation/kubernetes/2-switched.yaml"));
        let code = run(&["validate", &proposed, "--current", &current, "--state", &state, "--format", "junit"]);
        prop_assert!(code <= 2, "exit {}", code);
        let code = run(&["status", "--current", &current, "--state", &state]);
        prop_assert!(code <= 2, "exit {}", code);
    }

    #[test]
    fn mutated_certificates_and_secrets_never_panic(mutations in proptest::collection::vec(mutation(), 1..6)) {
        let dir = Scratch::new("ca");
        let mesh = dir.write("m.yaml", &apply(&fixture("fixtures/ca/provided-kubernetes.yaml"), &mutations));
        let code = run(&["validate", &mesh, "--format", "json"]);
        prop_assert!(code <= 2, "exit {}", code);
        let weak = dir.write("w.yaml", &apply(&fixture("fixtures/ca/weak-inline.yaml"), &mutations));
        let code = run(&["validate", &weak, "--format", "github"]);
        prop_assert!(code <= 2, "exit {}", code);
        let secrets = dir.write("s.yaml", &apply(&fixture("fixtures/ca/secrets-universal.yaml"), &mutations));
        let universal = format!("{}/fixtures/ca/provided-universal.yaml", env!("CARGO_MANIFEST_DIR"));
        let code = run(&["validate", &universal, "--secrets", &secrets]);
        prop_assert!(code <= 2, "exit {}", code);
    }
}
