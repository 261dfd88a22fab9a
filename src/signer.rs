//! Signing: a [`Signer`] for one identity, which keeps derived signing keys
//! so that another token for the same day costs one canonical-request hash
//! and one HMAC, and the one-shot [`sign_token`]. Both go through
//! [`sign_with`], the one place a token is signed.

use alloc::string::String;

use crate::{
    amz_date::SigningTime,
    credentials::Credentials,
    error::Result,
    signing_key::{IdentityId, KeyCache, SigningKey},
    token::{TokenInput, TokenParams},
};

/// Signs one token: validate -> presign -> token, deriving the key afresh
/// (no cache, no copy of the credentials). Use a [`Signer`] to sign many.
pub fn sign_token(input: &TokenInput<'_>, credentials: &Credentials, now_ms: i64) -> Result<String> {
    let params = input.validate()?;
    let time = SigningTime::from_epoch_millis(now_ms)?;
    sign_with(&params, credentials, time, None)
}

/// Signs tokens with one set of credentials, caching derived signing keys
/// per (date, region, service) under the credentials' whole identity.
/// `Send + Sync`: share it between threads.
///
/// ```
/// use rds_iam_edge::{Credentials, Signer, TokenInput};
///
/// let signer = Signer::new(Credentials::new("AKIDEXAMPLE", "secret", None)?);
/// // Validate once, sign many: only the time changes.
/// let params = TokenInput::rds("db.example.com", 5432, "app", "us-east-1").validate()?;
/// let first = signer.sign_params(&params, 1_700_000_000_000)?;
/// let later = signer.sign_params(&params, 1_700_000_600_000)?;
/// assert_ne!(first, later);
/// # Ok::<(), rds_iam_edge::Error>(())
/// ```
#[derive(Debug)]
pub struct Signer {
    credentials: Credentials,
    identity: IdentityId,
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
        let identity =
            IdentityId::of(credentials.access_key_id(), credentials.secret_access_key(), credentials.session_token());
        Self { credentials, identity, keys: spin::Mutex::new(KeyCache::new()) }
    }

    /// The credentials this signer signs with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Validates `input` and signs it at `now_ms` (Unix epoch milliseconds).
    pub fn sign(&self, input: &TokenInput<'_>, now_ms: i64) -> Result<String> {
        self.sign_params(&input.validate()?, now_ms)
    }

    /// Signs parameters validated once ([`TokenInput::validate`]) at
    /// `now_ms`: the fast path for signing the same endpoint again and again.
    pub fn sign_params(&self, params: &TokenParams, now_ms: i64) -> Result<String> {
        let time = SigningTime::from_epoch_millis(now_ms)?;
        sign_with(params, &self.credentials, time, Some((&self.keys, self.identity)))
    }
}

/// The one signing path: credentials still valid at `time` -> the key for
/// the scope -> presign -> token. The key comes from `keys` when given
/// (under the credentials' `IdentityId`), never waiting for it: if its lock
/// is held (another thread, or — in wasm — a trap that left it held), the
/// key is derived without the cache. (Not generic over the key's source: one
/// copy in the wasm, not one per caller.)
fn sign_with(
    params: &TokenParams,
    credentials: &Credentials,
    time: SigningTime,
    keys: Option<(&spin::Mutex<KeyCache>, IdentityId)>,
) -> Result<String> {
    credentials.usable_at(time)?;
    let amz_date = time.amz_date();
    let scope = params.scope(&amz_date);
    let secret = credentials.secret_access_key();
    let key = match keys.and_then(|(keys, identity)| Some((keys.try_lock()?, identity))) {
        Some((mut keys, identity)) => keys.get(identity, secret, &scope).clone(),
        None => SigningKey::derive(secret, &scope),
    };
    Ok(params.with_presign(credentials.access_key_id(), credentials.session_token(), time, |presign| presign.sign(&key)))
}
