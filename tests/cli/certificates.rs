//! Certificate rules: test CAs made with rcgen (EC) or committed (RSA, SEC1; fixtures/ca), every
//! code asserted, Secrets of both shapes resolved, and no key byte in any output.

use rcgen::{
    BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    PKCS_ECDSA_P384_SHA384, date_time_ymd,
};

use crate::{Run, TempDir, meshctl};

const NOW: &str = "2027-01-01T00:00:00Z";

/// A test CA: its certificate and key as PEM, and what it needs to sign others.
struct Ca {
    cert: String,
    key: String,
    params: CertificateParams,
    key_pair: KeyPair,
}

struct Spec {
    cn: &'static str,
    ca: bool,
    usages: Vec<KeyUsagePurpose>,
    from: (i32, u8, u8),
    until: (i32, u8, u8),
    p384: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Self {
            cn: "meshctl test CA",
            ca: true,
            usages: vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign],
            from: (2026, 1, 1),
            until: (2031, 1, 1),
            p384: false,
        }
    }
}

fn make(spec: Spec, issuer: Option<&Ca>) -> Ca {
    let key_pair = if spec.p384 {
        KeyPair::generate_for(&PKCS_ECDSA_P384_SHA384).unwrap()
    } else {
        KeyPair::generate().unwrap()
    };
    let mut params = CertificateParams::default();
    params.distinguished_name.push(DnType::CommonName, spec.cn);
    params
        .distinguished_name
        .push(DnType::OrganizationName, "Kuma");
    params.is_ca = if spec.ca {
        IsCa::Ca(BasicConstraints::Unconstrained)
    } else {
        IsCa::NoCa
    };
    params.key_usages = spec.usages;
    params.not_before = date_time_ymd(spec.from.0, spec.from.1, spec.from.2);
    params.not_after = date_time_ymd(spec.until.0, spec.until.1, spec.until.2);
    let cert = match issuer {
        None => params.self_signed(&key_pair).unwrap(),
        Some(parent) => params
            .signed_by(
                &key_pair,
                &Issuer::from_params(&parent.params, &parent.key_pair),
            )
            .unwrap(),
    };
    Ca {
        cert: cert.pem(),
        key: key_pair.serialize_pem(),
        params,
        key_pair,
    }
}

fn ca(spec: Spec) -> Ca {
    make(spec, None)
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("          {l}\n")).collect()
}

/// A Universal Mesh whose backends are provided CAs written inline: (name, cert PEM, key PEM).
fn mesh(
    dir: &TempDir,
    file: &str,
    enabled: &str,
    backends: &[(&str, &str, &str)],
    dp_cert: &str,
) -> String {
    let mut text =
        format!("type: Mesh\nname: default\nmtls:\n  enabledBackend: {enabled}\n  backends:\n");
    for (name, cert, key) in backends {
        text.push_str(&format!(
            "  - name: {name}\n    type: provided\n    dpCert:\n      rotation:\n        expiration: {dp_cert}\n    conf:\n      cert:\n        inlineString: |\n{}      key:\n        inlineString: |\n{}",
            indent(cert),
            indent(key)
        ));
    }
    dir.file(file, text)
}

fn validate(args: &[&str]) -> Run {
    let mut all = vec!["validate", "--format", "json", "--now", NOW];
    all.extend(args);
    meshctl(&all)
}

fn codes_of(dir: &TempDir, name: &str, cert: &str, key: &str, extra: &[&str]) -> Vec<String> {
    let path = mesh(
        dir,
        &format!("{name}.yaml"),
        "ca-1",
        &[("ca-1", cert, key)],
        "1d",
    );
    let mut args = vec![path.as_str()];
    args.extend(extra);
    let run = validate(&args);
    assert!(run.code == 0 || run.code == 1, "{name}: {}", run.stderr);
    run.codes()
}

