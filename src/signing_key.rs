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

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{scope::CredentialScope, signature::Signature, string_to_sign::StringToSign};

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 (also the identity digest's, so the wasm holds one copy).
pub(crate) fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = new_mac(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn new_mac(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length: `new_from_slice` never fails, and LTO
    // removes this arm.
    HmacSha256::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}

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

    /// Step 4: the signature of a string to sign.
    pub fn sign(&self, string_to_sign: &StringToSign) -> Signature {
        Signature::from_bytes(hmac(&self.0, string_to_sign.as_str().as_bytes()))
    }

    /// Checks `signature` against the string to sign in constant time.
    pub fn verify(&self, string_to_sign: &StringToSign, signature: &[u8]) -> bool {
        let mut mac = new_mac(&self.0);
        mac.update(string_to_sign.as_str().as_bytes());
        mac.verify_slice(signature).is_ok()
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

struct CachedKey {
    secret: String,
    date: String,
    region: String,
    service: String,
    key: SigningKey,
}

/// A bounded cache of derived signing keys per (secret, date, region, service).
/// A value, not global state: a [`crate::Signer`] owns one.
#[derive(Default)]
pub struct KeyCache {
    entries: Vec<CachedKey>,
}

impl KeyCache {
    /// An empty cache.
    pub const fn new() -> Self {
        Self { entries: Vec::new() }
    }

    /// The key for `secret` and `scope`, derived only on a miss. The most
    /// recently used entry sits at the front; the least recent is evicted.
    pub fn get(&mut self, secret: &str, scope: &CredentialScope<'_>) -> &SigningKey {
        let found = self.entries.iter().position(|e| {
            e.date == scope.date && e.region == scope.region && e.service == scope.service && e.secret == secret
        });
        match found {
            Some(0) => {}
            Some(i) => {
                let hit = self.entries.remove(i);
                self.entries.insert(0, hit);
            }
            None => {
                if self.entries.len() == KEY_CACHE_CAPACITY {
                    self.entries.pop();
                }
                let entry = CachedKey {
                    secret: secret.to_owned(),
                    date: scope.date.to_owned(),
                    region: scope.region.to_owned(),
                    service: scope.service.to_owned(),
                    key: SigningKey::derive(secret, scope),
                };
                self.entries.insert(0, entry);
            }
        }
        &self.entries[0].key
    }

    /// Number of cached keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyCache").field("len", &self.entries.len()).finish_non_exhaustive()
    }
}
