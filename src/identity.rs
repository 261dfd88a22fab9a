//! A keyed digest of a whole AWS identity (access key id, secret access key,
//! session token), for caches: two identities get the same digest only if
//! every part is equal, and the digest reveals nothing about the secret to
//! anyone without the key. A cache keys tokens (or derived signing keys) by
//! it instead of by the secret itself, and never by the access key id alone
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
//! that digests cannot be compared across processes or precomputed. The
//! core's own key caches use the same encoding under plain SHA-256, with a
//! fixed prefix and the scope (see `signing_key::KeyTag`; the core has no
//! randomness); the JS token caches use this with a random key.

use crate::{
    credentials::Credentials,
    sha256::{Absorb, Hmac},
};

/// A 32-byte keyed identity digest (see the module docs).
pub fn identity_digest(
    key: &[u8],
    access_key_id: &str,
    secret_access_key: &str,
    session_token: Option<&str>,
) -> [u8; 32] {
    let mut mac = Hmac::new(key);
    encode_identity(&mut mac, access_key_id, secret_access_key, session_token);
    mac.finalize()
}

/// Feeds `hash` the identity's unambiguous encoding (see the module docs).
pub(crate) fn encode_identity(
    hash: &mut dyn Absorb,
    access_key_id: &str,
    secret_access_key: &str,
    session_token: Option<&str>,
) {
    for part in [access_key_id, secret_access_key] {
        hash.absorb(&(part.len() as u64).to_be_bytes());
        hash.absorb(part.as_bytes());
    }
    match session_token {
        None => hash.absorb(&[0]),
        Some(token) => {
            hash.absorb(&[1]);
            hash.absorb(&(token.len() as u64).to_be_bytes());
            hash.absorb(token.as_bytes());
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
