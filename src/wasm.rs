//! The WebAssembly boundary (wasm32 only), without wasm-bindgen: plain
//! exports that take numbers, and one shared byte buffer for everything
//! else. JS asks `io(n)` for room, writes the packed input there (strings as
//! a 4-byte little-endian length and UTF-8 bytes; length `u32::MAX` means
//! absent), calls an export, and reads the answer from `io(0)`: `n >= 0`
//! bytes of output, or `-n` bytes of error text `CODE\tfield\treason`, which
//! `js/src/wasm.ts` turns into an `RdsIamError`. Everything friendly
//! (objects, defaults, `Date`, lone surrogates) is handled in JS first.
//!
//! One crate, two modules: the signing module (no features) exports
//! `signToken` (which `TokenSigner` in JS calls too); built with the `inspect-module` feature it
//! exports `inspectToken` and `verifyToken` instead, so the runtimes that
//! only sign never ship the parser and verifier. Both call the one core.

use alloc::{string::String, vec::Vec};

use crate::{
    encode::push_decimal,
    error::{Error, ErrorCode},
    signing_key::KeyCache,
    Credentials, Expectations, Service, SigningTime, TokenInput, TokenParams,
};

// lol_alloc's free-list allocator instead of the default dlmalloc: about
// 450 bytes of code (talc, before it, cost 1.4 KB more gzip), and a signer
// makes a few small allocations per token.
// SAFETY: wasm32-unknown-unknown without threads has one thread, which is
// what `AssumeSingleThreaded` asks its caller to guarantee.
#[allow(unsafe_code)]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

// No std, so no panic hook, message or core::fmt: a panic (none is
// reachable from any input) traps as `unreachable`, as std's abort did.
#[cfg(not(feature = "std"))]
#[panic_handler]
fn trap(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// The buffer JS writes input into and reads output from. Taken out of the
/// lock for the length of a call, so a trap can never leave it locked.
static IO: spin::Mutex<Vec<u8>> = spin::Mutex::new(Vec::new());

/// The bit of an export's `flags` argument saying a number argument is given.
const PORT_GIVEN: u32 = 1;
const EXPIRES_GIVEN: u32 = 2;
const ADMIN_GIVEN: u32 = 4;
const ADMIN: u32 = 8;
const SERVERLESS_GIVEN: u32 = 16;
const SERVERLESS: u32 = 32;
/// Check the input and sign nothing (a JS `TokenSigner` checks once, then
/// sends the same packed input with each time).
const CHECK_ONLY: u32 = 64;

/// The start of the shared buffer, grown to at least `len` bytes.
#[allow(unsafe_code)] // export_name: a fixed symbol for JS, unique in this crate.
#[export_name = "io"]
pub extern "C" fn io(len: u32) -> *mut u8 {
    let mut buffer = core::mem::take(&mut *IO.lock());
    let len = len as usize;
    if buffer.len() < len {
        buffer.resize(len, 0);
    }
    let start = buffer.as_mut_ptr();
    *IO.lock() = buffer;
    start
}

/// Runs `op` on the first `len` bytes of the buffer and leaves its answer
/// there: returns the output length, or minus the error text's length.
pub fn respond(len: u32, op: &mut dyn FnMut(&[u8]) -> Result<Vec<u8>, Error>) -> i32 {
    let mut buffer = core::mem::take(&mut *IO.lock());
    let input = buffer.get(..len as usize).unwrap_or_default();
    let answer = op(input);
    buffer.clear();
    let sign = match answer {
        Ok(output) => {
            buffer = output;
            1
        }
        Err(error) => {
            error_text(&mut buffer, &error);
            -1
        }
    };
    // The buffer is at most a few KiB (inputs are capped at 64 KiB by JS).
    let answer_len = sign * buffer.len() as i32;
    *IO.lock() = buffer;
    answer_len
}

fn error_text(out: &mut Vec<u8>, error: &Error) {
    out.extend_from_slice(error.code().as_str().as_bytes());
    out.push(b'\t');
    out.extend_from_slice(error.field_name().unwrap_or("").as_bytes());
    out.push(b'\t');
    out.extend_from_slice(error.reason().as_bytes());
}

/// Reads the packed strings of one call, in order.
pub struct Fields<'a> {
    rest: &'a [u8],
}

// Never the bytes: they hold secrets.
impl core::fmt::Debug for Fields<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Fields").field("remaining", &self.rest.len()).finish_non_exhaustive()
    }
}

