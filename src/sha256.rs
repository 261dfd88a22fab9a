//! SHA-256 and HMAC-SHA256 as SigV4 uses them: a small streaming hasher
//! over `sha2`'s compression function (FIPS 180-4 padding around it), and
//! HMAC (RFC 2104) over that. Not `sha2`'s `Digest` and the `hmac` crate:
//! their generic wrappers were inlined at every use, about a third of the
//! signing module's code; this is one copy of each step. A keyed [`Hmac`] is
//! its two midstates, so a MAC under a cached key skips the key blocks.
//! Its tests check both against the `sha2` and `hmac` crates.

use sha2::digest::generic_array::GenericArray;

const BLOCK: usize = 64;

/// FIPS 180-4 §5.3.3: the initial hash value.
const INITIAL: [u32; 8] =
    [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19];

/// A SHA-256 computation in progress.
#[derive(Clone)]
pub(crate) struct Sha256 {
    state: [u32; 8],
    /// Bytes of the next block; `filled < BLOCK` between calls.
    block: [u8; BLOCK],
    filled: usize,
    /// Whole blocks compressed so far.
    blocks: u64,
}

impl Sha256 {
    pub(crate) const fn new() -> Self {
        Self { state: INITIAL, block: [0; BLOCK], filled: 0, blocks: 0 }
    }

    /// Hashes `data` after what came before.
    #[inline(never)]
    pub(crate) fn update(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            let n = (BLOCK - self.filled).min(data.len());
            let (Some(room), Some((bytes, rest))) = (self.block.get_mut(self.filled..self.filled + n), data.split_at_checked(n))
            else {
                return; // never: `filled < BLOCK` and `n <= data.len()`
            };
            copy(room, bytes);
            data = rest;
            self.filled += n;
            if self.filled == BLOCK {
                self.compress();
            }
        }
    }

    fn compress(&mut self) {
        sha2::compress256(&mut self.state, core::slice::from_ref(GenericArray::from_slice(&self.block)));
        self.blocks += 1;
        self.filled = 0;
    }

    /// The digest: `0x80`, zeros to 56 bytes into a block, the bit length.
    #[inline(never)]
    pub(crate) fn finalize(mut self) -> [u8; 32] {
        let bits = (self.blocks * BLOCK as u64 + self.filled as u64) * 8;
        self.update(&[0x80]);
        let zeros = (2 * BLOCK - 8 - self.filled) % BLOCK;
        self.update([0; BLOCK].get(..zeros).unwrap_or_default());
        self.update(&bits.to_be_bytes());
        let mut out = [0u8; 32];
        for (bytes, word) in out.chunks_exact_mut(4).zip(self.state) {
            copy(bytes, &word.to_be_bytes());
        }
        out
    }
}

/// Copies `from` to the start of `to`, up to the shorter's length. (Not
/// `copy_from_slice`: where the compiler cannot prove the lengths equal,
/// that brings a formatted panic into the wasm. The loop compiles to a
/// memory copy.)
#[inline(always)]
pub(crate) fn copy(to: &mut [u8], from: &[u8]) {
    for (to, from) in to.iter_mut().zip(from) {
        *to = *from;
    }
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(data);
    hash.finalize()
}

/// An HMAC-SHA256 computation: the inner hash with the message so far, and
/// the outer hash with its key block.
#[derive(Clone)]
pub(crate) struct Hmac {
    inner: Sha256,
    outer: Sha256,
}

impl Hmac {
    /// Keyed with `key` of any length (longer than a block: its hash).
    #[inline(never)]
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut block = [0u8; BLOCK];
        let hashed;
        copy(&mut block, if key.len() > BLOCK {
            hashed = sha256(key);
            &hashed
        } else {
            key
        });
        let (mut inner, mut outer) = (Sha256::new(), Sha256::new());
        inner.update(&block.map(|b| b ^ 0x36));
        outer.update(&block.map(|b| b ^ 0x5c));
        Self { inner, outer }
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }

    /// The inner hash, to feed the message to.
    pub(crate) fn message(&mut self) -> &mut Sha256 {
        &mut self.inner
    }

    pub(crate) fn finalize(self) -> [u8; 32] {
        let mut outer = self.outer;
        outer.update(&self.inner.finalize());
        outer.finalize()
    }

    /// Whether the MAC equals `expected`, in constant time.
    pub(crate) fn verify(self, expected: &[u8]) -> bool {
        let mac = self.finalize();
        mac.len() == expected.len() && mac.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::new(key);
    mac.update(data);
    mac.finalize()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use hmac::Mac;
    use proptest::prelude::*;
    use sha2::Digest;

    /// Every length around the block and padding edges, fed in pieces.
    #[test]
    fn sha256_equals_sha2_at_every_edge() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            let expected: [u8; 32] = sha2::Sha256::digest(&data[..len]).into();
            assert_eq!(sha256(&data[..len]), expected, "length {len}");
            let mut pieces = Sha256::new();
            for chunk in data[..len].chunks(13) {
                pieces.update(chunk);
            }
            assert_eq!(pieces.finalize(), expected, "length {len} in pieces");
        }
    }

    proptest! {
        /// Keys shorter than, as long as, and longer than a block; a cloned
        /// keyed MAC (the cached midstates) gives the same as a fresh one.
        #[test]
        fn hmac_equals_the_hmac_crate(key in proptest::collection::vec(any::<u8>(), 0..200), data in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut oracle = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
            oracle.update(&data);
            let expected: [u8; 32] = oracle.finalize().into_bytes().into();
            prop_assert_eq!(hmac(&key, &data), expected);
            let keyed = Hmac::new(&key);
            let mut mac = keyed.clone();
            mac.update(&data);
            prop_assert!(mac.verify(&expected));
            let mut other = keyed;
            other.update(&data);
            other.update(b"x");
            prop_assert!(!other.verify(&expected));
        }
    }
}
