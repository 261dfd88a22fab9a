//! Field rules shared by every token kind. Each failure names its field.

use alloc::string::String;

use crate::error::{Error, ErrorCode, Field, Reason, Result};

/// Longest DNS name.
const MAX_HOSTNAME_LEN: usize = 253;
/// Longer than any AWS region name will plausibly be.
const MAX_REGION_LEN: usize = 32;

/// A bare host name (or cache / cluster name): ASCII letters, digits, `-`,
/// `.`, `_`; no scheme, path, port, user info or whitespace. Case is kept,
/// as the JS SDK signs the host as given.
pub fn hostname(value: &str) -> Result<&str> {
    let bad = |reason| Err(Error::input(ErrorCode::InvalidHostname, field!("hostname"), reason));
    let bytes = value.as_bytes();
    // One pass for what the reasons below tell apart (no string searchers
    // in the wasm); the checks keep their order.
    let (mut path, mut colon, mut other) = (false, false, false);
    for &b in bytes {
        match b {
            b'/' | b'?' | b'#' => path = true,
            b':' => colon = true,
            _ => other |= !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')),
        }
    }
    if bytes.is_empty() {
        return bad(reason!("must not be empty"));
    }
    if bytes.windows(3).any(|w| w == b"://") {
        return bad(reason!("must not contain a scheme"));
    }
    if path {
        return bad(reason!("must not contain a path or query"));
    }
    if colon {
        return bad(reason!("must not contain a port; pass it as port"));
    }
    if bytes.len() > MAX_HOSTNAME_LEN {
        return bad(reason!("must be at most 253 characters"));
    }
    if other {
        return bad(reason!("must be letters, digits, '-', '.' or '_'"));
    }
    if matches!(bytes.first(), Some(b'.' | b'-')) || bytes.windows(2).any(|w| w == b"..") {
        return bad(reason!("must be a well-formed host name"));
    }
    Ok(value)
}

/// A region name as AWS spells them: lower-case words joined by single
/// hyphens, ending in a number (`us-east-1`, `cn-north-1`, `us-gov-west-1`,
/// `us-isob-east-1`, `eusc-de-east-1`). `us-east1` is not a region.
pub fn region(value: &str) -> Result<&str> {
    let bad = |reason| Err(Error::input(ErrorCode::InvalidRegion, field!("region"), reason));
    if value.is_empty() {
        return bad(reason!("must not be empty"));
    }
    if !is_region(value) {
        return bad(reason!("must look like an aws region, e.g. us-east-1"));
    }
    Ok(value)
}

/// Whether `value` is shaped like a region: at most 32 bytes, two or more
/// `[a-z]+-`, then `[0-9]+` (a byte loop: no string searchers in the wasm).
pub fn is_region(value: &str) -> bool {
    value.len() <= MAX_REGION_LEN && is_region_shape(value.as_bytes())
}

fn is_region_shape(bytes: &[u8]) -> bool {
    let mut words = 0;
    let mut rest = bytes;
    loop {
        let letters = rest.iter().take_while(|b| b.is_ascii_lowercase()).count();
        match rest.get(letters) {
            Some(b'-') if letters > 0 => {
                words += 1;
                rest = rest.get(letters + 1..).unwrap_or_default();
            }
            _ => break,
        }
    }
    words >= 2 && !rest.is_empty() && rest.iter().all(u8::is_ascii_digit)
}

/// Longest access key id IAM documents.
const MAX_ACCESS_KEY_ID_LEN: usize = 128;

/// An access key id: 1 to 128 printable ASCII characters, no `/` (it
/// separates the credential scope) and no space. IAM's own ids are `\w+`,
/// but the SDKs take any string and their test vectors use `ACCESS_KEY`,
/// `test_id`, `access-key`.
pub fn access_key_id(value: &str) -> Result<&str> {
    let bad = |reason| Err(Error::input(ErrorCode::InvalidCredentials, field!("credentials.accessKeyId"), reason));
    if value.is_empty() {
        return bad(reason!("must not be empty"));
    }
    if value.len() > MAX_ACCESS_KEY_ID_LEN {
        return bad(reason!("must be at most 128 characters"));
    }
    if !value.bytes().all(|b| b.is_ascii_graphic() && b != b'/') {
        return bad(reason!("must be printable ascii without '/' or spaces"));
    }
    Ok(value)
}

