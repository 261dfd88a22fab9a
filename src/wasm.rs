//! The WebAssembly boundary, and the only file that knows wasm-bindgen.
//! Thin and flat: strings and numbers in, a string out. Errors are thrown
//! as one string `CODE\tfield\treason`, which the TypeScript layer turns
//! into an `RdsIamError`. Everything friendly (objects, defaults, `Date`,
//! lone surrogates) is handled in `js/` before anything crosses.

use alloc::{string::String, vec, vec::Vec};

use wasm_bindgen::prelude::*;

use crate::{
    encode::push_decimal,
    error::{Error, ErrorCode},
    Credentials, Expectations, Service, SigningTime, Signer, TokenInput, TokenParams,
};

// talc instead of the default dlmalloc: a fraction of the size, and a
// signer allocates little.
// SAFETY: wasm32-unknown-unknown without threads has one thread, which is
// the only requirement `new_global` places on its caller.
#[allow(unsafe_code)]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

// No std, so no panic hook, message or core::fmt: a panic (none is
// reachable from any input) traps as `unreachable`, as std's abort did.
#[cfg(not(feature = "std"))]
#[panic_handler]
fn trap(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

type JsResult<T> = Result<T, JsValue>;

fn thrown(error: Error) -> JsValue {
    let mut text = String::with_capacity(64);
    text.push_str(error.code().as_str());
    text.push('\t');
    text.push_str(error.field().unwrap_or(""));
    text.push('\t');
    text.push_str(error.reason());
    JsValue::from_str(&text)
}

/// A JS number that must be a whole number (or absent).
fn whole(value: Option<f64>, code: ErrorCode, field: &'static str) -> Result<Option<i64>, Error> {
    match value {
        None => Ok(None),
        // Within ±9e15 (exact in f64, so NaN and infinities fail) and
        // unchanged by truncation (`fract` is std-only).
        Some(v) if v > -9.0e15 && v < 9.0e15 && v as i64 as f64 == v => Ok(Some(v as i64)),
        Some(_) => Err(Error::input(code, field, "must be a whole number")),
    }
}

#[allow(clippy::too_many_arguments)]
fn input<'a>(
    service: &str,
    hostname: &'a str,
    port: Option<f64>,
    username: Option<&'a str>,
    region: &'a str,
    expires_in: Option<f64>,
    admin: Option<bool>,
    serverless: Option<bool>,
) -> Result<TokenInput<'a>, Error> {
    Ok(TokenInput {
        service: Service::parse(service)?,
        hostname,
        port: whole(port, ErrorCode::InvalidPort, "port")?,
        username,
        region,
        expires_in: whole(expires_in, ErrorCode::InvalidExpiresIn, "expiresIn")?,
        admin,
        serverless,
    })
}

/// Signs one token, the key derived afresh: no cache keeps a secret past
/// the call. (A cache keyed by the whole identity would hash the session
/// token per call: with an 880-character one that is ~19 SHA-256
/// compressions, more than the 16 a derivation costs; without one it would
/// save 16 of 28. `TokenSigner` is the fast path: 12 per token.)
#[wasm_bindgen(js_name = signToken)]
#[allow(clippy::too_many_arguments)]
pub fn sign_token(
    service: &str,
    hostname: &str,
    port: Option<f64>,
    username: Option<String>,
    region: &str,
    access_key_id: &str,
    secret_access_key: &str,
    session_token: Option<String>,
    expires_in: Option<f64>,
    admin: Option<bool>,
    serverless: Option<bool>,
    now_ms: f64,
) -> JsResult<String> {
    let input = input(service, hostname, port, username.as_deref(), region, expires_in, admin, serverless).map_err(thrown)?;
    // Input errors before credential and time errors, as `TokenSigner` reports them.
    input.validate().map_err(thrown)?;
    let credentials = Credentials::new(access_key_id, secret_access_key, session_token.as_deref()).map_err(thrown)?;
    let now_ms = SigningTime::from_epoch_millis_f64(now_ms).map_err(thrown)?.epoch_millis();
    crate::sign_token(&input, &credentials, now_ms).map_err(thrown)
}

/// Static parts validated once; only the time crosses per token.
#[wasm_bindgen]
#[derive(Debug)]
pub struct TokenSigner {
    signer: Signer,
    params: TokenParams,
}

#[wasm_bindgen]
impl TokenSigner {
    /// Validates everything but the time.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        service: &str,
        hostname: &str,
        port: Option<f64>,
        username: Option<String>,
        region: &str,
        access_key_id: &str,
        secret_access_key: &str,
        session_token: Option<String>,
        expires_in: Option<f64>,
        admin: Option<bool>,
        serverless: Option<bool>,
    ) -> JsResult<TokenSigner> {
        let params = input(service, hostname, port, username.as_deref(), region, expires_in, admin, serverless)
            .and_then(|input| input.validate())
            .map_err(thrown)?;
        let credentials = Credentials::new(access_key_id, secret_access_key, session_token.as_deref()).map_err(thrown)?;
        Ok(Self { signer: Signer::new(credentials), params })
    }

    /// Signs at `now_ms` (epoch milliseconds).
    pub fn sign(&self, now_ms: f64) -> JsResult<String> {
        let now_ms = SigningTime::from_epoch_millis_f64(now_ms).map_err(thrown)?.epoch_millis();
        self.signer.sign_params(&self.params, now_ms).map_err(thrown)
    }
}

