//! The command line's values as typed settings, parsed once when a command starts (never again at
//! each of `wait`'s polls): timestamps, durations, codes, the control plane to read. A bad value
//! is an `InputError` (usage), which the command reports in the chosen format.

use std::time::Duration;

use super::config::RepoConfig;
use super::{CheckArgs, Common, LiveArgs, MeshArgs};
use crate::authz::version::KumaVersion;
use crate::diag::Overrides;
use crate::diag::error::InputError;
use crate::input::duration::{parse_go, parse_kuma};
use crate::input::time::{Moment, Timestamp, parse_moment};
use crate::lint::Product;
use crate::state::Intervals;

/// Everything a judging command was told, typed.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--mesh`: which Mesh of an input, and which mesh's proxies.
    pub mesh: Option<String>,
    /// `--product` when given; live mode asks the control plane otherwise.
    pub product: Option<Product>,
    pub max_input: u64,
    pub overrides: Overrides,
    /// `--now`; the clock at each evaluation when absent.
    pub now: Option<Timestamp>,
    /// `--min-ca-validity`, in seconds.
    pub min_ca_validity: i64,
    /// `--secrets` files.
    pub secrets: Vec<String>,
    /// `--zones` and `--zone-egresses` files, read with the state.
    pub zone_files: Vec<String>,
    /// `--changed-at`, at the resolution it was given with.
    pub changed_at: Option<Moment>,
    pub ignore_offline: bool,
    /// `--control-plane` and how to reach it.
    pub live: Option<LiveSettings>,
    /// Kuma's intervals given as flags (each over what the control plane or a snapshot says).
    pub intervals: IntervalFlags,
    /// `--policies`: files that together hold every authorization policy of the mesh.
    pub policies: Vec<String>,
    pub kuma_version: Option<KumaVersion>,
    /// The `meshctl.toml` read, named in the report.
    pub config_file: Option<String>,
}

/// Kuma's intervals given as flags; `None` where not given.
#[derive(Debug, Clone, Copy, Default)]
pub struct IntervalFlags {
    pub status_flush: Option<Duration>,
    pub config_refresh: Option<Duration>,
    pub cache_expiration: Option<Duration>,
    pub min_resync: Option<Duration>,
}

impl IntervalFlags {
    /// These flags over `known` (a control plane's `GET /config` or a snapshot), over Kuma's
    /// defaults.
    pub fn over(&self, known: Option<Intervals>) -> Intervals {
        let base = known.unwrap_or_default();
        Intervals {
            status_flush: self.status_flush.unwrap_or(base.status_flush),
            config_refresh: self.config_refresh.unwrap_or(base.config_refresh),
            cache_expiration: self.cache_expiration.unwrap_or(base.cache_expiration),
            min_resync: self.min_resync.unwrap_or(base.min_resync),
        }
    }
}

/// How to reach a live control plane.
#[derive(Debug, Clone)]
pub struct LiveSettings {
    pub url: String,
    pub token: Option<String>,
    pub ca_cert: Option<String>,
    pub timeout: Duration,
}

impl Settings {
    /// The settings of a command that judges a Mesh.
    pub fn parse(common: &Common) -> Result<Self, InputError> {
        let mut settings = Self::parse_groups(&common.mesh, &common.checks, &common.live)?;
        let evidence = &common.evidence;
        settings.zone_files = evidence
            .zones
            .iter()
            .chain(&evidence.zone_egresses)
            .cloned()
            .collect();
        settings.changed_at = evidence
            .changed_at
            .as_deref()
            .map(|t| timestamp("--changed-at", t))
            .transpose()?;
        settings.ignore_offline = evidence.ignore_offline;
        if !evidence.policies.is_empty() {
            settings.policies = evidence.policies.clone();
        }
        settings.kuma_version = evidence
            .kuma_version
            .as_deref()
            .map(|v| {
                KumaVersion::parse(v).ok_or_else(|| {
                    InputError::usage(format!(
                        "--kuma-version `{v}` is not a version (X.Y or X.Y.Z, e.g. 2.14 or 2.14.3)"
                    ))
                })
            })
            .transpose()?;
        let go = |flag: &str, text: &Option<String>| {
            text.as_deref().map(|t| go_duration(flag, t)).transpose()
        };
        settings.intervals = IntervalFlags {
            status_flush: go(
                "--dataplane-status-flush-interval",
                &evidence.dataplane_status_flush_interval,
            )?,
            config_refresh: go(
                "--dataplane-configuration-refresh-interval",
                &evidence.dataplane_configuration_refresh_interval,
            )?,
            cache_expiration: go("--store-cache-expiration", &evidence.store_cache_expiration)?,
            min_resync: go(
                "--mesh-min-resync-interval",
                &evidence.mesh_min_resync_interval,
            )?,
        };
        Ok(settings)
    }

