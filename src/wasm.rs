//! The WebAssembly boundary (wasm32 only), without wasm-bindgen: plain
//! exports that take numbers, and one shared byte buffer for everything
//! else. JS asks `io(n)` for room, writes the packed input there (strings as
//! a 4-byte little-endian length and UTF-8 bytes; length `u32::MAX` means
//! absent), calls an export, and reads the answer from `io(0)`: `n >= 0`
//! bytes of output, or `-n` (3) bytes of error: its code's, field's and
//! reason's indices in `ErrorCode::ALL`, `FIELDS`, `REASONS` (no field:
//! 255), which `js/src/wasm.ts` turns into an `RdsIamError`. Everything friendly
//! (objects, defaults, `Date`, lone surrogates) is handled in JS first.
//!
//! One crate, two modules: the signing module (no features) exports what
//! signing runtimes call (`signToken`, `TokenSigner`, `endpointRegion`,
//! `identityDigest`); built with the `inspect-module` feature it exports
//! `inspectToken`, `verifyToken`, `kindTable` and `errorCodes` instead, so
//! the runtimes that only sign never ship the parser and verifier. Both
//! call the one core.

use alloc::{string::String, vec::Vec};

use crate::{
    encode::push_decimal,
    error::{Error, ErrorCode, Field},
    signer::sign_with,
    signing_key::{KeyCache, KeyTag},
    template::Template,
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

/// The start of the shared buffer, grown to at least `len` bytes.
#[allow(unsafe_code)] // export_name: a fixed symbol for JS, unique in this crate.
#[export_name = "io"]
pub extern "C" fn io(len: u32) -> *mut u8 {
    let mut buffer = take_io();
    let len = len as usize;
    if buffer.len() < len {
        buffer.resize(len, 0);
    }
    let start = buffer.as_mut_ptr();
    put_io(buffer);
    start
}

/// The shared buffer, taken out of its lock for the length of a call (so
/// a trap can never leave it locked; none but these two ever lock it, so
/// `try_lock` always gets it: no spin loop in the module).
#[inline(never)]
fn take_io() -> Vec<u8> {
    IO.try_lock().map(|mut io| core::mem::take(&mut *io)).unwrap_or_default()
}

#[inline(never)]
fn put_io(buffer: Vec<u8>) {
    if let Some(mut io) = IO.try_lock() {
        *io = buffer;
    }
}

/// One export's work: its packed input in, its output bytes or error out.
/// (`dyn`: one copy of `respond` in the wasm, not one per export.)
pub type Op<'a> = dyn FnMut(&[u8]) -> Result<Vec<u8>, Error> + 'a;

/// Runs `op` on the first `len` bytes of the buffer and leaves its answer
/// there: returns the output length, or minus the error's length.
pub fn respond(len: u32, op: &mut Op<'_>) -> i32 {
    let mut buffer = take_io();
    let input = buffer.get(..len as usize).unwrap_or_default();
    let answer = op(input);
    buffer.clear();
    let sign = match answer {
        Ok(output) => {
            buffer = output;
            1
        }
        Err(error) => {
            error_bytes(&mut buffer, &error);
            -1
        }
    };
    // The buffer is at most a few KiB (inputs are capped at 64 KiB by JS).
    let answer_len = sign * buffer.len() as i32;
    put_io(buffer);
    answer_len
}

/// An error as three bytes: the code's place in `ErrorCode::ALL` (the order
/// js/src/error-codes.ts is generated in), the field's in `FIELDS` (255:
/// none) and the reason's in `REASONS` (both also generated into
/// js/src/error-codes.ts): the texts stay out of the module, and JS spells
/// them `code\tfield\treason` for errors.ts. (As decimal text they cost
/// 190 B gzip more.)
fn error_bytes(out: &mut Vec<u8>, error: &Error) {
    // Declared in `ALL`'s order (checked below), so the discriminant is the place.
    let (field, reason) = error.indices();
    out.extend_from_slice(&[error.code() as u8, field.unwrap_or(u8::MAX), reason]);
}

// `ErrorCode`'s discriminants are its places in `ALL`.
const _: () = {
    let mut i = 0;
    while i < ErrorCode::ALL.len() {
        assert!(ErrorCode::ALL[i] as usize == i);
        i += 1;
    }
};

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
const BAD_PACKING: Error =
    Error::new(ErrorCode::InvalidInput, None, reason!("malformed input from the JavaScript layer"));
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
fn whole(value: f64, given: bool, code: ErrorCode, field: Field) -> Result<Option<i64>, Error> {
    match given {
        false => Ok(None),
        // Within ±9e15 (exact in f64, so NaN and infinities fail) and
        // unchanged by truncation (`fract` is std-only).
        true if value > -9.0e15 && value < 9.0e15 && value as i64 as f64 == value => Ok(Some(value as i64)),
        true => Err(Error::input(code, field, reason!("must be a whole number"))),
    }
}

fn flag(flags: u32, given: u32, value: u32) -> Option<bool> {
    (flags & given != 0).then_some(flags & value != 0)
}

/// The packed strings of a token input, in order: service, hostname,
/// username?, region, access key id, session token?, secret. (The secret
/// last: what comes before it is the input `signToken`'s last layout is
/// found by, see [`LastLayout`].)
type TokenTexts<'a> = [Option<&'a str>; 7];

