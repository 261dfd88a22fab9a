//! The region an AWS database endpoint names, read from its DNS name alone
//! (no lookup): a token must be signed for the database's region, not the
//! region the caller happens to run in.
//!
//! ```text
//! RDS instance      <name>.<id>.<region>.rds.<suffix>
//! Aurora cluster    <name>.cluster-<id>.<region>.rds.<suffix>   (also cluster-ro-, cluster-custom-, shardgrp-)
//! RDS Proxy         <name>.proxy-<id>.<region>.rds.<suffix>     (and <endpoint>.endpoint.proxy-<id>...)
//! China (newer)     <name>.<id>.rds.<region>.amazonaws.com.cn   (rds.<region>, also seen in GovCloud / ISO)
//! Aurora DSQL       <id>.dsql.<region>.on.aws
//! ```
//!
//! `rds-fips` stands for `rds` anywhere. Only a label shaped like a region
//! ([`crate::validate::is_region`]) counts, so a global-database writer
//! (`<name>.global-<id>.global.rds.amazonaws.com`) names none.

use crate::validate::is_region;

/// The partitions' DNS suffixes: `aws` and `aws-us-gov`, `aws-cn`,
/// `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, `aws-eusc`.
const RDS_SUFFIXES: [&str; 7] = [
    "amazonaws.com",
    "amazonaws.com.cn",
    "c2s.ic.gov",
    "sc2s.sgov.gov",
    "cloud.adc-e.uk",
    "csp.hci.ic.gov",
    "amazonaws.eu",
];

/// The region in an RDS, RDS Proxy, Aurora or Aurora DSQL endpoint, or
/// `None` for any other host (a custom DNS name, an IP address, a cache
/// name). Everything after the name and id is matched as AWS prints it, in
/// lower case (`MyDB.abc123.us-east-1.rds.amazonaws.com` names `us-east-1`;
/// `...US-EAST-1.RDS.AMAZONAWS.COM` names none: give the region).
///
/// ```
/// use rds_iam_edge::endpoint_region;
///
/// assert_eq!(endpoint_region("mydb.abc123.eu-west-1.rds.amazonaws.com"), Some("eu-west-1"));
/// assert_eq!(endpoint_region("app.proxy-abc123.us-gov-west-1.rds.amazonaws.com"), Some("us-gov-west-1"));
/// assert_eq!(endpoint_region("mydb.abc123.rds.cn-north-1.amazonaws.com.cn"), Some("cn-north-1"));
/// assert_eq!(endpoint_region("abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"), Some("us-east-1"));
/// assert_eq!(endpoint_region("db.example.com"), None);
/// ```
pub fn endpoint_region(hostname: &str) -> Option<&str> {
    // A fully qualified name may end in the root's dot.
    let host = match hostname.as_bytes().last() {
        Some(b'.') => hostname.get(..hostname.len() - 1)?,
        _ => hostname,
    };
    if host.len() > 253 || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
        return None;
    }
    dsql_region(host).or_else(|| rds_region(host))
}

/// `<id>.dsql.<region>.on.aws`.
fn dsql_region(host: &str) -> Option<&str> {
    let rest = host.strip_suffix(".on.aws")?;
    let (front, region) = cut_last(rest)?;
    let (id, service) = cut_last(front)?;
    (service == "dsql" && well_formed(id) && is_region(region)).then_some(region)
}

/// `<name>.<id>.<region>.rds.<suffix>` or `<name>.<id>.rds.<region>.<suffix>`.
fn rds_region(host: &str) -> Option<&str> {
    let rest = RDS_SUFFIXES.iter().find_map(|suffix| host.strip_suffix(*suffix)?.strip_suffix("."))?;
    let (front, last) = cut_last(rest)?;
    let (names, second) = cut_last(front)?;
    let region = match (is_rds(second), is_rds(last)) {
        (false, true) => second,
        (true, false) => last,
        _ => return None,
    };
    // At least a name and an id (`mydb.abc123`, `app.cluster-abc123`) before.
    let (name, id) = cut_last(names)?;
    (well_formed(name) && well_formed(id) && is_region(region)).then_some(region)
}

fn is_rds(label: &str) -> bool {
    label == "rds" || label == "rds-fips"
}

/// Non-empty dot-separated labels.
fn well_formed(labels: &str) -> bool {
    let bytes = labels.as_bytes();
    bytes.first().is_some_and(|&b| b != b'.')
        && bytes.last().is_some_and(|&b| b != b'.')
        && !bytes.windows(2).any(|w| w == b"..")
}

/// `text` split at its last dot: (before, after). A byte loop, as in `validate`.
fn cut_last(text: &str) -> Option<(&str, &str)> {
    let dot = text.bytes().rposition(|b| b == b'.')?;
    let (before, after) = text.split_at_checked(dot)?;
    Some((before, after.get(1..)?))
}
