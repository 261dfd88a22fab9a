//! ElastiCache and MemoryDB: `Action=connect&User=...` signed for the cache
//! or cluster name (no port); serverless ElastiCache adds
//! `ResourceType=ServerlessCache`. ElastiCache names are lower-cased and
//! checked against its naming rules, as AWS's ElastiCache toolkit does;
//! MemoryDB names are signed as given (no AWS tool or document lower-cases
//! them).

use alloc::borrow::ToOwned;

use super::{Shape, TokenInput};
use crate::{error::Result, service::Service, validate};

pub(super) fn shape(input: &TokenInput<'_>) -> Result<Shape> {
    let (host, user) = if input.service == Service::ElastiCache {
        (validate::elasticache_name(input.hostname)?, validate::elasticache_user(input.username)?)
    } else {
        (validate::hostname(input.hostname)?.to_owned(), validate::username(input.username)?.to_owned())
    };
    validate::absent(input.port, "port")?;
    validate::absent(input.admin, "admin")?;
    if input.service == Service::MemoryDb {
        validate::absent(input.serverless, "serverless")?;
    }
    Ok(Shape { host, action: "connect", user: Some(("User", user)), serverless: input.serverless == Some(true) })
}
