"""Region resolution for providers: the caller's value, else the endpoint's
own region, else the boto3 session's, else AWS_REGION, AWS_DEFAULT_REGION,
then botocore's profile region, else a loud REGION_UNAVAILABLE. Never a
guess: a wrong region makes a token that fails at login."""

from __future__ import annotations

import functools
import os
from typing import Any

from . import _core
from ._errors import RdsIamError
from ._kinds import KINDS

# The core reads the endpoint (every partition's RDS, RDS Proxy, Aurora and
# DSQL name forms); a pool asks for the same few hosts again and again.
endpoint_region = functools.lru_cache(maxsize=256)(_core.endpoint_region)


def resolve_region(explicit: object, hostname: object, session: Any = None, service: str = "rds") -> str:
    """The region to sign for (validated later by the core)."""
    if explicit is not None:
        if not isinstance(explicit, str):
            raise RdsIamError("INVALID_INPUT", "region", "must be a str")
        if not explicit:
            raise RdsIamError("INVALID_REGION", "region", "must not be empty; pass None to find it")
        return explicit
    kind = KINDS.get(service)
    if isinstance(hostname, str) and kind is not None and kind.region_from_hostname:
        found = endpoint_region(hostname)
        if found:
            return found
    session_region = getattr(session, "region_name", None) if session is not None else None
    if isinstance(session_region, str) and session_region:
        return session_region
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        value = os.environ.get(name)
        if value:
            return value
    profile_region = _botocore_region()
    if profile_region:
        return profile_region
    raise RdsIamError(
        "REGION_UNAVAILABLE",
        "region",
        "pass region, use an endpoint that names one, or set AWS_REGION or a profile region",
    )


def _botocore_region() -> str | None:
    try:
        import botocore.session
    except ImportError:
        return None
    try:
        region = botocore.session.get_session().get_config_variable("region")
    except Exception:
        return None
    return region if isinstance(region, str) and region else None
