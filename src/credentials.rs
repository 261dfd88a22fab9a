//! AWS credentials as an input. Validated once at construction; `Debug`
//! shows the access key id (which every token carries in the clear) and
//! nothing else.

use alloc::{borrow::ToOwned, string::String};
use core::fmt;

use crate::error::{Error, ErrorCode, Result};

/// An access key id, its secret, and the session token of temporary credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Checks and takes credentials: the access key id must be ASCII letters
    /// and digits (it is part of the token's credential scope), the secret
    /// non-empty, and a session token, when given, non-empty.
    pub fn new(access_key_id: &str, secret_access_key: &str, session_token: Option<&str>) -> Result<Self> {
        if access_key_id.is_empty() {
            return Err(bad("credentials.accessKeyId", "must not be empty"));
        }
        if !access_key_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad("credentials.accessKeyId", "must be ascii letters and digits"));
        }
        if secret_access_key.is_empty() {
            return Err(bad("credentials.secretAccessKey", "must not be empty"));
        }
        if session_token == Some("") {
            return Err(bad("credentials.sessionToken", "must not be empty; omit it instead"));
        }
        Ok(Self {
            access_key_id: access_key_id.to_owned(),
            secret_access_key: secret_access_key.to_owned(),
            session_token: session_token.map(str::to_owned),
        })
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

fn bad(field: &'static str, reason: &'static str) -> Error {
    Error::input(ErrorCode::InvalidCredentials, field, reason)
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &self.session_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}
