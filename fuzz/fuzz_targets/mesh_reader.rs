//! The Mesh reader and everything that walks a Mesh: documents, spans, typed view, static,
//! transition and certificate rules, the planners and the minimal-edit emitter, through the
//! engine's own calls.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshctl::engine::{self, Ask, Loaded, Material, Settings, Source};

const TARGET: &str = "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-9\n  backends:\n  - {name: ca-9, type: builtin}\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let Ok(mesh) = Loaded::parse(Source::new("fuzz.yaml", text), None) else { return };
    let target = Loaded::parse(Source::new("target.yaml", TARGET), Some(&mesh.mesh.name));
    let settings = Settings { now: meshctl::engine::Timestamp::from_secs(1_800_000_000), min_ca_validity: 60 * 86_400, ..Settings::default() };
    let material = Material::beside(&[&mesh]);
    let _ = engine::validate(&mesh, Some(&mesh), None, &material, &settings);
    let _ = engine::rotation(&mesh, &mesh, None, &material, &settings, Ask::Plan);
    if let Ok(target) = target {
        let _ = engine::rotation(&mesh, &target, None, &material, &settings, Ask::Plan);
    }
});