/// A database or cache user: any non-empty text (it is percent-encoded).
pub fn username(value: Option<&str>) -> Result<&str> {
    match value {
        None => Err(Error::input(ErrorCode::InvalidUsername, field!("username"), reason!("is required"))),
        Some("") => Err(Error::input(ErrorCode::InvalidUsername, field!("username"), reason!("must not be empty"))),
        Some(user) => Ok(user),
    }
}

/// Longest ElastiCache cache name (replication group id, serverless cache name).
const MAX_CACHE_NAME_LEN: usize = 40;

/// An ElastiCache cache name, lower-cased: ElastiCache stores names
/// lower-case and checks the token against that, so `My-Cache` signed as
/// given fails with WRONGPASS. The name rule is ElastiCache's (and AWS's
/// ElastiCache toolkit's): 1 to 40 letters, digits and hyphens, starting
/// with a letter, no `--`, no trailing `-`.
pub fn elasticache_name(value: &str) -> Result<String> {
    let bad = |reason| Err(Error::input(ErrorCode::InvalidHostname, field!("hostname"), reason));
    if value.is_empty() {
        return bad(reason!("must not be empty"));
    }
    let mut name = crate::owned(value);
    name.make_ascii_lowercase();
    if name.len() > MAX_CACHE_NAME_LEN
        || !name.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        || name.ends_with('-')
        || name.as_bytes().windows(2).any(|w| w == b"--")
    {
        return bad(reason!(
            "must be an elasticache name: a letter, then up to 39 letters, digits, single inner hyphens"
        ));
    }
    Ok(name)
}

/// An ElastiCache user id, lower-cased as ElastiCache stores it. Its rule
/// (the `UserId` API pattern, as AWS's toolkit checks it): a letter, then
/// letters, digits and hyphens; the service-managed `default.` prefix is kept.
pub fn elasticache_user(value: Option<&str>) -> Result<String> {
    let mut user = crate::owned(username(value)?);
    user.make_ascii_lowercase();
    let id = user.strip_prefix("default.").unwrap_or(&user);
    if !id.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Error::input(
            ErrorCode::InvalidUsername,
            field!("username"),
            reason!("must be an elasticache user id: a letter, then letters, digits, hyphens"),
        ));
    }
    Ok(user)
}

/// A TCP port, 1..=65535; required.
pub fn port(value: Option<i64>) -> Result<u16> {
    match value {
        None => Err(Error::input(ErrorCode::InvalidPort, field!("port"), reason!("is required"))),
        Some(p) => u16::try_from(p).ok().filter(|&p| p != 0).ok_or(Error::input(
            ErrorCode::InvalidPort,
            field!("port"),
            reason!("must be an integer from 1 to 65535"),
        )),
    }
}

/// Token lifetime in seconds, `1..=max`, defaulting to 900; `reason`
/// states the kind's range.
pub fn expires_in(value: Option<i64>, max: u32, reason: Reason) -> Result<u32> {
    let seconds = value.unwrap_or(i64::from(DEFAULT_EXPIRES_IN));
    u32::try_from(seconds).ok().filter(|s| (1..=max).contains(s)).ok_or(Error::input(
        ErrorCode::InvalidExpiresIn,
        field!("expiresIn"),
        reason,
    ))
}

/// A field the kind has no use for must be absent.
pub fn absent<T>(value: Option<T>, field: Field) -> Result<()> {
    match value {
        None => Ok(()),
        Some(_) => Err(Error::input(ErrorCode::NotApplicable, field, reason!("does not apply to this token kind"))),
    }
}

/// The lifetime when none is asked for: 15 minutes, the RDS maximum.
pub const DEFAULT_EXPIRES_IN: u32 = 900;
