//! One error type for every rule: a stable code, the field it concerns and a
//! short static reason. Static strings keep secrets out by construction (no
//! input is ever formatted into a message) and keep `core::fmt` out of wasm.

use core::fmt;

/// The stable code of an [`Error`]: the same strings as the JS
/// `RdsIamError.code` and the Python `RdsIamError.code`. The core raises
/// the input, token, verification, `CREDENTIALS_EXPIRED` and
/// `REGION_UNAVAILABLE` codes; the wrappers (which do IO) raise the rest,
/// and [`ErrorCode::ALL`] is the one list every language's list is made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// Input of the wrong type or shape (the wrappers report most of these).
    InvalidInput,
    /// The token kind is not one of `rds`, `dsql`, `elasticache`, `memorydb`.
    InvalidService,
    /// The hostname (or cache name) is empty, not a bare host, or breaks the kind's naming rules.
    InvalidHostname,
    /// The port is missing (RDS) or outside 1..=65535.
    InvalidPort,
    /// The user name is missing, empty, or breaks the kind's naming rules.
    InvalidUsername,
    /// The region is not shaped like an AWS region name (`us-east-1`).
    InvalidRegion,
    /// The access key id, secret or session token is empty or malformed.
    InvalidCredentials,
    /// The lifetime is outside the range the kind allows.
    InvalidExpiresIn,
    /// The time is before 1970, after 9999, or not a finite number.
    InvalidTime,
    /// A field was given that the token kind does not use.
    NotApplicable,
    /// The string is not a well-formed auth token (or is longer than any token).
    InvalidToken,
    /// The signature does not match the one computed with the secret.
    SignatureMismatch,
    /// The token's validity window has ended.
    Expired,
    /// The token was signed further in the future than the allowed clock skew.
    NotYetValid,
    /// The token was signed for another user.
    WrongUser,
    /// The token was signed for another host or port.
    WrongHost,
    /// No secret is known for the token's access key id.
    UnknownAccessKey,
    /// No credentials were found (wrappers only: the core takes credentials as input).
    CredentialsUnavailable,
    /// The credentials' expiration is at or before the signing time.
    CredentialsExpired,
    /// No region was given and the hostname does not reveal one.
    RegionUnavailable,
    /// A credential provider failed (wrappers only).
    ProviderFailed,
    /// A credential fetch or request took too long (wrappers only).
    Timeout,
    /// An HTTP request failed, redirected or answered too much (wrappers only).
    HttpError,
    /// A bug (a wasm trap, an unknown code): never the caller's mistake.
    InternalError,
    /// The runtime cannot compile or run the signer's WebAssembly (wrappers
    /// only): it has none (React Native's Hermes), a Content-Security-Policy
    /// without 'wasm-unsafe-eval' refuses it, or the host forbids compiling
    /// from bytes. Neither a bug nor the caller's input.
    WasmUnavailable,
}

impl ErrorCode {
    /// Every code, in the order of the API docs. The order is part of the
    /// wasm boundary (errors cross as an index into this list, and
    /// `js/src/error-codes.ts` is generated from it): add codes at the end.
    pub const ALL: [Self; 25] = [
        Self::InvalidInput,
        Self::InvalidService,
        Self::InvalidHostname,
        Self::InvalidPort,
        Self::InvalidUsername,
        Self::InvalidRegion,
        Self::InvalidCredentials,
        Self::InvalidExpiresIn,
        Self::InvalidTime,
        Self::NotApplicable,
        Self::InvalidToken,
        Self::SignatureMismatch,
        Self::Expired,
        Self::NotYetValid,
        Self::WrongUser,
        Self::WrongHost,
        Self::UnknownAccessKey,
        Self::CredentialsUnavailable,
        Self::CredentialsExpired,
        Self::RegionUnavailable,
        Self::ProviderFailed,
        Self::Timeout,
        Self::HttpError,
        Self::InternalError,
        Self::WasmUnavailable,
    ];

