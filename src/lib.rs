//! A pure SigV4 presigner for AWS database IAM auth tokens: RDS and RDS
//! Proxy, Aurora DSQL, ElastiCache and MemoryDB.
//!
//! No IO, no clock, no randomness: credentials and the time are inputs, so
//! the same code runs natively and in WebAssembly. The pipeline reads top to
//! bottom: [`TokenInput`] -> [`TokenInput::validate`] (by the kind's row in
//! one table) -> [`TokenParams`] -> canonical request -> string to sign ->
//! signing key (cached by [`Signer`]) -> signature -> token.
//!
//! ```
//! use rds_iam_edge::{Credentials, Signer, TokenInput};
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None)?;
//! let signer = Signer::new(credentials);
//! // No region: the endpoint names it.
//! let input = TokenInput::rds("mydb.abc123.us-east-1.rds.amazonaws.com", 5432, "app_user", "");
//! let token = signer.sign(&input, 1_700_000_000_000)?;
//! assert!(token.starts_with("mydb.abc123.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&"));
//!
//! let info = rds_iam_edge::inspect(&token)?;
//! assert_eq!((info.username.as_deref(), info.region.as_str()), (Some("app_user"), "us-east-1"));
//! # Ok::<(), rds_iam_edge::Error>(())
//! ```
//!
//! # The API
//! - Signing: [`Signer`] (one identity, cached keys; [`Signer::sign`],
//!   [`Signer::sign_params`]) and the one-shot [`sign_token`], over
//!   [`TokenInput`] / [`TokenParams`], [`Credentials`] (with an optional
//!   expiration) and [`Service`] (the token kind).
//! - Reading: [`inspect`] -> [`TokenInfo`]; checking: [`verify`] with
//!   [`Expectations`] -> [`Verified`].
//! - [`endpoint_region`]: the region an AWS database endpoint names.
//! - [`identity_digest`]: a keyed digest of a whole identity, for caches
//!   that must tell identities apart without holding secrets.
//! - Errors: [`Error`] with [`Error::code`], [`Error::field`],
//!   [`Error::reason`]; every code in [`ErrorCode::ALL`].
//!
//! Times are Unix epoch milliseconds (`i64`), truncated to the second as
//! every SDK does; [`SigningTime`] is the checked form.

// core + alloc only, so that the wasm build can leave std's panic machinery
// (and with it core::fmt) out; see `wasm`. Natively std is linked as usual.
#![no_std]

extern crate alloc;
#[cfg(any(not(target_arch = "wasm32"), feature = "std"))]
extern crate std;

#[macro_use]
mod error;
mod amz_date;
mod canonical;
mod credentials;
mod encode;
mod endpoint;
mod hex;
mod identity;
mod inspect;
mod kind;
mod presign;
mod scope;
mod sha256;
mod signature;
mod signer;
mod signing_key;
mod string_to_sign;
mod template;
mod token;
mod validate;
mod verify;

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

/// `text` copied into a `String`: one out-of-line copy for every place the
/// core keeps a text (each inlined `to_owned` is an allocation, its error
/// path and a copy in the wasm: 184 B gzip over the signing path).
#[inline(never)]
pub(crate) fn owned(text: &str) -> alloc::string::String {
    alloc::string::String::from(text)
}

/// Appends `parts` to `out`: one out-of-line copy of `push_str`'s growth
/// and copy code for every place that builds a request, a token or an
/// encoding (213 B gzip when it replaced the inlined copies).
#[inline(never)]
pub(crate) fn push_all(out: &mut alloc::string::String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

/// A token's bytes as text: every byte is ASCII (hex, encoded parameters,
/// the date), so the check never fails.
pub(crate) fn token_text(token: alloc::vec::Vec<u8>) -> alloc::string::String {
    alloc::string::String::from_utf8(token).unwrap_or_default()
}

/// The WebAssembly boundary (wasm32 only): plain exports over one byte
/// buffer; public so that the `wasm-bindgen-test` suite can call it.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The SigV4 steps one by one, each a spec artifact whose `Display` or
/// `as_str` is its wire format: for the AWS SigV4 test suite
/// (`tests/sigv4_suite.rs`) and the benchmark only. Not part of the stable
/// API: it may change in any release.
#[doc(hidden)]
pub mod sigv4 {
    pub use crate::{
        amz_date::AmzDate,
        canonical::{CanonicalQuery, CanonicalRequest, EMPTY_PAYLOAD_SHA256},
        encode::{decode, encode},
        presign::Presign,
        scope::CredentialScope,
        signature::Signature,
        signing_key::SigningKey,
        string_to_sign::{StringToSign, ALGORITHM},
    };
}

pub use amz_date::SigningTime;
pub use credentials::Credentials;
pub use endpoint::endpoint_region;
pub use error::{Error, ErrorCode, Result};
pub use identity::{identity_digest, identity_digest_hex};
pub use inspect::{inspect, TokenInfo, MAX_TOKEN_LEN};
pub use kind::Service;
pub use signer::{sign_token, Signer};
pub use token::{TokenInput, TokenParams};
pub use verify::{verify, Expectations, Verified, DEFAULT_SKEW_SECONDS};
