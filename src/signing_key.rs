//! Step 3 of SigV4: the signing key, and a small cache of derived keys so
//! that further tokens for the same day cost no key derivation.
//!
//! ```text
//! kDate    = HMAC("AWS4" + secret, date)
//! kRegion  = HMAC(kDate, region)
//! kService = HMAC(kRegion, service)
//! kSigning = HMAC(kService, "aws4_request")
//! ```

use alloc::{borrow::ToOwned, string::String, vec::Vec};
use core::fmt;

use crate::{
    scope::CredentialScope,
    sha256::{hmac, Hmac},
    signature::Signature,
    string_to_sign::StringToSign,
};

/// A derived `kSigning`. Its `Debug` never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// Derives the key for `scope` from a secret access key.
    pub fn derive(secret_access_key: &str, scope: &CredentialScope<'_>) -> Self {
        let mut seed = Vec::with_capacity(secret_access_key.len() + 4);
        seed.extend_from_slice(b"AWS4");
        seed.extend_from_slice(secret_access_key.as_bytes());
        let k_date = hmac(&seed, scope.date.as_bytes());
        seed.fill(0);
        let k_region = hmac(&k_date, scope.region.as_bytes());
        let k_service = hmac(&k_region, scope.service.as_bytes());
        Self(hmac(&k_service, b"aws4_request"))
    }

    /// A MAC keyed with this key (its two midstates), for
    /// [`crate::template::Template`].
    pub(crate) fn mac(&self) -> Hmac {
        Hmac::new(&self.0)
    }

    /// Step 4: the signature of a string to sign.
    pub fn sign(&self, string_to_sign: &StringToSign) -> Signature {
        Signature::from_bytes(hmac(&self.0, string_to_sign.as_str().as_bytes()))
    }

    /// Checks `signature` against the string to sign in constant time.
    pub fn verify(&self, string_to_sign: &StringToSign, signature: &[u8]) -> bool {
        let mut mac = self.mac();
        mac.update(string_to_sign.as_str().as_bytes());
        mac.verify(signature)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// How many derived keys a [`KeyCache`] keeps: a few regions and services a
/// day is the realistic working set; more only wastes memory.
const KEY_CACHE_CAPACITY: usize = 8;

/// Who signs, as a cache may hold it: [`crate::identity_digest`] of the
/// whole identity (access key id, secret, session token) under the fixed key
/// `rds-iam-edge key cache`, never the secret itself. A cached key is found
/// only by the very identity it was derived for, and the cache keeps no copy
/// of the secret once the credentials are dropped. Unkeyed in effect (the
/// core has no randomness): it separates identities and hides the secret
/// from a reader of the cache, who would have to guess a ~240-bit secret to
/// test it against the digest.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdentityId([u8; 32]);

impl IdentityId {
    pub(crate) fn of(access_key_id: &str, secret_access_key: &str, session_token: Option<&str>) -> Self {
        Self(crate::identity_digest(b"rds-iam-edge key cache", access_key_id, secret_access_key, session_token))
    }
}

impl fmt::Debug for IdentityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdentityId(<redacted>)")
    }
}

struct CachedKey {
    identity: IdentityId,
    date: String,
    region: String,
    service: String,
    /// Keyed with the derived key (its midstates), never the secret.
    key: Hmac,
}

/// A bounded cache of derived signing keys per (identity, date, region,
/// service). A value, not global state: a [`crate::Signer`] owns one (and
/// the wasm `signToken` one for the module).
#[derive(Default)]
pub(crate) struct KeyCache {
    entries: Vec<CachedKey>,
    /// The entry a miss replaces once the cache is full: the oldest (first
    /// in, first out; a day's working set is a few keys, so hits need no
    /// reordering).
    next: usize,
}

impl KeyCache {
    /// An empty cache.
    pub(crate) const fn new() -> Self {
        Self { entries: Vec::new(), next: 0 }
    }

    /// The key for `identity` and `scope` (a MAC keyed with it), derived
    /// from `secret` only on a miss. The caller vouches that `identity` is
    /// `secret`'s. (`get`, not indexing or `Vec::insert`/`remove`: no
    /// formatted panic message comes into the wasm.)
    pub(crate) fn get(&mut self, identity: IdentityId, secret: &str, scope: &CredentialScope<'_>) -> Hmac {
        let found = self.entries.iter().find(|e| {
            e.identity == identity && e.date == scope.date && e.region == scope.region && e.service == scope.service
        });
        if let Some(hit) = found {
            return hit.key.clone();
        }
        let entry = CachedKey {
            identity,
            date: scope.date.to_owned(),
            region: scope.region.to_owned(),
            service: scope.service.to_owned(),
            key: SigningKey::derive(secret, scope).mac(),
        };
        let key = entry.key.clone();
        if self.entries.len() < KEY_CACHE_CAPACITY {
            self.entries.push(entry);
        } else if let Some(oldest) = self.entries.get_mut(self.next) {
            *oldest = entry;
            self.next = (self.next + 1) % KEY_CACHE_CAPACITY;
        }
        key
    }

    /// Number of cached keys.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyCache").field("len", &self.len()).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amz_date::SigningTime;

    /// Same access key id, another secret or session token: another
    /// identity, so another entry; the same identity again is a hit.
    #[test]
    fn keys_are_cached_per_whole_identity() {
        let date = SigningTime::from_epoch_millis(0).expect("time").amz_date();
        let scope = CredentialScope::new(&date, "us-east-1", "rds-db");
        let identities = [
            ("AKID", "secret", None),
            ("AKID", "secret", Some("session-a")),
            ("AKID", "secret", Some("session-b")),
            ("AKID", "other-secret", None),
            ("AKID2", "secret", None),
        ];
        let mut cache = KeyCache::new();
        for (n, (akid, secret, session)) in identities.into_iter().enumerate() {
            let key = cache.get(IdentityId::of(akid, secret, session), secret, &scope);
            let expected = SigningKey::derive(secret, &scope).mac();
            assert_eq!(key.finalize(), expected.finalize());
            assert_eq!(cache.len(), n + 1, "{akid} {session:?}: a new identity is a miss");
        }
        for (akid, secret, session) in identities {
            cache.get(IdentityId::of(akid, secret, session), secret, &scope);
        }
        assert_eq!(cache.len(), identities.len(), "the same identity again is a hit");
    }

    #[test]
    fn identity_ids_do_not_run_parts_together() {
        assert!(IdentityId::of("AB", "C", None) != IdentityId::of("A", "BC", None));
        assert!(IdentityId::of("A", "B", Some("")) != IdentityId::of("A", "B", None));
        assert!(IdentityId::of("A", "B", Some("C")) != IdentityId::of("A", "B\u{1}\0\0\0\0\0\0\0\u{1}C", None));
    }
}
