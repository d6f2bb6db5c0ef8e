//! The meshctl binary: parse the command line, run the library, write its output, exit.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use meshctl::WaitObserver;
use meshctl::diag::error::InputError;
use meshctl::engine::StepReport;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let cli = match meshctl::cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => match meshctl::usage_error(&args, &error) {
            Some(output) => return write(&output),
            None => error.exit(),
        },
    };
    let mut progress = Progress::new();
    let output = meshctl::run_with(&cli, &mut progress);
    progress.finish();
    write(&output)
}

fn write(output: &meshctl::Output) -> ExitCode {
    // A closed pipe (`meshctl ... | head`) is not an error worth a message.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(output.stdout.as_bytes());
    if let Some(mut file) = output.stdout_file.as_ref() {
        let _ = std::io::copy(&mut file, &mut stdout);
    }
    let _ = stdout.flush();
    drop(stdout);
    let _ = std::io::stderr().write_all(output.stderr.as_bytes());
    ExitCode::from(output.code)
}

/// `wait`'s progress: a bar of ready proxies on a terminal, a plain line per poll otherwise.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new() -> Self {
        Self { bar: None }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl WaitObserver for Progress {
    fn waiting(&mut self, step: &StepReport, held_by: &[&str]) {
        let Some(gate) = &step.gate else { return };
        let mut blocking = if gate.blocking.is_empty() {
            String::new()
        } else {
            format!(" (not ready: {})", gate.blocking.join(", "))
        };
        // What holds the step beyond the proxies themselves (a zone offline, a wait on Kuma).
        if !held_by.is_empty() {
            blocking.push_str(&format!("; held by {}", held_by.join(", ")));
        }
        // On a global control plane: the zone furthest behind.
        if let Some(zone) = gate.zones.first().filter(|z| z.ready < z.total) {
            blocking.push_str(&format!(
                "; slowest zone: {} ({}/{} ready)",
                zone.zone, zone.ready, zone.total
            ));
        }
        if std::io::stderr().is_terminal() {
            let bar = self.bar.get_or_insert_with(|| {
                let bar = ProgressBar::new(gate.total);
                let style = ProgressStyle::with_template(
                    "{spinner} {prefix} [{bar:30}] {pos}/{len} proxies ready {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar());
                bar.set_style(style.progress_chars("=> "));
                bar
            });
            bar.set_prefix(step.kind.as_str());
            bar.set_length(gate.total);
            bar.set_position(gate.ready);
            bar.set_message(blocking);
        } else {
            let _ = writeln!(
                std::io::stderr(),
                "meshctl wait: {} gate: {}/{} in-scope proxies ready{blocking}",
                step.kind.as_str(),
                gate.ready,
                gate.total
            );
        }
    }

    fn retrying(&mut self, error: &InputError) {
        let line = format!("meshctl wait: {error}; retrying");
        match &self.bar {
            Some(bar) => bar.println(line),
            None => {
                let _ = writeln!(std::io::stderr(), "{line}");
            }
        }
    }
}
