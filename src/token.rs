//! The token request. [`TokenInput`] is the raw, flat input (the same fields
//! as the JS `TokenInput`); [`TokenInput::validate`] is the one place it is
//! checked and normalised into [`TokenParams`], by the kind's row in
//! [`crate::kind`]; [`TokenParams::with_presign`] is the one place the
//! request to sign is built, for signing and verifying alike.

use alloc::string::String;

use crate::{
    amz_date::{AmzDate, SigningTime},
    credentials::Credentials,
    endpoint::endpoint_region,
    error::{Error, ErrorCode, Result},
    kind::{Host, Names, Service},
    presign::Presign,
    scope::CredentialScope,
    template::Template,
    validate,
};

/// What a token is for, as the caller gives it. Fields a kind does not use
/// must be `None` (`NOT_APPLICABLE` otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInput<'a> {
    /// The token kind.
    pub service: Service,
    /// RDS / DSQL: the endpoint host; ElastiCache / MemoryDB: the cache or cluster name.
    pub hostname: &'a str,
    /// RDS only, required: 1..=65535.
    pub port: Option<i64>,
    /// RDS, ElastiCache, MemoryDB: required; DSQL: not allowed.
    pub username: Option<&'a str>,
    /// The region; `""` takes it from the endpoint ([`crate::endpoint_region`]:
    /// RDS, RDS Proxy, Aurora, DSQL hosts), else `REGION_UNAVAILABLE`.
    pub region: &'a str,
    /// Seconds; default 900; RDS and cache kinds 1..=900, DSQL 1..=604800.
    pub expires_in: Option<i64>,
    /// DSQL only: `DbConnectAdmin` instead of `DbConnect`.
    pub admin: Option<bool>,
    /// ElastiCache only: add `ResourceType=ServerlessCache`.
    pub serverless: Option<bool>,
}

impl<'a> TokenInput<'a> {
    fn new(service: Service, hostname: &'a str, region: &'a str) -> Self {
        Self { service, hostname, port: None, username: None, region, expires_in: None, admin: None, serverless: None }
    }

    /// An RDS or RDS Proxy token for `username` at `hostname:port`.
    pub fn rds(hostname: &'a str, port: u16, username: &'a str, region: &'a str) -> Self {
        Self { port: Some(i64::from(port)), username: Some(username), ..Self::new(Service::Rds, hostname, region) }
    }

    /// An Aurora DSQL token (`DbConnect`; see [`Self::admin`]).
    pub fn dsql(hostname: &'a str, region: &'a str) -> Self {
        Self::new(Service::Dsql, hostname, region)
    }

    /// An ElastiCache token for `username` on the cache `cache_name`.
    pub fn elasticache(cache_name: &'a str, username: &'a str, region: &'a str) -> Self {
        Self { username: Some(username), ..Self::new(Service::ElastiCache, cache_name, region) }
    }

    /// A MemoryDB token for `username` on the cluster `cluster_name`.
    pub fn memorydb(cluster_name: &'a str, username: &'a str, region: &'a str) -> Self {
        Self { username: Some(username), ..Self::new(Service::MemoryDb, cluster_name, region) }
    }

    /// Sets the lifetime in seconds.
    pub fn expires_in(self, seconds: i64) -> Self {
        Self { expires_in: Some(seconds), ..self }
    }

    /// DSQL: sign for the `admin` role (`DbConnectAdmin`).
    pub fn admin(self, admin: bool) -> Self {
        Self { admin: Some(admin), ..self }
    }

    /// ElastiCache: sign for a serverless cache.
    pub fn serverless(self, serverless: bool) -> Self {
        Self { serverless: Some(serverless), ..self }
    }