/// Packing is the JS layer's job, so a bad one is a bug, not the user's input.
const BAD_PACKING: Error = Error::new(ErrorCode::InvalidInput, None, "malformed input from the JavaScript layer");
const ABSENT: u32 = u32::MAX;

impl<'a> Fields<'a> {
    /// The fields packed in `input`.
    pub fn new(input: &'a [u8]) -> Self {
        Self { rest: input }
    }

    /// The next string, `None` if packed as absent.
    pub fn optional(&mut self) -> Result<Option<&'a str>, Error> {
        let (len, rest) = self.rest.split_first_chunk::<4>().ok_or(BAD_PACKING)?;
        let len = u32::from_le_bytes(*len);
        if len == ABSENT {
            self.rest = rest;
            return Ok(None);
        }
        let (text, rest) = rest.split_at_checked(len as usize).ok_or(BAD_PACKING)?;
        self.rest = rest;
        core::str::from_utf8(text).map(Some).map_err(|_| BAD_PACKING)
    }

    /// The next string, which must be present.
    pub fn text(&mut self) -> Result<&'a str, Error> {
        self.optional()?.ok_or(BAD_PACKING)
    }

    /// Whether every field has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }
}

/// Appends `text` packed as [`Fields`] reads it.
pub fn pack(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        None => out.extend_from_slice(&ABSENT.to_le_bytes()),
        Some(text) => {
            out.extend_from_slice(&(text.len() as u32).to_le_bytes());
            out.extend_from_slice(text.as_bytes());
        }
    }
}

/// A JS number that must be a whole number (when given).
fn whole(value: f64, given: bool, code: ErrorCode, field: &'static str) -> Result<Option<i64>, Error> {
    match given {
        false => Ok(None),
        // Within ±9e15 (exact in f64, so NaN and infinities fail) and
        // unchanged by truncation (`fract` is std-only).
        true if value > -9.0e15 && value < 9.0e15 && value as i64 as f64 == value => Ok(Some(value as i64)),
        true => Err(Error::field(code, field, "must be a whole number")),
    }
}

fn flag(flags: u32, given: u32, value: u32) -> Option<bool> {
    (flags & given != 0).then_some(flags & value != 0)
}

/// Token parameters and credentials from the packed strings (service,
/// hostname, username?, region, access key id, secret, session token?) and
/// the number arguments.
fn token_parts(input: &[u8], port: f64, expires_in: f64, flags: u32) -> Result<(TokenParams, Credentials), Error> {
    let mut fields = Fields::new(input);
    let service = fields.text()?;
    let hostname = fields.text()?;
    let username = fields.optional()?;
    let region = fields.text()?;
    let (access_key_id, secret, session_token) = (fields.text()?, fields.text()?, fields.optional()?);
    if !fields.is_empty() {
        return Err(BAD_PACKING);
    }
    let params = TokenInput {
        service: Service::parse(service)?,
        hostname,
        port: whole(port, flags & PORT_GIVEN != 0, ErrorCode::InvalidPort, "port")?,
        username,
        region,
        expires_in: whole(expires_in, flags & EXPIRES_GIVEN != 0, ErrorCode::InvalidExpiresIn, "expiresIn")?,
        admin: flag(flags, ADMIN_GIVEN, ADMIN),
        serverless: flag(flags, SERVERLESS_GIVEN, SERVERLESS),
    }
    .validate()?;
    Ok((params, Credentials::new(access_key_id, secret, session_token)?))
}

/// Derived signing keys for the stateless `signToken` (bounded).
static KEYS: spin::Mutex<KeyCache> = spin::Mutex::new(KeyCache::new());

/// `signToken`: the packed token input (see [`token_parts`]) signed at
/// `now_ms` (or only checked, with `CHECK_ONLY`); derived keys are cached
/// across calls.
pub fn sign_token(input: &[u8], port: f64, expires_in: f64, flags: u32, now_ms: f64) -> Result<Vec<u8>, Error> {
    let (params, credentials) = token_parts(input, port, expires_in, flags)?;
    if flags & CHECK_ONLY != 0 {
        return Ok(Vec::new());
    }
    let time = SigningTime::from_epoch_millis_f64(now_ms)?;
    let key = crate::signer::cached_key(&KEYS, credentials.secret_access_key(), &params.scope(&time.amz_date()));
    Ok(crate::signer::sign_with_key(&params, &credentials, time, &key).into_bytes())
}

/// The signing module's exports.
#[cfg(not(feature = "inspect-module"))]
pub mod sign_exports {
    use super::*;

