//! RDS and RDS Proxy: `Action=connect&DBUser=...`, signed for `host:port`
//! exactly as given (also for 443, as the JS SDK does).

use super::{Shape, TokenInput};
use crate::{error::Result, validate};

pub(super) fn shape(input: &TokenInput<'_>) -> Result<Shape> {
    let hostname = validate::hostname(input.hostname)?;
    let port = validate::port(input.port)?;
    let user = validate::username(input.username)?;
    validate::absent(input.admin, "admin")?;
    validate::absent(input.serverless, "serverless")?;
    let mut host = String::with_capacity(hostname.len() + 6);
    host.push_str(hostname);
    host.push(':');
    host.push_str(&port.to_string());
    Ok(Shape { host, action: "connect", user: Some(("DBUser", user.to_owned())), serverless: false })
}
