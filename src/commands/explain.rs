//! `meshctl explain CODE`: the registry's documentation of one code.

use crate::diag::codes::Code;
use crate::diag::error::InputError;

/// The explanation of `name` (as text, or a JSON object), or an input error naming the closest
/// codes.
pub(crate) fn explain(name: &str, json: bool) -> Result<String, InputError> {
    let Some(code) = Code::from_name(name) else {
        return Err(InputError::usage(format!(
            "unknown diagnostic code `{name}`{} (`meshctl explain --list` lists them)",
            did_you_mean(name)
        )));
    };
    if json {
        let value = serde_json::json!({
            "code": code.as_str(),
            "family": code.family().as_str(),
            "default_severity": code.default_severity().as_str(),
            "summary": code.summary(),
            "explanation": code.explanation(),
        });
        return Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        ));
    }
    Ok(format!(
        "{code}\n  family: {}\n  default severity: {}\n\n{}\n\n{}\n",
        code.family().as_str(),
        code.default_severity().as_str(),
        code.summary(),
        code.explanation()
    ))
}

/// The three codes nearest a mistyped one: by edit distance, else those sharing a word of it.
fn did_you_mean(name: &str) -> String {
    let names = || Code::ALL.iter().map(|c| c.as_str());
    let mut close = crate::diag::near::closest(name, names(), 3);
    if close.is_empty() {
        close = names()
            .filter(|c| {
                c.starts_with(name)
                    || name
                        .split('-')
                        .any(|part| part.len() > 3 && c.contains(part))
            })
            .take(3)
            .collect();
    }
    if close.is_empty() {
        return String::new();
    }
    format!(" (did you mean: {}?)", close.join(", "))
}

/// `meshctl explain --list`: every code with its family, default severity and summary.
pub(crate) fn list(json: bool) -> String {
    if json {
        let codes: Vec<_> = Code::ALL
            .iter()
            .map(|c| {
                serde_json::json!({
                    "code": c.as_str(),
                    "family": c.family().as_str(),
                    "default_severity": c.default_severity().as_str(),
                    "waits": c.waits(),
                    "summary": c.summary(),
                })
            })
            .collect();
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&codes).unwrap_or_default()
        );
    }
    let width = Code::ALL
        .iter()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0);
    Code::ALL
        .iter()
        .map(|c| {
            format!(
                "{:width$}  {:7}  {}\n",
                c.as_str(),
                c.default_severity().as_str(),
                c.summary()
            )
        })
        .collect()
}
