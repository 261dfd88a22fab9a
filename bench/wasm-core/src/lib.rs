//! Plain `extern "C"` exports (no wasm-bindgen, no JS glue) that loop inside
//! wasm: n SHA-256 compressions, n tokens with a cached key, n tokens with a
//! freshly derived key. Each returns a value that depends on every iteration,
//! so nothing is optimised away. The package's own wasm-bindgen exports come
//! along with the crate; bench/run.mjs stubs their imports and never calls them.
#![no_std]

extern crate alloc;

use rds_iam_edge::{sign_token, Credentials, Signer, TokenInput};

const HOST: &str = "mydb.c9akciq32xyz.us-east-1.rds.amazonaws.com";
const NOW_MS: i64 = 1_700_000_000_000;
const DAY_MS: i64 = 86_400_000;

fn credentials() -> Credentials {
    Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None)
        .unwrap_or_else(|_| core::arch::wasm32::unreachable())
}

fn input() -> TokenInput<'static> {
    TokenInput::rds(HOST, 5432, "app_user", "us-east-1")
}

/// `n` compressions of one block.
#[no_mangle]
pub extern "C" fn bench_compress(n: u32) -> u32 {
    let mut state = [0x6a09e667u32, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let block = [0x5au8; 64].into();
    for _ in 0..n {
        sha2::compress256(&mut state, core::slice::from_ref(&block));
    }
    state[0]
}

/// `n` tokens as `TokenSigner.sign` makes them: validated once, cached key.
#[no_mangle]
pub extern "C" fn bench_sign_cached(n: u32) -> u32 {
    let signer = Signer::new(credentials());
    let Ok(params) = input().validate() else { core::arch::wasm32::unreachable() };
    (0..n).map(|_| signer.sign_params(&params, NOW_MS).map(|t| t.len() as u32).unwrap_or(0)).fold(0, u32::wrapping_add)
}

/// `n` tokens as `signToken` makes them on a new day: validated, key derived.
#[no_mangle]
pub extern "C" fn bench_sign_cold(n: u32) -> u32 {
    let credentials = credentials();
    (0..n)
        .map(|i| {
            let now = NOW_MS + i64::from(i % 1024) * DAY_MS;
            sign_token(&input(), &credentials, now).map(|t| t.len() as u32).unwrap_or(0)
        })
        .fold(0, u32::wrapping_add)
}