    /// The stable wire name, e.g. `INVALID_PORT`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "INVALID_INPUT",
            Self::InvalidService => "INVALID_SERVICE",
            Self::InvalidHostname => "INVALID_HOSTNAME",
            Self::InvalidPort => "INVALID_PORT",
            Self::InvalidUsername => "INVALID_USERNAME",
            Self::InvalidRegion => "INVALID_REGION",
            Self::InvalidCredentials => "INVALID_CREDENTIALS",
            Self::InvalidExpiresIn => "INVALID_EXPIRES_IN",
            Self::InvalidTime => "INVALID_TIME",
            Self::NotApplicable => "NOT_APPLICABLE",
            Self::InvalidToken => "INVALID_TOKEN",
            Self::SignatureMismatch => "SIGNATURE_MISMATCH",
            Self::Expired => "EXPIRED",
            Self::NotYetValid => "NOT_YET_VALID",
            Self::WrongUser => "WRONG_USER",
            Self::WrongHost => "WRONG_HOST",
            Self::UnknownAccessKey => "UNKNOWN_ACCESS_KEY",
            Self::CredentialsUnavailable => "CREDENTIALS_UNAVAILABLE",
            Self::CredentialsExpired => "CREDENTIALS_EXPIRED",
            Self::RegionUnavailable => "REGION_UNAVAILABLE",
            Self::ProviderFailed => "PROVIDER_FAILED",
            Self::Timeout => "TIMEOUT",
            Self::HttpError => "HTTP_ERROR",
            Self::InternalError => "INTERNAL_ERROR",
            Self::WasmUnavailable => "WASM_UNAVAILABLE",
        }
    }

    /// The code named `name` (the inverse of [`Self::as_str`]).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

/// Every input field an [`Error`] can name, as the JS API spells it. Errors
/// carry an index into this list (and [`REASONS`]) instead of the text, so
/// the wasm modules never hold the texts: `js/src/error-codes.ts` is
/// generated from both lists and turns the indices back into the same text.
/// Add at the end (the order is part of the wasm boundary).
pub const FIELDS: &[&str] = &[
    "service",
    "hostname",
    "port",
    "username",
    "region",
    "credentials.accessKeyId",
    "credentials.secretAccessKey",
    "credentials.sessionToken",
    "credentials.expiration",
    "expiresIn",
    "now",
    "admin",
    "serverless",
    "token",
    "skewSeconds",
];

/// Every reason an [`Error`] can give (see [`FIELDS`]). Add at the end.
pub const REASONS: &[&str] = &[
    "malformed input from the JavaScript layer",
    "this TokenSigner was freed",
    "must be a whole number",
    "must be a whole number of seconds",
    "must be an integer from 1 to 65535",
    "is required",
    "must not be empty",
    "must not be empty; omit it instead",
    "must not contain a scheme",
    "must not contain a path or query",
    "must not contain a port; pass it as port",
    "must be at most 253 characters",
    "must be letters, digits, '-', '.' or '_'",
    "must be a well-formed host name",
    "must look like an aws region, e.g. us-east-1",
    "must be at most 128 characters",
    "must be printable ascii without '/' or spaces",
    "must be an elasticache name: a letter, then up to 39 letters, digits, single inner hyphens",
    "must be an elasticache user id: a letter, then letters, digits, hyphens",
    "must be from 1 to 900 seconds",
    "must be from 1 to 604800 seconds",
    "does not apply to this token kind",
    "must be rds, dsql, elasticache or memorydb",
    "not given, and the hostname is not an aws endpoint that names one",
    "the credentials expired at or before the signing time",
    "must be a finite number",
    "must not be before 1970",
    "must not be after year 9999",
    "longer than 64 KiB; no auth token is",
    "must be host/?query",
    "missing X-Amz-Algorithm",
    "X-Amz-Algorithm must be AWS4-HMAC-SHA256",
    "missing X-Amz-SignedHeaders",
    "X-Amz-SignedHeaders must be host",
    "missing X-Amz-Credential",
    "X-Amz-Credential must be key/date/region/service/aws4_request",
    "malformed access key id",
    "malformed region",
    "unknown service",
    "missing X-Amz-Date",
    "malformed X-Amz-Date",
    "credential scope date differs from X-Amz-Date",
    "missing X-Amz-Expires",
    "X-Amz-Expires must be 1 to 604800",
    "empty X-Amz-Security-Token",
    "missing X-Amz-Signature",
    "missing Action",
    "action does not match the service",
    "this kind's tokens carry no user",
    "unexpected ResourceType",
    "every parameter needs a value",
    "unknown parameter",
    "repeated parameter",
    "badly encoded parameter",
    "user parameter does not match the service",
    "missing the kind's user parameter",
    "rds tokens need host:port",
    "malformed port",
    "malformed host",
    "X-Amz-Signature must be 64 lower-case hex digits",
    "X-Amz-Expires is over the kind's maximum (900 s; dsql 604800 s)",
    "no secret known for the token's access key id",
    "signature does not match",
    "token was signed for another user",
    "token was signed for another host",
    "token was signed for another port",
    "token is signed in the future beyond the allowed clock skew",
    "token has expired",
    "the signer table was left locked by an earlier failure",
];