/// Reads a token input's packed strings, and where the secret's field
/// starts in `input`.
fn token_texts(input: &[u8]) -> Result<(TokenTexts<'_>, usize), Error> {
    // Read in one loop (one copy of the reading code).
    let mut fields = Fields::new(input);
    let mut texts = [None; 7];
    let mut secret_at = 0;
    for text in &mut texts {
        secret_at = input.len() - fields.rest.len();
        *text = fields.optional()?;
    }
    if !fields.is_empty() {
        return Err(BAD_PACKING);
    }
    Ok((texts, secret_at))
}

/// The token input and credentials from the packed strings and the number
/// arguments, with the input's parameters checked first: input errors come
/// before credential errors, as in every entry.
fn token_parts<'a>(
    texts: TokenTexts<'a>,
    port: f64,
    expires_in: f64,
    flags: u32,
) -> Result<(TokenParams, Credentials), Error> {
    let [service, hostname, username, region, access_key_id, session_token, secret] = texts;
    let required = |text: Option<&'a str>| text.ok_or(BAD_PACKING);
    let (hostname, region, access_key_id, secret) =
        (required(hostname)?, required(region)?, required(access_key_id)?, required(secret)?);
    let input = TokenInput {
        service: Service::parse(required(service)?)?,
        hostname,
        port: whole(port, flags & PORT_GIVEN != 0, ErrorCode::InvalidPort, field!("port"))?,
        username,
        region,
        expires_in: whole(expires_in, flags & EXPIRES_GIVEN != 0, ErrorCode::InvalidExpiresIn, field!("expiresIn"))?,
        admin: flag(flags, ADMIN_GIVEN, ADMIN),
        serverless: flag(flags, SERVERLESS_GIVEN, SERVERLESS),
    };
    let params = input.validate()?;
    Ok((params, Credentials::new(access_key_id, secret, session_token)?))
}

/// `signToken`'s derived keys, for the whole module: at most 8 (the
/// [`KeyCache`] bound: a few regions and services a day), each under the
/// access key id, region and service and its secret's [`KeyTag`] (never
/// the secret itself) and day; the oldest goes first. As
/// `@aws-sdk/rds-signer` keeps its key cache across calls: a token costs a
/// compression for the tag and then signs, instead of 16 more to derive
/// the key.
static SIGN_TOKEN_KEYS: spin::Mutex<KeyCache> = spin::Mutex::new(KeyCache::new());

