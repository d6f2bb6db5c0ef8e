//! Writes `kumactl inspect dataplanes -o json`-shaped overview JSON for N proxies of mesh
//! `default` mid-rotation (every proxy holds ca-1; all but every 97th trust ca-2), for benchmarks:
//! `cargo run --release --example gen_state -- 100000 > state.json`.

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let out = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, out.lock());
    writeln!(w, "{{\n  \"total\": {n},\n  \"items\": [")?;
    for i in 0..n {
        let service = format!("svc-{}", i % 500);
        let supported = if i % 97 == 0 {
            r#""ca-1""#
        } else {
            r#""ca-1", "ca-2""#
        };
        let comma = if i + 1 < n { "," } else { "" };
        write!(
            w,
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
    }}{comma}
"#,
            a = (i >> 16) & 255,
            b = (i >> 8) & 255,
            c = i & 255,
            cp = i % 3,
        )?;
    }
    writeln!(w, "  ],\n  \"next\": null\n}}")?;
    w.flush()
}
