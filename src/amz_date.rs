//! Time as an input: epoch milliseconds in, SigV4's `YYYYMMDD'T'HHMMSS'Z'` out
//! (and back, for parsing tokens). Civil-date arithmetic is Howard Hinnant's
//! `days_from_civil` / `civil_from_days`, a dozen lines that spare the wasm
//! build a date crate.

use crate::error::{Error, ErrorCode, Result};

/// 9999-12-31T23:59:59Z: the last second a four-digit SigV4 date can name.
const MAX_EPOCH_SECONDS: i64 = 253_402_300_799;

/// A signing time, whole seconds since the Unix epoch (milliseconds are
/// truncated, as every AWS SDK does).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SigningTime {
    epoch_seconds: i64,
}

impl SigningTime {
    /// 1970-01-01T00:00:00Z.
    pub(crate) const EPOCH: Self = Self { epoch_seconds: 0 };

    /// From Unix epoch milliseconds; before 1970 or after 9999 is `INVALID_TIME`.
    pub fn from_epoch_millis(millis: i64) -> Result<Self> {
        if millis < 0 {
            return Err(Error::input(ErrorCode::InvalidTime, field!("now"), reason!("must not be before 1970")));
        }
        Self::from_epoch_seconds(millis / 1000)
    }

    /// From Unix epoch milliseconds as JavaScript holds them (`Date.now()`);
    /// NaN and infinities are `INVALID_TIME`.
    pub fn from_epoch_millis_f64(millis: f64) -> Result<Self> {
        if !millis.is_finite() {
            return Err(Error::input(ErrorCode::InvalidTime, field!("now"), reason!("must be a finite number")));
        }
        if millis < 0.0 {
            return Err(Error::input(ErrorCode::InvalidTime, field!("now"), reason!("must not be before 1970")));
        }
        if millis > (MAX_EPOCH_SECONDS as f64 + 1.0) * 1000.0 {
            return Err(Error::input(ErrorCode::InvalidTime, field!("now"), reason!("must not be after year 9999")));
        }
        // In range, so the cast neither saturates nor wraps; `as` truncates.
        Self::from_epoch_millis(millis as i64)
    }

    fn from_epoch_seconds(epoch_seconds: i64) -> Result<Self> {
        if epoch_seconds > MAX_EPOCH_SECONDS {
            return Err(Error::input(ErrorCode::InvalidTime, field!("now"), reason!("must not be after year 9999")));
        }
        Ok(Self { epoch_seconds })
    }

    /// Whole seconds since the epoch.
    pub const fn epoch_seconds(self) -> i64 {
        self.epoch_seconds
    }

    /// Milliseconds since the epoch (always a whole second).
    pub const fn epoch_millis(self) -> i64 {
        self.epoch_seconds * 1000
    }

    /// `YYYYMMDDTHHMMSSZ`, as `X-Amz-Date` carries it.
    pub fn amz_date(self) -> AmzDate {
        // Never negative (see the constructors): unsigned division, no
        // Euclidean fix-ups.
        let seconds = self.epoch_seconds.unsigned_abs();
        // At most 2,932,896 days and 86,399 seconds: both fit u32.
        let (days, secs) = ((seconds / 86_400) as u32, (seconds % 86_400) as u32);
        let (y, m, d) = civil_from_days(days);
        // YYYYMMDD and HHMMSS as one 14-digit number, written from the
        // right around the `T`.
        let mut value = u64::from(y * 10_000 + m * 100 + d) * 1_000_000
            + u64::from(secs / 3600 * 10_000 + secs / 60 % 60 * 100 + secs % 60);
        let mut out = *b"00000000T000000Z";
        for (i, slot) in out.iter_mut().enumerate().take(15).rev() {
            if i != 8 {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        AmzDate(out)
    }

    /// Parses an `X-Amz-Date` value; anything but a real UTC instant in the
    /// exact basic format is rejected.
    pub fn parse_amz_date(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
            return None;
        }
        let num = |r: core::ops::Range<usize>| -> Option<u32> {
            b.get(r)?.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
        };
        let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
        let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || hh > 23 || mm > 59 || ss > 59 {
            return None;
        }
        let seconds = days_from_civil(i64::from(y), m, d) * 86_400 + i64::from(hh * 3600 + mm * 60 + ss);
        (seconds >= 0).then_some(Self { epoch_seconds: seconds })
    }
}

/// The 16 ASCII bytes of an `X-Amz-Date`; its first 8 are the scope date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AmzDate([u8; 16]);

impl AmzDate {
    /// `YYYYMMDDTHHMMSSZ`.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits, 'T' and 'Z' are ever written.
        core::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// `YYYYMMDDTHHMMSSZ` as bytes.
    pub(crate) fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// `YYYYMMDD`, the credential scope's date.
    pub fn date(&self) -> &str {
        core::str::from_utf8(self.0.get(..8).unwrap_or_default()).unwrap_or_default()
    }
}

fn is_leap(y: u32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// For days since 1970 up to 9999-12-31 (so every step is unsigned and
/// fits u32).
fn civil_from_days(days: u32) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u32::from(m <= 2);
    (y, m, d)
}