/// The request `signToken` laid out last, found again by the packed input
/// before the secret (and the number arguments): a caller that signs the
/// same request again (a pool's next connection) skips the checks, the
/// layout and its first block's hash. Only inputs without a session token:
/// the module keeps no secret and no session token between calls (the
/// template holds the access key id, which every token shows).
struct LastLayout {
    before_secret: Vec<u8>,
    numbers: [u64; 3],
    template: Option<Template>,
}

static SIGN_TOKEN_LAST: spin::Mutex<LastLayout> =
    spin::Mutex::new(LastLayout { before_secret: Vec::new(), numbers: [0; 3], template: None });

/// `signToken`: the packed token input (see [`token_texts`]) signed at
/// `now_ms`, the key from the module's cache (`SIGN_TOKEN_KEYS`).
pub fn sign_token(input: &[u8], port: f64, expires_in: f64, flags: u32, now_ms: f64) -> Result<Vec<u8>, Error> {
    let (texts, secret_at) = token_texts(input)?;
    let before_secret = input.get(..secret_at).unwrap_or_default();
    let numbers = [port.to_bits(), expires_in.to_bits(), u64::from(flags)];
    // Never waited for (as in Signer): when held, signing goes without it.
    let mut last = SIGN_TOKEN_LAST.try_lock();
    let credentials;
    let mut fresh = None;
    let template = match (last.as_deref(), texts) {
        (
            Some(LastLayout { before_secret: kept, numbers: same, template: Some(template) }),
            [.., Some(id), None, Some(secret)],
        ) if *kept == before_secret && *same == numbers => {
            // The same parameters and access key id, checked when laid
            // out: only the secret is new.
            credentials = Credentials::new(id, secret, None)?;
            template
        }
        _ => {
            let (params, checked) = token_parts(texts, port, expires_in, flags)?;
            credentials = checked;
            fresh.insert(params.template(&credentials))
        }
    };
    let tag = KeyTag::of(credentials.secret_access_key());
    let token = sign_at(template, &credentials, now_ms, (&SIGN_TOKEN_KEYS, tag))?;
    if let (Some(last), Some(template), None) = (last.as_deref_mut(), fresh, credentials.session_token()) {
        last.before_secret.clear();
        last.before_secret.extend_from_slice(before_secret);
        last.numbers = numbers;
        last.template = Some(template);
    }
    Ok(token)
}

/// `template` signed for `credentials` at `now_ms` (epoch milliseconds as
/// JS holds them), the key from `keys`. (Out of line: one copy of the time
/// check for both exports.)
#[inline(never)]
fn sign_at(
    template: &Template,
    credentials: &Credentials,
    now_ms: f64,
    keys: (&spin::Mutex<KeyCache>, KeyTag),
) -> Result<Vec<u8>, Error> {
    sign_with(template, credentials, SigningTime::from_epoch_millis_f64(now_ms)?, Some(keys))
}

/// Static parts validated and laid out once; only the time crosses per
/// token. (The core's `Signer` without its last-parameters slot: a
/// `TokenSigner` has one request.)
#[derive(Debug)]
pub struct TokenSigner {
    credentials: Credentials,
    keys: spin::Mutex<KeyCache>,
    template: Template,
    tag: KeyTag,
}

impl TokenSigner {
    /// Validates everything but the time.
    pub fn new(input: &[u8], port: f64, expires_in: f64, flags: u32) -> Result<Self, Error> {
        let (params, credentials) = token_parts(token_texts(input)?.0, port, expires_in, flags)?;
        let template = params.template(&credentials);
        let tag = KeyTag::of(credentials.secret_access_key());
        Ok(Self { credentials, keys: spin::Mutex::new(KeyCache::new()), template, tag })
    }

    /// Signs at `now_ms` (epoch milliseconds).
    pub fn sign(&self, now_ms: f64) -> Result<Vec<u8>, Error> {
        sign_at(&self.template, &self.credentials, now_ms, (&self.keys, self.tag))
    }
}

