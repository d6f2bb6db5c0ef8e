//! One generated `DataplaneOverview` item as `kumactl inspect dataplanes -o json` prints it,
//! shared by the benchmark's examples (`gen_state`, `serve_pages`).

use std::fmt::Write;

/// Appends proxy `i` of mesh `default` mid-rotation: it holds ca-1, and all but every 97th
/// proxy trust ca-2 too.
pub(crate) fn write_item(out: &mut String, i: usize) {
    let service = format!("svc-{}", i % 500);
    let supported = if i.is_multiple_of(97) {
        r#""ca-1""#
    } else {
        r#""ca-1", "ca-2""#
    };
    let _ = write!(
        out,
        r#"    {{
      "type": "DataplaneOverview",
      "mesh": "default",
      "name": "{service}-{i:07}.shop",
      "creationTime": "2026-11-01T10:00:00Z",
      "modificationTime": "2026-11-01T10:00:00Z",
      "dataplane": {{
        "networking": {{
          "address": "10.{a}.{b}.{c}",
          "inbound": [{{"port": 8080, "servicePort": 80, "tags": {{"kuma.io/service": "{service}_shop_svc_80", "kuma.io/protocol": "http"}}}}]
        }}
      }},
      "dataplaneInsight": {{
        "subscriptions": [
          {{
            "id": "{i}-1",
            "controlPlaneInstanceId": "cp-{cp}",
            "connectTime": "2026-11-27T08:00:00Z",
            "status": {{"total": {{"responsesSent": "42", "responsesAcknowledged": "42"}}}}
          }}
        ],
        "mTLS": {{
          "certificateExpirationTime": "2026-11-28T11:00:00Z",
          "lastCertificateRegeneration": "2026-11-27T11:00:00Z",
          "certificateRegenerations": 3,
          "issuedBackend": "ca-1",
          "supportedBackends": [{supported}]
        }}
      }}
    }}"#,
        a = (i >> 16) & 255,
        b = (i >> 8) & 255,
        c = i & 255,
        cp = i % 3,
    );
}
