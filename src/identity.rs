//! A keyed digest of a whole AWS identity (access key id, secret access key,
//! session token), for caches: two identities get the same digest only if
//! every part is equal, and the digest reveals nothing about the secret to
//! anyone without the key. A cache keys tokens by it instead of by the
//! secret itself, and never by the access key id alone
//! (which every token shows in the clear).
//!
//! ```text
//! digest  = HMAC-SHA256(key, encode(access_key_id) || encode(secret) || session)
//! encode(s) = len(s) as 8 bytes big-endian || s
//! session = 0x00                  (no session token)
//!         | 0x01 || encode(token) (a session token)
//! ```
//!
//! Length prefixes make the encoding unambiguous (no two different triples
//! encode alike), and "no session token" differs from every session token.
//! The key is the caller's: one random key per process (or per cache) so
//! that digests cannot be compared across processes or precomputed: the JS
//! token caches use this with a random key. (The core's own key caches tag
//! the secret alone, see `signing_key::KeyTag`: a derived key depends on
//! nothing else secret.)

use crate::{credentials::Credentials, sha256::Hmac};

/// A 32-byte keyed identity digest (see the module docs).
pub fn identity_digest(
    key: &[u8],
    access_key_id: &str,
    secret_access_key: &str,
    session_token: Option<&str>,
) -> [u8; 32] {
    let mut mac = Hmac::new(b"", key);
    encode_identity(&mut mac, access_key_id, secret_access_key, session_token);
    mac.finalize()
}

/// Feeds `hash` the identity's unambiguous encoding (see the module docs).
fn encode_identity(hash: &mut Hmac, access_key_id: &str, secret_access_key: &str, session_token: Option<&str>) {
    for part in [access_key_id, secret_access_key] {
        hash.update(&(part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    match session_token {
        None => hash.update(&[0]),
        Some(token) => {
            hash.update(&[1]);
            hash.update(&(token.len() as u64).to_be_bytes());
            hash.update(token.as_bytes());
        }
    }
}

/// [`identity_digest`] as 64 lower-case hex digits.
pub fn identity_digest_hex(
    key: &[u8],
    access_key_id: &str,
    secret_access_key: &str,
    session_token: Option<&str>,
) -> [u8; 64] {
    crate::hex::encode(identity_digest(key, access_key_id, secret_access_key, session_token))
}

impl Credentials {
    /// The keyed digest of these credentials (see [`identity_digest`]).
    pub fn identity_digest(&self, key: &[u8]) -> [u8; 32] {
        identity_digest(key, self.access_key_id(), self.secret_access_key(), self.session_token())
    }
}
