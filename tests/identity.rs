//! The keyed identity digest: equal only for equal whole identities, keyed,
//! and unambiguous across field boundaries.
use rds_iam_edge::{identity_digest, identity_digest_hex, Credentials};

const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

#[test]
fn differs_when_any_part_differs() {
    let base = identity_digest(KEY, "AKIDEXAMPLE", "secret", None);
    assert_eq!(base, identity_digest(KEY, "AKIDEXAMPLE", "secret", None));
    assert_ne!(base, identity_digest(KEY, "AKIDEXAMPLE", "secreT", None));
    assert_ne!(base, identity_digest(KEY, "AKIDEXAMPLF", "secret", None));
    assert_ne!(base, identity_digest(KEY, "AKIDEXAMPLE", "secret", Some("session")));
    assert_ne!(base, identity_digest(KEY, "AKIDEXAMPLE", "secret", Some("")));
    assert_ne!(
        identity_digest(KEY, "AKIDEXAMPLE", "secret", Some("a")),
        identity_digest(KEY, "AKIDEXAMPLE", "secret", Some("b"))
    );
}

#[test]
fn field_boundaries_are_unambiguous() {
    assert_ne!(identity_digest(KEY, "AKID", "Xsecret", None), identity_digest(KEY, "AKIDX", "secret", None));
    assert_ne!(identity_digest(KEY, "AKID", "secret", Some("x")), identity_digest(KEY, "AKID", "secretx", None));
}

#[test]
fn depends_on_the_key() {
    let other = b"fedcba9876543210fedcba9876543210";
    assert_ne!(identity_digest(KEY, "AKID", "secret", None), identity_digest(other, "AKID", "secret", None));
}

#[test]
fn hex_and_credentials_agree() {
    let hex = identity_digest_hex(KEY, "AKIDEXAMPLE", "secret", Some("tok"));
    let c = Credentials::new("AKIDEXAMPLE", "secret", Some("tok")).expect("valid");
    let bytes = c.identity_digest(KEY);
    let expected: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(std::str::from_utf8(&hex).expect("ascii"), expected);
    // HMAC-SHA256 over the documented encoding, computed independently.
    use hmac::{Hmac, Mac};
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(KEY).expect("key");
    for part in [&b"AKIDEXAMPLE"[..], b"secret"] {
        m.update(&(part.len() as u64).to_be_bytes());
        m.update(part);
    }
    m.update(&[1]);
    m.update(&3u64.to_be_bytes());
    m.update(b"tok");
    assert_eq!(bytes.as_slice(), m.finalize().into_bytes().as_slice());
}
