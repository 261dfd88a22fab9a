//! Step 1 of SigV4: the canonical request. A presigned database token is
//! always `GET /` with one signed header, `host`, and an empty payload, so
//! only the query and the host vary.

use alloc::{string::String, vec::Vec};

use sha2::{Digest, Sha256};

use crate::encode::encode;

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
        // A dozen pairs at most: insertion keeps them sorted without pulling a
        // general sort into the wasm build.
        let mut query = Self { pairs: Vec::with_capacity(12) };
        for (key, value) in params {
            query.insert(key, value);
        }
        query
    }

    /// Adds one more raw pair at its sorted place (the signature, at the end of signing).
    pub fn insert(&mut self, key: &str, value: &str) {
        let pair = (encode(key), encode(value));
        // Pushed, then swapped down to its place: no index the compiler
        // cannot prove in bounds (Vec::insert would bring a formatted panic
        // message into the wasm).
        self.pairs.push(pair);
        let mut i = self.pairs.len();
        while let Some([before, after]) = self.pairs.get_mut(i.saturating_sub(2)..i) {
            if *before <= *after {
                break;
            }
            core::mem::swap(before, after);
            i -= 1;
        }
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

    fn len_hint(&self) -> usize {
        self.pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum()
    }
}

/// The canonical request's text. `Display` is the wire format (it contains
/// the session token, as signed); `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    text: String,
}

impl CanonicalRequest {
    /// `GET`, `/`, the query, `host:<host>`, `host`, the empty-payload hash.
    pub fn new(query: &CanonicalQuery, host: &str) -> Self {
        let mut text = String::with_capacity(query.len_hint() + host.len() + 96);
        text.push_str("GET\n/\n");
        query.write_to(&mut text);
        text.push_str("\nhost:");
        text.push_str(host);
        text.push_str("\n\nhost\n");
        text.push_str(EMPTY_PAYLOAD_SHA256);
        Self { text }
    }

    /// The text that is hashed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Lower-case hex SHA-256 of the text, as the string to sign carries it.
    pub fn hex_sha256(&self) -> [u8; 64] {
        crate::hex::encode(Sha256::digest(self.text.as_bytes()).into())
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
