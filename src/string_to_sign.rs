//! Step 2 of SigV4: the string to sign.

use alloc::string::String;

use crate::{amz_date::AmzDate, canonical::CanonicalRequest, scope::CredentialScope};

/// The only algorithm this crate signs with.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// `AWS4-HMAC-SHA256`, the date, the scope and the canonical request's hash,
/// one per line (`Display` is the wire format).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringToSign {
    text: String,
}

impl StringToSign {
    /// Builds the string to sign for a canonical request.
    pub fn new(amz_date: &AmzDate, scope: &CredentialScope<'_>, request: &CanonicalRequest) -> Self {
        let mut text = String::with_capacity(160);
        text.push_str(ALGORITHM);
        text.push('\n');
        text.push_str(amz_date.as_str());
        text.push('\n');
        scope.write_to(&mut text);
        text.push('\n');
        let hash = request.hex_sha256();
        text.push_str(core::str::from_utf8(&hash).unwrap_or_default());
        Self { text }
    }

    /// The text the signing key signs.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl core::fmt::Display for StringToSign {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.text)
    }
}
