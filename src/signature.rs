//! Step 4 of SigV4: the signature, carried as 64 lower-case hex digits.

/// An HMAC-SHA256 signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature([u8; 32]);

impl Signature {
    pub(crate) const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The 64 lower-case hex digits of `X-Amz-Signature`.
    pub fn to_hex(&self) -> String {
        let mut out = [0u8; 64];
        let _ = hex::encode_to_slice(self.0, &mut out);
        out.iter().map(|&b| b as char).collect()
    }
}
