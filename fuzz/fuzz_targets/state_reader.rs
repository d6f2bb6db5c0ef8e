//! The state reader: JSON streamed in blocks, YAML, every item shape; then the gates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshctl::check::gate::{Gate, ScopeSettings, evaluate};
use meshctl::state::StateReader;

fuzz_target!(|data: &[u8]| {
    let mut reader = StateReader::new("default");
    if reader.read_bytes(data, "fuzz.json").is_err() {
        return;
    }
    let census = reader.finish();
    let settings = ScopeSettings { now: 1_800_000_000, ignore_offline: false };
    let _ = evaluate(&Gate::Switch("ca-2".into()), &census, settings);
    let _ = evaluate(&Gate::Remove(vec!["ca-1".into()]), &census, settings);
});
