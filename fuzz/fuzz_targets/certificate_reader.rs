//! The certificate and Secret reader: the bytes split into a cert and a key, given inline and
//! through a Universal Secret, then every certificate rule, through the engine's own call.
#![no_main]

use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use meshctl::engine::{self, Loaded, Material, Settings, Source};

fuzz_target!(|data: &[u8]| {
    let split = data.first().map_or(0, |b| *b as usize % (data.len().max(1))).min(data.len());
    let (cert, key) = data.split_at(split);
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let text = format!(
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: a\n  backends:\n  - name: a\n    type: provided\n    conf:\n      cert: {{inline: \"{}\"}}\n      key: {{secret: k}}\n  - name: b\n    type: acmpca\n    conf:\n      caCert: {{inline: \"{}\"}}\n---\ntype: Secret\nname: k\nmesh: default\ndata: \"{}\"\n",
        b64(cert),
        b64(key),
        b64(key)
    );
    let mesh = Loaded::parse(Source::new("fuzz.yaml", text), None).expect("the wrapper holds a Mesh");
    let settings = Settings { now: meshctl::engine::Timestamp::from_secs(1_800_000_000), min_ca_validity: 60 * 86_400, ..Settings::default() };
    let _ = engine::validate(&mesh, None, None, &Material::beside(&[&mesh]), &settings);
});