#[test]
fn good_cas_pass() {
    let dir = TempDir::new("ca-good");
    let p256 = ca(Spec::default());
    assert_eq!(
        codes_of(&dir, "p256", &p256.cert, &p256.key, &[]),
        Vec::<String>::new()
    );
    let p384 = ca(Spec {
        p384: true,
        ..Spec::default()
    });
    assert_eq!(
        codes_of(&dir, "p384", &p384.cert, &p384.key, &[]),
        Vec::<String>::new()
    );
    let root = ca(Spec {
        cn: "root",
        ..Spec::default()
    });
    let intermediate = make(
        Spec {
            cn: "intermediate",
            ..Spec::default()
        },
        Some(&root),
    );
    let chain = format!("{}{}", intermediate.cert, root.cert);
    assert_eq!(
        codes_of(&dir, "chain", &chain, &intermediate.key, &[]),
        Vec::<String>::new()
    );
}

#[test]
fn every_certificate_code_from_a_generated_ca() {
    let dir = TempDir::new("ca-codes");
    let usages = |u: &[KeyUsagePurpose]| Spec {
        usages: u.to_vec(),
        ..Spec::default()
    };
    let cases = [
        (
            "expired",
            Spec {
                until: (2026, 6, 1),
                ..Spec::default()
            },
            "ca-expired",
        ),
        (
            "future",
            Spec {
                from: (2028, 1, 1),
                ..Spec::default()
            },
            "ca-not-yet-valid",
        ),
        (
            "soon",
            Spec {
                until: (2027, 2, 1),
                ..Spec::default()
            },
            "ca-expires-soon",
        ),
        (
            "not-ca",
            Spec {
                ca: false,
                ..Spec::default()
            },
            "ca-not-ca",
        ),
        (
            "no-cert-sign",
            usages(&[KeyUsagePurpose::DigitalSignature]),
            "ca-missing-key-cert-sign",
        ),
        (
            "key-agreement",
            usages(&[KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::KeyAgreement]),
            "ca-key-agreement-set",
        ),
    ];
    for (name, spec, code) in cases {
        let c = ca(spec);
        assert_eq!(codes_of(&dir, name, &c.cert, &c.key, &[]), [code], "{name}");
    }
    // A shorter --min-ca-validity accepts the CA that expires in a month.
    let soon = ca(Spec {
        until: (2027, 2, 1),
        ..Spec::default()
    });
    assert!(
        codes_of(
            &dir,
            "soon-ok",
            &soon.cert,
            &soon.key,
            &["--min-ca-validity", "7d"]
        )
        .is_empty()
    );

    // A CA that ends before a 30-day proxy certificate issued now.
    let short = ca(Spec {
        until: (2027, 1, 15),
        ..Spec::default()
    });
    let path = mesh(
        &dir,
        "outlived.yaml",
        "ca-1",
        &[("ca-1", &short.cert, &short.key)],
        "30d",
    );
    assert_eq!(validate(&[&path]).codes(), ["ca-outlived-by-proxy-certs"]);

    let (a, b) = (ca(Spec::default()), ca(Spec::default()));
    assert_eq!(
        codes_of(&dir, "mismatch", &a.cert, &b.key, &[]),
        ["ca-key-mismatch"]
    );

    let root = ca(Spec {
        cn: "root",
        ..Spec::default()
    });
    let intermediate = make(
        Spec {
            cn: "intermediate",
            ..Spec::default()
        },
        Some(&root),
    );
    assert_eq!(
        codes_of(&dir, "no-root", &intermediate.cert, &intermediate.key, &[]),
        ["ca-chain-incomplete"]
    );
    let wrong_order = format!("{}{}", root.cert, intermediate.cert);
    let codes = codes_of(&dir, "wrong-order", &wrong_order, &root.key, &[]);
    assert!(
        codes.iter().all(|c| c == "ca-chain-incomplete") && !codes.is_empty(),
        "{codes:?}"
    );
    let stranger = ca(Spec {
        cn: "stranger",
        ..Spec::default()
    });
    let unrelated = format!("{}{}", intermediate.cert, stranger.cert);
    assert_eq!(
        codes_of(&dir, "unrelated", &unrelated, &intermediate.key, &[]),
        ["ca-chain-incomplete"]
    );

    assert_eq!(
        codes_of(&dir, "garbage", "not a certificate", &a.key, &[]),
        ["ca-unreadable"]
    );
    assert_eq!(
        codes_of(&dir, "no-key", &a.cert, "just text", &[]),
        ["ca-unreadable"]
    );
}

