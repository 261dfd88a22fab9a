//! Field rules shared by every token kind. Each failure names its field.

use crate::error::{Error, ErrorCode, Result};

/// Longest DNS name.
const MAX_HOSTNAME_LEN: usize = 253;
/// Longer than any AWS region name will plausibly be.
const MAX_REGION_LEN: usize = 32;

/// A bare host name (or cache / cluster name): ASCII letters, digits, `-`,
/// `.`, `_`; no scheme, path, port, user info or whitespace. Case is kept,
/// as the JS SDK signs the host as given.
pub fn hostname(value: &str) -> Result<&str> {
    let bad = |reason| Err(Error::input(ErrorCode::InvalidHostname, "hostname", reason));
    if value.is_empty() {
        return bad("must not be empty");
    }
    if value.as_bytes().windows(3).any(|w| w == b"://") {
        return bad("must not contain a scheme");
    }
    if value.contains('/') || value.contains('?') || value.contains('#') {
        return bad("must not contain a path or query");
    }
    if value.contains(':') {
        return bad("must not contain a port; pass it as port");
    }
    if value.len() > MAX_HOSTNAME_LEN {
        return bad("must be at most 253 characters");
    }
    if !value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')) {
        return bad("must be letters, digits, '-', '.' or '_'");
    }
    if value.starts_with('.') || value.starts_with('-') || value.as_bytes().windows(2).any(|w| w == b"..") {
        return bad("must be a well-formed host name");
    }
    Ok(value)
}

/// A region name as AWS spells them: lower-case words joined by single
/// hyphens, ending in a number (`us-east-1`, `cn-north-1`, `us-gov-west-1`,
/// `us-isob-east-1`, `eusc-de-east-1`). `us-east1` is not a region.
pub fn region(value: &str) -> Result<&str> {
    let bad = |reason| Err(Error::input(ErrorCode::InvalidRegion, "region", reason));
    if value.is_empty() {
        return bad("must not be empty");
    }
    let Some((words, number)) = value.rsplit_once('-') else {
        return bad("must look like an aws region, e.g. us-east-1");
    };
    let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase());
    if value.len() > MAX_REGION_LEN
        || number.is_empty()
        || !number.bytes().all(|b| b.is_ascii_digit())
        || words.split('-').count() < 2
        || !words.split('-').all(word)
    {
        return bad("must look like an aws region, e.g. us-east-1");
    }
    Ok(value)
}

/// A database or cache user: any non-empty text (it is percent-encoded).
pub fn username(value: Option<&str>) -> Result<&str> {
    match value {
        None => Err(Error::input(ErrorCode::InvalidUsername, "username", "is required")),
        Some("") => Err(Error::input(ErrorCode::InvalidUsername, "username", "must not be empty")),
        Some(user) => Ok(user),
    }
}

/// A TCP port, 1..=65535; required.
pub fn port(value: Option<i64>) -> Result<u16> {
    match value {
        None => Err(Error::input(ErrorCode::InvalidPort, "port", "is required")),
        Some(p) => u16::try_from(p)
            .ok()
            .filter(|&p| p != 0)
            .ok_or(Error::input(ErrorCode::InvalidPort, "port", "must be an integer from 1 to 65535")),
    }
}

/// Token lifetime in seconds, `1..=max`, defaulting to 900.
pub fn expires_in(value: Option<i64>, max: u32) -> Result<u32> {
    let seconds = value.unwrap_or(i64::from(DEFAULT_EXPIRES_IN));
    u32::try_from(seconds).ok().filter(|s| (1..=max).contains(s)).ok_or(Error::input(
        ErrorCode::InvalidExpiresIn,
        "expiresIn",
        if max == 900 { "must be from 1 to 900 seconds" } else { "must be from 1 to 604800 seconds" },
    ))
}

/// A field the kind has no use for must be absent.
pub fn absent<T>(value: Option<T>, field: &'static str) -> Result<()> {
    match value {
        None => Ok(()),
        Some(_) => Err(Error::input(ErrorCode::NotApplicable, field, "does not apply to this token kind")),
    }
}

/// The lifetime when none is asked for: 15 minutes, the RDS maximum.
pub const DEFAULT_EXPIRES_IN: u32 = 900;
