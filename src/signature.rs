//! Step 4 of SigV4: the signature, carried as 64 lower-case hex digits.

use alloc::string::String;

/// An HMAC-SHA256 signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature([u8; 32]);

impl Signature {
    pub(crate) const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The 64 lower-case hex digits of `X-Amz-Signature`.
    pub fn to_hex(&self) -> String {
        crate::hex::encode(self.0).iter().map(|&b| char::from(b)).collect()
    }
}
