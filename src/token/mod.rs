//! Token kinds over the shared presigner. [`TokenInput`] is the raw, flat
//! input (the same fields as the JS `TokenInput`); [`TokenInput::validate`]
//! is the one place it is checked and normalised into [`TokenParams`].

use alloc::{borrow::ToOwned, string::String};

mod cache;
mod dsql;
mod rds;

use crate::{
    amz_date::{AmzDate, SigningTime},
    credentials::Credentials,
    endpoint::endpoint_region,
    error::{Error, ErrorCode, Result},
    presign::Presign,
    scope::CredentialScope,
    service::Service,
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

    /// Checks every field against the kind's rules, in field order.
    pub fn validate(&self) -> Result<TokenParams> {
        let shape = match self.service {
            Service::Rds => rds::shape(self)?,
            Service::Dsql => dsql::shape(self)?,
            Service::ElastiCache | Service::MemoryDb => cache::shape(self)?,
        };
        let region = match self.region {
            "" => endpoint_region(self.hostname).ok_or(Error::input(
                ErrorCode::RegionUnavailable,
                "region",
                "not given, and the hostname is not an aws endpoint that names one",
            ))?,
            given => validate::region(given)?,
        }
        .to_owned();
        let expires_in = validate::expires_in(self.expires_in, self.service.max_expires_in())?;
        Ok(TokenParams { service: self.service, shape, region, expires_in })
    }
}

/// What a kind puts into the request: the signed host and its parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shape {
    host: String,
    action: &'static str,
    user: Option<(&'static str, String)>,
    serverless: bool,
}

/// A checked, normalised token request: everything but credentials and time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenParams {
    service: Service,
    shape: Shape,
    region: String,
    expires_in: u32,
}

impl TokenParams {
    /// The token kind.
    pub fn service(&self) -> Service {
        self.service
    }

    /// The region.
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

    /// Runs `f` with the presign request for these parameters.
    pub(crate) fn with_presign<R>(&self, credentials: &Credentials, time: SigningTime, f: impl FnOnce(&Presign<'_>) -> R) -> R {
        let shape = &self.shape;
        let mut params: [(&str, &str); 3] = [("Action", shape.action); 3];
        let mut n = 1;
        if let Some((key, user)) = &shape.user {
            params[n] = (key, user);
            n += 1;
        }
        if shape.serverless {
            params[n] = ("ResourceType", "ServerlessCache");
            n += 1;
        }
        f(&Presign {
            host: &shape.host,
            params: &params[..n],
            access_key_id: credentials.access_key_id(),
            session_token: credentials.session_token(),
            region: &self.region,
            service: self.service.signing_name(),
            time,
            expires_in: self.expires_in,
        })
    }
}