/// `text`'s place in `table`; fails the build (it only runs in `const`
/// blocks, through [`field!`] and [`reason!`]) when it is not there.
#[doc(hidden)]
pub const fn index_of(table: &[&str], text: &str) -> u8 {
    let mut i = 0;
    while i < table.len() {
        let (a, b) = (table[i].as_bytes(), text.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i as u8;
            }
        }
        i += 1;
    }
    panic!("not in the table: add it to FIELDS or REASONS in src/error.rs")
}

/// An index into [`FIELDS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field(pub(crate) u8);

/// An index into [`REASONS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reason(pub(crate) u8);

/// The [`Field`] spelled `$text` (checked against [`FIELDS`] at compile time).
macro_rules! field {
    ($text:literal) => {
        $crate::error::Field(const { $crate::error::index_of($crate::error::FIELDS, $text) })
    };
}

/// The [`Reason`] worded `$text` (checked against [`REASONS`] at compile time).
macro_rules! reason {
    ($text:literal) => {
        $crate::error::Reason(const { $crate::error::index_of($crate::error::REASONS, $text) })
    };
}

/// Why signing, parsing or verifying failed.
///
/// Carries no input text, so neither `Display` nor `Debug` can leak a secret,
/// session token or token.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    field: Option<Field>,
    reason: Reason,
}

impl Error {
    pub(crate) const fn new(code: ErrorCode, field: Option<Field>, reason: Reason) -> Self {
        Self { code, field, reason }
    }

    /// An error about one input field, named as the JS API spells it
    /// (`hostname`, `credentials.accessKeyId`, `expiresIn`, ...).
    pub(crate) const fn input(code: ErrorCode, field: Field, reason: Reason) -> Self {
        Self::new(code, Some(field), reason)
    }

    /// A malformed token; `reason` says which part.
    pub(crate) const fn token(reason: Reason) -> Self {
        Self::new(ErrorCode::InvalidToken, Some(field!("token")), reason)
    }

    /// The stable code.
    pub const fn code(&self) -> ErrorCode {
        self.code
    }

    /// The input field concerned, if any, as the JS API spells it
    /// (`hostname`, `credentials.accessKeyId`).
    pub const fn field(&self) -> Option<&'static str> {
        match self.field {
            Some(field) => Some(FIELDS[field.0 as usize]),
            None => None,
        }
    }

    /// A short lowercase reason, never containing input text.
    pub const fn reason(&self) -> &'static str {
        REASONS[self.reason.0 as usize]
    }

    /// The field's index in the crate's field table and the reason's in its
    /// reason table (`FIELDS` and `REASONS` in src/error.rs): what crosses
    /// the wasm boundary.
    pub const fn indices(&self) -> (Option<u8>, u8) {
        (
            match self.field {
                Some(field) => Some(field.0),
                None => None,
            },
            self.reason.0,
        )
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code)
            .field("field", &self.field())
            .field("reason", &self.reason())
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_str())?;
        if let Some(field) = self.field() {
            write!(f, " ({field})")?;
        }
        write!(f, ": {}", self.reason())
    }
}

impl core::error::Error for Error {}

/// Result with this crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    /// An index must name one text, and fit the two decimal digits the
    /// wasm boundary sends.
    #[test]
    fn field_and_reason_tables_are_unique_and_short() {
        for table in [FIELDS, REASONS] {
            assert!(table.len() < 99);
            for (i, text) in table.iter().enumerate() {
                assert_eq!(usize::from(index_of(table, text)), i, "{text} is listed twice");
            }
        }
    }

    #[test]
    fn errors_give_back_their_texts() {
        let error = Error::input(ErrorCode::InvalidPort, field!("port"), reason!("is required"));
        assert_eq!(error.field(), Some("port"));
        assert_eq!(error.reason(), "is required");
        assert_eq!(error.indices(), (Some(2), 5));
        assert_eq!(std::format!("{error}"), "INVALID_PORT (port): is required");
        assert_eq!(Error::token(reason!("malformed host")).field(), Some("token"));
    }
}
