//! Signing entry points: a one-shot [`sign_token`], and a [`Signer`] that
//! keeps derived signing keys so that another token for the same day costs
//! one canonical-request hash and one HMAC.

use alloc::string::String;

use crate::{
    amz_date::SigningTime,
    credentials::Credentials,
    error::Result,
    scope::CredentialScope,
    signing_key::{KeyCache, SigningKey},
    token::{TokenInput, TokenParams},
};

/// Signs one token: validate -> presign -> token. Derives the key afresh;
/// use a [`Signer`] to sign many.
pub fn sign_token(input: &TokenInput<'_>, credentials: &Credentials, now_ms: i64) -> Result<String> {
    let params = input.validate()?;
    let time = SigningTime::from_epoch_millis(now_ms)?;
    credentials.usable_at(time)?;
    Ok(sign_with_cache(&params, credentials, time, &mut KeyCache::new()))
}

/// Signs tokens with one set of credentials, caching derived signing keys
/// per (date, region, service). `Send + Sync`: share it between threads.
#[derive(Debug)]
pub struct Signer {
    credentials: Credentials,
    // A spin lock (no_std) held only to look a key up or derive it, never
    // while signing.
    keys: spin::Mutex<KeyCache>,
}

// Checked at compile time: the spin lock keeps `Signer` shareable.
const _: fn() = || {
    fn shareable<T: Send + Sync>() {}
    shareable::<Signer>();
};

impl Signer {
    /// A signer for `credentials`.
    pub fn new(credentials: Credentials) -> Self {
        Self { credentials, keys: spin::Mutex::new(KeyCache::new()) }
    }

    /// The credentials this signer signs with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Validates `input` and signs it at `now_ms` (Unix epoch milliseconds).
    pub fn sign(&self, input: &TokenInput<'_>, now_ms: i64) -> Result<String> {
        let params = input.validate()?;
        self.sign_params(&params, SigningTime::from_epoch_millis(now_ms)?)
    }

    /// Signs already validated parameters: the fast path for signing the
    /// same endpoint again and again.
    pub fn sign_params(&self, params: &TokenParams, time: SigningTime) -> Result<String> {
        self.credentials.usable_at(time)?;
        let amz_date = time.amz_date();
        let scope = params.scope(&amz_date);
        let key = cached_key(&self.keys, self.credentials.secret_access_key(), &scope);
        Ok(sign_with_key(params, &self.credentials, time, &key))
    }
}

/// Signs validated parameters with credentials through a caller-owned key
/// cache (the wasm boundary keeps one for its stateless `signToken`).
pub fn sign_with_cache(params: &TokenParams, credentials: &Credentials, time: SigningTime, keys: &mut KeyCache) -> String {
    let amz_date = time.amz_date();
    let key = keys.get(credentials.secret_access_key(), &params.scope(&amz_date));
    sign_with_key(params, credentials, time, key)
}

/// The key for `scope` from a shared cache, never waiting for it: if the
/// lock is held (another thread, or — in wasm — a trap that left it held),
/// the key is derived without the cache.
pub(crate) fn cached_key(keys: &spin::Mutex<KeyCache>, secret: &str, scope: &CredentialScope<'_>) -> SigningKey {
    match keys.try_lock() {
        Some(mut keys) => keys.get(secret, scope).clone(),
        None => SigningKey::derive(secret, scope),
    }
}

/// presign -> token, with the key derived for the parameters' scope.
pub(crate) fn sign_with_key(params: &TokenParams, credentials: &Credentials, time: SigningTime, key: &SigningKey) -> String {
    params.with_presign(credentials.access_key_id(), credentials.session_token(), time, |presign| presign.sign(key))
}
