//! AWS credentials as an input. Validated once at construction; `Debug`
//! shows the access key id (which every token carries in the clear) and the
//! expiration, nothing else.

use alloc::string::String;
use core::fmt;

use crate::{
    amz_date::SigningTime,
    error::{Error, ErrorCode, Field, Reason, Result},
    validate,
};

/// An access key id, its secret, the session token of temporary
/// credentials, and when they expire.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiration: Option<i64>,
}

impl Credentials {
    /// Checks and takes credentials: the access key id must be 1 to 128
    /// printable ASCII characters without `/` or spaces (it is part of the
    /// token's credential scope), the secret non-empty, and a session token,
    /// when given, non-empty.
    pub fn new(access_key_id: &str, secret_access_key: &str, session_token: Option<&str>) -> Result<Self> {
        validate::access_key_id(access_key_id)?;
        if secret_access_key.is_empty() {
            return Err(bad(field!("credentials.secretAccessKey"), reason!("must not be empty")));
        }
        if session_token == Some("") {
            return Err(bad(field!("credentials.sessionToken"), reason!("must not be empty; omit it instead")));
        }
        Ok(Self {
            access_key_id: crate::owned(access_key_id),
            secret_access_key: crate::owned(secret_access_key),
            session_token: session_token.map(crate::owned),
            expiration: None,
        })
    }

    /// The same credentials, usable until `epoch_seconds` (Unix time):
    /// signing at or after it is `CREDENTIALS_EXPIRED`.
    pub fn with_expiration(self, epoch_seconds: i64) -> Self {
        Self { expiration: Some(epoch_seconds), ..self }
    }

    /// When the credentials expire, Unix epoch seconds, if they do.
    pub fn expiration(&self) -> Option<i64> {
        self.expiration
    }

    /// Refuses to sign at `time` with credentials that have expired by then.
    pub(crate) fn usable_at(&self, time: SigningTime) -> Result<()> {
        match self.expiration {
            Some(end) if time.epoch_seconds() >= end => Err(Error::input(
                ErrorCode::CredentialsExpired,
                field!("credentials.expiration"),
                reason!("the credentials expired at or before the signing time"),
            )),
            _ => Ok(()),
        }
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub(crate) fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    pub(crate) fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

fn bad(field: Field, reason: Reason) -> Error {
    Error::input(ErrorCode::InvalidCredentials, field, reason)
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &self.session_token.as_ref().map(|_| "<redacted>"))
            .field("expiration", &self.expiration)
            .finish()
    }
}
