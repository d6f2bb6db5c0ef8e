//! The manifest of a step that applies or deletes MeshIdentity, MeshTrust and MeshTLS documents:
//! in the target's format, YAML documents separated by `---`, or JSON (a Kubernetes `List` when
//! there are several; Universal JSON documents separated by `---`, which `kumactl apply` reads).

use serde_yaml::Value;

use crate::input::manifest::Format;

pub(crate) fn documents_text(
    documents: &[Value],
    format: Format,
    kubernetes: bool,
) -> Result<String, String> {
    match format {
        Format::Yaml => {
            let mut out = String::new();
            for (i, doc) in documents.iter().enumerate() {
                if i > 0 {
                    out.push_str("---\n");
                }
                out.push_str(&serde_yaml::to_string(doc).map_err(|e| e.to_string())?);
            }
            Ok(out)
        }
        Format::Json => {
            let json = |v: &Value| -> Result<serde_json::Value, String> {
                serde_json::to_value(v).map_err(|e| e.to_string())
            };
            let pretty = |v: &serde_json::Value| -> Result<String, String> {
                serde_json::to_string_pretty(v)
                    .map(|t| t + "\n")
                    .map_err(|e| e.to_string())
            };
            match documents {
                [one] => pretty(&json(one)?),
                many if kubernetes => {
                    let items = many.iter().map(json).collect::<Result<Vec<_>, _>>()?;
                    pretty(&serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items}))
                }
                many => Ok(many
                    .iter()
                    .map(|d| json(d).and_then(|v| pretty(&v)))
                    .collect::<Result<Vec<_>, _>>()?
                    .join("---\n")),
            }
        }
    }
}
