//! Step 3 of SigV4: the signing key, and a small cache of derived keys so
//! that further tokens for the same day cost no key derivation.
//!
//! ```text
//! kDate    = HMAC("AWS4" + secret, date)
//! kRegion  = HMAC(kDate, region)
//! kService = HMAC(kRegion, service)
//! kSigning = HMAC(kService, "aws4_request")
//! ```

use alloc::{string::String, vec::Vec};
use core::fmt;

use crate::{
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
        let mut k_date = Hmac::new(b"AWS4", secret_access_key.as_bytes());
        k_date.update(scope.date.as_bytes());
        let k_region = hmac(&k_date.finalize(), scope.region.as_bytes());
        let k_service = hmac(&k_region, scope.service.as_bytes());
        Self(hmac(&k_service, b"aws4_request"))
    }

    /// A MAC keyed with this key (its two midstates), for
    /// [`crate::template::Template`].
    pub(crate) fn mac(&self) -> Hmac {
        Hmac::new(b"", &self.0)
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

/// The secret a cached key was derived from, as a digest: SHA-256 of
/// `rds-iam-edge\0` and the secret. One compression for secrets up to 42
/// bytes (AWS's are 40), which the wasm `signToken` pays per call; a
/// `Signer` pays it once per parameters. A [`KeyCache`] entry is found by
/// it together with the access key id, region and service compared in plain
/// (none is secret: every token shows them) and the day: everything the
/// derived key is a function of (SigV4 derives it from the secret, day,
/// region and service) and the identity's name. The session token only
/// rides in the query, so two identities differing only in it derive the
/// same key. Never the secret itself: the cache keeps no copy of it, and
/// finding it from a tag means guessing a ~240-bit secret. Unkeyed (the
/// core has no randomness); the prefix keeps it unlike any other digest of
/// the secret.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyTag([u8; 32]);

impl KeyTag {
    pub(crate) fn of(secret_access_key: &str) -> Self {
        let mut hash = Sha256::new();
        // 13 bytes: with a 40-byte secret the whole input fits one block.
        hash.update(b"rds-iam-edge\0");
        hash.update(secret_access_key.as_bytes());
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
    /// The access key id, region and service, as the template's
    /// `X-Amz-Credential` names them (its date blank).
    names: String,
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

    /// The key for `tag` and `names` on `scope`'s day (a MAC keyed with
    /// it), derived from `secret` only on a miss. The caller vouches that
    /// `tag` is `secret`'s and `names` name the access key id and `scope`'s
    /// region and service. (`get_mut`, not indexing or
    /// `Vec::insert`/`remove`: no formatted panic message in the wasm.)
    pub(crate) fn get(&mut self, tag: KeyTag, names: &str, secret: &str, scope: &CredentialScope<'_>) -> Hmac {
        let date = scope.date.as_bytes().try_into().unwrap_or([0; 8]);
        if let Some(hit) = self.entries.iter().find(|e| e.tag == tag && e.date == date && e.names == names) {
            return hit.key.clone();
        }
        let key = SigningKey::derive(secret, scope).mac();
        let entry = CachedKey { tag, names: crate::owned(names), date, key: key.clone() };
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
    use crate::{amz_date::SigningTime, credentials::Credentials, token::TokenInput};

    /// Looks `secret`'s key up for `input` signed by `akid` on day `day`, as
    /// the signing path does (the template's key names, the secret's tag),
    /// and checks it is the key derived afresh.
    fn lookup(cache: &mut KeyCache, akid: &str, secret: &str, session: Option<&str>, input: &TokenInput<'_>, day: i64) {
        let credentials = Credentials::new(akid, secret, session).expect("credentials");
        let template = input.validate().expect("valid").template(&credentials);
        let date = SigningTime::from_epoch_millis(day * 86_400_000).expect("time").amz_date();
        let scope = template.scope(&date);
        let key = cache.get(KeyTag::of(secret), template.key_names(), secret, &scope);
        let expected = SigningKey::derive(secret, &scope).mac();
        assert_eq!(key.finalize(), expected.finalize(), "{akid} {session:?}: its own secret's key");
    }

    /// Another secret or another access key id: another entry; another
    /// session token over the same keys derives the same key, so it is a
    /// hit (and gets that key); the same keys again are a hit; so are other
    /// hosts and users in the same region and service; another region,
    /// service or day is not; the ninth entry on evicts the oldest.
    #[test]
    fn keys_are_cached_per_identity_and_scope() {
        let rds = TokenInput::rds("a.example.com", 5432, "app", "us-east-1");
        // (access key id, secret, session token, entries after it)
        let identities = [
            ("AKID", "secret", None, 1),
            ("AKID", "secret", Some("session-a"), 1),
            ("AKID", "secret", Some("session-b"), 1),
            ("AKID", "other-secret", None, 2),
            ("AKID", "other-secret", Some("session-a"), 2),
            ("AKID2", "secret", None, 3),
            ("AKID2", "other-secret", None, 4),
        ];
        let mut cache = KeyCache::new();
        for (akid, secret, session, entries) in identities {
            lookup(&mut cache, akid, secret, session, &rds, 0);
            assert_eq!(cache.len(), entries, "{akid} {session:?}");
        }
        for (akid, secret, session, _) in identities {
            lookup(&mut cache, akid, secret, session, &rds, 0);
            lookup(&mut cache, akid, secret, session, &TokenInput::rds("b.example.com", 1, "other", "us-east-1"), 0);
        }
        assert_eq!(cache.len(), 4, "the same keys again are a hit");
        lookup(&mut cache, "AKID", "secret", None, &TokenInput::rds("a.example.com", 5432, "app", "us-east-2"), 0);
        lookup(&mut cache, "AKID", "secret", None, &TokenInput::dsql("a.example.com", "us-east-1"), 0);
        lookup(&mut cache, "AKID", "secret", None, &rds, 1);
        assert_eq!(cache.len(), 7, "another region, service or day");
        for n in 0..20 {
            lookup(&mut cache, "AKID", &alloc::format!("secret-{n}"), None, &rds, 2);
        }
        assert_eq!(cache.len(), KEY_CACHE_CAPACITY, "bounded");
    }

    /// The names part the access key id, region and service unambiguously.
    #[test]
    fn names_do_not_run_parts_together() {
        let names = |akid: &str, input: TokenInput<'_>| {
            let credentials = Credentials::new(akid, "secret", None).expect("credentials");
            crate::owned(input.validate().expect("valid").template(&credentials).key_names())
        };
        let rds = |region| TokenInput::rds("a.example.com", 5432, "app", region);
        let all = [
            names("AKID", rds("us-east-1")),
            names("AKID1", rds("us-east-1")),
            names("AKID", rds("us-east-12")),
            names("AKID%2F19700101%2Fus-east-1%2Frds-db%2Faws4_request", rds("us-east-1")),
            names("AKID", TokenInput::dsql("a.example.com", "us-east-1")),
            names("AKID", TokenInput::elasticache("cache", "app", "us-east-1")),
        ];
        assert_eq!(all[0], "AKID%2F19700101%2Fus-east-1%2Frds-db%2Faws4_request");
        for (i, a) in all.iter().enumerate() {
            for b in all.get(i + 1..).unwrap_or_default() {
                assert_ne!(a, b);
            }
        }
        assert_ne!(KeyTag::of("secret"), KeyTag::of("secret2"));
    }
}
