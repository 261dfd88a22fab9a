//! RDS and RDS Proxy: `Action=connect&DBUser=...`, signed for `host:port`
//! exactly as given (also for 443, as the JS SDK does).

use alloc::{borrow::ToOwned, string::String};

use super::{Shape, TokenInput};
use crate::{encode::push_decimal, error::Result, validate};

pub(super) fn shape(input: &TokenInput<'_>) -> Result<Shape> {
    let hostname = validate::hostname(input.hostname)?;
    let port = validate::port(input.port)?;
    let user = validate::username(input.username)?;
    validate::absent(input.admin, "admin")?;
    validate::absent(input.serverless, "serverless")?;
    let mut host = String::with_capacity(hostname.len() + 6);
    host.push_str(hostname);
    host.push(':');
    push_decimal(&mut host, u64::from(port));
    Ok(Shape { host, action: "connect", user: Some(("DBUser", user.to_owned())), serverless: false })
}
