//! Step 3 of SigV4: the signing key, and a small cache of derived keys so
//! that further tokens for the same day cost no key derivation.
//!
//! ```text
//! kDate    = HMAC("AWS4" + secret, date)
//! kRegion  = HMAC(kDate, region)
//! kService = HMAC(kRegion, service)
//! kSigning = HMAC(kService, "aws4_request")
//! ```

use alloc::vec::Vec;
use core::fmt;

use crate::{
    credentials::Credentials,
    scope::CredentialScope,
    sha256::{hmac, Hmac, Sha256},
    signature::Signature,
    string_to_sign::StringToSign,
};

/// A derived `kSigning`. Its `Debug` never shows the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey([u8; 32]);

impl SigningKey {
    /// Derives the key for `scope` from a secret access key. (Out of line:
    /// the key cache and its bypass both call it.)
    #[inline(never)]
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

/// How many derived keys a [`KeyCache`] keeps: a few identities, regions
/// and services a day is the realistic working set; more only wastes memory.
const KEY_CACHE_CAPACITY: usize = 8;

/// What a cached key is for, but its day: SHA-256 of `rds-iam-edge key\0`,
/// the access key id and secret in [`crate::identity_digest`]'s unambiguous
/// encoding, then the region and the service (each after its length):
/// everything the derived key is a function of (SigV4 derives it from the
/// secret, day, region and service; the session token only rides in the
/// query, so two identities differing only in it derive the same key, and
/// hashing an ~880-byte token into the tag would cost `signToken` ~15
/// compressions a call). Never the secret itself: a cached key is found
/// only by the secret and scope it was derived for, and the cache keeps no
/// copy of the secret. Unkeyed (the core has no randomness): it hides the
/// secret from a reader of the cache, who would have to guess a ~240-bit
/// secret to test it against the tag. Plain SHA-256 rather than an HMAC
/// under a fixed key (no stronger): 2 compressions, which the wasm
/// `signToken` pays per call; a `Signer` pays them once per parameters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyTag([u8; 32]);

impl KeyTag {
    pub(crate) fn of(credentials: &Credentials, region: &str, service: &str) -> Self {
        let mut hash = Sha256::new();
        hash.update(b"rds-iam-edge key\0");
        // Not the session token: the key does not depend on it (see above).
        crate::identity::encode_identity(&mut hash, credentials.access_key_id(), credentials.secret_access_key(), None);
        for part in [region, service] {
            // Both are short (a region at most 32 bytes, a service 11).
            hash.update(&[part.len() as u8]);
            hash.update(part.as_bytes());
        }
        Self(hash.finalize())
    }
}

impl fmt::Debug for KeyTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyTag(<redacted>)")
    }
}

#[derive(Clone)]
struct CachedKey {
    tag: KeyTag,
    /// `YYYYMMDD`.
    date: [u8; 8],
    /// Keyed with the derived key (its midstates), never the secret.
    key: Hmac,
}

/// A bounded cache of derived signing keys per (identity, region, service)
/// tag and day. A value, not global state: a [`crate::Signer`] owns one (and
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

    /// The key for `tag` on `scope`'s day (a MAC keyed with it), derived
    /// from `secret` only on a miss. The caller vouches that `tag` is
    /// `secret`'s and `scope`'s. (`get_mut`, not indexing or
    /// `Vec::insert`/`remove`: no formatted panic message in the wasm.)
    pub(crate) fn get(&mut self, tag: KeyTag, secret: &str, scope: &CredentialScope<'_>) -> Hmac {
        let date = scope.date.as_bytes().try_into().unwrap_or([0; 8]);
        if let Some(hit) = self.entries.iter().find(|e| e.tag == tag && e.date == date) {
            return hit.key.clone();
        }
        let entry = CachedKey { tag, date, key: SigningKey::derive(secret, scope).mac() };
        if self.entries.len() < KEY_CACHE_CAPACITY {
            self.entries.push(entry.clone());
        } else if let Some(oldest) = self.entries.get_mut(self.next) {
            *oldest = entry.clone();
            self.next = (self.next + 1) % KEY_CACHE_CAPACITY;
        }
        entry.key
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

    fn tag(id: &str, secret: &str, session: Option<&str>, region: &str, service: &str) -> KeyTag {
        KeyTag::of(&Credentials::new(id, secret, session).expect("credentials"), region, service)
    }

    /// Same access key id, another secret: another entry; another session
    /// token over the same keys derives the same key, so it is a hit (and
    /// gets that key); the same keys again are a hit; the eighth entry on
    /// evicts the oldest.
    #[test]
    fn keys_are_cached_per_secret_and_scope() {
        let date = SigningTime::from_epoch_millis(0).expect("time").amz_date();
        let scope = CredentialScope::new(&date, "us-east-1", "rds-db");
        // (access key id, secret, session token, entries after it)
        let identities = [
            ("AKID", "secret", None, 1),
            ("AKID", "secret", Some("session-a"), 1),
            ("AKID", "secret", Some("session-b"), 1),
            ("AKID", "other-secret", None, 2),
            ("AKID", "other-secret", Some("session-a"), 2),
            ("AKID2", "secret", None, 3),
        ];
        let mut cache = KeyCache::new();
        for (akid, secret, session, entries) in identities {
            let key = cache.get(tag(akid, secret, session, scope.region, scope.service), secret, &scope);
            let expected = SigningKey::derive(secret, &scope).mac();
            assert_eq!(key.finalize(), expected.finalize(), "{akid} {secret} {session:?}: its own secret's key");
            assert_eq!(cache.len(), entries, "{akid} {secret} {session:?}");
        }
        for (akid, secret, session, _) in identities {
            cache.get(tag(akid, secret, session, scope.region, scope.service), secret, &scope);
        }
        assert_eq!(cache.len(), 3, "the same keys again are a hit");
        let next_day = SigningTime::from_epoch_millis(86_400_000).expect("time").amz_date();
        let scope = CredentialScope::new(&next_day, "us-east-1", "rds-db");
        for n in 0..20 {
            let secret = alloc::format!("secret-{n}");
            let key = cache.get(tag("AKID", &secret, None, scope.region, scope.service), &secret, &scope);
            assert_eq!(key.finalize(), SigningKey::derive(&secret, &scope).mac().finalize());
        }
        assert_eq!(cache.len(), KEY_CACHE_CAPACITY, "bounded");
    }

    #[test]
    fn tags_do_not_run_parts_together() {
        let base = tag("AB", "C", None, "us-east-1", "rds-db");
        assert!(base != tag("A", "BC", None, "us-east-1", "rds-db"));
        assert!(
            tag("A", "B", Some("C"), "us-east-1", "rds-db")
                != tag("A", "B\u{1}\0\0\0\0\0\0\0\u{1}C", None, "us-east-1", "rds-db")
        );
        assert!(base != tag("AB", "C", None, "us-east-1r", "ds-db"));
        assert!(base != tag("AB", "C", None, "us-east-2", "rds-db"));
        assert!(base != tag("AB", "C", None, "us-east-1", "dsql"));
    }
}
