//! The command line (clap derive), kept in the library so completions and man pages see it.

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::Product;
use crate::input::source::DEFAULT_MAX_INPUT_BYTES;
use crate::render::Format;

/// Plan and gate the mTLS CA rotation of Kong Mesh and Kuma meshes.
#[derive(Debug, Parser)]
#[command(name = "meshctl", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub common: Common,
}

/// Flags every command takes, before or after the command name.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output (auto honours NO_COLOR and a non-terminal stdout).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does
    /// not. In live mode the control plane says which.
    #[arg(long, global = true, value_enum)]
    pub product: Option<Product>,
    /// The Mesh to use when an input holds several.
    #[arg(long, global = true, value_name = "NAME")]
    pub mesh: Option<String>,
    /// Treat diagnostic CODE as an error (repeatable).
    #[arg(long, global = true, value_name = "CODE")]
    pub deny: Vec<String>,
    /// Treat diagnostic CODE as a warning (repeatable).
    #[arg(long, global = true, value_name = "CODE")]
    pub warn: Vec<String>,
    /// Do not report diagnostic CODE (repeatable).
    #[arg(long, global = true, value_name = "CODE")]
    pub allow: Vec<String>,
    /// Evaluate time-based checks at this instant (RFC 3339), for reproducible runs.
    #[arg(long, global = true, value_name = "RFC3339")]
    pub now: Option<String>,
    /// The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`):
    /// a disconnected zone holds every gated step. Repeatable; read with the state.
    #[arg(long, global = true, value_name = "FILE")]
    pub zones: Vec<String>,
    /// Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route
    /// through zone egress. Repeatable; read with the state.
    #[arg(long, global = true, value_name = "FILE")]
    pub zone_egresses: Vec<String>,
    /// When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS
    /// off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time.
    #[arg(long, global = true, value_name = "RFC3339")]
    pub changed_at: Option<String>,
    /// Leave every disconnected proxy out of the gates (registrations known to be gone).
    #[arg(long, global = true)]
    pub ignore_offline: bool,
    /// Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`);
    /// repeatable.
    #[arg(long, global = true, value_name = "FILE")]
    pub secrets: Vec<String>,
    /// Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y).
    #[arg(long, global = true, value_name = "DURATION", default_value = "60d")]
    pub min_ca_validity: String,
    /// Read the current Mesh and the proxies' state from this Kuma API (e.g. http://127.0.0.1:5681).
    #[arg(long, global = true, value_name = "URL")]
    pub control_plane: Option<String>,
    /// Bearer token for the control plane's API.
    #[arg(
        long,
        global = true,
        env = "MESHCTL_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,
    /// Trust this CA (PEM) for an https control plane (needs the `tls` feature).
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_cert: Option<String>,
    /// Connect and read timeout of each request to the control plane.
    #[arg(long, global = true, value_name = "DURATION", default_value = "30s")]
    pub request_timeout: String,
    /// SARIF artifact paths are relative to this directory (default: the working directory,
    /// which in CI is the repository's root).
    #[arg(long, global = true, value_name = "DIR")]
    pub sarif_root: Option<String>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = DEFAULT_MAX_INPUT_BYTES)]
    pub max_input_size: u64,
}

impl Common {
    /// `--product`, Kong Mesh when not given.
    pub fn product(&self) -> Product {
        self.product.unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check one proposed Mesh: a lint alone, or a change against --current.
    Validate(ValidateArgs),
    /// Print every step from current to target, each with its gate.
    Plan(PlanArgs),
    /// Emit the manifest of the next step, if its gate holds (exit 3: wait; 4: done).
    NextStep(NextStepArgs),
    /// Show where the rotation stands: phase, per-backend trust and issuance.
    Status(StatusArgs),
    /// Poll a live control plane until the next step's gate holds (exit 0) or --timeout (exit 3).
    Wait(WaitArgs),
    /// Write the Mesh and every proxy of a live control plane as one complete JSON file, which
    /// --current and --state both read.
    Snapshot(SnapshotArgs),
    /// Print the documentation of a diagnostic code.
    Explain(ExplainArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// The Mesh wanted at the end of the rotation.
    #[arg(long, value_name = "FILE")]
    pub target: String,
    /// The Mesh as applied now, when not the control plane's.
    #[arg(long, value_name = "FILE")]
    pub current: Option<String>,
    /// Give up after this long (exit 3).
    #[arg(long, value_name = "DURATION", default_value = "10m")]
    pub timeout: String,
    /// Time between polls.
    #[arg(long, value_name = "DURATION", default_value = "5s")]
    pub interval: String,
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// Write the snapshot to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

/// The inputs of a rotation: where it stands, where it goes, what the proxies report.
#[derive(Debug, Args)]
pub struct RotationArgs {
    /// The Mesh as applied now (live mode reads it from the control plane).
    #[arg(long, value_name = "FILE")]
    pub current: Option<String>,
    /// The Mesh wanted at the end of the rotation.
    #[arg(long, value_name = "FILE")]
    pub target: String,
    /// Observed proxy state; repeatable, pages are merged.
    #[arg(long, value_name = "FILE")]
    pub state: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub rotation: RotationArgs,
    /// Write every step's manifest into DIR (01-add-backend.yaml, ...).
    #[arg(long, value_name = "DIR")]
    pub write_steps: Option<String>,
}

#[derive(Debug, Args)]
pub struct NextStepArgs {
    #[command(flatten)]
    pub rotation: RotationArgs,
    /// Write the manifest to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The Mesh as applied now (live mode reads it from the control plane).
    #[arg(long, value_name = "FILE")]
    pub current: Option<String>,
    /// Observed proxy state; repeatable, pages are merged (live mode reads it from the control plane).
    #[arg(long, value_name = "FILE")]
    pub state: Vec<String>,
    /// The rotation's target, to tell the added phase from the switched one.
    #[arg(long, value_name = "FILE")]
    pub target: Option<String>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The proposed Mesh (YAML or JSON; `-` for stdin).
    #[arg(value_name = "PROPOSED")]
    pub proposed: String,
    /// The Mesh as applied now; adds the transition and gate checks.
    #[arg(long, value_name = "FILE")]
    pub current: Option<String>,
    /// Observed proxy state (kumactl inspect dataplanes -o json|yaml, REST pages, a
    /// DataplaneInsight List or a MeshInsight); repeatable, pages are merged.
    #[arg(long, value_name = "FILE")]
    pub state: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A diagnostic code, e.g. `unknown-enabled-backend`.
    pub code: String,
}
