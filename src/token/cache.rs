//! ElastiCache and MemoryDB: `Action=connect&User=...` signed for the cache
//! or cluster name (no port); serverless ElastiCache adds
//! `ResourceType=ServerlessCache`.

use alloc::borrow::ToOwned;

use super::{Shape, TokenInput};
use crate::{error::Result, service::Service, validate};

pub(super) fn shape(input: &TokenInput<'_>) -> Result<Shape> {
    let host = validate::hostname(input.hostname)?.to_owned();
    validate::absent(input.port, "port")?;
    let user = validate::username(input.username)?;
    validate::absent(input.admin, "admin")?;
    if input.service == Service::MemoryDb {
        validate::absent(input.serverless, "serverless")?;
    }
    Ok(Shape { host, action: "connect", user: Some(("User", user.to_owned())), serverless: input.serverless == Some(true) })
}
