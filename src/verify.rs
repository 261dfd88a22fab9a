//! Checking a token as the database service would: signature with a known
//! secret, expected user and host, then the validity window.

use alloc::string::String;
use core::fmt;

use crate::{
    amz_date::SigningTime,
    error::{Error, ErrorCode, Result},
    inspect::{ParsedToken, TokenInfo},
    signing_key::SigningKey,
};

/// How far in the future a token's signing time may lie (clock skew) by default.
pub const DEFAULT_SKEW_SECONDS: u32 = 300;

/// What the login must match, beyond a good signature and time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectations<'a> {
    /// The login user; `None` skips the check.
    pub username: Option<&'a str>,
    /// The host the client connected to (ASCII case-insensitive); `None` skips.
    pub hostname: Option<&'a str>,
    /// The port the client connected to; `None` skips.
    pub port: Option<u16>,
    /// Allowed clock skew for a signing time in the future, seconds.
    pub skew_seconds: u32,
}

impl Default for Expectations<'_> {
    fn default() -> Self {
        Self { username: None, hostname: None, port: None, skew_seconds: DEFAULT_SKEW_SECONDS }
    }
}

/// A token that passed [`verify`].
pub struct Verified {
    info: TokenInfo,
    session_token: Option<String>,
}

impl Verified {
    /// The token's fields.
    pub fn info(&self) -> &TokenInfo {
        &self.info
    }

    /// Whether the token carries a session token. The database service checks
    /// it with STS; locally only the caller can decide (see [`Self::session_token_is`]).
    pub fn has_session_token(&self) -> bool {
        self.session_token.is_some()
    }

    /// Whether the signed session token equals `candidate` (constant time).
    pub fn session_token_is(&self, candidate: &str) -> bool {
        self.session_token.as_deref().is_some_and(|t| constant_time_eq(t.as_bytes(), candidate.as_bytes()))
    }
}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("info", &self.info)
            .field("session_token", &self.session_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Verifies `token` at `now_ms`. `secret_for` maps an access key id to its
/// secret access key. Checks, in order: form (a token over 64 KiB is refused
/// unread), lifetime within the kind's maximum, known key, signature, user,
/// host and port, not signed in the future (beyond the skew), not expired.
///
/// A lifetime over the kind's maximum (a week-long RDS token) is
/// `INVALID_TOKEN`, not `EXPIRED`: the database refuses such a token at any
/// instant, so no waiting or clock fix makes it valid.
pub fn verify<'k>(
    token: &str,
    secret_for: impl Fn(&str) -> Option<&'k str>,
    now_ms: i64,
    expect: &Expectations<'_>,
) -> Result<Verified> {
    let now = SigningTime::from_epoch_millis(now_ms)?;
    let parsed = ParsedToken::parse(token)?;
    let info = &parsed.info;
    if info.expires_in > info.service.max_expires_in() {
        return Err(Error::token(reason!("X-Amz-Expires is over the kind's maximum (900 s; dsql 604800 s)")));
    }
    // An empty secret is no key at all: anyone can sign with it, so a token
    // that matches it proves nothing.
    let secret = secret_for(&info.access_key_id).filter(|secret| !secret.is_empty()).ok_or(Error::new(
        ErrorCode::UnknownAccessKey,
        None,
        reason!("no secret known for the token's access key id"),
    ))?;
    if !signature_matches(&parsed, secret) {
        return Err(Error::new(ErrorCode::SignatureMismatch, None, reason!("signature does not match")));
    }
    if expect.username.is_some_and(|u| info.username.as_deref() != Some(u)) {
        return Err(Error::new(
            ErrorCode::WrongUser,
            Some(field!("username")),
            reason!("token was signed for another user"),
        ));
    }
    if expect.hostname.is_some_and(|h| !h.eq_ignore_ascii_case(&info.hostname)) {
        return Err(Error::new(
            ErrorCode::WrongHost,
            Some(field!("hostname")),
            reason!("token was signed for another host"),
        ));
    }
    if expect.port.is_some_and(|p| info.port != Some(p)) {
        return Err(Error::new(
            ErrorCode::WrongHost,
            Some(field!("port")),
            reason!("token was signed for another port"),
        ));
    }
    if info.signed_at.epoch_seconds() > now.epoch_seconds() + i64::from(expect.skew_seconds) {
        return Err(Error::new(
            ErrorCode::NotYetValid,
            None,
            reason!("token is signed in the future beyond the allowed clock skew"),
        ));
    }
    if now_ms > info.expires_at_ms() {
        return Err(Error::new(ErrorCode::Expired, None, reason!("token has expired")));
    }
    Ok(Verified { info: parsed.info, session_token: parsed.session_token })
}

/// Recomputes the signature through the signer's own request building.
fn signature_matches(parsed: &ParsedToken, secret: &str) -> bool {
    let info = &parsed.info;
    let amz_date = info.signed_at.amz_date();
    let key = SigningKey::derive(secret, &parsed.params.scope(&amz_date));
    let session_token = parsed.session_token.as_deref();
    parsed.params.with_presign(&info.access_key_id, session_token, info.signed_at, |presign| {
        presign.verify(&key, &parsed.signature)
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
