//! `meshctl explain CODE`: the registry's documentation of one code.

use crate::diag::codes::Code;
use crate::diag::error::InputError;

/// The explanation of `name` (as text, or a JSON object), or an input error listing close matches.
pub(crate) fn explain(name: &str, json: bool) -> Result<String, InputError> {
    let Some(code) = Code::from_name(name) else {
        let close: Vec<_> = Code::ALL
            .iter()
            .map(|c| c.as_str())
            .filter(|c| {
                name.split('-')
                    .any(|part| part.len() > 2 && c.contains(part))
            })
            .collect();
        let hint = if close.is_empty() {
            String::new()
        } else {
            format!(" (did you mean: {}?)", close.join(", "))
        };
        return Err(InputError::usage(format!(
            "unknown diagnostic code `{name}`{hint}"
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
