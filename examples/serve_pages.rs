//! The benchmark's control plane: serves N generated proxies of mesh `default` as Kuma's API
//! pages them (`/meshes/default/dataplanes/_overview?offset=&size=`, at most 1,000 a page), with
//! the index, `/config` and the Mesh, on 127.0.0.1 over HTTP/1.1 keep-alive. Pages are built
//! before the address is printed, so the server costs a copy per request while timed: those at
//! every multiple of 1,000, and those meshctl asks for, one item before (`Paging::Overlapped`).
//! `cargo run --release --example serve_pages -- 100000` prints `http://127.0.0.1:PORT`, then
//! serves until killed; `-- 100000 chunked` sends bodies chunked, without a length, as Go's
//! `net/http` sends Kuma's large responses.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

#[path = "support/proxies.rs"]
mod proxies;

const PAGE: usize = 1000;

const INDEX: &str =
    r#"{"product":"Kong Mesh","version":"2.14.0","basedOnKuma":"2.14.0","tagline":"Kong Mesh"}"#;
const CONFIG: &str = r#"{"mode":"zone","store":{"type":"memory"}}"#;
const MESH: &str = r#"{"type":"Mesh","name":"default","creationTime":"2026-11-01T10:00:00Z","modificationTime":"2026-11-01T10:00:00Z","mtls":{"enabledBackend":"ca-1","backends":[{"name":"ca-1","type":"builtin"},{"name":"ca-2","type":"builtin"}]}}"#;
const EMPTY: &str = r#"{"total":0,"items":[],"next":null}"#;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let chunked = args.next().as_deref() == Some("chunked");
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let pages = Arc::new(pages(n, &base));
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{base}")?;
    stdout.flush()?;
    for stream in listener.incoming() {
        let pages = Arc::clone(&pages);
        let stream = stream?;
        std::thread::spawn(move || {
            let _ = serve(stream, &pages, chunked);
        });
    }
    Ok(())
}

/// The pages of the listing by offset: every multiple of PAGE, and every multiple of PAGE - 1
/// (a page asked one item before the offset the page before named).
fn pages(n: usize, base: &str) -> HashMap<usize, Vec<u8>> {
    let offsets = (0..n.max(1))
        .step_by(PAGE)
        .chain((PAGE - 1..n).step_by(PAGE - 1));
    offsets.map(|start| (start, page(n, start, base))).collect()
}

/// The page of PAGE items from `start`, as Kuma prints it.
fn page(n: usize, start: usize, base: &str) -> Vec<u8> {
    let end = (start + PAGE).min(n);
    let mut text = format!("{{\n  \"total\": {n},\n  \"items\": [\n");
    for i in start..end {
        proxies::write_item(&mut text, i);
        text.push_str(if i + 1 < end { ",\n" } else { "\n" });
    }
    let next = if end < n {
        format!("\"{base}/meshes/default/dataplanes/_overview?offset={end}&size={PAGE}\"")
    } else {
        "null".to_string()
    };
    text.push_str(&format!("  ],\n  \"next\": {next}\n}}\n"));
    text.into_bytes()
}

/// Answers the requests of one connection until the client closes it.
fn serve(stream: TcpStream, pages: &HashMap<usize, Vec<u8>>, chunked: bool) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" {
                break;
            }
        }
        let (status, body) = route(&target, pages);
        let length = match chunked {
            true => "Transfer-Encoding: chunked".to_string(),
            false => format!("Content-Length: {}", body.len()),
        };
        let head =
            format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{length}\r\n\r\n");
        out.write_all(head.as_bytes())?;
        if chunked {
            out.write_all(format!("{:x}\r\n", body.len()).as_bytes())?;
            out.write_all(body)?;
            out.write_all(b"\r\n0\r\n\r\n")?;
        } else {
            out.write_all(body)?;
        }
    }
}

fn route<'p>(target: &str, pages: &'p HashMap<usize, Vec<u8>>) -> (&'static str, &'p [u8]) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match path {
        "/" => ("200 OK", INDEX.as_bytes()),
        "/config" => ("200 OK", CONFIG.as_bytes()),
        "/meshes/default" => ("200 OK", MESH.as_bytes()),
        "/meshes/default/dataplanes/_overview" => {
            let offset: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("offset="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            match pages.get(&offset) {
                Some(page) => ("200 OK", page),
                None => ("400 Bad Request", br#"{"title":"bad offset"}"#),
            }
        }
        _ => ("200 OK", EMPTY.as_bytes()),
    }
}
