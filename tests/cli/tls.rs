//! https to the control plane with a private CA (`--ca-cert`), under the `tls` feature: a small
//! rustls server on 127.0.0.1 with a certificate from a test CA.
#![cfg(feature = "tls")]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::{TempDir, meshctl};

fn body(path: &str) -> String {
    match path {
        "/" => r#"{"product": "Kong Mesh", "version": "2.14.3", "basedOnKuma": "2.14.3"}"#.into(),
        "/meshes/default" => r#"{"type": "Mesh", "name": "default", "mtls": {"enabledBackend": "ca-1", "backends": [{"name": "ca-1", "type": "builtin"}]}}"#.into(),
        _ => r#"{"total": 0, "items": [], "next": null}"#.into(),
    }
}

#[test]
fn https_with_a_private_ca() {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::default();
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "meshctl test root");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let mut server_params = CertificateParams::default();
    server_params.subject_alt_names = vec![SanType::IpAddress("127.0.0.1".parse().unwrap())];
    let server_cert = server_params
        .signed_by(&server_key, &Issuer::from_params(&ca_params, &ca_key))
        .unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(server_cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        )
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let Ok(conn) = rustls::ServerConnection::new(Arc::clone(&config)) else {
                continue;
            };
            let mut tls = rustls::StreamOwned::new(conn, stream);
            let mut request = Vec::new();
            let mut byte = [0u8; 1];
            while !request.ends_with(b"\r\n\r\n") && tls.read(&mut byte).unwrap_or(0) == 1 {
                request.push(byte[0]);
            }
            let line = String::from_utf8_lossy(&request);
            let path = line
                .split(' ')
                .nth(1)
                .unwrap_or("/")
                .split('?')
                .next()
                .unwrap_or("/")
                .to_string();
            let body = body(&path);
            let _ = write!(
                tls,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.flush();
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });

    let dir = TempDir::new("tls");
    let ca_file = dir.file("ca.pem", ca_cert.pem());
    let url = format!("https://127.0.0.1:{port}");
    let run = meshctl(&[
        "status",
        "--format",
        "json",
        "--control-plane",
        &url,
        "--mesh",
        "default",
        "--ca-cert",
        &ca_file,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["status"]["mesh"], "default");
    // Without the private CA the server is not trusted.
    let run = meshctl(&["status", "--control-plane", &url, "--mesh", "default"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&url), "{}", run.stderr);
    let run = meshctl(&[
        "status",
        "--control-plane",
        &url,
        "--mesh",
        "default",
        "--ca-cert",
        "fixtures/ca/rsa-2048.key",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("holds no PEM certificate"),
        "{}",
        run.stderr
    );
}