/// `identityDigest`: the keyed digest of a whole identity as 64 hex digits
/// (see `identity.rs`), what the JS token caches key by, never the secret.
/// Packed: the caller's random per-process key (JS passes 64 hex digits),
/// access key id, secret, session token?.
pub fn identity_digest(input: &[u8]) -> Result<Vec<u8>, Error> {
    let mut fields = Fields::new(input);
    let (key, access_key_id, secret) = (fields.text()?, fields.text()?, fields.text()?);
    let session = fields.optional()?;
    let hex = crate::identity_digest_hex(key.as_bytes(), access_key_id, secret, session);
    // `owned`: one out-of-line copy (the digits are ASCII).
    Ok(crate::owned(core::str::from_utf8(&hex).unwrap_or_default()).into_bytes())
}

/// `endpointRegion`: the region an RDS, RDS Proxy, Aurora or DSQL endpoint
/// names, empty when the host names none (so JS can report a given region
/// unlike it).
pub fn endpoint_region(input: &[u8]) -> Result<Vec<u8>, Error> {
    let hostname = Fields::new(input).text()?;
    Ok(crate::owned(crate::endpoint_region(hostname).unwrap_or_default()).into_bytes())
}

/// The signing module's exports.
#[cfg(not(feature = "inspect-module"))]
pub mod sign_exports {
    use super::*;
    use alloc::boxed::Box;

    /// [`sign_token`] over the buffer.
    #[allow(unsafe_code)] // export_name: a fixed symbol for JS, unique in this crate.
    #[export_name = "signToken"]
    pub extern "C" fn sign_token_export(len: u32, port: f64, expires_in: f64, flags: u32, now_ms: f64) -> i32 {
        respond(len, &mut |input| sign_token(input, port, expires_in, flags, now_ms))
    }

    /// [`identity_digest`] over the buffer.
    #[allow(unsafe_code)] // export_name: as above.
    #[export_name = "identityDigest"]
    pub extern "C" fn identity_digest_export(len: u32) -> i32 {
        respond(len, &mut identity_digest)
    }

    /// [`endpoint_region`] over the buffer.
    #[allow(unsafe_code)] // export_name: as above.
    #[export_name = "endpointRegion"]
    pub extern "C" fn endpoint_region_export(len: u32) -> i32 {
        respond(len, &mut endpoint_region)
    }

    /// Live `TokenSigner`s; JS holds the index + 1 and frees it when its
    /// object is collected. A signer is taken out while it signs (a trap
    /// loses that one signer, never the table). Only `try_lock` touches it:
    /// nothing in the module ever spins.
    static SIGNERS: spin::Mutex<Vec<Option<Box<TokenSigner>>>> = spin::Mutex::new(Vec::new());

    const FREED: Error = Error::new(ErrorCode::InvalidInput, None, reason!("this TokenSigner was freed"));
    const STUCK: Error =
        Error::new(ErrorCode::InternalError, None, reason!("the signer table was left locked by an earlier failure"));

    /// A new signer's handle (> 0), or minus the error's length.
    #[allow(unsafe_code)] // export_name: as above.
    #[export_name = "signerNew"]
    pub extern "C" fn signer_new(len: u32, port: f64, expires_in: f64, flags: u32) -> i32 {
        let mut handle = 0;
        let answer = respond(len, &mut |input| {
            let signer = Box::new(TokenSigner::new(input, port, expires_in, flags)?);
            // try_lock: only a trap inside this block (out of memory) could
            // leave the table locked, and then an error beats spinning forever.
            let mut signers = SIGNERS.try_lock().ok_or(STUCK)?;
            // `get_mut`, not indexing: no bounds-check panic in the module.
            let slot = match signers.iter_mut().enumerate().find(|(_, place)| place.is_none()) {
                Some((free, place)) => {
                    *place = Some(signer);
                    free
                }
                None => {
                    signers.push(Some(signer));
                    signers.len() - 1
                }
            };
            handle = slot as i32 + 1;
            Ok(Vec::new())
        });
        if answer < 0 {
            answer
        } else {
            handle
        }
    }

