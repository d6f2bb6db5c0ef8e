//! The command line (clap derive), kept in the library so completions and man pages see it. Only
//! the output flags are global; each command flattens the flag groups it takes, under a heading
//! of their own. Values stay text here and become typed settings in `settings`, once, so that a
//! bad value is reported in the chosen `--format` like any other input error.

pub mod config;
pub mod man;
pub mod settings;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::lint::Product;
pub use crate::render::Format;
pub use crate::render::junit::Flavor as JunitFlavor;

/// Plan and gate the mTLS CA rotation of Kong Mesh and Kuma meshes.
#[derive(Debug, Parser)]
#[command(name = "meshctl", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How the report is written; every command takes these, before or after its name.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output (auto honours NO_COLOR and a non-terminal stdout).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// SARIF artifact paths are relative to this directory (default: the working directory,
    /// which in CI is the repository's root).
    #[arg(long, global = true, value_name = "DIR")]
    pub sarif_root: Option<String>,
    /// JUnit for Jenkins' junit-4.xsd (file and line in `classname`), or GitLab's (`file` and
    /// `line` attributes).
    #[arg(long, global = true, value_enum, default_value_t = JunitFlavor::Jenkins)]
    pub junit_flavor: JunitFlavor,
    /// Human output: the summary line only (and an input error). Other formats are unchanged.
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Which Mesh, judged by which product, read within which bound.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Mesh")]
pub struct MeshArgs {
    /// The Mesh to use when an input holds several (required with --control-plane).
    #[arg(long, value_name = "NAME")]
    pub mesh: Option<String>,
    /// Which control plane judges the Mesh: Kong Mesh (the default) allows the rotation, Kuma does
    /// not. In live mode the control plane says which.
    #[arg(long, value_enum)]
    pub product: Option<Product>,
    /// Refuse inputs larger than this many bytes [default: 536870912].
    #[arg(long, value_name = "BYTES")]
    pub max_input_size: Option<u64>,
}

/// Which findings count, and the certificate checks' inputs.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Checks")]
pub struct CheckArgs {
    /// Treat diagnostic CODE as an error (repeatable); `-D warnings` makes every warning an
    /// error (a code given to --warn or --allow keeps that level).
    #[arg(short = 'D', long, value_name = "CODE", value_parser = CodeName { warnings: true }, hide_possible_values = true)]
    pub deny: Vec<String>,
    /// Treat diagnostic CODE as a warning (repeatable).
    #[arg(short = 'W', long, value_name = "CODE", value_parser = CodeName { warnings: false }, hide_possible_values = true)]
    pub warn: Vec<String>,
    /// Do not report diagnostic CODE (repeatable).
    #[arg(short = 'A', long, value_name = "CODE", value_parser = CodeName { warnings: false }, hide_possible_values = true)]
    pub allow: Vec<String>,
    /// Evaluate time-based checks at this instant (RFC 3339), for reproducible runs.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Warn when a CA expires sooner than this (Kuma duration grammar: 60d, 8w, 1y) [default:
    /// 60d].
    #[arg(long, value_name = "DURATION")]
    pub min_ca_validity: Option<String>,
    /// Read the repository's settings from FILE instead of the `meshctl.toml` found upwards
    /// from the working directory (stopping at the repository's root).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<String>,
    /// Read no `meshctl.toml`.
    #[arg(long)]
    pub no_config: bool,
    /// Secrets for `secret` DataSources (Kubernetes `kind: Secret` or Universal `type: Secret`);
    /// repeatable.
    #[arg(long, value_name = "FILE")]
    pub secrets: Vec<String>,
}

