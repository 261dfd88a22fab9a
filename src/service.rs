//! The token kinds and their fixed facts, in one table.

use crate::error::{Error, ErrorCode, Result};

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

impl Service {
    /// Every kind, in the order of the API docs.
    pub const ALL: [Self; 4] = [Self::Rds, Self::Dsql, Self::ElastiCache, Self::MemoryDb];

    /// From the API name (`rds`, `dsql`, `elasticache`, `memorydb`).
    pub fn parse(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .ok_or(Error::input(ErrorCode::InvalidService, "service", "must be rds, dsql, elasticache or memorydb"))
    }

    /// From the SigV4 service name in a credential scope.
    pub fn from_signing_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.signing_name() == name)
    }

    /// The API name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Rds => "rds",
            Self::Dsql => "dsql",
            Self::ElastiCache => "elasticache",
            Self::MemoryDb => "memorydb",
        }
    }

    /// The SigV4 service name of the credential scope.
    pub const fn signing_name(self) -> &'static str {
        match self {
            Self::Rds => "rds-db",
            Self::Dsql => "dsql",
            Self::ElastiCache => "elasticache",
            Self::MemoryDb => "memorydb",
        }
    }

    /// The longest lifetime the service accepts, seconds.
    pub const fn max_expires_in(self) -> u32 {
        match self {
            Self::Dsql => 604_800,
            Self::Rds | Self::ElastiCache | Self::MemoryDb => 900,
        }
    }
}