    /// Signs with a live signer at `now_ms`.
    #[allow(unsafe_code)] // export_name: as above.
    #[export_name = "signerSign"]
    pub extern "C" fn signer_sign(handle: u32, now_ms: f64) -> i32 {
        let slot = (handle as usize).wrapping_sub(1);
        let mut taken = SIGNERS.try_lock().and_then(|mut signers| signers.get_mut(slot)?.take());
        respond(0, &mut |_| {
            let signer = taken.take().ok_or(FREED)?;
            let token = signer.sign(now_ms);
            if let Some(place) = SIGNERS.try_lock().as_deref_mut().and_then(|s| s.get_mut(slot)) {
                *place = Some(signer);
            }
            token
        })
    }

    /// Drops a signer (JS calls it when the object is collected).
    #[allow(unsafe_code)] // export_name: as above.
    #[export_name = "signerFree"]
    pub extern "C" fn signer_free(handle: u32) {
        if let Some(place) =
            SIGNERS.try_lock().as_deref_mut().and_then(|s| s.get_mut((handle as usize).wrapping_sub(1)))
        {
            *place = None;
        }
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
    let skew_seconds = whole(skew_seconds, true, ErrorCode::InvalidInput, field!("skewSeconds"))
        .ok()
        .flatten()
        .and_then(|s| u32::try_from(s).ok())
        .ok_or(Error::input(
            ErrorCode::InvalidInput,
            field!("skewSeconds"),
            reason!("must be a whole number of seconds"),
        ))?;
    let expect = Expectations { username, hostname, port, skew_seconds };
    let secret_for =
        |akid: &str| any_secret.or_else(|| keys.iter().find(|(id, _)| *id == akid).map(|(_, secret)| *secret));
    // Checked finite and in range above; `as` truncates to whole milliseconds.
    crate::verify(token, secret_for, now_ms as i64, &expect).map(|_| Vec::new())
}

fn expected_port(port: f64, given: bool) -> Result<Option<u16>, Error> {
    let bad = Error::input(ErrorCode::InvalidPort, field!("port"), reason!("must be an integer from 1 to 65535"));
    match whole(port, given, ErrorCode::InvalidPort, field!("port"))? {
        None => Ok(None),
        Some(p) => u16::try_from(p).ok().filter(|&p| p != 0).map(Some).ok_or(bad),
    }
}

/// `kindTable`: the kind table, one line per kind in `Service::ALL` order,
/// ten tab-separated fields: name, signing service, action, admin action
/// ("" if none), user parameter ("" if none), port required "1"/"0", region
/// from hostname "1"/"0", serverless applies "1"/"0", names lower-cased
/// "1"/"0", maximum lifetime in seconds. For JS to read kind facts from the
/// core. (One string: far smaller in the wasm than an array of strings.)
pub fn kind_table() -> Vec<u8> {
    let flag = |b: bool| if b { "1" } else { "0" };
    let mut out = String::with_capacity(256);
    for kind in Service::ALL {
        for field in [
            kind.as_str(),
            kind.signing_name(),
            kind.action(),
            kind.admin_action().unwrap_or_default(),
            kind.user_parameter().unwrap_or_default(),
            flag(kind.port_required()),
            flag(kind.region_from_hostname()),
            flag(kind.serverless_applies()),
            flag(kind.lower_cases_names()),
        ] {
            out.push_str(field);
            out.push('\t');
        }
        push_decimal(&mut out, u64::from(kind.max_expires_in()));
        out.push('\n');
    }
    out.into_bytes()
}

/// `errorCodes`: every error code the package uses (`ErrorCode::ALL`), one
/// per line, for JS's list.
pub fn error_codes() -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    for code in ErrorCode::ALL {
        out.extend_from_slice(code.as_str().as_bytes());
        out.push(b'\n');
    }
    out
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
