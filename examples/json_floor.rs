//! The parsing floor of the benchmark: one serde_json pass over a file through a 256 KiB buffered
//! reader, ignoring every value (meshctl's own reader parses slices of 1 MiB blocks instead).
//! `cargo run --release --example json_floor -- FILE`.

use std::io::BufReader;

use serde::de::IgnoredAny;

fn main() {
    let path = std::env::args().nth(1).expect("usage: json_floor FILE");
    let file = std::fs::File::open(&path).expect("readable file");
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(256 * 1024, file));
    let _: IgnoredAny = serde::Deserialize::deserialize(&mut de).expect("valid JSON");
}
