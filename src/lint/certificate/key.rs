//! Private keys (PKCS#1, PKCS#8 or SEC1; RSA, P-256, P-384, Ed25519 read with ring; P-521 by the
//! public key the key file carries), only to compare their public half with a certificate's.
//! Nothing here keeps or prints key bytes.

use ring::rand::SystemRandom;
use ring::signature::{
    ECDSA_P256_SHA256_ASN1_SIGNING, ECDSA_P384_SHA384_ASN1_SIGNING, EcdsaKeyPair, Ed25519KeyPair,
    KeyPair, RsaKeyPair,
};

const OID_P256: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x22];
const OID_P521: &[u8] = &[0x2B, 0x81, 0x04, 0x00, 0x23];
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];

/// Why a key could not be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyProblem {
    /// No PEM private key block in the material.
    NotPem,
    /// A private key block ring cannot read (too small, other algorithm, bad encoding).
    Unreadable(String),
}

/// The public key of the first private key in `bytes`, as a certificate's SPKI bit string holds it.
pub(crate) fn public_key(bytes: &[u8]) -> Result<Vec<u8>, KeyProblem> {
    let blocks = ::pem::parse_many(bytes).map_err(|_| KeyProblem::NotPem)?;
    let block = blocks
        .iter()
        .find(|b| b.tag().ends_with("PRIVATE KEY"))
        .ok_or(KeyProblem::NotPem)?;
    let der = block.contents();
    let rng = SystemRandom::new();
    let unreadable =
        |what: &str, e: ring::error::KeyRejected| KeyProblem::Unreadable(format!("{what}: {e}"));
    match block.tag() {
        "RSA PRIVATE KEY" => RsaKeyPair::from_der(der)
            .map(|k| k.public_key().as_ref().to_vec())
            .map_err(|e| unreadable("RSA (PKCS#1) key", e)),
        "EC PRIVATE KEY" => {
            // Go's parser (what Kuma loads the key with) needs the curve in the key itself.
            let Some(curve) = sec1_curve(der) else {
                return Err(KeyProblem::Unreadable(
                    "SEC1 EC key without its curve OID, which Go's parser (Kuma's) refuses".into(),
                ));
            };
            if curve != OID_P256 && curve != OID_P384 {
                // ring has no other curve: the public key written beside the secret is compared.
                return sec1_public_key(der).ok_or_else(|| {
                    KeyProblem::Unreadable("EC key without its public key on a curve ring cannot derive it for (P-521)".into())
                });
            }
            let alg = if curve == OID_P256 {
                &ECDSA_P256_SHA256_ASN1_SIGNING
            } else {
                &ECDSA_P384_SHA384_ASN1_SIGNING
            };
            let pkcs8 = sec1_to_pkcs8(der, curve);
            EcdsaKeyPair::from_pkcs8(alg, &pkcs8, &rng)
                .map(|k| k.public_key().as_ref().to_vec())
                .map_err(|e| unreadable("EC (SEC1) key", e))
        }
        "PRIVATE KEY" => {
            if let Ok(k) = RsaKeyPair::from_pkcs8(der) {
                return Ok(k.public_key().as_ref().to_vec());
            }
            if let Some(public) = pkcs8_p521_public_key(der) {
                return Ok(public);
            }
            for alg in [
                &ECDSA_P256_SHA256_ASN1_SIGNING,
                &ECDSA_P384_SHA384_ASN1_SIGNING,
            ] {
                if let Ok(k) = EcdsaKeyPair::from_pkcs8(alg, der, &rng) {
                    return Ok(k.public_key().as_ref().to_vec());
                }
            }
            if let Ok(k) = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der) {
                return Ok(k.public_key().as_ref().to_vec());
            }
            Err(KeyProblem::Unreadable(
                "PKCS#8 key that is not RSA of 2048 bits or more, P-256, P-384 or Ed25519".into(),
            ))
        }
        other => Err(KeyProblem::Unreadable(format!(
            "unsupported key type `{other}`"
        ))),
    }
}

