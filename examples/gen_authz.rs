//! Writes the inputs of the authorization benchmark (benches/authz.sh) into a directory: N proxies
//! of 500 services (overview JSON with Dataplanes and labels), M MeshTrafficPermissions (`from`,
//! each service allowing the next one), and the Mesh of a MeshIdentity move before and after its
//! widening: `cargo run --release --example gen_authz -- DIR 100000 1000`.

use std::io::{BufWriter, Write};
use std::path::Path;

const SERVICES: usize = 500;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).map_or("target/bench", String::as_str));
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let m: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(100);
    std::fs::create_dir_all(dir)?;
    state(&dir.join(format!("authz-state-{n}.json")), n)?;
    policies(&dir.join(format!("authz-policies-{m}.yaml")), m)?;
    for (file, widened) in [("authz-current.yaml", false), ("authz-widened.yaml", true)] {
        std::fs::write(dir.join(file), mesh(widened))?;
    }
    Ok(())
}

fn state(path: &Path, n: usize) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "{{\"total\": {n}, \"items\": [")?;
    for i in 0..n {
        let s = i % SERVICES;
        let comma = if i + 1 < n { "," } else { "" };
        writeln!(
            w,
            r#"{{"type": "DataplaneOverview", "mesh": "default", "name": "svc-{s}-{i:07}.shop", "labels": {{"k8s.kuma.io/namespace": "shop", "k8s.kuma.io/service-account": "svc-{s}", "kuma.io/zone": "zone-1"}}, "dataplane": {{"networking": {{"address": "10.0.0.1", "inbound": [{{"port": 8080, "tags": {{"kuma.io/service": "svc-{s}_shop_svc_80", "kuma.io/protocol": "http", "kuma.io/zone": "zone-1"}}}}]}}}}, "dataplaneInsight": {{"subscriptions": [{{"connectTime": "2026-11-27T08:00:00Z", "status": {{"lastUpdateTime": "2026-11-27T11:00:00Z", "total": {{"responsesSent": "42", "responsesAcknowledged": "42"}}}}}}], "mTLS": {{"certificateExpirationTime": "2026-11-28T11:00:00Z", "lastCertificateRegeneration": "2026-11-27T11:00:00Z", "issuedBackend": "ca-1", "supportedBackends": ["ca-1", "kri_mtrust_default___identity_"]}}}}}}{comma}"#
        )?;
    }
    writeln!(w, "], \"next\": null}}")?;
    w.flush()
}

fn policies(path: &Path, m: usize) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    for j in 0..m {
        let (server, client) = (j % SERVICES, (j + 1) % SERVICES);
        writeln!(
            w,
            "---\ntype: MeshTrafficPermission\nname: p-{j:04}\nmesh: default\nspec:\n  targetRef: {{kind: MeshSubset, tags: {{kuma.io/service: svc-{server}_shop_svc_80}}}}\n  from:\n  - targetRef: {{kind: MeshSubset, tags: {{kuma.io/service: svc-{client}_shop_svc_80}}}}\n    default: {{action: Allow}}"
        )?;
    }
    w.flush()
}

fn mesh(widened: bool) -> String {
    let selector = if widened {
        "  selector:\n    dataplane:\n      matchLabels: {}\n"
    } else {
        "  selector: {}\n"
    };
    format!(
        "type: Mesh\nname: default\nmeshServices:\n  mode: Exclusive\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - {{name: ca-1, type: builtin}}\n---\ntype: MeshIdentity\nname: identity\nmesh: default\nspec:\n{selector}  spiffeID:\n    trustDomain: \"{{{{ .Mesh }}}}.{{{{ .Zone }}}}.mesh.local\"\n  provider:\n    type: Bundled\n    bundled:\n      insecureAllowSelfSigned: true\n      autogenerate:\n        enabled: true\nstatus:\n  conditions:\n  - {{type: Ready, status: \"True\", reason: Ready, message: ok}}\n  - {{type: MeshTrustCreated, status: \"True\", reason: MeshTrustCreated, message: ok}}\n"
    )
}