    /// [`sign_token`] over the buffer.
    #[allow(unsafe_code)] // export_name: a fixed symbol for JS, unique in this crate.
    #[export_name = "signToken"]
    pub extern "C" fn sign_token_export(len: u32, port: f64, expires_in: f64, flags: u32, now_ms: f64) -> i32 {
        respond(len, &mut |input| sign_token(input, port, expires_in, flags, now_ms))
    }
}

/// `inspectToken`: the token's fields, packed (see [`pack`]): service,
/// action, hostname, port ("" if none), username (absent if none), region,
/// access key id, signed-at ms, expires-in s, session token "1"/"0",
/// serverless "1"/"0".
pub fn inspect_token(input: &[u8]) -> Result<Vec<u8>, Error> {
    let mut fields = Fields::new(input);
    let token = fields.text()?;
    let info = crate::inspect(token)?;
    let decimal = |n: u64| {
        let mut text = String::with_capacity(20);
        push_decimal(&mut text, n);
        text
    };
    let flag = |b: bool| if b { "1" } else { "0" };
    let port = info.port.map(|p| decimal(u64::from(p))).unwrap_or_default();
    let signed_at = decimal(info.signed_at.epoch_millis().unsigned_abs());
    let expires_in = decimal(u64::from(info.expires_in));
    let mut out = Vec::with_capacity(token.len());
    for text in [
        Some(info.service.as_str()),
        Some(&info.action),
        Some(&info.hostname),
        Some(&port),
        info.username.as_deref(),
        Some(&info.region),
        Some(&info.access_key_id),
        Some(&signed_at),
        Some(&expires_in),
        Some(flag(info.has_session_token)),
        Some(flag(info.serverless)),
    ] {
        pack(&mut out, text);
    }
    Ok(out)
}

/// `verifyToken`: packed token, any-secret?, username?, hostname?, then
/// access key id and secret pairs; empty output when the token passes.
pub fn verify_token(input: &[u8], now_ms: f64, port: f64, skew_seconds: f64, flags: u32) -> Result<Vec<u8>, Error> {
    let mut fields = Fields::new(input);
    let token = fields.text()?;
    let any_secret = fields.optional()?;
    let username = fields.optional()?;
    let hostname = fields.optional()?;
    let mut keys = Vec::new();
    while !fields.is_empty() {
        keys.push((fields.text()?, fields.text()?));
    }
    SigningTime::from_epoch_millis_f64(now_ms)?;
    let port = expected_port(port, flags & PORT_GIVEN != 0)?;
    let skew_seconds = whole(skew_seconds, true, ErrorCode::InvalidInput, "skewSeconds")
        .ok()
        .flatten()
        .and_then(|s| u32::try_from(s).ok())
        .ok_or(Error::field(ErrorCode::InvalidInput, "skewSeconds", "must be a whole number of seconds"))?;
    let expect = Expectations { username, hostname, port, skew_seconds };
    let secret_for = |akid: &str| any_secret.or_else(|| keys.iter().find(|(id, _)| *id == akid).map(|(_, secret)| *secret));
    // Checked finite and in range above; `as` truncates to whole milliseconds.
    crate::verify(token, secret_for, now_ms as i64, &expect).map(|_| Vec::new())
}

fn expected_port(port: f64, given: bool) -> Result<Option<u16>, Error> {
    let bad = Error::field(ErrorCode::InvalidPort, "port", "must be an integer from 1 to 65535");
    match whole(port, given, ErrorCode::InvalidPort, "port")? {
        None => Ok(None),
        Some(p) => u16::try_from(p).ok().filter(|&p| p != 0).map(Some).ok_or(bad),
    }
}

/// The inspect module's exports.
#[cfg(feature = "inspect-module")]
pub mod inspect_exports {
    use super::*;

    #[allow(unsafe_code)] // export_name: a fixed symbol for JS, unique in this crate.
    /// [`inspect_token`] over the buffer.
    #[export_name = "inspectToken"]
    pub extern "C" fn inspect_token_export(len: u32) -> i32 {
        respond(len, &mut inspect_token)
    }

    #[allow(unsafe_code)] // export_name: as above.
    /// [`verify_token`] over the buffer.
    #[export_name = "verifyToken"]
    pub extern "C" fn verify_token_export(len: u32, now_ms: f64, port: f64, skew_seconds: f64, flags: u32) -> i32 {
        respond(len, &mut |input| verify_token(input, now_ms, port, skew_seconds, flags))
    }
}