/// What the proxies' state is read with, and how it is judged.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Evidence")]
pub struct EvidenceArgs {
    /// The zones of a global control plane (`kumactl inspect zones -o json`, `/zones/_overview`):
    /// a disconnected zone holds every gated step. Repeatable; read with the state.
    #[arg(long, value_name = "FILE")]
    pub zones: Vec<String>,
    /// Zone egress proxies (`kumactl inspect zoneegresses -o json`), for Meshes that route
    /// through zone egress. Repeatable; read with the state.
    #[arg(long, value_name = "FILE")]
    pub zone_egresses: Vec<String>,
    /// When the current Mesh last changed (RFC 3339), for the convergence gate of turning mTLS
    /// off; by default its Universal `modificationTime` or newest Kubernetes `managedFields` time.
    #[arg(long, value_name = "RFC3339")]
    pub changed_at: Option<String>,
    /// Leave every disconnected proxy out of the gates (registrations known to be gone).
    #[arg(long)]
    pub ignore_offline: bool,
    /// The mesh's MeshTrafficPermissions and TrafficPermissions, as a complete set (`kubectl get
    /// meshtrafficpermissions,trafficpermissions,meshtlses -A -o yaml`, `kumactl get … -o yaml`;
    /// an empty List: there are none). Repeatable; the files together are the whole set.
    #[arg(long, value_name = "FILE")]
    pub policies: Vec<String>,
    /// The Kuma version the control plane runs (`2.14`, `2.14.3`; Kong Mesh: the Kuma it is
    /// based on): how it evaluates MeshTrafficPermission. Default: from the control plane or the
    /// snapshot, else every 2.x behaviour at once.
    #[arg(long, value_name = "X.Y[.Z]")]
    pub kuma_version: Option<String>,
    /// Kuma's `xdsServer.dataplaneStatusFlushInterval` (default 10s), when the control plane's
    /// `GET /config` cannot be read: how often insights are written.
    #[arg(long, value_name = "DURATION")]
    pub dataplane_status_flush_interval: Option<String>,
    /// Kuma's `xdsServer.dataplaneConfigurationRefreshInterval` (default 1s).
    #[arg(long, value_name = "DURATION")]
    pub dataplane_configuration_refresh_interval: Option<String>,
    /// Kuma's `store.cache.expirationTime` (default 1s).
    #[arg(long, value_name = "DURATION")]
    pub store_cache_expiration: Option<String>,
    /// Kuma's `metrics.mesh.minResyncInterval` (default 1s).
    #[arg(long, value_name = "DURATION")]
    pub mesh_min_resync_interval: Option<String>,
}

/// A live control plane instead of files.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Control plane")]
pub struct LiveArgs {
    /// Read the current Mesh and the proxies' state from this Kuma API (e.g. http://127.0.0.1:5681).
    #[arg(long, value_name = "URL")]
    pub control_plane: Option<String>,
    /// Bearer token for the control plane's API.
    #[arg(
        long,
        env = "MESHCTL_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,
    /// Trust this CA (PEM) for an https control plane (needs the `tls` feature).
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<String>,
    /// Connect and read timeout of each request to the control plane.
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub request_timeout: String,
}

/// The flag groups of a command that judges a Mesh.
#[derive(Debug, Clone, Default, Args)]
pub struct Common {
    #[command(flatten)]
    pub mesh: MeshArgs,
    #[command(flatten)]
    pub checks: CheckArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    #[command(flatten)]
    pub live: LiveArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check one proposed Mesh: a lint alone, or a change against --current.
    #[command(after_help = concat!(
        "Examples:\n  meshctl validate mesh.yaml\n  meshctl validate proposed.yaml --current current.yaml --state snapshot.json\n\n",
        "Exit status:\n  0  no error-level finding\n  1  error-level findings (a waiting gate fails too)\n  2  usage or input error"
    ))]
    Validate(ValidateArgs),
    /// Print every step from current to target, each with its gate.
    #[command(after_help = concat!(
        "Example:\n  meshctl plan --current current.yaml --target target.yaml --state snapshot.json --write-steps steps/\n\n",
        "Exit status:\n  0  the plan holds no error-level finding\n  1  the plan is refused\n  2  usage or input error\n  3  the next step's gate does not hold yet"
    ))]
    Plan(PlanArgs),
    /// Emit the manifest of the next step, if its gate holds (exit 3: wait; 4: done).
    #[command(after_help = concat!(
        "Example (a pipeline loop):\n  meshctl next-step --current current.yaml --target target.yaml --state snapshot.json -o step.yaml\n  # 0: apply step.yaml; 3: sleep and retry; 4: done; else fail\n\n",
        "Exit status:\n  0  the manifest was written\n  1  the step is refused\n  2  usage or input error\n  3  waiting: the gate does not hold yet\n  4  nothing to do"
    ))]
    NextStep(NextStepArgs),
    /// Show where the rotation stands: phase, per-backend trust and issuance.
    #[command(after_help = concat!(
        "Example:\n  meshctl status --current current.yaml --state snapshot.json --target target.yaml\n\n",
        "Exit status:\n  0  no error-level finding\n  1  error-level findings about the state\n  2  usage or input error"
    ))]
    Status(StatusArgs),
    /// Poll a live control plane until the next step's gate holds (exit 0) or --timeout (exit 3).
    #[command(after_help = concat!(
        "Example:\n  meshctl wait --control-plane http://127.0.0.1:5681 --mesh default --target target.yaml --timeout 15m\n\n",
        "Exit status:\n  0  the gate holds\n  1  the step is refused\n  2  usage or input error\n  3  timed out waiting\n  4  nothing to do"
    ))]
    Wait(WaitArgs),
    /// Write the Mesh and every proxy of a live control plane as one complete JSON file, which
    /// --current and --state both read.
    #[command(after_help = concat!(
        "Example:\n  meshctl snapshot --control-plane http://127.0.0.1:5681 --mesh default -o snapshot.json\n\n",
        "Exit status:\n  0  the snapshot was written\n  1  the listing was incomplete: nothing was written\n  2  usage or input error"
    ))]
    Snapshot(SnapshotArgs),
    /// Print the documentation of a diagnostic code.
    #[command(
        after_help = "Examples:\n  meshctl explain new-backend-not-trusted\n  meshctl explain --list\n\nExit status:\n  0  printed\n  2  unknown code"
    )]
    Explain(ExplainArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  meshctl completions bash > /etc/bash_completion.d/meshctl\n\nExit status:\n  0  printed\n  2  usage error"
    )]
    Completions(CompletionsArgs),
    /// Print a man page (roff): meshctl(1), or a command's; `--dir DIR` writes every page.
    #[command(hide = true)]
    Man(ManArgs),
}

