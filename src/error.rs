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
}

impl ErrorCode {
    /// Every code, in the order of the API docs. The order is part of the
    /// wasm boundary (errors cross as an index into this list, and
    /// `js/src/error-codes.ts` is generated from it): add codes at the end.
    pub const ALL: [Self; 24] = [
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
        }
    }

    /// The code named `name` (the inverse of [`Self::as_str`]).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

/// Why signing, parsing or verifying failed.
///
/// Carries no input text, so neither `Display` nor `Debug` can leak a secret,
/// session token or token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    field: Option<&'static str>,
    reason: &'static str,
}

impl Error {
    pub(crate) const fn new(code: ErrorCode, field: Option<&'static str>, reason: &'static str) -> Self {
        Self { code, field, reason }
    }

    /// An error about one input field, named as the JS API spells it
    /// (`hostname`, `credentials.accessKeyId`, `expiresIn`, ...).
    pub(crate) const fn input(code: ErrorCode, field: &'static str, reason: &'static str) -> Self {
        Self::new(code, Some(field), reason)
    }

    /// A malformed token; `reason` says which part.
    pub(crate) const fn token(reason: &'static str) -> Self {
        Self::new(ErrorCode::InvalidToken, Some("token"), reason)
    }

    /// The stable code.
    pub const fn code(&self) -> ErrorCode {
        self.code
    }

    /// The input field concerned, if any, as the JS API spells it
    /// (`hostname`, `credentials.accessKeyId`).
    pub const fn field(&self) -> Option<&'static str> {
        self.field
    }

    /// A short lowercase reason, never containing input text.
    pub const fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_str())?;
        if let Some(field) = self.field {
            write!(f, " ({field})")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl core::error::Error for Error {}

/// Result with this crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;
