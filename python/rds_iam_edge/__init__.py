"""AWS database IAM auth tokens (RDS, RDS Proxy, Aurora DSQL, ElastiCache,
MemoryDB) from the rds-iam-edge Rust core: byte-equal to the official SDKs'
tokens, with a cached, thread- and asyncio-safe ``TokenProvider`` and a
SQLAlchemy drop-in (``rds_iam_edge.sqlalchemy.RDSIAMAuth``)."""

from importlib import metadata as _metadata

from ._credentials import Identity
from ._errors import ERROR_CODES, RdsIamError, RdsIamWarning
from ._provider import TokenProvider
from ._refused import login_refused_error
from ._signing import TokenInfo, TokenSigner, Verification, inspect_token, sign_token, verify_token

__all__ = [
    "ERROR_CODES",
    "Identity",
    "RdsIamError",
    "RdsIamWarning",
    "TokenInfo",
    "TokenProvider",
    "TokenSigner",
    "Verification",
    "inspect_token",
    "login_refused_error",
    "sign_token",
    "verify_token",
]

try:
    __version__ = _metadata.version("rds-iam-edge")
except _metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"
