//! SHA-256 and HMAC-SHA256 as SigV4 uses them, from RustCrypto's `sha2`
//! and `hmac`. Each step is one out-of-line function here: the crates'
//! generic code, inlined at every use, was about a third of the signing
//! module. Beneath them, sha2's core runs behind [`Steps`], whose block
//! and final steps are out of line too, so that `hmac` and plain hashes
//! share one copy of each. A keyed [`Hmac`] holds the crate's two
//! midstates (inner and outer key blocks already hashed), so a MAC under a
//! cached key clones it and skips the key blocks.

use hmac::{
    digest::{
        core_api::{
            Block, BlockSizeUser, Buffer, BufferKindUser, CoreProxy, CoreWrapper, FixedOutputCore, OutputSizeUser,
            UpdateCore,
        },
        FixedOutput, HashMarker, KeyInit, Output,
    },
    Mac,
};
use sha2::Digest;

/// sha2's SHA-256 core (block compression, padding and output).
type Sha256Core = <sha2::Sha256 as CoreProxy>::Core;

/// sha2's SHA-256 core with its two steps out of line: hashing whole
/// blocks and the final padded block(s). Every SHA-256 and HMAC here runs
/// on it, so each step has one copy in the wasm (hmac's finalize had two
/// inlined copies of sha2's, and each plain hash another).
#[derive(Clone)]
pub(crate) struct Steps(Sha256Core);

impl Default for Steps {
    /// The initial state (out of line too: a plain hash and each keyed MAC start from it).
    #[inline(never)]
    fn default() -> Self {
        Self(Sha256Core::default())
    }
}

impl HashMarker for Steps {}

impl BlockSizeUser for Steps {
    type BlockSize = <Sha256Core as BlockSizeUser>::BlockSize;
}

impl BufferKindUser for Steps {
    type BufferKind = <Sha256Core as BufferKindUser>::BufferKind;
}

impl OutputSizeUser for Steps {
    type OutputSize = <Sha256Core as OutputSizeUser>::OutputSize;
}

impl UpdateCore for Steps {
    #[inline(never)]
    fn update_blocks(&mut self, blocks: &[Block<Self>]) {
        self.0.update_blocks(blocks);
    }
}

impl FixedOutputCore for Steps {
    #[inline(never)]
    fn finalize_fixed_core(&mut self, buffer: &mut Buffer<Self>, out: &mut Output<Self>) {
        self.0.finalize_fixed_core(buffer, out);
    }
}

/// SHA-256 over [`Steps`].
type Sha = CoreWrapper<Steps>;

/// A SHA-256 computation in progress.
#[derive(Clone)]
pub(crate) struct Sha256(Sha);

impl Sha256 {
    pub(crate) fn new() -> Self {
        Self(Sha::new())
    }

    /// Hashes `data` after what came before.
    #[inline(never)]
    pub(crate) fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    #[inline(never)]
    pub(crate) fn finalize(self) -> [u8; 32] {
        self.0.finalize_fixed().into()
    }
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(data);
    hash.finalize()
}

/// An HMAC-SHA256 computation, keyed.
#[derive(Clone)]
pub(crate) struct Hmac(hmac::Hmac<Sha>);

impl Hmac {
    /// Keyed with `prefix` then `key` (SigV4's first key is `AWS4` and the
    /// secret: put together here, in the key block, not in a copy on the
    /// heap), of any length. RFC 2104 §2: a key longer than the block is
    /// hashed first, and the key is padded with zeros to the block, so the
    /// padded block keys the same MAC (and the crate's infallible `new`
    /// needs no error path).
    #[inline(never)]
    pub(crate) fn new(prefix: &[u8], key: &[u8]) -> Self {
        let mut block = [0u8; 64];
        if prefix.len() + key.len() > block.len() {
            let mut hash = Sha256::new();
            hash.update(prefix);
            hash.update(key);
            crate::copy(&mut block, &hash.finalize());
        } else {
            crate::copy(&mut block, prefix);
            crate::copy(block.get_mut(prefix.len()..).unwrap_or_default(), key);
        }
        Self(<hmac::Hmac<Sha> as KeyInit>::new(&block.into()))
    }

    #[inline(never)]
    pub(crate) fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    #[inline(never)]
    pub(crate) fn finalize(self) -> [u8; 32] {
        self.0.finalize().into_bytes().into()
    }

    /// Whether the MAC equals `expected`, in constant time.
    pub(crate) fn verify(self, expected: &[u8]) -> bool {
        self.0.verify_slice(expected).is_ok()
    }
}

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::new(b"", key);
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
            let mut oracle = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&key).expect("any key length");
            oracle.update(&data);
            let expected: [u8; 32] = oracle.finalize().into_bytes().into();
            prop_assert_eq!(hmac(&key, &data), expected);
            let keyed = Hmac::new(b"", &key);
            let (prefix, rest) = key.split_at(key.len() / 3);
            let mut split = Hmac::new(prefix, rest);
            split.update(&data);
            prop_assert!(split.verify(&expected), "a key given in two parts is the same key");
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
