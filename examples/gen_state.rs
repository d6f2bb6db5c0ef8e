//! Writes `kumactl inspect dataplanes -o json`-shaped overview JSON for N proxies of mesh
//! `default` mid-rotation (every proxy holds ca-1; all but every 97th trust ca-2), for benchmarks:
//! `cargo run --release --example gen_state -- 100000 > state.json`.

use std::io::{BufWriter, Write};

#[path = "support/proxies.rs"]
mod proxies;

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let out = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, out.lock());
    writeln!(w, "{{\n  \"total\": {n},\n  \"items\": [")?;
    let mut item = String::new();
    for i in 0..n {
        item.clear();
        proxies::write_item(&mut item, i);
        w.write_all(item.as_bytes())?;
        w.write_all(if i + 1 < n { b",\n" } else { b"\n" })?;
    }
    writeln!(w, "  ],\n  \"next\": null\n}}")?;
    w.flush()
}