    /// The settings of `snapshot`: the Mesh, the overrides and the control plane.
    pub fn parse_groups(
        mesh: &MeshArgs,
        checks: &CheckArgs,
        live: &LiveArgs,
    ) -> Result<Self, InputError> {
        let file = super::config::load(checks.config.as_deref(), checks.no_config)?;
        let repo = file.as_ref();
        let overrides = match repo {
            Some(f) => Overrides::from_flags(&f.deny, &f.warn, &f.allow)
                .map_err(|e| InputError::io(&f.path, e.message))?,
            None => Overrides::default(),
        }
        .beneath(Overrides::from_flags(
            &checks.deny,
            &checks.warn,
            &checks.allow,
        )?);
        let now = checks
            .now
            .as_deref()
            .map(|t| timestamp("--now", t).map(|m| m.at))
            .transpose()?;
        let min_ca_validity = match (&checks.min_ca_validity, repo) {
            (Some(flag), _) => duration("--min-ca-validity", flag)?,
            (
                None,
                Some(RepoConfig {
                    min_ca_validity: Some(v),
                    path,
                    ..
                }),
            ) => parse_kuma(v).ok_or_else(|| {
                InputError::io(
                    path,
                    format!("min-ca-validity `{v}` is not a Kuma duration"),
                )
            })?,
            _ => duration("--min-ca-validity", "60d")?,
        };
        let live = match &live.control_plane {
            None => None,
            Some(url) => {
                if mesh.mesh.is_none() {
                    return Err(InputError::usage(
                        "--mesh NAME is required with --control-plane",
                    ));
                }
                Some(LiveSettings {
                    url: url.clone(),
                    token: live.token.clone(),
                    ca_cert: live.ca_cert.clone(),
                    timeout: duration("--request-timeout", &live.request_timeout)?,
                })
            }
        };
        Ok(Self {
            mesh: mesh.mesh.clone(),
            product: mesh.product.or(repo.and_then(|f| f.product)),
            max_input: mesh
                .max_input_size
                .or(repo.and_then(|f| f.max_input_size))
                .unwrap_or(crate::input::source::DEFAULT_MAX_INPUT_BYTES),
            overrides,
            now,
            min_ca_validity: min_ca_validity.as_secs() as i64,
            secrets: match (checks.secrets.is_empty(), repo) {
                (true, Some(f)) => f.secrets.clone(),
                _ => checks.secrets.clone(),
            },
            policies: repo.map(|f| f.policies.clone()).unwrap_or_default(),
            config_file: repo.map(|f| f.path.clone()),
            live,
            ..Self::default()
        })
    }

    /// `--product`, Kong Mesh when not given.
    pub fn product(&self) -> Product {
        self.product.unwrap_or_default()
    }
}

/// A Kuma-grammar duration flag (`30s`, `10m`).
pub fn duration(flag: &str, text: &str) -> Result<Duration, InputError> {
    parse_kuma(text).ok_or_else(|| {
        InputError::usage(format!(
            "{flag} `{text}` is not a duration (one integer and one unit of y, w, d, h, m, s, ms)"
        ))
    })
}

/// A Go duration flag (`10s`, `1m30s`, `500ms`), as Kuma's configuration spells them.
fn go_duration(flag: &str, text: &str) -> Result<Duration, InputError> {
    parse_go(text).ok_or_else(|| {
        InputError::usage(format!(
            "{flag} `{text}` is not a duration (Go's grammar, as kuma-cp's configuration: 10s, 1m30s, 500ms)"
        ))
    })
}

fn timestamp(flag: &str, text: &str) -> Result<Moment, InputError> {
    parse_moment(text).ok_or_else(|| {
        InputError::usage(format!(
            "{flag} `{text}` is not an RFC 3339 timestamp (e.g. 2026-11-27T10:00:00Z)"
        ))
    })
}
