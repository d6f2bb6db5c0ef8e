//! CLI transcripts: the real binary over `fixtures/`, asserting exit codes, codes and output.

mod admission;
mod authorization;
mod certificates;
mod ci_formats;
mod config;
mod evidence;
mod explain;
mod fake_cp;
mod formats;
mod help;
mod hostile;
mod identity;
mod identity_moves;
mod layout;
mod live;
mod many;
mod modes;
mod multizone;
mod readme;
mod rotation;
mod round3;
mod state;
mod tls;
mod unknown_fields;
mod validate;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The JSON report on stdout.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// The codes of the JSON report's diagnostics, in report order.
    pub fn codes(&self) -> Vec<String> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .iter()
            .map(|d| d["code"].as_str().expect("code").to_string())
            .collect()
    }
}

/// Runs meshctl with `args` (and `stdin`, when given) from the crate root, without colour.
pub fn meshctl_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    meshctl_full(args, stdin, &[])
}

/// Runs meshctl with `args` and the environment variables `env` set.
pub fn meshctl_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    meshctl_full(args, None, env)
}

fn meshctl_full(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_meshctl"))
        .args(args)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .env_remove("MESHCTL_TOKEN")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("meshctl runs");
    if let Some(bytes) = stdin {
        // The child may exit before reading everything (an input error); that is fine.
        let _ = child.stdin.take().expect("stdin").write_all(bytes);
    }
    let out = child.wait_with_output().expect("meshctl finishes");
    Run {
        code: out.status.code().expect("exit code, not a signal"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

pub fn meshctl(args: &[&str]) -> Run {
    meshctl_with_stdin(args, None)
}

/// Runs meshctl with `args` from `dir` (where it looks for `meshctl.toml`).
pub fn meshctl_in(dir: &std::path::Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_meshctl"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("MESHCTL_TOKEN")
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("meshctl runs");
    Run {
        code: out.status.code().expect("exit code, not a signal"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// A temporary directory under the target dir, removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }

    /// Writes `contents` to `name` inside the directory and returns its path.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write temp file");
        path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `../shared/reference/<dir>` beside the repository, or `None` (said on stderr) on a clone of
/// the repository alone, where the tests over Kuma's own files are skipped.
#[allow(clippy::print_stderr)] // Saying that a test skipped is the point.
pub fn shared_reference(dir: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference")
        .join(dir);
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is absent (a clone of the repository alone); the project's own fixtures cover the same shapes",
            path.display()
        );
        None
    }
}