/// The keyed digest of a whole identity, as 64 hex digits (see
/// `identity.rs`): what the JS token caches key by, never the secret. `key`
/// is the caller's random per-process key (the JS layer passes 64 hex
/// digits); an empty `session_token` means none (the signer refuses an
/// empty one anyway). Plain strings in and out keep the boundary small.
#[wasm_bindgen(js_name = identityDigest)]
pub fn identity_digest(key: &str, access_key_id: &str, secret_access_key: &str, session_token: &str) -> String {
    let session = Some(session_token).filter(|t| !t.is_empty());
    let hex = crate::identity_digest_hex(key.as_bytes(), access_key_id, secret_access_key, session);
    hex.iter().map(|&digit| char::from(digit)).collect()
}

/// Token fields, in the order `js/src/signing.ts` reads them: service, action,
/// hostname, port ("" if none), username ("" if none), region, access key
/// id, signed-at ms, expires-in s, session token "1"/"0", serverless "1"/"0".
#[wasm_bindgen(js_name = inspectToken)]
pub fn inspect_token(token: &str) -> JsResult<Vec<String>> {
    let info = crate::inspect(token).map_err(thrown)?;
    let flag = |b: bool| String::from(if b { "1" } else { "0" });
    let decimal = |n: u64| {
        let mut text = String::with_capacity(20);
        push_decimal(&mut text, n);
        text
    };
    Ok(vec![
        info.service.as_str().into(),
        info.action,
        info.hostname,
        info.port.map(|p| decimal(u64::from(p))).unwrap_or_default(),
        info.username.unwrap_or_default(),
        info.region,
        info.access_key_id,
        decimal(info.signed_at.epoch_millis().unsigned_abs()),
        decimal(u64::from(info.expires_in)),
        flag(info.has_session_token),
        flag(info.serverless),
    ])
}

/// Verifies a token; throws the failure. `keys` alternates access key id and
/// secret; `any_secret`, when given, is used for every access key id.
#[wasm_bindgen(js_name = verifyToken)]
#[allow(clippy::too_many_arguments)]
pub fn verify_token(
    token: &str,
    keys: Vec<String>,
    any_secret: Option<String>,
    now_ms: f64,
    username: Option<String>,
    hostname: Option<String>,
    port: Option<f64>,
    skew_seconds: f64,
) -> JsResult<()> {
    SigningTime::from_epoch_millis_f64(now_ms).map_err(thrown)?;
    let port = expected_port(port).map_err(thrown)?;
    let skew_seconds = whole(Some(skew_seconds), ErrorCode::InvalidInput, "skewSeconds")
        .ok()
        .flatten()
        .and_then(|s| u32::try_from(s).ok())
        .ok_or_else(|| thrown(Error::input(ErrorCode::InvalidInput, "skewSeconds", "must be a whole number of seconds")))?;
    let expect = Expectations { username: username.as_deref(), hostname: hostname.as_deref(), port, skew_seconds };
    let secret_for = |akid: &str| {
        any_secret.as_deref().or_else(|| keys.chunks_exact(2).find(|pair| pair[0] == akid).map(|pair| pair[1].as_str()))
    };
    // Checked finite and in range above; `as` truncates to whole milliseconds.
    crate::verify(token, secret_for, now_ms as i64, &expect).map(|_| ()).map_err(thrown)
}

/// The region an RDS, RDS Proxy, Aurora or DSQL endpoint names, `""` when
/// the host names none (so JS can report a given region unlike it).
#[wasm_bindgen(js_name = endpointRegion)]
pub fn endpoint_region(hostname: &str) -> String {
    crate::endpoint_region(hostname).unwrap_or_default().into()
}

/// The kind table: one line per kind in `Service::ALL` order, ten
/// tab-separated fields: name, signing service, action, admin action (""
/// if none), user parameter ("" if none), port required "1"/"0", region
/// from hostname "1"/"0", serverless applies "1"/"0", names lower-cased
/// "1"/"0", maximum lifetime in seconds. For JS to read kind facts from the
/// core. (One string: far smaller in the wasm than an array of strings.)
#[wasm_bindgen(js_name = kindTable)]
pub fn kind_table() -> String {
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
    out
}

/// Every error code the package uses (`ErrorCode::ALL`), one per line, for JS's list.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> String {
    let mut out = String::with_capacity(512);
    for code in ErrorCode::ALL {
        out.push_str(code.as_str());
        out.push('\n');
    }
    out
}

fn expected_port(port: Option<f64>) -> Result<Option<u16>, Error> {
    let bad = Error::input(ErrorCode::InvalidPort, "port", "must be an integer from 1 to 65535");
    match whole(port, ErrorCode::InvalidPort, "port")? {
        None => Ok(None),
        Some(p) => u16::try_from(p).ok().filter(|&p| p != 0).map(Some).ok_or(bad),
    }
}
