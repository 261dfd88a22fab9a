//! The token kinds, in one table: every fact that tells one kind from
//! another lives in [`KINDS`], and shaping ([`crate::TokenInput::validate`]),
//! [`crate::inspect`] and [`crate::verify`] read it from here. A new kind is
//! one more [`Service`] variant and one more row.

use crate::error::{Error, ErrorCode, Reason, Result};

/// Which database service a token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    /// RDS and RDS Proxy (MySQL, MariaDB, PostgreSQL): SigV4 service `rds-db`.
    Rds,
    /// Aurora DSQL: SigV4 service `dsql`.
    Dsql,
    /// ElastiCache (Valkey / Redis OSS): SigV4 service `elasticache`.
    ElastiCache,
    /// MemoryDB: SigV4 service `memorydb`.
    MemoryDb,
}

/// What the signed host is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    /// A DNS endpoint signed as `host:port` (the port required), whose name
    /// may reveal the region.
    EndpointAndPort,
    /// A DNS endpoint signed bare, whose name may reveal the region.
    Endpoint,
    /// A resource name (cache / cluster), signed bare; no region in it.
    ResourceName,
}

/// How names (host and user) are checked and spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Names {
    /// Signed exactly as given (the SDKs' behaviour).
    AsGiven,
    /// ElastiCache's naming rules, lower-cased (it stores names lower-case).
    ElastiCache,
}

/// One token kind's facts.
#[derive(Debug)]
pub(crate) struct Kind {
    pub service: Service,
    /// The API name (`TokenInput.service`).
    pub name: &'static str,
    /// The SigV4 service name of the credential scope.
    pub signing_name: &'static str,
    /// `Action` by default, and with `admin: true` (`None`: `admin` does not apply).
    pub action: &'static str,
    pub admin_action: Option<&'static str>,
    /// The query parameter carrying the user (`None`: no user; `username` does not apply).
    pub user_param: Option<&'static str>,
    pub host: Host,
    pub names: Names,
    /// Whether `serverless: true` (`ResourceType=ServerlessCache`) applies.
    pub serverless: bool,
    /// The longest lifetime the service accepts, seconds; signing and
    /// verifying both obey it.
    pub max_expires_in: u32,
    /// `INVALID_EXPIRES_IN`'s reason (static: reasons never format input).
    pub expires_in_reason: Reason,
}

/// Every kind, in the order of [`Service::ALL`].
pub(crate) const KINDS: [Kind; 4] = [
    Kind {
        service: Service::Rds,
        name: "rds",
        signing_name: "rds-db",
        action: "connect",
        admin_action: None,
        user_param: Some("DBUser"),
        host: Host::EndpointAndPort,
        names: Names::AsGiven,
        serverless: false,
        max_expires_in: 900,
        expires_in_reason: reason!("must be from 1 to 900 seconds"),
    },
    Kind {
        service: Service::Dsql,
        name: "dsql",
        signing_name: "dsql",
        action: "DbConnect",
        admin_action: Some("DbConnectAdmin"),
        user_param: None,
        host: Host::Endpoint,
        names: Names::AsGiven,
        serverless: false,
        max_expires_in: 604_800,
        expires_in_reason: reason!("must be from 1 to 604800 seconds"),
    },
    Kind {
        service: Service::ElastiCache,
        name: "elasticache",
        signing_name: "elasticache",
        action: "connect",
        admin_action: None,
        user_param: Some("User"),
        host: Host::ResourceName,
        names: Names::ElastiCache,
        serverless: true,
        max_expires_in: 900,
        expires_in_reason: reason!("must be from 1 to 900 seconds"),
    },
    Kind {
        service: Service::MemoryDb,
        name: "memorydb",
        signing_name: "memorydb",
        action: "connect",
        admin_action: None,
        user_param: Some("User"),
        host: Host::ResourceName,
        names: Names::AsGiven,
        serverless: false,
        max_expires_in: 900,
        expires_in_reason: reason!("must be from 1 to 900 seconds"),
    },
];

/// The longest lifetime of any kind: what a token may say before its kind is known.
pub(crate) const MAX_EXPIRES_IN: u32 = 604_800;

// Checked at compile time: the rows are in `Service::ALL` order, so that
// `Service::kind` can index, and no kind outlives `MAX_EXPIRES_IN`.
const _: () = {
    let mut i = 0;
    while i < KINDS.len() {
        assert!(KINDS[i].service as usize == i);
        assert!(KINDS[i].max_expires_in <= MAX_EXPIRES_IN);
        i += 1;
    }
};

impl Service {
    /// Every kind, in the order of the API docs.
    pub const ALL: [Self; 4] = [Self::Rds, Self::Dsql, Self::ElastiCache, Self::MemoryDb];

    /// This kind's row.
    pub(crate) const fn kind(self) -> &'static Kind {
        &KINDS[self as usize]
    }

    /// From the API name (`rds`, `dsql`, `elasticache`, `memorydb`).
    pub fn parse(name: &str) -> Result<Self> {
        KINDS.iter().find(|k| k.name == name).map(|k| k.service).ok_or(Error::input(
            ErrorCode::InvalidService,
            field!("service"),
            reason!("must be rds, dsql, elasticache or memorydb"),
        ))
    }

    /// From the SigV4 service name in a credential scope.
    pub fn from_signing_name(name: &str) -> Option<Self> {
        KINDS.iter().find(|k| k.signing_name == name).map(|k| k.service)
    }

    /// The API name.
    pub const fn as_str(self) -> &'static str {
        self.kind().name
    }

    /// The SigV4 service name of the credential scope.
    pub const fn signing_name(self) -> &'static str {
        self.kind().signing_name
    }

    /// The longest lifetime the service accepts, seconds; signing and
    /// verifying both obey it.
    pub const fn max_expires_in(self) -> u32 {
        self.kind().max_expires_in
    }

    /// `Action`, by default (`connect`, `DbConnect`).
    pub const fn action(self) -> &'static str {
        self.kind().action
    }

    /// `Action` with `admin: true` (`DbConnectAdmin`); `None`: `admin` does not apply.
    pub const fn admin_action(self) -> Option<&'static str> {
        self.kind().admin_action
    }

    /// The query parameter carrying the user (`DBUser`, `User`); `None`:
    /// `username` does not apply.
    pub const fn user_parameter(self) -> Option<&'static str> {
        self.kind().user_param
    }

    /// Whether `port` is required (and signed as `host:port`); otherwise it does not apply.
    pub const fn port_required(self) -> bool {
        matches!(self.kind().host, Host::EndpointAndPort)
    }

    /// Whether the hostname is an endpoint that may name the region
    /// ([`crate::endpoint_region`]); otherwise it is a resource name.
    pub const fn region_from_hostname(self) -> bool {
        !matches!(self.kind().host, Host::ResourceName)
    }

    /// Whether `serverless` applies.
    pub const fn serverless_applies(self) -> bool {
        self.kind().serverless
    }

    /// Whether names (hostname and user) are lower-cased and held to the
    /// service's naming rules (ElastiCache) rather than signed as given.
    pub const fn lower_cases_names(self) -> bool {
        matches!(self.kind().names, Names::ElastiCache)
    }
}
