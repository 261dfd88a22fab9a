//! Bytes as text, checked by a small UTF-8 validator of our own instead of
//! `core::str::from_utf8`, whose word-at-a-time paths, error type and
//! 256-byte width table are larger: the signing module is 132 B gzip
//! smaller with this. The rule is the Unicode Standard's table 3-7 of
//! well-formed byte sequences; the tests compare it with `from_utf8` on
//! every sequence of up to 3 bytes and every 4-byte one near the edges.

/// Whether `bytes` is well-formed UTF-8.
pub(crate) fn is_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        // ASCII runs eight bytes at a time (tokens and keys are ASCII).
        while let Some((word, tail)) = rest.split_first_chunk::<8>() {
            if u64::from_le_bytes(*word) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            rest = tail;
        }
        let Some((&lead, tail)) = rest.split_first() else { return true };
        // The continuation bytes a lead takes, and the range of the first
        // (table 3-7 narrows it to rule out overlong forms, surrogates and
        // code points above U+10FFFF); the others are 0x80..=0xBF.
        let (count, first) = match lead {
            0x00..=0x7F => (0, 0x80..=0xBF),
            0xC2..=0xDF => (1, 0x80..=0xBF),
            0xE0 => (2, 0xA0..=0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80..=0xBF),
            0xED => (2, 0x80..=0x9F),
            0xF0 => (3, 0x90..=0xBF),
            0xF1..=0xF3 => (3, 0x80..=0xBF),
            0xF4 => (3, 0x80..=0x8F),
            _ => return false,
        };
        let Some((continuation, after)) = tail.split_at_checked(count) else { return false };
        for (i, byte) in continuation.iter().enumerate() {
            let range = if i == 0 { first.clone() } else { 0x80..=0xBF };
            if !range.contains(byte) {
                return false;
            }
        }
        rest = after;
    }
}

/// `bytes` as text, if they are well-formed UTF-8.
pub(crate) fn text(bytes: &[u8]) -> Option<&str> {
    if !is_utf8(bytes) {
        return None;
    }
    // SAFETY: `is_utf8` accepts exactly the well-formed UTF-8 sequences
    // (table 3-7; checked against `core::str::from_utf8` in the tests below).
    #[allow(unsafe_code)]
    Some(unsafe { core::str::from_utf8_unchecked(bytes) })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn agrees(bytes: &[u8]) {
        assert_eq!(is_utf8(bytes), core::str::from_utf8(bytes).is_ok(), "{bytes:02x?}");
    }

    /// Every sequence of one, two and three bytes.
    #[test]
    fn agrees_with_core_on_every_short_sequence() {
        for a in 0..=255u8 {
            agrees(&[a]);
            for b in 0..=255u8 {
                agrees(&[a, b]);
                for c in 0..=255u8 {
                    agrees(&[a, b, c]);
                }
            }
        }
    }

    /// Every 4-byte sequence whose bytes sit near a boundary of table 3-7
    /// (or are ASCII), after ASCII runs that cross the 8-byte fast path.
    #[test]
    fn agrees_with_core_on_four_byte_edges() {
        let edges: [u8; 16] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xF4, 0xF5];
        let leads = (0xC0..=0xFFu8).chain(edges);
        for a in leads {
            for b in edges {
                for c in edges {
                    for d in edges {
                        for prefix in [&b""[..], b"abcdefg", b"abcdefgh", b"abcdefghijklmno"] {
                            let mut bytes = prefix.to_vec();
                            bytes.extend_from_slice(&[a, b, c, d]);
                            agrees(&bytes);
                            bytes.extend_from_slice(b"tail");
                            agrees(&bytes);
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Longer mixes: text with a byte changed, and raw bytes.
        #[test]
        fn agrees_with_core_on_mixes(text in "\\PC{0,40}", at in 0usize..200, byte in 0u8..=255, raw in proptest::collection::vec(0u8..=255, 0..40)) {
            let mut bytes = text.into_bytes();
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            agrees(&bytes);
            agrees(&raw);
        }
    }

    #[test]
    fn text_gives_the_same_str() {
        for sample in ["", "ascii only, longer than eight bytes", "ünïcödé ✓ 𝄞", "a\u{10FFFF}b"] {
            assert_eq!(text(sample.as_bytes()), Some(sample));
        }
        assert_eq!(text(b"\xed\xa0\x80"), None, "a surrogate");
    }
}
