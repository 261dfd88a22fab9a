//! Lower-case hex for 32-byte digests: how SigV4 writes the canonical
//! request's hash and the signature.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// The 64 lower-case hex digits of `bytes`.
pub(crate) fn encode(bytes: [u8; 32]) -> [u8; 64] {
    let pairs = bytes.map(|byte| [DIGITS[usize::from(byte >> 4)], DIGITS[usize::from(byte & 0x0f)]]);
    pairs.as_flattened().first_chunk().copied().unwrap_or([0; 64])
}

/// Exactly 64 lower-case hex digits, as bytes.
pub(crate) fn decode(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
        let [high, low] = pair else { return None };
        *byte = digit(*high)? << 4 | digit(*low)?;
    }
    Some(out)
}

fn digit(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        _ => None,
    }
}
