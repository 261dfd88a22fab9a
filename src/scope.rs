//! The credential scope `YYYYMMDD/region/service/aws4_request`: what a
//! signing key is derived for, and the tail of `X-Amz-Credential`.

use alloc::string::String;

use crate::amz_date::AmzDate;

/// Where a signature is valid: one day, one region, one service.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CredentialScope<'a> {
    /// `YYYYMMDD`.
    pub date: &'a str,
    /// e.g. `us-east-1`.
    pub region: &'a str,
    /// The SigV4 service name, e.g. `rds-db`.
    pub service: &'a str,
}

impl<'a> CredentialScope<'a> {
    /// The scope for a signing time.
    pub fn new(amz_date: &'a AmzDate, region: &'a str, service: &'a str) -> Self {
        Self { date: amz_date.date(), region, service }
    }

    /// Appends `date/region/service/aws4_request` to `out`.
    pub fn write_to(&self, out: &mut String) {
        for part in [self.date, "/", self.region, "/", self.service, "/aws4_request"] {
            out.push_str(part);
        }
    }
}
