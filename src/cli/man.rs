//! Man pages: `meshctl(1)` and one page per command (`meshctl-validate(1)`, …), each with the
//! EXAMPLES and EXIT STATUS its `--help` shows, rendered with clap_mangen and a few roff
//! sections of our own.

use clap::CommandFactory;

use super::Cli;

/// Every page: `(file name, roff)`, the main page first.
pub fn pages() -> Vec<(String, String)> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let mut pages = vec![("meshctl.1".to_string(), main_page(&cli))];
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("meshctl-{}", sub.get_name());
        let cmd = sub
            .clone()
            .display_name(&name)
            .bin_name(format!("meshctl {}", sub.get_name()));
        pages.push((format!("{name}.1"), command_page(&cmd)));
    }
    pages
}

/// The page of `command` (`validate`, …), or the main page for none.
pub fn page(command: Option<&str>) -> Option<String> {
    let file = match command {
        Some(c) => format!("meshctl-{c}.1"),
        None => "meshctl.1".to_string(),
    };
    pages()
        .into_iter()
        .find(|(f, _)| *f == file)
        .map(|(_, roff)| roff)
}

fn main_page(cli: &clap::Command) -> String {
    let man = clap_mangen::Man::new(cli.clone());
    let mut out = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = man.render(&mut out);
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.push_str(&section(
        "EXIT STATUS",
        &[
            ("0", "no error-level finding; next-step wrote its manifest"),
            (
                "1",
                "error-level findings: the change or step is not safe or not valid",
            ),
            ("2", "usage or input error: nothing was checked or written"),
            ("3", "waiting: the next step's gate does not hold yet"),
            (
                "4",
                "nothing to do: the current mtls already equals the target",
            ),
        ],
    ));
    let see: Vec<String> = cli
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| format!("\\fBmeshctl\\-{}\\fR(1)", escape(s.get_name())))
        .collect();
    text.push_str(&format!(".SH \"SEE ALSO\"\n{}\n", see.join(", ")));
    text
}

fn command_page(cmd: &clap::Command) -> String {
    let man = clap_mangen::Man::new(cmd.clone()).title(cmd.get_display_name().unwrap_or("meshctl"));
    let mut out = Vec::new();
    for part in [
        clap_mangen::Man::render_title,
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
    ] {
        let _ = part(&man, &mut out);
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    let after = cmd
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    let (examples, status) = split_after_help(&after);
    if !examples.is_empty() {
        text.push_str(".SH EXAMPLES\n");
        for line in examples {
            text.push_str(&format!(".nf\n{}\n.fi\n", escape(line.trim())));
        }
    }
    if !status.is_empty() {
        text.push_str(&section("EXIT STATUS", &status));
    }
    text.push_str(".SH \"SEE ALSO\"\n\\fBmeshctl\\fR(1)\n");
    text
}

/// The example lines and the `(code, meaning)` rows of a command's after-help text.
fn split_after_help(text: &str) -> (Vec<&str>, Vec<(&str, &str)>) {
    let (mut examples, mut status) = (Vec::new(), Vec::new());
    let mut in_status = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("Exit status") {
            in_status = true;
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with("Example") {
            continue;
        }
        if in_status {
            if let Some((code, meaning)) = trimmed.split_once(char::is_whitespace) {
                status.push((code, meaning.trim()));
            }
        } else {
            examples.push(trimmed);
        }
    }
    (examples, status)
}

fn section(title: &str, rows: &[(&str, &str)]) -> String {
    let mut text = format!(".SH \"{title}\"\n");
    for (term, meaning) in rows {
        text.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            escape(term),
            escape(meaning)
        ));
    }
    text
}

/// Text as roff reads it: backslashes and hyphens escaped, a leading dot or quote neutralized.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
