//! Aurora DSQL: `Action=DbConnect` (or `DbConnectAdmin`), no user, the host
//! without a port.

use alloc::borrow::ToOwned;

use super::{Shape, TokenInput};
use crate::{error::Result, validate};

pub(super) fn shape(input: &TokenInput<'_>) -> Result<Shape> {
    let host = validate::hostname(input.hostname)?.to_owned();
    validate::absent(input.port, "port")?;
    validate::absent(input.username, "username")?;
    validate::absent(input.serverless, "serverless")?;
    let action = if input.admin == Some(true) { "DbConnectAdmin" } else { "DbConnect" };
    Ok(Shape { host, action, user: None, serverless: false })
}
