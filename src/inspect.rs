//! Parsing a token back into its fields. Strict: anything our signer or an
//! official SDK would not produce is `INVALID_TOKEN`; parameter order is free
//! (botocore and the Rust SDK put the signature last).

use alloc::{borrow::ToOwned, string::String};

use crate::{
    amz_date::SigningTime,
    encode::decode,
    error::{Error, Result},
    kind::{Host, Service, MAX_EXPIRES_IN},
    string_to_sign::ALGORITHM,
    token::TokenParams,
    validate,
};

/// What a token says, without its signature or session token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    /// The token kind.
    pub service: Service,
    /// `connect`, `DbConnect` or `DbConnectAdmin`.
    pub action: String,
    /// The host (or cache name) signed.
    pub hostname: String,
    /// The port signed (RDS only).
    pub port: Option<u16>,
    /// `DBUser` / `User` (not DSQL).
    pub username: Option<String>,
    /// The credential scope's region.
    pub region: String,
    /// The access key id that signed.
    pub access_key_id: String,
    /// `X-Amz-Date`.
    pub signed_at: SigningTime,
    /// `X-Amz-Expires`, seconds.
    pub expires_in: u32,
    /// Whether `X-Amz-Security-Token` is present (temporary credentials).
    pub has_session_token: bool,
    /// ElastiCache `ResourceType=ServerlessCache`.
    pub serverless: bool,
}

impl TokenInfo {
    /// When the token stops being valid, epoch milliseconds.
    pub fn expires_at_ms(&self) -> i64 {
        self.signed_at.epoch_millis() + i64::from(self.expires_in) * 1000
    }
}

/// The longest token `inspect` and `verify` read: the inputs' 64 KiB cap.
/// A real token is under 2 KiB (under 4 KiB with a long session token), so
/// anything longer is refused before any work is done on it.
pub const MAX_TOKEN_LEN: usize = 64 * 1024;

/// Parses `token` into its fields.
pub fn inspect(token: &str) -> Result<TokenInfo> {
    ParsedToken::parse(token).map(|parsed| parsed.info)
}

/// A token taken apart, with what verification needs beyond [`TokenInfo`].
/// Holds the session token, so it is crate-private and never printed.
pub(crate) struct ParsedToken {
    pub info: TokenInfo,
    /// The request as signed, in the signer's own form.
    pub params: TokenParams,
    pub session_token: Option<String>,
    pub signature: [u8; 32],
}

const KNOWN_KEYS: [&str; 11] = [
    "Action",
    "DBUser",
    "User",
    "ResourceType",
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
    "X-Amz-SignedHeaders",
];

/// Each known parameter's decoded value, in [`KNOWN_KEYS`] order.
type Decoded = [Option<String>; KNOWN_KEYS.len()];