/// The named curve OID inside a SEC1 ECPrivateKey's `[0] parameters`, when present.
fn sec1_curve(der: &[u8]) -> Option<&[u8]> {
    let (_, body) = read_tlv(der, 0x30)?;
    let mut rest = body;
    while !rest.is_empty() {
        let tag = rest[0];
        let (consumed, content) = read_tlv(rest, tag)?;
        if tag == 0xA0 {
            return read_tlv(content, 0x06).map(|(_, oid)| oid);
        }
        rest = &rest[consumed..];
    }
    None
}

/// The public key a SEC1 ECPrivateKey carries in its optional `[1] publicKey` BIT STRING.
fn sec1_public_key(der: &[u8]) -> Option<Vec<u8>> {
    let (_, body) = read_tlv(der, 0x30)?;
    let mut rest = body;
    while !rest.is_empty() {
        let tag = rest[0];
        let (consumed, content) = read_tlv(rest, tag)?;
        if tag == 0xA1 {
            let (_, bits) = read_tlv(content, 0x03)?;
            // The first byte counts unused bits: zero for a point.
            return bits.split_first().map(|(_, point)| point.to_vec());
        }
        rest = &rest[consumed..];
    }
    None
}

/// The public key inside a PKCS#8 P-521 key (its SEC1 body's `publicKey`).
fn pkcs8_p521_public_key(der: &[u8]) -> Option<Vec<u8>> {
    let (_, body) = read_tlv(der, 0x30)?;
    let (version, _) = read_tlv(body, 0x02)?;
    let rest = &body[version..];
    let (algorithm_len, algorithm) = read_tlv(rest, 0x30)?;
    let (oid_len, _) = read_tlv(algorithm, 0x06)?;
    let (_, curve) = read_tlv(&algorithm[oid_len..], 0x06)?;
    if curve != OID_P521 {
        return None;
    }
    let (_, sec1) = read_tlv(&rest[algorithm_len..], 0x04)?;
    sec1_public_key(sec1)
}

/// Reads one DER element of `tag`: (bytes consumed, contents).
fn read_tlv(der: &[u8], tag: u8) -> Option<(usize, &[u8])> {
    if *der.first()? != tag {
        return None;
    }
    let first = *der.get(1)?;
    let (len, header) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7F) as usize;
        if n == 0 || n > 4 {
            return None;
        }
        let len = der
            .get(2..2 + n)?
            .iter()
            .fold(0usize, |acc, b| acc << 8 | *b as usize);
        (len, 2 + n)
    };
    let content = der.get(header..header.checked_add(len)?)?;
    Some((header + len, content))
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// Wraps a SEC1 ECPrivateKey into the PKCS#8 PrivateKeyInfo ring reads.
fn sec1_to_pkcs8(sec1: &[u8], curve: &[u8]) -> Vec<u8> {
    let algorithm = der(
        0x30,
        &[der(0x06, OID_EC_PUBLIC_KEY), der(0x06, curve)].concat(),
    );
    der(
        0x30,
        &[der(0x02, &[0]), algorithm, der(0x04, sec1)].concat(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_round_trip() {
        let long = vec![7u8; 300];
        let encoded = der(0x04, &long);
        assert_eq!(
            read_tlv(&encoded, 0x04),
            Some((encoded.len(), long.as_slice()))
        );
        assert_eq!(read_tlv(&[0x04, 0x85, 1, 1, 1, 1, 1], 0x04), None);
        assert_eq!(read_tlv(&[0x04, 0x05, 1], 0x04), None);
    }

    #[test]
    fn garbage_is_not_a_key() {
        assert_eq!(public_key(b"not pem"), Err(KeyProblem::NotPem));
        let bad = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(matches!(public_key(bad), Err(KeyProblem::Unreadable(_))));
    }
}