    /// Checks every field against the kind's row, in field order: hostname,
    /// port, username, admin, serverless, region, expiresIn.
    pub fn validate(&self) -> Result<TokenParams> {
        let kind = self.service.kind();
        let name = match kind.names {
            Names::AsGiven => crate::owned(validate::hostname(self.hostname)?),
            Names::ElastiCache => validate::elasticache_name(self.hostname)?,
        };
        let host = match kind.host {
            Host::EndpointAndPort => {
                let port = validate::port(self.port)?;
                let mut host = name;
                crate::push_all(&mut host, &[":"]);
                crate::encode::push_decimal(&mut host, u64::from(port));
                host
            }
            Host::Endpoint | Host::ResourceName => {
                validate::absent(self.port, field!("port"))?;
                name
            }
        };
        let user = match kind.user_param {
            Some(param) => Some((
                param,
                match kind.names {
                    Names::AsGiven => crate::owned(validate::username(self.username)?),
                    Names::ElastiCache => validate::elasticache_user(self.username)?,
                },
            )),
            None => {
                validate::absent(self.username, field!("username"))?;
                None
            }
        };
        let action = match kind.admin_action {
            Some(admin) if self.admin == Some(true) => admin,
            Some(_) => kind.action,
            None => {
                validate::absent(self.admin, field!("admin"))?;
                kind.action
            }
        };
        if !kind.serverless {
            validate::absent(self.serverless, field!("serverless"))?;
        }
        let region = match (self.region, kind.host) {
            ("", Host::EndpointAndPort | Host::Endpoint) => endpoint_region(self.hostname).ok_or(NO_REGION)?,
            ("", Host::ResourceName) => return Err(NO_REGION),
            (given, _) => validate::region(given)?,
        };
        let expires_in = validate::expires_in(self.expires_in, kind.max_expires_in, kind.expires_in_reason)?;
        Ok(TokenParams {
            service: self.service,
            host,
            action,
            user,
            serverless: self.serverless == Some(true),
            region: crate::owned(region),
            expires_in,
        })
    }
}

const NO_REGION: Error = Error::input(
    ErrorCode::RegionUnavailable,
    field!("region"),
    reason!("not given, and the hostname is not an aws endpoint that names one"),
);

/// A checked, normalised token request: everything but credentials and time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenParams {
    // pub(crate): `inspect` builds parameters read back from a token,
    // already checked against the kind's row.
    pub(crate) service: Service,
    /// The `host` header as signed (`host:port` for RDS).
    pub(crate) host: String,
    pub(crate) action: &'static str,
    /// The kind's user parameter and the user.
    pub(crate) user: Option<(&'static str, String)>,
    pub(crate) serverless: bool,
    pub(crate) region: String,
    pub(crate) expires_in: u32,
}

impl TokenParams {
    /// The token kind.
    pub fn service(&self) -> Service {
        self.service
    }

    /// The region signed for (given, or the endpoint's).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Lifetime in seconds.
    pub fn expires_in(&self) -> u32 {
        self.expires_in
    }

    /// The credential scope these parameters are signed in on `amz_date`'s day.
    pub(crate) fn scope<'a>(&'a self, amz_date: &'a AmzDate) -> CredentialScope<'a> {
        CredentialScope::new(amz_date, &self.region, self.service.signing_name())
    }

    /// The request these parameters make for `credentials`, laid out to be
    /// signed at any time.
    pub(crate) fn template(&self, credentials: &Credentials) -> Template {
        self.with_presign(credentials.access_key_id(), credentials.session_token(), SigningTime::EPOCH, Template::new)
    }

    /// Runs `f` with the presign request for these parameters, signed by
    /// `access_key_id` (with `session_token`) at `time`.
    pub(crate) fn with_presign<R>(
        &self,
        access_key_id: &str,
        session_token: Option<&str>,
        time: SigningTime,
        f: impl FnOnce(&Presign<'_>) -> R,
    ) -> R {
        let mut params: [(&str, &str); 3] = [("Action", self.action); 3];
        let mut n = 1;
        if let Some((key, user)) = &self.user {
            params[n] = (key, user);
            n += 1;
        }
        if self.serverless {
            params[n] = ("ResourceType", "ServerlessCache");
            n += 1;
        }
        f(&Presign {
            host: &self.host,
            params: &params[..n],
            access_key_id,
            session_token,
            region: &self.region,
            service: self.service.signing_name(),
            time,
            expires_in: self.expires_in,
        })
    }
}
