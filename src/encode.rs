//! SigV4 URI encoding: RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`)
//! stay, every other UTF-8 byte becomes `%XX` with upper-case hex (space is
//! `%20`, never `+`). Hand-written rather than `percent-encoding`: a byte
//! loop is all SigV4 needs, and it spares the wasm build that crate's
//! 768-byte escape table and generic decoder.

use alloc::{string::String, vec::Vec};

/// RFC 3986 unreserved: the only bytes SigV4 leaves unescaped. A bit per
/// ASCII byte (`A-Z a-z 0-9 - _ . ~`), inlined: it runs for every byte of
/// a session token.
#[inline(always)]
fn is_unreserved(byte: u8) -> bool {
    const BITS: [u64; 2] = [0x03ff_6000_0000_0000, 0x47ff_fffe_87ff_fffe];
    byte < 128 && BITS[usize::from(byte >> 6) & 1] >> (byte & 63) & 1 == 1
}

/// Orders texts as their SigV4 encodings order, without building them: up
/// to the first byte that differs the encodings are equal; there an
/// unreserved byte is itself and any other `%` and its upper-case hex
/// (ordered as the byte).
pub(crate) fn encoded_cmp(a: &str, b: &str) -> core::cmp::Ordering {
    let weight =
        |byte: u8| if is_unreserved(byte) { u16::from(byte) << 8 } else { u16::from(b'%') << 8 | u16::from(byte) };
    match a.bytes().zip(b.bytes()).find(|(x, y)| x != y) {
        Some((x, y)) => weight(x).cmp(&weight(y)),
        None => a.len().cmp(&b.len()),
    }
}

/// Sorts raw query pairs into canonical order: by encoded key, then
/// encoded value.
pub(crate) fn sort_encoded(pairs: &mut [(&str, &str)]) {
    // Insertion sort (a dozen pairs; no general sort in the wasm), by
    // swapping down: no index the compiler cannot prove in bounds.
    for end in 2..=pairs.len() {
        let mut i = end;
        while let Some([before, next]) = pairs.get_mut(i.saturating_sub(2)..i) {
            if encoded_cmp(before.0, next.0).then_with(|| encoded_cmp(before.1, next.1)).is_le() {
                break;
            }
            core::mem::swap(before, next);
            i -= 1;
        }
    }
}

/// Appends `value` to `out`, SigV4-encoded.
pub fn encode_into(out: &mut String, value: &str) {
    let mut bytes = Vec::with_capacity(value.len());
    encode_bytes(&mut bytes, value);
    crate::push_all(out, &[core::str::from_utf8(&bytes).unwrap_or_default()]);
}

/// Appends `value`'s SigV4 encoding to `out` as bytes, a 64-byte chunk at
/// a time through the stack: a push per byte keeps the vector's length in
/// memory, which made an 880-character session token (about 30% escapes in
/// the benchmark) cost ~3 us in the wasm; signToken with it is ~10% faster
/// this way (and the module 103 B gzip smaller).
pub(crate) fn encode_bytes(out: &mut Vec<u8>, value: &str) {
    const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut chunk = [0u8; 64];
    let mut n = 0;
    for byte in value.bytes() {
        if n > chunk.len() - 3 {
            out.extend_from_slice(chunk.get(..n).unwrap_or_default());
            n = 0;
        }
        if is_unreserved(byte) {
            if let Some(slot) = chunk.get_mut(n) {
                *slot = byte;
            }
            n += 1;
        } else {
            if let Some(slot) = chunk.get_mut(n..n + 3) {
                crate::copy(slot, &[b'%', UPPER_HEX[usize::from(byte >> 4)], UPPER_HEX[usize::from(byte & 0x0f)]]);
            }
            n += 3;
        }
    }
    out.extend_from_slice(chunk.get(..n).unwrap_or_default());
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
    // Leading digits first; at most 20 deep, and no index that could panic.
    if value >= 10 {
        push_decimal(out, value / 10);
    }
    out.push(char::from(b'0' + (value % 10) as u8));
}

/// Strictly decodes a query component: only unreserved characters and
/// two-digit `%` escapes (either case), and the result must be UTF-8.
/// Signers encode everything outside the unreserved set, so anything else
/// raw is not a token an SDK made.
pub fn decode(value: &str) -> Option<String> {
    let mut bytes = value.bytes();
    let mut out = Vec::with_capacity(value.len());
    while let Some(byte) = bytes.next() {
        out.push(match byte {
            b'%' => hex_digit(bytes.next()?)? << 4 | hex_digit(bytes.next()?)?,
            _ if is_unreserved(byte) => byte,
            _ => return None,
        });
    }
    core::str::from_utf8(&out).ok().map(crate::owned)
}

fn hex_digit(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn unreserved_is_rfc_3986s() {
        for byte in 0..=255u8 {
            let expected = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~');
            assert_eq!(is_unreserved(byte), expected, "{byte}");
        }
    }

    proptest! {
        /// The order of the encodings, without building them.
        #[test]
        fn sorts_as_the_encodings_sort(pairs in proptest::collection::vec(("[a-zA-Z0-9 %/+=~._-]{0,6}|\\PC{0,4}", "[a-z%/ ]{0,3}"), 0..12)) {
            let mut raw: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            sort_encoded(&mut raw);
            let ours: Vec<(String, String)> = raw.iter().map(|(k, v)| (encode(k), encode(v))).collect();
            let mut expected = ours.clone();
            expected.sort();
            prop_assert_eq!(ours, expected);
        }
    }
}