#[test]
fn findings_name_backend_certificate_and_data_source() {
    let dir = TempDir::new("ca-place");
    let expired = ca(Spec {
        cn: "old mesh CA",
        until: (2026, 6, 1),
        ..Spec::default()
    });
    let path = mesh(
        &dir,
        "m.yaml",
        "ca-1",
        &[("ca-1", &expired.cert, &expired.key)],
        "1d",
    );
    let run = validate(&[&path]);
    let d = &run.json()["diagnostics"][0];
    assert_eq!(d["code"], "ca-expired");
    assert_eq!(
        d["message"],
        "backend `ca-1`: certificate 0 (CN=old mesh CA, O=Kuma, not after 2026-06-01T00:00:00Z) expired on 2026-06-01T00:00:00Z (from inlineString)"
    );
    assert_eq!(d["path"], "mtls.backends[0].conf.cert");
    assert_eq!(d["line"], 12);
}

#[test]
fn committed_rsa_and_sec1_cas_and_both_secret_shapes() {
    let run = validate(&["fixtures/ca/provided-kubernetes.yaml"]);
    assert_eq!(
        (run.code, run.codes()),
        (0, vec![]),
        "Kubernetes Secrets, PKCS#1 RSA and SEC1 EC keys: {}",
        run.stdout
    );
    let run = validate(&[
        "fixtures/ca/provided-universal.yaml",
        "--secrets",
        "fixtures/ca/secrets-universal.yaml",
    ]);
    assert_eq!(
        (run.code, run.codes()),
        (0, vec![]),
        "Universal Secrets via --secrets: {}",
        run.stdout
    );
    let run = validate(&["fixtures/ca/provided-universal.yaml"]);
    assert_eq!(
        (run.code, run.codes()),
        (0, vec!["secret-unresolved".to_string()])
    );
    // An RSA-1024 root signed with SHA-1: the weak key, and nothing about its own signature
    // (nobody verifies a root's signature on itself) or its chain (ring cannot verify RSA-1024).
    let run = validate(&["fixtures/ca/weak-inline.yaml"]);
    assert_eq!(run.codes(), ["ca-weak-key"]);
    // An EC key against the RSA certificate.
    let dir = TempDir::new("ca-cross");
    let cert = std::fs::read_to_string("fixtures/ca/rsa-2048.crt").unwrap();
    let key = std::fs::read_to_string("fixtures/ca/ec-sec1.key").unwrap();
    assert_eq!(
        codes_of(&dir, "cross", &cert, &key, &[]),
        ["ca-key-mismatch"]
    );
    // A Secret whose data is not base64, and a --secrets file without Secrets.
    let secrets = dir.file(
        "bad-secrets.yaml",
        "type: Secret\nname: ca-rsa-cert\nmesh: default\ndata: '!!!'\n",
    );
    let run = validate(&["fixtures/ca/provided-universal.yaml", "--secrets", &secrets]);
    assert!(
        run.codes().contains(&"ca-unreadable".to_string()),
        "{:?}",
        run.codes()
    );
    let run = validate(&[
        "fixtures/ca/provided-universal.yaml",
        "--secrets",
        "fixtures/rotation/universal/0-current.yaml",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("holds no Secret"), "{}", run.stderr);
}

#[test]
fn a_reused_key_or_subject_is_a_warning() {
    let dir = TempDir::new("ca-reuse");
    let old = ca(Spec {
        cn: "CA 2026",
        ..Spec::default()
    });
    let current = mesh(
        &dir,
        "current.yaml",
        "ca-1",
        &[("ca-1", &old.cert, &old.key)],
        "1d",
    );
    // The same key under a new certificate.
    let mut params = CertificateParams::default();
    params
        .distinguished_name
        .push(DnType::CommonName, "CA 2027");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
    params.not_before = date_time_ymd(2026, 1, 1);
    params.not_after = date_time_ymd(2031, 1, 1);
    let same_key = params.self_signed(&old.key_pair).unwrap().pem();
    let proposed = mesh(
        &dir,
        "proposed.yaml",
        "ca-1",
        &[("ca-1", &old.cert, &old.key), ("ca-2", &same_key, &old.key)],
        "1d",
    );
    let run = validate(&[&proposed, "--current", &current]);
    assert_eq!(run.codes(), ["ca-reused"]);
    assert_eq!(run.code, 0);
    assert!(
        run.json()["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("the same key as backend `ca-1`")
    );
    // A new key with the same subject.
    let twin = ca(Spec {
        cn: "CA 2026",
        ..Spec::default()
    });
    let proposed = mesh(
        &dir,
        "twin.yaml",
        "ca-1",
        &[
            ("ca-1", &old.cert, &old.key),
            ("ca-2", &twin.cert, &twin.key),
        ],
        "1d",
    );
    let run = validate(&[&proposed, "--current", &current]);
    assert_eq!(run.codes(), ["ca-reused"]);
    // Without --current, later backends are compared with earlier ones.
    let run = validate(&[&proposed]);
    assert_eq!(run.codes(), ["ca-reused"]);
}

#[test]
fn a_bad_ca_in_the_target_stops_the_rotation() {
    let dir = TempDir::new("ca-plan");
    let good = ca(Spec::default());
    let expired = ca(Spec {
        until: (2026, 6, 1),
        ..Spec::default()
    });
    let current = mesh(
        &dir,
        "current.yaml",
        "ca-1",
        &[("ca-1", &good.cert, &good.key)],
        "1d",
    );
    let target = mesh(
        &dir,
        "target.yaml",
        "ca-2",
        &[("ca-2", &expired.cert, &expired.key)],
        "1d",
    );
    let run = meshctl(&[
        "next-step",
        "--now",
        NOW,
        "--current",
        &current,
        "--target",
        &target,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("ca-expired") && run.stdout.is_empty(),
        "{}",
        run.stderr
    );
    let run = meshctl(&[
        "plan",
        "--now",
        NOW,
        "--format",
        "json",
        "--current",
        &current,
        "--target",
        &target,
    ]);
    assert_eq!(run.code, 1);
    assert!(run.codes().contains(&"ca-expired".to_string()));
}

#[test]
fn no_private_key_byte_in_any_output() {
    let dir = TempDir::new("ca-secret");
    let (a, b) = (ca(Spec::default()), ca(Spec::default()));
    let current = mesh(
        &dir,
        "current.yaml",
        "ca-0",
        &[("ca-0", &a.cert, &a.key)],
        "1d",
    );
    // A wrong key, inline, in the proposed Mesh and in a Secret.
    let proposed = mesh(
        &dir,
        "proposed.yaml",
        "ca-0",
        &[("ca-0", &a.cert, &a.key), ("ca-1", &a.cert, &b.key)],
        "1d",
    );
    let secret = dir.file(
        "secrets.yaml",
        format!(
            "type: Secret\nname: k\nmesh: default\ndata: {}\n",
            base64_of(&b.key)
        ),
    );
    let key_lines: Vec<String> = [&a.key, &b.key]
        .iter()
        .flat_map(|k| {
            k.lines()
                .filter(|l| !l.starts_with("-----"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .chain([base64_of(&b.key)[..40].to_string()])
        .collect();
    let runs = [
        meshctl(&[
            "validate",
            "--now",
            NOW,
            "--color",
            "never",
            &proposed,
            "--current",
            &current,
            "--secrets",
            &secret,
        ]),
        meshctl(&[
            "validate",
            "--now",
            NOW,
            "--format",
            "json",
            &proposed,
            "--current",
            &current,
            "--secrets",
            &secret,
        ]),
        meshctl(&[
            "plan",
            "--now",
            NOW,
            "--color",
            "never",
            "--current",
            &current,
            "--target",
            &proposed,
        ]),
        meshctl(&[
            "plan",
            "--now",
            NOW,
            "--format",
            "json",
            "--current",
            &current,
            "--target",
            &proposed,
        ]),
        meshctl(&[
            "next-step",
            "--now",
            NOW,
            "--format",
            "json",
            "--current",
            &current,
            "--target",
            &proposed,
        ]),
        meshctl(&[
            "next-step",
            "--now",
            NOW,
            "--color",
            "never",
            "--current",
            &current,
            "--target",
            &proposed,
            "-o",
            &dir.0.join("o.yaml").to_string_lossy(),
        ]),
    ];
    for (i, run) in runs.iter().enumerate() {
        assert!(
            run.stdout.contains("ca-key-mismatch") || run.stderr.contains("ca-key-mismatch"),
            "run {i}: {}{}",
            run.stdout,
            run.stderr
        );
        for line in &key_lines {
            assert!(
                !run.stdout.contains(line.as_str()) && !run.stderr.contains(line.as_str()),
                "run {i} printed key material:\n{}\n{}",
                run.stdout,
                run.stderr
            );
        }
    }
}

fn base64_of(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn ca_cert_material_of_vault_acmpca_and_certmanager_is_checked() {
    let dir = TempDir::new("ca-others");
    let expired = ca(Spec {
        until: (2026, 6, 1),
        ..Spec::default()
    });
    let pem = indent(&expired.cert);
    let deeper: String = expired
        .cert
        .lines()
        .map(|l| format!("              {l}\n"))
        .collect();
    let text = format!(
        "type: Mesh\nname: default\nmtls:\n  enabledBackend: v\n  backends:\n  - name: v\n    type: vault\n    conf:\n      fromCp:\n        address: https://vault:8200\n        tls:\n          caCert:\n            inlineString: |\n{deeper}  - name: p\n    type: acmpca\n    conf:\n      arn: arn:aws:acm-pca:eu-west-1:1:certificate-authority/x\n      caCert:\n        inlineString: |\n{pem}  - name: c\n    type: certmanager\n    conf:\n      issuerRef: {{name: ca, kind: ClusterIssuer}}\n      caCert:\n        secret: cm-ca\n"
    );
    let path = dir.file("others.yaml", text);
    let run = validate(&[&path]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found: Vec<(String, String)> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "ca-expired".to_string(),
                "mtls.backends[0].conf.fromCp.tls.caCert".to_string()
            ),
            (
                "ca-expired".to_string(),
                "mtls.backends[1].conf.caCert".to_string()
            ),
            (
                "secret-unresolved".to_string(),
                "mtls.backends[2].conf.caCert".to_string()
            ),
        ]
    );
}

/// A `file` DataSource is read only when it names a regular file within 1 MiB: a device never
/// ends, a pipe without a writer never answers, and neither may hang or exhaust the run.
#[test]
fn file_data_sources_are_read_within_a_bound() {
    let dir = TempDir::new("ca-file-bound");
    let fifo = dir.0.join("ca.pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let big = dir.file("big.pem", vec![b'A'; (1 << 20) + 1]);
    let good = ca(Spec::default());
    let key = dir.file("ca.key", &good.key);
    let mut cases = vec![
        ("/dev/zero".to_string(), "is not a regular file"),
        (dir.0.to_string_lossy().into_owned(), "is a directory"),
        (
            big,
            "is larger than the limit of 1048576 bytes for a CA file",
        ),
    ];
    if made.is_ok_and(|s| s.success()) {
        cases.push((fifo.to_string_lossy().into_owned(), "is not a regular file"));
    }
    for (cert, reason) in cases {
        let path = dir.file(
            "m.yaml",
            format!("type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: provided\n    conf:\n      cert:\n        file: {cert}\n      key:\n        file: {key}\n"),
        );
        let run = validate(&[&path]);
        assert_eq!(
            (run.code, run.codes()),
            (1, vec!["ca-unreadable".to_string()]),
            "{cert}: {}",
            run.stdout
        );
        let message = run.json()["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.contains(reason), "{cert}: {message}");
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("fixtures/ca/{name}")).unwrap()
}

/// Runs a provided CA of (cert, key) PEM through validate: the codes, and the report.
fn judge(dir: &TempDir, name: &str, cert: &str, key: &str) -> (Vec<String>, Run) {
    let path = mesh(
        dir,
        &format!("{name}.yaml"),
        "ca-1",
        &[("ca-1", cert, key)],
        "1d",
    );
    let run = validate(&[&path]);
    assert!(run.code == 0 || run.code == 1, "{name}: {}", run.stderr);
    (run.codes(), run)
}

fn message_of(run: &Run, code: &str) -> String {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code}: {}", run.stdout))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// What Go's crypto/x509 (Kuma's loader) refuses, and what Envoy needs to verify Kuma's leaves.
#[test]
fn certificates_are_judged_as_go_and_envoy_judge_them() {
    let dir = TempDir::new("ca-go");
    let pair = |name: &str| {
        (
            fixture(&format!("{name}.crt")),
            fixture(&format!("{name}.key")),
        )
    };

    // URI name constraints that leave out spiffe://default/... or kuma://kuma.io/...
    for (name, why) in [
        ("nc-permitted", "permit only `.example.com`"),
        ("nc-excluded", "excludes `default`"),
    ] {
        let (cert, key) = pair(name);
        let (codes, run) = judge(&dir, name, &cert, &key);
        assert!(
            codes.iter().all(|c| c == "ca-name-constraints") && !codes.is_empty(),
            "{name}: {codes:?}"
        );
        assert!(
            message_of(&run, "ca-name-constraints").contains(why),
            "{name}"
        );
    }
    let (cert, key) = pair("nc-fits");
    assert_eq!(judge(&dir, "nc-fits", &cert, &key).0, Vec::<String>::new());

    // Parsed by x509-parser, refused by Go.
    for (name, why) in [
        ("critical-ski", "a critical subject key identifier"),
        ("negative-serial", "a negative serial number"),
    ] {
        let (cert, key) = pair(name);
        let (codes, run) = judge(&dir, name, &cert, &key);
        assert_eq!(codes, ["ca-unreadable"], "{name}");
        assert!(message_of(&run, "ca-unreadable").contains(why), "{name}");
    }

    // Duplicate extensions are said as such, not as a missing key usage.
    let key_pair = KeyPair::generate().unwrap();
    let mut params = CertificateParams::default();
    params
        .distinguished_name
        .push(DnType::CommonName, "duplicate extensions");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
    // keyUsage keyCertSign again, as a custom extension: DER BIT STRING 03 02 02 04.
    params.custom_extensions = vec![rcgen::CustomExtension::from_oid_content(
        &[2, 5, 29, 15],
        vec![0x03, 0x02, 0x02, 0x04],
    )];
    let cert = params.self_signed(&key_pair).unwrap();
    let (codes, run) = judge(&dir, "duplicate", &cert.pem(), &key_pair.serialize_pem());
    assert_eq!(codes, ["ca-unreadable"]);
    assert!(message_of(&run, "ca-unreadable").contains("the extension 2.5.29.15 twice"));

    // A SEC1 key without its curve OID: Go cannot tell the curve.
    let (cert, key) = pair("ec-sec1");
    let (codes, run) = judge(&dir, "no-curve", &cert, &sec1_without_curve(&key));
    assert_eq!(codes, ["ca-unreadable"]);
    assert!(message_of(&run, "ca-unreadable").contains("without its curve OID"));

    // P-521 works: the key matches by the public key its file carries.
    let (cert, key) = pair("p521-sec1");
    assert_eq!(judge(&dir, "p521", &cert, &key).0, Vec::<String>::new());
    assert_eq!(
        judge(&dir, "p521-other-key", &cert, &fixture("ec-sec1.key")).0,
        ["ca-key-mismatch"]
    );

    // A weak signature by another certificate is reported (the SHA-1 intermediate).
    let (codes, run) = judge(
        &dir,
        "sha1",
        &fixture("sha1-intermediate.crt"),
        &fixture("sha1-intermediate.key"),
    );
    assert_eq!(codes, ["ca-weak-signature"]);
    assert!(message_of(&run, "ca-weak-signature").starts_with(
        "backend `ca-1`: certificate 0 (O=Kuma, OU=Mesh, CN=meshctl SHA-1 intermediate"
    ));

    // An intermediate without its root: Envoy trusts a partial chain, so a warning.
    let root = ca(Spec {
        cn: "root",
        ..Spec::default()
    });
    let intermediate = make(
        Spec {
            cn: "intermediate",
            ..Spec::default()
        },
        Some(&root),
    );
    let (codes, run) = judge(&dir, "partial", &intermediate.cert, &intermediate.key);
    assert_eq!(
        (run.code, codes),
        (0, vec!["ca-chain-incomplete".to_string()])
    );
    assert_eq!(run.json()["diagnostics"][0]["severity"], "warning");
}

/// The certificate's PEM holds the CA key: every proxy would receive it.
#[test]
fn a_private_key_in_the_certificate_pem_is_refused_and_never_printed() {
    let dir = TempDir::new("ca-key-in-cert");
    let c = ca(Spec::default());
    let both = format!("{}{}", c.cert, c.key);
    let marker = c.key.lines().nth(1).unwrap().to_string();
    for format in ["json", "human"] {
        let path = mesh(&dir, "m.yaml", "ca-1", &[("ca-1", &both, &c.key)], "1d");
        let run = meshctl(&[
            "validate", "--now", NOW, "--format", format, "--color", "never", &path,
        ]);
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert!(run.stdout.contains("ca-key-in-cert"), "{}", run.stdout);
        assert!(
            !run.stdout.contains(&marker) && !run.stderr.contains(&marker),
            "{format}: key printed"
        );
    }
}

/// `inline` is decoded as Go decodes base64: line breaks are skipped, spaces are not.
#[test]
fn inline_base64_with_spaces_is_invalid() {
    let dir = TempDir::new("ca-inline-space");
    let c = ca(Spec::default());
    let b64 = |pem: &str| base64_of(pem);
    let cert = b64(&c.cert);
    let (head, tail) = cert.split_at(40);
    for (name, inline, ok) in [
        ("newline", format!("{head}\n{tail}"), true),
        ("space", format!("{head} {tail}"), false),
    ] {
        let path = dir.file(
            &format!("{name}.yaml"),
            format!("type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n  - name: ca-1\n    type: provided\n    conf:\n      cert:\n        inline: \"{}\"\n      key:\n        inline: {}\n", inline.replace('\n', "\\n"), b64(&c.key)),
        );
        let run = validate(&[&path]);
        if ok {
            assert_eq!(
                (run.code, run.codes()),
                (0, vec![]),
                "{name}: {}",
                run.stdout
            );
        } else {
            assert_eq!(
                run.codes(),
                ["invalid-data-source"],
                "{name}: {}",
                run.stdout
            );
        }
    }
}

/// The SEC1 key with its `[0] parameters` (the curve OID) removed.
fn sec1_without_curve(pem_text: &str) -> String {
    use base64::Engine;
    let body: String = pem_text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    // SEQUENCE { INTEGER 1, OCTET STRING d, [0] curve, [1] public key }, short lengths for P-256
    // except the outer one and the public key.
    let mut rest = if der[1] & 0x80 != 0 {
        &der[2 + (der[1] & 0x7F) as usize..]
    } else {
        &der[2..]
    };
    let mut kept = Vec::new();
    while !rest.is_empty() {
        let (len, header) = if rest[1] & 0x80 != 0 {
            let n = (rest[1] & 0x7F) as usize;
            (
                rest[2..2 + n]
                    .iter()
                    .fold(0usize, |a, b| a << 8 | *b as usize),
                2 + n,
            )
        } else {
            (rest[1] as usize, 2)
        };
        if rest[0] != 0xA0 {
            kept.extend_from_slice(&rest[..header + len]);
        }
        rest = &rest[header + len..];
    }
    let mut out = vec![0x30];
    if kept.len() < 0x80 {
        out.push(kept.len() as u8);
    } else {
        out.extend([0x81, kept.len() as u8]);
    }
    out.extend(kept);
    let b64 = base64::engine::general_purpose::STANDARD.encode(out);
    format!("-----BEGIN EC PRIVATE KEY-----\n{b64}\n-----END EC PRIVATE KEY-----\n")
}
