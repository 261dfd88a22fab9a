//! A pure SigV4 presigner for AWS database IAM auth tokens: RDS and RDS
//! Proxy, Aurora DSQL, ElastiCache and MemoryDB.
//!
//! No IO, no clock, no randomness: credentials and the time are inputs, so
//! the same code runs natively and in WebAssembly. The pipeline reads top to
//! bottom: [`TokenInput`] -> [`TokenInput::validate`] -> [`canonical`] request ->
//! [`string_to_sign`] -> [`signing_key`] (cached by [`Signer`]) ->
//! [`signature`] -> token.
//!
//! ```
//! use rds_iam_edge::{Credentials, Signer, TokenInput};
//!
//! let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None)?;
//! let signer = Signer::new(credentials);
//! let input = TokenInput::rds("mydb.abc123.us-east-1.rds.amazonaws.com", 5432, "app_user", "us-east-1");
//! let token = signer.sign(&input, 1_700_000_000_000)?;
//! assert!(token.starts_with("mydb.abc123.us-east-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_user&"));
//!
//! let info = rds_iam_edge::inspect(&token)?;
//! assert_eq!(info.username.as_deref(), Some("app_user"));
//! # Ok::<(), rds_iam_edge::Error>(())
//! ```

// core + alloc only, so that the wasm build can leave std's panic machinery
// (and with it core::fmt) out; see `wasm`. Natively std is linked as usual.
#![no_std]

extern crate alloc;
#[cfg(any(not(target_arch = "wasm32"), feature = "std"))]
extern crate std;

pub mod amz_date;
pub mod canonical;
mod credentials;
pub mod encode;
mod error;
mod hex;
mod identity;
mod inspect;
pub mod presign;
pub mod scope;
mod service;
pub mod signature;
mod signer;
pub mod signing_key;
pub mod string_to_sign;
mod token;
mod validate;
mod verify;

/// The wasm-bindgen exports (wasm32 only); public so that the
/// `wasm-bindgen-test` suite can call the boundary itself.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use amz_date::SigningTime;
pub use credentials::Credentials;
pub use error::{Error, ErrorCode, Result};
pub use identity::{identity_digest, identity_digest_hex};
pub use inspect::{inspect, TokenInfo};
pub use service::Service;
pub use signer::{sign_token, sign_with_cache, Signer};
pub use token::{TokenInput, TokenParams};
pub use verify::{verify, Expectations, Verified, DEFAULT_SKEW_SECONDS};
