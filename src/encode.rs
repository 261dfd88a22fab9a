//! SigV4 URI encoding: RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`)
//! stay, every other UTF-8 byte becomes `%XX` with upper-case hex (space is
//! `%20`, never `+`).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything except the RFC 3986 unreserved set.
const SIGV4: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Appends `value` to `out`, SigV4-encoded.
pub fn encode_into(out: &mut String, value: &str) {
    for chunk in utf8_percent_encode(value, SIGV4) {
        out.push_str(chunk);
    }
}

/// `value`, SigV4-encoded.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_into(&mut out, value);
    out
}

/// Appends the decimal digits of `value` (no `core::fmt`: it would double
/// the wasm size).
pub fn push_decimal(out: &mut String, value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = value;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// Strictly decodes a query component: only unreserved characters and
/// two-digit `%` escapes, and the result must be UTF-8.
pub fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%' && !(i + 2 < bytes.len() && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit()) {
            return None;
        }
        // Signers encode everything outside the unreserved set: anything
        // else raw is not a token an SDK made.
        if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'%')) {
            return None;
        }
    }
    percent_decode_str(value).decode_utf8().ok().map(|s| s.into_owned())
}