impl ParsedToken {
    pub(crate) fn parse(token: &str) -> Result<Self> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(Error::token(reason!("longer than 64 KiB; no auth token is")));
        }
        let (host, query) = token
            .split_once('/')
            .and_then(|(host, rest)| Some((host, rest.strip_prefix('?')?)))
            .ok_or(Error::token(reason!("must be host/?query")))?;
        let values = decode_query(query)?;
        Self::check(host, values.each_ref().map(Option::as_deref))
    }

    /// Checks the decoded parameters against each other, the host and the
    /// kind's row. Works on borrowed text and copies out only at the end,
    /// which keeps the many error returns free of clean-up code (smaller wasm).
    fn check<'a>(host: &str, values: [Option<&'a str>; KNOWN_KEYS.len()]) -> Result<Self> {
        let [action, db_user, user, resource_type, algorithm, credential, date, expires, session_token, signature, signed_headers] =
            values;
        let required = |v: Option<&'a str>, reason| v.ok_or(Error::token(reason));

        if required(algorithm, reason!("missing X-Amz-Algorithm"))? != ALGORITHM {
            return Err(Error::token(reason!("X-Amz-Algorithm must be AWS4-HMAC-SHA256")));
        }
        if required(signed_headers, reason!("missing X-Amz-SignedHeaders"))? != "host" {
            return Err(Error::token(reason!("X-Amz-SignedHeaders must be host")));
        }
        let credential = required(credential, reason!("missing X-Amz-Credential"))?;
        let mut parts = credential.split('/');
        let (Some(akid), Some(scope_date), Some(region), Some(signing_name), Some("aws4_request"), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::token(reason!("X-Amz-Credential must be key/date/region/service/aws4_request")));
        };
        validate::access_key_id(akid).map_err(|_| Error::token(reason!("malformed access key id")))?;
        let region = validate::region(region).map_err(|_| Error::token(reason!("malformed region")))?;
        let service = Service::from_signing_name(signing_name).ok_or(Error::token(reason!("unknown service")))?;
        let kind = service.kind();
        let date = required(date, reason!("missing X-Amz-Date"))?;
        let signed_at = SigningTime::parse_amz_date(date).ok_or(Error::token(reason!("malformed X-Amz-Date")))?;
        if date.get(..8) != Some(scope_date) {
            return Err(Error::token(reason!("credential scope date differs from X-Amz-Date")));
        }
        // Up to the longest any kind allows: a token over its own kind's
        // maximum is still read (botocore signs them), and `verify` refuses it.
        let expires_in = parse_decimal(required(expires, reason!("missing X-Amz-Expires"))?)
            .filter(|s| (1..=MAX_EXPIRES_IN).contains(s))
            .ok_or(Error::token(reason!("X-Amz-Expires must be 1 to 604800")))?;
        let signature = parse_signature(required(signature, reason!("missing X-Amz-Signature"))?)?;
        if session_token == Some("") {
            return Err(Error::token(reason!("empty X-Amz-Security-Token")));
        }

        let action = required(action, reason!("missing Action"))?;
        let action = [Some(kind.action), kind.admin_action]
            .into_iter()
            .flatten()
            .find(|known| *known == action)
            .ok_or(Error::token(reason!("action does not match the service")))?;
        let user = match kind.user_param {
            Some(param) => {
                let (wanted, other) = if param == "DBUser" { (db_user, user) } else { (user, db_user) };
                Some((param, only(wanted, other)?))
            }
            None if db_user.is_some() || user.is_some() => {
                return Err(Error::token(reason!("this kind's tokens carry no user")))
            }
            None => None,
        };
        let serverless = match resource_type {
            None => false,
            Some("ServerlessCache") if kind.serverless => true,
            Some(_) => return Err(Error::token(reason!("unexpected ResourceType"))),
        };
        let (hostname, port) = split_host(host, kind.host)?;
        Ok(Self {
            info: TokenInfo {
                service,
                action: action.to_owned(),
                hostname: hostname.to_owned(),
                port,
                username: user.map(|(_, u)| u.to_owned()),
                region: region.to_owned(),
                access_key_id: akid.to_owned(),
                signed_at,
                expires_in,
                has_session_token: session_token.is_some(),
                serverless,
            },
            params: TokenParams {
                service,
                host: host.to_owned(),
                action,
                user: user.map(|(param, u)| (param, u.to_owned())),
                serverless,
                region: region.to_owned(),
                expires_in,
            },
            session_token: session_token.map(str::to_owned),
            signature,
        })
    }
}

/// Decodes `k=v&k=v...` into the known parameters' slots.
fn decode_query(query: &str) -> Result<Decoded> {
    let mut values = Decoded::default();
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').ok_or(Error::token(reason!("every parameter needs a value")))?;
        let slot = KNOWN_KEYS
            .iter()
            .zip(values.iter_mut())
            .find_map(|(known, slot)| (*known == key).then_some(slot))
            .ok_or(Error::token(reason!("unknown parameter")))?;
        if slot.is_some() {
            return Err(Error::token(reason!("repeated parameter")));
        }
        *slot = Some(decode(value).ok_or(Error::token(reason!("badly encoded parameter")))?);
    }
    Ok(values)
}

/// The user parameter the kind uses, with the other one absent.
fn only<'a>(wanted: Option<&'a str>, other: Option<&str>) -> Result<&'a str> {
    if other.is_some() {
        return Err(Error::token(reason!("user parameter does not match the service")));
    }
    match wanted {
        Some(user) if !user.is_empty() => Ok(user),
        _ => Err(Error::token(reason!("missing the kind's user parameter"))),
    }
}

/// `host:port` for RDS, a bare host otherwise.
fn split_host(host: &str, form: Host) -> Result<(&str, Option<u16>)> {
    let (name, port) = match form {
        Host::EndpointAndPort => {
            let (name, port) = host.rsplit_once(':').ok_or(Error::token(reason!("rds tokens need host:port")))?;
            let port = parse_decimal(port)
                .and_then(|p| u16::try_from(p).ok())
                .filter(|&p| p != 0)
                .ok_or(Error::token(reason!("malformed port")))?;
            (name, Some(port))
        }
        _ => (host, None),
    };
    validate::hostname(name).map_err(|_| Error::token(reason!("malformed host")))?;
    Ok((name, port))
}

/// A canonical decimal: digits only, no sign, no leading zero.
fn parse_decimal(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || text.starts_with('0') || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn parse_signature(text: &str) -> Result<[u8; 32]> {
    crate::hex::decode(text).ok_or(Error::token(reason!("X-Amz-Signature must be 64 lower-case hex digits")))
}
