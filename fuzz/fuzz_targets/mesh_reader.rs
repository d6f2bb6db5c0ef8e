//! The Mesh reader and everything that walks a Mesh: documents, spans, typed view, static,
//! transition and certificate rules, the planner and the minimal-edit emitter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshctl::check::certificate::{self, CaSettings};
use meshctl::rotation::emit::{Edit, emit};
use meshctl::input::manifest::{ManifestFile, contents};
use meshctl::input::redact::masked_text;
use meshctl::check::{Product, static_rules, transition};
use meshctl::input::source::Source;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let Ok(file) = ManifestFile::parse(Source::new("fuzz.yaml", text)) else { return };
    let _ = masked_text(&file);
    let Ok(found) = contents(&file) else { return };
    let settings = CaSettings { now: 1_800_000_000, min_validity: 60 * 86_400 };
    for mesh in &found.meshes {
        let _ = static_rules::check(mesh, Product::KongMesh);
        let _ = certificate::check(mesh, &found.secrets, settings, None);
        let _ = transition::check(mesh, mesh, Product::Kuma);
        let _ = meshctl::rotation::plan::plan(mesh, mesh, Product::KongMesh);
        let _ = emit(mesh, mesh, &[Edit::SetEnabled("ca-9".into()), Edit::RemoveBackend("ca-1".into())]);
    }
});
