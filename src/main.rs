//! The meshctl binary: parse the command line, run the library, write its output, exit.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = meshctl::cli::Cli::parse();
    let output = meshctl::run(&cli);
    // A closed pipe (`meshctl ... | head`) is not an error worth a message.
    let _ = std::io::stdout().write_all(output.stdout.as_bytes());
    let _ = std::io::stderr().write_all(output.stderr.as_bytes());
    ExitCode::from(output.code)
}
