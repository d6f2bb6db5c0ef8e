//! The state reader: JSON streamed in blocks, YAML, every item shape; then every gate and the
//! state findings, through the engine's own calls.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshctl::engine::{self, Ask, Loaded, Material, Settings, Source, StateReader};

const CURRENT: &str = "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - {name: ca-1, type: builtin}\n  - {name: ca-2, type: builtin}\n";
const TARGET: &str = "type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-2\n  backends:\n  - {name: ca-2, type: builtin}\n";

fuzz_target!(|data: &[u8]| {
    let mut reader = StateReader::new("default");
    if reader.read_stream(data, "fuzz.json", u64::MAX - 1).is_err() {
        return;
    }
    let census = reader.finish();
    let load = |name, text: &str| Loaded::parse(Source::new(name, text), None).expect("a Mesh");
    let (current, target) = (load("current.yaml", CURRENT), load("target.yaml", TARGET));
    let settings = Settings { now: meshctl::engine::Timestamp::from_secs(1_800_000_000), ..Settings::default() };
    let material = Material::default();
    let _ = engine::validate(&target, Some(&current), Some(&census), &material, &settings);
    let _ = engine::rotation(&current, &target, Some(&census), &material, &settings, Ask::Plan);
    let _ = engine::status(&current, Some(&target), &census, &settings);
});
