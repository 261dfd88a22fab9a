//! Signing: a [`Signer`] for one identity, which keeps derived signing keys
//! (so that another token for the same day costs one canonical-request hash
//! and one HMAC) and the last parameters' [`Template`] (so that signing them
//! again writes only the dates), and the one-shot [`sign_token`]. Both go
//! through [`sign_with`], the one place a token is signed.

use alloc::{string::String, vec::Vec};

use crate::{
    amz_date::SigningTime,
    credentials::Credentials,
    error::Result,
    signing_key::{KeyCache, KeyTag, SigningKey},
    template::Template,
    token::{TokenInput, TokenParams},
};

/// Signs one token: validate -> presign -> token, deriving the key afresh
/// (no cache, no copy of the credentials). Use a [`Signer`] to sign many.
pub fn sign_token(input: &TokenInput<'_>, credentials: &Credentials, now_ms: i64) -> Result<String> {
    let params = input.validate()?;
    let time = SigningTime::from_epoch_millis(now_ms)?;
    sign_with(&params.template(credentials), credentials, time, None).map(crate::token_text)
}

/// Signs tokens with one set of credentials, caching derived signing keys
/// per (date, region, service) under the access key id and a tag of the secret, and
/// the request layout of the parameters it signed last.
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
    // Spin locks (no_std), never waited for: when one is held (another
    // thread, or — in wasm — a trap that left it held) the signer works
    // without it.
    keys: spin::Mutex<KeyCache>,
    /// The parameters signed last, their template (with this signer's
    /// access key id and session token in it) and key tag.
    last: spin::Mutex<Option<(TokenParams, Template, KeyTag)>>,
}

// Checked at compile time: the spin locks keep `Signer` shareable.
const _: fn() = || {
    fn shareable<T: Send + Sync>() {}
    shareable::<Signer>();
};

impl Signer {
    /// A signer for `credentials`.
    pub fn new(credentials: Credentials) -> Self {
        Self { credentials, keys: spin::Mutex::new(KeyCache::new()), last: spin::Mutex::new(None) }
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
    /// `now_ms`: the fast path for signing the same endpoint again and again
    /// (the request is laid out once, then only its dates change).
    pub fn sign_params(&self, params: &TokenParams, now_ms: i64) -> Result<String> {
        let time = SigningTime::from_epoch_millis(now_ms)?;
        let Some(mut last) = self.last.try_lock() else {
            let (template, tag) = self.prepare(params);
            return self.sign_template(&template, tag, time).map(crate::token_text);
        };
        let token = match &*last {
            Some((signed, template, tag)) if signed == params => self.sign_template(template, *tag, time),
            _ => {
                let (template, tag) = self.prepare(params);
                let token = self.sign_template(&template, tag, time);
                *last = Some((params.clone(), template, tag));
                token
            }
        };
        token.map(crate::token_text)
    }

    /// `params` laid out for this signer, and the tag of their keys.
    fn prepare(&self, params: &TokenParams) -> (Template, KeyTag) {
        (params.template(&self.credentials), KeyTag::of(self.credentials.secret_access_key()))
    }

    /// Signs `template` (with `tag`, both from [`Self::prepare`]) at `time`.
    fn sign_template(&self, template: &Template, tag: KeyTag, time: SigningTime) -> Result<Vec<u8>> {
        sign_with(template, &self.credentials, time, Some((&self.keys, tag)))
    }
}

/// The one signing path: credentials still valid at `time` -> the key for
/// the scope -> the template signed at `time`. The key comes from `keys`
/// when given (under the secret's `KeyTag` and the template's key names:
/// the access key id, region and service), never waiting for it:
/// if its lock is held the key is derived without the cache. (Not generic
/// over the key's source: one copy in the wasm, not one per caller.)
pub(crate) fn sign_with(
    template: &Template,
    credentials: &Credentials,
    time: SigningTime,
    keys: Option<(&spin::Mutex<KeyCache>, KeyTag)>,
) -> Result<Vec<u8>> {
    credentials.usable_at(time)?;
    let amz_date = time.amz_date();
    let scope = template.scope(&amz_date);
    let secret = credentials.secret_access_key();
    let cached = keys.and_then(|(keys, tag)| Some(keys.try_lock()?.get(tag, template.key_names(), secret, &scope)));
    let key = cached.unwrap_or_else(|| SigningKey::derive(secret, &scope).mac());
    Ok(template.sign(&amz_date, &key))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept template is used only for equal parameters: alternating
    /// inputs and days sign as the one-shot path does.
    #[test]
    fn the_last_template_serves_only_equal_parameters() {
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", Some("session")).expect("credentials");
        let signer = Signer::new(credentials.clone());
        let inputs = [
            TokenInput::rds("a.example.com", 5432, "app", "us-east-1"),
            TokenInput::rds("a.example.com", 5433, "app", "us-east-1"),
            TokenInput::rds("a.example.com", 5432, "app", "us-west-2"),
            TokenInput::dsql("b.example.com", "us-east-1").admin(true),
            TokenInput::elasticache("cache", "user", "us-east-1").serverless(true),
        ];
        for round in 0..3i64 {
            for input in &inputs {
                let now = 1_700_000_000_000 + round * 86_400_000;
                let params = input.validate().expect("valid");
                assert_eq!(signer.sign_params(&params, now), sign_token(input, &credentials, now));
            }
        }
    }
}
