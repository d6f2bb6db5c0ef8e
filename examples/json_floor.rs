//! The parsing floors of the benchmark: one serde_json pass over a file ignoring every value,
//! either over the file read whole into memory (`from_slice`, the default: the least any JSON
//! parser in Rust does) or through a 256 KiB buffered reader (`--reader`: serde_json's
//! byte-at-a-time reader). `cargo run --release --example json_floor -- [--reader] FILE`.

use std::io::BufReader;

use serde::de::IgnoredAny;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (reader, path) = match args.as_slice() {
        [flag, path] if flag == "--reader" => (true, path),
        [path] => (false, path),
        _ => panic!("usage: json_floor [--reader] FILE"),
    };
    if reader {
        let file = std::fs::File::open(path).expect("readable file");
        let mut de =
            serde_json::Deserializer::from_reader(BufReader::with_capacity(256 * 1024, file));
        let _: IgnoredAny = serde::Deserialize::deserialize(&mut de).expect("valid JSON");
    } else {
        let bytes = std::fs::read(path).expect("readable file");
        let _: IgnoredAny = serde_json::from_slice(&bytes).expect("valid JSON");
    }
}
