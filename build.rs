//! Says whether Kuma's reference files sit beside the repository (`../shared/reference`): the
//! tests over them are then run, and on a clone of the repository alone reported as ignored
//! (`cfg(shared_reference)`), never as passed. Run `cargo clean -p meshctl` after adding them.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_reference)");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    if std::path::Path::new(&manifest)
        .join("../shared/reference")
        .is_dir()
    {
        println!("cargo::rustc-cfg=shared_reference");
    }
}