impl Command {
    /// The files and directories the command line names as inputs, in order (stdin left out):
    /// SARIF places a result that has no file of its own (an option error, a finding on a live
    /// control plane) on the first of them.
    pub fn inputs(&self) -> Vec<&str> {
        let mut all: Vec<&str> = Vec::new();
        match self {
            Command::Validate(a) => {
                all.extend(a.proposed.iter().map(String::as_str));
                all.extend(a.current.as_deref());
                all.extend(a.common.evidence.policies.iter().map(String::as_str));
            }
            Command::Plan(PlanArgs { rotation: r, .. })
            | Command::NextStep(NextStepArgs { rotation: r, .. }) => {
                all.push(&r.target);
                all.extend(r.current.as_deref());
            }
            Command::Wait(a) => {
                all.push(&a.target);
                all.extend(a.current.as_deref());
            }
            Command::Status(a) => {
                all.extend(a.target.as_deref());
                all.extend(a.current.as_deref());
                all.extend(a.state.iter().map(String::as_str));
            }
            _ => {}
        }
        all.retain(|f| *f != "-");
        all
    }
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command whose page to print (`validate`, …); the main page without one.
    pub command: Option<String>,
    /// Write every page (`meshctl.1`, `meshctl-validate.1`, …) into DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<String>,
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
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// Write the snapshot to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<String>,
    #[command(flatten)]
    pub mesh: MeshArgs,
    #[command(flatten)]
    pub checks: CheckArgs,
    #[command(flatten)]
    pub live: LiveArgs,
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
    #[command(flatten)]
    pub common: Common,
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
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The proposed Meshes: files (YAML or JSON), directories (their `*.yaml`, `*.yml` and
    /// `*.json`, recursively) or `-` for stdin; each Mesh is checked against the `--current` Mesh
    /// of its name. With `--upgrade-to`: the Mesh, then the manifests kept beside it (policies,
    /// identities), whose MeshTrafficPermissions and TrafficPermissions are the complete set.
    #[arg(value_name = "PROPOSED", required = true)]
    pub proposed: Vec<String>,
    /// The Mesh as applied now (a file, or a directory of the Meshes as applied); adds the
    /// transition and gate checks.
    #[arg(long, value_name = "FILE|DIR")]
    pub current: Option<String>,
    /// Observed proxy state (kumactl inspect dataplanes -o json|yaml, REST pages, a
    /// DataplaneInsight List or a MeshInsight); repeatable, pages are merged.
    #[arg(long, value_name = "FILE")]
    pub state: Vec<String>,
    /// Judge upgrading the control plane to this Kuma version (`3.0`, `2.14`) with PROPOSED as
    /// the manifests kept: proxies that would go plaintext or stay on a legacy certificate, and
    /// pairs of proxies whose authorization the upgrade changes.
    #[arg(long, value_name = "X.Y", conflicts_with = "current")]
    pub upgrade_to: Option<String>,
    /// Skip inputs that hold no Mesh, even when no Mesh is found at all (pre-commit passes every
    /// changed YAML file); without it a lone file without a Mesh is an input error.
    #[arg(long, conflicts_with = "upgrade_to")]
    pub skip_other_kinds: bool,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A diagnostic code, e.g. `unknown-enabled-backend`.
    #[arg(
        required_unless_present = "list",
        value_parser = CodeName { warnings: false },
        hide_possible_values = true
    )]
    pub code: Option<String>,
    /// List every code with its default severity and summary.
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
}

/// A diagnostic code as a flag takes it: any text (meshctl checks it and names the nearest
/// codes in the chosen `--format`), offering every code to shell completion; `warnings` too for
/// `--deny`.
#[derive(Debug, Clone, Copy)]
pub struct CodeName {
    pub warnings: bool,
}

impl clap::builder::TypedValueParser for CodeName {
    type Value = String;

    fn parse_ref(
        &self,
        _: &clap::Command,
        _: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let warnings = self
            .warnings
            .then(|| clap::builder::PossibleValue::new(crate::diag::WARNINGS));
        let codes = crate::diag::codes::Code::ALL
            .iter()
            .map(|c| clap::builder::PossibleValue::new(c.as_str()));
        Some(Box::new(warnings.into_iter().chain(codes)))
    }
}
