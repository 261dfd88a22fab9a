//! Signing entry points: a one-shot [`sign_token`], and a [`Signer`] that
//! keeps derived signing keys so that another token for the same day costs
//! one canonical-request hash and one HMAC.

use std::sync::{Mutex, PoisonError};

use crate::{
    amz_date::SigningTime,
    credentials::Credentials,
    error::Result,
    scope::CredentialScope,
    signing_key::KeyCache,
    token::{TokenInput, TokenParams},
};

/// Signs one token: validate -> presign -> token. Derives the key afresh;
/// use a [`Signer`] to sign many.
pub fn sign_token(input: &TokenInput<'_>, credentials: &Credentials, now_ms: i64) -> Result<String> {
    let params = input.validate()?;
    let time = SigningTime::from_epoch_millis(now_ms)?;
    Ok(sign_with_cache(&params, credentials, time, &mut KeyCache::new()))
}

/// Signs tokens with one set of credentials, caching derived signing keys
/// per (date, region, service). `Send + Sync`: share it between threads.
#[derive(Debug)]
pub struct Signer {
    credentials: Credentials,
    keys: Mutex<KeyCache>,
}

impl Signer {
    /// A signer for `credentials`.
    pub fn new(credentials: Credentials) -> Self {
        Self { credentials, keys: Mutex::new(KeyCache::new()) }
    }

    /// The credentials this signer signs with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Validates `input` and signs it at `now_ms` (Unix epoch milliseconds).
    pub fn sign(&self, input: &TokenInput<'_>, now_ms: i64) -> Result<String> {
        let params = input.validate()?;
        Ok(self.sign_params(&params, SigningTime::from_epoch_millis(now_ms)?))
    }

    /// Signs already validated parameters: the fast path for signing the
    /// same endpoint again and again.
    pub fn sign_params(&self, params: &TokenParams, time: SigningTime) -> String {
        let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        sign_with_cache(params, &self.credentials, time, &mut keys)
    }
}

/// Signs validated parameters with credentials through a caller-owned key
/// cache (the wasm boundary keeps one for its stateless `signToken`).
pub fn sign_with_cache(params: &TokenParams, credentials: &Credentials, time: SigningTime, keys: &mut KeyCache) -> String {
    params.with_presign(credentials, time, |presign| {
        let amz_date = presign.amz_date();
        let scope = CredentialScope::new(&amz_date, presign.region, presign.service);
        presign.sign(keys.get(credentials.secret_access_key(), &scope))
    })
}
