//! Step 1 of SigV4: the canonical request. A presigned database token is
//! always `GET /` with one signed header, `host`, and an empty payload, so
//! only the query and the host vary.

use alloc::{string::String, vec::Vec};

use crate::encode::{encode, sort_encoded};

/// SHA-256 of the empty payload.
pub const EMPTY_PAYLOAD_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Query parameters, encoded and sorted by encoded key (then value), as the
/// canonical request and the JS SDK's token both order them. `Debug` shows
/// the keys only (values include the session token).
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalQuery {
    pairs: Vec<(String, String)>,
}

impl CanonicalQuery {
    /// Encodes and sorts raw `(key, value)` pairs.
    pub fn new<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut raw: Vec<(&str, &str)> = params.into_iter().collect();
        sort_encoded(&mut raw);
        Self { pairs: raw.into_iter().map(|(key, value)| (encode(key), encode(value))).collect() }
    }

    /// Appends `k=v&k=v...` to `out`.
    pub fn write_to(&self, out: &mut String) {
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            out.push_str(v);
        }
    }
}

/// The canonical request's text. `Display` is the wire format (it contains
/// the session token, as signed); `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    text: String,
}

impl CanonicalRequest {
    /// `GET`, `/`, the query, `host:<host>`, `host`, the empty-payload hash,
    /// as [`crate::template::Template`] lays it out.
    pub(crate) fn from_text(text: String) -> Self {
        Self { text }
    }

    /// The text that is hashed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Lower-case hex SHA-256 of the text, as the string to sign carries it.
    pub fn hex_sha256(&self) -> [u8; 64] {
        crate::hex::encode(crate::sha256::sha256(self.text.as_bytes()))
    }
}

impl core::fmt::Debug for CanonicalQuery {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CanonicalQuery").field("keys", &self.pairs.iter().map(|(k, _)| k).collect::<Vec<_>>()).finish()
    }
}

impl core::fmt::Debug for CanonicalRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CanonicalRequest").field("len", &self.text.len()).finish_non_exhaustive()
    }
}

impl core::fmt::Display for CanonicalRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.text)
    }
}
